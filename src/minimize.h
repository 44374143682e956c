/* minimize.h - delta debugging on the program IR: fewer threads, ops, schedule points,
 * objects, iterations and simpler values, keeping whatever the oracle says reproduces. */
#ifndef FTF_MINIMIZE_H
#define FTF_MINIMIZE_H

#include <stddef.h>

#include "codec.h"
#include "program.h"

/* Does cand still show the finding? 1 yes, 0 no, -1 stop now (time cap, error): the
 * minimiser then returns the smallest program kept so far. */
typedef int (*ftf_min_oracle)(const struct ftf_program *cand, void *ctx);

struct ftf_min_stats {
    unsigned tried;     /* candidates given to the oracle */
    unsigned kept;      /* candidates that reproduced and replaced the program */
    size_t ops_before;
    size_t ops_after;
    int stopped;        /* the oracle asked to stop */
};

/* Shrink *p in place. Every candidate is a program the decoder can produce (encoded and
 * decoded back under lim, and compared) so the minimised program is a valid corpus entry.
 * Passes repeat until one changes nothing. Returns 0, or -1 if the oracle stopped the
 * very first candidate. */
int ftf_minimize(struct ftf_program *p, const struct ftf_limits *lim, ftf_min_oracle oracle,
                 void *ctx, struct ftf_min_stats *st);

/* Pinned forms of p (program.h, struct ftf_pin), two per pair of ops in two different
 * threads (meeting once, then every iteration), pairs on one shared object first; p's own
 * pin is not repeated. Writes at most
 * cap programs to out and returns how many. */
size_t ftf_pin_candidates(const struct ftf_program *p, struct ftf_program *out, size_t cap);

/* Programs of only a race's two threads (thread[0], thread[1] of p, as
 * ftf_racing_pair_from_report names them), smallest first: each thread with just its racing
 * op where op[s] >= 0 knows it, then the same pinned (meeting before every iteration), then
 * both threads whole; objects nothing uses are dropped. None equals p or another. Writes at
 * most cap programs to out and returns how many (0 when the threads are not two of p's). */
size_t ftf_pair_candidates(const struct ftf_program *p, const unsigned thread[2],
                           const int op[2], struct ftf_program *out, size_t cap);

/* The shortcut before ftf_minimize when a race's pair is known: the delta debugging over
 * threads and ops of a 16-op program costs dozens of candidates, where the report already
 * names the two that matter. Gives ftf_pair_candidates to the oracle in order; the first
 * that reproduces replaces *p. 1 when one did, 0 when none, -1 when the oracle stopped. */
int ftf_minimize_to_pair(struct ftf_program *p, const struct ftf_limits *lim,
                         const unsigned thread[2], const int op[2], ftf_min_oracle oracle,
                         void *ctx, struct ftf_min_stats *st);

#endif
