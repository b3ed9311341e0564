#ifndef BEYONDPOC_CZLIB_SHIM_H
#define BEYONDPOC_CZLIB_SHIM_H
// The system zlib, for `--per-trial --gzip`: Export streams deflate with a gzip header.
#include <zlib.h>

// deflateInit2 is a macro (it passes the library's version and z_stream size), which Swift
// cannot call; this inline function hands the same arguments to the real entry point.
static inline int beyondpoc_deflate_init_gzip(z_streamp stream, int level) {
    // windowBits 15 + 16: a 32 KiB window and a gzip header and trailer instead of zlib's.
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
#endif
