/* campaign_shared.h - counters a campaign's supervisor and its workers share through one
 * memory file: runs and their replay accounting, findings lost to a full disk, and each
 * worker slot's run in flight (the supervisor stores it as a hang when it must kill a
 * wedged worker). */
#ifndef FTF_CAMPAIGN_SHARED_H
#define FTF_CAMPAIGN_SHARED_H

#include <stddef.h>
#include <stdint.h>

/* Inputs longer than this are not copied for the supervisor (max_len is 512 by default). */
#define FTF_SHARED_INPUT_MAX 65536

/* Worker slots a campaign runs at once (--jobs): each has its own part of the block. */
#define FTF_JOBS_MAX 64

/* One worker slot's part: what its current worker is running. Every field is updated with
 * atomic builtins: the supervisor reads it while the worker writes. */
struct ftf_worker_shared {
    uint64_t runs;      /* programs this slot's workers ran (the supervisor's progress check) */
    uint64_t killer;    /* 1: the input below is taking its worker down (crash, hang) */
    uint32_t input_len; /* the run in flight's input, or 0 between runs */
    uint32_t in_flight; /* 1 during a run */
    uint32_t stored_len; /* the bytes its finding keeps (stored), when not the input's; or 0 */
    uint8_t input[FTF_SHARED_INPUT_MAX];  /* as libFuzzer gave it: the corpus holds these */
    uint8_t stored[FTF_SHARED_INPUT_MAX]; /* the program run, encoded (the probe's bias) */
};

/* Every field is updated with atomic builtins: several processes map it at once. */
struct ftf_campaign_shared {
    uint64_t runs;      /* programs run, over all workers */
    uint64_t new_runs;  /* of them, inputs libFuzzer produced by mutation */
    uint64_t replayed;  /* of them, corpus inputs a worker replayed before mutating */
    uint64_t lost;      /* findings a full disk kept from being stored */
    struct ftf_worker_shared worker[FTF_JOBS_MAX]; /* by slot (FTF_ENV_WORKER_SLOT) */
};

/* Supervisor: a new zeroed block in a memory file that children inherit; path receives
 * the name a worker opens it by (/proc/<pid>/fd/<n>). NULL on failure, with errno. */
struct ftf_campaign_shared *ftf_shared_create(char *path, size_t len);

/* Supervisor, at the campaign's end: unmap s and close the memory file path names. */
void ftf_shared_destroy(struct ftf_campaign_shared *s, const char *path);

/* Worker: map the block named path (from ftf_shared_create); NULL when it cannot. */
struct ftf_campaign_shared *ftf_shared_open(const char *path);

/* Worker: its slot's part of s, the slot named by slot (FTF_ENV_WORKER_SLOT's value; NULL
 * or out of range: slot 0). NULL when s is. */
struct ftf_worker_shared *ftf_shared_worker(struct ftf_campaign_shared *s, const char *slot);

/* Add n to *field, atomically across processes; read *field. */
void ftf_shared_add(uint64_t *field, uint64_t n);
uint64_t ftf_shared_get(const uint64_t *field);

/* The run in flight: its input and, when the program run is not what the input decodes to
 * without the probe (src/probe_bias.h), that program's encoding (stored, else NULL), at
 * begin; none at end. Signal-safe. */
void ftf_shared_begin_run(struct ftf_worker_shared *s, const uint8_t *data, size_t size,
                          const uint8_t *stored, size_t stored_size);
void ftf_shared_end_run(struct ftf_worker_shared *s);

/* Remove from corpus directory dir every file holding data: its run is killing workers.
 * libFuzzer never keeps such an input, but a seed written into the corpus would kill every
 * worker that replays it on start-up. */
void ftf_corpus_forget(const char *dir, const uint8_t *data, size_t size);

#endif
