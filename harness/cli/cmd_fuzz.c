/* cmd_fuzz.c - `ftfuzz fuzz`: check the options, prepare the output directory and the
 * seeds, run the campaign (campaign/supervisor.c), print the findings and the exit code. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "campaign/module_seed_files.h"
#include "campaign/supervisor.h"
#include "campaign/sweep.h"
#include "cli/commands.h"
#include "cli/known_load.h"
#include "triage_bugs.h"
#include "log.h"
#include "paths.h"
#include "runtime/harness.h"
#include "worker/campaign_env.h"
#include "worker/probe_child.h"
#include "worker/targets.h"

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
static void probe_module(const struct ftf_options *o, const char *self, const char *corpus)
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

int ftf_cmd_fuzz(struct ftf_options *o)
{
    int sweep = !strcmp(o->target, "stdlib");
    if (!sweep && !ftf_fuzz_target_lookup(o->target)) {
        FTF_ERROR("--target %s: unknown target (known: %s, stdlib)", o->target,
                  ftf_fuzz_target_names());
        return FTF_EXIT_USAGE;
    }
    if (sweep && (o->module || o->merge || o->spec)) {
        FTF_ERROR("--target stdlib picks its modules itself: not with --module, --spec or "
                  "--merge (choose modules with --modules A,B,...)");
        return FTF_EXIT_USAGE;
    }
    if (!sweep && o->modules) {
        FTF_ERROR("--modules is for --target stdlib (one module: --module NAME)");
        return FTF_EXIT_USAGE;
    }
    /* Ranges and choices (--threads, --isolation, ...) are the options table's. */
    if (o->n_args > 0) {
        FTF_ERROR("unexpected argument '%s' (libFuzzer flags go after --)", o->args[0]);
        return FTF_EXIT_USAGE;
    }
    char corpus[4096], findings[4096], artifacts[4096], self[4096];
    snprintf(corpus, sizeof corpus, "%s/corpus/%s", o->out, o->target);
    snprintf(findings, sizeof findings, "%s/findings", o->out);
    snprintf(artifacts, sizeof artifacts, "%s/artifacts", o->out);
    if (ftf_mkdirs(corpus) < 0 || ftf_mkdirs(findings) < 0 || ftf_mkdirs(artifacts) < 0) {
        FTF_ERROR("%s: cannot create the output directory: %s", o->out, strerror(errno));
        return FTF_EXIT_USAGE;
    }
    if (ftf_self_exe(self, sizeof self) < 0) {
        FTF_ERROR("cannot find ftfuzz's own executable: %s", strerror(errno));
        return FTF_EXIT_USAGE;
    }
    char seeds[4096];
    /* The target's checked-in seeds (corpus/<target>/, read-only: new inputs go to the
     * campaign's own corpus). Not with a module: those bytes decode to other programs
     * when module kinds are in the tables, and the module has seeds of its own. */
    if (o->merge) {
        struct stat st;
        if (stat(o->merge, &st) < 0 || !S_ISDIR(st.st_mode)) {
            FTF_ERROR("--merge %s: not a directory", o->merge);
            return FTF_EXIT_USAGE;
        }
    }
    int have_seeds = !sweep && !o->merge && !o->module && !o->no_seeds &&
                     ftf_seed_corpus_dir(o->target, seeds, sizeof seeds) == 0;
    if (!o->merge && o->module && !o->no_seeds && ftf_write_module_seeds(o, corpus) < 0) {
        FTF_ERROR("%s: cannot write the module's seed inputs: %s", corpus, strerror(errno));
        return FTF_EXIT_USAGE;
    }
    if (!o->merge && o->module && !o->no_seeds)
        probe_module(o, self, corpus);
    if (o->minimize_cpu < 1 || o->minimize_cpu > 100 || o->minimize_time < 1) {
        FTF_ERROR("--minimize-cpu must be 1..100 and --minimize-time at least 1");
        return FTF_EXIT_USAGE;
    }
    struct ftf_known_list known;
    if (ftf_known_load_options(o, &known) < 0)
        return FTF_EXIT_USAGE;
    struct ftf_campaign c = {.o = o, .self = self, .corpus = corpus,
                             .seeds = have_seeds ? seeds : NULL, .known = &known};
    int ran = sweep ? ftf_sweep_run(o, self, &known) : ftf_campaign_run(&c);
    int rc = ran < 0 ? FTF_EXIT_USAGE : FTF_EXIT_CLEAN;
    if (o->merge) { /* no bug table: merging is corpus upkeep, its findings wait for triage */
        ftf_known_free(&known);
        return rc;
    }
    /* The closing bug table: new bugs first, at most 40 rows. Exit 1 only for a new bug. */
    struct ftf_bug_counts bc;
    char err[1024];
    if (ftf_triage_bugs(o->out, &known, FTF_BUGS_TEXT, FTF_BUG_TABLE_LINES, 1, NULL, stdout, &bc,
                        err, sizeof err)) {
        FTF_ERROR("%s", err);
        rc = FTF_EXIT_USAGE;
    }
    ftf_known_free(&known);
    if (rc != FTF_EXIT_CLEAN)
        return rc;
    return bc.new_bugs > 0 ? FTF_EXIT_FINDINGS : FTF_EXIT_CLEAN;
}
