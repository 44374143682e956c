/* triage.c - render the findings store as a table, a GFM table, SARIF 2.1.0, JUnit XML or groups. */
#include "triage.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "store.h"

static const char *const format_names[] = {
    [FTF_TRIAGE_TEXT] = "text",
    [FTF_TRIAGE_MARKDOWN] = "markdown",
    [FTF_TRIAGE_SARIF] = "sarif",
    [FTF_TRIAGE_JUNIT] = "junit",
    [FTF_TRIAGE_GROUPS] = "groups",
};

int ftf_triage_format_from_name(const char *name, enum ftf_triage_format *out)
{
    for (unsigned i = 0; name && i < FTF_TRIAGE_FORMAT_COUNT; i++) {
        if (strcmp(name, format_names[i]) == 0) {
            *out = (enum ftf_triage_format)i;
            return 0;
        }
    }
    return -1;
}

const char *ftf_triage_format_name(enum ftf_triage_format format)
{
    return (unsigned)format < FTF_TRIAGE_FORMAT_COUNT ? format_names[format] : "unknown";
}


/* Where a finding points: meta.json's extra.origin ("racy.c:bump" for a user's module's
 * own frame, set by the engine), or "cpython" when the race is entirely inside CPython. */
static const char *origin_of(const struct ftf_finding_meta *m)
{
    return m->origin ? m->origin : "cpython";
}

/* Grouped by origin (a module's own findings first, by source file and function; those
 * entirely inside CPython apart, last), then kind, then hits. */
static int cmp_findings(const void *a, const void *b)
{
    const struct ftf_finding_meta *x = *(const struct ftf_finding_meta *const *)a;
    const struct ftf_finding_meta *y = *(const struct ftf_finding_meta *const *)b;
    int xc = !strcmp(origin_of(x), "cpython"), yc = !strcmp(origin_of(y), "cpython");
    if (xc != yc)
        return xc - yc;
    int o = strcmp(origin_of(x), origin_of(y));
    if (o)
        return o;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if (x->hits != y->hits)
        return x->hits > y->hits ? -1 : 1;
    return strcmp(x->sig_hex, y->sig_hex);
}

/* --- text and markdown ------------------------------------------------------------------ */

/* Write s with control characters as spaces, so one finding stays one row. */
static void put_flat(FILE *out, const char *s)
{
    for (; *s; s++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, out);
}

static void put_padded(FILE *out, const char *s, size_t width)
{
    put_flat(out, s);
    for (size_t n = strlen(s); n < width; n++)
        fputc(' ', out);
}

#define N_COLS 7

static void row_cells(const struct ftf_finding_meta *m, char hits[32], const char *cells[N_COLS])
{
    snprintf(hits, 32, "%lld", m->hits);
    cells[0] = ftf_finding_kind_name(m->kind);
    cells[1] = origin_of(m);
    cells[2] = m->sig_hex;
    cells[3] = hits;
    cells[4] = m->summary;
    cells[5] = m->minimised ? "yes" : "no";
    cells[6] = m->dir;
}

static const char *const headers[N_COLS] = {"KIND",    "ORIGIN", "SIGNATURE", "HITS",
                                            "SUMMARY", "MINIMISED", "PATH"};

static void emit_text(FILE *out, struct ftf_finding_meta *const *v, size_t n)
{
    size_t width[N_COLS];
    char hits[32];
    const char *cells[N_COLS];
    for (int c = 0; c < N_COLS; c++)
        width[c] = strlen(headers[c]);
    for (size_t i = 0; i < n; i++) {
        row_cells(v[i], hits, cells);
        for (int c = 0; c < N_COLS; c++)
            if (strlen(cells[c]) > width[c])
                width[c] = strlen(cells[c]);
    }
    for (int c = 0; c < N_COLS; c++) {
        if (c == N_COLS - 1) {
            fputs(headers[c], out);
        } else {
            put_padded(out, headers[c], width[c]);
            fputs("  ", out);
        }
    }
    fputc('\n', out);
    for (size_t i = 0; i < n; i++) {
        row_cells(v[i], hits, cells);
        for (int c = 0; c < N_COLS; c++) {
            if (c == N_COLS - 1) {
                put_flat(out, cells[c]);
            } else {
                put_padded(out, cells[c], width[c]);
                fputs("  ", out);
            }
        }
        fputc('\n', out);
    }
}

/* A GFM table cell: '|' and '\' escaped, '<' and '>' as entities so report text cannot
 * inject HTML, control characters as spaces. */
static void put_md(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '|':
            fputs("\\|", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        default:
            fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, out);
        }
    }
}

static void emit_markdown(FILE *out, struct ftf_finding_meta *const *v, size_t n)
{
    fputs("| kind | origin | signature | hits | summary | minimised | path |\n", out);
    fputs("|---|---|---|--:|---|---|---|\n", out);
    for (size_t i = 0; i < n; i++) {
        const struct ftf_finding_meta *m = v[i];
        fprintf(out, "| %s | ", ftf_finding_kind_name(m->kind));
        put_md(out, origin_of(m));
        fprintf(out, " | `%s` | %lld | ", m->sig_hex, m->hits);
        put_md(out, m->summary);
        fprintf(out, " | %s | ", m->minimised ? "yes" : "no");
        put_md(out, m->dir);
        fputs(" |\n", out);
    }
}

/* --- SARIF ------------------------------------------------------------------------------ */

static int set(json_t *obj, const char *key, json_t *value)
{
    return value ? json_object_set_new(obj, key, value) : -1;
}

static json_t *sarif_location(const struct ftf_finding_meta *m)
{
    /* An absolute path becomes a file:// URI; a relative one stays a relative reference. */
    size_t n = strlen(m->loc_file) + 8;
    char *uri = malloc(n);
    if (!uri)
        return NULL;
    snprintf(uri, n, "%s%s", m->loc_file[0] == '/' ? "file://" : "", m->loc_file);
    json_t *loc = m->loc_line > 0
        ? json_pack("{s:{s:{s:s}, s:{s:I}}}", "physicalLocation", "artifactLocation", "uri",
                    uri, "region", "startLine", (json_int_t)m->loc_line)
        : json_pack("{s:{s:{s:s}}}", "physicalLocation", "artifactLocation", "uri", uri);
    free(uri);
    if (loc && m->loc_function) {
        json_t *logical = json_pack("[{s:s, s:s}]", "name", m->loc_function, "kind", "function");
        if (set(loc, "logicalLocations", logical)) {
            json_decref(loc);
            return NULL;
        }
    }
    return loc;
}

static json_t *sarif_result(const struct ftf_finding_meta *m, int rule_index)
{
    json_t *r = json_pack("{s:s, s:i, s:s, s:{s:s}, s:{s:s}, s:{s:I, s:b, s:s, s:s}}",
                          "ruleId", ftf_finding_kind_name(m->kind), "ruleIndex", rule_index,
                          "level", "error", "message", "text", m->summary,
                          "partialFingerprints", "ftfuzzSignature/v1", m->sig_hex,
                          "properties", "hits", (json_int_t)m->hits, "minimised",
                          (int)m->minimised, "path", m->dir, "canonical", m->canonical);
    if (!r || !m->loc_file)
        return r;
    json_t *loc = sarif_location(m);
    json_t *locs = json_array();
    if (!loc || !locs) {
        json_decref(loc);
        json_decref(locs);
        goto fail;
    }
    if (json_array_append_new(locs, loc)) { /* loc is released either way */
        json_decref(locs);
        goto fail;
    }
    if (set(r, "locations", locs))
        goto fail;
    return r;
fail:
    json_decref(r);
    return NULL;
}

static int emit_sarif(FILE *out, struct ftf_finding_meta *const *v, size_t n)
{
    int rule_of_kind[FTF_FINDING_KIND_COUNT];
    json_t *rules = json_array(), *results = json_array(), *root = NULL;
    int rc = -1, n_rules = 0;
    if (!rules || !results)
        goto out;
    /* One rule per kind present, in kind order: the findings are sorted by kind. */
    for (int k = 0; k < FTF_FINDING_KIND_COUNT; k++)
        rule_of_kind[k] = -1;
    for (size_t i = 0; i < n; i++) {
        enum ftf_finding_kind k = v[i]->kind;
        if (rule_of_kind[k] >= 0)
            continue;
        json_t *rule = json_pack("{s:s, s:s, s:{s:s}}", "id", ftf_finding_kind_name(k), "name",
                                 ftf_finding_kind_name(k), "shortDescription", "text",
                                 ftf_finding_kind_description(k));
        if (!rule || json_array_append_new(rules, rule))
            goto out;
        rule_of_kind[k] = n_rules++;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *r = sarif_result(v[i], rule_of_kind[v[i]->kind]);
        if (!r || json_array_append_new(results, r))
            goto out;
    }
    root = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:o}}, s:o}]}",
                     "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
                     "version", "2.1.0", "runs", "tool", "driver", "name", "ftfuzz", "rules",
                     rules, "results", results);
    rules = results = NULL; /* "o" stole them, even on failure */
    if (!root || json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER))
        goto out;
    fputc('\n', out);
    rc = 0;
out:
    json_decref(rules);
    json_decref(results);
    json_decref(root);
    return rc;
}

/* --- JUnit ------------------------------------------------------------------------------ */

/* XML-escape s. In attributes, newlines and tabs become character references so parsers
 * keep them; characters XML 1.0 forbids become '?'. */
static void put_xml(FILE *out, const char *s, bool attr)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&apos;", out);
            break;
        case '\n':
            fputs(attr ? "&#10;" : "\n", out);
            break;
        case '\t':
            fputs(attr ? "&#9;" : "\t", out);
            break;
        case '\r':
            fputs("&#13;", out);
            break;
        default:
            fputc(c < 0x20 || c == 0x7f ? '?' : c, out);
        }
    }
}

static void emit_junit(FILE *out, struct ftf_finding_meta *const *v, size_t n)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out, "<testsuites name=\"ftfuzz\" tests=\"%zu\" failures=\"%zu\">\n", n, n);
    fprintf(out,
            "  <testsuite name=\"ftfuzz.findings\" tests=\"%zu\" failures=\"%zu\" "
            "errors=\"0\" skipped=\"0\">\n",
            n, n);
    for (size_t i = 0; i < n; i++) {
        const struct ftf_finding_meta *m = v[i];
        const char *kind = ftf_finding_kind_name(m->kind);
        fprintf(out, "    <testcase classname=\"ftfuzz.%s\" name=\"%s-%s\">\n", kind, kind,
                m->sig_hex);
        fprintf(out, "      <failure type=\"%s\" message=\"", kind);
        put_xml(out, m->summary, true);
        fputs("\">", out);
        fprintf(out, "kind: %s\nsignature: %s\nhits: %lld\nminimised: %s\npath: ", kind,
                m->sig_hex, m->hits, m->minimised ? "yes" : "no");
        put_xml(out, m->dir, false);
        fputs("\ncanonical:\n", out);
        put_xml(out, m->canonical, false);
        fputs("</failure>\n    </testcase>\n", out);
    }
    fputs("  </testsuite>\n</testsuites>\n", out);
}

/* --- groups: one row per origin, kind and summary line ---------------------------------- */

struct group {
    const struct ftf_finding_meta *top; /* the most-hit member (its path is the example) */
    size_t sigs;
    long long hits;
};

static int same_group(const struct ftf_finding_meta *x, const struct ftf_finding_meta *y)
{
    return x->kind == y->kind && !strcmp(origin_of(x), origin_of(y)) &&
           !strcmp(x->summary, y->summary);
}

static int cmp_groups(const void *a, const void *b)
{
    const struct group *x = a, *y = b;
    int xc = !strcmp(origin_of(x->top), "cpython"), yc = !strcmp(origin_of(y->top), "cpython");
    if (xc != yc)
        return xc - yc;
    int o = strcmp(origin_of(x->top), origin_of(y->top));
    if (o)
        return o;
    if (x->hits != y->hits)
        return x->hits > y->hits ? -1 : 1;
    return strcmp(x->top->summary, y->top->summary);
}

static void widen(size_t *width, const char *s)
{
    if (strlen(s) > *width)
        *width = strlen(s);
}

/* v is in cmp_findings order, so each member of a group is compared with the groups made so
 * far (a group's members are not adjacent when other kinds sit between them). */
static int emit_groups(FILE *out, struct ftf_finding_meta *const *v, size_t n)
{
    struct group *g = n ? calloc(n, sizeof *g) : NULL;
    size_t ng = 0;
    if (n && !g)
        return -1;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < ng && !same_group(g[k].top, v[i]))
            k++;
        if (k == ng)
            g[ng++].top = v[i]; /* cmp_findings puts the most-hit first */
        g[k].sigs++;
        g[k].hits += v[i]->hits;
    }
    if (ng)
        qsort(g, ng, sizeof *g, cmp_groups);
    size_t wk = strlen("KIND"), wo = strlen("ORIGIN"), ws = strlen("SUMMARY");
    for (size_t k = 0; k < ng; k++) {
        widen(&wk, ftf_finding_kind_name(g[k].top->kind));
        widen(&wo, origin_of(g[k].top));
        widen(&ws, g[k].top->summary);
    }
    put_padded(out, "KIND", wk);
    fputs("  ", out);
    put_padded(out, "ORIGIN", wo);
    fputs("  SIGNATURES  HITS      ", out);
    put_padded(out, "SUMMARY", ws);
    fputs("  EXAMPLE\n", out);
    for (size_t k = 0; k < ng; k++) {
        put_padded(out, ftf_finding_kind_name(g[k].top->kind), wk);
        fputs("  ", out);
        put_padded(out, origin_of(g[k].top), wo);
        fprintf(out, "  %-10zu  %-8lld  ", g[k].sigs, g[k].hits);
        put_padded(out, g[k].top->summary, ws);
        fputs("  ", out);
        put_flat(out, g[k].top->dir);
        fputc('\n', out);
    }
    fprintf(out, "%zu groups, %zu findings\n", ng, n);
    free(g);
    return 0;
}

/* --- entry point ------------------------------------------------------------------------ */

int ftf_triage(const char *out_dir, enum ftf_triage_format format, FILE *out, char *err,
               size_t errlen)
{
    struct ftf_finding_meta *list = NULL, **v = NULL;
    size_t n = 0;
    int rc;
    if (!out || (unsigned)format >= FTF_TRIAGE_FORMAT_COUNT) {
        ftf_set_error(err, errlen, "%s: bad triage request (format or output)",
               out_dir ? out_dir : "(null)");
        return FTF_STORE_ERR_ARG;
    }
    if ((rc = ftf_store_list(out_dir, &list, &n, err, errlen)))
        return rc;
    if (n && !(v = malloc(n * sizeof *v))) {
        ftf_set_error(err, errlen, "%s: out of memory", out_dir);
        rc = FTF_STORE_ERR_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        v[i] = &list[i];
    if (n)
        qsort(v, n, sizeof *v, cmp_findings);
    switch (format) {
    case FTF_TRIAGE_TEXT:
        emit_text(out, v, n);
        break;
    case FTF_TRIAGE_MARKDOWN:
        emit_markdown(out, v, n);
        break;
    case FTF_TRIAGE_SARIF:
        if (emit_sarif(out, v, n)) {
            ftf_set_error(err, errlen, "%s: cannot build the SARIF document", out_dir);
            rc = FTF_STORE_ERR_NOMEM;
            goto out;
        }
        break;
    case FTF_TRIAGE_JUNIT:
        emit_junit(out, v, n);
        break;
    case FTF_TRIAGE_GROUPS:
        if (emit_groups(out, v, n)) {
            ftf_set_error(err, errlen, "%s: out of memory", out_dir);
            rc = FTF_STORE_ERR_NOMEM;
            goto out;
        }
        break;
    default:
        break;
    }
    if (fflush(out) || ferror(out)) {
        ftf_set_error(err, errlen, "%s: writing the triage table failed", out_dir);
        rc = FTF_STORE_ERR_IO;
    }
out:
    free(v);
    ftf_store_list_free(list, n);
    return rc;
}
