/* supervisor.h - the campaign loop: libFuzzer workers, restarted after a crash, a hang or
 * a recycle, until the campaign's budget ends; no finding lost, no process left running. */
#ifndef FTF_SUPERVISOR_H
#define FTF_SUPERVISOR_H

#include "options.h"

struct ftf_campaign {
    const struct ftf_options *o; /* the fuzz command's options, validated */
    const char *self;            /* ftfuzz's own executable, run again as the worker */
    const char *corpus;          /* the campaign's own corpus directory (new inputs) */
    const char *seeds;           /* the target's read-only seed corpus, or NULL */
};

/* Run the campaign to its end, printing FINDINGS: status lines and, last, its
 * `CAMPAIGN: done:` line. 0, or -1 after an ERROR: line (the worker keeps failing at
 * start-up, fork failed, out of memory). */
int ftf_campaign_run(const struct ftf_campaign *c);

#endif
