/* triage_bugs.h - the bug table, the bug list as JSON and the bug formats of an output dir. */
#ifndef FTF_TRIAGE_BUGS_H
#define FTF_TRIAGE_BUGS_H

#include <stddef.h>
#include <stdio.h>

#include "bug_list.h"
#include "known.h"

#define FTF_BUG_TABLE_LINES 40 /* the table's rows before "... N more" */

enum ftf_bug_format {
    FTF_BUGS_TEXT, /* aligned columns, new bugs first, at most `limit` rows */
    FTF_BUGS_JSON, /* one object per bug (README: "triage --format json") */
    FTF_BUGS_KNOWN, /* a known-bugs file of every current bug (a baseline) */
    FTF_BUGS_SARIF,   /* SARIF 2.1.0, a result per bug (bug_formats.h) */
    FTF_BUGS_JUNIT,   /* JUnit XML, a testcase per bug */
    FTF_BUGS_SUMMARY, /* markdown for $GITHUB_STEP_SUMMARY */
    FTF_BUGS_HTML     /* one self-contained page, with out_dir's timeline.tsv plotted */
};


struct ftf_bug_counts {
    size_t bugs, new_bugs, known, signatures;
};

/* Read out_dir's findings, check its bug index (a corrupted one is an error), group them
 * into bugs against known, and write them in fmt to out; limit bounds the text table's rows
 * (0: all). *counts (may be NULL) gets the numbers. With rebuild, the bug index is
 * rewritten from the findings first. source_root (may be NULL): SARIF writes the files under
 * it relative to it. Returns 0, or -1 with err naming the file at fault. */
int ftf_triage_bugs(const char *out_dir, const struct ftf_known_list *known,
                    enum ftf_bug_format fmt, size_t limit, int rebuild,
                    const char *source_root, FILE *out,
                    struct ftf_bug_counts *counts, char *err, size_t errlen);

/* Group out_dir's findings and rewrite its bug index; *counts (may be NULL) as above. For
 * the campaign's status lines. Returns 0, or -1 with err. */
int ftf_bug_index_refresh(const char *out_dir, const struct ftf_known_list *known,
                          struct ftf_bug_counts *counts, char *err, size_t errlen);

#endif
