/* test_nightly.c - end to end: ci/nightly.sh on the planted-race fixture, two nights in a
 * row (new, then known against night 1's known.txt), its report in headless chromium, bad
 * settings, and a night killed with SIGKILL then resumed. Bounded by runs, fixed seeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "e2e.h"

#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* One night on racy_global: both planted pairs (bump/bump, bump/total) show within the
 * module's seeds, far below these runs; CPython's own races met on the way are out of the
 * module's scope (NIGHTLY_SCOPE=module), so the exit status is the planted bug's. */
#define NIGHT "NIGHTLY_TIME=0 NIGHTLY_RUNS=%d NIGHTLY_SEED=1 NIGHTLY_SCOPE=module " \
              "MODULE=racy_global MODULE_PATH=build/fixtures NIGHTLY_MINIMIZE_TIME=20 " \
              "NIGHTLY_FUZZ_ARGS='--minimize-cpu 100' "
#define NIGHT_RUNS 200
#define CHROMIUM "chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run " \
                 "--disable-background-networking --disable-component-update --disable-sync "

static long count_entries(const char *dir)
{
    struct e2e_result r = e2e_run("find %s -mindepth 1 -maxdepth 1 -type f ! -name '.*' | wc -l",
                                  dir);
    long n = strtol(r.output, NULL, 10);
    free(r.output);
    return n;
}

/* The two nights, run once for the tests that look at them. */
static char *nights_dir;
static long corpus_after[2];

static void run_nights(void)
{
    if (nights_dir)
        return;
    nights_dir = e2e_scratch("nightly");
    /* Night 1: no baseline, CORPUS_DIR does not exist yet. */
    struct e2e_result r = e2e_run(NIGHT "CORPUS_DIR=%s/corpus OUT=%s/n1 ci/nightly.sh",
                                  NIGHT_RUNS, nights_dir, nights_dir);
    E2E_EXPECT(r, r.status == 1);
    E2E_EXPECT(r, strstr(r.output, "NIGHTLY: corpus: 0 inputs restored from ") != NULL);
    E2E_EXPECT(r, strstr(r.output, "CAMPAIGN: done: runs=") != NULL);
    free(r.output);
    char path[512];
    snprintf(path, sizeof path, "%s/corpus", nights_dir);
    corpus_after[0] = count_entries(path);
    /* Night 2: night 1's known.txt as the baseline, the corpus night 1 saved. */
    r = e2e_run(NIGHT "CORPUS_DIR=%s/corpus OUT=%s/n2 BASELINE=%s/n1/known.txt ci/nightly.sh",
                NIGHT_RUNS, nights_dir, nights_dir, nights_dir);
    E2E_EXPECT(r, r.status == 0);
    char restored[128];
    snprintf(restored, sizeof restored, "NIGHTLY: corpus: %ld inputs restored", corpus_after[0]);
    E2E_EXPECT(r, strstr(r.output, restored) != NULL);
    free(r.output);
    corpus_after[1] = count_entries(path);
}

/* Night 1 lists the planted bug as new and writes known.txt; night 2 lists it as known
 * (reference baseline) and exits 0; the saved corpus does not shrink; SARIF and JUnit pass
 * the structural checks (tests/e2e/check_nightly.py). */
static void two_nights_new_then_known(void **s)
{
    (void)s;
    run_nights();
    assert_true(corpus_after[0] > 0);
    assert_true(corpus_after[1] >= corpus_after[0]);
    struct e2e_result r = e2e_run(
        "for f in results.sarif junit.xml summary.md report.html known.txt timeline.tsv; do "
        "test -s %s/n1/$f || test -s %s/n1/campaign/$f || echo missing $f; done; "
        "grep -c '^race | bump / ' %s/n1/known.txt; "
        "grep -c '^race | bump / ' %s/n2/known.txt; "
        "grep -A3 '^## New bugs' %s/n1/summary.md | grep -c 'data race: bump vs '",
        nights_dir, nights_dir, nights_dir, nights_dir, nights_dir);
    E2E_EXPECT(r, strstr(r.output, "missing") == NULL);
    unsigned k1 = 0, k2 = 0, listed = 0;
    E2E_EXPECT(r, sscanf(r.output, "%u %u %u", &k1, &k2, &listed) == 3);
    E2E_EXPECT(r, k1 == 2 && k2 == 2 && listed == 1); /* both pairs; one carried, not doubled */
    free(r.output);
    r = e2e_run("python3 tests/e2e/check_nightly.py %s/n1 new && "
                "python3 tests/e2e/check_nightly.py %s/n2 known && "
                "grep -c '^- `race` data race: bump vs .*: baseline (open)' %s/n2/summary.md",
                nights_dir, nights_dir, nights_dir);
    E2E_EXPECT(r, r.status == 0);
    E2E_EXPECT(r, strstr(r.output, "planted ok: 2 bugs new") != NULL);
    E2E_EXPECT(r, strstr(r.output, "planted ok: 2 bugs known") != NULL);
    E2E_EXPECT(r, strstr(r.output, "\n2\n") != NULL);
    free(r.output);
}

/* report.html in headless chromium: after its scripts ran, the DOM has the bug rows (new
 * first) and one SVG plot per series with its line; a screenshot goes to build/. */
static void report_renders_in_chromium(void **s)
{
    (void)s;
    run_nights();
    struct e2e_result r = e2e_run(
        "p=$(mktemp -d) && timeout 120 " CHROMIUM "--user-data-dir=$p --dump-dom "
        "file://%s/n1/report.html 2>/dev/null > %s/dom.html; echo rc=$?; rm -rf $p; "
        "p=$(mktemp -d) && mkdir -p build/screenshots && timeout 120 " CHROMIUM
        "--user-data-dir=$p --window-size=1280,1400 "
        "--screenshot=$PWD/build/screenshots/nightly-report.png file://%s/n1/report.html "
        "> /dev/null 2>&1; rm -rf $p; test -s build/screenshots/nightly-report.png && echo shot",
        nights_dir, nights_dir, nights_dir);
    E2E_EXPECT(r, strstr(r.output, "rc=0\n") != NULL);
    E2E_EXPECT(r, strstr(r.output, "shot\n") != NULL);
    free(r.output);
    r = e2e_run("d=%s/dom.html; grep -o 'data-rendered=\"1\"' $d | head -1; "
                "grep -o '<tr class=\"bug new\"' $d | wc -l; "
                "grep -o '<tr class=\"bug [a-z]*\"' $d | head -1; "
                "for k in bugs cov runs_per_s corpus; do "
                "grep -o \"<svg class=\\\"plot\\\" data-series=\\\"$k\\\"[^>]*><line[^>]*>\"'"
                "</line><line[^>]*></line><polyline points=\"[0-9]' $d | wc -l; done",
                nights_dir);
    E2E_EXPECT(r, strncmp(r.output, "data-rendered=\"1\"\n", 18) == 0);
    unsigned rows = 0, p[4] = {0};
    const char *after = strchr(r.output, '\n') + 1;
    E2E_EXPECT(r, sscanf(after, "%u", &rows) == 1 && rows == 2);
    E2E_EXPECT(r, strstr(r.output, "\n<tr class=\"bug new\"\n") != NULL); /* new first */
    const char *plots = strstr(r.output, "<tr class=\"bug new\"\n");
    E2E_EXPECT(r, plots && sscanf(plots + 20, "%u %u %u %u", &p[0], &p[1], &p[2], &p[3]) == 4);
    E2E_EXPECT(r, p[0] == 1 && p[1] == 1 && p[2] == 1 && p[3] == 1);
    free(r.output);
}

/* Bad settings exit 2 before any campaign, naming what is wrong. */
static void bad_settings_exit_2(void **s)
{
    (void)s;
    char *dir = e2e_scratch("nightly-bad");
    struct e2e_result r = e2e_run(
        "printf 'race | bump / bump | baseline | open | ok\\nrace | bump | nope | open | x\\n' "
        "> %s/bad.txt; MODULE=racy_global MODULE_PATH=build/fixtures CORPUS_DIR=%s/c "
        "OUT=%s/o BASELINE=%s/bad.txt ci/nightly.sh; echo rc=$?",
        dir, dir, dir, dir);
    E2E_EXPECT(r, strstr(r.output, "bad.txt:2: reference 'nope'") != NULL);
    E2E_EXPECT(r, strstr(r.output, "rc=2\n") != NULL);
    E2E_EXPECT(r, strstr(r.output, "CAMPAIGN:") == NULL);
    free(r.output);
    /* OUT under a regular file cannot be made: an error before the campaign */
    r = e2e_run("touch %s/file; MODULE=racy_global MODULE_PATH=build/fixtures "
                "CORPUS_DIR=%s/c OUT=%s/file/out ci/nightly.sh; echo rc=$?", dir, dir, dir);
    E2E_EXPECT(r, strstr(r.output, "/file/out: cannot create the directory") != NULL);
    E2E_EXPECT(r, strstr(r.output, "rc=2\n") != NULL && !strstr(r.output, "CAMPAIGN:"));
    free(r.output);
    /* a corpus entry that is no input file */
    r = e2e_run("mkdir -p %s/c2/subdir; MODULE=racy_global MODULE_PATH=build/fixtures "
                "CORPUS_DIR=%s/c2 OUT=%s/o2 ci/nightly.sh; echo rc=$?", dir, dir, dir);
    E2E_EXPECT(r, strstr(r.output, "/c2/subdir: not a regular readable file") != NULL);
    E2E_EXPECT(r, strstr(r.output, "rc=2\n") != NULL && !strstr(r.output, "CAMPAIGN:"));
    free(r.output);
    r = e2e_run("NIGHTLY_RUNS=ten OUT=%s/o3 ci/nightly.sh; echo rc=$?; "
                "ci/nightly.sh --frobnicate; echo rc=$?", dir);
    E2E_EXPECT(r, strstr(r.output, "NIGHTLY_RUNS=ten: not a whole number\nrc=2\n") != NULL);
    E2E_EXPECT(r, strstr(r.output, "takes no arguments") != NULL);
    free(r.output);
    e2e_cleanup(dir);
}

/* The first stored finding of dir/findings, or 0 when there is none yet. */
static int has_finding(const char *findings)
{
    DIR *d = opendir(findings);
    int found = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        if (e->d_name[0] != '.' && strchr(e->d_name, '-'))
            found = 1;
    if (d)
        closedir(d);
    return found;
}

/* SIGKILL to the whole night (its process group, as a CI timeout does) once its first
 * finding is stored: every finding directory is complete, nothing is left running, and
 * the next night restores the corpus the killed one saved. */
static void sigkill_mid_night_then_resume(void **s)
{
    (void)s;
    char *dir = e2e_scratch("nightly-kill");
    char cmd[2048], findings[512], corpus[512];
    snprintf(cmd, sizeof cmd,
             NIGHT "CORPUS_DIR=%s/corpus OUT=%s/n1 exec ci/nightly.sh > %s/n1.log 2>&1",
             4000, dir, dir, dir);
    snprintf(findings, sizeof findings, "%s/n1/campaign/findings", dir);
    snprintf(corpus, sizeof corpus, "%s/corpus", dir);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setpgid(0, 0);
        const char *repo = getenv("FTFUZZ_REPO");
        if (repo && chdir(repo) != 0)
            _exit(127);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);
    /* Poll for the first finding (a bound of 600 s, not an expectation of speed). */
    int found = 0;
    for (int i = 0; i < 6000 && !found; i++) {
        found = has_finding(findings);
        if (!found)
            usleep(100 * 1000);
    }
    kill(-pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    assert_true(found);
    long saved = count_entries(corpus);
    /* Nothing of the night is left: the minimiser dies with its parent. */
    struct e2e_result r = {0, NULL};
    for (int i = 0; i < 100; i++) {
        free(r.output);
        r = e2e_run("ps -eo args | grep -c '[f]tfuzz.*%s/n1'", dir);
        if (atoi(r.output) == 0)
            break;
        usleep(100 * 1000);
    }
    E2E_EXPECT(r, atoi(r.output) == 0);
    free(r.output);
    /* Every finding directory is complete: the store publishes one with one rename. */
    r = e2e_run("n=0; for f in %s/*-*/; do n=$((n+1)); for p in repro.py input report.txt "
                "meta.json; do test -f $f$p || echo incomplete $f$p; done; "
                "python3 -c 'import json,sys; json.load(open(sys.argv[1]))' $f/meta.json "
                "|| echo badmeta $f; done; echo findings=$n", findings);
    E2E_EXPECT(r, strstr(r.output, "incomplete") == NULL && strstr(r.output, "badmeta") == NULL);
    E2E_EXPECT(r, strstr(r.output, "findings=0") == NULL);
    free(r.output);
    assert_true(saved > 0);
    /* Night 2 starts from what night 1 saved. */
    r = e2e_run("NIGHTLY_TIME=0 NIGHTLY_RUNS=40 NIGHTLY_SEED=2 NIGHTLY_SCOPE=module "
                "MODULE=racy_global MODULE_PATH=build/fixtures NIGHTLY_FUZZ_ARGS=--no-minimize "
                "CORPUS_DIR=%s OUT=%s/n2 ci/nightly.sh; echo rc=$?", corpus, dir);
    char restored[128];
    snprintf(restored, sizeof restored, "NIGHTLY: corpus: %ld inputs restored", saved);
    E2E_EXPECT(r, strstr(r.output, restored) != NULL);
    const char *seed = strstr(r.output, "INFO: seed corpus: files: ");
    long loaded = seed ? strtol(seed + 26, NULL, 10) : -1;
    fprintf(stderr, "nightly: killed at the first finding with %ld inputs saved; night 2 "
                    "restored them and libFuzzer loaded %ld\n", saved, loaded);
    E2E_EXPECT(r, loaded >= saved);
    E2E_EXPECT(r, strstr(r.output, "rc=0\n") || strstr(r.output, "rc=1\n"));
    free(r.output);
    assert_true(count_entries(corpus) >= saved);
    e2e_cleanup(dir);
}

static int teardown_group(void **s)
{
    (void)s;
    if (nights_dir)
        e2e_cleanup(nights_dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_settings_exit_2),
        cmocka_unit_test(two_nights_new_then_known),
        cmocka_unit_test(report_renders_in_chromium),
        cmocka_unit_test(sigkill_mid_night_then_resume),
    };
    if (getenv("E2E_FILTER"))
        cmocka_set_test_filter(getenv("E2E_FILTER"));
    return cmocka_run_group_tests_name("e2e-nightly", tests, NULL, teardown_group);
}
