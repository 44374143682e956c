/* engine.h - one fuzzer input through the whole pipeline: decode, render, run, observe,
 * store. Configured from the campaign's environment (campaign_env.h) on first use. */
#ifndef FTF_ENGINE_H
#define FTF_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "observe.h"
#include "program.h"

/* libFuzzer callback body. Always returns 0; a hang stores its finding and exits the
 * worker with FTF_WORKER_EXIT_HANG. */
int ftf_engine_one_input(const uint8_t *data, size_t size);

/* Store every item of obs as a finding of the program p decoded from data under ctx,
 * printing a FINDING: line for each new one; meta.json's extra records what decoding data
 * again needs (module, its path, limits). Returns the number of new findings (with a
 * module: new findings in the module's own code), or -1 after an ERROR: line when the
 * store failed. */
struct ftf_target_ctx;
int ftf_engine_store(const char *out_dir, const struct ftf_observation *obs,
                     const struct ftf_program *p, const struct ftf_target_ctx *ctx,
                     const uint8_t *data, size_t size);

/* Remove from the campaign's corpus every file holding exactly data: the input whose run
 * is killing this worker (a crash, a hang). libFuzzer never keeps such an input, but a
 * seed written into the corpus would kill every worker that replays it on start-up. */
void ftf_engine_forget_input(const uint8_t *data, size_t size);

#endif
