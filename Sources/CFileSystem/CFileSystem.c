// Swift cannot call the variadic syscall(2), and glibc declares renameat2 only under _GNU_SOURCE,
// so the atomic folder swap of OutputTransaction lives in this one C function.
#define _GNU_SOURCE
#include "CFileSystem.h"

#include <errno.h>
#include <stdio.h>

#if defined(__linux__)
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
#endif

int beyondpoc_exchange_paths(const char *first, const char *second) {
#if defined(__linux__) && defined(SYS_renameat2)
    // The raw system call rather than glibc's wrapper: the wrapper appeared only in glibc 2.28.
    if (syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE) == 0) return 0;
    return errno;
#elif defined(__APPLE__)
    if (renamex_np(first, second, RENAME_SWAP) == 0) return 0;
    return errno;
#else
    (void)first;
    (void)second;
    return ENOSYS;
#endif
}
