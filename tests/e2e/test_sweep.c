/* test_sweep.c - end to end: `fuzz --target stdlib`, the sweep over CPython's C modules:
 * findings attributed to each module's own C file, the deny-list, option errors. Bounded by
 * runs, fixed seed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "e2e.h"

/* Three modules whose 3.13t code races under shared use: _heapq's sift on a shared list,
 * _pickle's writer reading a shared list (pickle.dumps, a container op), and array through
 * its spec (fuzz/stdlib/array_spec.py: a shared array.array). Each gets turns (a share of
 * the runs), and each has a finding whose origin is a frame of its own C source. (Built-in
 * modules, told by their source files, are test_origin's: _io's spec found no race within
 * this bound.) */
static void sweep_attributes_to_each_module(void **state)
{
    (void)state;
    char *t = e2e_scratch("sweep");
    struct e2e_result r = e2e_run(
        "bin/ftfuzz fuzz --target stdlib --modules _heapq,_pickle,array --runs 900 "
        "--seed 1 --no-minimize --out %s/out; echo \"status=$?\"; "
        "for src in Modules/_heapqmodule.c Modules/_pickle.c Modules/arraymodule.c; do "
        "  n=0; for d in %s/out/findings/*-*/; do "
        "    grep -q '\"origin\"' $d/meta.json && grep -q \"$src\" $d/report.txt && n=$((n+1)); "
        "  done; echo \"attributed $src $n\"; "
        "done",
        t, t);
    E2E_EXPECT(r, strstr(r.output, "status=0") || strstr(r.output, "status=1"));
    E2E_EXPECT(r, strstr(r.output, "SWEEP: turn=") && strstr(r.output, "module=_heapq") &&
                      strstr(r.output, "module=_pickle") && strstr(r.output, "module=array"));
    /* The closing table names every module. */
    E2E_EXPECT(r, strstr(r.output, "SWEEP: _heapq ") && strstr(r.output, "SWEEP: array ") &&
                      strstr(r.output, "SWEEP: _pickle "));
    static const char *const srcs[] = {"Modules/_heapqmodule.c", "Modules/_pickle.c",
                                       "Modules/arraymodule.c"};
    for (size_t i = 0; i < 3; i++) {
        char want[128];
        snprintf(want, sizeof want, "attributed %s ", srcs[i]);
        const char *line = strstr(r.output, want);
        E2E_EXPECT(r, line && atoi(line + strlen(want)) >= 1);
    }
    free(r.output);
    e2e_cleanup(t);
}

/* Each module's turn is probed as a --module campaign is: the probe's line for it, its
 * probe.txt (heappop takes a list, the heap; what is not a list raises TypeError) under
 * the sweep's probe/ directory, probe-steered seeds in its corpus, and its workers told to
 * prefer what it accepted. Probed once: a second turn of the module finds probe.txt. */
static void sweep_turns_are_probe_steered(void **state)
{
    (void)state;
    char *t = e2e_scratch("sweepprobe");
    struct e2e_result r = e2e_run(
        "bin/ftfuzz fuzz --target stdlib --modules _heapq --runs 60 --seed 1 --no-minimize "
        "--out %s/out 2>&1; echo \"status=$?\"; cat %s/out/probe/_heapq/probe.txt; "
        "echo \"probe seeds $(ls %s/out/corpus/stdlib/_heapq | grep -c '^seed-probe-')\"",
        t, t, t);
    E2E_EXPECT(r, strstr(r.output, "status=0") || strstr(r.output, "status=1"));
    E2E_EXPECT(r, strstr(r.output, "INFO: module _heapq: probed the argument kinds"));
    /* "_heapq.heappop": the module's own callables come after its spec's, under the name
     * the spec imports it by */
    E2E_EXPECT(r, strstr(r.output, "\n_heapq.heappop list\n"));
    E2E_EXPECT(r, strstr(r.output, "module calls prefer the argument kinds"));
    const char *seeds = strstr(r.output, "probe seeds ");
    E2E_EXPECT(r, seeds && atoi(seeds + strlen("probe seeds ")) >= 1);
    /* one probe, however many turns the module had */
    const char *first = strstr(r.output, "probed the argument kinds");
    E2E_EXPECT(r, first && !strstr(first + 1, "probed the argument kinds"));
    E2E_EXPECT(r, strstr(r.output, "SWEEP: turn=2 module=_heapq"));
    /* each turn reports the edge coverage libFuzzer reached */
    const char *cov = strstr(r.output, " cov=");
    E2E_EXPECT(r, cov && atol(cov + 5) > 0);
    free(r.output);
    e2e_cleanup(t);
}

/* A turn of a module without a spec (math) loads no spec, although the turn before it
 * (_heapq's) had one: its probe names math's own callables (acos, ...) and none of
 * _heapq_spec.py's SharedHeap. The workers and the probe read the spec from an environment the sweep sets
 * for every turn. */
static void specless_turn_loads_no_spec(void **state)
{
    (void)state;
    char *t = e2e_scratch("sweepspec");
    struct e2e_result r = e2e_run(
        "bin/ftfuzz fuzz --target stdlib --modules _heapq,math --runs 60 --seed 1 "
        "--no-minimize --out %s/out 2>&1; echo \"status=$?\"; "
        "echo \"heapq shared $(grep -c '^SharedHeap[.]' %s/out/probe/_heapq/probe.txt)\"; "
        "echo \"math shared $(grep -c '^SharedHeap[.]' %s/out/probe/math/probe.txt)\"; "
        "echo \"math own $(grep -c '^[a-z]' %s/out/probe/math/probe.txt)\"",
        t, t, t, t);
    E2E_EXPECT(r, strstr(r.output, "status=0") || strstr(r.output, "status=1"));
    E2E_EXPECT(r, strstr(r.output, "SWEEP: turn=") && strstr(r.output, "module=math"));
    const char *hs = strstr(r.output, "heapq shared "), *ms = strstr(r.output, "math shared "),
               *mo = strstr(r.output, "math own ");
    E2E_EXPECT(r, hs && atoi(hs + strlen("heapq shared ")) >= 1);
    E2E_EXPECT(r, ms && atoi(ms + strlen("math shared ")) == 0);
    E2E_EXPECT(r, mo && atoi(mo + strlen("math own ")) >= 1);
    free(r.output);
    e2e_cleanup(t);
}

/* Every module in CPython's lib-dynload imports into ftfuzz's interpreter (the sweep fuzzes
 * each): ftfuzz links all of libpython, since such modules need symbols that nothing in
 * ftfuzz calls (_interpreters, _PyInterpreterConfig_UpdateFromDict). `show` of an empty
 * input imports the module and renders, nothing more. The directory is asked of ftfuzz's
 * python (`ftfuzz env`), as the sweep lists its modules. */
static void every_lib_dynload_module_imports(void **state)
{
    (void)state;
    char *t = e2e_scratch("dynload");
    struct e2e_result r = e2e_run(
        "eval \"$(bin/ftfuzz env)\"; : > %s/empty; dyn=$($PYTHON -c \"import os, sysconfig; "
        "print(os.path.join(sysconfig.get_path('platstdlib'), 'lib-dynload'))\"); "
        "n=0; for so in $dyn/*.so; do m=$(basename $so | cut -d. -f1); n=$((n+1)); "
        "  (cd %s && $OLDPWD/bin/ftfuzz show --module $m empty > out.txt 2>&1) || "
        "    echo \"BROKEN $m: $(grep -m1 ERROR %s/out.txt)\"; done; echo \"modules=$n\"",
        t, t, t);
    E2E_EXPECT(r, !strstr(r.output, "BROKEN"));
    const char *n = strstr(r.output, "modules=");
    E2E_EXPECT(r, n && atoi(n + 8) >= 30);
    free(r.output);
    e2e_cleanup(t);
}

/* A module the deny-list leaves out whole never runs: naming it is an error, before any
 * campaign starts; so are the sweep's options used wrongly. */
static void denied_module_and_wrong_options_exit_2(void **state)
{
    (void)state;
    char *t = e2e_scratch("sweepdeny");
    struct e2e_result r = e2e_run(
        "bin/ftfuzz fuzz --target stdlib --modules _heapq,_signal --runs 10 --out %s/a; "
        "echo \"status=$?\"; ls %s/a/corpus/stdlib 2>/dev/null | wc -l",
        t, t);
    E2E_EXPECT(r, strstr(r.output, "status=2") && strstr(r.output, "_signal is on the deny-list"));
    E2E_EXPECT(r, !strstr(r.output, "CAMPAIGN: done"));
    free(r.output);
    r = e2e_run("bin/ftfuzz fuzz --modules _heapq --runs 10 --out %s/b; echo \"status=$?\"; "
                "bin/ftfuzz fuzz --target stdlib --module _heapq --runs 10 --out %s/c; "
                "echo \"status=$?\"; "
                "bin/ftfuzz fuzz --target stdlib --modules 'os.path' --runs 10 --out %s/d; "
                "echo \"status=$?\"",
                t, t, t);
    E2E_EXPECT(r, strstr(r.output, "--modules is for --target stdlib"));
    E2E_EXPECT(r, strstr(r.output, "picks its modules itself"));
    E2E_EXPECT(r, strstr(r.output, "'os.path' is not a module name"));
    E2E_EXPECT(r, !strstr(r.output, "status=0") && !strstr(r.output, "status=1"));
    free(r.output);
    e2e_cleanup(t);
}

/* Every fuzz/stdlib/NAME_spec.py loads under ftfuzz's interpreter beside NAME's
 * introspection: one run each without seeds (two seconds or so), no error, and at least
 * one callable (a spec that defines none, or whose class does not build, is an error that
 * names it). A spec adds to introspection (README): _io's callables with its spec are its
 * callables without one plus the spec's own (the same spec with INTROSPECT = False).
 * From a scratch directory: module calls with pool strings make files (_sqlite3.connect). */
static void every_stdlib_spec_loads(void **state)
{
    (void)state;
    char *t = e2e_scratch("specs");
    struct e2e_result r = e2e_run(
        "count() { grep -o \"module $1: [0-9]* callables\" $2 | head -1 | "
        "  sed 's/.*: \\([0-9]*\\) callables/\\1/'; }; "
        "R=$PWD; mkdir %s/cwd; "
        "run() { (cd %s/cwd && $R/bin/ftfuzz fuzz --module $1 $2 --runs 1 --seed 1 --no-seeds "
        "  --no-minimize --out $3 > $3.log 2>&1); }; "
        "n=0; for f in fuzz/stdlib/*_spec.py; do "
        "  m=$(basename $f _spec.py); o=%s/$m; n=$((n+1)); "
        "  run $m \"--spec $R/$f\" $o; st=$?; c=$(count $m $o.log); "
        "  err=$(grep -c '^ERROR' $o.log); "
        "  echo \"spec $m status=$st callables=${c:-0} errors=$err\"; "
        "  if [ $st -gt 1 ] || [ ${c:-0} -lt 1 ] || [ $err -gt 0 ]; then "
        "    echo \"BROKEN $m\"; tail -5 $o.log; fi; "
        "done; echo \"specs=$n\"; "
        "run _io '' %s/io-alone; "
        "(cat fuzz/stdlib/_io_spec.py; echo 'INTROSPECT = False') > %s/only_io_spec.py; "
        "run _io \"--spec %s/only_io_spec.py\" %s/io-only; "
        "echo \"io: with=$(count _io %s/_io.log) alone=$(count _io %s/io-alone.log) "
        "only=$(count _io %s/io-only.log)\"",
        t, t, t, t, t, t, t, t, t, t);
    E2E_EXPECT(r, r.status == 0 && !strstr(r.output, "BROKEN"));
    const char *n = strstr(r.output, "specs=");
    E2E_EXPECT(r, n && atoi(n + 6) >= 8);
    const char *io = strstr(r.output, "io: with=");
    int with = 0, alone = 0, only = 0;
    E2E_EXPECT(r, io && sscanf(io, "io: with=%d alone=%d only=%d", &with, &alone, &only) == 3);
    E2E_EXPECT(r, alone > 0 && only > 0 && with == alone + only);
    free(r.output);
    e2e_cleanup(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(denied_module_and_wrong_options_exit_2),
        cmocka_unit_test(sweep_attributes_to_each_module),
        cmocka_unit_test(sweep_turns_are_probe_steered),
        cmocka_unit_test(specless_turn_loads_no_spec),
        cmocka_unit_test(every_lib_dynload_module_imports),
        cmocka_unit_test(every_stdlib_spec_loads),
    };
    if (getenv("E2E_FILTER"))
        cmocka_set_test_filter(getenv("E2E_FILTER"));
    return cmocka_run_group_tests_name("sweep", tests, NULL, NULL);
}
