/* program.c - the program IR's helpers: op count and field-wise equality. */
#include "program.h"

size_t ftf_program_op_count(const struct ftf_program *p)
{
    size_t n = 0;
    for (unsigned t = 0; t < p->n_threads && t < FTF_MAX_THREADS; t++)
        n += p->threads[t].n_ops;
    return n;
}

int ftf_op_clear_sched(struct ftf_op *op)
{
    int had = op->sched != FTF_SCHED_NONE;
    op->sched = FTF_SCHED_NONE;
    op->sched_arg = 0;
    return had;
}

static int op_equal(const struct ftf_op *a, const struct ftf_op *b)
{
    return a->code == b->code && a->obj == b->obj && a->obj2 == b->obj2 &&
           a->arg == b->arg && a->arg2 == b->arg2 && a->sched == b->sched &&
           a->sched_arg == b->sched_arg;
}

int ftf_program_equal(const struct ftf_program *a, const struct ftf_program *b)
{
    if (a->has_module != b->has_module || a->n_objs != b->n_objs ||
        a->n_threads != b->n_threads)
        return 0;
    if (a->n_objs > FTF_MAX_OBJS || a->n_threads > FTF_MAX_THREADS)
        return 0;
    for (unsigned i = 0; i < a->n_objs; i++) {
        const struct ftf_object *x = &a->objs[i], *y = &b->objs[i];
        if (x->kind != y->kind || x->variant != y->variant || x->source != y->source)
            return 0;
    }
    for (unsigned t = 0; t < a->n_threads; t++) {
        const struct ftf_thread *x = &a->threads[t], *y = &b->threads[t];
        if (x->n_ops != y->n_ops || x->iters != y->iters || x->n_ops > FTF_MAX_OPS)
            return 0;
        for (unsigned k = 0; k < x->n_ops; k++)
            if (!op_equal(&x->ops[k], &y->ops[k]))
                return 0;
    }
    return 1;
}
