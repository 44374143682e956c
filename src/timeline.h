/* timeline.h - a campaign's figures over time: libFuzzer's status lines read, and the
 * <out>/timeline.tsv the supervisor appends to at each status line (the report's plots). */
#ifndef FTF_TIMELINE_H
#define FTF_TIMELINE_H

#include <stddef.h>
#include <stdio.h>

#define FTF_TIMELINE_FILE "timeline.tsv"

/* One status interval; -1 in a field means unknown (e.g. cov without libFuzzer's lines). */
struct ftf_timeline_point {
    double elapsed_s;      /* since the campaign started */
    long long runs;        /* programs run so far (every worker, every restart) */
    double runs_per_s;     /* over the interval since the previous point */
    long long cov, ft;     /* libFuzzer's edge coverage and features, latest status line */
    long long corpus;      /* inputs in the campaign's corpus directory */
    long long bugs, new_bugs, signatures;
};

/* Parse one libFuzzer status line ("#1234\tNEW    cov: 15836 ft: 20011 corp: 150/20Kb ...
 * exec/s: 51 rss: 166Mb"): *cov and *ft (either may be NULL) get its numbers. Returns 0,
 * or -1 for a line that is not a status line with cov: (left untouched then). */
int ftf_libfuzzer_status_parse(const char *line, long long *cov, long long *ft);

/* The header that starts a campaign's segment of the file, then one tab-separated line per
 * point (numbers only, so a reader needs no quoting). */
void ftf_timeline_write_header(FILE *out, const char *started_iso);
void ftf_timeline_write_point(FILE *out, const struct ftf_timeline_point *p);

/* Read path's last segment (the points after its last header: a reused output directory
 * holds one segment per campaign). A truncated or malformed line (a campaign killed while
 * writing) is skipped. *v (free()) and *n are set; a missing file is an empty list.
 * Returns 0, or -1 with errno (unreadable, out of memory). */
int ftf_timeline_load(const char *path, struct ftf_timeline_point **v, size_t *n);

#endif
