/* test_bug_formats.c - the bug writers (SARIF, JUnit, summary, HTML), their escaping, the
 * timeline they plot and the campaign rates it records, and --scope module. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include <jansson.h>

#include "bug_formats.h"
#include "bug_list.h"
#include "escape.h"
#include "known.h"
#include "store.h"
#include "timeline.h"
#include "triage_bugs.h"
#include "triage_formats.h"

#define HOSTILE "</script><script>alert(1)</script> ]]> & \"q\" 'y' <b>"

static void put(const char *out, enum ftf_finding_kind kind, uint64_t sig, const char *canonical,
                const char *file, unsigned line, const char *origin)
{
    struct ftf_finding_in in;
    char err[512];
    ftf_finding_in_init(&in, NULL);
    in.kind = kind;
    in.signature = sig;
    in.canonical = canonical;
    in.summary = "summary " HOSTILE;
    in.repro_py = "S0 = []\n# a fence inside: ```` and " HOSTILE "\n";
    in.report = "WARNING: ThreadSanitizer: data race " HOSTILE "\n";
    in.report_len = strlen(in.report);
    in.loc_function = file ? "f" : NULL;
    in.loc_file = file;
    in.loc_line = line;
    in.origin = origin;
    if (ftf_store_put(out, &in, NULL, NULL, 0, err, sizeof err))
        fail_msg("put: %s", err);
}

struct fx {
    char *dir;
    struct ftf_finding_meta *list;
    size_t n;
    struct ftf_known_list known;
    struct ftf_bug_list bugs;
};

/* Three bugs: a new race in the module (located), a known race (gh-123), a new crash with
 * no location. */
static int setup(void **state)
{
    struct fx *x = calloc(1, sizeof *x);
    x->dir = strdup("/tmp/ftf-test-bugfmt-XXXXXX");
    if (!x->dir || !mkdtemp(x->dir))
        return -1;
    put(x->dir, FTF_FINDING_RACE, 0x1, "data race\nf a.c\ng b.c\n", "/src/proj/mod/a&b.c", 12,
        "a.c:f");
    put(x->dir, FTF_FINDING_RACE, 0x2, "data race\nh c.c\nh c.c\n", "Objects/c.c", 7, NULL);
    put(x->dir, FTF_FINDING_CRASH, 0x3, "crash\nSIGSEGV\nboom d.c\n", NULL, 0, NULL);
    char err[512];
    if (ftf_known_parse("race | h / h | gh-123 | open | h races with <itself> & more\n", "k.txt",
                        &x->known, err, sizeof err))
        return -1;
    if (ftf_store_list(x->dir, &x->list, &x->n, err, sizeof err) ||
        ftf_bug_list_group(x->list, x->n, &x->known, &x->bugs))
        return -1;
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    struct fx *x = *state;
    ftf_bug_list_free(&x->bugs);
    ftf_store_list_free(x->list, x->n);
    ftf_known_free(&x->known);
    rm_rf(x->dir);
    free(x->dir);
    free(x);
    return 0;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

#define CAPTURE(buf, call)                                                                  \
    do {                                                                                    \
        size_t len_ = 0;                                                                    \
        FILE *f_ = open_memstream(&(buf), &len_);                                           \
        assert_non_null(f_);                                                                \
        call;                                                                               \
        fclose(f_);                                                                         \
    } while (0)

static const struct ftf_bug *bug_of_kind(const struct ftf_bug_list *l, enum ftf_finding_kind k,
                                         int known)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].key.kind == k && !l->v[i].known == !known)
            return &l->v[i];
    fail_msg("no such bug");
    return NULL;
}

static void sarif_has_rules_results_locations_and_fingerprints(void **state)
{
    struct fx *x = *state;
    char *t = NULL;
    CAPTURE(t, assert_int_equal(ftf_bugs_sarif(f_, &x->bugs, "/src/proj/"), 0));
    json_error_t jerr;
    json_t *doc = json_loads(t, 0, &jerr);
    if (!doc)
        fail_msg("SARIF is not JSON: %s (line %d)", jerr.text, jerr.line);
    assert_string_equal(json_string_value(json_object_get(doc, "version")), "2.1.0");
    assert_non_null(strstr(json_string_value(json_object_get(doc, "$schema")), "sarif-2.1.0"));
    json_t *run = json_array_get(json_object_get(doc, "runs"), 0);
    json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"),
                                    "rules");
    assert_int_equal(json_array_size(rules), FTF_FINDING_KIND_COUNT);
    static const char *const want[] = {"data-race", "heap-use-after-free",
                                       "lock-order-inversion", "crash", "hang", "atomicity",
                                       "exception", "oom"};
    for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
        size_t i;
        json_t *r;
        int found = 0;
        json_array_foreach(rules, i, r) {
            if (!strcmp(json_string_value(json_object_get(r, "id")), want[w])) {
                found = 1;
                assert_true(strlen(json_string_value(
                                json_object_get(json_object_get(r, "help"), "text"))) > 20);
            }
        }
        if (!found)
            fail_msg("no rule %s", want[w]);
    }
    json_t *results = json_object_get(run, "results");
    assert_int_equal(json_array_size(results), 3);
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r) {
        const struct ftf_bug *b = &x->bugs.v[i];
        json_t *rule =
            json_array_get(rules, (size_t)json_integer_value(json_object_get(r, "ruleIndex")));
        assert_string_equal(json_string_value(json_object_get(r, "ruleId")),
                            json_string_value(json_object_get(rule, "id")));
        assert_string_equal(json_string_value(json_object_get(
                                json_object_get(r, "partialFingerprints"), "ftfuzzBug/v1")),
                            b->key.id);
        assert_string_equal(json_string_value(json_object_get(r, "level")),
                            b->known ? "note" : "error");
        assert_string_equal(json_string_value(json_object_get(r, "baselineState")),
                            b->known ? "unchanged" : "new");
        json_t *phys = json_object_get(json_array_get(json_object_get(r, "locations"), 0),
                                       "physicalLocation");
        const char *uri = json_string_value(
            json_object_get(json_object_get(phys, "artifactLocation"), "uri"));
        assert_non_null(uri);
        assert_true(json_integer_value(json_object_get(json_object_get(phys, "region"),
                                                       "startLine")) >= 1);
        if (b->key.kind == FTF_FINDING_CRASH) { /* no location: its reproducer */
            assert_non_null(strstr(uri, "/repro.py"));
        } else if (!b->known) { /* under the source root: relative to SRCROOT */
            assert_string_equal(uri, "mod/a&b.c");
            assert_string_equal(json_string_value(json_object_get(
                                    json_object_get(phys, "artifactLocation"), "uriBaseId")),
                                "SRCROOT");
            assert_int_equal(json_integer_value(json_object_get(
                                 json_object_get(phys, "region"), "startLine")), 12);
        } else {
            assert_string_equal(uri, "Objects/c.c");
        }
    }
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(json_object_get(run, "originalUriBaseIds"),
                                            "SRCROOT"), "uri")),
                        "file:///src/proj/");
    json_decref(doc);
    free(t);
}

/* A minimal well-formedness check: every element closed in order, attributes quoted, no
 * raw '<' or '&' that is not markup or an entity. Returns NULL or what is wrong. */
static const char *xml_problem(const char *s)
{
    const char *stack[64];
    size_t lens[64], depth = 0;
    if (strncmp(s, "<?xml ", 6))
        return "no XML declaration";
    s = strstr(s, "?>") + 2;
    for (; *s; s++) {
        if (*s == '&') {
            const char *semi = strchr(s, ';');
            if (!semi || semi - s > 6 || strchr(" <&", s[1]))
                return "a raw '&'";
            continue;
        }
        if (*s != '<')
            continue;
        int closing = s[1] == '/';
        const char *name = s + 1 + closing;
        size_t n = strcspn(name, " />\n");
        const char *end = name + n;
        for (int q = 0; *end && (q || *end != '>'); end++) {
            if (*end == '"')
                q = !q;
            else if (q && *end == '<')
                return "a raw '<' in an attribute";
        }
        if (!*end)
            return "an unterminated tag";
        if (closing) {
            if (!depth || lens[depth - 1] != n || strncmp(stack[depth - 1], name, n))
                return "a closing tag that does not match";
            depth--;
        } else if (end[-1] != '/') {
            if (depth == 64)
                return "too deep";
            stack[depth] = name;
            lens[depth++] = n;
        }
        s = end;
    }
    return depth ? "an element left open" : NULL;
}

static void junit_fails_new_bugs_and_skips_known_ones(void **state)
{
    struct fx *x = *state;
    char *t = NULL;
    CAPTURE(t, ftf_bugs_junit(f_, &x->bugs));
    const char *problem = xml_problem(t);
    if (problem)
        fail_msg("junit.xml is not well-formed: %s\n%s", problem, t);
    assert_int_equal(count(t, "<testcase "), 3);
    assert_int_equal(count(t, "<failure "), 2);
    assert_int_equal(count(t, "<skipped "), 1);
    assert_non_null(strstr(t, "<testsuite name=\"ftfuzz.bugs\" tests=\"3\" failures=\"2\" "
                              "errors=\"0\" skipped=\"1\">"));
    assert_non_null(strstr(t, "<skipped message=\"known: gh-123 (open): h races with &lt;itself&gt; "
                              "&amp; more [k.txt:1]\"/>"));
    /* the repro is in the failure's message, escaped, newlines kept as references */
    assert_non_null(strstr(t, "repro.py (") );
    assert_non_null(strstr(t, "S0 = []&#10;# a fence inside: ```` and &lt;/script&gt;"));
    assert_null(strstr(t, "</script>"));
    assert_null(strstr(t, "<b>"));
    const struct ftf_bug *b = bug_of_kind(&x->bugs, FTF_FINDING_RACE, 0);
    char name[128];
    snprintf(name, sizeof name, "name=\"data race: f vs g [%s]\"", b->key.id);
    assert_non_null(strstr(t, name));
    free(t);
}

static void summary_inlines_new_repros_and_lists_known_ones(void **state)
{
    struct fx *x = *state;
    char *t = NULL;
    CAPTURE(t, ftf_bugs_summary(f_, x->dir, &x->bugs));
    assert_true(strncmp(t, "## ftfuzz: 2 new bugs, 1 known\n", 31) == 0);
    assert_non_null(strstr(t, "| 3 | 2 | 1 | 3 |\n"));
    /* each new bug's repro in a fence longer than its own backtick runs */
    assert_int_equal(count(t, "`````python\n"), 2);
    assert_non_null(strstr(t, "# a fence inside: ```` and"));
    assert_non_null(strstr(t, "### 1. data race: f vs g\n"));
    assert_non_null(strstr(t, "- at /src/proj/mod/a&b.c:12 in f\n"));
    /* known: one line, markdown-escaped, no HTML */
    assert_non_null(strstr(t, "## Known bugs\n\n- `race` data race: h vs h: gh-123 (open), 1 hits\n"));
    assert_true(strstr(t, "## New bugs") < strstr(t, "## Known bugs"));
    free(t);
}

static void html_is_self_contained_and_escaped(void **state)
{
    struct fx *x = *state;
    struct ftf_timeline_point tl[2] = {
        {10, 50, 5, 1000, 1100, 20, 1, 1, 1},
        {20, 150, 10, 1500, 1700, 40, 3, 2, 3},
    };
    char *t = NULL;
    CAPTURE(t, assert_int_equal(ftf_bugs_html(f_, x->dir, &x->bugs, tl, 2), 0));
    assert_true(strncmp(t, "<!DOCTYPE html>", 15) == 0);
    assert_int_equal(count(t, "<tr class=\"bug new\""), 2);
    assert_int_equal(count(t, "<tr class=\"bug known\""), 1);
    /* new ones first */
    assert_true(strstr(t, "<tr class=\"bug new\"") < strstr(t, "<tr class=\"bug known\""));
    assert_int_equal(count(t, "<details>"), 3);
    /* nothing from a report or a repro can close or open a script */
    assert_int_equal(count(t, "<script"), 2);
    assert_int_equal(count(t, "</script>"), 2);
    assert_non_null(strstr(t, "&lt;/script&gt;&lt;script&gt;alert(1)"));
    /* no external resource (the one URL is SVG's namespace name, which loads nothing) */
    assert_int_equal(count(t, "http://"), count(t, "http://www.w3.org/2000/svg"));
    assert_null(strstr(t, "https://"));
    assert_null(strstr(t, "src=\""));
    assert_null(strstr(t, "<link"));
    /* the timeline as JSON for the plots */
    const char *j = strstr(t, "<script type=\"application/json\" id=\"timeline\">");
    assert_non_null(j);
    j = strchr(j, '>') + 1;
    json_t *arr = json_loadb(j, (size_t)(strstr(j, "</script>") - j), 0, NULL);
    assert_non_null(arr);
    assert_int_equal(json_array_size(arr), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(arr, 1), "cov")), 1500);
    json_decref(arr);
    assert_non_null(strstr(t, "id=\"plots\""));
    free(t);
}

static void timeline_round_trips_and_skips_a_cut_line(void **state)
{
    (void)state;
    long long cov = -1, ft = -1;
    assert_int_equal(ftf_libfuzzer_status_parse("#1234\tNEW    cov: 15836 ft: 20011 corp: "
                                                "150/20Kb lim: 4 exec/s: 51 rss: 166Mb", &cov, &ft),
                     0);
    assert_int_equal(cov, 15836);
    assert_int_equal(ft, 20011);
    assert_int_equal(ftf_libfuzzer_status_parse("INFO: Seed: 1", &cov, &ft), -1);
    assert_int_equal(ftf_libfuzzer_status_parse("#12\tINITED exec/s: 3", &cov, &ft), -1);
    assert_int_equal(cov, 15836);

    char dir[] = "/tmp/ftf-test-timeline-XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/" FTF_TIMELINE_FILE, dir);
    struct ftf_timeline_point *v;
    size_t n;
    assert_int_equal(ftf_timeline_load(path, &v, &n), 0); /* missing: empty */
    assert_int_equal(n, 0);
    FILE *f = fopen(path, "w");
    struct ftf_timeline_point p = {10, 100, 9.5, -1, -1, 7, 1, 1, 2};
    ftf_timeline_write_header(f, "2026-01-01T00:00:00Z");
    ftf_timeline_write_point(f, &p); /* an earlier campaign in the same directory */
    ftf_timeline_write_header(f, "2026-01-02T00:00:00Z");
    p.cov = 1200;
    ftf_timeline_write_point(f, &p);
    p.elapsed_s = 20;
    p.runs = 300;
    ftf_timeline_write_point(f, &p);
    fputs("30.0\t4", f); /* killed while writing */
    fclose(f);
    assert_int_equal(ftf_timeline_load(path, &v, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].cov, 1200);
    assert_int_equal(v[1].runs, 300);
    assert_true(v[1].elapsed_s > 19.9 && v[1].elapsed_s < 20.1);
    assert_true(v[1].runs_per_s > 9.4 && v[1].runs_per_s < 9.6);
    free(v);
    rm_rf(dir);
}

static void escapes_and_fences(void **state)
{
    (void)state;
    char fence[16], *t = NULL;
    assert_string_equal(ftf_md_fence("no ticks", fence), "```");
    assert_string_equal(ftf_md_fence("a ```` b `` c", fence), "`````");
    CAPTURE(t, ftf_put_xml(f_, "a<b>&\"'\n\t\x01", true));
    assert_string_equal(t, "a&lt;b&gt;&amp;&quot;&apos;&#10;&#9;?");
    free(t);
    CAPTURE(t, ftf_put_md(f_, "a|b <i> *x* [l](u) `c`\n"));
    assert_string_equal(t, "a\\|b &lt;i&gt; \\*x\\* \\[l\\](u) \\`c\\` ");
    free(t);
}

/* Without a source root, absolute paths are file:// URIs and there is no base; the bug
 * formats have names for --format (the baseline has none: --write-known). */
static void sarif_without_root_and_format_names(void **state)
{
    struct fx *x = *state;
    char *t = NULL;
    CAPTURE(t, assert_int_equal(ftf_bugs_sarif(f_, &x->bugs, NULL), 0));
    assert_non_null(strstr(t, "\"uri\": \"file:///src/proj/mod/a&b.c\""));
    assert_null(strstr(t, "SRCROOT"));
    free(t);
    CAPTURE(t, assert_int_equal(ftf_bugs_sarif(f_, &x->bugs, "/src/pro"), 0));
    assert_null(strstr(t, "\"uri\": \"j/mod")); /* a prefix that is not a directory */
    free(t);
    static const char *const names[] = {"text", "json", "sarif", "junit", "summary", "html"};
    static const enum ftf_bug_format want[] = {FTF_BUGS_TEXT,  FTF_BUGS_JSON,    FTF_BUGS_SARIF,
                                               FTF_BUGS_JUNIT, FTF_BUGS_SUMMARY, FTF_BUGS_HTML};
    struct ftf_triage_format_choice f;
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(ftf_triage_format_lookup(names[i], &f), 0);
        assert_int_equal(f.family, FTF_FORMAT_BUGS);
        assert_int_equal(f.bugs, want[i]);
        assert_non_null(strstr(FTF_TRIAGE_FORMAT_CHOICES, names[i]));
    }
    assert_int_equal(ftf_triage_format_lookup("markdown", &f), 0); /* a signature format */
    assert_int_equal(f.family, FTF_FORMAT_SIGNATURES);
    assert_int_equal(ftf_triage_format_lookup("xml", &f), -1);
    assert_int_equal(ftf_triage_format_lookup(NULL, &f), -1);
}

/* --scope module: a bug with no frame of the module's is known as cpython's; the module's
 * own bug stays new. */
static void module_scope_counts_only_the_modules_bugs(void **state)
{
    struct fx *x = *state;
    struct ftf_bug_list scoped;
    x->known.module_scope = 1;
    assert_int_equal(ftf_bug_list_group(x->list, x->n, &x->known, &scoped), 0);
    x->known.module_scope = 0;
    assert_int_equal(scoped.n_new, 1);
    assert_int_equal(scoped.n_known, 2);
    assert_null(scoped.v[0].known);
    assert_string_equal(scoped.v[0].origin, "a.c:f");
    const struct ftf_bug *crash = bug_of_kind(&scoped, FTF_FINDING_CRASH, 1);
    assert_ptr_equal(crash->known, &ftf_known_cpython_scope);
    assert_string_equal(crash->known->reference, "cpython");
    /* a listed bug keeps its own entry */
    assert_string_equal(bug_of_kind(&scoped, FTF_FINDING_RACE, 1)->known->reference, "gh-123");
    ftf_bug_list_free(&scoped);
}

/* One rate state for the status line's new/s and the timeline's runs/s: each interval is
 * measured from the previous step, the first from the campaign's start. */
static void campaign_rates_step_from_the_previous_line(void **state)
{
    (void)state;
    struct ftf_campaign_rates r = {0};
    double new_s, runs_s;
    ftf_campaign_rates_step(&r, 10, 200, 50, &new_s, &runs_s); /* 20 runs/s, 5 new/s */
    assert_true(new_s > 4.99 && new_s < 5.01);
    assert_true(runs_s > 19.99 && runs_s < 20.01);
    ftf_campaign_rates_step(&r, 20, 300, 150, &new_s, &runs_s); /* +100 and +100 in 10 s */
    assert_true(new_s > 9.99 && new_s < 10.01);
    assert_true(runs_s > 9.99 && runs_s < 10.01);
    /* Counters that went back: new/s over the whole campaign, runs/s unknown (0). */
    ftf_campaign_rates_step(&r, 40, 100, 80, &new_s, &runs_s);
    assert_true(new_s > 1.99 && new_s < 2.01);
    assert_true(runs_s == 0);
    /* An interval under half a second has no runs/s; new/s is still measured. */
    ftf_campaign_rates_step(&r, 40.25, 110, 81, &new_s, &runs_s);
    assert_true(runs_s == 0);
    assert_true(new_s > 3.99 && new_s < 4.01);
    assert_true(r.last_t > 40.2 && r.last_runs == 110 && r.last_new == 81);
}

/* A race in a module's own C code: of CPython's own module (the sweep's _heapq), it is
 * CPython's bug, which the shipped list names; of a user's module with the same names, a
 * shipped entry never makes it known. */
static void cpython_modules_bug_matches_the_shipped_list(void **state)
{
    (void)state;
    static const bool cpython_module[] = {true, false};
    for (size_t c = 0; c < 2; c++) {
        char dir[] = "/tmp/ftf-test-cpymod-XXXXXX", err[512];
        assert_non_null(mkdtemp(dir));
        struct ftf_finding_in in;
        ftf_finding_in_init(&in, NULL);
        in.kind = FTF_FINDING_RACE;
        in.signature = 0x77;
        in.canonical = "data race\nsiftup _heapqmodule.c\nsiftup _heapqmodule.c\n";
        in.summary = "data race: siftup vs siftup";
        in.repro_py = "S0 = []\n";
        in.report = "WARNING: ThreadSanitizer: data race\n";
        in.report_len = strlen(in.report);
        in.module = "_heapq";
        in.origin = "_heapqmodule.c:siftup";
        in.cpython_module = cpython_module[c];
        if (ftf_store_put(dir, &in, NULL, NULL, 0, err, sizeof err))
            fail_msg("put: %s", err);
        struct ftf_known_list known = {0};
        assert_int_equal(ftf_known_parse("race | siftup / siftup | gh-135557 | not backported "
                                         "| heapq\n", "shipped.txt", &known, err, sizeof err),
                         0);
        known.v[0].cpython_only = 1; /* as shipped entries are (known_load.c) */
        struct ftf_finding_meta *list = NULL;
        size_t n = 0;
        struct ftf_bug_list bugs;
        assert_int_equal(ftf_store_list(dir, &list, &n, err, sizeof err), 0);
        assert_int_equal(n, 1);
        assert_true(list[0].cpython_module == cpython_module[c]); /* meta.json keeps it */
        assert_int_equal(ftf_bug_list_group(list, n, &known, &bugs), 0);
        assert_int_equal(bugs.n, 1);
        if (cpython_module[c])
            assert_ptr_equal(bugs.v[0].known, &known.v[0]);
        else
            assert_null(bugs.v[0].known);
        ftf_bug_list_free(&bugs);
        ftf_store_list_free(list, n);
        ftf_known_free(&known);
        rm_rf(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sarif_has_rules_results_locations_and_fingerprints,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(junit_fails_new_bugs_and_skips_known_ones, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(summary_inlines_new_repros_and_lists_known_ones, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(html_is_self_contained_and_escaped, setup, teardown),
        cmocka_unit_test_setup_teardown(module_scope_counts_only_the_modules_bugs, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(sarif_without_root_and_format_names, setup, teardown),
        cmocka_unit_test(cpython_modules_bug_matches_the_shipped_list),
        cmocka_unit_test(timeline_round_trips_and_skips_a_cut_line),
        cmocka_unit_test(campaign_rates_step_from_the_previous_line),
        cmocka_unit_test(escapes_and_fences),
    };
    return cmocka_run_group_tests_name("bug_formats", tests, NULL, NULL);
}
