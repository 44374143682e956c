/* triage.c - render the findings store (signatures) as a table, a GFM table or groups. */
#include "triage.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "log.h"
#include "store.h"

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
        if (v[i]->racing_ops) { /* under its row: the pair minimize named */
            fputs("    racing ops: ", out);
            put_flat(out, v[i]->racing_ops);
            fputc('\n', out);
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
        ftf_put_md(out, origin_of(m));
        fprintf(out, " | `%s` | %lld | ", m->sig_hex, m->hits);
        ftf_put_md(out, m->summary);
        if (m->racing_ops) {
            fputs("<br>racing ops: ", out);
            ftf_put_md(out, m->racing_ops);
        }
        fprintf(out, " | %s | ", m->minimised ? "yes" : "no");
        ftf_put_md(out, m->dir);
        fputs(" |\n", out);
    }
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
