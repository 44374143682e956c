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
    char *src = ftf_render_mapped(p, FTF_RENDER_STANDALONE, mod, NULL, &map);
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

int ftf_racing_ops_from_report(const struct ftf_program *p, const struct ftf_module_desc *mod,
                               const char *text, const char *threads, char *buf, size_t cap)
{
    if (cap)
        buf[0] = '\0';
    if (!text || !threads)
        return -1;
    struct ftf_report_list list;
    if (ftf_report_parse(text, strlen(text), &list) < 0)
        return -1;
    int rc = -1;
    unsigned t[2];
    if (list.n >= 1 && list.reports[0].type == FTF_TSAN_RACE &&
        ftf_racing_threads(&list.reports[0], threads, t) == 0) {
        int ka = ftf_racing_op_of_thread(p, t[0]), kb = ftf_racing_op_of_thread(p, t[1]);
        if (ka >= 0 && kb >= 0)
            rc = ftf_racing_ops_describe(p, mod, (struct ftf_op_ref){t[0], (unsigned)ka},
                                         (struct ftf_op_ref){t[1], (unsigned)kb}, buf, cap);
    }
    ftf_report_list_free(&list);
    return rc;
}
