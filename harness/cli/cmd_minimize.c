/* cmd_minimize.c - `ftfuzz minimize PATH`: shrink a finding, keeping its signature, and
 * rewrite its input, repro.py, report.txt and meta.json. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "cli/commands.h"
#include "cli/finding_load.h"
#include "cli/minimize_all.h"
#include "cli/reexec.h"
#include "runtime/harness.h"
#include "log.h"
#include "min_rate.h"
#include "minimize.h"
#include "observe.h"
#include "racing_ops.h"



struct oracle_ctx {
    const struct ftf_replay *r;
    const struct ftf_isolation *iso;
    const struct ftf_program *prog; /* the program being run, which exceptions name ops of */
    double timeout;
    double deadline;
    unsigned tries;      /* runs per candidate, from the measured rate */
    unsigned need;       /* reproductions a candidate needs among them */
    char *last_report;   /* the expected finding's report from the latest reproduction */
    char *last_threads;  /* that run's program threads' OS ids (struct ftf_run_result) */
    struct ftf_program *kept; /* every candidate the oracle accepted, oldest first */
    size_t n_kept, cap_kept;
};

/* One run of source: 1 when it shows the expected signature, 0 when not, -1 on error. */
static int run_once(struct oracle_ctx *c, const char *source)
{
    struct ftf_run_result res;
    struct ftf_observation obs;
    if (c->iso->run(source, c->timeout, &res) < 0)
        return -1;
    if (ftf_observe(&res, c->prog, c->r->ctx.mod, &obs) < 0) {
        ftf_run_result_free(&res);
        return -1;
    }
    int hit = ftf_observation_find(&obs, c->r->expected);
    if (hit >= 0) {
        free(c->last_report);
        c->last_report = strdup(obs.items[hit].report);
        free(c->last_threads);
        c->last_threads = strdup(res.threads ? res.threads : "");
    }
    ftf_observation_free(&obs);
    ftf_run_result_free(&res);
    return hit >= 0;
}

static int expired(void *vctx)
{
    const struct oracle_ctx *c = vctx;
    return ftf_now_s() > c->deadline;
}

static int oracle(const struct ftf_program *cand, void *vctx)
{
    struct oracle_ctx *c = vctx;
    if (ftf_now_s() > c->deadline)
        return -1;
    c->prog = cand;
    char *src = ftf_render(cand, FTF_RENDER_HARNESS, c->r->ctx.mod);
    if (!src)
        return -1;
    unsigned hits = 0, ran = 0;
    int ok = 0;
    for (unsigned i = 0; i < c->tries; i++) {
        int r = run_once(c, src);
        ran++;
        if (r < 0) {
            ok = -1;
            break;
        }
        hits += (unsigned)r;
        if (hits >= c->need) {
            ok = 1;
            break;
        }
        if (hits + (c->tries - i - 1) < c->need)
            break; /* cannot reach need any more */
    }
    free(src);
    FTF_MIN("candidate: threads=%u ops=%zu -> %s (%u of %u runs)", cand->n_threads,
            ftf_program_op_count(cand), ok > 0 ? "reproduces, kept" : "does not reproduce",
            hits, ran);
    if (ok > 0) {
        if (c->n_kept == c->cap_kept) {
            size_t cap = c->cap_kept ? 2 * c->cap_kept : 32;
            struct ftf_program *k = realloc(c->kept, cap * sizeof *k);
            if (!k)
                return ok; /* only the fallback below loses a step */
            c->kept = k;
            c->cap_kept = cap;
        }
        c->kept[c->n_kept++] = *cand;
    }
    return ok;
}

static int rate(struct oracle_ctx *c, const char *source, unsigned runs)
{
    int k = 0;
    for (unsigned i = 0; i < runs; i++) {
        int r = run_once(c, source);
        if (r < 0)
            return -1;
        k += r;
    }
    return k;
}

/* rate() of program p as the harness renders it; -1 on error (struct ftf_rate_probe). */
static int program_rate(const struct ftf_program *p, void *vctx)
{
    struct oracle_ctx *c = vctx;
    c->prog = p;
    char *src = ftf_render(p, FTF_RENDER_HARNESS, c->r->ctx.mod);
    int k = src ? rate(c, src, FTF_MIN_BASELINE_RUNS) : -1;
    free(src);
    return k;
}

/* The racing pair of a minimised program: from its latest report's two stacks (their
 * threads, and each thread's pinned or only op), else its pin's, else the one pair of ops
 * two threads hold (two threads of one op each). -1 when not known. */
static int name_pair(const struct oracle_ctx *c, const struct ftf_program *p,
                     const struct ftf_module_desc *mod, char *buf, size_t cap)
{
    if (ftf_racing_ops_from_report(p, mod, c->last_report, c->last_threads, buf, cap) == 0)
        return 0;
    if (ftf_racing_ops_of_pin(p, mod, buf, cap) == 0)
        return 0;
    struct ftf_program only[2];
    if (ftf_pin_candidates(p, only, 2) != 1)
        return -1;
    const struct ftf_pin *pin = &only[0].pin;
    return ftf_racing_ops_describe(p, mod, (struct ftf_op_ref){pin->thread[0], pin->op[0]},
                                   (struct ftf_op_ref){pin->thread[1], pin->op[1]}, buf, cap);
}

/* report.txt's text: the racing pair's line first, when known, then the report. */
static char *with_pair_header(const char *report, const char *pair)
{
    if (!pair)
        return strdup(report);
    size_t n = strlen(pair) + strlen(report) + 32;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "ftfuzz: racing ops: %s\n\n%s", pair, report);
    return s;
}

int ftf_cmd_minimize(struct ftf_options *o)
{
    if (o->n_args != 1) {
        FTF_ERROR("minimize needs exactly one PATH, a finding directory (with --all, an "
                  "output directory)");
        return FTF_EXIT_USAGE;
    }
    if (o->all)
        return ftf_minimize_all(o);
    /* The options table checked the name. */
    const struct ftf_isolation *iso =
        ftf_isolation_get(ftf_isolation_for_replay(ftf_isolation_parse(o->isolation)));
    if (ftf_reexec_for_replay() < 0)
        return FTF_EXIT_USAGE;
    const char *dir = o->args[0];
    struct ftf_replay r;
    int rc = FTF_EXIT_USAGE;
    struct oracle_ctx c = {.r = &r, .iso = iso, .timeout = (double)o->timeout};
    ftf_set_run_rss_bound(o->rss_limit);
    struct ftf_options table; /* the limits of an input whose finding records none */
    ftf_options_defaults(&table);
    if (ftf_replay_load(dir, o->module, o->path, o->spec, table.threads, table.iters, &r) < 0)
        goto out;
    if (!r.is_finding) {
        FTF_ERROR("%s: minimize works on a finding directory (with meta.json and input)", dir);
        goto out;
    }
    if (iso->kind == FTF_ISO_INPROC && ftf_finding_kind_kills_worker(r.meta.kind)) {
        FTF_ERROR("%s: %s findings kill or stall the process they run in: use "
                  "--isolation fork", dir, ftf_finding_kind_name(r.meta.kind));
        goto out;
    }
    c.deadline = ftf_now_s() + (o->time > 0 ? (double)o->time : 1e9);
    c.tries = 1;
    c.prog = &r.prog;
    int k0 = rate(&c, r.source, FTF_MIN_BASELINE_RUNS);
    if (k0 < 0)
        goto out;
    FTF_MIN("%s: baseline reproduced %d/%d with %zu ops in %u threads", dir, k0, FTF_MIN_BASELINE_RUNS,
            ftf_program_op_count(&r.prog), r.prog.n_threads);
    /* Start from the longest loops unless they reproduce less often (min_rate.h); the
     * iteration pass lowers them again later, if the rate allows. */
    struct ftf_rate_probe probe = {program_rate, expired, &c, &r.ctx.limits};
    struct ftf_program best = r.prog;
    if (ftf_min_start_inflated(&r.prog, &r.ctx.limits, k0))
        ftf_min_prefer_inflated(&probe, &best, &k0);
    /* A finding of one lucky overlap (a single turn per thread) may need the longest
     * loops to show again at all: only then is there nothing to minimise against. */
    if (k0 == 0) {
        FTF_ERROR("%s: does not reproduce (0/%d, also with the longest loops); nothing to "
                  "minimise against", dir, FTF_MIN_BASELINE_RUNS);
        rc = FTF_EXIT_CLEAN;
        goto out;
    }

    ftf_min_oracle_bar(k0, &c.tries, &c.need);
    FTF_MIN("a candidate must reproduce %u of up to %u runs", c.need, c.tries);

    /* A race report names its two threads, and mostly their ops: those alone first. */
    struct ftf_min_stats st, shortcut = {0};
    unsigned pair_threads[2];
    int pair_ops[2];
    if (ftf_racing_pair_from_report(&best, r.ctx.mod, c.last_report, c.last_threads,
                                    pair_threads, pair_ops) == 0) {
        FTF_MIN("the report's racing threads: %u (op %d) and %u (op %d); trying them alone",
                pair_threads[0], pair_ops[0], pair_threads[1], pair_ops[1]);
        ftf_minimize_to_pair(&best, &r.ctx.limits, pair_threads, pair_ops, oracle, &c, &shortcut);
    }
    ftf_minimize(&best, &r.ctx.limits, oracle, &c, &st);
    if (shortcut.tried) {
        st.ops_before = shortcut.ops_before;
        st.tried += shortcut.tried;
        st.stopped |= shortcut.stopped;
    }
    int k1 = program_rate(&best, &c);
    /* The result keeps the longest loops unless they reproduce less often: they add no
     * line to repro.py, and a race seen in one short overlap is lost on a busy machine
     * (bench/MEASUREMENTS.md). */
    if (k1 >= 0) {
        ftf_min_improve(&probe, &best, &k1);
        ftf_min_keep_the_rate(&probe, c.kept, c.n_kept, &best, &k1,
                              k0 < FTF_MIN_RATE_FLOOR ? k0 : FTF_MIN_RATE_FLOOR);
    }
    /* Pinned, the race replays far more often than free: the ops whose removal the free
     * program's noisy rate refused (a busy moment, a crash of the campaign beside it) get
     * their chance again, now under the pin (which the passes keep). */
    if (k1 >= 0 && best.pin.on && ftf_program_op_count(&best) > 2) {
        struct ftf_min_stats pinned;
        size_t ops = ftf_program_op_count(&best);
        ftf_minimize(&best, &r.ctx.limits, oracle, &c, &pinned);
        st.tried += pinned.tried;
        st.stopped |= pinned.stopped;
        int k2 = ftf_program_op_count(&best) < ops ? program_rate(&best, &c) : -1;
        if (k2 >= 0)
            k1 = k2;
    }
    FTF_MIN("done: ops %zu -> %zu, threads %u -> %u, reproduced %d/%d -> %d/%d, %u candidates%s",
            st.ops_before, ftf_program_op_count(&best), r.prog.n_threads, best.n_threads, k0,
            FTF_MIN_BASELINE_RUNS, k1, FTF_MIN_BASELINE_RUNS, st.tried, st.stopped ? " (time cap reached)" : "");

    uint8_t buf[FTF_ENCODED_MAX + 64];
    size_t n = ftf_encode(&best, buf, sizeof buf);
    char pair[512];
    int named = name_pair(&c, &best, r.ctx.mod, pair, sizeof pair) == 0;
    if (named)
        FTF_MIN("racing ops: %s", pair);
    char *repro = named ? ftf_render_mapped(&best, FTF_RENDER_STANDALONE, r.ctx.mod, pair, NULL)
                        : ftf_racing_ops_render_repro(&best, r.ctx.mod);
    char *report = c.last_report ? with_pair_header(c.last_report, named ? pair : NULL) : NULL;
    struct ftf_minimise_record rec = {
        .ops_before = (long long)st.ops_before,
        .ops_after = (long long)ftf_program_op_count(&best),
        .threads_before = r.prog.n_threads,
        .threads_after = best.n_threads,
        .reproduced_before = k0,
        .reproduced_after = k1 < 0 ? 0 : k1,
        .runs = FTF_MIN_BASELINE_RUNS,
        .racing_ops = named ? pair : NULL,
    };
    char err[1024];
    if (!repro || n > sizeof buf || (c.last_report && !report)) {
        FTF_ERROR("%s: cannot write the minimised finding: out of memory", dir);
        free(repro);
        free(report);
        goto out;
    }
    int stored = ftf_store_replace_minimised(dir, buf, n, repro, report, &rec, err,
                                             sizeof err);
    free(repro);
    free(report);
    if (stored != FTF_STORE_OK) {
        FTF_ERROR("%s", err);
        goto out;
    }
    rc = FTF_EXIT_FINDINGS;
out:
    free(c.last_report);
    free(c.last_threads);
    free(c.kept);
    ftf_replay_free(&r);
    return rc;
}
