/* findings_stats.c - campaign numbers and the closing table, over the findings store. */
#include "campaign/findings_stats.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "store.h"
#include "triage.h"

unsigned long ftf_corpus_size(const char *dir)
{
    DIR *d = opendir(dir);
    unsigned long n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_type == DT_REG;
    if (d)
        closedir(d);
    return n;
}

/* "2026-11-25T10:43:50Z" -> time_t (UTC); 0 when malformed. */
static time_t parse_iso(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!s || !strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm))
        return 0;
    return timegm(&tm);
}

int ftf_findings_stats(const char *out_dir, struct ftf_findings_stats *st)
{
    memset(st, 0, sizeof *st);
    struct ftf_finding_meta *list;
    size_t n;
    char err[1024];
    if (ftf_store_list(out_dir, &list, &n, err, sizeof err) != FTF_STORE_OK) {
        FTF_ERROR("%s", err);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        st->unique++;
        st->total += list[i].hits > 0 ? (unsigned long)list[i].hits : 0;
        time_t t = parse_iso(list[i].first_seen);
        if (t > st->newest_first_seen)
            st->newest_first_seen = t;
    }
    ftf_store_list_free(list, n);
    return 0;
}

void ftf_print_findings_table(const char *out_dir, FILE *out)
{
    char err[1024];
    if (ftf_triage(out_dir, FTF_TRIAGE_TEXT, out, err, sizeof err) != 0)
        FTF_ERROR("%s", err);
}
