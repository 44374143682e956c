/* minimize_all.c - `ftfuzz minimize DIR --all`: drain the queue, one representative of every
 * new bug not yet minimised, each in its own process group within a hard cap. */
#include "clock.h"
#include "cli/minimize_all.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bug_list.h"
#include "campaign/background_minimize.h"
#include "cli/known_load.h"
#include "log.h"
#include "minimize_queue.h"
#include "paths.h"

/* Wait for pid, killing its group past cap_s. */
static void wait_capped(pid_t pid, long cap_s)
{
    double until = ftf_now_s() + (double)cap_s;
    int status = 0;
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            break;
        if (ftf_now_s() > until) {
            FTF_MIN("past its %lds cap: killing its process group", cap_s);
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            return;
        }
        usleep(100 * 1000);
    }
    kill(-pid, SIGKILL); /* whatever it left in its group */
}

int ftf_minimize_all(const struct ftf_options *o)
{
    const char *dir = o->args[0];
    char self[4096], err[1024];
    if (ftf_self_exe(self, sizeof self) < 0) {
        FTF_ERROR("cannot find ftfuzz's own executable");
        return 2;
    }
    struct ftf_known_list known;
    if (ftf_known_load_options(o, &known) < 0)
        return 2;
    struct ftf_finding_meta *list;
    size_t n;
    if (ftf_store_list(dir, &list, &n, err, sizeof err)) {
        FTF_ERROR("%s", err);
        ftf_known_free(&known);
        return 2;
    }
    struct ftf_bug_list bugs;
    if (ftf_bug_list_group(list, n, &known, &bugs) < 0) {
        FTF_ERROR("%s: out of memory", dir);
        ftf_store_list_free(list, n);
        ftf_known_free(&known);
        return 2;
    }
    long cap = o->time > 0 ? o->time : 600;
    size_t queued = 0, done = 0;
    /* The campaign's queue, in its order: every bug it picks is tried once. */
    char (*tried)[17] = calloc(bugs.n + 1, sizeof *tried);
    if (!tried) {
        FTF_ERROR("%s: out of memory", dir);
        ftf_bug_list_free(&bugs);
        ftf_store_list_free(list, n);
        ftf_known_free(&known);
        return 2;
    }
    const struct ftf_bug *b;
    while ((b = ftf_minimize_queue_pick(&bugs, 0,
                                        &(struct ftf_tried_bugs){(const char (*)[17])tried,
                                                                 queued})) != NULL) {
        snprintf(tried[queued++], sizeof tried[0], "%s", b->key.id);
        char capbuf[32], log[4200], rep[4096];
        snprintf(capbuf, sizeof capbuf, "%ld", ftf_minimize_own_time(cap));
        snprintf(rep, sizeof rep, "%s", b->rep->dir);
        snprintf(log, sizeof log, "%s/minimize.log", rep);
        char *argv[] = {self, "minimize", rep, "--time", capbuf, NULL};
        FTF_MIN("bug %s (%s): minimising %s, at most %lds (log: %s)", b->key.id, b->key.title,
                rep, cap, log);
        double t0 = ftf_now_s();
        pid_t pid = ftf_spawn_minimizer(self, argv, log);
        if (pid > 0)
            wait_capped(pid, cap);
        int ok = ftf_finding_minimised(rep);
        done += (size_t)ok;
        FTF_MIN("bug %s: %s after %.0fs", b->key.id, ok ? "minimised" : "not minimised",
                ftf_now_s() - t0);
    }
    FTF_MIN("%zu of %zu new bugs to minimise were minimised", done, queued);
    free(tried);
    ftf_bug_list_free(&bugs);
    ftf_store_list_free(list, n);
    ftf_known_free(&known);
    return 0;
}
