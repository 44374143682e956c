/* minimize.c - greedy delta debugging over threads, ops, schedule points, objects,
 * iteration counts and argument values. */
#include "minimize.h"

#include <string.h>

#include "ops.h"

struct mctx {
    struct ftf_program *best;
    const struct ftf_limits *lim;
    ftf_min_oracle oracle;
    void *ctx;
    struct ftf_min_stats *st;
};

/* Try cand: 1 kept (best replaced), 0 rejected, -1 stop. */
static int try_candidate(struct mctx *m, const struct ftf_program *cand)
{
    if (m->st->stopped)
        return -1;
    if (ftf_program_equal(cand, m->best) || !ftf_decodable(cand, m->lim))
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
    ftf_pin_thread_removed(p, t);
    memmove(&p->threads[t], &p->threads[t + 1],
            (size_t)(p->n_threads - t - 1) * sizeof p->threads[0]);
    p->n_threads--;
}

static void remove_ops(struct ftf_program *p, unsigned t, unsigned at, unsigned count)
{
    struct ftf_thread *th = &p->threads[t];
    ftf_pin_ops_removed(p, t, at, count);
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
                remove_ops(&cand, t, at, chunk);
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
            if (cand.pin.on && (cand.pin.thread[0] == into || cand.pin.thread[1] == into))
                cand.pin = (struct ftf_pin){0}; /* its ops move; the pin goes with them */
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
    if (m->best->pin.on) {
        struct ftf_program cand = *m->best;
        cand.pin = (struct ftf_pin){0};
        int r = try_candidate(m, &cand);
        if (r < 0)
            return -1;
        changed |= r;
    }
    for (unsigned t = 0; t < m->best->n_threads; t++)
        for (unsigned i = 0; i < m->best->threads[t].n_ops; i++) {
            struct ftf_program cand = *m->best;
            if (!ftf_op_clear_sched(&cand.threads[t].ops[i]))
                continue;
            int r = try_candidate(m, &cand);
            if (r < 0)
                return -1;
            changed |= r;
        }
    return changed;
}

/* Lower each thread's iteration count to the smallest ladder step that still works, by
 * binary search over the steps below it: fewer iterations seldom replay more often, and a
 * linear climb from one iteration spent up to nine candidates per thread, each the
 * oracle's most runs when it fails. */
static int pass_iters(struct mctx *m)
{
    const uint16_t *ladder;
    size_t n = ftf_iters_ladder(&ladder);
    int changed = 0;
    for (unsigned t = 0; t < m->best->n_threads; t++) {
        size_t lo = 0, hi = 0; /* the smallest working step is in [lo, hi], hi: the current */
        while (hi < n && ladder[hi] < m->best->threads[t].iters)
            hi++;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            struct ftf_program cand = *m->best;
            cand.threads[t].iters = ladder[mid];
            int r = try_candidate(m, &cand);
            if (r < 0)
                return -1;
            if (r) {
                changed = 1;
                hi = mid;
            } else {
                lo = mid + 1;
            }
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

/* 1 when something in p refers to object o: an op's target, an op's second object (rows
 * that have one), or a shared iterator's source. */
static int object_used(const struct ftf_program *p, unsigned o)
{
    for (unsigned t = 0; t < p->n_threads; t++)
        for (unsigned i = 0; i < p->threads[t].n_ops; i++) {
            const struct ftf_op *op = &p->threads[t].ops[i];
            if (op->obj == o || (ftf_op_info(op->code)->obj2_kinds && op->obj2 == o))
                return 1;
        }
    for (unsigned k = 0; k < p->n_objs; k++)
        if (k != o && p->objs[k].kind == FTF_K_ITER && p->objs[k].source == o)
            return 1;
    return 0;
}

/* p without object o, every later index moved down one. An iterator's source past the
 * objects (an immutable, n_objs + index) moves down too, as n_objs does. */
static void remove_object(struct ftf_program *p, unsigned o)
{
    for (unsigned t = 0; t < p->n_threads; t++)
        for (unsigned i = 0; i < p->threads[t].n_ops; i++) {
            struct ftf_op *op = &p->threads[t].ops[i];
            if (op->obj > o)
                op->obj--;
            if (op->obj2 > o)
                op->obj2--;
        }
    for (unsigned k = 0; k < p->n_objs; k++)
        if (p->objs[k].kind == FTF_K_ITER && p->objs[k].source > o)
            p->objs[k].source--;
    memmove(&p->objs[o], &p->objs[o + 1], (size_t)(p->n_objs - o - 1) * sizeof p->objs[0]);
    p->n_objs--;
}

/* Drop each shared object nothing refers to (a reproducer that declares objects it never
 * uses is longer than it needs to be); the survivors are renumbered. */
static int pass_objects(struct mctx *m)
{
    int changed = 0;
    for (unsigned o = m->best->n_objs; o-- > 0 && m->best->n_objs > 1;) {
        if (o >= m->best->n_objs || object_used(m->best, o))
            continue;
        struct ftf_program cand = *m->best;
        remove_object(&cand, o);
        int r = try_candidate(m, &cand);
        if (r < 0)
            return -1;
        changed |= r;
    }
    return changed;
}

/* Candidate pairs of a pin, the likeliest first: ops of two threads on one shared object
 * (a race needs a place both touch), then ops whose second objects meet, then the rest. */
static int pair_affinity(const struct ftf_op *a, const struct ftf_op *b)
{
    if (a->obj == b->obj)
        return 2;
    int a2 = ftf_op_info(a->code) && ftf_op_info(a->code)->obj2_kinds;
    int b2 = ftf_op_info(b->code) && ftf_op_info(b->code)->obj2_kinds;
    if ((a2 && (a->obj2 == b->obj || a->obj2 == b->obj2)) || (b2 && b->obj2 == a->obj))
        return 1;
    return 0;
}

size_t ftf_pin_candidates(const struct ftf_program *p, struct ftf_program *out, size_t cap)
{
    size_t n = 0;
    for (int want = 2; want >= 0; want--)
        for (unsigned ta = 0; ta < p->n_threads; ta++)
            for (unsigned tb = ta + 1; tb < p->n_threads; tb++)
                for (unsigned ka = 0; ka < p->threads[ta].n_ops; ka++)
                    for (unsigned kb = 0; kb < p->threads[tb].n_ops; kb++) {
                        if (pair_affinity(&p->threads[ta].ops[ka], &p->threads[tb].ops[kb]) !=
                            want)
                            continue;
                        for (uint8_t every = 0; every < 2; every++) {
                            struct ftf_pin pin = {1, {(uint8_t)ta, (uint8_t)tb},
                                                  {(uint8_t)ka, (uint8_t)kb}, every};
                            if (p->pin.on && !memcmp(&pin, &p->pin, sizeof pin))
                                continue;
                            if (n == cap)
                                return n;
                            out[n] = *p;
                            out[n].pin = pin;
                            n++;
                        }
                    }
    return n;
}

/* p cut to the two threads of a race (in their order in p), each thread to its racing op
 * when known (op[s] >= 0), without the objects nothing uses any more; pinned (meeting
 * before every iteration) when asked and both ops are known. */
static struct ftf_program only_pair(const struct ftf_program *p, const unsigned thread[2],
                                    const int op[2], int pinned)
{
    struct ftf_program c = *p;
    unsigned first = thread[0] < thread[1] ? 0u : 1u;
    c.pin = (struct ftf_pin){0};
    c.n_threads = 2;
    for (unsigned s = 0; s < 2; s++) {
        unsigned side = s == 0 ? first : 1u - first;
        c.threads[s] = p->threads[thread[side]];
        if (op[side] >= 0 && op[side] < c.threads[s].n_ops) {
            c.threads[s].ops[0] = c.threads[s].ops[op[side]];
            c.threads[s].n_ops = 1;
        }
    }
    if (pinned && c.threads[0].n_ops == 1 && c.threads[1].n_ops == 1)
        c.pin = (struct ftf_pin){1, {0, 1}, {0, 0}, 1};
    for (unsigned o = c.n_objs; o-- > 0 && c.n_objs > 1;)
        if (!object_used(&c, o))
            remove_object(&c, o);
    return c;
}

size_t ftf_pair_candidates(const struct ftf_program *p, const unsigned thread[2],
                           const int op[2], struct ftf_program *out, size_t cap)
{
    size_t n = 0;
    if (thread[0] == thread[1] || thread[0] >= p->n_threads || thread[1] >= p->n_threads)
        return 0;
    const int whole[2] = {-1, -1};
    struct ftf_program forms[3] = {only_pair(p, thread, op, 0), only_pair(p, thread, op, 1),
                                   only_pair(p, thread, whole, 0)};
    for (size_t i = 0; i < 3 && n < cap; i++) {
        int repeated = ftf_program_equal(&forms[i], p);
        for (size_t j = 0; j < n && !repeated; j++)
            repeated = ftf_program_equal(&forms[i], &out[j]);
        if (!repeated)
            out[n++] = forms[i];
    }
    return n;
}

int ftf_minimize_to_pair(struct ftf_program *p, const struct ftf_limits *lim,
                         const unsigned thread[2], const int op[2], ftf_min_oracle oracle,
                         void *ctx, struct ftf_min_stats *st)
{
    memset(st, 0, sizeof *st);
    st->ops_before = ftf_program_op_count(p);
    struct mctx m = {p, lim, oracle, ctx, st};
    struct ftf_program cands[3];
    size_t n = ftf_pair_candidates(p, thread, op, cands, 3);
    int r = 0;
    for (size_t i = 0; i < n && r == 0; i++)
        r = try_candidate(&m, &cands[i]);
    st->ops_after = ftf_program_op_count(p);
    return r;
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
    for (int changed = 1, second_chance = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < sizeof passes / sizeof passes[0]; i++) {
            int r = passes[i](&m);
            if (r < 0)
                goto out;
            changed |= r;
        }
        /* An op whose removal failed once may have failed on a busy moment (a race that
         * needs the threads to overlap loses it when the machine is loaded): at the fixed
         * point, the single-op removals get one more try, a handful of candidates. */
        if (!changed && second_chance) {
            second_chance = 0;
            if ((changed = pass_ops(&m)) < 0)
                goto out;
        }
    }
out:
    st->ops_after = ftf_program_op_count(p);
    return st->stopped && st->tried <= 1 && st->kept == 0 ? -1 : 0;
}
