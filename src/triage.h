/* triage.h - the findings (signatures) of an output directory: text, markdown, groups. The
 * bugs' formats (SARIF, JUnit, summary, HTML) are bug_formats.h's. */
#ifndef FTF_TRIAGE_H
#define FTF_TRIAGE_H

#include <stddef.h>
#include <stdio.h>

enum ftf_triage_format {
    FTF_TRIAGE_TEXT,     /* aligned columns */
    FTF_TRIAGE_MARKDOWN, /* a GitHub-flavoured markdown table */
    FTF_TRIAGE_GROUPS,   /* aligned columns, one row per summary line (see ftf_triage) */
    FTF_TRIAGE_FORMAT_COUNT
};

/* Write the findings of out_dir (see ftf_store_list) to out, sorted by kind (in the order
 * of FTF_FINDING_KINDS) then hits, most first, then signature: kind, signature, hits,
 * summary, minimised, path. FTF_TRIAGE_GROUPS folds findings with the same origin, kind
 * and summary line (the same top functions on both sides, reached from different callers:
 * different signatures) into one row: how many signatures, their hits added up, and the
 * most-hit one's path; groups ordered by origin, then hits. Returns 0, or nonzero with err naming the path at fault (an
 * unreadable directory, a corrupted meta.json, a failed write); nothing is written to out
 * on a store error. */
int ftf_triage(const char *out_dir, enum ftf_triage_format format, FILE *out, char *err,
               size_t errlen);

#endif
