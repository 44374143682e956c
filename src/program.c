/* program.c - the program IR's helpers: op count, the pin's bookkeeping, field-wise
 * equality. */
#include "program.h"

static const struct ftf_sched_info sched_rows[FTF_SCHED_COUNT] = {
#define FTF_SCHED_ROW(e, function, per_step) [FTF_SCHED_##e] = {function, per_step},
    FTF_SCHED_POINTS(FTF_SCHED_ROW)
#undef FTF_SCHED_ROW
};

const struct ftf_sched_info *ftf_sched_info(unsigned s)
{
    return &sched_rows[s < FTF_SCHED_COUNT ? s : FTF_SCHED_NONE];
}

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

int ftf_pin_valid(const struct ftf_program *p)
{
    const struct ftf_pin *pin = &p->pin;
    if (!pin->on || pin->thread[0] == pin->thread[1])
        return 0;
    for (unsigned s = 0; s < 2; s++)
        if (pin->thread[s] >= p->n_threads || pin->thread[s] >= FTF_MAX_THREADS ||
            pin->op[s] >= p->threads[pin->thread[s]].n_ops)
            return 0;
    return 1;
}

int ftf_pin_side(const struct ftf_program *p, unsigned t, unsigned k)
{
    if (!ftf_pin_valid(p))
        return -1;
    for (int s = 0; s < 2; s++)
        if (p->pin.thread[s] == t && p->pin.op[s] == k)
            return s;
    return -1;
}

void ftf_pin_thread_removed(struct ftf_program *p, unsigned t)
{
    struct ftf_pin *pin = &p->pin;
    if (!pin->on)
        return;
    for (unsigned s = 0; s < 2; s++) {
        if (pin->thread[s] == t) {
            *pin = (struct ftf_pin){0};
            return;
        }
    }
    for (unsigned s = 0; s < 2; s++)
        if (pin->thread[s] > t)
            pin->thread[s]--;
}

void ftf_pin_ops_removed(struct ftf_program *p, unsigned t, unsigned at, unsigned count)
{
    struct ftf_pin *pin = &p->pin;
    if (!pin->on)
        return;
    for (unsigned s = 0; s < 2; s++) {
        if (pin->thread[s] != t || pin->op[s] < at)
            continue;
        if (pin->op[s] < at + count) {
            *pin = (struct ftf_pin){0};
            return;
        }
        pin->op[s] = (uint8_t)(pin->op[s] - count);
    }
}

static int pin_equal(const struct ftf_pin *a, const struct ftf_pin *b)
{
    if (a->on != b->on)
        return 0;
    return !a->on || (a->thread[0] == b->thread[0] && a->thread[1] == b->thread[1] &&
                      a->op[0] == b->op[0] && a->op[1] == b->op[1] &&
                      a->every == b->every);
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
    return pin_equal(&a->pin, &b->pin);
}
