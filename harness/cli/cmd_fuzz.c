/* cmd_fuzz.c - `ftfuzz fuzz`: check the options, prepare the output directory and the
 * seeds, run the campaign (campaign/supervisor.c), print the findings and the exit code. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "campaign/module_seed_files.h"
#include "campaign/probe.h"
#include "campaign/supervisor.h"
#include "campaign/sweep.h"
#include "cli/commands.h"
#include "cli/known_load.h"
#include "triage_bugs.h"
#include "log.h"
#include "paths.h"
#include "worker/targets.h"

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
        ftf_probe_module(o, self, corpus, o->out, FTF_PROBE_LIMIT_S);
    if (o->minimize_cpu < 1 || o->minimize_cpu > 100 || o->minimize_time < 1) {
        FTF_ERROR("--minimize-cpu must be 1..100 and --minimize-time at least 1");
        return FTF_EXIT_USAGE;
    }
    struct ftf_known_list known;
    if (ftf_known_load_options(o, &known) < 0)
        return FTF_EXIT_USAGE;
    char probe[4200];
    ftf_probe_path(o->out, probe, sizeof probe);
    struct ftf_campaign c = {.o = o, .self = self, .corpus = corpus,
                             .seeds = have_seeds ? seeds : NULL, .known = &known,
                             .probe = o->module ? probe : NULL};
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
