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

/* The op table row of the op whose text holds line `line` (1-based) of what ftf_render
 * gives for the same arguments, or NULL when that line is no op's (a thread's scaffolding,
 * the objects, ...). Names the op an exception's traceback points at. */
const struct ftf_op_info *ftf_render_op_at_line(const struct ftf_program *p,
                                                enum ftf_render_mode mode,
                                                const struct ftf_module_desc *mod,
                                                unsigned line);

/* Where each op's statement lands in a rendering: 1-based line numbers, 0 = not rendered
 * (an op index past n_ops, or an op that is not valid). The line a TSan report's Python
 * frame names maps back to (thread, op) through it. */
struct ftf_render_map {
    unsigned line[FTF_MAX_THREADS][FTF_MAX_OPS]; /* the op's statement (0: not rendered) */
    unsigned last[FTF_MAX_THREADS][FTF_MAX_OPS]; /* the last line of its block (try/except) */
};

/* ftf_render, and when map is not NULL, the line of every op. The STANDALONE rendering of
 * a pinned program, or of any program when pair_note is given, carries pair_note (one
 * line; NULL: a placeholder) as a comment after the docstring, so the reader sees the
 * racing pair first; the lines it names do not depend on the note's text. */
char *ftf_render_mapped(const struct ftf_program *p, enum ftf_render_mode mode,
                        const struct ftf_module_desc *mod, const char *pair_note,
                        struct ftf_render_map *map);

/* The index into mod's entries of what module op op (MOD_CALL, MOD_METHOD) of p calls as
 * the renderer renders it, and in *method 1 when it is called as a method of the op's
 * target; -1 when it renders no call (no usable module, no candidate, another op). */
long ftf_render_called_entry(const struct ftf_program *p, const struct ftf_op *op,
                             const struct ftf_module_desc *mod, int *method);

/* Bitmask of the objects that get a conservation check in check(): a kind with
 * FTF_KF_CHECK, at least one add or take op on it, every op on it conserving (ops.def
 * roles), and never stored into another object or handed to a user's function. */
uint32_t ftf_render_checked(const struct ftf_program *p);

#endif
