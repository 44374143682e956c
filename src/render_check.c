/* render_check.c - the atomicity oracle: which objects get a conservation check, and check(). */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_parts.h"

/* ---- the atomicity oracle -------------------------------------------------------------- */

uint32_t ftf_render_checked(const struct ftf_program *p)
{
    uint32_t conserving = 0, broken = 0, checked = 0;
    for (unsigned t = 0; t < p->n_threads && t < FTF_MAX_THREADS; t++) {
        const struct ftf_thread *th = &p->threads[t];
        for (unsigned k = 0; k < th->n_ops && k < FTF_MAX_OPS; k++) {
            const struct ftf_op *op = &th->ops[k];
            if (!ftf_render_op_valid(p, op))
                continue;
            const struct ftf_op_info *row = ftf_op_info(op->code);
            if (row->obj2_kinds && (row->flags & FTF_OF_STORE))
                broken |= 1u << op->obj2;
            if (row->role == FTF_ROLE_MUTATE)
                broken |= 1u << op->obj;
            else if (row->role == FTF_ROLE_ADD && row->arg1 == FTF_ARG_VAL &&
                     !strstr(row->text, "$t") && !ftf_value_stable(op->arg))
                broken |= 1u << op->obj; /* check() cannot rebuild what it added */
            else if (row->arg2 == FTF_ARG_MARGS && strchr(ftf_margs_pattern(op->arg2), 'T'))
                broken |= 1u << op->obj; /* handed to a user's function */
            else if (row->role != FTF_ROLE_READ)
                conserving |= 1u << op->obj;
        }
    }
    for (unsigned i = 0; i < p->n_objs && i < FTF_MAX_OBJS; i++) {
        const struct ftf_kind_info *ki = ftf_kind_info(p->objs[i].kind);
        if (ki && (ki->flags & FTF_KF_CHECK) && (conserving >> i & 1u) && !(broken >> i & 1u))
            checked |= 1u << i;
    }
    return checked;
}

int ftf_render_thread_takes(const struct ftf_program *p, unsigned t, unsigned obj)
{
    const struct ftf_thread *th = &p->threads[t];
    for (unsigned k = 0; k < th->n_ops && k < FTF_MAX_OPS; k++) {
        const struct ftf_op *op = &th->ops[k];
        if (!ftf_render_op_valid(p, op) || op->obj != obj)
            continue;
        unsigned role = ftf_op_info(op->code)->role;
        if (role == FTF_ROLE_TAKE || role == FTF_ROLE_TAKE_KEY)
            return 1;
    }
    return 0;
}

static void emit_check_obj(struct ftf_sb *b, struct ftf_render_ctx *cx, unsigned obj)
{
    const struct ftf_program *p = cx->p;
    const struct ftf_kind_info *ki = ftf_kind_info(p->objs[obj].kind);

    /* A comment naming the rows involved, in first-use order. */
    int seen[FTF_OP_COUNT] = {0};
    ftf_sb_printf(b, "    # S%u (%s):", obj, ki->label);
    for (unsigned t = 0; t < p->n_threads; t++)
        for (unsigned k = 0; k < p->threads[t].n_ops; k++) {
            const struct ftf_op *op = &p->threads[t].ops[k];
            if (!ftf_render_op_valid(p, op) || op->obj != obj || seen[op->code])
                continue;
            seen[op->code] = 1;
            ftf_sb_printf(b, " %s", ftf_op_info(op->code)->name);
        }
    ftf_sb_puts(b, "\n");

    ftf_sb_printf(b, "    bad += _conserved('S%u (%s)', _init_S%u", obj, ki->label, obj);
    for (unsigned t = 0; t < p->n_threads; t++) {
        const struct ftf_thread *th = &p->threads[t];
        for (unsigned k = 0; k < th->n_ops; k++) {
            const struct ftf_op *op = &th->ops[k];
            if (!ftf_render_op_valid(p, op) || op->obj != obj)
                continue;
            const struct ftf_op_info *row = ftf_op_info(op->code);
            if (row->role != FTF_ROLE_ADD)
                continue;
            if (strstr(row->text, "$t"))
                ftf_sb_printf(b, " + [_TK | _i << 8 | %u for _i in range(%u)]",
                          t * FTF_MAX_OPS + k, th->iters);
            else if (ftf_value_fresh(op->arg))
                ftf_sb_printf(b, " + [%s for _i in range(%u)]", ftf_value_text(op->arg),
                          th->iters);
            else
                ftf_sb_printf(b, " + [%s] * %u", ftf_value_text(op->arg), th->iters);
        }
    }
    ftf_sb_printf(b, ",\n                      list(S%u)", obj);
    for (unsigned t = 0; t < p->n_threads; t++)
        if (ftf_render_thread_takes(p, t, obj))
            ftf_sb_printf(b, " + _took_t%u_S%u", t, obj);
    ftf_sb_puts(b, ")\n");
}

void ftf_render_emit_check(struct ftf_sb *b, struct ftf_render_ctx *cx)
{
    ftf_sb_puts(b, "\n\ndef check():\n"
               "    \"\"\"Atomicity oracle: return a list of str, one per broken guarantee "
               "(empty = fine).\"\"\"\n");
    if (!cx->checked) {
        ftf_sb_puts(b, "    return []\n");
        return;
    }
    ftf_sb_puts(b, "    if ERRORS:\n"
               "        return []  # a thread stopped early: what it added is unknown\n"
               "    bad = []\n");
    for (unsigned i = 0; i < cx->p->n_objs; i++)
        if (ftf_render_is_checked(cx, i))
            emit_check_obj(b, cx, i);
    ftf_sb_puts(b, "    return bad\n");
}

