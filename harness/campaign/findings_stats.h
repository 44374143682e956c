/* findings_stats.h - campaign-level numbers over an output directory's findings. */
#ifndef FTF_FINDINGS_STATS_H
#define FTF_FINDINGS_STATS_H

#include <stdio.h>
#include <time.h>

struct ftf_findings_stats {
    unsigned unique;          /* findings directories */
    unsigned long total;      /* sum of their hits */
    time_t newest_first_seen; /* 0 when none */
};

/* 0, or -1 after an ERROR: line naming the path (e.g. a corrupted meta.json). */
int ftf_findings_stats(const char *out_dir, struct ftf_findings_stats *st);

/* Regular files in dir (a corpus directory's size in inputs); 0 when unreadable. */
unsigned long ftf_corpus_size(const char *dir);

/* Print the text findings table of out_dir (nothing when it has none). */
void ftf_print_findings_table(const char *out_dir, FILE *out);

#endif
