/* finding_sink.h - the run in flight and where its findings go: the one owner of what the
 * engine, the crash handler (crash.c) and the stuck-run watchdog (stuck_run.c) store. */
#ifndef FTF_FINDING_SINK_H
#define FTF_FINDING_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "observe.h"
#include "program.h"

struct ftf_target_ctx;
struct ftf_campaign_shared;
struct ftf_worker_shared;

/* Where findings go, what programs are decoded under, whether a new finding ends the
 * campaign (--stop-on-finding), and the campaign's shared counters with this worker's
 * slot in them (NULL: none: findings lost to a full disk are counted in shared, the run in
 * flight is published in slot); once, before the first run. */
void ftf_sink_init(const char *out_dir, const struct ftf_target_ctx *ctx, int stop_on_finding,
                   struct ftf_campaign_shared *shared, struct ftf_worker_shared *slot);

/* The run about to start: program p, decoded from data (the bytes the corpus holds: a
 * run that kills the worker is forgotten by them), and stored, the bytes its findings keep:
 * p's encoding when the probe steered p away from what data decodes to (src/probe_bias.h),
 * NULL when it did not (data then). Both valid until ftf_sink_end_run. */
void ftf_sink_begin_run(const uint8_t *data, size_t size, const uint8_t *stored,
                        size_t stored_size, const struct ftf_program *p);
void ftf_sink_end_run(void);
/* 1 between begin and end: a crash or a hang now belongs to that run (signal-safe). */
int ftf_sink_in_flight(void);
/* Runs this process began before the one in flight (signal-safe). */
unsigned long ftf_sink_runs_before(void);

/* ftf_observe for the run in flight: exceptions are signed by the ops of its program. */
int ftf_sink_observe(const struct ftf_run_result *res, struct ftf_observation *obs);

/* Store every item of obs as a finding of the run in flight (flagged after_fault past a
 * fault an earlier store of the run held), printing a FINDING: line for
 * each new one; meta.json records what decoding the input again needs. Returns the
 * number of new findings (with a module: new findings in the module's own code), or -1
 * after an ERROR: line when the store failed. A full disk ends the worker at once with
 * FTF_WORKER_EXIT_NOSPACE, the findings not stored counted in the shared counters. */
int ftf_sink_store(struct ftf_observation *obs);

/* Remove from the campaign's corpus every file holding the run's input: the run is
 * killing this worker (a crash, a hang). libFuzzer never keeps such an input, but a seed
 * written into the corpus would kill every worker that replays it on start-up. */
void ftf_sink_forget_run(void);

/* Store the whole TSan reports the run in flight has written so far (from another thread
 * than the run's, while it runs): a run that then deadlocks (TSan reports a lock-order
 * inversion just before the threads block) or is killed keeps them, and they are in
 * findings/ at once rather than at the run's deadline. Returns the new findings' count
 * (ftf_sink_store's), which ftf_sink_stop_if_done also counts. */
int ftf_sink_store_early(void);
/* 1 when --stop-on-finding and an early store found something new. */
int ftf_sink_stop_pending(void);

/* With --stop-on-finding and n_new > 0: say so (how: what else, "" for nothing) and exit
 * the worker with FTF_WORKER_EXIT_STOP. */
void ftf_sink_stop_if_done(int n_new, const char *how);

#endif
