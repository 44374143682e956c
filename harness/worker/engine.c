/* engine.c - the fuzz loop body: bytes -> program -> Python -> run under TSan -> findings. */
#include "worker/engine.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "worker/campaign_env.h"
#include "worker/campaign_shared.h"
#include "worker/crash.h"
#include "runtime/harness.h"
#include "deadlines.h"
#include "log.h"
#include "options.h"
#include "origin.h"
#include "paths.h"
#include "probe_bias.h"
#include "probe_file.h"
#include "runtime/program_io.h"
#include "runtime/runner_calls.h"
#include "report.h"
#include "signature.h"
#include "store.h"
#include "worker/finding_sink.h"
#include "worker/stuck_run.h"


static struct {
    int ready;
    const char *out;
    double timeout;
    struct ftf_target_ctx ctx;
    struct ftf_isolation_plan plan;   /* --isolation, and whether runs need the zygote */
    long rss_limit_mb;                /* --worker-rss, 0: never recycle */
    int zygote;                       /* the fresh-state zygote runs */
    unsigned long n_runs;             /* programs run by this worker */
    uint64_t replays;                 /* its first runs that replay the corpus (worker.c) */
    struct ftf_campaign_shared *shared; /* the campaign's counters, or NULL */
    struct ftf_worker_shared *slot;     /* this worker's slot in them, or NULL */
    uint64_t campaign_runs;           /* --runs over all the campaign's workers, 0: none */
    int probed;                       /* masks hold the module's probe.txt */
    uint32_t masks[FTF_MODULE_MAX_ENTRIES];
} eng;


/* Programs between two looks at the worker's RSS (a read of /proc/self/statm). */
#define RSS_CHECK_EVERY 32

/* Resident set of this process in MB, 0 when unknown. */
static long rss_mb(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return 0;
    int ok = fscanf(f, "%ld %ld", &pages, &resident) == 2;
    fclose(f);
    return ok ? resident * (sysconf(_SC_PAGESIZE) / 1024) / 1024 : 0;
}

static long env_long(const char *name, long dflt)
{
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 10) : dflt;
}

/* The kinds the start-of-campaign probe saw each callable accept (FTF_ENV_PROBE_FILE,
 * campaign/probe.c), when it told any apart. */
static void load_probe(const char *module)
{
    const char *path = getenv(FTF_ENV_PROBE_FILE);
    char *text = path ? ftf_read_file(path, NULL) : NULL;
    if (!text)
        return;
    size_t told = ftf_probe_file_parse(text, eng.ctx.mod, eng.masks, FTF_MODULE_MAX_ENTRIES);
    free(text);
    eng.probed = told > 0;
    if (eng.probed)
        FTF_INFO("module %s: module calls prefer the argument kinds the probe saw accepted "
                 "(%zu callables, %s)", module, told, path);
}

static void engine_init(void)
{
    struct ftf_options table; /* what a worker started without the campaign's env uses */
    ftf_options_defaults(&table);
    eng.out = getenv(FTF_ENV_OUT);
    eng.timeout = (double)env_long(FTF_ENV_TIMEOUT, table.timeout);
    const char *module = getenv(FTF_ENV_MODULE);
    if (ftf_target_ctx_init(&eng.ctx, module, getenv(FTF_ENV_PATH), getenv(FTF_ENV_SPEC),
                            env_long(FTF_ENV_THREADS, table.threads),
                            env_long(FTF_ENV_ITERS, table.iters)) < 0)
        _exit(2); /* the campaign parent reports a worker failing at start-up */
    if (module) {
        int off = ftf_harness_module_gil_declared_off();
        if (off == 0)
            FTF_INFO("module %s does not declare Py_mod_gil = Py_MOD_GIL_NOT_USED: plain "
                     "CPython would turn the GIL on when importing it, hiding every race. "
                     "ftfuzz keeps the GIL off anyway (as PYTHON_GIL=0 does).", module);
        FTF_INFO("module %s: %zu callables", module, eng.ctx.mod->n_entries);
        /* Nothing to call: the campaign would be a containers campaign rendering every
         * module op as `pass`. */
        if (!eng.ctx.mod->n_entries) {
            FTF_ERROR("module %s: nothing to call: no public function, and no type that "
                      "builds without arguments; write a spec that builds and calls them "
                      "(--spec FILE.py, README: For extension authors, Writing a spec)",
                      module);
            _exit(2);
        }
        load_probe(module);
    }
    eng.rss_limit_mb = env_long(FTF_ENV_WORKER_RSS, 0);
    enum ftf_isolation_kind chosen = ftf_isolation_parse(getenv(FTF_ENV_ISOLATION));
    eng.plan = ftf_isolation_plan_campaign(chosen == FTF_ISO_COUNT ? FTF_ISO_AUTO : chosen,
                                           module != NULL);
    /* Runs in a child need the zygote forked now, before the first program, while this
     * process is single-threaded (harness.h). */
    if (eng.plan.zygote)
        eng.zygote = ftf_harness_start_zygote() == 0;
    /* A bounded campaign (--runs) resumes after a crashed worker from the shared count. */
    const char *counter = getenv(FTF_ENV_RUN_COUNTER);
    eng.shared = counter ? ftf_shared_open(counter) : NULL;
    eng.slot = ftf_shared_worker(eng.shared, getenv(FTF_ENV_WORKER_SLOT));
    eng.campaign_runs = (uint64_t)env_long(FTF_ENV_RUNS, 0);
    ftf_sink_init(eng.out, &eng.ctx, getenv(FTF_ENV_STOP_ON_FINDING) != NULL, eng.shared,
                  eng.slot);
    ftf_crash_install();
    eng.ready = 1;
}

void ftf_engine_set_replays(uint64_t n)
{
    eng.replays = n;
}

int ftf_engine_one_input(const uint8_t *data, size_t size)
{
    if (!eng.ready)
        engine_init();
    /* --runs is the campaign's, over every worker slot (--jobs): each worker's own -runs
     * cannot know what the others ran. */
    if (eng.shared && eng.campaign_runs && ftf_shared_get(&eng.shared->runs) >= eng.campaign_runs)
        _exit(0);
    struct ftf_program prog;
    ftf_decode(data, size, &eng.ctx.limits, &prog);
    /* Module calls mostly take the kinds the probe saw accepted; a finding keeps the
     * steered program's bytes, as replays run no probe. */
    static uint8_t steered[FTF_ENCODED_MAX];
    size_t n_steered = 0;
    if (eng.probed && ftf_probe_bias(&prog, eng.ctx.mod, eng.masks) > 0)
        n_steered = ftf_encode(&prog, steered, sizeof steered);
    char *src = ftf_render(&prog, FTF_RENDER_HARNESS, eng.ctx.mod);
    if (!src)
        return 0;
    ftf_sink_begin_run(data, size, n_steered ? steered : NULL, n_steered, &prog);
    enum ftf_isolation_kind kind = ftf_isolation_for_run(&eng.plan, eng.zygote, eng.n_runs);
    const struct ftf_isolation *iso = ftf_isolation_get(kind);
    if (eng.shared) {
        ftf_shared_add(&eng.shared->runs, 1);
        ftf_shared_add(&eng.slot->runs, 1);
        ftf_shared_add(eng.n_runs < eng.replays ? &eng.shared->replayed : &eng.shared->new_runs,
                       1);
    }
    eng.n_runs++;
    struct ftf_run_result res;
    /* The C watchdog sits behind the isolation's own deadlines (deadlines.h). */
    ftf_stuck_arm(ftf_deadline_stuck_run(eng.timeout, ftf_isolation_forks(kind)));
    int rc = iso->run(src, ftf_deadline_run(eng.timeout), &res);
    ftf_stuck_disarm();
    ftf_sink_end_run();
    free(src);
    if (rc < 0)
        return 0;
    if (res.status == FTF_RUN_ERROR)
        FTF_ERROR("harness: %s", res.errors); /* ftfuzz's own bug: say so, keep going */
    struct ftf_observation obs;
    if (ftf_sink_observe(&res, &obs) == 0) {
        int n_new = ftf_sink_store(&obs);
        ftf_observation_free(&obs);
        ftf_sink_stop_if_done(n_new, "");
    }
    /* A hang's threads are stuck, an oom's still allocating: neither can be reused. */
    int hung = (res.status == FTF_RUN_HANG || res.status == FTF_RUN_OOM) &&
               kind == FTF_ISO_INPROC;
    const char *what = res.status == FTF_RUN_OOM ? "oom" : "hang";
    ftf_run_result_free(&res);
    if (hung) {
        ftf_sink_forget_run();
        FTF_INFO("%s stored; this worker's threads are still busy, exiting for a fresh one",
                 what);
        _exit(FTF_WORKER_EXIT_HANG);
    }
    if (eng.rss_limit_mb > 0 && eng.n_runs % RSS_CHECK_EVERY == 0 &&
        rss_mb() > eng.rss_limit_mb) {
        /* The corpus is on disk: a fresh worker reloads it and goes on. */
        FTF_INFO("worker RSS %ld MB passed --worker-rss %ld: exiting for a fresh one", rss_mb(),
                 eng.rss_limit_mb);
        _exit(FTF_WORKER_EXIT_RECYCLE);
    }
    return 0;
}
