/* probe_child.c - the probe child: which argument kinds each callable of the module
 * accepts, recorded in <out>/probe.txt, and seeds that call each callable with them. */
#include "worker/probe_child.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "worker/campaign_env.h"
#include "log.h"
#include "module_desc.h"
#include "options.h"
#include "paths.h"
#include "probe_file.h"
#include "probe_journal.h"
#include "probe_seeds.h"
#include "program_file.h"
#include "runtime/program_io.h"
#include "runtime/runner_calls.h"
#include "value_kinds.h"

int ftf_probe_child_configured(void)
{
    return getenv(FTF_ENV_PROBE_OUT) != NULL && getenv(FTF_ENV_PROBE_CORPUS) != NULL;
}

static long env_long(const char *name, long dflt)
{
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 10) : dflt;
}

static double env_double(const char *name, double dflt)
{
    const char *v = getenv(name);
    return v && *v ? strtod(v, NULL) : dflt;
}

/* probe.txt (src/probe_file.h), replaced atomically: workers read it at start. */
static int write_probe_file(const char *out, const struct ftf_module_desc *mod,
                            const uint32_t *masks)
{
    size_t len = 0;
    char *text = ftf_probe_file_format(mod, masks, &len);
    int rc = text ? ftf_write_file_atomic(out, FTF_PROBE_FILE, text, len) : -1;
    free(text);
    return rc;
}

int ftf_probe_child_main(void)
{
    const char *out = getenv(FTF_ENV_PROBE_OUT), *corpus = getenv(FTF_ENV_PROBE_CORPUS);
    const char *module = getenv(FTF_ENV_MODULE);
    struct ftf_options table;
    ftf_options_defaults(&table);
    struct ftf_target_ctx ctx;
    if (!module)
        return 2;
    if (ftf_target_ctx_init(&ctx, module, getenv(FTF_ENV_PATH), getenv(FTF_ENV_SPEC),
                            env_long(FTF_ENV_THREADS, table.threads),
                            env_long(FTF_ENV_ITERS, table.iters)) < 0)
        return 2;
    static uint32_t masks[FTF_MODULE_MAX_ENTRIES];
    /* What earlier attempts of this probe left in its journal, when one of its calls ended
     * the process (campaign/probe.c runs it again): kept, and the crashing calls passed by.
     * With no calls left to make, what is still unseen stays unknown. */
    static long prior[FTF_MODULE_MAX_ENTRIES];
    char journal[4200], err[1024], last[256];
    snprintf(journal, sizeof journal, "%s/%s", out, FTF_PROBE_JOURNAL_FILE);
    char *text = ftf_read_file(journal, NULL);
    size_t crashed = ftf_probe_journal_read(text ? text : "", prior, FTF_MODULE_MAX_ENTRIES,
                                            last, sizeof last);
    free(text);
    if (getenv(FTF_ENV_PROBE_NO_CALLS))
        for (size_t i = 0; i < FTF_MODULE_MAX_ENTRIES; i++)
            prior[i] = prior[i] == FTF_PROBE_UNSEEN ? -1 : prior[i];
    double budget = env_double(FTF_ENV_PROBE_BUDGET, FTF_PROBE_BUDGET);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int n = ftf_harness_module_probe(masks, FTF_MODULE_MAX_ENTRIES, FTF_PROBE_CALL_TIMEOUT,
                                     budget, prior, journal, err, sizeof err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (n < 0) {
        FTF_ERROR("module %s: probe: %s", module, err);
        return 2;
    }
    for (size_t i = (size_t)n; i < ctx.mod->n_entries; i++)
        masks[i] = FTF_VK_ALL;
    if (write_probe_file(out, ctx.mod, masks) < 0) {
        FTF_ERROR("%s/%s: cannot write", out, FTF_PROBE_FILE);
        return 2;
    }
    static struct ftf_program seeds[FTF_MODULE_MAX_ENTRIES];
    size_t n_seeds = ftf_probe_seeds(ctx.mod, masks, &ctx.limits, seeds, FTF_MODULE_MAX_ENTRIES);
    for (size_t i = 0; i < n_seeds; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/seed-probe-%02zu", corpus, i);
        if (ftf_write_program(path, &seeds[i]) < 0) {
            FTF_ERROR("%s: cannot write a seed input", path);
            return 2;
        }
    }
    size_t told = 0, callables = 0;
    for (size_t i = 0; i < ctx.mod->n_entries; i++)
        if (!ctx.mod->entries[i].is_type) {
            callables++;
            told += masks[i] != FTF_VK_ALL;
        }
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    FTF_INFO("module %s: probed the argument kinds of %zu of %zu callables in %.1f s (%s/%s); "
             "%zu seeds call them with accepted kinds%s", module, told, callables, secs, out,
             FTF_PROBE_FILE, n_seeds, crashed ? "; the callables that crashed the probe are "
                                                "left out" : "");
    fflush(stderr);
    /* A probe call that never returned is still running in its thread: leave without
     * finalising the interpreter. */
    _exit(0);
}
