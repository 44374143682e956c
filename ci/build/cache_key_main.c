/* cache_key_main.c - `ftfuzz-cachekey SRC [INPUT...]`: print the build cache key (for ci/build/cpython.sh). */
#include "cache_key.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: ftfuzz-cachekey SRC [INPUT...]\n");
        return 2;
    }
    uint64_t src;
    if (ftf_source_hash(argv[1], &src) < 0) {
        fprintf(stderr, "ftfuzz-cachekey: %s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    char hex[17];
    ftf_key_hex(ftf_cache_key(src, (const char *const *)argv + 2, (size_t)argc - 2), hex);
    puts(hex);
    return 0;
}
