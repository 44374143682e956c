/* bug_list.h - the findings of an output directory grouped into bugs, and the bug index. */
#ifndef FTF_BUG_LIST_H
#define FTF_BUG_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "bug.h"
#include "known.h"
#include "store.h"

/* One bug: the signatures (findings) with one bug key. Members point into the finding list
 * the bug list was grouped from, which must outlive it. */
struct ftf_bug {
    struct ftf_bug_key key;
    const struct ftf_finding_meta **members; /* most-hit first */
    size_t n_members;
    const struct ftf_finding_meta *rep;      /* the representative (ftf_bug_list_group) */
    long long hits;                          /* the members' hits added up */
    const char *first_seen, *last_seen;      /* earliest / latest over the members */
    const char *origin;                      /* the representative's: "racy.c:bump" or "cpython" */
    bool minimised;                          /* the representative is minimised */
    bool after_fault;                        /* every member was seen only after a fault */
    const struct ftf_known_entry *known;     /* NULL: a new bug */
    /* A known entry (other than a baseline's) is one bug: the findings of every key it
     * matches, keyed by the entry (ftf_bug_key_of_entry). Those keys, by id. */
    struct ftf_bug_key *locations;
    size_t n_locations;
};

struct ftf_bug_list {
    struct ftf_bug *v;
    size_t n, n_new, n_known, n_signatures;
};

/* True when meta.json's extra.after_fault says the finding was only ever reported after a
 * crash or a use-after-free in the same run (it may be a consequence of that fault). */
bool ftf_finding_after_fault(const struct ftf_finding_meta *m);

/* Where a finding points: extra.origin ("racy.c:bump", the user's module's own frame), or
 * "cpython". */
const char *ftf_finding_origin(const struct ftf_finding_meta *m);

/* Group n findings into bugs, mark those known matches (known may be NULL), fold the bugs
 * one known entry matches into one (bug.locations; not a baseline's entries, whose bugs
 * keep their own ids from night to night, nor --scope module's), and sort: new
 * bugs first; then the user's module's before CPython's, crashes before other kinds, then
 * hits, most first, then id. A bug's representative is, among its members, one not seen
 * only after a fault when there is one, then a minimised one, then the most hit. Returns 0
 * or -1 (ENOMEM) with *out empty. */
int ftf_bug_list_group(const struct ftf_finding_meta *findings, size_t n,
                       const struct ftf_known_list *known, struct ftf_bug_list *out);

void ftf_bug_list_free(struct ftf_bug_list *list);

struct json_t; /* jansson's json_t */

/* A bug's key parts and its members' signature names ("race-<hex>"), as two new JSON
 * arrays (either NULL when out of memory), for the index and triage's JSON alike. */
void ftf_bug_json_members(const struct ftf_bug *b, struct json_t **parts, struct json_t **sigs);

/* The bug index, <out_dir>/bugs.json: {"bugs_version": 1, "bugs": [{"id", "kind", "title",
 * "parts": [..], "signatures": ["<kind>-<hex>", ..]}]}, derived from the findings alone
 * (so `triage --rebuild` can always rewrite it). Written to a temporary file, fsync'ed and
 * renamed. Returns 0, or -1 with err naming the file. */
int ftf_bug_index_write(const char *out_dir, const struct ftf_bug_list *list, char *err,
                        size_t errlen);

/* Check <out_dir>/bugs.json when it exists: 0 when absent or well-formed, -1 with err =
 * "PATH: what is wrong (ftfuzz triage DIR --rebuild rewrites it)" otherwise. */
int ftf_bug_index_check(const char *out_dir, char *err, size_t errlen);

/* Lines of a repro.py's program part: the shared objects and the thread bodies, up to the
 * fixed helpers (render.c's "# ---- fixed helpers" line), without blank lines and
 * comment-only lines; -1 when the file cannot be read. */
long ftf_repro_program_lines(const char *repro_path);

#endif
