/* bug_formats.h - the bug list for machines and people: SARIF 2.1.0, JUnit XML, a markdown
 * summary and a self-contained HTML report (`ftfuzz triage DIR --format ...`). */
#ifndef FTF_BUG_FORMATS_H
#define FTF_BUG_FORMATS_H

#include <stddef.h>
#include <stdio.h>

#include "bug_list.h"
#include "timeline.h"

/* The SARIF rule of a finding kind: its id ("data-race", "heap-use-after-free", ...), a one
 * line description and a help text. */
struct ftf_sarif_rule {
    const char *id, *name, *description, *help;
};
const struct ftf_sarif_rule *ftf_sarif_rule_of(enum ftf_finding_kind kind);

/* SARIF 2.1.0: every kind's rule, one result per bug located at its representative's
 * racing source file:line (its repro.py when it has none), partialFingerprints
 * {"ftfuzzBug/v1": id}, level error and baselineState new for a new bug, note and unchanged
 * for a known one. A file under
 * source_root (may be NULL; code scanning wants paths relative to the repository) gets a
 * relative URI with uriBaseId SRCROOT, another absolute path a file:// URI. Returns 0, or -1
 * when out of memory (nothing written). */
int ftf_bugs_sarif(FILE *out, const struct ftf_bug_list *l, const char *source_root);

/* JUnit XML: one testcase per bug; a new bug is a failure whose message holds its
 * representative's repro.py (the minimised one when it was minimised) and whose body holds
 * its report, a known bug is skipped with its reference. */
void ftf_bugs_junit(FILE *out, const struct ftf_bug_list *l);

/* Markdown for $GITHUB_STEP_SUMMARY: the counts, each new bug with its repro.py inline,
 * then the known ones, one line each. */
void ftf_bugs_summary(FILE *out, const char *out_dir, const struct ftf_bug_list *l);

/* One HTML file with no external resource: the sortable bug table (new first, each bug's
 * report and repro.py in a <details>), and plots over the campaign's time of bugs, edge
 * coverage, runs per second and corpus size from the n timeline points (drawn as inline
 * SVG by the page's script). Returns 0, or -1 when out of memory. */
int ftf_bugs_html(FILE *out, const char *out_dir, const struct ftf_bug_list *l,
                  const struct ftf_timeline_point *timeline, size_t n);

#endif
