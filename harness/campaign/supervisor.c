/* supervisor.c - the campaign loop: one libFuzzer worker process at a time (libFuzzer's
 * -jobs inside it), restarted after a crash or a hang so the search goes on. */
#include "clock.h"
#include "campaign/supervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "campaign/background_minimize.h"
#include "campaign/findings_stats.h"
#include "campaign/worker_log.h"
#include "deadlines.h"
#include "libfuzzer_options.h"
#include "log.h"
#include "paths.h"
#include "triage_bugs.h"
#include "runtime/harness.h"
#include "store.h"
#include "timeline.h"
#include "worker/campaign_env.h"
#include "worker/campaign_shared.h"
#include "campaign/killed_run.h"
#include "campaign/restart_corpus.h"

#define STATUS_EVERY_S 10
#define MAX_QUICK_FAILURES 3 /* workers dying before any run: a setup error */
#define MERGE_FLOOR 256       /* no merge below this many corpus inputs */
#define MERGE_S_PER_INPUT 0.2 /* a merge replays every input; none when time is short */

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

static int set_env_long(const char *name, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    return setenv(name, buf, 1);
}

/* The campaign's counters, shared with its workers (campaign_shared.h). */
static struct ftf_campaign_shared *shared;

static uint64_t runs_done(void)
{
    return ftf_shared_get(&shared->runs);
}

/* What the status lines need between two of them: the campaign's one rate state, and the
 * timeline it feeds. */
struct status_state {
    struct ftf_campaign_rates rates; /* new/s of the status line, runs/s of the timeline */
    FILE *timeline;                  /* <out>/timeline.tsv, appended to; NULL: not recorded */
    struct ftf_worker_log *log;      /* libFuzzer's latest cov and ft */
};

/* One line per status interval, flushed at once: a campaign killed at any point leaves
 * every point written so far (at worst a last line cut short, which readers skip). */
static void timeline_point(const struct status_state *ss, const struct ftf_timeline_point *p)
{
    if (!ss->timeline)
        return;
    ftf_timeline_write_point(ss->timeline, p);
    fflush(ss->timeline);
}

static void timeline_open(const struct ftf_campaign *c, struct status_state *ss)
{
    char path[4200], iso[32];
    snprintf(path, sizeof path, "%s/" FTF_TIMELINE_FILE, c->o->out);
    ss->timeline = fopen(path, "a");
    if (!ss->timeline) {
        FTF_INFO("%s: cannot append (%s): no timeline for the report", path, strerror(errno));
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    ftf_timeline_write_header(ss->timeline, iso);
    fflush(ss->timeline);
}

/* The status line, in bugs; the bug index is rewritten on the way (bugs.json). new/s is
 * the rate of mutated programs since the previous line: replays of the corpus are not
 * search. The timeline gets its point, from the same step of the same rates. */
static void print_status(const struct ftf_campaign *c, double started, struct status_state *ss)
{
    struct ftf_findings_stats st;
    struct ftf_bug_counts bc;
    char err[1024];
    if (ftf_findings_stats(c->o->out, &st) < 0)
        return;
    if (ftf_bug_index_refresh(c->o->out, c->known, &bc, err, sizeof err) < 0) {
        FTF_ERROR("%s", err);
        return;
    }
    char last[32] = "never";
    if (st.newest_first_seen > 0)
        snprintf(last, sizeof last, "%lds", (long)(time(NULL) - st.newest_first_seen));
    double elapsed = ftf_now_s() - started;
    uint64_t runs = runs_done(), new_runs = ftf_shared_get(&shared->new_runs);
    unsigned long long corpus = ftf_corpus_size(c->corpus);
    double new_rate, runs_rate;
    ftf_campaign_rates_step(&ss->rates, elapsed, runs, new_runs, &new_rate, &runs_rate);
    printf("FINDINGS: bugs=%zu new=%zu known=%zu signatures=%zu hits=%lu last_new=%s "
           "elapsed=%.0fs runs=%llu new_runs=%llu new/s=%.1f corpus=%llu\n", bc.bugs,
           bc.new_bugs, bc.known, bc.signatures, st.total, last, elapsed,
           (unsigned long long)runs, (unsigned long long)new_runs, new_rate, corpus);
    fflush(stdout);
    struct ftf_timeline_point p = {
        .elapsed_s = elapsed, .runs = (long long)runs, .runs_per_s = runs_rate,
        .cov = ss->log->cov, .ft = ss->log->ft, .corpus = (long long)corpus,
        .bugs = (long long)bc.bugs, .new_bugs = (long long)bc.new_bugs,
        .signatures = (long long)bc.signatures};
    timeline_point(ss, &p);
}

/* The target's fuzz/<target>.options as libFuzzer flags, put before the user's. */
static char target_flags[FTF_LIBFUZZER_FLAGS_MAX][FTF_LIBFUZZER_FLAG_LEN];
static size_t n_target_flags;

static void load_target_options(const char *target)
{
    char dir[4096], path[4200];
    if (ftf_fuzz_dir(dir, sizeof dir) < 0)
        return;
    snprintf(path, sizeof path, "%s/%s.options", dir, target);
    char *text = ftf_read_file(path, NULL);
    n_target_flags = ftf_libfuzzer_options_parse(text, dir, target_flags, FTF_LIBFUZZER_FLAGS_MAX);
    free(text);
}

/* The corpus directories a worker gets: libFuzzer writes new inputs to the first. */
struct corpus_dirs {
    const char *dir[2];
    size_t n;
    const char *merge_control; /* a merge: -merge=1 of dir[1] into dir[0], or NULL */
};

static char **worker_argv(const struct ftf_campaign *c, long remaining_s, long remaining_runs,
                          const struct corpus_dirs *dirs)
{
    const struct ftf_options *o = c->o;
    size_t n = 0, cap = 48 + (size_t)o->n_passthru;
    char **av = calloc(cap, sizeof *av);
    if (!av)
        return NULL;
    av[n++] = strdup(c->self);
    if (!o->merge && remaining_s > 0 &&
        asprintf(&av[n++], "-max_total_time=%ld", remaining_s) < 0)
        return NULL;
    if (!o->merge && o->runs > 0 && asprintf(&av[n++], "-runs=%ld", remaining_runs) < 0)
        return NULL;
    if (o->seed > 0 && asprintf(&av[n++], "-seed=%ld", o->seed) < 0)
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
    if (!o->merge && o->jobs > 1 && !dirs->merge_control && (asprintf(&av[n++], "-jobs=%ld", o->jobs) < 0 ||
                        asprintf(&av[n++], "-workers=%ld", o->jobs) < 0))
        return NULL;
    if (asprintf(&av[n++], "-artifact_prefix=%s/artifacts/", o->out) < 0)
        return NULL;
    av[n++] = strdup("-print_final_stats=1");
    /* The target's fuzz/<target>.options, then the user's flags, which win. */
    for (size_t i = 0; i < n_target_flags && n < cap - 4 - (size_t)o->n_passthru; i++)
        av[n++] = strdup(target_flags[i]);
    for (int i = 0; i < o->n_passthru; i++)
        av[n++] = strdup(o->passthru[i]);
    for (size_t i = 0; i < dirs->n; i++)
        av[n++] = strdup(dirs->dir[i]);
    av[n] = NULL;
    return av;
}

/* The user's own -runs or -max_total_time after --: then a clean exit is the end. */
static int user_limits(const struct ftf_options *o)
{
    for (int i = 0; i < o->n_passthru; i++)
        if (!strncmp(o->passthru[i], "-runs=", 6) ||
            !strncmp(o->passthru[i], "-max_total_time=", 16))
            return 1;
    return 0;
}

static void free_argv(char **av)
{
    for (size_t i = 0; av && av[i]; i++)
        free(av[i]);
    free(av);
}

int ftf_campaign_run(const struct ftf_campaign *c)
{
    const struct ftf_options *o = c->o;
    const struct ftf_minimize_queue mq = {.out_dir = o->out, .self = c->self, .known = c->known,
                                          .cap_s = o->minimize_time,
                                          .cpu_percent = o->minimize_cpu};
    load_target_options(o->target);
    for (int i = 0; i < o->n_passthru; i++)
        if (!strncmp(o->passthru[i], "-rss_limit_mb=", 14) && atol(o->passthru[i] + 14) != 0)
            FTF_INFO("%s starts libFuzzer's RSS thread: runs forked from the worker (fresh "
                     "state, fork) then see no races, as TSan ignores everything after a "
                     "multi-threaded fork; --worker-rss bounds memory without a thread",
                     o->passthru[i]);

    setenv(FTF_ENV_OUT, o->out, 1);
    setenv(FTF_ENV_TARGET, o->target, 1);
    set_env_long(FTF_ENV_THREADS, o->threads);
    set_env_long(FTF_ENV_ITERS, o->iters);
    set_env_long(FTF_ENV_TIMEOUT, o->timeout);
    set_env_long(FTF_ENV_WORKER_RSS, o->worker_rss);
    ftf_set_run_rss_bound(o->rss_limit);
    setenv(FTF_ENV_ISOLATION, o->isolation, 1);
    ftf_env_set_or_clear(FTF_ENV_STOP_ON_FINDING, o->stop_on_finding ? "1" : NULL);
    ftf_env_set_or_clear(FTF_ENV_MODULE, o->module);
    ftf_env_set_or_clear(FTF_ENV_PATH, o->path);
    ftf_env_set_or_clear(FTF_ENV_SPEC, o->spec);
    ftf_env_set_or_clear(FTF_ENV_PROBE_FILE, c->probe);

    char counter[128];
    if (!(shared = ftf_shared_create(counter, sizeof counter))) {
        FTF_ERROR("cannot create the campaign's shared counters: %s", strerror(errno));
        return -1;
    }
    setenv(FTF_ENV_RUN_COUNTER, counter, 1);
    /* What a campaign killed with SIGKILL left half-written in the same --out. */
    size_t leftovers = 0;
    char serr[1024];
    if (ftf_store_clean_staging(o->out, &leftovers, serr, sizeof serr) != FTF_STORE_OK)
        FTF_ERROR("%s", serr);
    else if (leftovers)
        FTF_INFO("%s: removed %zu half-written finding file(s) of a killed campaign", o->out,
                 leftovers);

    signal(SIGINT, on_interrupt);
    signal(SIGTERM, on_interrupt);
    struct ftf_worker_log wlog;
    ftf_worker_log_init(&wlog);
    /* The campaign's status: its rates start with it; a merge has no status lines. */
    struct status_state sst = {.log = &wlog};
    if (!o->merge)
        timeline_open(c, &sst);
    double started = ftf_now_s();
    FTF_INFO("campaign: target=%s out=%s time=%lds jobs=%ld seeds=%s", o->target, o->out,
             o->time, o->jobs,
             c->seeds ? c->seeds
             : o->module && !o->no_seeds ? "module (seed-module-NN, seed-probe-NN in the corpus)"
                                         : "(none)");
    int quick_failures = 0, rc = 0, restarts = 0, recycled = 0, nospace = 0;
    struct ftf_restart_corpus restart_corpus, *rcp = &restart_corpus;
    unsigned long merged_size = 0; /* the corpus's size after its last merge */
    char merged[4300], merge_ctl[4300];
    ftf_restart_corpus_init(rcp, o->out, o->target, c->corpus, c->seeds, (uint64_t)o->seed);
    /* --time is a promise: past it and the grace a run's whole deadline chain needs (so a
     * hang found at the end is still stored, deadlines.h), the worker is killed. */
    double hard_end = o->time > 0 ? (double)o->time + ftf_deadline_campaign_end(o->timeout) : 0;
    const char *why = "the worker's limits"; /* why the campaign ended, for its last line */
    for (;;) {
        long remaining = o->time > 0 ? o->time - (long)(ftf_now_s() - started) : 0;
        if (interrupted || (o->time > 0 && remaining <= 0)) {
            why = interrupted ? "interrupted" : "--time reached";
            break;
        }
        long runs_left = o->runs - (long)runs_done();
        if (o->runs > 0 && runs_left <= 0) {
            why = "--runs reached";
            break;
        }
        /* The first worker replays the whole corpus; a restarted one (after a crash, a
         * hang, a recycle) a bounded sample of it, in a directory of its own whose new
         * inputs go back into the corpus. */
        struct corpus_dirs dirs = {{c->corpus, o->merge ? o->merge : c->seeds},
                                   o->merge || c->seeds ? 2 : 1, NULL};
        /* Bound the corpus: interleavings make coverage noisy, so it keeps growing (and
         * restarted workers, which start without the campaign's features, add back what
         * it had). When it has doubled since the last merge, libFuzzer's -merge=1 keeps
         * the inputs that cover its features, between two workers. Not in a --runs
         * campaign: the merge's replays would eat its budget. */
        unsigned long corpus_n = ftf_corpus_size(c->corpus);
        int merging = !o->merge && o->runs == 0 && restarts + recycled > 0 && corpus_n >= MERGE_FLOOR &&
                      corpus_n >= 2 * merged_size &&
                      (o->time == 0 || (double)remaining > MERGE_S_PER_INPUT * (double)corpus_n);
        if (merging) {
            snprintf(merged, sizeof merged, "%s.merged", c->corpus);
            snprintf(merge_ctl, sizeof merge_ctl, "%s.merge-control", c->corpus);
            if (ftf_corpus_dir_remove(merged) < 0 || ftf_mkdirs(merged) < 0) {
                merging = 0;
            } else {
                dirs = (struct corpus_dirs){{merged, c->corpus}, 2, merge_ctl};
                FTF_INFO("corpus: merging its %lu inputs (-merge=1)", corpus_n);
            }
        }
        if (!merging && (restarts + recycled > 0 || c->resumed)) {
            long k = ftf_restart_corpus_prepare(rcp);
            if (k >= 0) {
                dirs = (struct corpus_dirs){{rcp->dir, NULL}, 1, NULL};
                FTF_INFO("restart: the worker replays %ld of the corpus's %lu inputs",
                         k, ftf_corpus_size(c->corpus));
            }
        }
        char **av = worker_argv(c, remaining, runs_left, &dirs);
        if (!av) {
            FTF_ERROR("out of memory");
            ftf_background_minimize_stop(&mq);
            ftf_worker_log_close(&wlog);
            if (sst.timeline)
                fclose(sst.timeline);
            return -1;
        }
        uint64_t runs_before = runs_done();
        ftf_shared_end_run(shared); /* the previous worker's run, if any, is accounted for */
        __atomic_store_n(&shared->killer, 0, __ATOMIC_RELEASE);
        int child_err = -1;
        if (ftf_worker_log_open(&wlog, &child_err) < 0)
            child_err = -1; /* the worker then writes to our stderr itself */
        pid_t pid = fork();
        if (pid == 0) {
            if (child_err >= 0)
                dup2(child_err, STDERR_FILENO);
            execv(c->self, av);
            _exit(127);
        }
        if (child_err >= 0)
            close(child_err);
        free_argv(av);
        if (pid < 0) {
            FTF_ERROR("fork: %s", strerror(errno));
            ftf_background_minimize_stop(&mq);
            ftf_worker_log_close(&wlog);
            if (sst.timeline)
                fclose(sst.timeline);
            return -1;
        }
        int status = 0, killed = 0;
        double last_status = ftf_now_s(), last_progress = ftf_now_s();
        uint64_t progress = runs_before;
        for (;;) {
            pid_t w = waitpid(pid, &status, WNOHANG);
            if (w == pid)
                break;
            if (interrupted)
                kill(pid, SIGINT);
            /* A worker whose run count stops moving is stuck where its own deadline cannot
             * act (a stop-the-world pause that never ends, a deadlock in C code, where
             * TSan also holds back libFuzzer's -timeout signal): kill it, go on. */
            uint64_t now_runs = runs_done();
            if (now_runs != progress) {
                progress = now_runs;
                last_progress = ftf_now_s();
            } else if (ftf_now_s() - last_progress > ftf_deadline_no_progress(o->timeout)) {
                FTF_INFO("worker made no progress for %.0fs: killing it (stuck outside the "
                         "harness's reach and its watchdog's)", ftf_now_s() - last_progress);
                kill(pid, SIGKILL);
                waitpid(pid, &status, 0);
                killed = 1;
                if (ftf_store_killed_run(o, shared, "no progress", &nospace) < 0 && nospace)
                    break;
                last_progress = ftf_now_s();
                break;
            }
            if (hard_end > 0 && ftf_now_s() - started > hard_end) {
                FTF_INFO("worker still running %.0fs past --time %ld: killing it",
                         ftf_now_s() - started - (double)o->time, o->time);
                kill(pid, SIGKILL);
                waitpid(pid, &status, 0);
                killed = 1;
                ftf_store_killed_run(o, shared, "still running at the campaign's end",
                                     &nospace);
                break;
            }
            if (!o->merge && ftf_now_s() - last_status >= STATUS_EVERY_S) {
                ftf_restart_corpus_collect(rcp);
                print_status(c, started, &sst);
                last_status = ftf_now_s();
                if (!o->no_minimize)
                    ftf_background_minimize(&mq);
            }
            if (!o->merge && !o->no_minimize)
                ftf_background_minimize_tick(&mq);
            ftf_worker_log_pump(&wlog, 100);
        }
        ftf_worker_log_close(&wlog);
        if (o->merge) {
            int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
            why = ok ? "merged" : "the merge failed";
            if (!ok)
                rc = -1;
            break;
        }
        /* libFuzzer exits 0 when its -runs or -max_total_time is reached, but so does a
         * worker TSan killed for a deadly signal (its exitcode=0 keeps ftfuzz's own exit
         * statuses ours). So: budget left means the worker died early, unless the user's
         * own limits after -- stopped it. */
        ftf_restart_corpus_collect(rcp);
        /* An input whose run took the worker down is not replayed by the next one. */
        if (__atomic_load_n(&shared->in_flight, __ATOMIC_ACQUIRE) ||
            __atomic_load_n(&shared->killer, __ATOMIC_ACQUIRE))
            ftf_restart_corpus_kill(rcp, shared->input, shared->input_len);
        /* SIGKILL from elsewhere mid-run: the stuck-run watchdog's own bound (its store
         * blocked) or the kernel's OOM killer. The worker stored nothing; its run is kept. */
        if (!killed && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            ftf_store_killed_run(o, shared, "the worker was killed (SIGKILL) mid-run: its "
                                 "stuck-run watchdog ran out of time, or the kernel's OOM "
                                 "killer", &nospace);
        if (nospace || (WIFEXITED(status) && WEXITSTATUS(status) == FTF_WORKER_EXIT_NOSPACE)) {
            /* Fuzzing on would only find what cannot be kept. */
            unsigned long long lost = ftf_shared_get(&shared->lost) + (unsigned)nospace;
            struct ftf_findings_stats st = {0};
            ftf_findings_stats(o->out, &st);
            FTF_ERROR("%s: the disk is full: the campaign stopped at the first finding it "
                      "could not store; %llu finding(s) lost, the %u stored are complete",
                      o->out, lost, st.unique);
            why = "disk full";
            rc = -1;
            break;
        }
        if (hard_end > 0 && ftf_now_s() - started > hard_end) {
            why = "--time reached";
            break;
        }
        if (merging) {
            unsigned long kept = ftf_corpus_size(merged);
            merged_size = corpus_n; /* a failed merge waits for the next doubling too */
            if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && kept > 0 &&
                ftf_corpus_dir_swap(c->corpus, merged) == 0) {
                merged_size = kept;
                FTF_INFO("corpus: merged %lu inputs into %lu", corpus_n, kept);
            } else {
                FTF_INFO("corpus: the merge did not finish; the corpus stays as it was");
            }
            ftf_corpus_dir_remove(merged);
            unlink(merge_ctl);
            if (interrupted) {
                why = "interrupted";
                break;
            }
            continue;
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) == FTF_WORKER_EXIT_STOP) {
            why = "--stop-on-finding";
            break;
        }
        int budget_left = (o->runs <= 0 || (long)runs_done() < o->runs) &&
                          (o->time <= 0 || ftf_now_s() - started < (double)o->time - 2.0);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
            (!budget_left || user_limits(o))) {
            why = !budget_left ? (o->runs > 0 ? "--runs reached" : "--time reached")
                               : "the worker's limits";
            break;
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) == FTF_WORKER_EXIT_RECYCLE) {
            FTF_INFO("worker passed --worker-rss %ld MB: replacing it by a fresh one",
                     o->worker_rss);
            recycled++;
            continue;
        }
        /* A worker that ran no program at all is a setup problem, not a finding. */
        int quick = runs_done() == runs_before;
        if (WIFEXITED(status))
            FTF_INFO("worker exited with status %d%s", WEXITSTATUS(status),
                     WEXITSTATUS(status) == FTF_WORKER_EXIT_HANG ? " (hang or oom stored)"
                     : WEXITSTATUS(status) == 0 ? " before its budget (a deadly signal)" : "");
        else if (WIFSIGNALED(status))
            FTF_INFO("worker killed by signal %d", WTERMSIG(status));
        if (interrupted) {
            why = "interrupted";
            break;
        }
        if (quick && ++quick_failures >= MAX_QUICK_FAILURES) {
            why = "the worker failed at start-up";
            /* Name only what the user gave: a module that does not import is the usual
             * cause with --module, libFuzzer flags only when there are some. */
            FTF_ERROR("the fuzzing worker keeps failing at start-up (see the lines above); %s"
                      "run `ftfuzz doctor`",
                      o->module ? "check that --module imports from --path and has something "
                                  "to call (ftfuzz build-ext names the module after its "
                                  "PyInit_ function and tries the import); "
                      : o->n_passthru ? "check the flags after --; " : "");
            rc = -1;
            break;
        }
        FTF_INFO("restarting the worker; the campaign goes on");
        restarts++;
    }
    ftf_restart_corpus_finish(rcp);
    /* One line that says the campaign ran to its end, whatever its last worker did. */
    printf("CAMPAIGN: done: runs=%llu new_runs=%llu replayed=%llu restarts=%d recycled=%d "
           "corpus=%lu elapsed=%.0fs (%s)\n", (unsigned long long)runs_done(),
           (unsigned long long)ftf_shared_get(&shared->new_runs),
           (unsigned long long)ftf_shared_get(&shared->replayed), restarts, recycled,
           ftf_corpus_size(c->corpus), ftf_now_s() - started, why);
    /* --drain-minimize: the search is over; the new bugs left are minimised now, one after
     * the other, each within its cap (on the same CPU share), before the campaign ends. */
    if (!o->merge && !o->no_minimize && o->drain_minimize && !interrupted) {
        /* With a module, its own bugs: CPython's are found on the way (as for
         * --stop-on-finding), and `ftfuzz minimize DIR --all` drains those. */
        struct ftf_minimize_queue drain = mq;
        drain.module_only = o->module != NULL;
        FTF_INFO("minimising the new bugs%s left before the campaign ends (--drain-minimize)",
                 drain.module_only ? " of the module" : "");
        while (!interrupted && ftf_background_minimize(&drain)) {
            ftf_background_minimize_tick(&mq);
            usleep(100 * 1000);
        }
    }
    ftf_background_minimize_stop(&mq); /* the campaign is over: so is its background work */
    if (!o->merge)
        print_status(c, started, &sst);
    if (c->result) {
        c->result->runs = runs_done();
        c->result->interrupted = interrupted != 0;
        c->result->cov = wlog.cov;
    }
    ftf_shared_destroy(shared, counter); /* a sweep runs campaigns one after the other */
    shared = NULL;
    if (sst.timeline)
        fclose(sst.timeline);
    return rc;
}
