/* timeline.c - libFuzzer status lines in, the campaign's rates, timeline.tsv lines out
 * and back. */
#include "timeline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

/* The number after "key" in line, or -1 when the key is absent or no number follows. */
static long long number_after(const char *line, const char *key)
{
    const char *p = strstr(line, key);
    if (!p)
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(p + strlen(key), &end, 10);
    return end == p + strlen(key) || errno ? -1 : v;
}

int ftf_libfuzzer_status_parse(const char *line, long long *cov, long long *ft)
{
    if (!line || line[0] != '#' || line[1] < '0' || line[1] > '9')
        return -1;
    long long c = number_after(line, " cov: ");
    if (c < 0)
        return -1;
    if (cov)
        *cov = c;
    if (ft)
        *ft = number_after(line, " ft: ");
    return 0;
}

void ftf_campaign_rates_step(struct ftf_campaign_rates *r, double elapsed, uint64_t runs,
                             uint64_t new_runs, double *new_per_s, double *runs_per_s)
{
    double dt = elapsed - r->last_t;
    /* The first step's interval starts with the campaign (last_t 0, counts 0). */
    *new_per_s = dt > 0 && new_runs >= r->last_new ? (double)(new_runs - r->last_new) / dt
                 : elapsed > 0                     ? (double)new_runs / elapsed
                                                   : 0;
    *runs_per_s = dt > 0.5 && runs >= r->last_runs ? (double)(runs - r->last_runs) / dt : 0;
    r->last_t = elapsed;
    r->last_runs = runs;
    r->last_new = new_runs;
}

#define HEADER "# ftfuzz timeline v1"
#define COLUMNS "elapsed_s\truns\truns_per_s\tcov\tft\tcorpus\tbugs\tnew\tsignatures"

void ftf_timeline_write_header(FILE *out, const char *started_iso)
{
    fprintf(out, HEADER " started=%s\n# " COLUMNS "\n", started_iso ? started_iso : "?");
}

void ftf_timeline_write_point(FILE *out, const struct ftf_timeline_point *p)
{
    fprintf(out, "%.1f\t%lld\t%.2f\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\n", p->elapsed_s, p->runs,
            p->runs_per_s, p->cov, p->ft, p->corpus, p->bugs, p->new_bugs, p->signatures);
}

/* 0 for a complete point line, -1 otherwise (the line must end in its newline: a campaign
 * killed mid-write leaves a prefix that would otherwise parse as smaller numbers). */
static int parse_point(const char *line, const char *end, struct ftf_timeline_point *p)
{
    char buf[512];
    size_t len = (size_t)(end - line);
    if (len == 0 || len >= sizeof buf || *end != '\n')
        return -1;
    memcpy(buf, line, len);
    buf[len] = '\0';
    char tail;
    int got = sscanf(buf, "%lf\t%lld\t%lf\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld%c", &p->elapsed_s,
                     &p->runs, &p->runs_per_s, &p->cov, &p->ft, &p->corpus, &p->bugs,
                     &p->new_bugs, &p->signatures, &tail);
    return got == 9 ? 0 : -1;
}

int ftf_timeline_load(const char *path, struct ftf_timeline_point **v, size_t *n)
{
    *v = NULL;
    *n = 0;
    size_t len;
    char *text = ftf_read_file(path, &len);
    if (!text)
        return errno == ENOENT ? 0 : -1;
    /* The last segment starts after the last header. */
    const char *start = text;
    for (const char *h = text; (h = strstr(h, HEADER)); h += strlen(HEADER))
        if (h == text || h[-1] == '\n')
            start = h;
    size_t cap = 0;
    int rc = 0;
    for (const char *line = start; *line;) {
        const char *end = strchr(line, '\n');
        const char *stop = end ? end : line + strlen(line);
        struct ftf_timeline_point p;
        if (*line != '#' && end && parse_point(line, end, &p) == 0) {
            if (*n == cap) {
                cap = cap ? cap * 2 : 64;
                struct ftf_timeline_point *nv = realloc(*v, cap * sizeof *nv);
                if (!nv) {
                    rc = -1;
                    break;
                }
                *v = nv;
            }
            (*v)[(*n)++] = p;
        }
        line = *stop ? stop + 1 : stop;
    }
    free(text);
    if (rc) {
        free(*v);
        *v = NULL;
        *n = 0;
        errno = ENOMEM;
    }
    return rc;
}
