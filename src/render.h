/* render.h - program -> Python source text, deterministic (same program, same text). */
#ifndef FTF_RENDER_H
#define FTF_RENDER_H

#include "program.h"

enum ftf_render_mode {
    FTF_RENDER_HARNESS,    /* body only: run by harness/runner.py inside ftfuzz */
    FTF_RENDER_STANDALONE  /* repro.py: adds a header comment and a __main__ driver */
};

/* Render p as Python source. Returns a malloc'd NUL-terminated string (caller frees), or
 * NULL on allocation failure. The contract with harness/runner.py is in render.c's header. */
char *ftf_render(const struct ftf_program *p, enum ftf_render_mode mode);

#endif
