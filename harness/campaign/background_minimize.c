/* background_minimize.c - new findings minimised while the search goes on: one
 * `ftfuzz minimize` at a time, niced, each finding tried once, within a time cap. */
#include "campaign/background_minimize.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "store.h"
#include "worker/campaign_env.h"

#define MINIMIZE_CAP_S 120
static pid_t minimizer = -1;
static char tried[256][4096];
static size_t n_tried;

void ftf_background_minimize(const char *out_dir, const char *self)
{
    if (minimizer > 0) {
        if (waitpid(minimizer, NULL, WNOHANG) == 0)
            return; /* still busy */
        minimizer = -1;
    }
    struct ftf_finding_meta *list;
    size_t n;
    char err[1024];
    if (ftf_store_list(out_dir, &list, &n, err, sizeof err) != FTF_STORE_OK)
        return;
    const char *pick = NULL;
    for (size_t i = 0; i < n && !pick && n_tried < 256; i++) {
        if (list[i].minimised || ftf_finding_kind_kills_worker(list[i].kind))
            continue;
        int seen = 0;
        for (size_t k = 0; k < n_tried && !seen; k++)
            seen = !strcmp(tried[k], list[i].dir);
        if (!seen)
            pick = list[i].dir;
    }
    if (pick) {
        snprintf(tried[n_tried++], sizeof tried[0], "%s", pick);
        char cap[32], log[4200];
        snprintf(cap, sizeof cap, "%d", MINIMIZE_CAP_S);
        snprintf(log, sizeof log, "%s/minimize.log", pick);
        FTF_INFO("minimising %s in the background (log: %s)", pick, log);
        minimizer = fork();
        if (minimizer == 0) {
            int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            if (fd >= 0) {
                dup2(fd, STDOUT_FILENO);
                dup2(fd, STDERR_FILENO);
            }
            if (nice(10) < 0) { /* below the search, which matters more */
            }
            unsetenv(FTF_ENV_OUT); /* a command, not a libFuzzer worker */
            execl(self, self, "minimize", pick, "--time", cap, (char *)NULL);
            _exit(127);
        }
    }
    ftf_store_list_free(list, n);
}


void ftf_background_minimize_stop(void)
{
    if (minimizer > 0) {
        kill(minimizer, SIGTERM);
        waitpid(minimizer, NULL, 0);
        minimizer = -1;
    }
}
