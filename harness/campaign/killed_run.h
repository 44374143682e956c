/* killed_run.h - the supervisor's last resort for a worker it must kill mid-run (stuck
 * beyond its own watchdog, or past the campaign's end): the run in flight stored as a hang. */
#ifndef FTF_KILLED_RUN_H
#define FTF_KILLED_RUN_H

#include "options.h"
#include "worker/campaign_shared.h"

/* Called right after the worker was killed: when a run was in flight (its input is in
 * shared), store it as a hang finding (input, meta.json with what replay needs, a report
 * that says why and that no stacks could be taken). 1 stored, 0 no run in flight, -1
 * after an ERROR: line; *nospace is set when the disk was full. The input also leaves the
 * campaign's corpus (ftf_corpus_forget): a restarted worker would replay it and wedge. */
int ftf_store_killed_run(const struct ftf_options *o, struct ftf_worker_shared *shared,
                         const char *why, int *nospace);


#endif
