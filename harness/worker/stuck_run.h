/* stuck_run.h - a C watchdog for runs stuck where the Python-level deadline cannot act. */
#ifndef FTF_STUCK_RUN_H
#define FTF_STUCK_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "program.h"

struct ftf_target_ctx;

/* Where hang findings go and what they are decoded under; call once before arming. */
void ftf_stuck_install(const char *out_dir, const struct ftf_target_ctx *ctx);

/* Watch the program about to run (decoded from data, which stays valid until disarm).
 * When the run has not returned after `seconds`, a thread that never touches Python state
 * stores a hang finding (every thread's Python stack, and C stacks when gdb is on PATH)
 * and exits the worker with FTF_WORKER_EXIT_HANG. */
void ftf_stuck_arm(const uint8_t *data, size_t size, const struct ftf_program *p,
                   double seconds);
void ftf_stuck_disarm(void);

#endif
