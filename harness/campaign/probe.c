/* probe.c - the argument probe of a module campaign: a child ftfuzz probes the module's
 * callables (worker/probe_child.c) under a time limit, before any worker starts. */
#include "campaign/probe.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "worker/campaign_env.h"
#include "worker/probe_child.h"

/* Seconds the probe child may live: the import plus FTF_PROBE_BUDGET, with a margin. */
#define PROBE_LIMIT_S (FTF_PROBE_BUDGET + 60.0)

/* The child's environment and program: the module as workers get it, TSan reporting
 * nothing (the probe's races are not the campaign's: they would be captured by no one and
 * only clutter the log), its output in <out>/probe.log. Never returns. */
static void exec_probe_child(const struct ftf_options *o, const char *self, const char *corpus)
{
    char num[32], log[4200], tsan[4096];
    const char *old = getenv("TSAN_OPTIONS");
    snprintf(tsan, sizeof tsan, "%s%sreport_bugs=0", old ? old : "", old && *old ? ":" : "");
    setenv("TSAN_OPTIONS", tsan, 1);
    setenv(FTF_ENV_PROBE_OUT, o->out, 1);
    setenv(FTF_ENV_PROBE_CORPUS, corpus, 1);
    setenv(FTF_ENV_MODULE, o->module, 1);
    if (o->path)
        setenv(FTF_ENV_PATH, o->path, 1);
    if (o->spec)
        setenv(FTF_ENV_SPEC, o->spec, 1);
    snprintf(num, sizeof num, "%ld", o->threads);
    setenv(FTF_ENV_THREADS, num, 1);
    snprintf(num, sizeof num, "%ld", o->iters);
    setenv(FTF_ENV_ITERS, num, 1);
    snprintf(log, sizeof log, "%s/probe.log", o->out);
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
    }
    execl(self, self, (char *)NULL);
    _exit(127);
}

/* Echo the child's INFO lines (its summary) from probe.log. */
static void echo_probe_info(const char *out)
{
    char path[4200], line[2048];
    snprintf(path, sizeof path, "%s/probe.log", out);
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "INFO: ", 6))
            fputs(line, stderr);
    if (f)
        fclose(f);
}

/* Probe which argument kinds each callable of the module accepts and seed each callable
 * with them (worker/probe_child.c), once per output directory (probe.txt there: done).
 * In a short child ftfuzz rather than here or in a worker: the probe needs an interpreter,
 * and this process starts none (it forks the workers); a worker's libFuzzer has read the
 * corpus before its first input runs, so seeds written then would go unread, several
 * workers would race to write probe.txt, and the probe's TSan reports would reach the
 * worker's capture. A probe that fails or outlives PROBE_LIMIT_S only loses its seeds. */
void ftf_probe_module(const struct ftf_options *o, const char *self, const char *corpus)
{
    char done[4200];
    snprintf(done, sizeof done, "%s/%s", o->out, FTF_PROBE_FILE);
    if (access(done, F_OK) == 0)
        return;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return;
    if (pid == 0)
        exec_probe_child(o, self, corpus);
    int st = 0;
    struct timespec nap = {0, 50 * 1000 * 1000};
    pid_t w = 0;
    for (double waited = 0; (w = waitpid(pid, &st, WNOHANG)) == 0 && waited < PROBE_LIMIT_S;
         waited += 0.05)
        nanosleep(&nap, NULL);
    if (w == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
        FTF_INFO("module %s: the argument probe took over %.0f s and was stopped; seeding "
                 "without it", o->module, PROBE_LIMIT_S);
        return;
    }
    if (w == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0)
        echo_probe_info(o->out);
    else
        FTF_INFO("module %s: the argument probe failed (%s/probe.log); seeding without it",
                 o->module, o->out);
}
