/* observe.c - sign TSan reports, atomicity violations, unexpected exceptions and hangs. */
#include "observe.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static int add(struct ftf_observation *obs, struct ftf_signature *sig, const char *report)
{
    /* One finding per signature per run: a race hit by eight threads is one race. */
    if (ftf_observation_find(obs, sig->value) >= 0 || obs->n == FTF_OBSERVE_MAX) {
        if (obs->n == FTF_OBSERVE_MAX)
            obs->n_dropped++;
        ftf_signature_free(sig);
        return 0;
    }
    char *copy = strdup(report);
    if (!copy) {
        ftf_signature_free(sig);
        return -1;
    }
    obs->items[obs->n].sig = *sig;
    obs->items[obs->n].report = copy;
    obs->n++;
    return 0;
}

/* 1 when a report comes from CPython's fatal-error or crash traceback dumper, which reads
 * other threads' frames without locks by design (it runs as the process dies): the crash
 * is the finding, not the dumper's reads. */
static int from_traceback_dumper(const struct ftf_report *r)
{
    for (size_t s = 0; s < r->n_stacks; s++) {
        if (!ftf_stack_role_is_key(r->stacks[s].role))
            continue;
        for (size_t f = 0; f < r->stacks[s].n_frames; f++) {
            const char *fn = r->stacks[s].frames[f].function;
            if (fn && !strcmp(fn, "_Py_DumpTracebackThreads"))
                return 1;
        }
    }
    return 0;
}

static int observe_tsan(const char *text, size_t len, struct ftf_observation *obs)
{
    struct ftf_report_list list;
    if (ftf_report_parse(text, len, &list) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < list.n && rc == 0; i++) {
        if (from_traceback_dumper(&list.reports[i]))
            continue;
        struct ftf_signature sig;
        if (ftf_signature_from_report(&list.reports[i], &sig) < 0) {
            rc = -1;
            break;
        }
        rc = add(obs, &sig, list.reports[i].raw);
    }
    ftf_report_list_free(&list);
    return rc;
}

/* Python traceback text -> exception type, then the innermost three "function file"
 * frames, digits normalised (t0 and t3 are the same thread body). */
static int observe_exception(const char *tb, struct ftf_observation *obs)
{
    const char *frames[64];
    size_t n_frames = 0;
    char *copy = strdup(tb);
    if (!copy)
        return -1;
    const char *last = NULL;
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
        while (*line == ' ')
            line++;
        if (!strncmp(line, "File ", 5) && n_frames < 64)
            frames[n_frames++] = line;
        else if (*line && strncmp(line, "thread ", 7) && strncmp(line, "Traceback", 9) &&
                 *line != '~' && *line != '^')
            last = line;
    }
    char type[256] = "exception";
    if (last)
        snprintf(type, sizeof type, "%.*s", (int)strcspn(last, ":"), last);
    const char *lines[4];
    char *owned[4] = {0};
    size_t n = 0;
    int rc = -1;
    if (!(owned[n] = ftf_signature_normalise(type)))
        goto out;
    lines[n] = owned[n];
    n++;
    for (size_t i = n_frames > 3 ? n_frames - 3 : 0; i < n_frames; i++) {
        /* `File "<ftfuzz-program>", line 12, in t0` -> `t0 <ftfuzz-program>` */
        const char *in = strstr(frames[i], ", in ");
        const char *q1 = strchr(frames[i], '"');
        const char *q2 = q1 ? strchr(q1 + 1, '"') : NULL;
        char f[512];
        const char *base = q1 && q2 ? q1 + 1 : "?";
        for (const char *s = base; q2 && s < q2; s++)
            if (*s == '/')
                base = s + 1;
        snprintf(f, sizeof f, "%s %.*s", in ? in + 5 : "?", q2 ? (int)(q2 - base) : 1, base);
        if (!(owned[n] = ftf_signature_normalise(f)))
            goto out;
        lines[n] = owned[n];
        n++;
    }
    struct ftf_signature sig;
    if (ftf_signature_from_lines(FTF_FINDING_EXCEPTION, lines, n, &sig) < 0)
        goto out;
    rc = add(obs, &sig, tb);
out:
    for (size_t i = 0; i < 4; i++)
        free(owned[i]);
    free(copy);
    return rc;
}

static int observe_violation(const char *line, struct ftf_observation *obs)
{
    char *norm = ftf_signature_normalise(line);
    if (!norm)
        return -1;
    const char *lines[1] = {norm};
    struct ftf_signature sig;
    int rc = ftf_signature_from_lines(FTF_FINDING_ATOMICITY, lines, 1, &sig);
    free(norm);
    if (rc < 0)
        return -1;
    char report[4200];
    snprintf(report, sizeof report,
             "atomicity: an operation CPython documents as atomic lost or duplicated an "
             "element\n%s\n", line);
    return add(obs, &sig, report);
}

/* A hang's signature: the innermost frame of each stuck thread, sorted and deduplicated.
 * Stacks come in two formats: traceback.format_stack's (innermost frame last, from
 * runner.py) and faulthandler's "Thread 0x... (most recent call first):" (innermost first,
 * from the C watchdog); both give "File ..." lines. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Frames of the harness itself: idle pool workers waiting for a job, the main thread
 * waiting for the run. They are in every hang, so they tell hangs apart by nothing. */
static int is_plumbing(const char *file_line)
{
    return strstr(file_line, "\"<ftfuzz-runner>\"") != NULL ||
           strstr(file_line, "/threading.py\"") != NULL;
}

static int observe_stuck(enum ftf_finding_kind kind, const char *stacks,
                         struct ftf_observation *obs)
{
    char *copy = strdup(stacks);
    if (!copy)
        return -1;
    char *inner[FTF_OBSERVE_MAX];
    size_t n = 0;
    int rc = -1;
    char *last_file = NULL;
    int innermost_first = 0, have_first = 0;
    for (char *line = strtok(copy, "\n");; line = strtok(NULL, "\n")) {
        int new_thread = !line || !strncmp(line, "Thread ", 7);
        if (new_thread && last_file && n < FTF_OBSERVE_MAX) {
            char *norm = ftf_signature_normalise(last_file);
            if (!norm)
                goto out;
            int dup = 0;
            for (size_t i = 0; i < n; i++)
                dup |= !strcmp(inner[i], norm);
            if (dup)
                free(norm);
            else
                inner[n++] = norm;
            last_file = NULL;
        }
        if (!line)
            break;
        if (new_thread) {
            innermost_first = strstr(line, "most recent call first") != NULL;
            have_first = 0;
        }
        while (*line == ' ')
            line++;
        if (!strncmp(line, "File ", 5) && !(innermost_first && have_first) &&
            !is_plumbing(line)) {
            last_file = line;
            have_first = 1;
        }
    }
    qsort(inner, n, sizeof *inner, cmp_str);
    struct ftf_signature sig;
    const char *none[1] = {"no Python frame"};
    if (ftf_signature_from_lines(kind, n ? (const char *const *)inner : none,
                                 n ? n : 1, &sig) < 0)
        goto out;
    rc = add(obs, &sig, stacks);
out:
    for (size_t i = 0; i < n; i++)
        free(inner[i]);
    free(copy);
    return rc;
}

int ftf_observe(const struct ftf_run_result *res, struct ftf_observation *obs)
{
    memset(obs, 0, sizeof *obs);
    if (res->tsan_len && observe_tsan(res->tsan_text, res->tsan_len, obs) < 0)
        return -1;
    if (res->status == FTF_RUN_HANG && observe_stuck(FTF_FINDING_HANG, res->hang_stacks, obs) < 0)
        return -1;
    if (res->status == FTF_RUN_OOM && observe_stuck(FTF_FINDING_OOM, res->hang_stacks, obs) < 0)
        return -1;
    if (res->status == FTF_RUN_ERROR)
        return 0; /* the harness's own failure, not a finding: the caller reports it */
    if (res->status == FTF_RUN_CRASH) {
        int have = 0;
        for (size_t i = 0; i < obs->n; i++)
            have |= obs->items[i].sig.kind == FTF_FINDING_CRASH;
        if (!have) { /* died without a TSan report (abort, fatal error): the signal alone */
            int signo = strncmp(res->hang_stacks, "signal ", 7) ? 0 : atoi(res->hang_stacks + 7);
            const char *name = signo > 0 ? sigabbrev_np(signo) : NULL;
            struct ftf_signature sig;
            if (ftf_signature_crash(name ? name : signo ? "signal" : "exit", NULL, 0, &sig) < 0)
                return -1;
            char report[256];
            snprintf(report, sizeof report, "crash: the forked run died (%s)\n",
                     res->hang_stacks);
            if (add(obs, &sig, report) < 0)
                return -1;
        }
    }
    for (const char *tb = res->errors; tb && *tb;) {
        const char *end = strstr(tb, "\n--\n");
        size_t len = end ? (size_t)(end - tb) : strlen(tb);
        char *one = strndup(tb, len);
        if (!one || observe_exception(one, obs) < 0) {
            free(one);
            return -1;
        }
        free(one);
        tb = end ? end + 4 : tb + len;
    }
    for (const char *v = res->violations; v && *v;) {
        size_t len = strcspn(v, "\n");
        char *one = strndup(v, len);
        if (!one || observe_violation(one, obs) < 0) {
            free(one);
            return -1;
        }
        free(one);
        v += len + (v[len] == '\n');
    }
    return 0;
}

int ftf_observation_find(const struct ftf_observation *obs, uint64_t sig)
{
    for (size_t i = 0; i < obs->n; i++)
        if (obs->items[i].sig.value == sig)
            return (int)i;
    return -1;
}

void ftf_observation_free(struct ftf_observation *obs)
{
    for (size_t i = 0; i < obs->n; i++) {
        ftf_signature_free(&obs->items[i].sig);
        free(obs->items[i].report);
    }
    obs->n = 0;
}
