/* racing_ops.c - name a finding's two racing ops by thread, repro.py line and statement. */
#include "racing_ops.h"

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
