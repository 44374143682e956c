/* sweep.c - `ftfuzz fuzz --target stdlib`: CPython's own C modules in turn, each turn a
 * --module campaign into one findings store, the time shared by a bandit (src/bandit.c). */
#include "clock.h"
#include "campaign/sweep.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bandit.h"
#include "campaign/findings_stats.h"
#include "campaign/module_seed_files.h"
#include "campaign/probe.h"
#include "campaign/supervisor.h"
#include "ident.h"
#include "log.h"
#include "paths.h"
#include "stdlib_sweep.h"

#ifndef FTF_PY_EXE
#error "FTF_PY_EXE must name the CPython ftfuzz was built against"
#endif

#define NAME_MAX_LEN 64
/* Part of the time shared equally, whatever the modules yield: none starves. */
#define BANDIT_FLOOR 0.3
/* A turn with --runs: this many programs at least. */
#define MIN_TURN_RUNS 20

struct sweep {
    char names[FTF_BANDIT_MAX_ARMS][NAME_MAX_LEN];
    int dead[FTF_BANDIT_MAX_ARMS]; /* its worker cannot start (nothing to call, ...) */
    long long cov[FTF_BANDIT_MAX_ARMS]; /* edge coverage at the end of its latest turn */
    struct ftf_bandit bandit;
};

/* Adds name unless the deny-list leaves the whole module out or it is CPython's test code. */
static int add_module(struct sweep *s, const char *name, int chosen)
{
    const char *why = ftf_stdlib_denied(name, NULL);
    if (why) {
        if (chosen) {
            FTF_ERROR("--modules: %s is on the deny-list (src/stdlib_deny.def): %s", name, why);
            return -1;
        }
        return 0;
    }
    if (!chosen && (!strncmp(name, "_test", 5) || !strncmp(name, "__", 2) ||
                    !strncmp(name, "_xx", 3) || !strncmp(name, "xx", 2)))
        return 0;
    if (s->bandit.n == FTF_BANDIT_MAX_ARMS)
        return 0;
    snprintf(s->names[s->bandit.n++], NAME_MAX_LEN, "%s", name);
    return 0;
}

/* The modules of --modules, or every built-in and lib-dynload module of ftfuzz's CPython
 * (asked of its own python: the list is the build's). 0, or -1 after an ERROR: line. */
static int list_modules(const struct ftf_options *o, struct sweep *s)
{
    if (o->modules) {
        char list[4096];
        snprintf(list, sizeof list, "%s", o->modules);
        for (char *save = NULL, *m = strtok_r(list, ",", &save); m; m = strtok_r(NULL, ",", &save)) {
            if (!ftf_is_ident(m, 0) || strlen(m) >= NAME_MAX_LEN) {
                FTF_ERROR("--modules: '%s' is not a module name", m);
                return -1;
            }
            if (add_module(s, m, 1) < 0)
                return -1;
        }
        return 0;
    }
    FILE *p = popen(FTF_PY_EXE " -I -c \"import sys, os, sysconfig; "
                    "d = os.path.join(sysconfig.get_path('platstdlib'), 'lib-dynload'); "
                    "n = set(sys.builtin_module_names) | {f.split('.')[0] for f in "
                    "os.listdir(d) if f.endswith('.so')}; print(*sorted(n), sep=chr(10))\" "
                    "2>/dev/null",
                    "r");
    if (!p) {
        FTF_ERROR("%s: cannot list the standard library's modules: %s", FTF_PY_EXE,
                  strerror(errno));
        return -1;
    }
    char line[256];
    while (fgets(line, sizeof line, p)) {
        line[strcspn(line, "\n")] = '\0';
        if (ftf_is_ident(line, 0) && strlen(line) < NAME_MAX_LEN)
            add_module(s, line, 0);
    }
    int rc = pclose(p);
    if (rc != 0 || s->bandit.n == 0) {
        FTF_ERROR("%s: cannot list the standard library's modules (status %d)", FTF_PY_EXE, rc);
        return -1;
    }
    return 0;
}

static unsigned findings_count(const char *out)
{
    struct ftf_findings_stats st = {0};
    return ftf_findings_stats(out, &st) == 0 ? st.unique : 0;
}

static void print_summary(const struct sweep *s)
{
    printf("SWEEP: %-20s %6s %8s %11s %8s %8s\n", "module", "turns", "runs", "new_inputs",
           "cov", "findings");
    for (size_t i = 0; i < s->bandit.n; i++) {
        const struct ftf_bandit_arm *a = &s->bandit.arms[i];
        printf("SWEEP: %-20s %6lu %8lu %11lu %8lld %8lu%s\n", s->names[i], a->pulls, a->runs,
               a->edges, s->cov[i], a->findings,
               s->dead[i] ? "  (dropped: its worker did not start)" : "");
    }
    fflush(stdout);
}

int ftf_sweep_run(const struct ftf_options *o, const char *self,
                  const struct ftf_known_list *known)
{
    static struct sweep s;
    memset(&s, 0, sizeof s);
    if (list_modules(o, &s) < 0 || ftf_bandit_init(&s.bandit, s.bandit.n, BANDIT_FLOOR) < 0)
        return -1;
    FTF_INFO("sweep: %zu modules, %lds turns%s", s.bandit.n, o->slice,
             o->runs > 0 ? " (with --runs: a share of the runs each)" : "");
    /* With --runs, a turn is a share of the runs, so a bounded sweep visits every module. */
    long turn_runs = 0;
    if (o->runs > 0) {
        turn_runs = o->runs / (long)(2 * s.bandit.n);
        turn_runs = turn_runs < MIN_TURN_RUNS ? MIN_TURN_RUNS : turn_runs;
    }
    double started = ftf_now_s();
    unsigned long long runs = 0;
    unsigned long turns = 0;
    int rc = 0;
    for (;;) {
        double left = o->time > 0 ? (double)o->time - (ftf_now_s() - started) : 1e18;
        if (left < 1 || (o->runs > 0 && runs >= (unsigned long long)o->runs))
            break;
        size_t live = 0;
        for (size_t i = 0; i < s.bandit.n; i++)
            live += !s.dead[i];
        if (!live) {
            FTF_ERROR("sweep: no module's worker could start (see the lines above)");
            rc = -1;
            break;
        }
        size_t arm = ftf_bandit_next(&s.bandit);
        if (s.dead[arm]) { /* charged out of the rotation: a dead arm never earns */
            ftf_bandit_reward(&s.bandit, arm, 1e9, 0, 0, 0);
            continue;
        }
        const char *name = s.names[arm];
        char corpus[4200];
        snprintf(corpus, sizeof corpus, "%s/corpus/stdlib/%s", o->out, name);
        if (ftf_mkdirs(corpus) < 0) {
            FTF_ERROR("%s: cannot create the module's corpus: %s", corpus, strerror(errno));
            rc = -1;
            break;
        }
        struct ftf_options turn = *o;
        turn.target = "containers";
        turn.module = name;
        turn.path = NULL;
        /* fuzz/stdlib/NAME_spec.py builds what introspection cannot (instances whose
         * constructors need arguments, their collaborators): called beside what
         * introspection finds (runner/introspect.py describe_module). */
        char spec[4200], fuzz_dir[4096];
        if (ftf_fuzz_dir(fuzz_dir, sizeof fuzz_dir) == 0) {
            snprintf(spec, sizeof spec, "%s/stdlib/%s_spec.py", fuzz_dir, name);
            turn.spec = access(spec, R_OK) == 0 ? spec : NULL;
        }
        turn.time = (long)(left < (double)o->slice ? left : (double)o->slice);
        turn.runs = o->runs > 0 ? turn_runs : 0;
        if (o->runs > 0 && runs + (unsigned long long)turn.runs > (unsigned long long)o->runs)
            turn.runs = o->runs - (long)runs;
        if (!o->no_seeds && ftf_write_module_seeds(&turn, corpus) < 0) {
            FTF_ERROR("%s: cannot write the module's seed inputs: %s", corpus, strerror(errno));
            rc = -1;
            break;
        }
        /* The argument probe, as a --module campaign runs it, on the module's first turn
         * (its probe.txt stays for the later ones), within a slice: its time comes out of
         * the sweep's. */
        char probe_dir[4200], probe[4300];
        snprintf(probe_dir, sizeof probe_dir, "%s/probe/%s", o->out, name);
        if (!o->no_seeds && ftf_mkdirs(probe_dir) == 0) {
            double limit = (double)o->slice < FTF_PROBE_LIMIT_S ? (double)o->slice
                                                                : FTF_PROBE_LIMIT_S;
            ftf_probe_module(&turn, self, corpus, probe_dir, limit);
            if (o->time > 0) {
                double rest = (double)o->time - (ftf_now_s() - started);
                turn.time = (long)(rest < (double)turn.time ? rest : (double)turn.time);
                turn.time = turn.time < 1 ? 1 : turn.time;
            }
        }
        ftf_probe_path(probe_dir, probe, sizeof probe);
        unsigned before_findings = findings_count(o->out);
        unsigned long before_inputs = ftf_corpus_size(corpus);
        struct ftf_campaign_result result = {.cov = -1};
        struct ftf_campaign c = {.o = &turn, .self = self, .corpus = corpus, .seeds = NULL,
                                 .known = known, .result = &result, .probe = probe,
                                 .resumed = s.bandit.arms[arm].pulls > 0};
        double t0 = ftf_now_s();
        FTF_INFO("sweep: turn %lu: module %s (share %.2f)", turns + 1, name,
                 ftf_bandit_share(&s.bandit, arm));
        int crc = ftf_campaign_run(&c);
        turns++;
        runs += result.runs;
        unsigned long after_inputs = ftf_corpus_size(corpus);
        unsigned long new_inputs = after_inputs > before_inputs ? after_inputs - before_inputs : 0;
        unsigned new_findings = findings_count(o->out) - before_findings;
        if (result.cov >= 0)
            s.cov[arm] = result.cov;
        if (crc < 0 && result.runs == 0) {
            FTF_INFO("sweep: module %s dropped: its worker did not start", name);
            s.dead[arm] = 1;
        }
        /* Cost in runs for a bounded sweep (deterministic), else in seconds. */
        double cost = o->runs > 0 ? (double)(result.runs ? result.runs : 1) : ftf_now_s() - t0;
        ftf_bandit_reward(&s.bandit, arm, cost, (unsigned long)result.runs, new_inputs,
                          new_findings);
        printf("SWEEP: turn=%lu module=%s runs=%llu new_inputs=%lu cov=%lld new_findings=%u "
               "elapsed=%.0fs\n", turns, name, result.runs, new_inputs, s.cov[arm], new_findings,
               ftf_now_s() - started);
        fflush(stdout);
        if (result.interrupted)
            break;
    }
    print_summary(&s);
    return rc;
}
