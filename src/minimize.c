/* minimize.c - greedy delta debugging over threads, ops, schedule points, objects,
 * iteration counts and argument values. */
#include "minimize.h"

#include <string.h>

struct mctx {
    struct ftf_program *best;
    const struct ftf_limits *lim;
    ftf_min_oracle oracle;
    void *ctx;
    struct ftf_min_stats *st;
};

/* A candidate counts only if the decoder can produce it: encode, decode, compare. */
static int decodable(const struct ftf_program *cand, const struct ftf_limits *lim)
{
    uint8_t buf[FTF_ENCODED_MAX + 64];
    size_t n = ftf_encode(cand, buf, sizeof buf);
    if (n > sizeof buf)
        return 0;
    struct ftf_program back;
    ftf_decode(buf, n, lim, &back);
    return ftf_program_equal(cand, &back);
}

/* Try cand: 1 kept (best replaced), 0 rejected, -1 stop. */
static int try_candidate(struct mctx *m, const struct ftf_program *cand)
{
    if (m->st->stopped)
        return -1;
    if (ftf_program_equal(cand, m->best) || !decodable(cand, m->lim))
        return 0;
    m->st->tried++;
    int r = m->oracle(cand, m->ctx);
    if (r < 0) {
        m->st->stopped = 1;
        return -1;
    }
    if (r == 1) {
        *m->best = *cand;
        m->st->kept++;
        return 1;
    }
    return 0;
}

static void remove_thread(struct ftf_program *p, unsigned t)
{
    memmove(&p->threads[t], &p->threads[t + 1],
            (size_t)(p->n_threads - t - 1) * sizeof p->threads[0]);
    p->n_threads--;
}

static void remove_ops(struct ftf_thread *th, unsigned at, unsigned count)
{
    memmove(&th->ops[at], &th->ops[at + count],
            (size_t)(th->n_ops - at - count) * sizeof th->ops[0]);
    th->n_ops = (uint8_t)(th->n_ops - count);
}

/* ddmin over threads: drop chunks of halving size (half the threads first), down to
 * single threads, never below FTF_MIN_THREADS. A 15-thread program where two threads
 * matter shrinks in a handful of candidates instead of fifteen. */
static int pass_threads(struct mctx *m)
{
    int changed = 0;
    for (unsigned chunk = m->best->n_threads / 2u; chunk >= 1; chunk /= 2) {
        for (unsigned at = 0; at + chunk <= m->best->n_threads &&
                              m->best->n_threads - chunk >= FTF_MIN_THREADS;) {
            struct ftf_program cand = *m->best;
            for (unsigned k = 0; k < chunk; k++)
                remove_thread(&cand, at);
            int r = try_candidate(m, &cand);
            if (r < 0)
                return -1;
            if (r)
                changed = 1; /* the next threads slid into slot at */
            else
                at += chunk;
        }
        if (chunk == 1)
            break;
    }
    return changed;
}

/* ddmin per thread: remove chunks of halving size, down to single ops. */
static int pass_ops(struct mctx *m)
{
    int changed = 0;
    for (unsigned t = 0; t < m->best->n_threads; t++) {
        for (unsigned chunk = (m->best->threads[t].n_ops + 1u) / 2u; chunk >= 1; chunk /= 2) {
            for (unsigned at = 0; at + chunk <= m->best->threads[t].n_ops &&
                                  m->best->threads[t].n_ops > chunk;) {
                struct ftf_program cand = *m->best;
                remove_ops(&cand.threads[t], at, chunk);
                int r = try_candidate(m, &cand);
                if (r < 0)
                    return -1;
                if (r)
                    changed = 1;
                else
                    at += chunk;
            }
            if (chunk == 1)
                break;
        }
    }
    return changed;
}

/* Merge one thread's ops into another (appended, the longer loop kept): a race that needs
 * a helper op beside the racing ones (a gc.collect() that lines the threads up) can live in
 * two threads, but dropping the helper's thread alone loses it. */
static int pass_merge(struct mctx *m)
{
    int changed = 0;
    for (unsigned into = 0; into < m->best->n_threads; into++)
        for (unsigned from = 0; from < m->best->n_threads &&
                                m->best->n_threads > FTF_MIN_THREADS;) {
            const struct ftf_thread *a = &m->best->threads[into], *b = &m->best->threads[from];
            if (from == into || a->n_ops + b->n_ops > FTF_MAX_OPS) {
                from++;
                continue;
            }
            struct ftf_program cand = *m->best;
            struct ftf_thread *dst = &cand.threads[into];
            memcpy(&dst->ops[dst->n_ops], b->ops, b->n_ops * sizeof b->ops[0]);
            dst->n_ops = (uint8_t)(dst->n_ops + b->n_ops);
            if (b->iters > dst->iters)
                dst->iters = b->iters;
            remove_thread(&cand, from);
            int r = try_candidate(m, &cand);
            if (r < 0)
                return -1;
            if (r) {
                changed = 1;
                if (from < into)
                    into--; /* the target slid down one slot */
                from = 0;
            } else {
                from++;
            }
        }
    return changed;
}

static int pass_sched(struct mctx *m)
{
    int changed = 0;
    for (unsigned t = 0; t < m->best->n_threads; t++)
        for (unsigned i = 0; i < m->best->threads[t].n_ops; i++) {
            if (m->best->threads[t].ops[i].sched == FTF_SCHED_NONE)
                continue;
            struct ftf_program cand = *m->best;
            cand.threads[t].ops[i].sched = FTF_SCHED_NONE;
            cand.threads[t].ops[i].sched_arg = 0;
            int r = try_candidate(m, &cand);
            if (r < 0)
                return -1;
            changed |= r;
        }
    return changed;
}

/* Lower each thread's iteration count to the smallest ladder step that still works. */
static int pass_iters(struct mctx *m)
{
    const uint16_t *ladder;
    size_t n = ftf_iters_ladder(&ladder);
    int changed = 0;
    for (unsigned t = 0; t < m->best->n_threads; t++)
        for (size_t k = 0; k < n && ladder[k] < m->best->threads[t].iters; k++) {
            struct ftf_program cand = *m->best;
            cand.threads[t].iters = ladder[k];
            int r = try_candidate(m, &cand);
            if (r < 0)
                return -1;
            if (r) {
                changed = 1;
                break;
            }
        }
    return changed;
}

static int pass_values(struct mctx *m)
{
    int changed = 0;
    for (unsigned t = 0; t < m->best->n_threads; t++)
        for (unsigned i = 0; i < m->best->threads[t].n_ops; i++) {
            struct ftf_op *op = &m->best->threads[t].ops[i];
            if (op->arg == 0 && op->arg2 == 0)
                continue;
            struct ftf_program cand = *m->best;
            cand.threads[t].ops[i].arg = 0;
            cand.threads[t].ops[i].arg2 = 0;
            int r = try_candidate(m, &cand);
            if (r < 0)
                return -1;
            changed |= r;
        }
    return changed;
}

/* Drop the last object when nothing refers to it (dropping from the end keeps every
 * other index valid). */
static int pass_objects(struct mctx *m)
{
    int changed = 0;
    while (m->best->n_objs > 1) {
        unsigned last = m->best->n_objs - 1u;
        int used = 0;
        for (unsigned t = 0; t < m->best->n_threads; t++)
            for (unsigned i = 0; i < m->best->threads[t].n_ops; i++)
                used |= m->best->threads[t].ops[i].obj == last ||
                        m->best->threads[t].ops[i].obj2 == last;
        for (unsigned o = 0; o < last; o++)
            used |= m->best->objs[o].source == last;
        if (used)
            break;
        struct ftf_program cand = *m->best;
        cand.n_objs--;
        int r = try_candidate(m, &cand);
        if (r <= 0)
            return r < 0 ? -1 : changed;
        changed = 1;
    }
    return changed;
}

int ftf_minimize(struct ftf_program *p, const struct ftf_limits *lim, ftf_min_oracle oracle,
                 void *ctx, struct ftf_min_stats *st)
{
    memset(st, 0, sizeof *st);
    st->ops_before = ftf_program_op_count(p);
    struct mctx m = {p, lim, oracle, ctx, st};
    /* Structure first (what the reader sees), iteration counts last: fewer iterations
     * usually lower the reproduction rate, so they go only when nothing else does. */
    int (*const passes[])(struct mctx *) = {pass_threads, pass_ops,    pass_merge, pass_sched,
                                            pass_objects, pass_values, pass_iters};
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < sizeof passes / sizeof passes[0]; i++) {
            int r = passes[i](&m);
            if (r < 0)
                goto out;
            changed |= r;
        }
    }
out:
    st->ops_after = ftf_program_op_count(p);
    return st->stopped && st->tried <= 1 && st->kept == 0 ? -1 : 0;
}
