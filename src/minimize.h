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

#endif
