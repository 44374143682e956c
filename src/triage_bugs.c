/* triage_bugs.c - the bug table, the bug list as JSON and the baseline of an output dir. */
#include "triage_bugs.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bug_formats.h"
#include "log.h"
#include "store.h"
#include "timeline.h"

/* Write s with control characters as spaces, padded to width. */
static void put_cell(FILE *out, const char *s, size_t width)
{
    size_t n = 0;
    for (; *s; s++, n++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, out);
    for (; n < width; n++)
        fputc(' ', out);
}

#define N_COLS 7

static const char *const headers[N_COLS] = {"STATUS", "KIND", "SIGS", "HITS",
                                            "MIN",    "BUG",  "EXAMPLE"};

static void bug_cells(const struct ftf_bug *b, char status[96], char sigs[24], char hits[24],
                      const char *cells[N_COLS])
{
    snprintf(status, 96, "%s%s", b->known ? b->known->reference : "new",
             b->after_fault ? " after_fault" : "");
    snprintf(sigs, 24, "%zu", b->n_members);
    snprintf(hits, 24, "%lld", b->hits);
    cells[0] = status;
    cells[1] = ftf_finding_kind_name(b->key.kind);
    cells[2] = sigs;
    cells[3] = hits;
    cells[4] = b->minimised ? "yes" : "no";
    cells[5] = b->key.title;
    cells[6] = b->rep->dir;
}

static void emit_text(FILE *out, const char *out_dir, const struct ftf_bug_list *l, size_t limit)
{
    size_t shown = limit && limit < l->n ? limit : l->n;
    size_t width[N_COLS];
    char status[96], sigs[24], hits[24];
    const char *cells[N_COLS];
    fprintf(out, "BUGS: bugs=%zu new=%zu known=%zu signatures=%zu\n", l->n, l->n_new,
            l->n_known, l->n_signatures);
    if (!l->n)
        return;
    for (int c = 0; c < N_COLS; c++)
        width[c] = strlen(headers[c]);
    for (size_t i = 0; i < shown; i++) {
        bug_cells(&l->v[i], status, sigs, hits, cells);
        for (int c = 0; c < N_COLS - 1; c++)
            if (strlen(cells[c]) > width[c])
                width[c] = strlen(cells[c]);
    }
    for (int c = 0; c < N_COLS; c++) {
        put_cell(out, headers[c], c == N_COLS - 1 ? 0 : width[c]);
        fputs(c == N_COLS - 1 ? "\n" : "  ", out);
    }
    for (size_t i = 0; i < shown; i++) {
        bug_cells(&l->v[i], status, sigs, hits, cells);
        for (int c = 0; c < N_COLS; c++) {
            put_cell(out, cells[c], c == N_COLS - 1 ? 0 : width[c]);
            fputs(c == N_COLS - 1 ? "\n" : "  ", out);
        }
    }
    if (shown < l->n)
        fprintf(out, "\xe2\x80\xa6 %zu more: ftfuzz triage %s --all\n", l->n - shown, out_dir);
}

/* --- JSON ----------------------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *bug_json(const struct ftf_bug *b)
{
    const struct ftf_finding_meta *r = b->rep;
    json_t *parts, *sigs;
    ftf_bug_json_members(b, &parts, &sigs);
    char repro[4200];
    snprintf(repro, sizeof repro, "%s/repro.py", r->dir);
    long lines = ftf_repro_program_lines(repro);
    json_t *locations = json_array(); /* a folded known bug's own keys' titles */
    for (size_t k = 0; locations && k < b->n_locations; k++)
        json_array_append_new(locations, json_string(b->locations[k].title));
    json_t *known = b->known
        ? json_pack("{s:s, s:s, s:s, s:s, s:i}", "reference", b->known->reference, "status",
                    b->known->status, "reason", b->known->reason, "file", b->known->file,
                    "line", (int)b->known->line)
        : json_null();
    json_t *reproduced = r->repro_runs > 0
        ? json_pack("{s:I, s:I}", "k", (json_int_t)r->repro_reproduced, "n",
                    (json_int_t)r->repro_runs)
        : json_null();
    json_t *loc = r->loc_file
        ? json_pack("{s:o, s:s, s:I}", "function", str_or_null(r->loc_function), "file",
                    r->loc_file, "line", (json_int_t)r->loc_line)
        : json_null();
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:I, s:o, s:I, s:o, s:o, s:b, "
                     "s:o, s:o, s:b, s:s, s:s, s:o}",
                     "id", b->key.id, "kind", ftf_finding_kind_name(b->key.kind),
                     "status", b->known ? "known" : "new",
                     "reference", b->known ? json_string(b->known->reference) : json_null(),
                     "known", known,
                     "origin", b->origin,
                     "parts", parts,
                     "locations", locations,
                     "signatures", (json_int_t)b->n_members,
                     "signature_ids", sigs,
                     "hits", (json_int_t)b->hits,
                     "first_seen", str_or_null(b->first_seen),
                     "last_seen", str_or_null(b->last_seen),
                     "minimised", (int)b->minimised,
                     "program_lines", lines >= 0 ? json_integer(lines) : json_null(),
                     "reproduced", reproduced,
                     "after_fault", (int)b->after_fault,
                     "title", b->key.title,
                     "summary", r->summary,
                     "example", json_pack("{s:s, s:s, s:o}", "path", r->dir, "signature",
                                          r->sig_hex, "location", loc));
}

static int emit_json(FILE *out, const char *out_dir, const struct ftf_bug_list *l)
{
    json_t *bugs = json_array();
    for (size_t i = 0; bugs && i < l->n; i++) {
        json_t *b = bug_json(&l->v[i]);
        if (!b || json_array_append_new(bugs, b)) {
            json_decref(bugs);
            return -1;
        }
    }
    json_t *root = json_pack("{s:i, s:s, s:{s:I, s:I, s:I, s:I}, s:o}", "ftfuzz_bugs_version",
                             1, "out", out_dir, "counts", "bugs", (json_int_t)l->n, "new",
                             (json_int_t)l->n_new, "known", (json_int_t)l->n_known,
                             "signatures", (json_int_t)l->n_signatures, "bugs", bugs);
    if (!root || json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) {
        json_decref(root);
        return -1;
    }
    fputc('\n', out);
    json_decref(root);
    return 0;
}

static void emit_known(FILE *out, const char *out_dir, const struct ftf_bug_list *l)
{
    fprintf(out, "# ftfuzz baseline of %s: %zu bugs (KIND | PARTS | REFERENCE | STATUS | "
            "REASON)\n", out_dir, l->n);
    for (size_t i = 0; i < l->n; i++) {
        const struct ftf_bug *b = &l->v[i];
        if (!b->n_locations)
            ftf_known_write_baseline(out, &b->key);
        for (size_t k = 0; k < b->n_locations; k++) /* exact keys, not the entry's globs */
            ftf_known_write_baseline(out, &b->locations[k]);
    }
}

static int emit_html(FILE *out, const char *out_dir, const struct ftf_bug_list *l, char *err,
                     size_t errlen)
{
    char path[4200];
    struct ftf_timeline_point *tl;
    size_t n;
    snprintf(path, sizeof path, "%s/" FTF_TIMELINE_FILE, out_dir);
    if (ftf_timeline_load(path, &tl, &n) < 0) {
        ftf_set_error(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    int rc = ftf_bugs_html(out, out_dir, l, tl, n);
    if (rc)
        ftf_set_error(err, errlen, "%s: out of memory writing the HTML report", out_dir);
    free(tl);
    return rc;
}

/* --- entry points ------------------------------------------------------------------------ */

static void fill_counts(const struct ftf_bug_list *l, struct ftf_bug_counts *c)
{
    if (c)
        *c = (struct ftf_bug_counts){l->n, l->n_new, l->n_known, l->n_signatures};
}

static int load(const char *out_dir, const struct ftf_known_list *known,
                struct ftf_finding_meta **list, size_t *n, struct ftf_bug_list *bugs,
                char *err, size_t errlen)
{
    if (ftf_store_list(out_dir, list, n, err, errlen))
        return -1;
    if (ftf_bug_list_group(*list, *n, known, bugs) < 0) {
        ftf_set_error(err, errlen, "%s: out of memory grouping the findings", out_dir);
        ftf_store_list_free(*list, *n);
        return -1;
    }
    return 0;
}

int ftf_bug_index_refresh(const char *out_dir, const struct ftf_known_list *known,
                          struct ftf_bug_counts *counts, char *err, size_t errlen)
{
    struct ftf_finding_meta *list;
    size_t n;
    struct ftf_bug_list bugs;
    if (load(out_dir, known, &list, &n, &bugs, err, errlen))
        return -1;
    int rc = ftf_bug_index_write(out_dir, &bugs, err, errlen);
    fill_counts(&bugs, counts);
    ftf_bug_list_free(&bugs);
    ftf_store_list_free(list, n);
    return rc;
}

int ftf_triage_bugs(const char *out_dir, const struct ftf_known_list *known,
                    enum ftf_bug_format fmt, size_t limit, int rebuild,
                    const char *source_root, FILE *out,
                    struct ftf_bug_counts *counts, char *err, size_t errlen)
{
    if (!rebuild && ftf_bug_index_check(out_dir, err, errlen))
        return -1;
    struct ftf_finding_meta *list;
    size_t n;
    struct ftf_bug_list bugs;
    if (load(out_dir, known, &list, &n, &bugs, err, errlen))
        return -1;
    int rc = 0;
    if (rebuild && (rc = ftf_bug_index_write(out_dir, &bugs, err, errlen)))
        goto out;
    switch (fmt) {
    case FTF_BUGS_TEXT:
        emit_text(out, out_dir, &bugs, limit);
        break;
    case FTF_BUGS_JSON:
        if ((rc = emit_json(out, out_dir, &bugs)))
            ftf_set_error(err, errlen, "%s: cannot build the JSON bug list", out_dir);
        break;
    case FTF_BUGS_KNOWN:
        emit_known(out, out_dir, &bugs);
        break;
    case FTF_BUGS_SARIF:
        if ((rc = ftf_bugs_sarif(out, &bugs, source_root)))
            ftf_set_error(err, errlen, "%s: cannot build the SARIF document", out_dir);
        break;
    case FTF_BUGS_JUNIT:
        ftf_bugs_junit(out, &bugs);
        break;
    case FTF_BUGS_SUMMARY:
        ftf_bugs_summary(out, out_dir, &bugs);
        break;
    case FTF_BUGS_HTML:
        rc = emit_html(out, out_dir, &bugs, err, errlen);
        break;
    }
    if (!rc && (fflush(out) || ferror(out))) {
        ftf_set_error(err, errlen, "%s: writing the bug list failed", out_dir);
        rc = -1;
    }
    fill_counts(&bugs, counts);
out:
    ftf_bug_list_free(&bugs);
    ftf_store_list_free(list, n);
    return rc;
}
