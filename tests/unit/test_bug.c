/* test_bug.c - bug keys on real reports, the known-bugs format, the bug list and its JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include <jansson.h>

#include "bug.h"
#include "bug_list.h"
#include "known.h"
#include "report.h"
#include "signature.h"
#include "store.h"
#include "triage_bugs.h"

/* The signature and bug key of the first report in a fixture. */
static void key_of_fixture(const char *name, struct ftf_signature *sig, struct ftf_bug_key *key)
{
    size_t len;
    char *text = load(name, &len);
    struct ftf_report_list list;
    assert_int_equal(ftf_report_parse(text, len, &list), 0);
    assert_true(list.n >= 1);
    assert_int_equal(ftf_signature_from_report(&list.reports[0], sig), 0);
    assert_int_equal(ftf_bug_key_of(sig->kind, sig->canonical, key), 0);
    ftf_report_list_free(&list);
    free(text);
}

/* Two stored findings of one bytearray bug: pop racing with append, and with clear. They
 * are different signatures (other callers) but one bug: PyByteArray_Resize against
 * bytearray_pop_impl (PyByteArray_AS_STRING, an inline helper in a header, is skipped). */
static void near_duplicates_are_one_bug(void **s)
{
    (void)s;
    struct ftf_signature a, b;
    struct ftf_bug_key ka, kb;
    key_of_fixture("tsan_cpython_bytearray_pop_vs_append.txt", &a, &ka);
    key_of_fixture("tsan_cpython_bytearray_pop_vs_clear.txt", &b, &kb);
    assert_int_not_equal(a.value, b.value);
    assert_string_equal(ka.id, kb.id);
    assert_int_equal(ka.n_parts, 2);
    assert_string_equal(ka.parts[0], "PyByteArray_Resize");
    assert_string_equal(ka.parts[1], "bytearray_pop_impl");
    assert_string_equal(ka.title, "data race: PyByteArray_Resize vs bytearray_pop_impl");
    ftf_signature_free(&a);
    ftf_signature_free(&b);
    ftf_bug_key_free(&ka);
    ftf_bug_key_free(&kb);

    /* accumulate_next against itself, reached directly and through builtin_next */
    key_of_fixture("tsan_cpython_accumulate.txt", &a, &ka);
    key_of_fixture("tsan_cpython_accumulate_via_next.txt", &b, &kb);
    assert_int_not_equal(a.value, b.value);
    assert_string_equal(ka.id, kb.id);
    assert_string_equal(ka.title, "data race: accumulate_next vs accumulate_next");
    ftf_signature_free(&a);
    ftf_signature_free(&b);
    ftf_bug_key_free(&ka);
    ftf_bug_key_free(&kb);
}

/* A/B and B/A: the same report with its two accesses swapped is the same bug, and a race
 * between other functions is another. */
static void swapped_stacks_are_one_bug(void **s)
{
    (void)s;
    struct ftf_signature a, b, c;
    struct ftf_bug_key ka, kb, kc;
    key_of_fixture("tsan_race_heap.txt", &a, &ka);
    key_of_fixture("tsan_race_heap_swapped.txt", &b, &kb);
    key_of_fixture("tsan_race_global.txt", &c, &kc);
    assert_string_equal(ka.id, kb.id);
    assert_string_not_equal(ka.id, kc.id);
    ftf_signature_free(&a);
    ftf_signature_free(&b);
    ftf_signature_free(&c);
    ftf_bug_key_free(&ka);
    ftf_bug_key_free(&kb);
    ftf_bug_key_free(&kc);
}

static void other_kinds_have_their_keys(void **s)
{
    (void)s;
    struct ftf_bug_key k;
    /* crash: signal, then faulting function (the first frame outside a header) */
    assert_int_equal(ftf_bug_key_of(FTF_FINDING_CRASH,
                                    "crash: SEGV\nPy_INCREF object.h | deque_extend "
                                    "_collectionsmodule.c\n", &k), 0);
    assert_int_equal(k.n_parts, 2);
    assert_string_equal(k.parts[0], "SEGV");
    assert_string_equal(k.parts[1], "deque_extend");
    assert_string_equal(k.title, "crash: SIGSEGV in deque_extend");
    ftf_bug_key_free(&k);
    /* exception: op row then type; the message is not part of the bug */
    struct ftf_bug_key k2;
    assert_int_equal(ftf_bug_key_of(FTF_FINDING_EXCEPTION,
                                    "exception\nRuntimeError\nop IMUL\ndeque mutated\n", &k), 0);
    assert_int_equal(ftf_bug_key_of(FTF_FINDING_EXCEPTION,
                                    "exception\nRuntimeError\nop IMUL\nother text N\n", &k2), 0);
    assert_string_equal(k.parts[0], "IMUL");
    assert_string_equal(k.parts[1], "RuntimeError");
    assert_string_equal(k.id, k2.id);
    assert_string_equal(k.title, "exception: RuntimeError in op IMUL");
    ftf_bug_key_free(&k);
    ftf_bug_key_free(&k2);
    /* hang: innermost frames as "function file" */
    assert_int_equal(ftf_bug_key_of(FTF_FINDING_HANG,
                                    "hang\nFile \"/x/y/stuck.py\", line N, in spin\n", &k), 0);
    assert_string_equal(k.parts[0], "spin stuck.py");
    ftf_bug_key_free(&k);
    /* kinds differ: other bug */
    assert_int_equal(ftf_bug_key_of(FTF_FINDING_RACE, "data race\nf a.c\ng b.c\n", &k), 0);
    assert_int_equal(ftf_bug_key_of(FTF_FINDING_UAF, "heap-use-after-free\nf a.c\ng b.c\n", &k2),
                     0);
    assert_string_not_equal(k.id, k2.id);
    ftf_bug_key_free(&k);
    ftf_bug_key_free(&k2);
    assert_int_equal(ftf_bug_key_of((enum ftf_finding_kind)99, "x", &k), -1);
}

/* --- the known-bugs format ------------------------------------------------------------- */

static const char known_text[] =
    "# comment\n"
    "\n"
    "race | PyByteArray_Resize / bytearray_* | gh-129107 | not backported | bytearray\n"
    "race | accumulate_next / accumulate_next | gh-123471 | fixed in 3.14 | itertools\n"
    "exception | IMUL / RuntimeError | https://example.org/x | open | by design | really\n"
    "crash | SEGV / deque_extend | gh-1 | fixed in 3.13.4 | a crash\n";

static void known_file_parses_and_matches(void **s)
{
    (void)s;
    struct ftf_known_list l = {0};
    char err[512] = "";
    assert_int_equal(ftf_known_parse(known_text, "k.txt", &l, err, sizeof err), 0);
    assert_int_equal(l.n, 4);
    assert_int_equal(l.v[0].line, 3);
    assert_string_equal(l.v[0].reference, "gh-129107");
    assert_string_equal(l.v[0].status, "not backported");
    assert_string_equal(l.v[2].reason, "by design | really");
    struct ftf_bug_key k;
    /* either order */
    assert_int_equal(ftf_bug_key_of(FTF_FINDING_RACE, "data race\nbytearray_pop_impl b.c\n"
                                    "PyByteArray_Resize b.c\n", &k), 0);
    assert_ptr_equal(ftf_known_match(&l, &k, 0), &l.v[0]);
    /* an entry of the list shipped for CPython is CPython's bug, never the module's */
    l.v[0].cpython_only = 1;
    assert_null(ftf_known_match(&l, &k, 1));
    assert_ptr_equal(ftf_known_match(&l, &k, 0), &l.v[0]);
    l.v[0].cpython_only = 0;
    assert_ptr_equal(ftf_known_match(&l, &k, 1), &l.v[0]);
    ftf_bug_key_free(&k);
    /* the same functions as a uaf: another kind, not known */
    assert_int_equal(ftf_bug_key_of(FTF_FINDING_UAF, "heap-use-after-free\nbytearray_pop_impl "
                                    "b.c\nPyByteArray_Resize b.c\n", &k), 0);
    assert_null(ftf_known_match(&l, &k, 0));
    ftf_bug_key_free(&k);
    /* a pair only one side of which matches */
    assert_int_equal(ftf_bug_key_of(FTF_FINDING_RACE, "data race\nlist_resize l.c\n"
                                    "PyByteArray_Resize b.c\n", &k), 0);
    assert_null(ftf_known_match(&l, &k, 0));
    ftf_bug_key_free(&k);
    /* exceptions: ordered parts */
    assert_int_equal(ftf_bug_key_of(FTF_FINDING_EXCEPTION, "exception\nRuntimeError\nop IMUL\n",
                                    &k), 0);
    assert_ptr_equal(ftf_known_match(&l, &k, 0), &l.v[2]);
    ftf_bug_key_free(&k);
    ftf_known_free(&l);
}

static void malformed_known_lines_name_file_and_line(void **s)
{
    (void)s;
    static const struct {
        const char *text, *expect;
    } bad[] = {
        {"race | a / b | gh-1 | open\n", "k.txt:1: 4 fields"},
        {"\n#\nrice | a / b | gh-1 | open | x\n", "k.txt:3: unknown kind 'rice'"},
        {"race | * / b | gh-1 | open | x\n", "k.txt:1: pattern '*' matches anything"},
        {"race | a / ** | gh-1 | open | x\n", "k.txt:1: pattern '**' matches anything"},
        {"race |  | gh-1 | open | x\n", "k.txt:1: no pattern"},
        {"race | a // b | gh-1 | open | x\n", "k.txt:1: an empty pattern"},
        {"race | a / b | gh-12x | open | x\n", "k.txt:1: reference 'gh-12x'"},
        {"race | a / b | gh-1 | fixed | x\n", "k.txt:1: status 'fixed'"},
        {"race | a / b | gh-1 | fixed in 3 | x\n", "k.txt:1: status 'fixed in 3'"},
        {"race | a / b | gh-1 | open |   \n", "k.txt:1: the reason is empty"},
        {"race | a / b | gh-1 | open | ok\nrace | a/b\n", "k.txt:2: 2 fields"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct ftf_known_list l = {0};
        char err[512] = "";
        assert_int_equal(ftf_known_parse(bad[i].text, "k.txt", &l, err, sizeof err), -1);
        if (strncmp(err, bad[i].expect, strlen(bad[i].expect)))
            fail_msg("case %zu: got '%s', want '%s...'", i, err, bad[i].expect);
        ftf_known_free(&l);
    }
    struct ftf_known_list l = {0};
    char err[512];
    assert_int_equal(ftf_known_load("/nonexistent/known.txt", &l, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/known.txt: cannot read"));
}

/* A baseline written from bug keys reads back, and each entry matches its own bug only. */
static void baseline_round_trips(void **s)
{
    (void)s;
    struct ftf_bug_key k[3];
    assert_int_equal(ftf_bug_key_of(FTF_FINDING_RACE, "data race\nf[1]* a.c\ng b.c\n", &k[0]), 0);
    assert_int_equal(ftf_bug_key_of(FTF_FINDING_HANG, "hang\nFile \"/a/b.py\", line N, in w\n",
                                    &k[1]), 0);
    assert_int_equal(ftf_bug_key_of(FTF_FINDING_ATOMICITY, "atomicity\nlist S0 | lost N/N\n",
                                    &k[2]), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    for (int i = 0; i < 3; i++)
        ftf_known_write_baseline(f, &k[i]);
    fclose(f);
    struct ftf_known_list l = {0};
    char err[512] = "";
    if (ftf_known_parse(buf, "baseline", &l, err, sizeof err))
        fail_msg("%s\n%s", err, buf);
    assert_int_equal(l.n, 3);
    for (int i = 0; i < 3; i++)
        assert_ptr_equal(ftf_known_match(&l, &k[i], 0), &l.v[i]);
    struct ftf_bug_key other;
    assert_int_equal(ftf_bug_key_of(FTF_FINDING_RACE, "data race\nf[1]x a.c\ng b.c\n", &other), 0);
    assert_null(ftf_known_match(&l, &other, 0));
    ftf_bug_key_free(&other);
    for (int i = 0; i < 3; i++)
        ftf_bug_key_free(&k[i]);
    ftf_known_free(&l);
    free(buf);
}

/* --- the bug list, its index and its JSON ---------------------------------------------- */

static void put(const char *out, uint64_t sig, const char *canonical, int hits, bool after_fault,
                bool minimised)
{
    struct ftf_finding_in in;
    char err[512];
    ftf_finding_in_init(&in, NULL);
    in.kind = FTF_FINDING_RACE;
    in.signature = sig;
    in.summary = "data race: x";
    in.canonical = canonical;
    in.minimised = minimised;
    in.repro_py = "import collections\n\nS0 = []  # list\n\n\ndef t0():\n"
                  "    for _i in range(3):\n        S0.append(1)\n\n\n"
                  "# ---- fixed helpers: ...\nERRORS = []\nTHREADS = [_in_line(0, t0)]\n";
    in.after_fault = after_fault;
    for (int i = 0; i < hits; i++)
        if (ftf_store_put(out, &in, NULL, NULL, 0, err, sizeof err))
            fail_msg("put: %s", err);
}

static int setup_dir(void **state)
{
    char *dir = strdup("/tmp/ftf-test-bug-XXXXXX");
    if (!dir || !mkdtemp(dir))
        return -1;
    /* one bug, three signatures (other callers); the most-hit one only after a fault */
    put(dir, 0x1, "data race\nf a.c | caller1 a.c\ng b.c\n", 9, true, false);
    put(dir, 0x2, "data race\ng b.c | caller2 b.c\nf a.c\n", 2, false, false);
    put(dir, 0x3, "data race\nf a.c | caller3 a.c\ng b.c | caller4 b.c\n", 1, false, false);
    /* another bug */
    put(dir, 0x4, "data race\nh c.c\nh c.c\n", 1, false, false);
    *state = dir;
    return 0;
}

static int teardown_dir(void **state)
{
    rm_rf(*state);
    free(*state);
    return 0;
}

static void findings_group_into_bugs(void **state)
{
    const char *dir = *state;
    struct ftf_finding_meta *list;
    size_t n;
    char err[512];
    assert_int_equal(ftf_store_list(dir, &list, &n, err, sizeof err), 0);
    struct ftf_bug_list bugs;
    assert_int_equal(ftf_bug_list_group(list, n, NULL, &bugs), 0);
    assert_int_equal(bugs.n, 2);
    assert_int_equal(bugs.n_new, 2);
    assert_int_equal(bugs.n_signatures, 4);
    const struct ftf_bug *b = &bugs.v[0]; /* most hits first */
    assert_int_equal(b->n_members, 3);
    assert_int_equal(b->hits, 12);
    assert_false(b->after_fault); /* two members were seen without a fault */
    /* the representative is not the after-fault one although it has the most hits */
    assert_string_equal(b->rep->sig_hex, "0000000000000002");
    assert_string_equal(b->members[0]->sig_hex, "0000000000000001");
    ftf_bug_list_free(&bugs);
    ftf_store_list_free(list, n);
}

static void bug_json_has_its_schema(void **state)
{
    const char *dir = *state;
    struct ftf_known_list known = {0};
    char err[512] = "";
    assert_int_equal(ftf_known_parse("race | h / h | gh-7 | open | self race\n", "k", &known, err,
                                     sizeof err), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct ftf_bug_counts c;
    if (ftf_triage_bugs(dir, &known, FTF_BUGS_JSON, 0, 1, NULL, f, &c, err, sizeof err))
        fail_msg("%s", err);
    fclose(f);
    assert_int_equal(c.bugs, 2);
    assert_int_equal(c.new_bugs, 1);
    assert_int_equal(c.known, 1);
    json_error_t je;
    json_t *root = json_loads(buf, 0, &je);
    assert_non_null(root);
    assert_int_equal(json_integer_value(json_object_get(root, "ftfuzz_bugs_version")), 1);
    json_t *counts = json_object_get(root, "counts");
    assert_int_equal(json_integer_value(json_object_get(counts, "signatures")), 4);
    json_t *bugs = json_object_get(root, "bugs");
    assert_int_equal(json_array_size(bugs), 2);
    static const char *const fields[] = {
        "id", "kind", "status", "reference", "known", "origin", "parts", "signatures",
        "signature_ids", "hits", "first_seen", "last_seen", "minimised", "program_lines",
        "reproduced", "after_fault", "title", "summary", "example",
    };
    for (size_t i = 0; i < 2; i++)
        for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
            if (!json_object_get(json_array_get(bugs, i), fields[k]))
                fail_msg("bug %zu has no '%s'", i, fields[k]);
    json_t *first = json_array_get(bugs, 0), *second = json_array_get(bugs, 1);
    assert_string_equal(json_string_value(json_object_get(first, "status")), "new");
    assert_true(json_is_null(json_object_get(first, "reference")));
    assert_int_equal(json_integer_value(json_object_get(first, "signatures")), 3);
    assert_int_equal(json_integer_value(json_object_get(first, "hits")), 12);
    assert_int_equal(json_integer_value(json_object_get(first, "program_lines")), 4);
    assert_true(json_is_null(json_object_get(first, "reproduced")));
    assert_true(json_is_string(json_object_get(json_object_get(first, "example"), "path")));
    assert_string_equal(json_string_value(json_object_get(second, "status")), "known");
    assert_string_equal(json_string_value(json_object_get(second, "reference")), "gh-7");
    json_decref(root);
    free(buf);
    ftf_known_free(&known);
}

/* One known entry (not a baseline's) is one bug: both bugs of setup_dir match it and fold
 * into one, keyed by the entry; --write-known still writes each exact key, and a baseline
 * of those keys leaves them two bugs with their own ids. */
static void one_known_entry_is_one_bug(void **state)
{
    const char *dir = *state;
    struct ftf_finding_meta *list;
    size_t n;
    char err[512] = "";
    assert_int_equal(ftf_store_list(dir, &list, &n, err, sizeof err), 0);
    struct ftf_bug_list plain, folded, again;
    assert_int_equal(ftf_bug_list_group(list, n, NULL, &plain), 0);
    assert_int_equal(plain.n, 2);
    struct ftf_known_list known = {0};
    assert_int_equal(ftf_known_parse("race | [fgh] / [fgh] | gh-9 | open | one type's bug\n",
                                     "k", &known, err, sizeof err), 0);
    assert_int_equal(ftf_bug_list_group(list, n, &known, &folded), 0);
    assert_int_equal(folded.n, 1);
    assert_int_equal(folded.n_known, 1);
    assert_int_equal(folded.n_signatures, 4);
    const struct ftf_bug *b = &folded.v[0];
    assert_int_equal(b->n_members, 4);
    assert_int_equal(b->hits, 13);
    assert_int_equal(b->n_locations, 2);
    assert_string_equal(b->rep->sig_hex, "0000000000000002"); /* not the after-fault one */
    struct ftf_bug_key entry_key;
    assert_int_equal(ftf_bug_key_of_entry(FTF_FINDING_RACE, known.v[0].parts, 2, "gh-9",
                                          "data race: f vs g", &entry_key), 0);
    assert_string_equal(b->key.id, entry_key.id);
    assert_string_equal(b->key.title, "data race: [fgh] vs [fgh]");
    for (size_t i = 0; i < plain.n; i++) {
        assert_string_not_equal(b->key.id, plain.v[i].key.id);
        assert_true(!strcmp(b->locations[0].id, plain.v[i].key.id) ||
                    !strcmp(b->locations[1].id, plain.v[i].key.id));
    }
    ftf_bug_key_free(&entry_key);

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (ftf_triage_bugs(dir, &known, FTF_BUGS_KNOWN, 0, 1, NULL, f, NULL, err, sizeof err))
        fail_msg("%s", err);
    fclose(f);
    struct ftf_known_list baseline = {0};
    assert_int_equal(ftf_known_parse(buf, "baseline", &baseline, err, sizeof err), 0);
    assert_int_equal(baseline.n, 2);
    assert_int_equal(ftf_bug_list_group(list, n, &baseline, &again), 0);
    assert_int_equal(again.n, 2);
    assert_int_equal(again.n_known, 2);
    for (size_t i = 0; i < again.n; i++) {
        assert_int_equal(again.v[i].n_locations, 0);
        assert_string_equal(again.v[i].key.id, plain.v[i].key.id);
    }
    free(buf);
    ftf_known_free(&baseline);
    ftf_known_free(&known);
    ftf_bug_list_free(&again);
    ftf_bug_list_free(&folded);
    ftf_bug_list_free(&plain);
    ftf_store_list_free(list, n);
}

/* The index is written by --rebuild; a corrupted one is an error that names it. */
static void corrupted_bug_index_is_an_error(void **state)
{
    const char *dir = *state;
    char err[1024] = "", path[4096];
    FILE *devnull = fopen("/dev/null", "w");
    assert_int_equal(ftf_triage_bugs(dir, NULL, FTF_BUGS_TEXT, 40, 1, NULL, devnull, NULL, err,
                                     sizeof err), 0);
    snprintf(path, sizeof path, "%s/bugs.json", dir);
    json_t *idx = json_load_file(path, 0, NULL);
    assert_non_null(idx);
    assert_int_equal(json_array_size(json_object_get(idx, "bugs")), 2);
    json_decref(idx);
    assert_int_equal(ftf_bug_index_check(dir, err, sizeof err), 0);
    FILE *f = fopen(path, "w");
    fputs("{\"bugs_version\": 1, \"bugs\": [{\"id\": 3", f);
    fclose(f);
    assert_int_equal(ftf_triage_bugs(dir, NULL, FTF_BUGS_TEXT, 40, 0, NULL, devnull, NULL, err,
                                     sizeof err), -1);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "--rebuild"));
    /* --rebuild rewrites it from the findings */
    assert_int_equal(ftf_triage_bugs(dir, NULL, FTF_BUGS_TEXT, 40, 1, NULL, devnull, NULL, err,
                                     sizeof err), 0);
    assert_int_equal(ftf_bug_index_check(dir, err, sizeof err), 0);
    fclose(devnull);
}

static void bug_table_stops_at_its_limit(void **state)
{
    const char *dir = *state;
    char *buf = NULL, err[512];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(
        ftf_triage_bugs(dir, NULL, FTF_BUGS_TEXT, 1, 0, NULL, f, NULL, err, sizeof err), 0);
    fclose(f);
    assert_non_null(strstr(buf, "BUGS: bugs=2 new=2 known=0 signatures=4\n"));
    assert_non_null(strstr(buf, "data race: f vs g"));
    assert_null(strstr(buf, "data race: h vs h"));
    assert_non_null(strstr(buf, "1 more: ftfuzz triage "));
    assert_non_null(strstr(buf, " --all\n"));
    free(buf);
}

/* The shipped list parses, names an upstream issue and a status on every line, and its
 * patterns reach both sides of a race in either order, crashes by their function, and
 * nothing outside CPython. */
static void shipped_cpython_list_parses_and_matches(void **s)
{
    (void)s;
    struct ftf_known_list l = {0};
    char err[512] = "";
    assert_int_equal(ftf_known_load("corpus/known/cpython-3.13.txt", &l, err, sizeof err), 0);
    assert_true(l.n > 0);
    for (size_t i = 0; i < l.n; i++) {
        const struct ftf_known_entry *e = &l.v[i];
        assert_int_equal(strncmp(e->reference, "gh-", 3), 0);
        assert_true(!strcmp(e->status, "open") || !strcmp(e->status, "not backported") ||
                    !strncmp(e->status, "fixed in 3.13.", 14));
    }
    static const struct {
        enum ftf_finding_kind kind;
        const char *canonical, *reference; /* NULL: must stay new */
    } cases[] = {
        {FTF_FINDING_RACE, "data race\nlist_resize l.c\nbatch_list_exact _pickle.c\n", "gh-146533"},
        {FTF_FINDING_RACE, "data race\nbatch_list_exact _pickle.c\nlist_resize l.c\n", "gh-146533"},
        {FTF_FINDING_RACE, "data race\n_PyDict_Next d.c\ninsert_to_emptydict d.c\n", "gh-146452"},
        {FTF_FINDING_RACE, "data race\nodictiter_new o.c\n_odict_remove_node o.c\n", "gh-152537"},
        {FTF_FINDING_CRASH, "crash: SEGV\nPy_DECREF object.h | teedataobject_clear i.c\n",
         "gh-153062"},
        {FTF_FINDING_RACE, "data race\nmymod_get m.c\nlist_resize l.c\n", NULL},
        {FTF_FINDING_RACE, "data race\nbatch_list_exact _pickle.c\nmymod_set m.c\n", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ftf_bug_key k;
        assert_int_equal(ftf_bug_key_of(cases[i].kind, cases[i].canonical, &k), 0);
        const struct ftf_known_entry *e = ftf_known_match(&l, &k, 0);
        if (cases[i].reference) {
            assert_non_null(e);
            assert_string_equal(e->reference, cases[i].reference);
        } else {
            assert_null(e);
        }
        ftf_bug_key_free(&k);
    }
    ftf_known_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(near_duplicates_are_one_bug),
        cmocka_unit_test(swapped_stacks_are_one_bug),
        cmocka_unit_test(other_kinds_have_their_keys),
        cmocka_unit_test(known_file_parses_and_matches),
        cmocka_unit_test(malformed_known_lines_name_file_and_line),
        cmocka_unit_test(baseline_round_trips),
        cmocka_unit_test(shipped_cpython_list_parses_and_matches),
        cmocka_unit_test_setup_teardown(findings_group_into_bugs, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(bug_json_has_its_schema, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(one_known_entry_is_one_bug, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(corrupted_bug_index_is_an_error, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(bug_table_stops_at_its_limit, setup_dir, teardown_dir),
    };
    return cmocka_run_group_tests_name("bug", tests, NULL, NULL);
}
