/* stuck_run.h - a C watchdog for runs stuck where the Python-level deadline cannot act. */
#ifndef FTF_STUCK_RUN_H
#define FTF_STUCK_RUN_H

/* Watch the run in flight (finding_sink.h). When it has not returned after `seconds`, a
 * thread that never touches Python state stores a hang finding of it (every thread's
 * Python stack, and C stacks when gdb is on PATH) and exits the worker with
 * FTF_WORKER_EXIT_HANG. */
void ftf_stuck_arm(double seconds);
void ftf_stuck_disarm(void);

#endif
