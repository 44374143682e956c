/* background_minimize.h - minimise one representative of every new bug beside the search. */
#ifndef FTF_BACKGROUND_MINIMIZE_H
#define FTF_BACKGROUND_MINIMIZE_H

#include "known.h"

struct ftf_minimize_queue {
    const char *out_dir;
    const char *self;                  /* ftfuzz's executable */
    const struct ftf_known_list *known;
    long cap_s;                        /* hard wall-clock cap per bug */
    long cpu_percent;                  /* share of one core, 1..100 */
    int module_only;                   /* only bugs in the user's module's own code */
};

/* Called every few seconds: when no minimiser runs, start `self minimize REP --time cap`
 * on the representative of the first new bug (ftf_bug_list_group's order: the user's
 * module's and crashes first, then hits) not minimised nor tried yet. The minimiser runs
 * in its own process group, dies with the campaign (parent-death signal), and is killed
 * with its whole group past its cap. Each bug's time goes to <out>/minimize-times.tsv.
 * 1 while a minimiser runs (started now or before), 0 when the queue is empty. */
int ftf_background_minimize(const struct ftf_minimize_queue *q);

/* Called every 100 ms: holds the CPU share (the group is stopped and continued within
 * each second) and enforces the cap. */
void ftf_background_minimize_tick(const struct ftf_minimize_queue *q);

/* End the minimiser in flight and its process group, if any, and wait for it. */
void ftf_background_minimize_stop(const struct ftf_minimize_queue *q);

/* The --time a minimiser under a hard cap of cap_s gets: half of it. `minimize` checks its
 * deadline only between candidates, and then measures and refines its result (dozens of
 * runs); under load that took up to 85 s past a 225 s --time. */
long ftf_minimize_own_time(long cap_s);

/* 1 when the finding in dir is minimised (its meta.json says so). */
int ftf_finding_minimised(const char *dir);

/* Start `self ARGV...` as a minimiser: own process group, parent-death signal, nice 10,
 * stdout and stderr to log. The pid, or -1. Used by `minimize --all` too. */
int ftf_spawn_minimizer(const char *self, char *const argv[], const char *log);

#endif
