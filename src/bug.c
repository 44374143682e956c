/* bug.c - a finding's bug key from its kind and canonical text (see bug.h). */
#include "bug.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

void ftf_bug_key_free(struct ftf_bug_key *key)
{
    if (!key)
        return;
    for (size_t i = 0; i < key->n_parts; i++)
        free(key->parts[i]);
    free(key->title);
    memset(key, 0, sizeof *key);
}

int ftf_bug_parts_ordered(enum ftf_finding_kind kind)
{
    return kind == FTF_FINDING_EXCEPTION || kind == FTF_FINDING_CRASH;
}

/* The canonical text's lines after the first (the kind or report type), as [start, end). */
struct line {
    const char *s;
    size_t n;
};

static size_t split_lines(const char *text, struct line *out, size_t max, struct line *head)
{
    size_t n = 0;
    const char *p = text ? text : "";
    head->s = p;
    head->n = strcspn(p, "\n");
    p += head->n;
    while (*p == '\n')
        p++;
    while (*p && n < max) {
        size_t len = strcspn(p, "\n");
        if (len)
            out[n++] = (struct line){p, len};
        p += len;
        while (*p == '\n')
            p++;
    }
    return n;
}

/* True when a canonical frame "fn file" is in a header: an inline helper (Py_INCREF,
 * PyTuple_SET_ITEM, PyByteArray_AS_STRING, ...) that every caller shares, so it names the
 * access, not the code that races. */
static bool in_header(const char *s, size_t n)
{
    while (n && s[n - 1] == ' ')
        n--;
    return n > 2 && s[n - 2] == '.' && s[n - 1] == 'h';
}

/* A stack line "fn file | fn2 file2 | ..." -> the first frame's "fn", or the first frame
 * outside a header when there is one (an unsymbolised "mod+0x1f" stays as it is). */
static char *top_function(struct line l)
{
    const char *end = l.s + l.n, *pick = l.s;
    for (const char *f = l.s; f < end;) {
        const char *bar = memchr(f, '|', (size_t)(end - f));
        const char *fend = bar ? bar : end;
        if (!in_header(f, (size_t)(fend - f))) {
            pick = f;
            break;
        }
        if (!bar)
            break;
        f = bar + 1;
        while (f < end && *f == ' ')
            f++;
    }
    size_t n = 0;
    while (pick + n < end && pick[n] != ' ' && pick[n] != '|')
        n++;
    return strndup(pick, n ? n : (size_t)(end - pick));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_part(struct ftf_bug_key *k, char *s)
{
    if (!s)
        return -1;
    if (k->n_parts == FTF_BUG_MAX_PARTS) {
        free(s);
        return 0;
    }
    k->parts[k->n_parts++] = s;
    return 0;
}

/* Each function once (a deadlock's cycle names a lock's functions on several stacks). */
static void dedup_sorted(struct ftf_bug_key *k)
{
    size_t w = 0;
    for (size_t i = 0; i < k->n_parts; i++) {
        if (w && !strcmp(k->parts[w - 1], k->parts[i])) {
            free(k->parts[i]);
            continue;
        }
        k->parts[w++] = k->parts[i];
    }
    k->n_parts = w;
}

/* "crash: SEGV" -> "SEGV". */
static char *crash_signal(struct line head)
{
    const char *p = memchr(head.s, ':', head.n);
    if (!p)
        return strndup(head.s, head.n);
    p++;
    while (p < head.s + head.n && *p == ' ')
        p++;
    return strndup(p, (size_t)(head.s + head.n - p));
}

/* A hang's innermost frame, `File "/a/b/x.py", line N, in fn` -> "fn x.py"; any other
 * line stays as it is. */
static char *python_frame(struct line l)
{
    char *s = strndup(l.s, l.n);
    if (!s || strncmp(s, "File \"", 6))
        return s;
    char *q = strchr(s + 6, '"');
    char *in = strstr(s, ", in ");
    if (!q || !in)
        return s;
    *q = '\0';
    char *base = strrchr(s + 6, '/');
    base = base ? base + 1 : s + 6;
    char *out = NULL;
    if (asprintf(&out, "%s %s", in + 5, base) < 0)
        out = NULL;
    free(s);
    return out;
}

static int fill_parts(struct ftf_bug_key *k, const char *canonical)
{
    struct line lines[32], head;
    size_t n = split_lines(canonical, lines, 32, &head);
    switch (k->kind) {
    case FTF_FINDING_RACE:
    case FTF_FINDING_UAF:
    case FTF_FINDING_TSAN:
    case FTF_FINDING_DEADLOCK:
        for (size_t i = 0; i < n; i++)
            if (add_part(k, top_function(lines[i])))
                return -1;
        qsort(k->parts, k->n_parts, sizeof k->parts[0], cmp_str);
        if (k->kind == FTF_FINDING_DEADLOCK)
            dedup_sorted(k);
        return 0;
    case FTF_FINDING_CRASH:
        if (add_part(k, crash_signal(head)))
            return -1;
        return add_part(k, n ? top_function(lines[0]) : strdup("-"));
    case FTF_FINDING_EXCEPTION: {
        /* "exception\n<Type>\nop <ROW>\n<message>": row, then type. Older findings have
         * no op line: their row is "?". */
        const char *row = "?";
        size_t row_n = 1;
        for (size_t i = 1; i < n; i++)
            if (lines[i].n > 3 && !strncmp(lines[i].s, "op ", 3)) {
                row = lines[i].s + 3;
                row_n = lines[i].n - 3;
                break;
            }
        if (add_part(k, strndup(row, row_n)))
            return -1;
        return add_part(k, n ? strndup(lines[0].s, lines[0].n) : strdup("?"));
    }
    case FTF_FINDING_HANG:
    case FTF_FINDING_OOM:
        for (size_t i = 0; i < n; i++)
            if (add_part(k, python_frame(lines[i])))
                return -1;
        qsort(k->parts, k->n_parts, sizeof k->parts[0], cmp_str);
        return 0;
    default: /* atomicity: the normalised check() message */
        for (size_t i = 0; i < n; i++)
            if (add_part(k, strndup(lines[i].s, lines[i].n)))
                return -1;
        return 0;
    }
}

/* "data race: A vs B", "crash: SIGSEGV in f", "exception: RuntimeError in IMUL", ... */
static char *make_title(const struct ftf_bug_key *k, const char *canonical)
{
    char buf[512];
    size_t used = 0;
    const char *kind_desc = ftf_finding_kind_name(k->kind);
    struct line head;
    struct line dummy[1];
    split_lines(canonical, dummy, 0, &head);
    switch (k->kind) {
    case FTF_FINDING_RACE:
    case FTF_FINDING_UAF:
    case FTF_FINDING_TSAN:
    case FTF_FINDING_DEADLOCK:
        used = (size_t)snprintf(buf, sizeof buf, "%.*s:", (int)(head.n > 80 ? 80 : head.n),
                                head.s);
        for (size_t i = 0; i < k->n_parts && used < sizeof buf; i++)
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? " vs " : " ",
                                     k->parts[i]);
        break;
    case FTF_FINDING_CRASH:
        snprintf(buf, sizeof buf, "crash: SIG%s in %s", k->parts[0], k->parts[1]);
        break;
    case FTF_FINDING_EXCEPTION:
        snprintf(buf, sizeof buf, "exception: %s in op %s", k->parts[1], k->parts[0]);
        break;
    default:
        snprintf(buf, sizeof buf, "%s: %s", kind_desc, k->n_parts ? k->parts[0] : "?");
        break;
    }
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
    return strdup(buf);
}

/* The id: XXH3-64 of salt (when given), the kind name and the parts, each NUL-ended. */
static int set_id(struct ftf_bug_key *k, const char *salt)
{
    XXH3_state_t *st = XXH3_createState();
    if (!st)
        return -1;
    XXH3_64bits_reset(st);
    if (salt)
        XXH3_64bits_update(st, salt, strlen(salt) + 1);
    const char *name = ftf_finding_kind_name(k->kind);
    XXH3_64bits_update(st, name, strlen(name) + 1);
    for (size_t i = 0; i < k->n_parts; i++)
        XXH3_64bits_update(st, k->parts[i], strlen(k->parts[i]) + 1);
    ftf_signature_hex(XXH3_64bits_digest(st), k->id);
    XXH3_freeState(st);
    return 0;
}

int ftf_bug_key_of(enum ftf_finding_kind kind, const char *canonical, struct ftf_bug_key *out)
{
    memset(out, 0, sizeof *out);
    if ((unsigned)kind >= FTF_FINDING_KIND_COUNT) {
        errno = EINVAL;
        return -1;
    }
    out->kind = kind;
    if (fill_parts(out, canonical))
        goto nomem;
    if (!out->n_parts && add_part(out, strdup("?")))
        goto nomem;
    if (set_id(out, NULL) || !(out->title = make_title(out, canonical)))
        goto nomem;
    return 0;
nomem:
    ftf_bug_key_free(out);
    errno = ENOMEM;
    return -1;
}

int ftf_bug_key_of_entry(enum ftf_finding_kind kind, char *const *patterns, size_t n,
                         const char *reference, const char *like_title,
                         struct ftf_bug_key *out)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    for (size_t i = 0; i < n && i < FTF_BUG_MAX_PARTS; i++)
        if (add_part(out, strdup(patterns[i])))
            goto nomem;
    /* make_title reads a race's head ("data race") from the canonical text's first line */
    const char *colon = like_title ? strchr(like_title, ':') : NULL;
    char *head = colon ? strndup(like_title, (size_t)(colon - like_title)) : strdup("");
    if (!head)
        goto nomem;
    char *prefixed = NULL;
    if (asprintf(&prefixed, "known:%s", reference) < 0)
        prefixed = NULL;
    int rc = !prefixed || set_id(out, prefixed) || !(out->title = make_title(out, head));
    free(prefixed);
    free(head);
    if (rc)
        goto nomem;
    return 0;
nomem:
    ftf_bug_key_free(out);
    errno = ENOMEM;
    return -1;
}
