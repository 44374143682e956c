/* supervisor.c - the campaign loop: one libFuzzer worker process at a time (libFuzzer's
 * -jobs inside it), restarted after a crash or a hang so the search goes on. */
#include "campaign/supervisor.h"

#include <dirent.h>
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
#include "timeline.h"
#include "triage_bugs.h"
#include "runtime/harness.h"
#include "worker/campaign_env.h"

#define STATUS_EVERY_S 10
#define MAX_QUICK_FAILURES 3 /* workers dying before any run: a setup error */

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int set_env_long(const char *name, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    return setenv(name, buf, 1);
}

/* What the timeline needs between two status lines. */
struct timeline_state {
    FILE *f;                  /* <out>/timeline.tsv, appended to; NULL: not recorded */
    double last_t;            /* the previous point's time, and its run count */
    uint64_t last_runs;
    const char *counter;      /* the engine's run counter file */
    struct ftf_worker_log *log; /* libFuzzer's latest cov and ft */
};

static uint64_t runs_done(const char *counter);

/* Inputs in the campaign's corpus directory (dot files are libFuzzer's or ours, not inputs). */
static long long corpus_size(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    long long n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

/* One line per status interval, flushed at once: a campaign killed at any point leaves
 * every point written so far (at worst a last line cut short, which readers skip). */
static void timeline_point(const struct ftf_campaign *c, struct timeline_state *tl,
                           double elapsed, const struct ftf_bug_counts *bc)
{
    if (!tl || !tl->f)
        return;
    uint64_t runs = runs_done(tl->counter);
    double dt = elapsed - tl->last_t;
    struct ftf_timeline_point p = {
        .elapsed_s = elapsed, .runs = (long long)runs,
        .runs_per_s = dt > 0.5 ? (double)(runs - tl->last_runs) / dt : 0,
        .cov = tl->log->cov, .ft = tl->log->ft, .corpus = corpus_size(c->corpus),
        .bugs = (long long)bc->bugs, .new_bugs = (long long)bc->new_bugs,
        .signatures = (long long)bc->signatures};
    if (runs < tl->last_runs) /* a counter restarted by a resumed campaign */
        p.runs_per_s = 0;
    ftf_timeline_write_point(tl->f, &p);
    fflush(tl->f);
    tl->last_t = elapsed;
    tl->last_runs = runs;
}

static void timeline_open(const struct ftf_campaign *c, struct timeline_state *tl)
{
    char path[4200], iso[32];
    snprintf(path, sizeof path, "%s/" FTF_TIMELINE_FILE, c->o->out);
    tl->f = fopen(path, "a");
    if (!tl->f) {
        FTF_INFO("%s: cannot append (%s): no timeline for the report", path, strerror(errno));
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    ftf_timeline_write_header(tl->f, iso);
    fflush(tl->f);
}

/* The status line, in bugs; the bug index is rewritten on the way (bugs.json), and the
 * timeline gets its point. */
static void print_status(const struct ftf_campaign *c, double started, struct timeline_state *tl)
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
    printf("FINDINGS: bugs=%zu new=%zu known=%zu signatures=%zu hits=%lu last_new=%s "
           "elapsed=%.0fs\n", bc.bugs, bc.new_bugs, bc.known, bc.signatures, st.total, last,
           now_s() - started);
    fflush(stdout);
    timeline_point(c, tl, now_s() - started, &bc);
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

static char **worker_argv(const struct ftf_campaign *c, long remaining_s, long remaining_runs)
{
    const struct ftf_options *o = c->o;
    size_t n = 0, cap = 48 + (size_t)o->n_passthru;
    char **av = calloc(cap, sizeof *av);
    if (!av)
        return NULL;
    av[n++] = strdup(c->self);
    /* --merge: libFuzzer's -merge=1 adds the second directory's inputs that bring new
     * coverage to the first (the corpus keeps all it has); no time or run bound. */
    if (o->merge)
        av[n++] = strdup("-merge=1");
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
    if (!o->merge && o->jobs > 1 && (asprintf(&av[n++], "-jobs=%ld", o->jobs) < 0 ||
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
    av[n++] = strdup(c->corpus);
    if (o->merge)
        av[n++] = strdup(o->merge);
    else if (c->seeds)
        av[n++] = strdup(c->seeds);
    av[n] = NULL;
    return av;
}

/* Runs the campaign's workers have done so far (the engine keeps the count). */
static uint64_t runs_done(const char *counter)
{
    uint64_t n = 0;
    int fd = open(counter, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        if (read(fd, &n, sizeof n) != sizeof n)
            n = 0;
        close(fd);
    }
    return n;
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
    if (o->stop_on_finding)
        setenv(FTF_ENV_STOP_ON_FINDING, "1", 1);
    if (o->module)
        setenv(FTF_ENV_MODULE, o->module, 1);
    if (o->path)
        setenv(FTF_ENV_PATH, o->path, 1);
    if (o->spec)
        setenv(FTF_ENV_SPEC, o->spec, 1);

    char counter[4200];
    snprintf(counter, sizeof counter, "%s/.runs-%d", o->out, (int)getpid());
    unlink(counter);
    setenv(FTF_ENV_RUN_COUNTER, counter, 1);

    signal(SIGINT, on_interrupt);
    signal(SIGTERM, on_interrupt);
    struct ftf_worker_log wlog;
    ftf_worker_log_init(&wlog);
    struct timeline_state tl_state = {.counter = counter, .log = &wlog};
    struct timeline_state *tl = o->merge ? NULL : &tl_state;
    if (tl)
        timeline_open(c, tl);
    double started = now_s();
    FTF_INFO("campaign: target=%s out=%s time=%lds jobs=%ld seeds=%s", o->target, o->out,
             o->time, o->jobs,
             c->seeds ? c->seeds
             : o->module && !o->no_seeds ? "module (seed-module-NN, seed-probe-NN in the corpus)"
                                         : "(none)");
    int quick_failures = 0, rc = 0, restarts = 0, recycled = 0;
    const char *why = "the worker's limits"; /* why the campaign ended, for its last line */
    for (;;) {
        long remaining = o->time > 0 ? o->time - (long)(now_s() - started) : 0;
        if (interrupted || (o->time > 0 && remaining <= 0)) {
            why = interrupted ? "interrupted" : "--time reached";
            break;
        }
        long runs_left = o->runs - (long)runs_done(counter);
        if (o->runs > 0 && runs_left <= 0) {
            why = "--runs reached";
            break;
        }
        char **av = worker_argv(c, remaining, runs_left);
        if (!av) {
            FTF_ERROR("out of memory");
            ftf_background_minimize_stop(&mq);
            ftf_worker_log_close(&wlog);
            if (tl && tl->f)
                fclose(tl->f);
            return -1;
        }
        uint64_t runs_before = runs_done(counter);
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
            if (tl && tl->f)
                fclose(tl->f);
            return -1;
        }
        int status = 0;
        double last_status = now_s(), last_progress = now_s();
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
            uint64_t now_runs = runs_done(counter);
            if (now_runs != progress) {
                progress = now_runs;
                last_progress = now_s();
            } else if (now_s() - last_progress > ftf_deadline_no_progress(o->timeout)) {
                FTF_INFO("worker made no progress for %.0fs: killing it (stuck outside the "
                         "harness's reach; no finding stored)", now_s() - last_progress);
                kill(pid, SIGKILL);
                last_progress = now_s();
            }
            if (!o->merge && now_s() - last_status >= STATUS_EVERY_S) {
                print_status(c, started, tl);
                last_status = now_s();
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
        if (WIFEXITED(status) && WEXITSTATUS(status) == FTF_WORKER_EXIT_STOP) {
            why = "--stop-on-finding";
            break;
        }
        int budget_left = (o->runs <= 0 || (long)runs_done(counter) < o->runs) &&
                          (o->time <= 0 || now_s() - started < (double)o->time - 2.0);
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
        int quick = runs_done(counter) == runs_before;
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
    /* One line that says the campaign ran to its end, whatever its last worker did. */
    printf("CAMPAIGN: done: runs=%llu restarts=%d recycled=%d elapsed=%.0fs (%s)\n",
           (unsigned long long)runs_done(counter), restarts, recycled, now_s() - started, why);
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
        print_status(c, started, tl);
    unlink(counter); /* after the last point: the timeline reads the count from it */
    if (tl && tl->f)
        fclose(tl->f);
    return rc;
}
