/* supervisor.c - the campaign loop: --jobs worker slots, each running one libFuzzer worker
 * process, restarted on its own after a crash or a hang so the search goes on. */
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
#include "campaign/worker_argv.h"
#include "campaign/worker_log.h"
#include "deadlines.h"
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
/* Merges take at most this share of the campaign's time: a merge's replays are no search,
 * and a restarted worker replays a bounded sample whatever the corpus's size. */
#define MERGE_TIME_SHARE 0.10

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
    long long cov, ft;               /* libFuzzer's latest, over the workers; -1: none yet */
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
        .cov = ss->cov, .ft = ss->ft, .corpus = (long long)corpus,
        .bugs = (long long)bc.bugs, .new_bugs = (long long)bc.new_bugs,
        .signatures = (long long)bc.signatures};
    timeline_point(ss, &p);
}

/* One worker slot (--jobs N has N): its worker process, the pipe its stderr comes through,
 * its restart corpus, and what the supervisor watches of it. */
struct slot {
    unsigned index;
    pid_t pid;                        /* its worker, 0 when none runs */
    struct ftf_worker_log log;
    struct ftf_restart_corpus rc;     /* a restarted worker's sample, and its new inputs */
    struct ftf_worker_shared *shared; /* its part of the counters */
    int started;                      /* workers this slot has started */
    uint64_t runs_at_start;           /* the slot's runs when its worker started */
    uint64_t progress;                /* the slot's runs at their last change */
    double last_progress;
    int killed;                       /* the supervisor killed the worker */
    unsigned long merge_input;        /* the corpus's size when that merge began */
    char who[24];                     /* "job N: " before its lines with --jobs, else "" */
};

/* The campaign across its slots. */
struct campaign_state {
    const struct ftf_campaign *c;
    struct slot *slots;
    size_t n_slots;
    double started, hard_end;
    int ending;       /* no worker starts any more; the campaign ends when none runs */
    int rc;
    const char *why;  /* why the campaign ended, for its last line */
    int restarts, recycled, quick_failures, nospace;
    struct slot *merger;        /* the slot whose worker is merging the corpus, or NULL */
    int disk_full_said;         /* the disk-full error was printed */
    double merge_began;         /* when it began */
    double merge_s;             /* seconds the campaign's merges have taken so far */
    unsigned long merged_size;  /* the corpus's size after its last merge */
    char merged[4300], merge_ctl[4300];
    char pending[4300]; /* the other slots' new inputs while a merge runs */
};

/* Move slot sl's new inputs into the corpus; while a merge reads the corpus (and then
 * swaps it for its result), into the pending directory that merge_done empties. */
static void collect(struct campaign_state *cs, struct slot *sl)
{
    if (cs->merger)
        ftf_restart_corpus_collect_to(&sl->rc, cs->pending);
    else
        ftf_restart_corpus_collect(&sl->rc);
}

/* The campaign ends for why (the first reason given wins); stop_workers: the other slots'
 * workers are told to stop now (SIGINT, libFuzzer's own way out) instead of running to
 * their own limits. */
static void end_campaign(struct campaign_state *cs, const char *why, int failed, int stop_workers)
{
    if (!cs->ending) {
        cs->ending = 1;
        cs->why = why;
    }
    if (failed)
        cs->rc = -1;
    for (size_t i = 0; stop_workers && i < cs->n_slots; i++)
        if (cs->slots[i].pid > 0)
            kill(cs->slots[i].pid, SIGINT);
}

static double elapsed_s(const struct campaign_state *cs)
{
    return ftf_now_s() - cs->started;
}

/* The corpus directories slot sl's next worker gets, merging when the corpus is due:
 * the first worker of a campaign replays the whole corpus; a restarted one (after a crash,
 * a hang, a recycle), and with --jobs every slot but the first, a bounded sample of it, in
 * a directory of its own whose new inputs go back into the corpus. */
static void choose_dirs(struct campaign_state *cs, struct slot *sl, long remaining,
                        struct ftf_corpus_dirs *dirs)
{
    const struct ftf_campaign *c = cs->c;
    const struct ftf_options *o = c->o;
    *dirs = (struct ftf_corpus_dirs){{c->corpus, o->merge ? o->merge : c->seeds, NULL},
                                 o->merge || c->seeds ? 2 : 1, NULL};
    /* Bound the corpus: interleavings make coverage noisy, so it keeps growing (and
     * restarted workers, which start without the campaign's features, add back what it
     * had). When it has doubled since the last merge, libFuzzer's -merge=1 keeps the inputs
     * that cover its features, in place of one worker. Not in a --runs campaign: the
     * merge's replays would eat its budget. */
    unsigned long corpus_n = ftf_corpus_size(c->corpus);
    int merge = !o->merge && o->runs == 0 && !cs->merger &&
                  cs->restarts + cs->recycled > 0 && corpus_n >= MERGE_FLOOR &&
                  corpus_n >= 2 * cs->merged_size &&
                  cs->merge_s <= MERGE_TIME_SHARE * elapsed_s(cs) &&
                  (o->time == 0 || (double)remaining > MERGE_S_PER_INPUT * (double)corpus_n);
    if (merge) {
        snprintf(cs->merged, sizeof cs->merged, "%s.merged", c->corpus);
        snprintf(cs->merge_ctl, sizeof cs->merge_ctl, "%s.merge-control", c->corpus);
        snprintf(cs->pending, sizeof cs->pending, "%s.pending", c->corpus);
        /* when its directories cannot be made, no merge this time: the worker runs */
        if (ftf_corpus_dir_remove(cs->merged) == 0 && ftf_mkdirs(cs->merged) == 0 &&
            ftf_mkdirs(cs->pending) == 0) {
            *dirs = (struct ftf_corpus_dirs){{cs->merged, c->corpus, NULL}, 2, cs->merge_ctl};
            sl->merge_input = corpus_n;
            cs->merger = sl;
            cs->merge_began = ftf_now_s();
            FTF_INFO("corpus: merging its %lu inputs (-merge=1)", corpus_n);
            return;
        }
    }
    if (o->merge)
        return;
    if (sl->started > 0 || c->resumed || sl->index > 0) {
        long k = ftf_restart_corpus_prepare(&sl->rc);
        if (k >= 0) {
            *dirs = (struct ftf_corpus_dirs){{sl->rc.dir, NULL, NULL}, 1, NULL};
            FTF_INFO("%srestart: the worker replays %ld of the corpus's %lu inputs", sl->who, k,
                     corpus_n);
        }
    } else if (cs->n_slots > 1 && ftf_restart_corpus_prepare_empty(&sl->rc) == 0) {
        /* The first slot replays the whole corpus, but writes its new inputs to its own
         * directory as the others do: a merge swaps the corpus while workers run. */
        *dirs = (struct ftf_corpus_dirs){{sl->rc.dir, c->corpus, c->seeds}, c->seeds ? 3 : 2, NULL};
    }
}

/* Start slot sl's next worker. 0, or -1 after end_campaign (fork failed, out of memory). */
static int start_worker(struct campaign_state *cs, struct slot *sl)
{
    const struct ftf_campaign *c = cs->c;
    const struct ftf_options *o = c->o;
    long remaining = o->time > 0 ? o->time - (long)elapsed_s(cs) : 0;
    long runs_left = o->runs - (long)runs_done();
    struct ftf_corpus_dirs dirs;
    choose_dirs(cs, sl, remaining, &dirs);
    char **av = ftf_worker_argv(o, c->self, sl->index, remaining, runs_left, &dirs);
    if (!av) {
        FTF_ERROR("out of memory");
        end_campaign(cs, "out of memory", 1, 1);
        return -1;
    }
    ftf_shared_end_run(sl->shared); /* the previous worker's run, if any, is accounted for */
    __atomic_store_n(&sl->shared->killer, 0, __ATOMIC_RELEASE);
    sl->runs_at_start = sl->progress = ftf_shared_get(&sl->shared->runs);
    sl->last_progress = ftf_now_s();
    sl->killed = 0;
    int child_err = -1;
    if (ftf_worker_log_open(&sl->log, &child_err) < 0)
        child_err = -1; /* the worker then writes to our stderr itself */
    set_env_long(FTF_ENV_WORKER_SLOT, (long)sl->index);
    pid_t pid = fork();
    if (pid == 0) {
        if (child_err >= 0)
            dup2(child_err, STDERR_FILENO);
        execv(c->self, av);
        _exit(127);
    }
    if (child_err >= 0)
        close(child_err);
    ftf_worker_argv_free(av);
    if (pid < 0) {
        FTF_ERROR("fork: %s", strerror(errno));
        ftf_worker_log_close(&sl->log);
        if (cs->merger == sl)
            cs->merger = NULL;
        end_campaign(cs, "fork failed", 1, 1);
        return -1;
    }
    sl->pid = pid;
    sl->started++;
    return 0;
}

/* A merge's worker has exited: the merged corpus replaces the corpus when it finished. */
static void merge_done(struct campaign_state *cs, struct slot *sl, int status)
{
    const char *corpus = cs->c->corpus;
    unsigned long kept = ftf_corpus_size(cs->merged);
    cs->merged_size = sl->merge_input; /* a failed merge waits for the next doubling too */
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && kept > 0 &&
        ftf_corpus_dir_swap(corpus, cs->merged) == 0) {
        cs->merged_size = kept;
        FTF_INFO("corpus: merged %lu inputs into %lu", sl->merge_input, kept);
    } else {
        FTF_INFO("corpus: the merge did not finish; the corpus stays as it was");
    }
    ftf_corpus_dir_remove(cs->merged);
    unlink(cs->merge_ctl);
    cs->merger = NULL;
    cs->merge_s += ftf_now_s() - cs->merge_began;
    ftf_corpus_move_new(cs->pending, corpus);
    ftf_corpus_dir_remove(cs->pending);
}

/* Slot sl's worker has exited with status: account for it, store what a kill left, and
 * decide whether the campaign ends or the slot gets a new worker. */
static void worker_exited(struct campaign_state *cs, struct slot *sl, int status)
{
    const struct ftf_options *o = cs->c->o;
    ftf_worker_log_close(&sl->log);
    sl->pid = 0;
    if (o->merge) {
        int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        end_campaign(cs, ok ? "merged" : "the merge failed", !ok, 0);
        return;
    }
    /* libFuzzer exits 0 when its -runs or -max_total_time is reached, but so does a
     * worker TSan killed for a deadly signal (its exitcode=0 keeps ftfuzz's own exit
     * statuses ours). So: budget left means the worker died early, unless the user's
     * own limits after -- stopped it. */
    collect(cs, sl);
    /* An input whose run took the worker down is not replayed by any later one. */
    if (__atomic_load_n(&sl->shared->in_flight, __ATOMIC_ACQUIRE) ||
        __atomic_load_n(&sl->shared->killer, __ATOMIC_ACQUIRE))
        for (size_t i = 0; i < cs->n_slots; i++)
            ftf_restart_corpus_kill(&cs->slots[i].rc, sl->shared->input, sl->shared->input_len);
    /* SIGKILL from elsewhere mid-run: the stuck-run watchdog's own bound (its store
     * blocked) or the kernel's OOM killer. The worker stored nothing; its run is kept. */
    if (!sl->killed && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        ftf_store_killed_run(o, sl->shared, "the worker was killed (SIGKILL) mid-run: its "
                             "stuck-run watchdog ran out of time, or the kernel's OOM killer",
                             &cs->nospace);
    if (cs->nospace || (WIFEXITED(status) && WEXITSTATUS(status) == FTF_WORKER_EXIT_NOSPACE)) {
        /* Fuzzing on would only find what cannot be kept. */
        unsigned long long lost = ftf_shared_get(&shared->lost) + (unsigned)cs->nospace;
        struct ftf_findings_stats st = {0};
        ftf_findings_stats(o->out, &st);
        if (!cs->disk_full_said++)
            FTF_ERROR("%s: the disk is full: the campaign stopped at the first finding it "
                      "could not store; %llu finding(s) lost, the %u stored are complete",
                      o->out, lost, st.unique);
        end_campaign(cs, "disk full", 1, 1);
        return;
    }
    if (cs->hard_end > 0 && elapsed_s(cs) > cs->hard_end) {
        end_campaign(cs, "--time reached", 0, 0);
        return;
    }
    if (cs->merger == sl) {
        merge_done(cs, sl, status);
        if (interrupted)
            end_campaign(cs, "interrupted", 0, 1);
        return;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == FTF_WORKER_EXIT_STOP) {
        end_campaign(cs, "--stop-on-finding", 0, 1);
        return;
    }
    int budget_left = (o->runs <= 0 || (long)runs_done() < o->runs) &&
                      (o->time <= 0 || elapsed_s(cs) < (double)o->time - 2.0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && (!budget_left || ftf_worker_argv_user_limits(o))) {
        end_campaign(cs, !budget_left ? (o->runs > 0 ? "--runs reached" : "--time reached")
                                      : "the worker's limits", 0, 0);
        return;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == FTF_WORKER_EXIT_RECYCLE) {
        FTF_INFO("%sworker passed --worker-rss %ld MB: replacing it by a fresh one", sl->who,
                 o->worker_rss);
        cs->recycled++;
        return;
    }
    /* A worker that ran no program at all is a setup problem, not a finding. */
    int quick = ftf_shared_get(&sl->shared->runs) == sl->runs_at_start;
    if (WIFEXITED(status))
        FTF_INFO("%sworker exited with status %d%s", sl->who, WEXITSTATUS(status),
                 WEXITSTATUS(status) == FTF_WORKER_EXIT_HANG ? " (hang or oom stored)"
                 : WEXITSTATUS(status) == 0 ? " before its budget (a deadly signal)" : "");
    else if (WIFSIGNALED(status))
        FTF_INFO("%sworker killed by signal %d", sl->who, WTERMSIG(status));
    if (interrupted) {
        end_campaign(cs, "interrupted", 0, 1);
        return;
    }
    if (quick && ++cs->quick_failures >= MAX_QUICK_FAILURES) {
        /* Name only what the user gave: a module that does not import is the usual cause
         * with --module, libFuzzer flags only when there are some. */
        if (!cs->ending)
            FTF_ERROR("the fuzzing worker keeps failing at start-up (see the lines above); %s"
                      "run `ftfuzz doctor`",
                      o->module ? "check that --module imports from --path and has something "
                                  "to call (ftfuzz build-ext names the module after its "
                                  "PyInit_ function and tries the import); "
                      : o->n_passthru ? "check the flags after --; " : "");
        end_campaign(cs, "the worker failed at start-up", 1, 1);
        return;
    }
    if (!cs->ending) {
        FTF_INFO("%srestarting the worker; the campaign goes on", sl->who);
        cs->restarts++;
    }
}

/* Kill slot sl's worker, which the supervisor gave up on (why), and store its run in
 * flight as a hang. */
static void kill_worker(struct campaign_state *cs, struct slot *sl, const char *why)
{
    int status = 0;
    kill(sl->pid, SIGKILL);
    waitpid(sl->pid, &status, 0);
    sl->killed = 1;
    ftf_store_killed_run(cs->c->o, sl->shared, why, &cs->nospace);
    worker_exited(cs, sl, status);
}

/* One look at slot sl's running worker: has it exited, or is it stuck or past the end? */
static void watch_worker(struct campaign_state *cs, struct slot *sl)
{
    const struct ftf_options *o = cs->c->o;
    int status = 0;
    if (waitpid(sl->pid, &status, WNOHANG) == sl->pid) {
        worker_exited(cs, sl, status);
        return;
    }
    if (interrupted)
        kill(sl->pid, SIGINT);
    /* A worker whose run count stops moving is stuck where its own deadline cannot act (a
     * stop-the-world pause that never ends, a deadlock in C code, where TSan also holds
     * back libFuzzer's -timeout signal): kill it, go on. */
    uint64_t now_runs = ftf_shared_get(&sl->shared->runs);
    if (now_runs != sl->progress) {
        sl->progress = now_runs;
        sl->last_progress = ftf_now_s();
    } else if (ftf_now_s() - sl->last_progress > ftf_deadline_no_progress(o->timeout)) {
        FTF_INFO("%sworker made no progress for %.0fs: killing it (stuck outside the "
                 "harness's reach and its watchdog's)", sl->who, ftf_now_s() - sl->last_progress);
        kill_worker(cs, sl, "no progress");
        return;
    }
    if (cs->hard_end > 0 && elapsed_s(cs) > cs->hard_end) {
        FTF_INFO("%sworker still running %.0fs past --time %ld: killing it", sl->who,
                 elapsed_s(cs) - (double)o->time, o->time);
        kill_worker(cs, sl, "still running at the campaign's end");
    }
}

/* Whether the campaign's budget allows another worker; when not, it ends. */
static int budget_allows_start(struct campaign_state *cs)
{
    const struct ftf_options *o = cs->c->o;
    if (interrupted)
        end_campaign(cs, "interrupted", 0, 1);
    else if (o->time > 0 && o->time - (long)elapsed_s(cs) <= 0)
        end_campaign(cs, "--time reached", 0, 0);
    else if (o->runs > 0 && (long)runs_done() >= o->runs)
        end_campaign(cs, "--runs reached", 0, 0);
    return !cs->ending;
}

static size_t running_workers(const struct campaign_state *cs)
{
    size_t n = 0;
    for (size_t i = 0; i < cs->n_slots; i++)
        n += cs->slots[i].pid > 0;
    return n;
}

/* The status line's coverage: the highest any worker printed last (each worker counts its
 * own process's coverage). */
static void status_coverage(const struct campaign_state *cs, struct status_state *ss)
{
    ss->cov = ss->ft = -1;
    for (size_t i = 0; i < cs->n_slots; i++) {
        if (cs->slots[i].log.cov > ss->cov)
            ss->cov = cs->slots[i].log.cov;
        if (cs->slots[i].log.ft > ss->ft)
            ss->ft = cs->slots[i].log.ft;
    }
}

/* Pass every running worker's stderr on, waiting up to timeout_ms for any. */
static void pump_logs(struct campaign_state *cs, int timeout_ms)
{
    struct ftf_worker_log *logs[FTF_JOBS_MAX];
    size_t n = 0;
    for (size_t i = 0; i < cs->n_slots; i++)
        logs[n++] = &cs->slots[i].log;
    ftf_worker_logs_pump(logs, n, timeout_ms);
}

int ftf_campaign_run(const struct ftf_campaign *c)
{
    const struct ftf_options *o = c->o;
    const struct ftf_minimize_queue mq = {.out_dir = o->out, .self = c->self, .known = c->known,
                                          .cap_s = o->minimize_time,
                                          .cpu_percent = o->minimize_cpu};
    ftf_worker_argv_load_target(o->target);
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
    set_env_long(FTF_ENV_RUNS, o->merge ? 0 : o->runs);
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

    /* A merge is one worker; a campaign has --jobs slots (options.def bounds it). */
    size_t n_slots = o->merge ? 1 : (size_t)o->jobs;
    if (n_slots > FTF_JOBS_MAX)
        n_slots = FTF_JOBS_MAX;
    struct campaign_state cs = {.c = c, .n_slots = n_slots, .why = "the worker's limits"};
    if (!(cs.slots = calloc(n_slots, sizeof *cs.slots))) {
        FTF_ERROR("out of memory");
        ftf_shared_destroy(shared, counter);
        shared = NULL;
        return -1;
    }
    for (size_t i = 0; i < n_slots; i++) {
        struct slot *sl = &cs.slots[i];
        sl->index = (unsigned)i;
        sl->shared = &shared->worker[i];
        ftf_worker_log_init(&sl->log, n_slots > 1 ? (int)i : -1);
        if (n_slots > 1)
            snprintf(sl->who, sizeof sl->who, "job %zu: ", i);
        ftf_restart_corpus_init(&sl->rc, o->out, o->target, (unsigned)i, c->corpus, c->seeds,
                                o->seed > 0 ? (uint64_t)o->seed + i : 0);
    }

    signal(SIGINT, on_interrupt);
    signal(SIGTERM, on_interrupt);
    /* The campaign's status: its rates start with it; a merge has no status lines. */
    struct status_state sst = {.cov = -1, .ft = -1};
    if (!o->merge)
        timeline_open(c, &sst);
    cs.started = ftf_now_s();
    FTF_INFO("campaign: target=%s out=%s time=%lds jobs=%ld seeds=%s", o->target, o->out,
             o->time, o->jobs,
             c->seeds ? c->seeds
             : o->module && !o->no_seeds ? "module (seed-module-NN, seed-probe-NN in the corpus)"
                                         : "(none)");
    /* --time is a promise: past it and the grace a run's whole deadline chain needs (so a
     * hang found at the end is still stored, deadlines.h), a worker is killed. */
    cs.hard_end = o->time > 0 ? (double)o->time + ftf_deadline_campaign_end(o->timeout) : 0;
    double last_status = ftf_now_s();
    for (;;) {
        for (size_t i = 0; i < n_slots; i++) {
            struct slot *sl = &cs.slots[i];
            if (sl->pid > 0)
                watch_worker(&cs, sl);
            if (sl->pid == 0 && !cs.ending && budget_allows_start(&cs))
                start_worker(&cs, sl);
        }
        if (cs.ending && running_workers(&cs) == 0)
            break;
        if (!o->merge && ftf_now_s() - last_status >= STATUS_EVERY_S) {
            for (size_t i = 0; i < n_slots; i++)
                collect(&cs, &cs.slots[i]);
            status_coverage(&cs, &sst);
            print_status(c, cs.started, &sst);
            last_status = ftf_now_s();
            if (!o->no_minimize)
                ftf_background_minimize(&mq);
        }
        if (!o->merge && !o->no_minimize)
            ftf_background_minimize_tick(&mq);
        pump_logs(&cs, 100);
    }
    for (size_t i = 0; i < n_slots; i++)
        ftf_restart_corpus_finish(&cs.slots[i].rc);
    /* One line that says the campaign ran to its end, whatever its last worker did. */
    printf("CAMPAIGN: done: runs=%llu new_runs=%llu replayed=%llu restarts=%d recycled=%d "
           "corpus=%lu elapsed=%.0fs (%s)\n", (unsigned long long)runs_done(),
           (unsigned long long)ftf_shared_get(&shared->new_runs),
           (unsigned long long)ftf_shared_get(&shared->replayed), cs.restarts, cs.recycled,
           ftf_corpus_size(c->corpus), elapsed_s(&cs), cs.why);
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
    if (!o->merge) {
        status_coverage(&cs, &sst);
        print_status(c, cs.started, &sst);
    }
    if (c->result) {
        c->result->runs = runs_done();
        c->result->interrupted = interrupted != 0;
        c->result->cov = sst.cov;
    }
    free(cs.slots);
    ftf_shared_destroy(shared, counter); /* a sweep runs campaigns one after the other */
    shared = NULL;
    if (sst.timeline)
        fclose(sst.timeline);
    return cs.rc;
}
