#ifndef BEYONDPOC_CFILESYSTEM_H
#define BEYONDPOC_CFILESYSTEM_H

/// Swaps the two existing paths `first` and `second` in one atomic step (both must be on one file
/// system): Linux renameat2(RENAME_EXCHANGE), macOS renamex_np(RENAME_SWAP).
/// Returns 0, or the errno value: EINVAL or ENOTSUP/EOPNOTSUPP when the file system cannot swap,
/// ENOSYS where the system has no such call.
int beyondpoc_exchange_paths(const char *first, const char *second);

#endif
