/* worker_argv.c - a libFuzzer worker's command line: the campaign's limits, the harness's
 * deadlines, the target's options, the user's flags, and its corpus directories. */
#include "campaign/worker_argv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deadlines.h"
#include "libfuzzer_options.h"
#include "log.h"
#include "paths.h"

/* The target's fuzz/<target>.options as libFuzzer flags, put before the user's. */
static char target_flags[FTF_LIBFUZZER_FLAGS_MAX][FTF_LIBFUZZER_FLAG_LEN];
static size_t n_target_flags;

void ftf_worker_argv_load_target(const char *target)
{
    char dir[4096], path[4200];
    if (ftf_fuzz_dir(dir, sizeof dir) < 0) {
        /* An ftfuzz copied out of its checkout: say so, its campaigns differ (no dictionary,
         * libFuzzer's own input sizes). */
        FTF_INFO("no fuzz/ directory beside this ftfuzz's bin/: the campaign runs without "
                 "fuzz/%s.options (its dictionary and input limits)", target);
        return;
    }
    snprintf(path, sizeof path, "%s/%s.options", dir, target);
    char *text = ftf_read_file(path, NULL);
    n_target_flags = ftf_libfuzzer_options_parse(text, dir, target_flags, FTF_LIBFUZZER_FLAGS_MAX);
    free(text);
}

char **ftf_worker_argv(const struct ftf_options *o, const char *self, unsigned slot,
                       long remaining_s, long remaining_runs, const struct ftf_corpus_dirs *dirs)
{
    size_t n = 0, cap = 48 + (size_t)o->n_passthru;
    char **av = calloc(cap, sizeof *av);
    if (!av)
        return NULL;
    av[n++] = strdup(self);
    if (!o->merge && remaining_s > 0 &&
        asprintf(&av[n++], "-max_total_time=%ld", remaining_s) < 0)
        return NULL;
    if (!o->merge && o->runs > 0 && asprintf(&av[n++], "-runs=%ld", remaining_runs) < 0)
        return NULL;
    /* Each slot its own seed: N workers on one --seed would make the same mutations. */
    if (o->seed > 0 && asprintf(&av[n++], "-seed=%ld", o->seed + (long)slot) < 0)
        return NULL;
    /* libFuzzer's own timeout is only a backstop behind the harness's (deadlines.h). */
    if (asprintf(&av[n++], "-timeout=%ld", ftf_deadline_libfuzzer(o->timeout)) < 0)
        return NULL;
    /* No libFuzzer RSS limit: its watcher is a thread, and TSan ignores every access in a
     * child forked from a multi-threaded process (its ForkChildAfter), so the zygote of
     * fresh-state runs, forked at the worker's start, saw no race at all while that thread
     * ran. The engine bounds memory itself, between runs (--worker-rss). */
    av[n++] = strdup("-rss_limit_mb=0");
    /* A merge (--merge DIR, or the corpus bound's between two workers): libFuzzer's
     * -merge=1 adds the second directory's inputs that bring new coverage to the first. */
    if ((o->merge || dirs->merge_control) && !(av[n++] = strdup("-merge=1")))
        return NULL;
    if (dirs->merge_control &&
        asprintf(&av[n++], "-merge_control_file=%s", dirs->merge_control) < 0)
        return NULL;
    if (asprintf(&av[n++], "-artifact_prefix=%s/artifacts/", o->out) < 0)
        return NULL;
    av[n++] = strdup("-print_final_stats=1");
    /* The target's fuzz/<target>.options, then the user's flags, which win. */
    for (size_t i = 0; i < n_target_flags && n < cap - 5 - (size_t)o->n_passthru; i++)
        av[n++] = strdup(target_flags[i]);
    for (int i = 0; i < o->n_passthru; i++)
        av[n++] = strdup(o->passthru[i]);
    for (size_t i = 0; i < dirs->n; i++)
        av[n++] = strdup(dirs->dir[i]);
    av[n] = NULL;
    return av;
}

int ftf_worker_argv_user_limits(const struct ftf_options *o)
{
    for (int i = 0; i < o->n_passthru; i++)
        if (!strncmp(o->passthru[i], "-runs=", 6) ||
            !strncmp(o->passthru[i], "-max_total_time=", 16))
            return 1;
    return 0;
}

void ftf_worker_argv_free(char **av)
{
    for (size_t i = 0; av && av[i]; i++)
        free(av[i]);
    free(av);
}
