/* worker_argv.h - a libFuzzer worker's command line, as the supervisor starts it. */
#ifndef FTF_WORKER_ARGV_H
#define FTF_WORKER_ARGV_H

#include <stddef.h>

#include "options.h"

/* The corpus directories a worker gets: libFuzzer writes new inputs to the first. */
struct ftf_corpus_dirs {
    const char *dir[3];
    size_t n;
    const char *merge_control; /* a merge: -merge=1 of dir[1] into dir[0], or NULL */
};

/* Read fuzz/<target>.options once per campaign: its flags go before the user's. */
void ftf_worker_argv_load_target(const char *target);

/* The argv (NULL-terminated, each string and the array malloc'd; ftf_worker_argv_free) of
 * worker slot slot's next worker, ftfuzz's own executable self run again under the fuzz
 * command's options o, with remaining_s seconds and remaining_runs runs of the campaign
 * left, on dirs; NULL when out of memory. */
char **ftf_worker_argv(const struct ftf_options *o, const char *self, unsigned slot,
                       long remaining_s, long remaining_runs, const struct ftf_corpus_dirs *dirs);

void ftf_worker_argv_free(char **av);

/* The user's own -runs or -max_total_time after --: then a clean exit is the end. */
int ftf_worker_argv_user_limits(const struct ftf_options *o);

#endif
