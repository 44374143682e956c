/* render.h - program -> Python source text, deterministic (same program, same text). */
#ifndef FTF_RENDER_H
#define FTF_RENDER_H

#include "module_desc.h"
#include "ops.h"
#include "program.h"

enum ftf_render_mode {
    FTF_RENDER_HARNESS,    /* body only: run by harness/runtime/runner/ inside ftfuzz */
    FTF_RENDER_STANDALONE  /* repro.py: adds a header docstring and a __main__ driver */
};

/* Render p as Python source. mod may be NULL: module ops then render as `pass` and module
 * objects as `object()`. Op indices into mod's entries are taken modulo the candidates.
 * Returns a malloc'd NUL-terminated string (caller frees), or NULL on allocation failure.
 * The contract with harness/runtime/runner/ is in render.c's header. */
char *ftf_render(const struct ftf_program *p, enum ftf_render_mode mode,
                 const struct ftf_module_desc *mod);

/* Bitmask of the objects that get a conservation check in check(): a kind with
 * FTF_KF_CHECK, at least one add or take op on it, every op on it conserving (ops.def
 * roles), and never stored into another object or handed to a user's function. */
uint32_t ftf_render_checked(const struct ftf_program *p);

#endif
