/* program_file.c - write a program's encoded bytes to a file (seed corpora). */
#include "program_file.h"

#include <errno.h>
#include <stdio.h>

#include "codec.h"

int ftf_write_program(const char *path, const struct ftf_program *p)
{
    uint8_t buf[FTF_ENCODED_MAX + 64];
    size_t len = ftf_encode(p, buf, sizeof buf);
    if (len > sizeof buf) {
        errno = EOVERFLOW;
        return -1;
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int bad = fwrite(buf, 1, len, f) != len;
    if (fclose(f) != 0 || bad)
        return -1;
    return 0;
}
