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

/* The worker's first n runs replay inputs libFuzzer read at start (its corpus, seed
 * inputs); the runs after them are mutations. Counted apart in the campaign's numbers. */
void ftf_engine_set_replays(uint64_t n);

#endif
