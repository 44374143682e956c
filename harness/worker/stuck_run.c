/* stuck_run.c - a C watchdog for runs stuck where the Python-level deadline cannot act.
 *
 * runner.py's deadline is a timed wait in Python: it only fires when the main thread can
 * attach again. A stop-the-world pause that never ends (a thread looping in C without an
 * eval-breaker check, e.g. over an OrderedDict's linked list that a race made circular)
 * or a deadlock in C code keeps it from ever returning; libFuzzer's -timeout, the next
 * line of defence, is held back by TSan and stores no finding. This thread does not
 * attach to the interpreter, so it still runs: it dumps every thread's Python stack the
 * way faulthandler does, asks gdb for the C stacks, stores a hang finding and exits.
 * While a run lasts, it also stores the reports TSan has written so far, each second
 * (ftf_sink_store_early). */
#include "worker/stuck_run.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "worker/campaign_env.h"
#include "worker/finding_sink.h"
#include "deadlines.h"
#include "gdb_stacks.h"
#include "log.h"
#include "observe.h"
#include "paths.h"
#include "runtime/python_stacks.h"
#include "run_result.h"

extern char **environ;


static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static pthread_t watcher;
static int started;
static unsigned long generation; /* bumps on every arm and disarm */
static int armed;
static struct timespec deadline;
static double armed_seconds;

/* All threads' C stacks from gdb attached to this process, or NULL. */
static char *gdb_stacks(void)
{
    int fd = memfd_create("ftfuzz-gdb", 0);
    if (fd < 0)
        return NULL;
    char pid[32], fdarg[64], gdb_s[32];
    snprintf(pid, sizeof pid, "%d", (int)getpid());
    snprintf(gdb_s, sizeof gdb_s, "%.0f", ftf_deadline_gdb());
    snprintf(fdarg, sizeof fdarg, "/proc/%d/fd/%d", (int)getpid(), fd);
    /* Yama may only let ancestors trace us; gdb is our child. */
    prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, fdarg, O_WRONLY | O_APPEND, 0);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    char *argv[] = {"timeout", "-s", "KILL", gdb_s, "gdb", "-p", pid, "-batch", "-nx",
                    "-ex", "set debuginfod enabled off", "-ex", "thread apply all bt",
                    NULL};
    pid_t child;
    int rc = posix_spawnp(&child, "timeout", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    char *text = NULL;
    if (rc == 0) {
        while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
            ;
        text = ftf_fd_text(fd);
    }
    close(fd);
    return text;
}

static void store_hang(void)
{
    char *report = NULL;
    size_t report_len = 0;
    FILE *r = open_memstream(&report, &report_len);
    if (!r)
        return;
    fprintf(r, "hang: the run did not return within %.0f s, and the harness's own deadline "
               "could not act (a stop-the-world pause that never ends, or a deadlock in C)\n\n",
            armed_seconds);
    char *py = ftf_python_stacks("ftfuzz-hang-py");
    fprintf(r, "%s\n", py ? py : "Python stacks unavailable\n");
    char *c = gdb_stacks();
    fprintf(r, "C stacks (gdb):\n%s\n", c && *c ? c : "(unavailable: is gdb installed?)\n");
    fclose(r);

    /* The signature: the Python stacks and the names of the C functions threads are
     * running in (gdb's full text has addresses and arguments). */
    char *sig_text = NULL;
    size_t sig_len = 0;
    FILE *st = open_memstream(&sig_text, &sig_len);
    if (!st)
        goto out;
    fputs(py ? py : "", st);
    char *running = c ? ftf_gdb_running_frames(c) : NULL;
    fputs(running ? running : "", st);
    free(running);
    fclose(st);
    struct ftf_run_result res = {.status = FTF_RUN_HANG, .stacks = sig_text};
    struct ftf_observation obs;
    if (ftf_sink_observe(&res, &obs) == 0) {
        for (size_t i = 0; i < obs.n; i++) { /* the stored report: with the C stacks */
            free(obs.items[i].report);
            obs.items[i].report = strdup(report);
        }
        ftf_sink_store(&obs);
        ftf_observation_free(&obs);
    }
    free(sig_text);
out:
    free(py);
    free(c);
    free(report);
}

/* The watchdog itself must end: should storing the hang block (on a lock a stuck thread
 * holds, on gdb), SIGKILL ends this worker at its deadline, and the supervisor stores the
 * run in flight it published (campaign/killed_run.c). */
static void bound_store(void)
{
    struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGKILL};
    timer_t t;
    struct itimerspec when = {.it_value = {.tv_sec = (time_t)ftf_deadline_stuck_store()}};
    if (timer_create(CLOCK_MONOTONIC, &ev, &t) == 0)
        timer_settime(t, 0, &when, NULL);
}

/* A run still going this long is looked at for reports each EARLY_LOOK_S; a shorter run
 * is never looked at. */
#define EARLY_LOOK_S 1

static struct timespec early_look(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_sec += EARLY_LOOK_S;
    return t;
}

static int before(struct timespec a, struct timespec b)
{
    return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

/* --stop-on-finding, and a report stored during the run was new: end the worker now. */
static void stop_if_pending(const char *when)
{
    if (ftf_sink_stop_pending()) {
        FTF_INFO("stopping at the first finding (--stop-on-finding), %s", when);
        _exit(FTF_WORKER_EXIT_STOP);
    }
}

static void *watch(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&mu);
    for (;;) {
        while (!armed)
            pthread_cond_wait(&cv, &mu);
        unsigned long gen = generation;
        int rc = 0;
        while (armed && generation == gen && rc != ETIMEDOUT) {
            struct timespec wake = early_look(), target = before(wake, deadline) ? wake
                                                                                : deadline;
            rc = pthread_cond_timedwait(&cv, &mu, &target);
            if (rc == ETIMEDOUT && armed && generation == gen && before(target, deadline)) {
                /* Still running: keep what TSan reported so far. Under mu, so the run
                 * cannot end (disarm waits) while its findings are stored. */
                ftf_sink_store_early();
                stop_if_pending("while its run still runs"); /* its child dies with us */
                rc = 0;
            }
        }
        if (armed && generation == gen && rc == ETIMEDOUT) {
            pthread_mutex_unlock(&mu); /* the run keeps its data: it is stuck */
            FTF_INFO("run stuck for %.0f s beyond the harness's reach: storing a hang",
                     armed_seconds);
            bound_store();
            store_hang();
            ftf_sink_forget_run();
            stop_if_pending("after storing a hang");
            FTF_INFO("hang stored; exiting this worker for a fresh one");
            _exit(FTF_WORKER_EXIT_HANG);
        }
    }
    return NULL;
}

void ftf_stuck_arm(double seconds)
{
    pthread_mutex_lock(&mu);
    if (!started && pthread_create(&watcher, NULL, watch, NULL) == 0)
        started = 1;
    armed_seconds = seconds;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += (time_t)seconds;
    armed = 1;
    generation++;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
}

void ftf_stuck_disarm(void)
{
    pthread_mutex_lock(&mu);
    armed = 0;
    generation++;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
}
