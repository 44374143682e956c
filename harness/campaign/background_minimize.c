/* background_minimize.c - one representative of every new bug minimised beside the search,
 * in its own process group, on a CPU share, within a hard cap per bug. */
#include "clock.h"
#include "campaign/background_minimize.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bug_list.h"
#include "log.h"
#include "minimize_queue.h"
#include "store.h"
#include "worker/campaign_env.h"

#define MAX_TRIED 4096
#define STOP_GRACE_S 2.0

static pid_t minimizer = -1;
static double started_at;
static int stopped;
static char current_bug[17], current_dir[4096];
static char tried[MAX_TRIED][17];
static size_t n_tried;

long ftf_minimize_own_time(long cap_s)
{
    return cap_s / 2 >= 1 ? cap_s / 2 : 1;
}

int ftf_finding_minimised(const char *dir)
{
    struct ftf_finding_meta m;
    char err[1024];
    if (ftf_store_read_meta(dir, &m, err, sizeof err) != FTF_STORE_OK)
        return 0;
    int yes = m.minimised;
    ftf_finding_meta_clear(&m);
    return yes;
}

int ftf_spawn_minimizer(const char *self, char *const argv[], const char *log)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    setpgid(0, 0); /* its own group: the attempts it forks are killed with it */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) /* the campaign died before prctl */
        _exit(1);
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
    }
    if (nice(10) < 0) { /* below the search, which matters more */
    }
    unsetenv(FTF_ENV_OUT); /* a command, not a libFuzzer worker */
    execv(self, argv);
    _exit(127);
}

static void record_time(const char *out_dir, double seconds, const char *how)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/minimize-times.tsv", out_dir);
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    fprintf(f, "%s\t%.1f\t%s\t%s\n", current_bug, seconds, how, current_dir);
    fclose(f);
}

/* Kill the group, continued first so that SIGTERM is seen; SIGKILL after a grace. */
static void end_group(void)
{
    if (minimizer <= 0)
        return;
    kill(-minimizer, SIGCONT);
    kill(-minimizer, SIGTERM);
    double until = ftf_now_s() + STOP_GRACE_S;
    while (waitpid(minimizer, NULL, WNOHANG) == 0 && ftf_now_s() < until)
        usleep(50 * 1000);
    kill(-minimizer, SIGKILL); /* the group's other members too, whoever waited */
    waitpid(minimizer, NULL, 0);
    minimizer = -1;
    stopped = 0;
}

/* CPU seconds of pid and of the children it has waited for (the minimiser's attempts),
 * from /proc/PID/stat; -1 when unreadable. */
static double group_cpu_s(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')'); /* the command name may hold spaces */
    unsigned long long ut, st;
    long long cut, cst;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %lld %lld",
                     &ut, &st, &cut, &cst) != 4)
        return -1;
    return (double)(ut + st + (unsigned long long)(cut + cst)) / (double)sysconf(_SC_CLK_TCK);
}

int ftf_background_minimize(const struct ftf_minimize_queue *q)
{
    if (minimizer > 0) {
        int status;
        if (waitpid(minimizer, &status, WNOHANG) == 0)
            return 1; /* still busy */
        kill(-minimizer, SIGKILL); /* anything it left in its group */
        double took = ftf_now_s() - started_at;
        /* "done": the representative is minimised now; the log says why when not (most
         * often: it does not reproduce outside the campaign's worker) */
        record_time(q->out_dir, took, ftf_finding_minimised(current_dir) ? "done"
                                      : "not minimised");
        FTF_INFO("minimiser of bug %s ended after %.0fs", current_bug, took);
        minimizer = -1;
    }
    if (n_tried == MAX_TRIED)
        return 0;
    struct ftf_finding_meta *list;
    size_t n;
    char err[1024];
    if (ftf_store_list(q->out_dir, &list, &n, err, sizeof err) != FTF_STORE_OK)
        return 0;
    struct ftf_bug_list bugs;
    if (ftf_bug_list_group(list, n, q->known, &bugs) < 0) {
        ftf_store_list_free(list, n);
        return 0;
    }
    const struct ftf_tried_bugs done = {(const char (*)[17])tried, n_tried};
    const struct ftf_bug *pick = ftf_minimize_queue_pick(&bugs, q->module_only, &done);
    if (pick) {
        snprintf(tried[n_tried++], sizeof tried[0], "%s", pick->key.id);
        snprintf(current_bug, sizeof current_bug, "%s", pick->key.id);
        snprintf(current_dir, sizeof current_dir, "%s", pick->rep->dir);
        char cap[32], log[4200];
        snprintf(cap, sizeof cap, "%ld", ftf_minimize_own_time(q->cap_s));
        snprintf(log, sizeof log, "%s/minimize.log", pick->rep->dir);
        char self[4096];
        snprintf(self, sizeof self, "%s", q->self);
        char *argv[] = {self, "minimize", current_dir, "--time", cap, NULL};
        minimizer = ftf_spawn_minimizer(q->self, argv, log);
        started_at = ftf_now_s();
        stopped = 0;
        FTF_INFO("minimising bug %s (%s) through %s, at most %lds on %ld%% of a core (log: %s)",
                 pick->key.id, pick->key.title, current_dir, q->cap_s, q->cpu_percent, log);
    }
    ftf_bug_list_free(&bugs);
    ftf_store_list_free(list, n);
    return pick != NULL;
}

void ftf_background_minimize_tick(const struct ftf_minimize_queue *q)
{
    if (minimizer <= 0)
        return;
    /* The cap counts from the start, stopped time included, as the minimiser's own (shorter)
     * --time does: this acts only when it overruns. */
    if (ftf_now_s() - started_at > (double)q->cap_s) {
        FTF_INFO("minimiser of bug %s passed its %lds cap: killing its process group",
                 current_bug, q->cap_s);
        end_group();
        record_time(q->out_dir, ftf_now_s() - started_at, "killed at the cap");
        return;
    }
    /* The share is of CPU time, not of wall time (a minimiser runs several threads): it
     * runs while the CPU it has used stays under share x elapsed, and is stopped the rest. */
    double cpu = group_cpu_s(minimizer);
    int want_stopped = cpu >= 0 &&
                       cpu > (double)q->cpu_percent / 100.0 * (ftf_now_s() - started_at);
    if (want_stopped != stopped) {
        kill(-minimizer, want_stopped ? SIGSTOP : SIGCONT);
        stopped = want_stopped;
    }
}

void ftf_background_minimize_stop(const struct ftf_minimize_queue *q)
{
    if (minimizer <= 0)
        return;
    end_group();
    FTF_INFO("minimiser of bug %s stopped: the campaign ended", current_bug);
    record_time(q->out_dir, ftf_now_s() - started_at, "stopped at the campaign's end");
}
