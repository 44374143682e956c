/* cmd_repro.c - `ftfuzz repro PATH [--runs N]`: replay a finding, an input or a repro.py
 * under the TSan harness and say how often it reproduces. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/finding_load.h"
#include "cli/reexec.h"
#include "runtime/harness.h"
#include "log.h"
#include "observe.h"
#include "render.h"
#include "runtime/tsan_capture.h"

/* The replayed program without its schedule points (--no-sched): 1, or 0 after an ERROR. */
static int strip_schedule_points(struct ftf_replay *r)
{
    if (r->is_python) {
        FTF_ERROR("--no-sched needs an input or a finding directory, not a .py file");
        return 0;
    }
    unsigned n = 0;
    for (unsigned t = 0; t < r->prog.n_threads; t++)
        for (unsigned i = 0; i < r->prog.threads[t].n_ops; i++)
            n += (unsigned)ftf_op_clear_sched(&r->prog.threads[t].ops[i]);
    char *source = ftf_render(&r->prog, FTF_RENDER_HARNESS, r->ctx.mod);
    if (!source) {
        FTF_ERROR("out of memory");
        return 0;
    }
    free(r->source);
    r->source = source;
    printf("INFO: replaying without the program's %u schedule points\n", n);
    return 1;
}

int ftf_cmd_repro(struct ftf_options *o)
{
    if (o->n_args != 1) {
        FTF_ERROR("repro needs exactly one PATH (see: ftfuzz repro --help)");
        return FTF_EXIT_USAGE;
    }
    if (o->runs == 0)
        o->runs = 10; /* --runs 0 (the table's default) means ten attempts for repro */
    /* The options table checked the name. */
    const struct ftf_isolation *iso =
        ftf_isolation_get(ftf_isolation_for_replay(ftf_isolation_parse(o->isolation)));
    /* TSan also reports a racy address once per process: the fork isolation, the default
     * here, gives every attempt a fresh process. */
    if (ftf_reexec_for_replay() < 0)
        return FTF_EXIT_USAGE;
    ftf_set_run_rss_bound(o->rss_limit);
    /* A finding records its limits; other inputs decode under the table's defaults. */
    struct ftf_options table;
    ftf_options_defaults(&table);
    struct ftf_replay r;
    if (ftf_replay_load(o->args[0], o->module, o->path, o->spec, table.threads, table.iters,
                        &r) < 0) {
        ftf_replay_free(&r);
        return FTF_EXIT_USAGE;
    }
    if (o->no_sched && !strip_schedule_points(&r)) {
        ftf_replay_free(&r);
        return FTF_EXIT_USAGE;
    }
    if (r.is_finding)
        printf("INFO: expecting %s-%s: %s\n", ftf_finding_kind_name(r.meta.kind),
               r.meta.sig_hex, r.meta.summary);
    fflush(stdout); /* forked children must not inherit unflushed output */
    long reproduced = 0;
    int shown = 0;
    for (long i = 0; i < o->runs; i++) {
        struct ftf_run_result res;
        struct ftf_observation obs;
        if (iso->run(r.source, (double)o->timeout, &res) < 0 ||
            ftf_observe(&res, &r.prog, r.ctx.mod, &obs) < 0) {
            FTF_ERROR("out of memory");
            ftf_replay_free(&r);
            return FTF_EXIT_USAGE;
        }
        int hit = r.is_finding ? ftf_observation_find(&obs, r.expected) : (obs.n ? 0 : -1);
        if (res.status == FTF_RUN_ERROR)
            FTF_ERROR("harness: %s", res.errors);
        if (hit >= 0) {
            reproduced++;
            if (!shown) {
                fputs(obs.items[hit].report, stdout);
                printf("\nsignature: %s-%s %s\n", ftf_finding_kind_name(obs.items[hit].sig.kind),
                       obs.items[hit].sig.hex, obs.items[hit].sig.summary);
                shown = 1;
            }
        }
        for (size_t k = 0; k < obs.n; k++)
            if ((int)k != hit)
                printf("INFO: run %ld also saw %s-%s %s\n", i + 1,
                       ftf_finding_kind_name(obs.items[k].sig.kind), obs.items[k].sig.hex,
                       obs.items[k].sig.summary);
        fflush(stdout); /* before the next forked run copies the buffer */
        int hung = res.status == FTF_RUN_HANG || res.status == FTF_RUN_OOM;
        ftf_observation_free(&obs);
        ftf_run_result_free(&res);
        if (hung) {
            o->runs = i + 1; /* stuck threads: further runs would not be comparable */
            break;
        }
    }
    if (r.is_finding) {
        printf("signature %s\n", reproduced ? "matches the stored one" : "not seen");
        char err[1024];
        /* The rate of the program as stored; a --no-sched replay is another program. */
        if (!o->no_sched &&
            ftf_store_record_repro(o->args[0], o->runs, reproduced, err, sizeof err) !=
                FTF_STORE_OK)
            FTF_ERROR("%s", err);
    }
    printf("reproduced %ld/%ld\n", reproduced, o->runs);
    fflush(stdout);
    ftf_replay_free(&r);
    return reproduced ? FTF_EXIT_FINDINGS : FTF_EXIT_CLEAN;
}
