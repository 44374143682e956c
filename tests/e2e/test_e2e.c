/* test_e2e.c - end to end: the build and its cache, doctor, bad inputs, and the CLI. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "e2e.h"

static void doctor_passes_and_catches_the_selftest_race(void **state)
{
    (void)state;
    struct e2e_result r = e2e_run("bin/ftfuzz doctor");
    E2E_EXPECT(r, r.status == 0);
    E2E_EXPECT(r, strstr(r.output, "self-test race caught: 1 report(s)") != NULL);
    E2E_EXPECT(r, strstr(r.output, "selftest_race.c:") != NULL);
    E2E_EXPECT(r, strstr(r.output, "doctor: all checks passed") != NULL);
    free(r.output);
}

static void unknown_command_and_option_exit_2(void **state)
{
    (void)state;
    struct e2e_result r = e2e_run("bin/ftfuzz frobnicate");
    E2E_EXPECT(r, r.status == 2 && strstr(r.output, "unknown command 'frobnicate'"));
    free(r.output);
    r = e2e_run("bin/ftfuzz doctor --bogus");
    E2E_EXPECT(r, r.status == 2 && strstr(r.output, "unknown option '--bogus'"));
    free(r.output);
    r = e2e_run("bin/ftfuzz triage --help");
    E2E_EXPECT(r, r.status == 0 && strstr(r.output, "--format"));
    free(r.output);
}

/* Each bad CPYTHON_SRC: exit 2, one line naming it, and nothing left in the cache. */
static void bad_cpython_src(const char *setup, const char *src, const char *message)
{
    struct e2e_result r = e2e_run(
        "t=$(mktemp -d) && %s && FTFUZZ_CACHE=$t/cache make -s cpython CPYTHON_SRC=%s; "
        "rc=$?; echo \"left:$(find $t/cache -mindepth 1 2>/dev/null | wc -l)\"; rm -rf $t; "
        "exit $rc",
        setup, src);
    E2E_EXPECT(r, r.status == 2);
    E2E_EXPECT(r, strstr(r.output, message) != NULL);
    E2E_EXPECT(r, strstr(r.output, "left:0") != NULL);
    free(r.output);
}

static void cpython_src_missing(void **state)
{
    (void)state;
    bad_cpython_src("true", "/nonexistent/cpython", "CPYTHON_SRC=/nonexistent/cpython does not exist");
}

static void cpython_src_not_cpython(void **state)
{
    (void)state;
    bad_cpython_src("mkdir $t/tree && touch $t/tree/README", "$t/tree", "is not a CPython source tree");
}

static void cpython_src_too_old(void **state)
{
    (void)state;
    bad_cpython_src("mkdir -p $t/old/Include && touch $t/old/configure && "
                    "echo '#define PY_VERSION \"3.12.4\"' > $t/old/Include/patchlevel.h",
                    "$t/old", "free-threading needs 3.13 or newer");
}

static void cpython_src_broken_tarball(void **state)
{
    (void)state;
    bad_cpython_src("head -c 4096 /dev/urandom > $t/Python-3.13.0.tar.xz", "$t/Python-3.13.0.tar.xz",
                    "not a readable CPython tarball");
}

/* ci/build/cpython.sh on a stand-in source tree (tests/e2e/fake_cpython.sh MODE) with its own
 * cache in $t/cache (or CACHE=...) and its own OUT.mk, so the real build/cpython.mk is
 * never touched. Afterwards: what the cache holds besides logs and lock files. */
#define FAKE_BUILD(setup_and_run)                                                           \
    "t=$(mktemp -d) && " setup_and_run "; rc=$?; echo \"prefixes:$(ls -A ${CACHE:-$t/cache} | " \
    "grep -cv '^logs$\\|^\\.lock-') complete:$(ls ${CACHE:-$t/cache}/cpython-*/.ftfuzz-complete " \
    "2>/dev/null | wc -l)\"; "

/* A build that fails prints the log's path and its failing lines, exits 2, and leaves no
 * prefix, staging or work directory behind. */
static void failed_build_leaves_no_prefix(void **state)
{
    (void)state;
    struct e2e_result r = e2e_run(
        FAKE_BUILD("tests/e2e/fake_cpython.sh $t/src fail && FTFUZZ_CACHE=$t/cache "
                   "CPYTHON_SRC=$t/src ci/build/cpython.sh $t/out.mk build/ftfuzz-cachekey")
        "rm -rf $t; exit $rc");
    E2E_EXPECT(r, r.status == 2);
    E2E_EXPECT(r, strstr(r.output, "configure failed; log: ") != NULL);
    E2E_EXPECT(r, strstr(r.output, "fake failure: no working C compiler") != NULL);
    E2E_EXPECT(r, strstr(r.output, "prefixes:0 complete:0") != NULL);
    free(r.output);
}

/* A disk that fills during the install (a 16 MB tmpfs as the cache): exit 2, the message
 * says the disk is full, and the half prefix is gone. Mounting needs root, as CI has. */
static void full_disk_removes_the_half_prefix(void **state)
{
    (void)state;
    struct e2e_result r = e2e_run(
        FAKE_BUILD("mkdir $t/small && mount -t tmpfs -o size=16m tmpfs $t/small || "
                   "{ echo cannot-mount; exit 77; }; CACHE=$t/small/cache; "
                   "tests/e2e/fake_cpython.sh $t/src fill && FTFUZZ_CACHE=$CACHE "
                   "CPYTHON_SRC=$t/src ci/build/cpython.sh $t/out.mk build/ftfuzz-cachekey")
        "umount $t/small; rm -rf $t; exit $rc");
    if (r.status == 77 && strstr(r.output, "cannot-mount")) {
        free(r.output);
        skip(); /* not root: no small filesystem to fill */
    }
    E2E_EXPECT(r, r.status == 2);
    E2E_EXPECT(r, strstr(r.output, "make install failed; log: ") != NULL);
    E2E_EXPECT(r, strstr(r.output, "is full") != NULL);
    E2E_EXPECT(r, strstr(r.output, "prefixes:0 complete:0") != NULL);
    free(r.output);
}

/* Two builds of the same source at once: one builds, the other waits on the lock and
 * reuses its prefix; one complete prefix, both OUT.mk files name it. */
static void concurrent_builds_share_one_prefix(void **state)
{
    (void)state;
    struct e2e_result r = e2e_run(
        FAKE_BUILD("tests/e2e/fake_cpython.sh $t/src ok && "
                   "export FTFUZZ_CACHE=$t/cache CPYTHON_SRC=$t/src; "
                   "ci/build/cpython.sh $t/out1.mk build/ftfuzz-cachekey & p1=$!; "
                   "ci/build/cpython.sh $t/out2.mk build/ftfuzz-cachekey & p2=$!; "
                   "wait $p1 && wait $p2 && cmp $t/out1.mk $t/out2.mk && echo same-mk")
        "rm -rf $t; exit $rc");
    E2E_EXPECT(r, r.status == 0);
    const char *first = strstr(r.output, "cpython: building CPython 3.13.99");
    E2E_EXPECT(r, first && !strstr(first + 1, "cpython: building"));
    E2E_EXPECT(r, strstr(r.output, "cpython: reusing ") != NULL);
    E2E_EXPECT(r, strstr(r.output, "same-mk") != NULL);
    E2E_EXPECT(r, strstr(r.output, "prefixes:1 complete:1") != NULL);
    free(r.output);
}

static void second_cpython_build_reuses_the_cache(void **state)
{
    (void)state;
    struct e2e_result r = e2e_run("make -s cpython");
    E2E_EXPECT(r, r.status == 0 && strstr(r.output, "cpython: reusing "));
    free(r.output);
}

/* A worker past --worker-rss is replaced between runs and the campaign's run budget is
 * kept across the replacements (1 MB: every worker passes it at its first check). Each run
 * forks from the zygote, so CPython's own crashes end a child, never the worker: a crashed
 * worker would restart before its first check and leave the count to chance. */
static void worker_recycled_past_its_rss_budget(void **state)
{
    (void)state;
    struct e2e_result r = e2e_run("d=$(mktemp -d) && bin/ftfuzz fuzz --runs 100 --seed 3 "
                                  "--time 0 --no-minimize --threads 4 --iters 5 --worker-rss 1 "
                                  "--isolation fork --out $d; rc=$?; rm -rf $d; exit $rc");
    E2E_EXPECT(r, r.status == 0 || r.status == 1); /* 1: CPython's own races may show */
    const char *done = strstr(r.output, "CAMPAIGN: done: runs=");
    unsigned long runs = 0;
    int restarts = -1, recycled = 0;
    E2E_EXPECT(r, done && sscanf(done, "CAMPAIGN: done: runs=%lu new_runs=%*u replayed=%*u "
                                       "restarts=%d recycled=%d",
                                 &runs, &restarts, &recycled) == 3);
    E2E_EXPECT(r, runs >= 100 && strstr(done, "(--runs reached)") != NULL);
    E2E_EXPECT(r, restarts == 0 && recycled >= 2 &&
                      strstr(r.output, "passed --worker-rss 1 MB") != NULL);
    free(r.output);
}

/* --jobs 2: two worker slots store into one output directory; every finding is whole
 * (valid meta.json, nothing half-written), the run budget is honoured, and both workers'
 * lines reach the campaign's output, each after its slot's "[job N] " (no libFuzzer
 * fuzz-N.log in the working directory, a scratch one). */
static void two_jobs_share_one_store(void **state)
{
    (void)state;
    struct e2e_result r = e2e_run(
        "repo=$PWD; d=$(mktemp -d); cd $d && $repo/bin/ftfuzz fuzz --module racy_global "
        "--path $repo/build/fixtures --runs 300 --seed 1 --time 0 --no-minimize --jobs 2 "
        "--out $d/out; rc=$?; n=0; bad=0; for m in $d/out/findings/*/meta.json; do "
        "n=$((n+1)); python3 -c \"import json,sys; json.load(open(sys.argv[1]))\" $m || "
        "bad=$((bad+1)); done; echo \"stored=$n bad=$bad temp=$(find $d/out/findings -name "
        "'.*.tmp-*' | wc -l) logs=$(ls $d | grep -c '^fuzz-')\"; rm -rf $d; exit $rc");
    E2E_EXPECT(r, r.status == 1); /* racy_global's race is found */
    E2E_EXPECT(r, strstr(r.output, "(--runs reached)") != NULL);
    int stored = 0, bad = -1, temp = -1, logs = 0;
    const char *s = strstr(r.output, "stored=");
    E2E_EXPECT(r, s && sscanf(s, "stored=%d bad=%d temp=%d logs=%d", &stored, &bad, &temp,
                              &logs) == 4);
    E2E_EXPECT(r, stored >= 1 && bad == 0 && temp == 0 && logs == 0);
    E2E_EXPECT(r, strstr(r.output, "[job 0] INFO: Seed: 1") != NULL &&
                      strstr(r.output, "[job 1] INFO: Seed: 2") != NULL);
    free(r.output);
}

/* `show FINDING` decodes the input with the limits the finding was found with (meta.json)
 * and matches `show INPUT` given those limits; under the default limits the same bytes
 * are another program (here: 200 turns per thread, not at most 5). */
static void show_a_finding_uses_its_limits(void **state)
{
    (void)state;
    struct e2e_result r = e2e_run(
        "d=$(mktemp -d) && cp -r corpus/regression/racy_global_bump $d/f && python3 -c \""
        "import json,sys; p=sys.argv[1]; m=json.load(open(p)); m['extra']['max_iters']=5; "
        "json.dump(m, open(p, 'w'))\" $d/f/meta.json && "
        "bin/ftfuzz show $d/f --path build/fixtures > $d/dir.py && "
        "bin/ftfuzz show $d/f/input --module racy_global --path build/fixtures --threads 16 "
        "--iters 5 > $d/limits.py && "
        "bin/ftfuzz show $d/f/input --module racy_global --path build/fixtures > $d/default.py "
        "&& cmp -s $d/dir.py $d/limits.py && echo same-as-limits; "
        "cmp -s $d/dir.py $d/default.py || echo differs-from-default; "
        "grep -c 'range(200)' $d/dir.py; rm -rf $d");
    E2E_EXPECT(r, r.status == 0 || r.status == 1);
    E2E_EXPECT(r, strstr(r.output, "same-as-limits") && strstr(r.output, "differs-from-default"));
    free(r.output);
}

int main(void)
{
    /* E2E_FILTER=glob runs the matching tests only (cmocka's filter). */
    if (getenv("E2E_FILTER"))
        cmocka_set_test_filter(getenv("E2E_FILTER"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(doctor_passes_and_catches_the_selftest_race),
        cmocka_unit_test(unknown_command_and_option_exit_2),
        cmocka_unit_test(cpython_src_missing),
        cmocka_unit_test(cpython_src_not_cpython),
        cmocka_unit_test(cpython_src_too_old),
        cmocka_unit_test(cpython_src_broken_tarball),
        cmocka_unit_test(second_cpython_build_reuses_the_cache),
        cmocka_unit_test(failed_build_leaves_no_prefix),
        cmocka_unit_test(full_disk_removes_the_half_prefix),
        cmocka_unit_test(concurrent_builds_share_one_prefix),
        cmocka_unit_test(worker_recycled_past_its_rss_budget),
        cmocka_unit_test(two_jobs_share_one_store),
        cmocka_unit_test(show_a_finding_uses_its_limits),
    };
    return cmocka_run_group_tests_name("e2e", tests, NULL, NULL);
}
