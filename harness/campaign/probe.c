/* probe.c - the argument probe of a module campaign: a child ftfuzz probes the module's
 * callables (worker/probe_child.c) under a time limit, before any worker starts, again
 * past a callable whose call killed it. */
#include "campaign/probe.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "module_desc.h"
#include "paths.h"
#include "probe_journal.h"
#include "worker/campaign_env.h"

/* Callables whose probe call may kill the child before the probe stops calling: each
 * costs an attempt (an import). Then one last attempt makes no call and keeps what the
 * journal holds. */
#define PROBE_MAX_CRASHES 3

/* The child's environment and program: the module as workers get it, TSan reporting
 * nothing (the probe's races are not the campaign's: they would be captured by no one and
 * only clutter the log), its output appended to <dir>/probe.log. Never returns. */
static void exec_probe_child(const struct ftf_options *o, const char *self, const char *corpus,
                             const char *dir, double budget, int no_calls)
{
    char num[32], log[4200], tsan[4096];
    const char *old = getenv("TSAN_OPTIONS");
    snprintf(tsan, sizeof tsan, "%s%sreport_bugs=0", old ? old : "", old && *old ? ":" : "");
    setenv("TSAN_OPTIONS", tsan, 1);
    setenv(FTF_ENV_PROBE_OUT, dir, 1);
    setenv(FTF_ENV_PROBE_CORPUS, corpus, 1);
    setenv(FTF_ENV_MODULE, o->module, 1);
    ftf_env_set_or_clear(FTF_ENV_PATH, o->path);
    ftf_env_set_or_clear(FTF_ENV_SPEC, o->spec);
    snprintf(num, sizeof num, "%ld", o->threads);
    setenv(FTF_ENV_THREADS, num, 1);
    snprintf(num, sizeof num, "%ld", o->iters);
    setenv(FTF_ENV_ITERS, num, 1);
    snprintf(num, sizeof num, "%.1f", budget);
    setenv(FTF_ENV_PROBE_BUDGET, num, 1);
    if (no_calls)
        setenv(FTF_ENV_PROBE_NO_CALLS, "1", 1);
    snprintf(log, sizeof log, "%s/probe.log", dir);
    int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
    }
    execl(self, self, (char *)NULL);
    _exit(127);
}

/* Echo the child's INFO lines (its summary) from probe.log, from byte `from` on (the last
 * attempt's). */
static void echo_probe_info(const char *out, long from)
{
    char path[4200], line[2048];
    snprintf(path, sizeof path, "%s/probe.log", out);
    FILE *f = fopen(path, "r");
    if (f && fseek(f, from, SEEK_SET) != 0)
        rewind(f);
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "INFO: ", 6))
            fputs(line, stderr);
    if (f)
        fclose(f);
}

static long file_size(const char *dir, const char *name)
{
    char path[4200];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0 ? (long)st.st_size : 0;
}

void ftf_probe_path(const char *dir, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%s", dir, FTF_PROBE_FILE);
}

enum attempt { ATTEMPT_OK, ATTEMPT_DIED, ATTEMPT_SLOW, ATTEMPT_NO_FORK };

/* One probe child, stopped after limit seconds; how it ended in *how ("signal 11"). */
static enum attempt run_attempt(const struct ftf_options *o, const char *self,
                                const char *corpus, const char *dir, double limit,
                                double budget, int no_calls, char *how, size_t len)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return ATTEMPT_NO_FORK;
    if (pid == 0)
        exec_probe_child(o, self, corpus, dir, budget, no_calls);
    int st = 0;
    struct timespec nap = {0, 50 * 1000 * 1000};
    pid_t w = 0;
    for (double waited = 0; (w = waitpid(pid, &st, WNOHANG)) == 0 && waited < limit;
         waited += 0.05)
        nanosleep(&nap, NULL);
    if (w == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
        return ATTEMPT_SLOW;
    }
    /* Done when probe.txt is there: TSan ends a process on a deadly signal with status 0
     * (exitcode=0, runtime/tsan_capture.c). */
    char done[4200];
    ftf_probe_path(dir, done, sizeof done);
    int wrote = access(done, F_OK) == 0;
    if (w == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0 && wrote)
        return ATTEMPT_OK;
    if (w == pid && WIFSIGNALED(st))
        snprintf(how, len, "signal %d", WTERMSIG(st));
    else if (w == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0)
        snprintf(how, len, "a deadly signal");
    else
        snprintf(how, len, "exit status %d", w == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return ATTEMPT_DIED;
}

/* Probe which argument kinds each callable of the module accepts and seed each callable
 * with them (worker/probe_child.c), once per probe directory (probe.txt there: done).
 * In a short child ftfuzz rather than here or in a worker: the probe needs an interpreter,
 * and this process starts none (it forks the workers); a worker's libFuzzer has read the
 * corpus before its first input runs, so seeds written then would go unread, several
 * workers would race to write probe.txt, and the probe's TSan reports would reach the
 * worker's capture. A call that kills the child (a segfault in the module) costs only
 * that callable: the child journals each callable as it goes (probe_journal.h), and the
 * next attempt keeps the journal's results and passes the crashing callables by. A probe
 * that fails otherwise or outlives its limit only loses its seeds. */
void ftf_probe_module(const struct ftf_options *o, const char *self, const char *corpus,
                      const char *dir, double limit)
{
    char done[4200], journal[4200], log[4200];
    ftf_probe_path(dir, done, sizeof done);
    if (access(done, F_OK) == 0)
        return;
    snprintf(journal, sizeof journal, "%s/%s", dir, FTF_PROBE_JOURNAL_FILE);
    snprintf(log, sizeof log, "%s/probe.log", dir);
    unlink(journal);
    unlink(log);
    /* The calls get a third of the limit, at most FTF_PROBE_BUDGET (at the full limit:
     * exactly that), the rest is the import's. */
    double calls = limit / 3 < FTF_PROBE_BUDGET ? limit / 3 : FTF_PROBE_BUDGET;
    double t0 = ftf_now_s();
    size_t crashes = 0;
    for (;;) {
        double spent = ftf_now_s() - t0;
        double budget = calls - spent > 1.0 ? calls - spent : 1.0;
        int no_calls = crashes >= PROBE_MAX_CRASHES;
        long from = file_size(dir, "probe.log");
        char how[64] = "";
        enum attempt a = run_attempt(o, self, corpus, dir, limit - spent, budget, no_calls,
                                     how, sizeof how);
        if (a == ATTEMPT_OK) {
            echo_probe_info(dir, from);
            return;
        }
        if (a == ATTEMPT_NO_FORK)
            return;
        if (a == ATTEMPT_SLOW) {
            FTF_INFO("module %s: the argument probe took over %.0f s and was stopped; seeding "
                     "without it", o->module, limit);
            return;
        }
        /* Died: in a call the journal names (again, without it), or elsewhere (give up). */
        static long masks[FTF_MODULE_MAX_ENTRIES];
        char last[256];
        char *text = ftf_read_file(journal, NULL);
        size_t now = ftf_probe_journal_read(text ? text : "", masks, FTF_MODULE_MAX_ENTRIES,
                                            last, sizeof last);
        free(text);
        if (no_calls || now <= crashes) {
            FTF_INFO("module %s: the argument probe failed (%s, %s); seeding without it",
                     o->module, how, log);
            return;
        }
        crashes = now;
        FTF_INFO("module %s: the argument probe's call of %s killed it (%s, %s); %s", o->module,
                 last, how, log,
                 crashes >= PROBE_MAX_CRASHES ? "keeping what was probed so far"
                                              : "probing the other callables without it");
    }
}
