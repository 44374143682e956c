/* known.h - known-bugs files: parse them, match a bug against them, write a baseline. */
#ifndef FTF_KNOWN_H
#define FTF_KNOWN_H

#include <stdio.h>

#include "bug.h"

/* One entry per line, five fields separated by '|' (blank lines and '#' comments skipped):
 *
 *   KIND | PART / PART ... | REFERENCE | STATUS | REASON
 *   race | PyByteArray_Resize / bytearray_* | gh-NNNNNN | not backported | why, in one line
 *
 * KIND is a finding kind (race, uaf, crash, exception, ...). The PARTs are shell globs
 * (fnmatch) for the bug key's parts (bug.h), as many as the key has: a race's two
 * functions in either order, a crash's signal then function, an exception's op row then
 * type. A part made only of wildcards is refused (no catch-all entries). REFERENCE is
 * gh-N, bpo-N, an http(s) URL, or "baseline" (written by triage --write-known). STATUS is
 * "fixed in X.Y[.Z]", "not backported" or "open". REASON must not be empty. */
struct ftf_known_entry {
    enum ftf_finding_kind kind;
    char *parts[FTF_BUG_MAX_PARTS];
    size_t n_parts;
    char *reference;
    char *status;
    char *reason;
    char *file; /* where the entry comes from, for messages and triage */
    unsigned line;
    /* From the list shipped for CPython (known_load.c): it names a bug of CPython's own, so
     * it never matches a bug of the fuzzed module's (a module calling PyDict_Next unlocked
     * races with insertdict as pickle does, and that is the module's bug). */
    int cpython_only;
};

struct ftf_known_list {
    struct ftf_known_entry *v;
    size_t n, cap;
    /* --scope module: a bug entirely in CPython's code (origin "cpython") is known, as
     * ftf_known_cpython_scope, so the counts and exit status are the module's own. */
    int module_scope;
};

/* What a CPython bug is known as under --scope module: reference "cpython". */
extern const struct ftf_known_entry ftf_known_cpython_scope;

/* Parse text (named name in messages) and append its entries to *list. Returns 0, or -1
 * with err = "NAME:LINE: what is wrong" (the list keeps the entries before that line), or
 * -2 on ENOMEM. */
int ftf_known_parse(const char *text, const char *name, struct ftf_known_list *list,
                    char *err, size_t errlen);

/* Read and parse a file (ftf_known_parse); an unreadable file is -1 with "PATH: why". */
int ftf_known_load(const char *path, struct ftf_known_list *list, char *err, size_t errlen);

/* The first entry matching key, or NULL; module_bug: the bug has frames of the fuzzed
 * module's own (bug_list.c), which cpython_only entries do not match. */
const struct ftf_known_entry *ftf_known_match(const struct ftf_known_list *list,
                                              const struct ftf_bug_key *key, int module_bug);

/* Write key as one baseline entry (its parts as exact patterns, glob characters escaped),
 * reference "baseline", status "open", reason = its title. */
void ftf_known_write_baseline(FILE *out, const struct ftf_bug_key *key);

/* The known-bugs file ftfuzz ships for CPython `version` ("3.13.15" -> corpus/known/
 * cpython-3.13.txt beside the executable's ../). 0 when it exists, -1 otherwise. */
int ftf_known_shipped_path(const char *version, char *buf, size_t len);

/* Free every entry and zero *list; NULL-safe. */
void ftf_known_free(struct ftf_known_list *list);

#endif
