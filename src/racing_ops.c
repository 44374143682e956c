/* racing_ops.c - name a finding's two racing ops by thread, repro.py line and statement. */
#include "racing_ops.h"

#include "report.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The text of 1-based line n of src, leading blanks skipped, into out (cut to cap). */
static void line_text(const char *src, unsigned n, char *out, size_t cap)
{
    const char *s = src;
    for (unsigned i = 1; i < n && s; i++) {
        s = strchr(s, '\n');
        if (s)
            s++;
    }
    out[0] = '\0';
    if (!s || cap == 0)
        return;
    while (*s == ' ')
        s++;
    size_t len = strcspn(s, "\n");
    if (len >= cap)
        len = cap - 1;
    memcpy(out, s, len);
    out[len] = '\0';
}

static int op_exists(const struct ftf_program *p, struct ftf_op_ref r)
{
    return r.thread < p->n_threads && r.thread < FTF_MAX_THREADS &&
           r.op < p->threads[r.thread].n_ops && r.op < FTF_MAX_OPS;
}

int ftf_racing_ops_describe(const struct ftf_program *p, const struct ftf_module_desc *mod,
                            struct ftf_op_ref a, struct ftf_op_ref b, char *buf, size_t cap)
{
    if (cap)
        buf[0] = '\0';
    if (!op_exists(p, a) || !op_exists(p, b))
        return -1;
    struct ftf_render_map map;
    /* With a note, as repro.py will carry the sentence. */
    char *src = ftf_render_mapped(p, FTF_RENDER_STANDALONE, mod, "", &map);
    if (!src)
        return -1;
    unsigned la = map.line[a.thread][a.op], lb = map.line[b.thread][b.op];
    int rc = -1;
    if (la && lb) {
        char ta[160], tb[160];
        line_text(src, la, ta, sizeof ta);
        line_text(src, lb, tb, sizeof tb);
        snprintf(buf, cap, "thread %u, line %u `%s` races with thread %u, line %u `%s`",
                 a.thread, la, ta, b.thread, lb, tb);
        rc = 0;
    }
    free(src);
    return rc;
}

int ftf_racing_ops_of_pin(const struct ftf_program *p, const struct ftf_module_desc *mod,
                          char *buf, size_t cap)
{
    if (cap)
        buf[0] = '\0';
    if (!ftf_pin_valid(p))
        return -1;
    struct ftf_op_ref a = {p->pin.thread[0], p->pin.op[0]};
    struct ftf_op_ref b = {p->pin.thread[1], p->pin.op[1]};
    return ftf_racing_ops_describe(p, mod, a, b, buf, cap);
}

char *ftf_racing_ops_render_repro(const struct ftf_program *p,
                                  const struct ftf_module_desc *mod)
{
    char note[512];
    if (ftf_racing_ops_of_pin(p, mod, note, sizeof note) < 0)
        return ftf_render(p, FTF_RENDER_STANDALONE, mod);
    return ftf_render_mapped(p, FTF_RENDER_STANDALONE, mod, note, NULL);
}

/* The TSan thread number a stack's label names ("... by thread T2:"), or -1 (the main
 * thread, or no such words). */
static long label_thread(const char *label)
{
    const char *s = label ? strstr(label, " by thread T") : NULL;
    if (!s)
        return -1;
    char *end;
    long n = strtol(s + strlen(" by thread T"), &end, 10);
    return end == s + strlen(" by thread T") ? -1 : n;
}

/* The OS thread id of TSan thread tn, from its "Thread T<tn> (tid=<id>, ...)" stack. */
static long thread_tid(const struct ftf_report *rep, long tn)
{
    for (size_t i = 0; i < rep->n_stacks; i++) {
        const struct ftf_stack *st = &rep->stacks[i];
        if (st->role != FTF_STACK_THREAD_CREATED || !st->label)
            continue;
        char *end;
        if (strncmp(st->label, "Thread T", 8) != 0 || strtol(st->label + 8, &end, 10) != tn ||
            strncmp(end, " (tid=", 6) != 0)
            continue;
        long tid = strtol(end + 6, &end, 10);
        return *end == ',' || *end == ')' ? tid : -1;
    }
    return -1;
}

/* The program thread whose OS id is tid in threads ("t0=TID t1=TID ..."), or -1. */
static long program_thread(const char *threads, long tid)
{
    for (const char *s = threads; s && (s = strchr(s, 't'));) {
        char *end;
        long t = strtol(s + 1, &end, 10);
        if (end == s + 1 || *end != '=') {
            s++;
            continue;
        }
        long id = strtol(end + 1, &end, 10);
        if (id == tid && t >= 0 && t < FTF_MAX_THREADS)
            return t;
        s = end;
    }
    return -1;
}

int ftf_racing_threads(const struct ftf_report *rep, const char *threads, unsigned out[2])
{
    static const enum ftf_stack_role roles[2] = {FTF_STACK_ACCESS, FTF_STACK_PREVIOUS};
    for (int side = 0; side < 2; side++) {
        const struct ftf_stack *st = NULL;
        for (size_t i = 0; i < rep->n_stacks && !st; i++)
            if (rep->stacks[i].role == roles[side])
                st = &rep->stacks[i];
        long tn = st ? label_thread(st->label) : -1;
        long tid = tn >= 0 ? thread_tid(rep, tn) : -1;
        long t = tid >= 0 ? program_thread(threads, tid) : -1;
        if (t < 0)
            return -1;
        out[side] = (unsigned)t;
    }
    return 0;
}

int ftf_racing_op_of_thread(const struct ftf_program *p, unsigned t)
{
    if (t >= p->n_threads || t >= FTF_MAX_THREADS)
        return -1;
    if (ftf_pin_valid(p))
        for (int s = 0; s < 2; s++)
            if (p->pin.thread[s] == t)
                return p->pin.op[s];
    return p->threads[t].n_ops == 1 ? 0 : -1;
}

/* Frames of a stack a statement's names are looked for in: the C functions nearest the
 * access (CPython's method implementations are named type_method, a module's after its
 * Python names). */
#define NAME_FRAMES 12

/* 1 when word (len bytes) is function, or one of its '_'-separated parts. */
static int names_part(const char *function, const char *word, size_t len)
{
    for (const char *part = function; *part;) {
        size_t n = strcspn(part, "_");
        if (n == len && !strncmp(part, word, len))
            return 1;
        part += n;
        if (*part == '_')
            part++;
    }
    return 0;
}

/* How many of the stack's first frames name one of the statement's identifiers (three
 * letters or more, not the program's own S0.. and _-prefixed names). */
static unsigned name_score(const char *stmt, const struct ftf_stack *st)
{
    unsigned score = 0;
    for (const char *c = stmt; *c;) {
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '_')) {
            c++;
            continue;
        }
        const char *w = c;
        while ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '_' ||
               (*c >= '0' && *c <= '9'))
            c++;
        size_t len = (size_t)(c - w);
        if (len < 3 || w[0] == '_' || (w[0] == 'S' && w[1] >= '0' && w[1] <= '9'))
            continue;
        for (size_t i = 0; i < st->n_frames && i < NAME_FRAMES; i++)
            if (st->frames[i].function && names_part(st->frames[i].function, w, len)) {
                score++;
                break;
            }
    }
    return score;
}

/* The op of thread t a stack stands for: ftf_racing_op_of_thread's, else the one op of
 * the thread whose statement's names the stack's frames carry most (a unique best), else
 * -1. */
static int op_of_stack(const struct ftf_program *p, const struct ftf_module_desc *mod,
                       unsigned t, const struct ftf_stack *st)
{
    int k = ftf_racing_op_of_thread(p, t);
    if (k >= 0 || t >= p->n_threads)
        return k;
    struct ftf_render_map map;
    char *src = ftf_render_mapped(p, FTF_RENDER_STANDALONE, mod, "", &map);
    if (!src)
        return -1;
    int best = -1;
    unsigned best_score = 0, ties = 0;
    for (unsigned i = 0; i < p->threads[t].n_ops && i < FTF_MAX_OPS; i++) {
        char stmt[256];
        if (!map.line[t][i])
            continue;
        line_text(src, map.line[t][i], stmt, sizeof stmt);
        unsigned sc = name_score(stmt, st);
        if (sc > best_score) {
            best = (int)i;
            best_score = sc;
            ties = 0;
        } else if (sc == best_score && sc > 0) {
            ties++;
        }
    }
    free(src);
    return ties ? -1 : best;
}

int ftf_racing_pair_from_report(const struct ftf_program *p, const struct ftf_module_desc *mod,
                                const char *text, const char *threads, unsigned thread[2],
                                int op[2])
{
    if (!text || !threads)
        return -1;
    struct ftf_report_list list;
    if (ftf_report_parse(text, strlen(text), &list) < 0)
        return -1;
    int rc = -1;
    const struct ftf_report *rep = list.n >= 1 ? &list.reports[0] : NULL;
    if (rep && rep->type == FTF_TSAN_RACE && ftf_racing_threads(rep, threads, thread) == 0 &&
        thread[0] != thread[1] && thread[0] < p->n_threads && thread[1] < p->n_threads) {
        const struct ftf_stack *st[2] = {NULL, NULL};
        for (size_t i = 0; i < rep->n_stacks; i++) {
            if (rep->stacks[i].role == FTF_STACK_ACCESS && !st[0])
                st[0] = &rep->stacks[i];
            if (rep->stacks[i].role == FTF_STACK_PREVIOUS && !st[1])
                st[1] = &rep->stacks[i];
        }
        for (int s = 0; s < 2; s++)
            op[s] = st[s] ? op_of_stack(p, mod, thread[s], st[s]) : -1;
        rc = 0;
    }
    ftf_report_list_free(&list);
    return rc;
}

int ftf_racing_ops_from_report(const struct ftf_program *p, const struct ftf_module_desc *mod,
                               const char *text, const char *threads, char *buf, size_t cap)
{
    if (cap)
        buf[0] = '\0';
    unsigned t[2];
    int k[2];
    if (ftf_racing_pair_from_report(p, mod, text, threads, t, k) < 0 || k[0] < 0 || k[1] < 0)
        return -1;
    return ftf_racing_ops_describe(p, mod, (struct ftf_op_ref){t[0], (unsigned)k[0]},
                                   (struct ftf_op_ref){t[1], (unsigned)k[1]}, buf, cap);
}
