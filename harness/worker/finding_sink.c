/* finding_sink.c - the run in flight (its input, program and target) and where its
 * findings go: the engine, the crash handler and the stuck-run watchdog all store here. */
#include "worker/finding_sink.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "origin.h"
#include "paths.h"
#include "racing_ops.h"
#include "render.h"
#include "report.h"
#include "runtime/program_io.h"
#include "runtime/tsan_capture.h"
#include "signature.h"
#include "store.h"
#include "worker/campaign_env.h"
#include "worker/campaign_shared.h"

static struct {
    const char *out;                   /* the campaign's output directory */
    const struct ftf_target_ctx *ctx;  /* what programs are decoded and rendered under */
    int stop_on_finding;
    struct ftf_campaign_shared *shared; /* the campaign's counters, or NULL */
    struct ftf_worker_shared *slot;     /* this worker's slot in them, or NULL */
    const uint8_t *data;               /* the run in flight: valid while in_flight */
    size_t size;
    const uint8_t *stored;             /* what its findings keep: data, or the encoding of
                                        * the program run when the probe steered it */
    size_t stored_size;
    struct ftf_program prog;
    atomic_int in_flight;
    atomic_int early_new;              /* new findings stored during the run in flight */
    bool fault_seen;                   /* a use-after-free or a crash stored from this run */
    unsigned long runs;                /* runs begun by this process */
} sink;

void ftf_sink_init(const char *out_dir, const struct ftf_target_ctx *ctx, int stop_on_finding,
                   struct ftf_campaign_shared *shared, struct ftf_worker_shared *slot)
{
    sink.shared = shared;
    sink.slot = slot;
    sink.out = out_dir;
    sink.ctx = ctx;
    sink.stop_on_finding = stop_on_finding;
}

void ftf_sink_begin_run(const uint8_t *data, size_t size, const uint8_t *stored,
                        size_t stored_size, const struct ftf_program *p)
{
    sink.data = data;
    sink.size = size;
    sink.stored = stored ? stored : data;
    sink.stored_size = stored ? stored_size : size;
    sink.prog = *p;
    sink.runs++;
    sink.fault_seen = false;
    ftf_shared_begin_run(sink.slot, data, size, stored, stored_size);
    atomic_store(&sink.in_flight, 1);
}

void ftf_sink_end_run(void)
{
    atomic_store(&sink.in_flight, 0);
    ftf_shared_end_run(sink.slot);
}

unsigned long ftf_sink_runs_before(void)
{
    return sink.runs ? sink.runs - 1 : 0;
}

int ftf_sink_in_flight(void)
{
    return atomic_load(&sink.in_flight);
}

/* The user's module's frame near the top of a report's stacks (origin.c), or of a crash's
 * faulting stack, as "file.c:function" into buf, so findings name the module's own code
 * first. */
static int module_origin(const struct ftf_target_ctx *ctx, enum ftf_finding_kind kind,
                         const char *report, char *buf, size_t len)
{
    if (!ctx->module_file[0])
        return 0;
    const char *cstack = kind == FTF_FINDING_CRASH ? strstr(report, FTF_CRASH_C_STACK_HEADING)
                                                   : NULL;
    if (cstack) {
        struct ftf_stack st;
        if (ftf_stack_parse_crash(cstack, &st) < 0)
            return 0;
        int found = ftf_module_origin_of_crash(&st, ctx->module_file, buf, len);
        ftf_stack_free(&st);
        if (found)
            return 1;
    }
    struct ftf_report_list list;
    if (ftf_report_parse(report, strlen(report), &list) < 0)
        return 0;
    int found = ftf_module_origin(&list, ctx->module_file, buf, len);
    ftf_report_list_free(&list);
    return found;
}

/* Store every item of obs as a finding of program p, decoded from data under ctx. */
static int store(const char *out_dir, const struct ftf_observation *obs,
                 const struct ftf_program *p, const struct ftf_target_ctx *ctx,
                 const uint8_t *data, size_t size)
{
    if (obs->n == 0)
        return 0;
    char *repro = ftf_racing_ops_render_repro(p, ctx->mod);
    int n_new = 0;
    for (size_t i = 0; i < obs->n; i++) {
        const struct ftf_observed *it = &obs->items[i];
        struct ftf_finding_in in;
        ftf_finding_in_init(&in, &it->sig);
        char origin[512], summary[1024];
        if (module_origin(ctx, it->sig.kind, it->report, origin, sizeof origin)) {
            in.origin = origin;
            in.cpython_module = ctx->cpython_module;
            snprintf(summary, sizeof summary, "[%s] %s", origin, it->sig.summary);
            in.summary = summary;
        }
        in.repro_py = repro;
        in.input = data;
        in.input_len = size;
        in.report = it->report;
        in.report_len = strlen(it->report);
        in.cpython_version = FTF_PY_VERSION;
        in.cpython_build = "free-threaded, TSan, libFuzzer coverage";
        in.ops = (long)ftf_program_op_count(p);
        /* What decoding the input again needs: replay must rebuild the same program. */
        in.module = ctx->module;
        in.module_path = ctx->module_path[0] ? ctx->module_path : NULL;
        in.spec = ctx->spec[0] ? ctx->spec : NULL;
        in.max_threads = ctx->limits.max_threads;
        in.max_iters = ctx->limits.max_iters;
        in.after_fault = it->after_fault;
        bool is_new = false;
        char dir[4096], err[1024];
        int rc = ftf_store_put(out_dir, &in, &is_new, dir, sizeof dir, err, sizeof err);
        if (rc == FTF_STORE_ERR_NOSPACE) {
            /* Fuzzing on would only drop more: stop at the first finding not stored, and
             * say how many (the supervisor reports them and exits 2). */
            FTF_ERROR("%s", err);
            if (sink.shared)
                ftf_shared_add(&sink.shared->lost, obs->n - i);
            _exit(FTF_WORKER_EXIT_NOSPACE);
        }
        if (rc != 0) {
            FTF_ERROR("%s", err);
            free(repro);
            return -1;
        }
        /* A finding first seen after a fault and now without one is no consequence. */
        if (!is_new && !it->after_fault &&
            ftf_store_clear_after_fault(dir, err, sizeof err) != FTF_STORE_OK)
            FTF_ERROR("%s", err);
        if (is_new) {
            /* With a module, only a finding in the module's own code ends a
             * --stop-on-finding campaign: CPython's races are found on the way. */
            if (!ctx->module || in.origin)
                n_new++;
            FTF_FINDING("new %s-%s %s (%s)", ftf_finding_kind_name(it->sig.kind), it->sig.hex,
                        in.summary, dir);
        }
    }
    free(repro);
    return n_new;
}

static void forget_input(const uint8_t *data, size_t size)
{
    const char *out = getenv(FTF_ENV_OUT), *target = getenv(FTF_ENV_TARGET);
    char dir[4096];
    if (out && target && snprintf(dir, sizeof dir, "%s/corpus/%s", out, target) < (int)sizeof dir)
        ftf_corpus_forget(dir, data, size);
}

int ftf_sink_observe(const struct ftf_run_result *res, struct ftf_observation *obs)
{
    return ftf_observe(res, &sink.prog, sink.ctx ? sink.ctx->mod : NULL, obs);
}

int ftf_sink_store(struct ftf_observation *obs)
{
    /* A run's reports may come in parts (ftf_sink_store_early): a fault in an earlier
     * part taints what follows it. */
    ftf_observation_follow(obs, &sink.fault_seen);
    return store(sink.out, obs, &sink.prog, sink.ctx, sink.stored, sink.stored_size);
}

void ftf_sink_forget_run(void)
{
    /* The supervisor never gives this input to a restarted worker again. */
    if (sink.slot)
        __atomic_store_n(&sink.slot->killer, 1, __ATOMIC_RELEASE);
    forget_input(sink.data, sink.size);
}

int ftf_sink_store_early(void)
{
    char *text;
    size_t len;
    if (!atomic_load(&sink.in_flight) || ftf_tsan_take_complete(&text, &len) < 0)
        return 0;
    int n_new = 0;
    struct ftf_run_result so_far = {.status = FTF_RUN_OK, .tsan_text = text, .tsan_len = len};
    struct ftf_observation obs;
    if (len && ftf_sink_observe(&so_far, &obs) == 0) {
        n_new = ftf_sink_store(&obs);
        ftf_observation_free(&obs);
    }
    free(text);
    if (n_new > 0)
        atomic_fetch_add(&sink.early_new, n_new);
    return n_new;
}

int ftf_sink_stop_pending(void)
{
    return sink.stop_on_finding && atomic_load(&sink.early_new) > 0;
}

void ftf_sink_stop_if_done(int n_new, const char *how)
{
    n_new += atomic_exchange(&sink.early_new, 0);
    if (n_new > 0 && sink.stop_on_finding) {
        FTF_INFO("stopping at the first finding (--stop-on-finding)%s", how);
        _exit(FTF_WORKER_EXIT_STOP);
    }
}
