/* test_store.c - the findings store: new vs repeat, parallel hits, corrupted meta.json. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store.h"

/* --- scratch directories --------------------------------------------------------------- */


static int setup_dir(void **state)
{
    char *dir = strdup("/tmp/ftf-test-store-XXXXXX");
    if (!dir || !mkdtemp(dir))
        return -1;
    *state = dir;
    return 0;
}

static int teardown_dir(void **state)
{
    rm_rf(*state);
    free(*state);
    return 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Names in dir other than "." and "..". */
static size_t count_entries(const char *dir, bool include_hidden)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            (include_hidden || e->d_name[0] != '.'))
            n++;
    closedir(d);
    return n;
}

static const unsigned char INPUT[] = {0x00, 0x01, 0xff, 0x10, 0x00, 0x7f};

static void sample(struct ftf_finding_in *in, enum ftf_finding_kind kind, uint64_t sig,
                   const char *summary)
{
    ftf_finding_in_init(in, NULL);
    in->kind = kind;
    in->signature = sig;
    in->canonical = "data race\nbump racy.c\nbump racy.c\n";
    in->summary = summary;
    in->repro_py = "import threading\nprint('repro')\n";
    in->input = INPUT;
    in->input_len = sizeof INPUT;
    in->report = "==================\nWARNING: ThreadSanitizer: data race (pid=1)\n";
    in->report_len = strlen(in->report);
    in->cpython_version = "3.13.1";
    in->cpython_build = "3.13.1 experimental free-threading build (tsan)";
    in->ops = 12;
    in->loc_function = "bump";
    in->loc_file = "/src/racy.c";
    in->loc_line = 4;
}

/* --- tests ------------------------------------------------------------------------------ */

static void test_new_then_repeat(void **state)
{
    const char *out = *state;
    struct ftf_finding_in in;
    char dir[4096], err[512], path[4096];
    bool is_new = false;
    sample(&in, FTF_FINDING_RACE, 0x0123456789abcdefULL, "data race: bump racy.c vs bump racy.c");
    in.module = "racy";
    in.max_threads = 4;
    in.origin = "racy.c:bump";

    assert_int_equal(ftf_store_put(out, &in, &is_new, dir, sizeof dir, err, sizeof err), 0);
    assert_true(is_new);
    char want[4096];
    snprintf(want, sizeof want, "%s/findings/race-0123456789abcdef", out);
    assert_string_equal(dir, want);
    assert_int_equal(ftf_store_finding_path(out, FTF_FINDING_RACE, 0x0123456789abcdefULL, path,
                                            sizeof path),
                     0);
    assert_string_equal(path, want);

    /* the files */
    size_t len;
    snprintf(path, sizeof path, "%s/input", dir);
    char *data = slurp(path, &len);
    assert_non_null(data);
    assert_int_equal(len, sizeof INPUT);
    assert_memory_equal(data, INPUT, sizeof INPUT);
    free(data);
    snprintf(path, sizeof path, "%s/repro.py", dir);
    data = slurp(path, NULL);
    assert_string_equal(data, in.repro_py);
    free(data);
    snprintf(path, sizeof path, "%s/report.txt", dir);
    data = slurp(path, NULL);
    assert_string_equal(data, in.report);
    free(data);

    struct ftf_finding_meta m;
    assert_int_equal(ftf_store_read_meta(dir, &m, err, sizeof err), 0);
    assert_int_equal(m.kind, FTF_FINDING_RACE);
    assert_int_equal(m.signature, 0x0123456789abcdefULL);
    assert_string_equal(m.sig_hex, "0123456789abcdef");
    assert_string_equal(m.summary, in.summary);
    assert_string_equal(m.canonical, in.canonical);
    assert_string_equal(m.cpython_version, "3.13.1");
    assert_string_equal(m.cpython_build, in.cpython_build);
    assert_int_equal(m.hits, 1);
    assert_int_equal(m.repro_runs, -1);
    assert_int_equal(m.repro_reproduced, -1);
    assert_false(m.minimised);
    assert_int_equal(m.ops, 12);
    assert_string_equal(m.loc_function, "bump");
    assert_string_equal(m.loc_file, "/src/racy.c");
    assert_int_equal(m.loc_line, 4);
    assert_string_equal(m.module, "racy");
    assert_null(m.module_path);
    assert_null(m.spec);
    assert_int_equal(m.max_threads, 4);
    assert_int_equal(m.max_iters, -1);
    assert_string_equal(m.origin, "racy.c:bump");
    assert_false(m.has_minimise);
    assert_int_equal(strlen(m.first_seen), 20); /* 2025-01-31T12:00:00Z */
    assert_int_equal(m.first_seen[19], 'Z');
    char first_seen[32];
    snprintf(first_seen, sizeof first_seen, "%s", m.first_seen);
    ftf_finding_meta_clear(&m);

    /* a repeat: not new, one more hit, nothing else replaced */
    in.summary = "a different summary";
    in.repro_py = "different";
    assert_int_equal(ftf_store_put(out, &in, &is_new, NULL, 0, err, sizeof err), 0);
    assert_false(is_new);
    assert_int_equal(ftf_store_put(out, &in, NULL, NULL, 0, err, sizeof err), 0);
    assert_int_equal(ftf_store_read_meta(dir, &m, err, sizeof err), 0);
    assert_int_equal(m.hits, 3);
    assert_string_equal(m.first_seen, first_seen);
    assert_string_equal(m.summary, "data race: bump racy.c vs bump racy.c");
    assert_string_equal(m.module, "racy");
    assert_string_equal(m.origin, "racy.c:bump");
    ftf_finding_meta_clear(&m);
    snprintf(path, sizeof path, "%s/repro.py", dir);
    data = slurp(path, NULL);
    assert_string_equal(data, "import threading\nprint('repro')\n");
    free(data);

    /* no temporaries left behind, in findings/ or in the finding */
    snprintf(path, sizeof path, "%s/findings", out);
    assert_int_equal(count_entries(path, true), 1);
    assert_int_equal(count_entries(dir, true), 5); /* 4 files + .lock */
}

static void test_parallel_hits(void **state)
{
    const char *out = *state;
    enum { PROCS = 4, PUTS = 25 };
    pid_t pids[PROCS];
    for (int p = 0; p < PROCS; p++) {
        pids[p] = fork();
        assert_true(pids[p] >= 0);
        if (pids[p] == 0) {
            struct ftf_finding_in in;
            char err[512];
            int news = 0;
            bool is_new;
            sample(&in, FTF_FINDING_UAF, 0xfeedfacecafebeefULL, "heap-use-after-free: x");
            for (int i = 0; i < PUTS; i++) {
                if (ftf_store_put(out, &in, &is_new, NULL, 0, err, sizeof err)) {
                    fprintf(stderr, "child %d: %s\n", p, err);
                    _exit(100);
                }
                news += is_new;
            }
            _exit(news); /* how many times this child created the finding */
        }
    }
    int news = 0;
    for (int p = 0; p < PROCS; p++) {
        int status;
        assert_int_equal(waitpid(pids[p], &status, 0), pids[p]);
        assert_true(WIFEXITED(status));
        assert_true(WEXITSTATUS(status) < 100);
        news += WEXITSTATUS(status);
    }
    assert_int_equal(news, 1); /* exactly one put in all the processes was "new" */
    char findings[4096], dir[4096], err[512];
    snprintf(findings, sizeof findings, "%s/findings", out);
    assert_int_equal(count_entries(findings, true), 1); /* one directory, no .tmp-* left */
    snprintf(dir, sizeof dir, "%s/uaf-feedfacecafebeef", findings);
    struct ftf_finding_meta m;
    assert_int_equal(ftf_store_read_meta(dir, &m, err, sizeof err), 0);
    assert_int_equal(m.hits, PROCS * PUTS);
    ftf_finding_meta_clear(&m);
}

static void test_corrupted_meta(void **state)
{
    const char *out = *state;
    struct ftf_finding_in in;
    char dir[4096], err[512], meta[4096];
    sample(&in, FTF_FINDING_HANG, 0x1111, "hang: x");
    assert_int_equal(ftf_store_put(out, &in, NULL, dir, sizeof dir, err, sizeof err), 0);
    snprintf(meta, sizeof meta, "%s/meta.json", dir);

    /* not JSON */
    spit(meta, "{\"hits\": 3, oops");
    struct ftf_finding_meta m;
    err[0] = '\0';
    assert_int_equal(ftf_store_read_meta(dir, &m, err, sizeof err), FTF_STORE_ERR_CORRUPT);
    assert_non_null(strstr(err, meta));
    err[0] = '\0';
    bool is_new = true;
    assert_int_equal(ftf_store_put(out, &in, &is_new, NULL, 0, err, sizeof err),
                     FTF_STORE_ERR_CORRUPT);
    assert_false(is_new);
    assert_non_null(strstr(err, meta));
    /* the finding is still there, untouched */
    struct stat st;
    assert_int_equal(stat(dir, &st), 0);
    char *text = slurp(meta, NULL);
    assert_string_equal(text, "{\"hits\": 3, oops");
    free(text);

    /* the list and triage-style loaders name the file too */
    struct ftf_finding_meta *list;
    size_t n;
    err[0] = '\0';
    assert_int_equal(ftf_store_list(out, &list, &n, err, sizeof err), FTF_STORE_ERR_CORRUPT);
    assert_null(list);
    assert_int_equal(n, 0);
    assert_non_null(strstr(err, meta));

    /* valid JSON, wrong types */
    static const char *const wrong[] = {
        "[1, 2]",
        "{\"signature\": \"0000000000001111\", \"kind\": \"hang\", \"summary\": \"s\", "
        "\"canonical\": \"c\", \"first_seen\": \"a\", \"last_seen\": \"b\", \"hits\": \"many\", "
        "\"minimised\": false}",
        "{\"signature\": 17, \"kind\": \"hang\"}",
        "{\"signature\": \"0000000000001111\", \"kind\": \"weird\"}",
        "{\"signature\": \"0000000000001111\", \"kind\": \"hang\", \"summary\": \"s\", "
        "\"canonical\": \"c\", \"first_seen\": \"a\", \"last_seen\": \"b\", \"hits\": 1, "
        "\"minimised\": \"no\"}",
        "{\"signature\": \"0000000000001111\", \"kind\": \"hang\", \"summary\": \"s\", "
        "\"canonical\": \"c\", \"first_seen\": \"a\", \"last_seen\": \"b\", \"hits\": 1, "
        "\"minimised\": true, \"location\": {\"line\": \"x\"}}",
        "{\"signature\": \"0000000000001111\", \"kind\": \"hang\", \"summary\": \"s\", "
        "\"canonical\": \"c\", \"first_seen\": \"a\", \"last_seen\": \"b\", \"hits\": -4, "
        "\"minimised\": true}",
        "",
    };
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        spit(meta, wrong[i]);
        err[0] = '\0';
        assert_int_equal(ftf_store_read_meta(dir, &m, err, sizeof err), FTF_STORE_ERR_CORRUPT);
        if (!strstr(err, meta))
            fail_msg("case %zu: error does not name %s: %s", i, meta, err);
        assert_null(m.dir);
        assert_int_equal(ftf_store_put(out, &in, NULL, NULL, 0, err, sizeof err),
                         FTF_STORE_ERR_CORRUPT);
        assert_int_equal(stat(dir, &st), 0);
    }
    spit(meta, wrong[1]);
    assert_int_equal(ftf_store_read_meta(dir, &m, err, sizeof err), FTF_STORE_ERR_CORRUPT);
    assert_non_null(strstr(err, "'hits'"));

    /* missing meta.json: an I/O error naming it, the directory stays */
    unlink(meta);
    err[0] = '\0';
    assert_int_equal(ftf_store_read_meta(dir, &m, err, sizeof err), FTF_STORE_ERR_IO);
    assert_non_null(strstr(err, meta));
    assert_int_equal(stat(dir, &st), 0);
}

static void test_list(void **state)
{
    const char *out = *state;
    struct ftf_finding_meta *list;
    size_t n;
    char err[512], path[4096];

    /* no findings/ yet: empty, not an error */
    assert_int_equal(ftf_store_list(out, &list, &n, err, sizeof err), 0);
    assert_int_equal(n, 0);
    ftf_store_list_free(list, n);

    struct ftf_finding_in in;
    sample(&in, FTF_FINDING_RACE, 0xbbbb, "data race: b");
    assert_int_equal(ftf_store_put(out, &in, NULL, NULL, 0, err, sizeof err), 0);
    sample(&in, FTF_FINDING_EXCEPTION, 0xaaaa, "exception: SystemError");
    in.loc_function = in.loc_file = NULL;
    in.cpython_version = NULL;
    in.ops = -1;
    assert_int_equal(ftf_store_put(out, &in, NULL, NULL, 0, err, sizeof err), 0);
    sample(&in, FTF_FINDING_RACE, 0xaaaa, "data race: a");
    assert_int_equal(ftf_store_put(out, &in, NULL, NULL, 0, err, sizeof err), 0);
    /* things that are not findings are skipped */
    snprintf(path, sizeof path, "%s/findings/.tmp-1-1", out);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/findings/notes", out);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/findings/race-0000000000000001", out);
    spit(path, "a file, not a directory");

    assert_int_equal(ftf_store_list(out, &list, &n, err, sizeof err), 0);
    assert_int_equal(n, 3);
    assert_string_equal(list[0].summary, "exception: SystemError");
    assert_null(list[0].loc_file);
    assert_null(list[0].cpython_version);
    assert_int_equal(list[0].ops, -1);
    assert_string_equal(list[1].summary, "data race: a");
    assert_string_equal(list[2].summary, "data race: b");
    snprintf(path, sizeof path, "%s/findings/race-000000000000bbbb", out);
    assert_string_equal(list[2].dir, path);
    ftf_store_list_free(list, n);

    /* a missing output directory is an error that names it */
    snprintf(path, sizeof path, "%s/does-not-exist", out);
    assert_int_equal(ftf_store_list(path, &list, &n, err, sizeof err), FTF_STORE_ERR_IO);
    assert_non_null(strstr(err, path));
}

static void test_update_and_utf8(void **state)
{
    const char *out = *state;
    struct ftf_finding_in in;
    char dir[4096], err[512];
    sample(&in, FTF_FINDING_CRASH, 0x42, "crash: SIGSEGV in f \xff\xfe bad utf-8");
    in.canonical = "crash: SEGV\nf \xc3\x28 x.c\n";
    assert_int_equal(ftf_store_put(out, &in, NULL, dir, sizeof dir, err, sizeof err), 0);
    struct ftf_finding_meta m;
    assert_int_equal(ftf_store_record_repro(dir, 10, 4, err, sizeof err), 0);
    assert_int_equal(ftf_store_read_meta(dir, &m, err, sizeof err), 0);
    assert_false(m.minimised);
    assert_int_equal(m.repro_runs, 10);
    assert_int_equal(m.repro_reproduced, 4);
    ftf_finding_meta_clear(&m);
    /* minimised: the new program in place, the originals kept once, the record read back */
    const struct ftf_minimise_record rec = {.ops_before = 12, .ops_after = 3,
                                            .threads_before = 4, .threads_after = 2,
                                            .reproduced_before = 5, .reproduced_after = 7,
                                            .runs = 10};
    assert_int_equal(ftf_store_replace_minimised(dir, "ab", 2, "small\n", NULL, &rec, err,
                                                 sizeof err), 0);
    assert_int_equal(ftf_store_replace_minimised(dir, "a", 1, "smaller\n", "r", &rec, err,
                                                 sizeof err), 0);
    char path[4096];
    snprintf(path, sizeof path, "%s/repro.py", dir);
    char *text = slurp(path, NULL);
    assert_string_equal(text, "smaller\n");
    free(text);
    snprintf(path, sizeof path, "%s/repro.orig.py", dir);
    text = slurp(path, NULL);
    assert_string_equal(text, in.repro_py);
    free(text);
    snprintf(path, sizeof path, "%s/report.txt", dir);
    text = slurp(path, NULL);
    assert_string_equal(text, "r");
    free(text);
    assert_int_equal(ftf_store_input_path(dir, path, sizeof path), 0);
    size_t len = 0;
    text = slurp(path, &len);
    assert_int_equal(len, 1);
    free(text);
    assert_int_equal(ftf_store_read_meta(dir, &m, err, sizeof err), 0);
    assert_true(m.minimised);
    assert_int_equal(m.ops, 3);
    assert_int_equal(m.repro_runs, 10);
    assert_int_equal(m.repro_reproduced, 7);
    assert_true(m.has_minimise);
    assert_int_equal(m.minimise.ops_before, 12);
    assert_int_equal(m.minimise.threads_after, 2);
    assert_int_equal(m.minimise.reproduced_before, 5);
    assert_int_equal(m.hits, 1);
    /* invalid UTF-8 cannot go into JSON: it is stored with '?' */
    assert_string_equal(m.summary, "crash: SIGSEGV in f ?? bad utf-8");
    assert_string_equal(m.canonical, "crash: SEGV\nf ?( x.c\n");
    ftf_finding_meta_clear(&m);

    /* bad arguments */
    in.kind = (enum ftf_finding_kind)77;
    assert_int_equal(ftf_store_put(out, &in, NULL, NULL, 0, err, sizeof err), FTF_STORE_ERR_ARG);
    assert_int_equal(ftf_store_put(NULL, &in, NULL, NULL, 0, err, sizeof err), FTF_STORE_ERR_ARG);
    assert_int_equal(ftf_store_finding_path(out, (enum ftf_finding_kind)77, 1, dir, sizeof dir), -1);
    assert_int_equal(ftf_store_finding_path(out, FTF_FINDING_RACE, 1, dir, 8), -1);

    /* an output directory that cannot be created */
    char file[4096];
    snprintf(file, sizeof file, "%s/plainfile", out);
    spit(file, "x");
    in.kind = FTF_FINDING_RACE;
    err[0] = '\0';
    assert_int_equal(ftf_store_put(file, &in, NULL, NULL, 0, err, sizeof err), FTF_STORE_ERR_IO);
    assert_non_null(strstr(err, file));
}

/* From a real report to a stored finding, the way the harness will do it. */
static void test_from_signature(void **state)
{
    const char *out = *state;
    const char *text = "==================\n"
                       "WARNING: ThreadSanitizer: data race (pid=7)\n"
                       "  Write of size 4 at 0x1 by thread T2:\n"
                       "    #0 bump /tmp/racy.c:4:59 (racy+0xe465e)\n"
                       "\n"
                       "  Previous write of size 4 at 0x1 by thread T1:\n"
                       "    #0 bump /tmp/racy.c:4:59 (racy+0xe465e)\n"
                       "\n"
                       "SUMMARY: ThreadSanitizer: data race /tmp/racy.c:4:59 in bump\n"
                       "==================\n";
    struct ftf_report_list l;
    struct ftf_signature sig;
    struct ftf_finding_in in;
    char dir[4096], err[512];
    bool is_new;
    assert_int_equal(ftf_report_parse(text, strlen(text), &l), 0);
    assert_int_equal(ftf_signature_from_report(&l.reports[0], &sig), 0);
    ftf_finding_in_init(&in, &sig);
    in.report = l.reports[0].raw;
    in.report_len = l.reports[0].raw_len;
    assert_int_equal(ftf_store_put(out, &in, &is_new, dir, sizeof dir, err, sizeof err), 0);
    assert_true(is_new);
    struct ftf_finding_meta m;
    assert_int_equal(ftf_store_read_meta(dir, &m, err, sizeof err), 0);
    assert_string_equal(m.summary, "data race: bump racy.c vs bump racy.c");
    assert_string_equal(m.sig_hex, sig.hex);
    assert_string_equal(m.canonical, sig.canonical);
    assert_string_equal(m.loc_file, "/tmp/racy.c");
    assert_int_equal(m.loc_line, 4);
    assert_int_equal(m.ops, -1);
    assert_null(m.cpython_version);
    ftf_finding_meta_clear(&m);
    ftf_signature_free(&sig);
    ftf_report_list_free(&l);
}

/* A campaign killed with SIGKILL leaves its staging behind: the next one removes it, and
 * only what a dead process left (a live writer's staging is its own). */
static void test_clean_staging(void **state)
{
    const char *out = *state;
    struct ftf_finding_in in;
    char dir[4096], err[512], path[4200];
    sample(&in, FTF_FINDING_RACE, 0x1111222233334444ULL, "data race: a vs b");
    assert_int_equal(ftf_store_put(out, &in, NULL, dir, sizeof dir, err, sizeof err), 0);
    pid_t dead = fork();
    if (dead == 0)
        _exit(0);
    assert_true(dead > 0);
    assert_int_equal(waitpid(dead, NULL, 0), dead);
    /* the dead writer's staging dir (with a file in it) and half-replaced meta.json */
    snprintf(path, sizeof path, "%s/findings/.tmp-%d-3", out, (int)dead);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/findings/.tmp-%d-3/input", out, (int)dead);
    spit(path, "x");
    snprintf(path, sizeof path, "%s/.meta.json.tmp-%d", dir, (int)dead);
    spit(path, "{");
    /* a live writer's (ours) */
    snprintf(path, sizeof path, "%s/findings/.tmp-%d-0", out, (int)getppid());
    assert_int_equal(mkdir(path, 0755), 0);
    size_t removed = 99;
    assert_int_equal(ftf_store_clean_staging(out, &removed, err, sizeof err), 0);
    assert_int_equal(removed, 2);
    snprintf(path, sizeof path, "%s/findings", out);
    assert_int_equal(count_entries(path, true), 2); /* the finding, the live staging */
    assert_int_equal(count_entries(dir, true), 5);  /* 4 files + .lock */
    snprintf(path, sizeof path, "%s/findings/.tmp-%d-0", out, (int)getppid());
    assert_int_equal(access(path, F_OK), 0);
    /* nothing else to clean; no findings/ at all is no error */
    assert_int_equal(ftf_store_clean_staging(out, &removed, err, sizeof err), 0);
    assert_int_equal(removed, 0);
    snprintf(path, sizeof path, "%s/none", out);
    assert_int_equal(ftf_store_clean_staging(path, &removed, err, sizeof err), 0);
    assert_int_equal(removed, 0);
}

/* Two campaigns' stores merged into a third: the union of their findings, hits added, and a
 * source merged again (after it ran on) adds only its hits since. */
static void test_merge_stores(void **state)
{
    const char *out = *state;
    char a[4200], b[4200], dst[4200], err[512], ida[64], idb[64], dir[4096];
    snprintf(a, sizeof a, "%s/a", out);
    snprintf(b, sizeof b, "%s/b", out);
    snprintf(dst, sizeof dst, "%s/dst", out);
    struct ftf_finding_in in;
    sample(&in, FTF_FINDING_RACE, 0x1ULL, "shared by both");
    for (int i = 0; i < 3; i++)
        assert_int_equal(ftf_store_put(a, &in, NULL, NULL, 0, err, sizeof err), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(ftf_store_put(b, &in, NULL, NULL, 0, err, sizeof err), 0);
    sample(&in, FTF_FINDING_CRASH, 0x2ULL, "only in b");
    assert_int_equal(ftf_store_put(b, &in, NULL, dir, sizeof dir, err, sizeof err), 0);
    assert_int_equal(ftf_store_campaign_id(a, ida, sizeof ida, err, sizeof err), 0);
    assert_int_equal(ftf_store_campaign_id(b, idb, sizeof idb, err, sizeof err), 0);
    assert_string_not_equal(ida, idb);
    char again[64];
    assert_int_equal(ftf_store_campaign_id(a, again, sizeof again, err, sizeof err), 0);
    assert_string_equal(again, ida);

    const char *srcs[2] = {a, b};
    const char *ids[2] = {ida, idb};
    for (int round = 0; round < 2; round++) /* the second round: nothing new, nothing twice */
        for (int s = 0; s < 2; s++) {
            struct ftf_finding_meta *list;
            size_t n;
            assert_int_equal(ftf_store_list(srcs[s], &list, &n, err, sizeof err), 0);
            for (size_t k = 0; k < n; k++) {
                bool is_new;
                long long h;
                assert_int_equal(ftf_store_merge_finding(dst, list[k].dir, ids[s], &is_new, &h,
                                                         err, sizeof err), 0);
                if (round == 1)
                    assert_true(!is_new && h == 0);
            }
            ftf_store_list_free(list, n);
        }
    struct ftf_finding_meta *list;
    size_t n;
    assert_int_equal(ftf_store_list(dst, &list, &n, err, sizeof err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].kind, FTF_FINDING_CRASH);
    assert_int_equal(list[0].hits, 1);
    assert_int_equal(list[1].hits, 5); /* 3 + 2 */
    ftf_store_list_free(list, n);

    /* a ran on: one more hit there; merged again, dst gets that one */
    sample(&in, FTF_FINDING_RACE, 0x1ULL, "shared by both");
    assert_int_equal(ftf_store_put(a, &in, NULL, NULL, 0, err, sizeof err), 0);
    snprintf(dir, sizeof dir, "%s/findings/race-0000000000000001", a);
    bool is_new;
    long long h;
    assert_int_equal(ftf_store_merge_finding(dst, dir, ida, &is_new, &h, err, sizeof err), 0);
    assert_false(is_new);
    assert_int_equal(h, 1);
    snprintf(dir, sizeof dir, "%s/findings/race-0000000000000001", dst);
    struct ftf_finding_meta m;
    assert_int_equal(ftf_store_read_meta(dir, &m, err, sizeof err), 0);
    assert_int_equal(m.hits, 6);
    ftf_finding_meta_clear(&m);
    /* a copied finding is whole: every file of the source's */
    snprintf(dir, sizeof dir, "%s/findings/crash-0000000000000002", dst);
    assert_int_equal(count_entries(dir, true), 5);
    snprintf(dir, sizeof dir, "%s/findings", dst);
    assert_int_equal(count_entries(dir, true), 2); /* no staging left */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_new_then_repeat, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_parallel_hits, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_corrupted_meta, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_list, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_clean_staging, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_merge_stores, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_update_and_utf8, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_from_signature, setup_dir, teardown_dir),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
