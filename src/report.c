/* report.c - a line scanner for ThreadSanitizer output; bounded, never reads past len. */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A view into the input; never NUL-terminated. */
struct span {
    const char *p;
    size_t n;
};

/* TSan frames each report with a line of 18 "=". */
static const char SEPARATOR[] = "==================";

static const char *const type_names[] = {
#define FTF_X(id, name) [FTF_TSAN_##id] = name,
    FTF_TSAN_TYPES(FTF_X)
#undef FTF_X
};

static const char *const role_names[] = {
#define FTF_X(id, name) [FTF_STACK_##id] = name,
    FTF_STACK_ROLES(FTF_X)
#undef FTF_X
};

const char *ftf_tsan_type_name(enum ftf_tsan_type type)
{
    if ((unsigned)type >= FTF_TSAN_TYPE_COUNT)
        return "other";
    return type_names[type];
}

const char *ftf_stack_role_name(enum ftf_stack_role role)
{
    if ((unsigned)role >= FTF_STACK_ROLE_COUNT)
        return "other";
    return role_names[role];
}

bool ftf_stack_role_is_key(enum ftf_stack_role role)
{
    switch (role) {
    case FTF_STACK_ACCESS:
    case FTF_STACK_PREVIOUS:
    case FTF_STACK_MUTEX_ACQUIRED:
    case FTF_STACK_SIGNAL_HANDLER:
    case FTF_STACK_MAIN:
    case FTF_STACK_AND:
    case FTF_STACK_OTHER:
        return true;
    default:
        return false;
    }
}

/* --- span helpers ---------------------------------------------------------------------- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static struct span trim(struct span s)
{
    while (s.n && is_space(s.p[0])) {
        s.p++;
        s.n--;
    }
    while (s.n && is_space(s.p[s.n - 1]))
        s.n--;
    return s;
}

static bool starts_with(struct span s, const char *prefix)
{
    size_t k = strlen(prefix);
    return s.n >= k && memcmp(s.p, prefix, k) == 0;
}

static bool ends_with(struct span s, const char *suffix)
{
    size_t k = strlen(suffix);
    return s.n >= k && memcmp(s.p + s.n - k, suffix, k) == 0;
}

static bool equals(struct span s, const char *str)
{
    return s.n == strlen(str) && memcmp(s.p, str, s.n) == 0;
}

/* Offset of needle in s, or -1. Linear in s.n times strlen(needle), which is a constant. */
static long find(struct span s, const char *needle)
{
    size_t k = strlen(needle);
    if (k == 0 || k > s.n)
        return k == 0 ? 0 : -1;
    for (size_t i = 0; i + k <= s.n; i++)
        if (s.p[i] == needle[0] && memcmp(s.p + i, needle, k) == 0)
            return (long)i;
    return -1;
}

static bool contains(struct span s, const char *needle)
{
    return find(s, needle) >= 0;
}

static struct span drop(struct span s, size_t k)
{
    if (k > s.n)
        k = s.n;
    s.p += k;
    s.n -= k;
    return s;
}

/* A NUL-terminated copy of at most FTF_REPORT_MAX_FIELD bytes; embedded NULs end the
 * string early, which is harmless. Returns NULL on ENOMEM. */
static char *copy_field(struct span s)
{
    size_t n = s.n < FTF_REPORT_MAX_FIELD ? s.n : FTF_REPORT_MAX_FIELD;
    char *r = malloc(n + 1);
    if (!r)
        return NULL;
    if (n)
        memcpy(r, s.p, n);
    r[n] = '\0';
    return r;
}

/* Parse a run of decimal digits into an unsigned, saturating instead of overflowing. */
static unsigned parse_uint(struct span s)
{
    unsigned long v = 0;
    for (size_t i = 0; i < s.n && is_digit(s.p[i]); i++) {
        v = v * 10 + (unsigned long)(s.p[i] - '0');
        if (v > 0xffffffffUL)
            return 0; /* absurd; "unknown" is more honest than a wrapped value */
    }
    return (unsigned)v;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static uint64_t parse_hex(struct span s)
{
    uint64_t v = 0;
    for (size_t i = 0; i < s.n && i < 16; i++) {
        int h = hex_value(s.p[i]);
        if (h < 0)
            break;
        v = (v << 4) | (uint64_t)h;
    }
    return v;
}

/* --- line classification --------------------------------------------------------------- */

static bool is_separator(struct span line)
{
    line = trim(line);
    if (line.n < strlen(SEPARATOR))
        return false;
    for (size_t i = 0; i < line.n; i++)
        if (line.p[i] != '=')
            return false;
    return true;
}

/* Skip a sanitizer_common "==1234==" prefix. */
static struct span skip_pid_prefix(struct span s)
{
    if (s.n < 4 || s.p[0] != '=' || s.p[1] != '=')
        return s;
    size_t i = 2;
    while (i < s.n && is_digit(s.p[i]))
        i++;
    if (i > 2 && i + 1 < s.n && s.p[i] == '=' && s.p[i + 1] == '=')
        return drop(s, i + 2);
    return s;
}

/* If line is a report header, set *headline to the text after "ThreadSanitizer: " and
 * *is_error for the "ERROR:" (deadly signal) form. */
static bool is_header(struct span line, struct span *headline, bool *is_error)
{
    struct span s = skip_pid_prefix(trim(line));
    static const char warn[] = "WARNING: ThreadSanitizer: ";
    static const char err[] = "ERROR: ThreadSanitizer: ";
    if (starts_with(s, warn)) {
        *headline = drop(s, sizeof warn - 1);
        *is_error = false;
        return true;
    }
    if (starts_with(s, err)) {
        *headline = drop(s, sizeof err - 1);
        *is_error = true;
        return true;
    }
    return false;
}

/* "ThreadSanitizer:DEADLYSIGNAL" precedes the ERROR header of a crash. */
static bool is_deadly_banner(struct span line)
{
    return equals(skip_pid_prefix(trim(line)), "ThreadSanitizer:DEADLYSIGNAL");
}

/* Drop the " (pid=1234)" TSan appends to the headline. */
static struct span strip_pid(struct span h)
{
    h = trim(h);
    if (!ends_with(h, ")"))
        return h;
    for (size_t i = h.n; i-- > 0;) {
        if (h.p[i] == '(') {
            struct span tail = drop(h, i);
            if (starts_with(tail, "(pid="))
                h.n = i;
            break;
        }
    }
    return trim(h);
}

static enum ftf_tsan_type classify_headline(struct span h, bool is_error)
{
    if (is_error)
        return FTF_TSAN_DEADLY_SIGNAL;
    static const struct {
        const char *prefix;
        enum ftf_tsan_type type;
    } map[] = {
        {"data race", FTF_TSAN_RACE},
        {"race on external object", FTF_TSAN_RACE},
        {"heap-use-after-free", FTF_TSAN_UAF},
        {"lock-order-inversion", FTF_TSAN_DEADLOCK},
        {"thread leak", FTF_TSAN_THREAD_LEAK},
        {"signal-unsafe call", FTF_TSAN_SIGNAL_UNSAFE},
        {"signal handler spoils errno", FTF_TSAN_SIGNAL_ERRNO},
        {"destroy of a locked mutex", FTF_TSAN_MUTEX_DESTROY},
        {"unlock of an unlocked mutex", FTF_TSAN_MUTEX_UNLOCK},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (starts_with(h, map[i].prefix))
            return map[i].type;
    return FTF_TSAN_OTHER;
}

static enum ftf_stack_role classify_label(struct span l)
{
    if (starts_with(l, "Previous "))
        return FTF_STACK_PREVIOUS;
    if (starts_with(l, "Write") || starts_with(l, "Read") || starts_with(l, "Atomic ") ||
        starts_with(l, "Modifying access") || starts_with(l, "Read-only access"))
        return FTF_STACK_ACCESS;
    if (starts_with(l, "Mutex ")) {
        if (contains(l, " acquired here while holding mutex "))
            return FTF_STACK_MUTEX_ACQUIRED;
        if (contains(l, "previously acquired by the same thread"))
            return FTF_STACK_MUTEX_PREVIOUSLY;
        if (contains(l, " created at"))
            return FTF_STACK_MUTEX_CREATED;
    }
    if (starts_with(l, "Location is "))
        return FTF_STACK_LOCATION;
    if (starts_with(l, "As if synchronized via sleep"))
        return FTF_STACK_SLEEP;
    if (starts_with(l, "Thread ") && contains(l, " created by "))
        return FTF_STACK_THREAD_CREATED;
    if (starts_with(l, "Signal ") && contains(l, "handler invoked"))
        return FTF_STACK_SIGNAL_HANDLER;
    if (equals(l, "and:"))
        return FTF_STACK_AND;
    return FTF_STACK_OTHER;
}

/* --- frames ------------------------------------------------------------------------------ */

static bool is_frame_line(struct span t)
{
    return t.n >= 2 && t.p[0] == '#' && is_digit(t.p[1]);
}

static bool has_source_ext(struct span s)
{
    static const char *const exts[] = {".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh",
                                       ".inc", ".def", ".S", ".s", ".m", ".mm", ".rs"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (ends_with(s, exts[i]))
            return true;
    return false;
}

/* Split "path:line:col" / "path:line" / "path" into its parts. */
static void split_source(struct span tok, struct span *path, unsigned *line, unsigned *col)
{
    unsigned nums[2] = {0, 0};
    int k = 0;
    while (k < 2) {
        size_t i = tok.n;
        while (i > 0 && is_digit(tok.p[i - 1]))
            i--;
        if (i == tok.n || i == 0 || tok.p[i - 1] != ':')
            break;
        nums[k++] = parse_uint(drop(tok, i));
        tok.n = i - 1;
    }
    *path = tok;
    *line = k == 2 ? nums[1] : k == 1 ? nums[0] : 0;
    *col = k == 2 ? nums[0] : 0;
}

static bool looks_like_source(struct span tok)
{
    if (equals(tok, "<null>"))
        return true;
    struct span path;
    unsigned line, col;
    split_source(tok, &path, &line, &col);
    if (path.n != tok.n)
        return true; /* had a :line suffix */
    return memchr(tok.p, '/', tok.n) || memchr(tok.p, '\\', tok.n) || has_source_ext(tok);
}

/* Index of the '(' matching the ')' that ends s, or -1. */
static long open_paren_of_tail(struct span s)
{
    int depth = 0;
    for (size_t i = s.n; i-- > 0;) {
        if (s.p[i] == ')')
            depth++;
        else if (s.p[i] == '(' && --depth == 0)
            return (long)i;
    }
    return -1;
}

static void free_frame(struct ftf_frame *f)
{
    free(f->function);
    free(f->file);
    free(f->module);
}

/* Parse the text of a frame line (trimmed, starting with "#<digit>"). Returns 0 or -1 on
 * ENOMEM; the line format is never an error: what cannot be recognised stays NULL. */
static int parse_frame(struct span t, struct ftf_frame *f)
{
    memset(f, 0, sizeof *f);
    t = drop(t, 1);
    size_t i = 0;
    while (i < t.n && is_digit(t.p[i]))
        i++;
    f->index = parse_uint((struct span){t.p, i});
    struct span rest = trim(drop(t, i));

    /* ASan-style "0x7f... in func" */
    if (starts_with(rest, "0x")) {
        long in = find(rest, " in ");
        if (in > 0 && memchr(rest.p, ' ', (size_t)in) == NULL)
            rest = trim(drop(rest, (size_t)in + 4));
    }

    /* Trailing "(BuildId: ...)" and "(module+0xoff)" groups. */
    struct span module = {NULL, 0};
    for (int groups = 0; groups < 2 && ends_with(rest, ")"); groups++) {
        long open = open_paren_of_tail(rest);
        if (open < 0)
            break;
        struct span inner = {rest.p + open + 1, rest.n - (size_t)open - 2};
        if (starts_with(inner, "BuildId:")) {
            rest = trim((struct span){rest.p, (size_t)open});
            continue;
        }
        if (contains(inner, "+0x") || equals(inner, "<unknown module>")) {
            module = inner;
            rest = trim((struct span){rest.p, (size_t)open});
        }
        break;
    }
    if (module.p) {
        long plus = -1;
        for (size_t k = module.n; k-- > 1;) {
            if (module.p[k - 1] == '+' && module.p[k] == '0' && k + 1 < module.n &&
                module.p[k + 1] == 'x') {
                plus = (long)k - 1;
                break;
            }
        }
        if (plus >= 0) {
            f->offset = parse_hex(drop(module, (size_t)plus + 3));
            module.n = (size_t)plus;
        }
        if (module.n && !(f->module = copy_field(module)))
            return -1;
    }

    /* What is left is "function source", "function" or "source". */
    struct span func = rest, src = {NULL, 0};
    for (size_t k = rest.n; k-- > 0;) {
        if (is_space(rest.p[k])) {
            struct span tok = drop(rest, k + 1);
            if (looks_like_source(tok)) {
                src = tok;
                func = trim((struct span){rest.p, k});
            }
            break;
        }
    }
    if (func.n && !equals(func, "<null>") && !(f->function = copy_field(func)))
        return -1;
    if (src.p && !equals(src, "<null>")) {
        struct span path;
        split_source(src, &path, &f->line, &f->column);
        if (path.n && !equals(path, "??") && !(f->file = copy_field(path)))
            return -1;
    }
    return 0;
}

/* --- the scanner ------------------------------------------------------------------------ */

struct parser {
    const char *text;
    struct ftf_report_list *out;
    struct ftf_report *cur;     /* open report or NULL */
    size_t cur_start;           /* offset of its first raw byte */
    struct ftf_stack *stack;    /* stack frames go to, or NULL */
    struct span label;          /* label waiting for its first frame */
    bool have_label;
};

static void free_stack(struct ftf_stack *s)
{
    for (size_t i = 0; i < s->n_frames; i++)
        free_frame(&s->frames[i]);
    free(s->frames);
    free(s->label);
}

static void free_report(struct ftf_report *r)
{
    for (size_t i = 0; i < r->n_stacks; i++)
        free_stack(&r->stacks[i]);
    free(r->stacks);
    free(r->headline);
    free(r->summary);
    free(r->raw);
    memset(r, 0, sizeof *r);
}

void ftf_stack_free(struct ftf_stack *s)
{
    free_stack(s);
    memset(s, 0, sizeof *s);
}

int ftf_stack_parse_crash(const char *text, struct ftf_stack *out)
{
    memset(out, 0, sizeof *out);
    struct span all = {text, strlen(text)};
    /* The handler's frame and TSan's above it are ours; the faulting code is below. */
    bool after_handler = !contains(all, "sighandler("), at_trampoline = false;
    size_t cap = 0;
    while (all.n) {
        long nl = find(all, "\n");
        struct span line = {all.p, nl < 0 ? all.n : (size_t)nl};
        all = drop(all, nl < 0 ? all.n : (size_t)nl + 1);
        struct span t = trim(line);
        if (!is_frame_line(t))
            continue;
        if (!after_handler) {
            after_handler = at_trampoline = contains(t, "sighandler(");
            continue;
        }
        struct ftf_frame f;
        if (parse_frame(t, &f) < 0)
            goto nomem;
        /* libc's restorer: "<null> <null> (libc.so.6+0x3c04f)" */
        if (at_trampoline && !f.function) {
            at_trampoline = false;
            free_frame(&f);
            continue;
        }
        at_trampoline = false;
        if (out->n_frames == cap) {
            size_t ncap = cap ? 2 * cap : 16;
            struct ftf_frame *nf = realloc(out->frames, ncap * sizeof *nf);
            if (!nf) {
                free_frame(&f);
                goto nomem;
            }
            out->frames = nf;
            cap = ncap;
        }
        f.index = (unsigned)out->n_frames;
        out->frames[out->n_frames++] = f;
    }
    return 0;
nomem:
    ftf_stack_free(out);
    errno = ENOMEM;
    return -1;
}

void ftf_report_list_free(struct ftf_report_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        free_report(&list->reports[i]);
    free(list->reports);
    memset(list, 0, sizeof *list);
}

static int open_report(struct parser *ps, size_t start, struct span headline, bool is_error,
                       size_t *rcap)
{
    struct ftf_report_list *out = ps->out;
    ps->cur = NULL;
    ps->stack = NULL;
    ps->have_label = false;
    if (out->n >= FTF_REPORT_MAX_REPORTS) {
        out->n_dropped++;
        return 0;
    }
    if (out->n == *rcap) {
        size_t ncap = *rcap ? *rcap * 2 : 4;
        struct ftf_report *nr = realloc(out->reports, ncap * sizeof *nr);
        if (!nr)
            return -1;
        out->reports = nr;
        *rcap = ncap;
    }
    struct ftf_report *r = &out->reports[out->n];
    memset(r, 0, sizeof *r);
    headline = strip_pid(headline);
    r->type = classify_headline(headline, is_error);
    if (!(r->headline = copy_field(headline)))
        return -1;
    out->n++;
    ps->cur = r;
    ps->cur_start = start;
    return 0;
}

/* Close the open report; its raw text is [cur_start, end). */
static int close_report(struct parser *ps, size_t end)
{
    struct ftf_report *r = ps->cur;
    ps->cur = NULL;
    ps->stack = NULL;
    ps->have_label = false;
    if (!r)
        return 0;
    size_t n = end > ps->cur_start ? end - ps->cur_start : 0;
    r->raw = malloc(n + 1);
    if (!r->raw)
        return -1;
    if (n)
        memcpy(r->raw, ps->text + ps->cur_start, n);
    r->raw[n] = '\0';
    r->raw_len = n;
    return 0;
}

static int add_frame(struct parser *ps, struct span t)
{
    struct ftf_report *r = ps->cur;
    if (!ps->stack) {
        if (r->n_stacks >= FTF_REPORT_MAX_STACKS) {
            r->n_dropped++;
            ps->have_label = false;
            return 0;
        }
        /* n_stacks is small and bounded: grow one by one, no capacity to track. */
        struct ftf_stack *st = realloc(r->stacks, (r->n_stacks + 1) * sizeof *st);
        if (!st)
            return -1;
        r->stacks = st;
        struct ftf_stack *s = &st[r->n_stacks++];
        memset(s, 0, sizeof *s);
        if (ps->have_label) {
            s->role = classify_label(ps->label);
            if (!(s->label = copy_field(ps->label)))
                return -1;
        } else {
            s->role = FTF_STACK_MAIN;
        }
        ps->have_label = false;
        ps->stack = s;
    }
    struct ftf_stack *s = ps->stack;
    if (s->n_frames >= FTF_REPORT_MAX_FRAMES) {
        s->n_dropped++;
        return 0;
    }
    /* Capacity is implicit: 4, then doubled whenever n_frames reaches a power of two, so
     * memory follows the input instead of the cap. */
    size_t n = s->n_frames;
    if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
        struct ftf_frame *fr = realloc(s->frames, (n ? 2 * n : 4) * sizeof *fr);
        if (!fr)
            return -1;
        s->frames = fr;
    }
    if (parse_frame(t, &s->frames[s->n_frames])) {
        free_frame(&s->frames[s->n_frames]);
        return -1;
    }
    s->n_frames++;
    return 0;
}

/* Handle one line inside an open report, before its SUMMARY. */
static int report_line(struct parser *ps, struct span line, bool last_unterminated)
{
    struct span t = trim(line);
    struct span body = skip_pid_prefix(t);
    if (starts_with(body, "SUMMARY: ")) {
        /* Even cut short, a SUMMARY line means every stack before it is whole. */
        if (!(ps->cur->summary = copy_field(body)))
            return -1;
        ps->cur->complete = true;
        ps->stack = NULL;
        ps->have_label = false;
        return 0;
    }
    if (is_frame_line(t)) {
        if (last_unterminated)
            return 0; /* maybe cut mid-line */
        return add_frame(ps, t);
    }
    ps->stack = NULL;
    ps->have_label = false;
    if (body.n && body.p[body.n - 1] == ':') {
        ps->label = body;
        ps->have_label = true;
    }
    return 0;
}

int ftf_report_parse(const char *text, size_t len, struct ftf_report_list *out)
{
    struct parser ps = {.text = text, .out = out};
    size_t rcap = 0;
    /* Start of the run of separator/banner lines just before the current line, or
     * SIZE_MAX: a header right after them takes them into its raw text. */
    size_t pre_start = SIZE_MAX;
    memset(out, 0, sizeof *out);
    if (!text)
        len = 0;

    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t next = nl ? end + 1 : len;
        struct span line = {text + pos, end - pos};
        bool unterminated = nl == NULL;
        struct span headline;
        bool is_error;

        if (is_header(line, &headline, &is_error)) {
            size_t start = pre_start != SIZE_MAX ? pre_start : pos;
            /* A header inside an open report means that one was cut short; a completed
             * one without its closing separator ends where the next one starts. */
            if (ps.cur && close_report(&ps, start))
                goto fail;
            if (open_report(&ps, start, headline, is_error, &rcap))
                goto fail;
            pre_start = SIZE_MAX;
            pos = next;
            continue;
        }

        if (ps.cur && ps.cur->complete) {
            /* After SUMMARY only the closing separator still belongs to the report. */
            if (is_separator(line) && !ps.cur->closed) {
                ps.cur->closed = true;
                if (close_report(&ps, next))
                    goto fail;
                pos = next;
                continue;
            }
            if (close_report(&ps, pos))
                goto fail;
        }

        if (is_separator(line) || is_deadly_banner(line)) {
            if (pre_start == SIZE_MAX)
                pre_start = pos;
            pos = next;
            continue;
        }
        pre_start = SIZE_MAX;

        if (ps.cur && report_line(&ps, line, unterminated))
            goto fail;
        pos = next;
    }
    if (ps.cur && close_report(&ps, len))
        goto fail;
    return 0;
fail:
    ftf_report_list_free(out);
    errno = ENOMEM;
    return -1;
}

size_t ftf_report_whole_prefix(const char *text, size_t len)
{
    /* The lines the parser ends a report on (report_line, ftf_report_parse): its SUMMARY,
     * then the separator after it. */
    size_t whole = 0, pos = 0;
    bool after_summary = false;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        if (!nl)
            break; /* an unterminated line ends nothing */
        size_t next = (size_t)(nl - text) + 1;
        struct span line = {text + pos, next - 1 - pos};
        if (starts_with(skip_pid_prefix(trim(line)), "SUMMARY: ")) {
            after_summary = true;
        } else if (after_summary && is_separator(line)) {
            whole = next;
            after_summary = false;
        }
        pos = next;
    }
    return whole;
}
