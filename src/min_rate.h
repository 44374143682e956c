/* min_rate.h - the minimiser's rate policy: how sure its oracle must be, and the forms of a
 * program (longest loops, pinned overlap, paced ops, an earlier step) that replay more often. */
#ifndef FTF_MIN_RATE_H
#define FTF_MIN_RATE_H

#include <stddef.h>

#include "codec.h"
#include "program.h"

/* A rate is the reproductions among this many runs. */
#define FTF_MIN_BASELINE_RUNS 10
/* A minimised finding should replay this often (of FTF_MIN_BASELINE_RUNS) when the original
 * did: a reproducer that fails half the time sends its reader after the wrong fix. */
#define FTF_MIN_RATE_FLOOR 9

/* How the policy measures: rate(p) is p's reproductions of FTF_MIN_BASELINE_RUNS with the
 * finding's own signature, or -1 on an error; expired() is 1 once the time cap passed. */
struct ftf_rate_probe {
    int (*rate)(const struct ftf_program *p, void *ctx);
    int (*expired)(void *ctx);
    void *ctx;
    const struct ftf_limits *lim;
};

/* The oracle's bar from the original rate k0 (of FTF_MIN_BASELINE_RUNS): a lax bar lets a
 * race's rate drift down over dozens of steps. At least 8 runs, more when the rate is low
 * (a candidate as good as the original then fails them all with at most 5% probability),
 * at most 20, and 75% of the hits the original rate predicts (at least 1). */
void ftf_min_oracle_bar(int k0, unsigned *tries, unsigned *need);

/* p with every thread looping the most iterations lim allows. Iterations add no lines to
 * repro.py, and threads time-sliced on a busy machine overlap only in long loops. */
struct ftf_program ftf_min_inflated(const struct ftf_program *p, const struct ftf_limits *lim);

/* Whether minimising starts from the longest loops: when the original replays below every
 * time, or when they stay cheap (a reliable oracle is what lets every later step tell a
 * good candidate from a bad one; 12 threads and 102 ops at 200 iterations took a 150 s cap
 * with a single candidate tried). */
int ftf_min_start_inflated(const struct ftf_program *p, const struct ftf_limits *lim, int k0);

/* p with the longest pause (FTF_SCHED_ARG_MAX) before every op without a point of its own. */
struct ftf_program ftf_min_paced(const struct ftf_program *p);

/* Replace *p by its longest-loops form when that replays at least *k (ties go to the longer
 * loops: an idle machine's rate hides how much more often they overlap on a loaded one). */
void ftf_min_prefer_inflated(const struct ftf_rate_probe *pr, struct ftf_program *p, int *k);

/* Below FTF_MIN_RATE_FLOOR: replace *p by the pinned form (ftf_pin_candidates, at most 12,
 * likeliest first) that replays most often, when more often than *k. Tried before pacing: a
 * pin adds two lines to repro.py, not one per op. */
void ftf_min_prefer_pinned(const struct ftf_rate_probe *pr, struct ftf_program *p, int *k);

/* Below FTF_MIN_RATE_FLOOR: replace *p by its paced form when it replays more often. A
 * pause hands the core to the other thread, so the threads take turns op by op. */
void ftf_min_prefer_paced(const struct ftf_rate_probe *pr, struct ftf_program *p, int *k);

/* The three above, in the order the policy tries them. */
void ftf_min_improve(const struct ftf_rate_probe *pr, struct ftf_program *p, int *k);

/* When *best replays below want, step back through kept[] (the candidates the oracle
 * accepted, oldest first, each a little larger than the next) to the newest one that
 * replays want, after ftf_min_improve: every acceptance passed the oracle's bar, but a run
 * of lucky ones can drift far below it. Keeps *best when none does, or when the time cap
 * comes first. */
void ftf_min_keep_the_rate(const struct ftf_rate_probe *pr, const struct ftf_program *kept,
                           size_t n_kept, struct ftf_program *best, int *k, int want);

#endif
