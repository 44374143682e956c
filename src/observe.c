/* observe.c - sign TSan reports, atomicity violations, unexpected exceptions and hangs. */
#include "observe.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
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
    obs->items[obs->n].after_fault = false;
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

/* 1 when a racing access itself (a key stack's top frame) is libFuzzer's or ftfuzz's own
 * code: harness noise, a bug of ftfuzz's to fix, never a finding of the target's. */
static int from_the_fuzzer(const struct ftf_report *r)
{
    for (size_t s = 0; s < r->n_stacks; s++) {
        const struct ftf_stack *st = &r->stacks[s];
        if (!ftf_stack_role_is_key(st->role) || !st->n_frames)
            continue;
        const char *fn = st->frames[0].function, *file = st->frames[0].file;
        if ((fn && !strncmp(fn, "fuzzer::", 8)) ||
            (file && (strstr(file, "/harness/runtime/") || strstr(file, "/harness/worker/"))))
            return 1;
    }
    return 0;
}

/* A finding whose later reports in the same run may be only its consequences. */
static bool is_fault(enum ftf_finding_kind kind)
{
    return kind == FTF_FINDING_UAF || kind == FTF_FINDING_CRASH;
}

static int observe_tsan(const char *text, size_t len, struct ftf_observation *obs)
{
    struct ftf_report_list list;
    if (ftf_report_parse(text, len, &list) < 0)
        return -1;
    int rc = 0;
    bool fault = false; /* a use-after-free or a deadly signal reported earlier in the run */
    for (size_t i = 0; i < list.n && rc == 0; i++) {
        if (from_traceback_dumper(&list.reports[i]))
            continue;
        if (from_the_fuzzer(&list.reports[i])) {
            FTF_INFO("a race in ftfuzz's or libFuzzer's own code, not stored: %s",
                     list.reports[i].headline ? list.reports[i].headline : "?");
            continue;
        }
        struct ftf_signature sig;
        if (ftf_signature_from_report(&list.reports[i], &sig) < 0) {
            rc = -1;
            break;
        }
        enum ftf_finding_kind kind = sig.kind;
        size_t before = obs->n;
        rc = add(obs, &sig, list.reports[i].raw);
        if (obs->n > before && fault)
            obs->items[before].after_fault = true;
        fault |= is_fault(kind);
    }
    ftf_report_list_free(&list);
    return rc;
}

/* What an exception's traceback says: the type and message of its last line, the line of
 * the program it was raised on, and the innermost frame outside the program. */
struct exc_text {
    char type[256];
    char message[256];
    unsigned program_line;
    char outer_frame[512]; /* "function file" of the innermost non-program frame, or "" */
};

/* `File "<path>", line 12, in t0` -> path, line and function. 0, or -1 when not a frame. */
static int parse_frame(const char *line, char *file, size_t flen, unsigned *lineno, char *fn,
                       size_t fnlen)
{
    const char *q1 = strchr(line, '"');
    const char *q2 = q1 ? strchr(q1 + 1, '"') : NULL;
    const char *ln = q2 ? strstr(q2, ", line ") : NULL;
    const char *in = q2 ? strstr(q2, ", in ") : NULL;
    if (!q1 || !q2 || !ln)
        return -1;
    snprintf(file, flen, "%.*s", (int)(q2 - q1 - 1), q1 + 1);
    *lineno = (unsigned)strtoul(ln + 7, NULL, 10);
    snprintf(fn, fnlen, "%s", in ? in + 5 : "?");
    return 0;
}

static void read_traceback(const char *tb, struct exc_text *x)
{
    memset(x, 0, sizeof *x);
    snprintf(x->type, sizeof x->type, "exception");
    const char *p = tb;
    while (*p) {
        size_t len = strcspn(p, "\n");
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)len, p);
        p += len + (p[len] == '\n');
        const char *t = line;
        while (*t == ' ')
            t++;
        char file[512], fn[256];
        unsigned lineno;
        if (!strncmp(t, "File ", 5)) {
            if (parse_frame(t, file, sizeof file, &lineno, fn, sizeof fn) < 0)
                continue;
            if (!strcmp(file, "<ftfuzz-program>")) {
                x->program_line = lineno;
                x->outer_frame[0] = '\0'; /* only frames below the program's count */
            } else {
                const char *base = strrchr(file, '/');
                snprintf(x->outer_frame, sizeof x->outer_frame, "%s %s", fn,
                         base ? base + 1 : file);
            }
        } else if (*t && strncmp(t, "thread ", 7) && strncmp(t, "Traceback", 9) &&
                   *t != '~' && *t != '^' && line[0] != ' ') {
            snprintf(x->type, sizeof x->type, "%.*s", (int)strcspn(t, ":"), t);
            const char *colon = strchr(t, ':');
            snprintf(x->message, sizeof x->message, "%s", colon ? colon + 1 + (colon[1] == ' ')
                                                                : "");
        }
    }
}

/* An exception's signature: its type, the op row that raised it, its message with numbers
 * normalised and, when it came from a function outside the program, that frame. */
static int observe_exception(const char *tb, const struct ftf_program *p,
                             const struct ftf_module_desc *mod, struct ftf_observation *obs)
{
    struct exc_text x;
    read_traceback(tb, &x);
    const struct ftf_op_info *row =
        p && x.program_line ? ftf_render_op_at_line(p, FTF_RENDER_HARNESS, mod, x.program_line)
                            : NULL;
    char op_line[300];
    snprintf(op_line, sizeof op_line, "op %s", row ? row->name : "?");
    char *type = ftf_signature_normalise(x.type);
    char *message = ftf_signature_normalise(x.message);
    char *frame = ftf_signature_normalise(x.outer_frame);
    int rc = -1;
    if (!type || !message || !frame)
        goto out;
    const char *lines[4] = {type, op_line, message, frame};
    size_t n = frame[0] ? 4 : 3;
    struct ftf_signature sig;
    if (ftf_signature_from_lines(FTF_FINDING_EXCEPTION, lines, n, &sig) < 0)
        goto out;
    /* "exception: RuntimeError in IMUL: deque mutated during iteration" */
    char summary[600];
    snprintf(summary, sizeof summary, "exception: %s in %s%s%s", x.type,
             row ? row->name : "an unknown op", x.message[0] ? ": " : "", x.message);
    char *s2 = strdup(summary);
    if (!s2) {
        ftf_signature_free(&sig);
        goto out;
    }
    for (char *c = s2; *c; c++)
        if ((unsigned char)*c < 0x20)
            *c = ' ';
    free(sig.summary);
    sig.summary = s2;
    rc = add(obs, &sig, tb);
out:
    free(type);
    free(message);
    free(frame);
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

int ftf_observe(const struct ftf_run_result *res, const struct ftf_program *p,
                const struct ftf_module_desc *mod, struct ftf_observation *obs)
{
    memset(obs, 0, sizeof *obs);
    if (res->tsan_len && observe_tsan(res->tsan_text, res->tsan_len, obs) < 0)
        return -1;
    if (res->status == FTF_RUN_HANG && observe_stuck(FTF_FINDING_HANG, res->stacks, obs) < 0)
        return -1;
    if (res->status == FTF_RUN_OOM && observe_stuck(FTF_FINDING_OOM, res->stacks, obs) < 0)
        return -1;
    if (res->status == FTF_RUN_ERROR)
        return 0; /* the harness's own failure, not a finding: the caller reports it */
    if (res->status == FTF_RUN_CRASH) {
        int have = 0;
        for (size_t i = 0; i < obs->n; i++)
            have |= obs->items[i].sig.kind == FTF_FINDING_CRASH;
        if (!have) { /* died without a TSan report (abort, fatal error): the signal alone */
            const char *name = res->signo > 0 ? sigabbrev_np(res->signo) : NULL;
            struct ftf_signature sig;
            if (ftf_signature_crash(name ? name : res->signo > 0 ? "signal" : "exit", NULL, 0,
                                    &sig) < 0)
                return -1;
            char report[256];
            if (res->signo > 0)
                snprintf(report, sizeof report, "crash: the forked run died (signal %d)\n",
                         res->signo);
            else
                snprintf(report, sizeof report,
                         "crash: the forked run died (exit status %d without a result)\n",
                         res->exit_status);
            if (add(obs, &sig, report) < 0)
                return -1;
        }
    }
    for (const char *tb = res->errors; tb && *tb;) {
        const char *end = strstr(tb, "\n--\n");
        size_t len = end ? (size_t)(end - tb) : strlen(tb);
        char *one = strndup(tb, len);
        if (!one || observe_exception(one, p, mod, obs) < 0) {
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

void ftf_observation_follow(struct ftf_observation *obs, bool *fault_before)
{
    bool fault = false;
    for (size_t i = 0; i < obs->n; i++) {
        obs->items[i].after_fault |= *fault_before;
        fault |= is_fault(obs->items[i].sig.kind);
    }
    *fault_before |= fault;
}

void ftf_observation_free(struct ftf_observation *obs)
{
    for (size_t i = 0; i < obs->n; i++) {
        ftf_signature_free(&obs->items[i].sig);
        free(obs->items[i].report);
    }
    obs->n = 0;
}
