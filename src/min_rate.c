/* min_rate.c - the minimiser's rate policy: oracle bar, longest loops, pin, pace, step back. */
#include "min_rate.h"

#include <math.h>

#include "log.h"
#include "minimize.h"

#define MIN_TRIES 8
#define MAX_TRIES 20
/* Pinned forms tried at most, likeliest pairs first. */
#define MAX_PIN_CANDIDATES 12
/* Op executions (iterations times ops, over the threads) up to which a program that already
 * replays every time still starts from its longest loops. */
#define INFLATE_FIRST_MAX_WORK 8000ul

void ftf_min_oracle_bar(int k0, unsigned *tries, unsigned *need)
{
    double p = (double)k0 / FTF_MIN_BASELINE_RUNS;
    unsigned t = p >= 1.0 ? MIN_TRIES
                 : p <= 0.0 ? MAX_TRIES
                            : (unsigned)ceil(log(0.05) / log(1.0 - p));
    t = t < MIN_TRIES ? MIN_TRIES : t > MAX_TRIES ? MAX_TRIES : t;
    unsigned n = (unsigned)ceil(0.75 * (p > 1.0 ? 1.0 : p) * t);
    *tries = t;
    *need = n < 1 ? 1 : n;
}

struct ftf_program ftf_min_inflated(const struct ftf_program *p, const struct ftf_limits *lim)
{
    const uint16_t *ladder;
    size_t n_ladder = ftf_iters_ladder(&ladder);
    uint16_t most = 1;
    for (size_t k = 0; k < n_ladder; k++)
        if (ladder[k] <= lim->max_iters && ladder[k] > most)
            most = ladder[k];
    struct ftf_program q = *p;
    for (unsigned t = 0; t < q.n_threads; t++)
        q.threads[t].iters = most;
    return q;
}

/* Op executions of a program: its threads' iterations times their ops. */
static unsigned long program_work(const struct ftf_program *p)
{
    unsigned long w = 0;
    for (unsigned t = 0; t < p->n_threads; t++)
        w += (unsigned long)p->threads[t].iters * p->threads[t].n_ops;
    return w;
}

int ftf_min_start_inflated(const struct ftf_program *p, const struct ftf_limits *lim, int k0)
{
    struct ftf_program most = ftf_min_inflated(p, lim);
    return k0 < FTF_MIN_BASELINE_RUNS || program_work(&most) <= INFLATE_FIRST_MAX_WORK;
}

struct ftf_program ftf_min_paced(const struct ftf_program *p)
{
    struct ftf_program q = *p;
    for (unsigned t = 0; t < q.n_threads; t++)
        for (unsigned i = 0; i < q.threads[t].n_ops; i++)
            if (q.threads[t].ops[i].sched == FTF_SCHED_NONE) {
                q.threads[t].ops[i].sched = FTF_SCHED_SLEEP;
                q.threads[t].ops[i].sched_arg = FTF_SCHED_ARG_MAX;
            }
    return q;
}

void ftf_min_prefer_inflated(const struct ftf_rate_probe *pr, struct ftf_program *p, int *k)
{
    struct ftf_program more = ftf_min_inflated(p, pr->lim);
    if (ftf_program_equal(&more, p))
        return;
    int km = pr->rate(&more, pr->ctx);
    FTF_MIN("with %u iterations per thread: reproduced %d/%d", more.threads[0].iters, km,
            FTF_MIN_BASELINE_RUNS);
    if (km >= 0 && km >= *k) {
        *p = more;
        *k = km;
    }
}

void ftf_min_prefer_pinned(const struct ftf_rate_probe *pr, struct ftf_program *p, int *k)
{
    if (*k >= FTF_MIN_RATE_FLOOR)
        return;
    struct ftf_program cands[MAX_PIN_CANDIDATES];
    size_t n = ftf_pin_candidates(p, cands, MAX_PIN_CANDIDATES);
    for (size_t i = 0; i < n && *k < FTF_MIN_BASELINE_RUNS; i++) {
        if (pr->expired(pr->ctx) || !ftf_decodable(&cands[i], pr->lim))
            continue;
        int kc = pr->rate(&cands[i], pr->ctx);
        if (kc < 0)
            return;
        FTF_MIN("pinned%s: thread %u op %u with thread %u op %u: reproduced %d/%d",
                cands[i].pin.every ? " (every iteration)" : "", cands[i].pin.thread[0],
                cands[i].pin.op[0], cands[i].pin.thread[1], cands[i].pin.op[1], kc,
                FTF_MIN_BASELINE_RUNS);
        if (kc > *k) {
            *p = cands[i];
            *k = kc;
        }
    }
}

void ftf_min_prefer_paced(const struct ftf_rate_probe *pr, struct ftf_program *p, int *k)
{
    if (*k >= FTF_MIN_RATE_FLOOR)
        return;
    struct ftf_program q = ftf_min_paced(p);
    if (ftf_program_equal(&q, p))
        return;
    int kq = pr->rate(&q, pr->ctx);
    FTF_MIN("with a pause before every op: reproduced %d/%d", kq, FTF_MIN_BASELINE_RUNS);
    if (kq > *k) {
        *p = q;
        *k = kq;
    }
}

void ftf_min_improve(const struct ftf_rate_probe *pr, struct ftf_program *p, int *k)
{
    ftf_min_prefer_inflated(pr, p, k);
    ftf_min_prefer_pinned(pr, p, k);
    ftf_min_prefer_paced(pr, p, k);
}

void ftf_min_keep_the_rate(const struct ftf_rate_probe *pr, const struct ftf_program *kept,
                           size_t n_kept, struct ftf_program *best, int *k, int want)
{
    for (size_t i = n_kept; *k < want && i-- > 0;) {
        if (pr->expired(pr->ctx)) {
            FTF_MIN("time cap reached before a candidate replayed %d/%d", want,
                    FTF_MIN_BASELINE_RUNS);
            return;
        }
        struct ftf_program cand = kept[i];
        if (ftf_program_equal(&cand, best))
            continue;
        int kc = pr->rate(&cand, pr->ctx);
        if (kc < 0)
            return;
        FTF_MIN("step back to threads=%u ops=%zu: reproduced %d/%d", cand.n_threads,
                ftf_program_op_count(&cand), kc, FTF_MIN_BASELINE_RUNS);
        ftf_min_improve(pr, &cand, &kc);
        if (kc >= want) {
            *best = cand;
            *k = kc;
        }
    }
}
