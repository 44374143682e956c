/* program_file.h - write a program's encoded bytes to a file (seed corpora). */
#ifndef FTF_PROGRAM_FILE_H
#define FTF_PROGRAM_FILE_H

#include "program.h"

/* Write encode(p) to path, replacing it. 0, or -1 with errno set. */
int ftf_write_program(const char *path, const struct ftf_program *p);

#endif
