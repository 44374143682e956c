/* test_triage.c - the findings table in text, markdown and groups, and its errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"
#include "triage.h"
#include "triage_formats.h"


static void put(const char *out, enum ftf_finding_kind kind, uint64_t sig, const char *summary,
                int hits, bool minimised, const char *file, unsigned line)
{
    struct ftf_finding_in in;
    char err[512];
    ftf_finding_in_init(&in, NULL);
    in.kind = kind;
    in.signature = sig;
    in.summary = summary;
    in.canonical = "canonical <text> & more\n";
    in.minimised = minimised;
    in.loc_function = file ? "bump" : NULL;
    in.loc_file = file;
    in.loc_line = line;
    for (int i = 0; i < hits; i++)
        if (ftf_store_put(out, &in, NULL, NULL, 0, err, sizeof err))
            fail_msg("put: %s", err);
}

/* Three findings: two races (5 and 2 hits) and a uaf, stored out of order. */
static int setup(void **state)
{
    char *dir = strdup("/tmp/ftf-test-triage-XXXXXX");
    if (!dir || !mkdtemp(dir))
        return -1;
    put(dir, FTF_FINDING_UAF, 0xc0ffee, "heap-use-after-free: release uaf.c vs use uaf.c", 1,
        false, "/tmp/tsanfx/uaf.c", 6);
    put(dir, FTF_FINDING_RACE, 0xaaaa, "data race: bump racy.c vs bump racy.c", 2, true,
        "src/racy.c", 4);
    put(dir, FTF_FINDING_RACE, 0xbbbb, "data race: a|b <x> & \"q\" 'y'", 5, false, NULL, 0);
    *state = dir;
    return 0;
}

static int teardown(void **state)
{
    rm_rf(*state);
    free(*state);
    return 0;
}

/* Run triage into a string (caller frees). */
static char *triage(const char *out, enum ftf_triage_format format)
{
    char *buf = NULL, err[512];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    if (ftf_triage(out, format, f, err, sizeof err))
        fail_msg("triage: %s", err);
    fclose(f);
    return buf;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void test_text(void **state)
{
    const char *out = *state;
    char *t = triage(out, FTF_TRIAGE_TEXT);
    /* header + three rows */
    assert_int_equal(count(t, "\n"), 4);
    char *l1 = strchr(t, '\n') + 1, *l2 = strchr(l1, '\n') + 1, *l3 = strchr(l2, '\n') + 1;
    assert_true(strncmp(t, "KIND", 4) == 0);
    assert_non_null(strstr(t, "SIGNATURE"));
    /* sorted by kind (race before uaf), then hits, most first */
    assert_true(strncmp(l1, "race", 4) == 0 && strstr(l1, "000000000000bbbb"));
    assert_true(strncmp(l2, "race", 4) == 0 && strstr(l2, "000000000000aaaa"));
    assert_true(strncmp(l3, "uaf", 3) == 0 && strstr(l3, "0000000000c0ffee"));
    assert_non_null(strstr(l1, " 5 "));
    assert_non_null(strstr(l2, " 2 "));
    assert_non_null(strstr(l3, " 1 "));
    assert_non_null(strstr(l2, "data race: bump racy.c vs bump racy.c"));
    assert_non_null(strstr(l2, "yes"));
    assert_non_null(strstr(l3, "heap-use-after-free: release uaf.c vs use uaf.c"));
    char path[4096];
    snprintf(path, sizeof path, "%s/findings/uaf-0000000000c0ffee\n", out);
    assert_non_null(strstr(l3, path));
    /* aligned: every row's signature starts in the same column as the header's */
    size_t col = (size_t)(strstr(t, "SIGNATURE") - t);
    assert_int_equal(strstr(l1, "000000000000bbbb") - l1, col);
    assert_int_equal(strstr(l3, "0000000000c0ffee") - l3, col);
    free(t);
}

static void test_markdown(void **state)
{
    const char *out = *state;
    char *t = triage(out, FTF_TRIAGE_MARKDOWN);
    const char *head = "| kind | origin | signature | hits | summary | minimised | path |\n"
                       "|---|---|---|--:|---|---|---|\n";
    assert_true(strncmp(t, head, strlen(head)) == 0);
    assert_int_equal(count(t, "\n"), 5);
    char row[8192];
    snprintf(row, sizeof row,
             "| race | cpython | `000000000000aaaa` | 2 | data race: bump racy.c vs bump racy.c | yes | "
             "%s/findings/race-000000000000aaaa |\n",
             out);
    assert_non_null(strstr(t, row));
    snprintf(row, sizeof row,
             "| uaf | cpython | `0000000000c0ffee` | 1 | heap-use-after-free: release uaf.c vs use uaf.c | "
             "no | %s/findings/uaf-0000000000c0ffee |\n",
             out);
    assert_non_null(strstr(t, row));
    /* a '|' in a summary cannot split the row; HTML is neutralised */
    assert_non_null(strstr(t, "| 5 | data race: a\\|b &lt;x&gt; & \"q\" 'y' | no |"));
    assert_true(strstr(t, "race | cpython | `000000000000bbbb`") <
                strstr(t, "race | cpython | `000000000000aaaa`"));
    assert_non_null(strstr(t, "race | cpython | `000000000000aaaa`"));
    free(t);
}

static void test_empty_and_errors(void **state)
{
    (void)state;
    char dir[] = "/tmp/ftf-test-triage-empty-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *t = triage(dir, FTF_TRIAGE_TEXT);
    assert_int_equal(count(t, "\n"), 1); /* just the header */
    free(t);

    char err[512], path[4096];
    FILE *f = fopen("/dev/null", "w");
    assert_non_null(f);
    /* a missing directory */
    snprintf(path, sizeof path, "%s/nope", dir);
    err[0] = '\0';
    assert_int_not_equal(ftf_triage(path, FTF_TRIAGE_TEXT, f, err, sizeof err), 0);
    assert_non_null(strstr(err, path));
    /* a corrupted meta.json */
    put(dir, FTF_FINDING_HANG, 0x99, "hang: x", 1, false, NULL, 0);
    snprintf(path, sizeof path, "%s/findings/hang-0000000000000099/meta.json", dir);
    FILE *m = fopen(path, "w");
    assert_non_null(m);
    fputs("{\"kind\": 3}", m);
    fclose(m);
    for (int fmt = 0; fmt < FTF_TRIAGE_FORMAT_COUNT; fmt++) {
        err[0] = '\0';
        assert_int_not_equal(ftf_triage(dir, (enum ftf_triage_format)fmt, f, err, sizeof err), 0);
        assert_non_null(strstr(err, path));
    }
    assert_int_not_equal(ftf_triage(dir, FTF_TRIAGE_FORMAT_COUNT, f, err, sizeof err), 0);
    fclose(f);
    rm_rf(dir);
}

/* Same kind, origin and summary: one group (signatures counted, hits added, the most-hit
 * one's path as example), ordered by hits; another summary: its own group. */
static void test_groups(void **state)
{
    const char *out = *state;
    put(out, FTF_FINDING_RACE, 0xaaab, "data race: bump racy.c vs bump racy.c", 4, false,
        "src/racy.c", 4);
    put(out, FTF_FINDING_UAF, 0xc0ffef, "heap-use-after-free: release uaf.c vs use uaf.c", 1,
        false, "/tmp/tsanfx/uaf.c", 6);
    char *t = triage(out, FTF_TRIAGE_GROUPS);
    assert_int_equal(count(t, "\n"), 5); /* header, three groups, the totals line */
    char *l1 = strchr(t, '\n') + 1, *l2 = strchr(l1, '\n') + 1, *l3 = strchr(l2, '\n') + 1;
    assert_true(strncmp(t, "KIND", 4) == 0 && strstr(t, "SIGNATURES") && strstr(t, "EXAMPLE"));
    /* bump vs bump: 2 + 4 hits over two signatures, beats a|b's 5 */
    assert_true(strncmp(l1, "race", 4) == 0 && strstr(l1, " 2 ") && strstr(l1, " 6 ") &&
                strstr(l1, "bump racy.c vs bump racy.c"));
    char path[4096];
    snprintf(path, sizeof path, "%s/findings/race-000000000000aaab\n", out);
    assert_non_null(strstr(l1, path));
    assert_true(strncmp(l2, "race", 4) == 0 && strstr(l2, " 1 ") && strstr(l2, " 5 "));
    assert_true(strncmp(l3, "uaf", 3) == 0 && strstr(l3, " 2 ") && strstr(l3, " 2 "));
    assert_non_null(strstr(t, "3 groups, 5 findings\n"));
    free(t);
}

/* The racing pair minimize names goes into meta.json through the store, and triage shows
 * it under its finding's row (text), in its summary cell (markdown) and as a property. */
static void test_racing_ops(void **state)
{
    (void)state;
    char dir[] = "/tmp/ftf-test-triage-pair-XXXXXX";
    assert_non_null(mkdtemp(dir));
    put(dir, FTF_FINDING_RACE, 0xabcd, "data race: a x.c vs b x.c", 1, false, NULL, 0);
    char fdir[4096], err[512];
    snprintf(fdir, sizeof fdir, "%s/findings/race-000000000000abcd", dir);
    const char *pair = "thread 0, line 12 `S0.popitem()` races with thread 1, line 19 `S0[k] = v`";
    struct ftf_minimise_record rec = {4, 2, 3, 2, 3, 10, 10, pair};
    assert_int_equal(ftf_store_replace_minimised(fdir, "\1\2", 2, "pass\n", "report\n", &rec,
                                                 err, sizeof err),
                     FTF_STORE_OK);
    struct ftf_finding_meta m;
    assert_int_equal(ftf_store_read_meta(fdir, &m, err, sizeof err), FTF_STORE_OK);
    assert_string_equal(m.racing_ops, pair);
    ftf_finding_meta_clear(&m);
    char *t = triage(dir, FTF_TRIAGE_TEXT);
    assert_non_null(strstr(t, "\n    racing ops: thread 0, line 12 `S0.popitem()` races with "
                              "thread 1, line 19 `S0[k] = v`\n"));
    free(t);
    t = triage(dir, FTF_TRIAGE_MARKDOWN);
    assert_non_null(strstr(t, "data race: a x.c vs b x.c<br>racing ops: thread 0, line 12"));
    free(t);
    /* Minimised again without a known pair: the old one goes. */
    rec.racing_ops = NULL;
    assert_int_equal(ftf_store_replace_minimised(fdir, "\1\2", 2, "pass\n", "report\n", &rec,
                                                 err, sizeof err),
                     FTF_STORE_OK);
    assert_int_equal(ftf_store_read_meta(fdir, &m, err, sizeof err), FTF_STORE_OK);
    assert_null(m.racing_ops);
    ftf_finding_meta_clear(&m);
    rm_rf(dir);
}

static void test_format_names(void **state)
{
    (void)state;
    struct ftf_triage_format_choice f;
    static const char *const names[] = {"signatures", "markdown", "groups"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(ftf_triage_format_lookup(names[i], &f), 0);
        assert_int_equal(f.family, FTF_FORMAT_SIGNATURES);
        assert_int_equal(f.signatures, i);
    }
    assert_int_equal(ftf_triage_format_lookup("sarif", &f), 0); /* a bug format now */
    assert_int_equal(f.family, FTF_FORMAT_BUGS);
    assert_string_equal(FTF_TRIAGE_FORMAT_CHOICES,
                        "text|json|sarif|junit|summary|html|signatures|markdown|groups");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_markdown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_groups, setup, teardown),
        cmocka_unit_test(test_empty_and_errors),
        cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_racing_ops),
    };
    return cmocka_run_group_tests_name("triage", tests, NULL, NULL);
}
