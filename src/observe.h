/* observe.h - turn what a run did into signed findings (TSan reports, atomicity
 * violations, unexpected exceptions, hangs). Shared by fuzz, repro and minimize. */
#ifndef FTF_OBSERVE_H
#define FTF_OBSERVE_H

#include <stdbool.h>
#include <stddef.h>

#include "program.h"
#include "render.h"
#include "run_result.h"
#include "signature.h"

#define FTF_OBSERVE_MAX 64

struct ftf_observed {
    struct ftf_signature sig;
    char *report; /* the whole report, for report.txt (malloc'd) */
    bool after_fault; /* a TSan report after a use-after-free or a deadly signal in the same
                       * run: maybe only a consequence of that fault */
};

struct ftf_observation {
    struct ftf_observed items[FTF_OBSERVE_MAX];
    size_t n;
    size_t n_dropped; /* past FTF_OBSERVE_MAX, or unparsable */
};

/* Sign everything res holds. p and mod (either may be NULL) are the program the run ran, as
 * ftf_render(p, FTF_RENDER_HARNESS, mod) gave it: an exception is signed by the op row its
 * traceback's line falls in ("?" without p). Returns 0 (obs filled, maybe empty) or -1 on
 * ENOMEM. */
int ftf_observe(const struct ftf_run_result *res, const struct ftf_program *p,
                const struct ftf_module_desc *mod, struct ftf_observation *obs);

/* One run's text observed in parts (reports stored while the run still runs, then the
 * rest): mark every item of obs after_fault when *fault_before (a use-after-free or a
 * crash in an earlier part), then set *fault_before when obs holds one. */
void ftf_observation_follow(struct ftf_observation *obs, bool *fault_before);

/* Index of the item with signature value sig, or -1. */
int ftf_observation_find(const struct ftf_observation *obs, uint64_t sig);

void ftf_observation_free(struct ftf_observation *obs);

#endif
