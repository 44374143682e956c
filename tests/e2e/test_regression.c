/* test_regression.c - replay every corpus/regression/ entry and hold it to its expectation
 * for the CPython being tested ("found", or "fixed" in that version). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>

#include "e2e.h"

#define REPLAYS 10 /* a minimised race replays 6/10 or better idle; missing 10 in a row is rare */

static char version[64];

/* The expectation line for this CPython: exact version first, then its series. */
static const char *expectation(const char *entry, char *buf, size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/corpus/regression/%s/expect", getenv("FTFUZZ_REPO"), entry);
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char series[64];
    snprintf(series, sizeof series, "%s", version);
    char *dot = strchr(series, '.');
    if (dot && (dot = strchr(dot + 1, '.')))
        *dot = '\0';
    char line[256], exact[32] = "", by_series[32] = "";
    while (fgets(line, sizeof line, f)) {
        char v[64], what[32];
        if (line[0] == '#' || sscanf(line, "%63s %31s", v, what) != 2)
            continue;
        if (!strcmp(v, version))
            snprintf(exact, sizeof exact, "%s", what);
        else if (!strcmp(v, series))
            snprintf(by_series, sizeof by_series, "%s", what);
    }
    fclose(f);
    snprintf(buf, len, "%s", *exact ? exact : by_series);
    return *buf ? buf : NULL;
}

static void every_entry_meets_its_expectation(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/corpus/regression", getenv("FTFUZZ_REPO"));
    DIR *d = opendir(path);
    assert_non_null(d);
    struct dirent *e;
    int checked = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || e->d_type != DT_DIR) /* README.md says what entries are */
            continue;
        char want[32];
        if (!expectation(e->d_name, want, sizeof want)) {
            printf("[ SKIPPED  ] %s: no expectation for CPython %s\n", e->d_name, version);
            continue;
        }
        /* Replay a copy: repro records its rate in meta.json. */
        struct e2e_result r = e2e_run(
            "t=$(mktemp -d) && cp -r corpus/regression/%s $t/entry && "
            "bin/ftfuzz repro $t/entry --runs %d --path build/fixtures; rc=$?; rm -rf $t; exit $rc",
            e->d_name, REPLAYS);
        int found = r.status == 1;
        printf("[ REGRESS  ] %s: expected %s, %s\n", e->d_name, want,
               found ? "found" : r.status == 0 ? "not found" : "error");
        E2E_EXPECT(r, r.status == 0 || r.status == 1);
        E2E_EXPECT(r, found == !strcmp(want, "found"));
        free(r.output);
        checked++;
    }
    closedir(d);
    printf("[ REGRESS  ] %d entries checked against CPython %s\n", checked, version);
}

int main(void)
{
    struct e2e_result v = e2e_run("sed -n 's/^PY_VERSION := //p' build/cpython.mk");
    snprintf(version, sizeof version, "%.*s", (int)strcspn(v.output, "\n"), v.output);
    free(v.output);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_entry_meets_its_expectation),
    };
    return cmocka_run_group_tests_name("e2e-regression", tests, NULL, NULL);
}
