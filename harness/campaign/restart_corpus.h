/* restart_corpus.h - what a restarted worker replays: a bounded random sample of the
 * campaign's corpus (and seeds) in a directory of its own, so a restart after one of
 * CPython's crashes costs a few runs instead of the whole corpus; and what it found,
 * moved back into the campaign's corpus. */
#ifndef FTF_RESTART_CORPUS_H
#define FTF_RESTART_CORPUS_H

#include <stddef.h>
#include <stdint.h>

/* Inputs a restarted worker replays at most. */
#define FTF_RESTART_SAMPLE 16

struct ftf_restart_corpus {
    const char *main;    /* the campaign's corpus directory */
    const char *seeds;   /* the read-only seed corpus, or NULL */
    char dir[4200];      /* the restarted worker's own corpus directory */
    uint64_t rng;        /* the sample's randomness (from --seed when given) */
    char **sample;       /* names of the files linked into dir for this restart */
    size_t n_sample;
    uint64_t killers[256]; /* content hashes of inputs whose run killed a worker */
    size_t n_killers;
};

/* dir becomes <out>/corpus/.restart-<target> for worker slot 0, .restart-<target>-<slot>
 * for the others (--jobs); rng_seed 0 picks one. */
void ftf_restart_corpus_init(struct ftf_restart_corpus *rc, const char *out, const char *target,
                             unsigned slot, const char *main, const char *seeds,
                             uint64_t rng_seed);

/* An input whose run killed a worker (a crash, a hang): never sampled again. */
void ftf_restart_corpus_kill(struct ftf_restart_corpus *rc, const uint8_t *data, size_t len);

/* Empty rc->dir and link (or copy) into it at most FTF_RESTART_SAMPLE inputs drawn at
 * random from main and seeds, none of them a killer. Returns how many, or -1 with errno. */
long ftf_restart_corpus_prepare(struct ftf_restart_corpus *rc);

/* rc->dir made and emptied, with no sample: for a worker that reads the corpus itself
 * but must write its new inputs apart from it. 0, or -1 with errno. */
int ftf_restart_corpus_prepare_empty(struct ftf_restart_corpus *rc);

/* Move what the worker added to rc->dir (not part of the sample, not yet in main) into
 * main, and return how many; libFuzzer names inputs by their content's SHA-1, so one name
 * is one input. Safe while the worker runs. */
long ftf_restart_corpus_collect(struct ftf_restart_corpus *rc);

/* The same, into directory to instead of main (while main is being merged). */
long ftf_restart_corpus_collect_to(struct ftf_restart_corpus *rc, const char *to);

/* Move every file of flat directory from that directory to lacks into to; how many. */
long ftf_corpus_move_new(const char *from, const char *to);

/* Collect, then remove rc->dir and free the sample. */
void ftf_restart_corpus_finish(struct ftf_restart_corpus *rc);

/* Remove a flat corpus directory and its files; 0 also when it did not exist. */
int ftf_corpus_dir_remove(const char *dir);

/* Exchange two directories in one step (renameat2 RENAME_EXCHANGE): 0 or -1 with errno. */
int ftf_corpus_dir_swap(const char *a, const char *b);

#endif
