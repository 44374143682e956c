/* killed_run.c - store the run in flight of a worker the supervisor had to kill, as a hang. */
#include "campaign/killed_run.h"

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "observe.h"
#include "run_result.h"
#include "store.h"

int ftf_store_killed_run(const struct ftf_options *o, struct ftf_worker_shared *shared,
                         const char *why, int *nospace)
{
    *nospace = 0;
    if (!__atomic_load_n(&shared->in_flight, __ATOMIC_ACQUIRE))
        return 0;
    uint32_t len = __atomic_load_n(&shared->input_len, __ATOMIC_RELAXED);
    uint32_t stored = __atomic_load_n(&shared->stored_len, __ATOMIC_RELAXED);
    char report[1024];
    snprintf(report, sizeof report,
             "hang: %s; the worker was killed by the campaign's supervisor, its stacks could "
             "not be taken (neither the run's deadline nor the stuck-run watchdog acted). "
             "`ftfuzz repro` on this finding replays its input.\n", why);
    /* One signature for every such hang: nothing distinguishes them but their inputs. */
    struct ftf_run_result res = {
        .status = FTF_RUN_HANG,
        .stacks = "Thread killed by the supervisor (most recent call first):\n"
                       "  File \"<worker killed: no stacks>\", line 0 in <unknown>\n"};
    struct ftf_observation obs;
    if (ftf_observe(&res, NULL, NULL, &obs) < 0 || obs.n == 0) {
        FTF_ERROR("%s: cannot sign the killed worker's run", o->out);
        return -1;
    }
    struct ftf_finding_in in;
    ftf_finding_in_init(&in, &obs.items[0].sig);
    in.repro_py = "# The campaign's supervisor killed this run's worker: no standalone "
                  "reproducer was written.\n# `ftfuzz show DIR` prints the program, "
                  "`ftfuzz repro DIR` replays it.\n";
    /* The program the worker ran (the probe may have steered it), not the corpus's bytes:
     * a replay runs no probe. */
    in.input = stored ? shared->stored : shared->input;
    in.input_len = stored ? stored : len;
    in.report = report;
    in.report_len = strlen(report);
    in.cpython_version = FTF_PY_VERSION;
    in.cpython_build = "free-threaded, TSan, libFuzzer coverage";
    in.module = o->module;
    in.module_path = o->path;
    in.spec = o->spec;
    in.max_threads = o->threads;
    in.max_iters = o->iters;
    char corpus[4200];
    snprintf(corpus, sizeof corpus, "%s/corpus/%s", o->out, o->target);
    ftf_corpus_forget(corpus, shared->input, len);
    bool is_new = false;
    char dir[4096], err[1024];
    int rc = ftf_store_put(o->out, &in, &is_new, dir, sizeof dir, err, sizeof err);
    ftf_observation_free(&obs);
    if (rc != FTF_STORE_OK) {
        FTF_ERROR("%s", err);
        *nospace = rc == FTF_STORE_ERR_NOSPACE;
        return -1;
    }
    if (is_new)
        FTF_FINDING("new %s (the killed worker's run in flight: %s)", dir, why);
    else
        FTF_INFO("%s: one more hit (the killed worker's run in flight: %s)", dir, why);
    return 1;
}
