/* render_parts.h - what render.c, render_ops.c and render_check.c share (not for other use). */
#ifndef FTF_RENDER_PARTS_H
#define FTF_RENDER_PARTS_H

#include "module_desc.h"
#include "ops.h"
#include "program.h"
#include "strbuf.h"

struct ftf_render_map; /* render.h */

/* The program being rendered, its usable module and checked objects, and the op in hand. */
struct ftf_render_ctx {
    const struct ftf_program *p;
    const struct ftf_module_desc *mod; /* NULL unless usable */
    size_t n_entries;
    uint32_t checked;
    struct ftf_render_map *map; /* NULL unless asked for (ftf_render_mapped) */
    /* The op being rendered. */
    unsigned t, k;
    const struct ftf_op *op;
    const struct ftf_op_info *row;
};

/* A module entry the renderer calls: a module-level name may be dotted (a spec's
 * `mod.Type`, introspected beside it; a package's `core.fn`), a method's is one identifier.
 * The seeds (probe_seeds.c) count candidates with the same test. */
int ftf_render_entry_ok(const struct ftf_module_entry *e);
/* An op the tables know, on objects the program has. */
int ftf_render_op_valid(const struct ftf_program *p, const struct ftf_op *op);
/* Object obj gets a conservation check (cx->checked). */
int ftf_render_is_checked(const struct ftf_render_ctx *cx, unsigned obj);
/* Thread t takes elements out of obj (a TAKE or TAKE_KEY op on it). */
int ftf_render_thread_takes(const struct ftf_program *p, unsigned t, unsigned obj);

/* The expression that creates shared object obj. */
void ftf_render_emit_ctor(struct ftf_sb *b, const struct ftf_render_ctx *cx, unsigned obj);
/* def tT(_barrier): the thread's loop over its ops. */
void ftf_render_emit_thread(struct ftf_sb *b, struct ftf_render_ctx *cx, unsigned t);
/* def check(): the atomicity oracle. */
void ftf_render_emit_check(struct ftf_sb *b, struct ftf_render_ctx *cx);

#endif
