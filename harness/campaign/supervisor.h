/* supervisor.h - the campaign loop: libFuzzer workers, restarted after a crash, a hang or
 * a recycle, until the campaign's budget ends; no finding lost, no process left running. */
#ifndef FTF_SUPERVISOR_H
#define FTF_SUPERVISOR_H

#include "known.h"
#include "options.h"

/* What a campaign did, for a caller that runs several in turn (the stdlib sweep). */
struct ftf_campaign_result {
    unsigned long long runs; /* programs run */
    int interrupted;         /* it ended on SIGINT or SIGTERM */
    long long cov;           /* libFuzzer's edge coverage at its last status line, or -1 */
};

struct ftf_campaign {
    const struct ftf_options *o; /* the fuzz command's options, validated */
    const char *self;            /* ftfuzz's own executable, run again as the worker */
    const char *corpus;          /* the campaign's own corpus directory (new inputs) */
    const char *seeds;           /* the target's read-only seed corpus, or NULL */
    const struct ftf_known_list *known; /* what makes a bug known, not new */
    struct ftf_campaign_result *result;  /* filled in at the end, when not NULL */
    const char *probe; /* the module's probe.txt, for the workers' module calls, or NULL */
    int resumed; /* the corpus was replayed before (a sweep's later turn): even the first
                  * worker replays only a bounded sample of it, as a restarted one does */
};

/* Run the campaign to its end, printing FINDINGS: status lines and, last, its
 * `CAMPAIGN: done:` line. 0, or -1 after an ERROR: line (the worker keeps failing at
 * start-up, fork failed, out of memory). */
int ftf_campaign_run(const struct ftf_campaign *c);

#endif
