/* timeline.h - a campaign's figures over time: libFuzzer's status lines read, and the
 * <out>/timeline.tsv the supervisor appends to at each status line (the report's plots). */
#ifndef FTF_TIMELINE_H
#define FTF_TIMELINE_H

#include <stddef.h>
#include <stdint.h>
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

/* A campaign's rates between two status lines: one state, owned by the campaign, for both
 * the status line's new/s and the timeline's runs/s. Zero-initialise it at the campaign's
 * start (a sweep's turns are campaigns of their own, each with its own state). */
struct ftf_campaign_rates {
    double last_t;      /* the previous status line's elapsed seconds (0: none yet) */
    uint64_t last_runs; /* its programs run, and its mutated programs */
    uint64_t last_new;
};

/* The rates at elapsed seconds with runs programs run, new_runs of them mutated, since
 * the previous step; then r holds this step. *new_per_s: mutated programs per second over
 * the interval, or over the whole campaign when the counter went back. *runs_per_s: all
 * programs per second over the interval; 0 when it is shorter than half a second or the
 * counter went back (a counter restarted by a resumed campaign). */
void ftf_campaign_rates_step(struct ftf_campaign_rates *r, double elapsed, uint64_t runs,
                             uint64_t new_runs, double *new_per_s, double *runs_per_s);

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
