/* deadlines.h - every deadline derived from --timeout, in one place: each layer waits a
 * little longer than the one inside it, so the innermost that can act stores the hang. */
#ifndef FTF_DEADLINES_H
#define FTF_DEADLINES_H

/* Seconds, for a run deadline of `timeout` seconds (--timeout). From the inside out: */

/* The runner's own wait for a program's threads (runner/run.py): a hang with Python stacks. */
double ftf_deadline_run(double timeout);
/* A forked run's parent waiting for the child's result (runner/isolation.py fork_run). */
double ftf_deadline_fork_parent(double timeout);
/* The worker waiting for the zygote's reply (runner/isolation.py zygote_run). */
double ftf_deadline_zygote_reply(double timeout);
/* The C watchdog (worker/stuck_run.c), behind the isolation's own deadlines: forks says
 * the run is in a forked child. */
double ftf_deadline_stuck_run(double timeout, int forks);
/* gdb's whole run when the watchdog asks it for every thread's C stack. */
double ftf_deadline_gdb(void);
/* The watchdog's whole work once it fired (gdb, stacks, the store): past it, the worker is
 * killed and the supervisor stores the run in flight (campaign/killed_run.c). */
double ftf_deadline_stuck_store(void);
/* libFuzzer's -timeout: a backstop behind all of the above. (Below --timeout 14 it may
 * fire while stuck_run waits up to 30 s for gdb's stacks.) */
long ftf_deadline_libfuzzer(long timeout);
/* The supervisor killing a worker whose run count stopped moving (campaign/supervisor.c). */
double ftf_deadline_no_progress(long timeout);
/* The grace past --time T: a run started just before T gets its whole deadline chain (the
 * stuck-run watchdog's, then its store), so that a hang found at the end is stored. The
 * campaign's worker is killed at T plus this (--timeout + 90 s); libFuzzer itself stops
 * at T between two runs, so a campaign without a hang ends within a run of T. */
double ftf_deadline_campaign_end(long timeout);

#endif
