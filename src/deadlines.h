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
/* libFuzzer's -timeout: a backstop behind all of the above. (Below --timeout 14 it may
 * fire while stuck_run waits up to 40 s for gdb's stacks.) */
long ftf_deadline_libfuzzer(long timeout);
/* The supervisor killing a worker whose run count stopped moving (campaign/supervisor.c). */
double ftf_deadline_no_progress(long timeout);

#endif
