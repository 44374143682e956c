/* signature.c - canonical text of a finding (normalised, ordered frames) and its XXH3-64. */
#include "signature.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "strbuf.h"

#define TOP_FRAMES 3
#define SUMMARY_MAX 200

static const char *const kind_names[] = {
#define FTF_X(id, name, kills, desc) [FTF_FINDING_##id] = name,
    FTF_FINDING_KINDS(FTF_X)
#undef FTF_X
};

static const char *const kind_descs[] = {
#define FTF_X(id, name, kills, desc) [FTF_FINDING_##id] = desc,
    FTF_FINDING_KINDS(FTF_X)
#undef FTF_X
};

const char *ftf_finding_kind_name(enum ftf_finding_kind kind)
{
    return (unsigned)kind < FTF_FINDING_KIND_COUNT ? kind_names[kind] : "unknown";
}

static const bool kind_kills_worker[] = {
#define FTF_X(id, name, kills, desc) [FTF_FINDING_##id] = kills,
    FTF_FINDING_KINDS(FTF_X)
#undef FTF_X
};

bool ftf_finding_kind_kills_worker(enum ftf_finding_kind kind)
{
    return (unsigned)kind < FTF_FINDING_KIND_COUNT && kind_kills_worker[kind];
}

const char *ftf_finding_kind_description(enum ftf_finding_kind kind)
{
    return (unsigned)kind < FTF_FINDING_KIND_COUNT ? kind_descs[kind] : "unknown";
}

int ftf_finding_kind_from_name(const char *name, enum ftf_finding_kind *out)
{
    for (unsigned k = 0; name && k < FTF_FINDING_KIND_COUNT; k++) {
        if (strcmp(name, kind_names[k]) == 0) {
            *out = (enum ftf_finding_kind)k;
            return 0;
        }
    }
    return -1;
}

enum ftf_finding_kind ftf_finding_kind_of_tsan(enum ftf_tsan_type type)
{
    switch (type) {
    case FTF_TSAN_RACE:
        return FTF_FINDING_RACE;
    case FTF_TSAN_UAF:
        return FTF_FINDING_UAF;
    case FTF_TSAN_DEADLOCK:
        return FTF_FINDING_DEADLOCK;
    case FTF_TSAN_DEADLY_SIGNAL:
        return FTF_FINDING_CRASH;
    default:
        return FTF_FINDING_TSAN;
    }
}

void ftf_signature_hex(uint64_t value, char buf[17])
{
    snprintf(buf, 17, "%016" PRIx64, value);
}

int ftf_signature_parse_hex(const char *text, uint64_t *out)
{
    uint64_t v = 0;
    if (!text || strlen(text) != 16)
        return -1;
    for (int i = 0; i < 16; i++) {
        char c = text[i];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return -1;
        v = (v << 4) | d;
    }
    *out = v;
    return 0;
}

void ftf_signature_free(struct ftf_signature *sig)
{
    if (!sig)
        return;
    free(sig->canonical);
    free(sig->summary);
    free(sig->top_function);
    free(sig->top_file);
    memset(sig, 0, sizeof *sig);
}

/* --- frame normalisation ---------------------------------------------------------------- */

static const char *basename_of(const char *path)
{
    const char *s = strrchr(path, '/');
    const char *b = strrchr(path, '\\');
    if (b && (!s || b > s))
        s = b;
    return s ? s + 1 : path;
}

/* Length of a function name without GCC clone suffixes (".cold", ".isra.0", ...), which
 * vary with the optimiser, not with the bug. */
static size_t function_len(const char *fn)
{
    static const char *const clones[] = {".cold", ".isra", ".constprop", ".part", ".lto_priv",
                                         ".localalias"};
    size_t n = strlen(fn);
    for (const char *dot = strchr(fn, '.'); dot; dot = strchr(dot + 1, '.'))
        for (size_t i = 0; i < sizeof clones / sizeof clones[0]; i++)
            if (strncmp(dot, clones[i], strlen(clones[i])) == 0)
                return (size_t)(dot - fn);
    return n;
}

static bool name_is(const char *fn, size_t n, const char *name)
{
    return strlen(name) == n && memcmp(fn, name, n) == 0;
}

static bool name_has_prefix(const char *fn, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(fn, prefix, k) == 0;
}

static bool in_list(const char *fn, size_t n, const char *const *list, size_t count,
                    bool prefix)
{
    for (size_t i = 0; i < count; i++)
        if (prefix ? name_has_prefix(fn, n, list[i]) : name_is(fn, n, list[i]))
            return true;
    return false;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* TSan's runtime, its interceptors (which show up under the libc name they intercept),
 * thread entry/exit, and allocators: never where a bug is, even as a last resort. */
static bool is_runtime(const struct ftf_frame *f)
{
    static const char *const prefixes[] = {
        "__tsan", "__interceptor_", "___interceptor_", "__interception", "__sanitizer",
        "__asan", "__ubsan", "__lsan", "__msan", "pthread_", "__pthread", "sem_",
        "__libc_", "operator new", "operator delete", "mi_", "_mi_", "_PyMem_",
        "PyMem_", "_PyObject_Mi", "internal_",
    };
    static const char *const exact[] = {
        "memcpy", "memset", "memmove", "memcmp", "bcmp", "strlen", "strnlen", "strcmp",
        "strncmp", "strcpy", "strncpy", "strcat", "strchr", "strrchr", "strdup", "strndup",
        "free", "malloc", "calloc", "realloc", "reallocarray", "posix_memalign",
        "aligned_alloc", "memalign", "valloc", "pvalloc", "malloc_usable_size", "cfree",
        "_start", "start_thread", "clone", "clone3", "__clone", "__clone3", "raise",
        "abort", "PyObject_Free", "PyObject_Malloc", "PyObject_Calloc", "PyObject_Realloc",
    };
    if (f->function) {
        size_t n = function_len(f->function);
        if (in_list(f->function, n, prefixes, COUNT(prefixes), true) ||
            in_list(f->function, n, exact, COUNT(exact), false))
            return true;
    }
    if (f->file) {
        const char *b = basename_of(f->file);
        if (strncmp(b, "tsan_", 5) == 0 || strncmp(b, "sanitizer_", 10) == 0 ||
            strncmp(b, "interception", 12) == 0 || strstr(f->file, "/compiler-rt/") ||
            strstr(f->file, "/sanitizer_common/") || strstr(f->file, "mimalloc"))
            return true;
    }
    if (f->module) {
        const char *b = basename_of(f->module);
        if (strncmp(b, "libclang_rt.tsan", 16) == 0 || strncmp(b, "libtsan.so", 10) == 0)
            return true;
    }
    return false;
}

/* CPython's eval loop and call machinery (Python/ceval.c, Objects/call.c and the
 * vectorcall trampolines) and thread bootstrap: on every stack, so they would make all
 * findings look alike. */
static bool is_eval(const struct ftf_frame *f)
{
    static const char *const prefixes[] = {
        "_PyObject_Call", "PyObject_Call", "_PyObject_Vectorcall", "PyObject_Vectorcall",
        "_PyObject_FastCall", "method_vectorcall", "vectorcall_", "_PyVectorcall",
        "_Py_atomic_", "PyRun_", "_PyRun_", "pymain_",
    };
    static const char *const exact[] = {
        "_PyEval_EvalFrameDefault", "_PyEval_EvalFrame", "_PyEval_Vector",
        "_PyEval_EvalCode", "PyEval_EvalCode", "PyEval_EvalCodeEx",
        "PyEval_CallObjectWithKeywords", "_PyFunction_Vectorcall", "function_code_fastcall",
        "PyCFunction_Call", "_Py_CheckFunctionResult", "_PyObject_MakeTpCall",
        "PyVectorcall_Call", "object_vacall", "thread_run", "pythread_wrapper",
        "do_start_joinable_thread", "context_run", "slot_tp_call",
        "_PyCFunctionWithKeywords_TrampolineCall", "run_mod", "run_eval_code_obj",
        "Py_RunMain", "Py_BytesMain", "Py_Main",
    };
    if (f->function) {
        size_t n = function_len(f->function);
        if (in_list(f->function, n, prefixes, COUNT(prefixes), true) ||
            in_list(f->function, n, exact, COUNT(exact), false))
            return true;
        /* cfunction_call, cfunction_vectorcall_FASTCALL_KEYWORDS, ... */
        if (name_has_prefix(f->function, n, "cfunction_") && strstr(f->function, "call"))
            return true;
    }
    /* inline wrappers around one atomic instruction: the caller is the interesting part */
    return f->file && strncmp(basename_of(f->file), "pyatomic", 8) == 0;
}

/* ftfuzz's own harness: ftf_* functions and anything under harness/. */
static bool is_harness(const struct ftf_frame *f)
{
    if (f->function && strncmp(f->function, "ftf_", 4) == 0)
        return true;
    return f->file && (strncmp(f->file, "harness/", 8) == 0 || strstr(f->file, "/harness/"));
}

bool ftf_frame_is_plumbing(const struct ftf_frame *frame)
{
    return frame && (is_runtime(frame) || is_eval(frame) || is_harness(frame));
}

/* Append a frame's canonical text: "function file", with the file's basename, the module's
 * when there is no file, or "module+0xoff" for an unsymbolised frame (offsets within one
 * binary are stable across runs, unlike addresses). */
static void add_frame_text(struct ftf_sb *b, const struct ftf_frame *f)
{
    if (f->function) {
        ftf_sb_putn(b, f->function, function_len(f->function));
        ftf_sb_puts(b, " ");
        if (f->file)
            ftf_sb_puts(b, basename_of(f->file));
        else if (f->module)
            ftf_sb_puts(b, basename_of(f->module));
        else
            ftf_sb_puts(b, "?");
        return;
    }
    char off[32];
    snprintf(off, sizeof off, "+0x%" PRIx64, f->offset);
    ftf_sb_puts(b, f->module ? basename_of(f->module) : "?");
    ftf_sb_puts(b, off);
}

static bool frame_has_identity(const struct ftf_frame *f)
{
    return f->function || f->module;
}

/* Indices of the first TOP_FRAMES interesting frames; when a stack is all plumbing (a
 * race inside the eval loop itself), the first eval-loop frames instead. */
static size_t pick_frames(const struct ftf_frame *fr, size_t n, size_t idx[TOP_FRAMES])
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < TOP_FRAMES; i++)
        if (frame_has_identity(&fr[i]) && !ftf_frame_is_plumbing(&fr[i]))
            idx[k++] = i;
    if (k)
        return k;
    for (size_t i = 0; i < n && k < TOP_FRAMES; i++)
        if (frame_has_identity(&fr[i]) && !is_runtime(&fr[i]) && !is_harness(&fr[i]))
            idx[k++] = i;
    return k;
}

/* Canonical line for a stack: its picked frames joined by " | " ("-" when none). */
static char *stack_text(const struct ftf_frame *fr, size_t n)
{
    struct ftf_sb b = {0};
    size_t idx[TOP_FRAMES];
    size_t k = pick_frames(fr, n, idx);
    for (size_t i = 0; i < k; i++) {
        if (i)
            ftf_sb_puts(&b, " | ");
        add_frame_text(&b, &fr[idx[i]]);
    }
    if (!k)
        ftf_sb_puts(&b, "-");
    return ftf_sb_take(&b);
}

/* Text for the summary: the first picked frame of a stack, or "?". */
static char *stack_head(const struct ftf_frame *fr, size_t n)
{
    struct ftf_sb b = {0};
    size_t idx[TOP_FRAMES];
    if (pick_frames(fr, n, idx))
        add_frame_text(&b, &fr[idx[0]]);
    else
        ftf_sb_puts(&b, "?");
    return ftf_sb_take(&b);
}

/* Finish *out from its canonical text: hash and hex. */
static void seal(struct ftf_signature *out)
{
    out->value = XXH3_64bits(out->canonical, strlen(out->canonical));
    ftf_signature_hex(out->value, out->hex);
}

/* Cut a summary to SUMMARY_MAX bytes and flatten control characters. */
static void tidy_summary(char *s)
{
    size_t n = strlen(s);
    if (n > SUMMARY_MAX) {
        n = SUMMARY_MAX;
        /* do not cut a UTF-8 sequence in half */
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        s[n] = '\0';
    }
    for (char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
}

static int set_top(struct ftf_signature *out, const struct ftf_frame *f)
{
    if (f->function && !(out->top_function = strdup(f->function)))
        return -1;
    if (f->file && !(out->top_file = strdup(f->file)))
        return -1;
    out->top_line = f->line;
    return 0;
}

/* Strip a leading "SIG" so "SIGSEGV" (a signal handler's name) and "SEGV" (TSan's) agree. */
static const char *signal_base(const char *name)
{
    return strncmp(name, "SIG", 3) == 0 && name[3] ? name + 3 : name;
}

int ftf_signature_crash(const char *signal_name, const struct ftf_frame *frames, size_t n,
                        struct ftf_signature *out)
{
    memset(out, 0, sizeof *out);
    if (!signal_name || (n && !frames)) {
        errno = EINVAL;
        return -1;
    }
    char *norm = ftf_signature_normalise(signal_base(signal_name));
    char *text = stack_text(frames, n);
    char *head = stack_head(frames, n);
    struct ftf_sb c = {0}, s = {0};
    int rc = -1;
    if (!norm || !text || !head)
        goto out;
    out->kind = FTF_FINDING_CRASH;
    ftf_sb_puts(&c, "crash: ");
    ftf_sb_puts(&c, norm);
    ftf_sb_puts(&c, "\n");
    ftf_sb_puts(&c, text);
    ftf_sb_puts(&c, "\n");
    ftf_sb_puts(&s, "crash: SIG");
    ftf_sb_puts(&s, norm);
    ftf_sb_puts(&s, " in ");
    ftf_sb_puts(&s, head);
    out->canonical = ftf_sb_take(&c);
    out->summary = ftf_sb_take(&s);
    if (!out->canonical || !out->summary)
        goto out;
    tidy_summary(out->summary);
    size_t idx[TOP_FRAMES];
    if (pick_frames(frames, n, idx) && set_top(out, &frames[idx[0]]))
        goto out;
    seal(out);
    rc = 0;
out:
    free(norm);
    free(text);
    free(head);
    free(c.s);
    free(s.s);
    if (rc) {
        ftf_signature_free(out);
        errno = ENOMEM;
    }
    return rc;
}

/* The first word of a deadly-signal headline: "SEGV on unknown address ..." -> "SEGV". */
static char *first_word(const char *s)
{
    size_t n = strcspn(s, " \t");
    return strndup(s, n);
}

int ftf_signature_from_report(const struct ftf_report *r, struct ftf_signature *out)
{
    memset(out, 0, sizeof *out);
    if (!r) {
        errno = EINVAL;
        return -1;
    }
    if (r->type == FTF_TSAN_DEADLY_SIGNAL) {
        const struct ftf_stack *main_stack = NULL;
        for (size_t i = 0; i < r->n_stacks && !main_stack; i++)
            if (r->stacks[i].role == FTF_STACK_MAIN)
                main_stack = &r->stacks[i];
        char *sig = first_word(r->headline ? r->headline : "");
        if (!sig) {
            errno = ENOMEM;
            return -1;
        }
        int rc = ftf_signature_crash(sig, main_stack ? main_stack->frames : NULL,
                                     main_stack ? main_stack->n_frames : 0, out);
        free(sig);
        return rc;
    }

    /* Which stacks count: the key ones; a thread leak has only its creation stack. */
    bool use_key = false, use_thread = false;
    for (size_t i = 0; i < r->n_stacks; i++) {
        if (ftf_stack_role_is_key(r->stacks[i].role))
            use_key = true;
        else if (r->stacks[i].role == FTF_STACK_THREAD_CREATED)
            use_thread = true;
    }
    const struct ftf_stack *chosen[FTF_REPORT_MAX_STACKS];
    char *lines[FTF_REPORT_MAX_STACKS] = {0};
    char *heads[FTF_REPORT_MAX_STACKS] = {0};
    size_t n = 0;
    for (size_t i = 0; i < r->n_stacks && n < FTF_REPORT_MAX_STACKS; i++) {
        enum ftf_stack_role role = r->stacks[i].role;
        bool take = use_key ? ftf_stack_role_is_key(role)
                  : use_thread ? role == FTF_STACK_THREAD_CREATED : true;
        if (take)
            chosen[n++] = &r->stacks[i];
    }

    struct ftf_sb c = {0}, s = {0};
    char *type_text = NULL;
    int rc = -1;
    if (r->type == FTF_TSAN_OTHER) {
        /* "other" lumps several TSan types together: the headline tells them apart. */
        type_text = ftf_signature_normalise(r->headline ? r->headline : "");
    } else {
        type_text = strdup(ftf_tsan_type_name(r->type));
    }
    if (!type_text)
        goto out;
    for (size_t i = 0; i < n; i++) {
        if (!(lines[i] = stack_text(chosen[i]->frames, chosen[i]->n_frames)))
            goto out;
    }
    /* Where the report points: the current access, i.e. the first chosen stack, before
     * sorting. */
    for (size_t i = 0; i < n; i++) {
        size_t idx[TOP_FRAMES];
        if (pick_frames(chosen[i]->frames, chosen[i]->n_frames, idx)) {
            if (set_top(out, &chosen[i]->frames[idx[0]]))
                goto out;
            break;
        }
    }
    /* Sort stacks by their canonical line, so A/B and B/A agree; heads follow the same
     * order so the summary is stable too. */
    size_t order[FTF_REPORT_MAX_STACKS];
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = 1; i < n; i++) {
        size_t v = order[i], j = i;
        while (j > 0 && strcmp(lines[order[j - 1]], lines[v]) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
    for (size_t i = 0; i < n; i++)
        if (!(heads[i] = stack_head(chosen[order[i]]->frames, chosen[order[i]]->n_frames)))
            goto out;

    out->kind = ftf_finding_kind_of_tsan(r->type);
    ftf_sb_puts(&c, type_text);
    ftf_sb_puts(&c, "\n");
    ftf_sb_puts(&s, type_text);
    ftf_sb_puts(&s, ":");
    for (size_t i = 0; i < n; i++) {
        ftf_sb_puts(&c, lines[order[i]]);
        ftf_sb_puts(&c, "\n");
        ftf_sb_puts(&s, i ? " vs " : " ");
        ftf_sb_puts(&s, heads[i]);
    }
    if (!n)
        ftf_sb_puts(&s, " ?");
    out->canonical = ftf_sb_take(&c);
    out->summary = ftf_sb_take(&s);
    if (!out->canonical || !out->summary)
        goto out;
    tidy_summary(out->summary);
    seal(out);
    rc = 0;
out:
    for (size_t i = 0; i < n; i++) {
        free(lines[i]);
        free(heads[i]);
    }
    free(type_text);
    free(c.s);
    free(s.s);
    if (rc) {
        ftf_signature_free(out);
        errno = ENOMEM;
    }
    return rc;
}

int ftf_signature_from_lines(enum ftf_finding_kind kind, const char *const *lines, size_t n,
                             struct ftf_signature *out)
{
    memset(out, 0, sizeof *out);
    if ((unsigned)kind >= FTF_FINDING_KIND_COUNT || (n && !lines)) {
        errno = EINVAL;
        return -1;
    }
    struct ftf_sb c = {0}, s = {0};
    const char *first = NULL;
    size_t first_len = 0;
    ftf_sb_puts(&c, ftf_finding_kind_name(kind));
    ftf_sb_puts(&c, "\n");
    for (size_t i = 0; i < n; i++) {
        const char *l = lines[i] ? lines[i] : "";
        size_t len = strlen(l);
        while (len && (l[len - 1] == ' ' || l[len - 1] == '\t' || l[len - 1] == '\r' ||
                       l[len - 1] == '\n'))
            len--;
        ftf_sb_putn(&c, l, len);
        ftf_sb_puts(&c, "\n");
        if (!first && len) {
            first = l;
            first_len = len;
            while (first_len && (*first == ' ' || *first == '\t')) {
                first++;
                first_len--;
            }
        }
    }
    ftf_sb_puts(&s, ftf_finding_kind_name(kind));
    ftf_sb_puts(&s, ": ");
    if (first)
        ftf_sb_putn(&s, first, first_len);
    else
        ftf_sb_puts(&s, "?");
    out->kind = kind;
    out->canonical = ftf_sb_take(&c);
    out->summary = ftf_sb_take(&s);
    if (!out->canonical || !out->summary) {
        ftf_signature_free(out);
        errno = ENOMEM;
        return -1;
    }
    tidy_summary(out->summary);
    seal(out);
    return 0;
}

char *ftf_signature_normalise(const char *text)
{
    struct ftf_sb b = {0};
    const char *p = text ? text : "";
    while (*p) {
        if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
            ((p[2] >= '0' && p[2] <= '9') || (p[2] >= 'a' && p[2] <= 'f') ||
             (p[2] >= 'A' && p[2] <= 'F'))) {
            p += 2;
            while ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') ||
                   (*p >= 'A' && *p <= 'F'))
                p++;
            ftf_sb_puts(&b, "0xN");
        } else if (*p >= '0' && *p <= '9') {
            while (*p >= '0' && *p <= '9')
                p++;
            ftf_sb_puts(&b, "N");
        } else {
            size_t k = 1;
            while (p[k] && !(p[k] >= '0' && p[k] <= '9'))
                k++;
            ftf_sb_putn(&b, p, k);
            p += k;
        }
    }
    return ftf_sb_take(&b);
}
