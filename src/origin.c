/* origin.c - attribution: a finding is a module's when its code is near the top of a stack. */
#include "origin.h"

#include <stdio.h>
#include <string.h>

#include "signature.h"

/* Frames from the top of a stack, past plumbing, in which the module's code must appear:
 * a race inside CPython's allocator reached through the module's PyMem_Free is CPython's
 * (seen: mimalloc page flags, under a locked fixture). */
#define ORIGIN_TOP_FRAMES 3

/* CPython's protocol entry points: they only dispatch to the object's type, so when the
 * other side of a race is reusing freed memory they say nothing about who is at fault. */
static const char *const dispatchers[] = {
    "PyObject_Repr",    "PyObject_Str",     "PyObject_Hash",        "PyObject_RichCompare",
    "PyObject_RichCompareBool", "PyObject_GetAttr", "PyObject_SetAttr", "PyObject_GetItem",
    "PyObject_SetItem", "PyObject_GetIter", "PyIter_Next",          "PyObject_Size",
    "PyObject_Length",  "PyObject_Print",   "PyObject_Format",
};

static int is_dispatcher(const struct ftf_frame *f)
{
    for (size_t i = 0; f->function && i < sizeof dispatchers / sizeof dispatchers[0]; i++)
        if (!strcmp(f->function, dispatchers[i]))
            return 1;
    return 0;
}

/* Words in the name of a function that creates or destroys an object (PyList_New,
 * _PyObject_Init, _PyLong_FromMedium, list_dealloc, PyObject_GC_Del). Case matters:
 * "_odict_add_new_node" adds to a live container and is no such function. */
static const char *const lifecycle_words[] = {"New", "alloc", "Alloc", "_Init", "From",
                                              "GC_Del", "Object_Del", "Free", "free"};

static int is_lifecycle(const struct ftf_frame *f)
{
    for (size_t i = 0; f->function && i < sizeof lifecycle_words / sizeof lifecycle_words[0];
         i++)
        if (strstr(f->function, lifecycle_words[i]))
            return 1;
    return 0;
}

static int interesting(const struct ftf_frame *f)
{
    return (f->function || f->module) && !ftf_frame_is_plumbing(f);
}

/* 1 when one of the first ORIGIN_TOP_FRAMES interesting frames of st creates or destroys
 * an object: the memory of the race was freed and is being reused (a borrowed reference
 * held too long, on the other side). */
static int reuses_memory(const struct ftf_stack *st)
{
    unsigned seen = 0;
    for (size_t f = 0; f < st->n_frames && seen < ORIGIN_TOP_FRAMES; f++) {
        if (!interesting(&st->frames[f]))
            continue;
        seen++;
        if (is_lifecycle(&st->frames[f]))
            return 1;
    }
    return 0;
}

/* 1 when fr's source file matches "src:SUFFIX" (len bytes of it, the prefix included): it
 * ends in SUFFIX, or is under it when SUFFIX ends in '/'. */
static int in_source(const struct ftf_frame *fr, const char *pattern, size_t len)
{
    const char *suffix = pattern + 4;
    size_t n = len - 4, f = fr->file ? strlen(fr->file) : 0;
    if (!n || !fr->file)
        return 0;
    if (suffix[n - 1] == '/')
        return memmem(fr->file, f, suffix, n) != NULL;
    return f >= n && !strncmp(fr->file + f - n, suffix, n);
}

/* 1 when fr runs in the module's code: module_file names its binaries as TSan prints them
 * (one shared object, or a package's several), or, for a module built into the
 * executable, its source files ("src:SUFFIX" lines, ftf_stdlib_source_patterns); one entry
 * a line. */
static int in_module(const struct ftf_frame *fr, const char *module_file)
{
    size_t n = fr->module ? strlen(fr->module) : 0;
    for (const char *p = module_file; *p;) {
        size_t len = strcspn(p, "\n");
        if (len > 4 && !strncmp(p, "src:", 4) ? in_source(fr, p, len)
                                              : fr->module && len == n &&
                                                    !strncmp(p, fr->module, n))
            return 1;
        p += len + (p[len] == '\n');
    }
    return 0;
}

/* 1 when a frame's source is a header someone else wrote, inlined into the module's
 * binary: CPython's (object.h:Py_DECREF, from the include/python3.Nt directory the module
 * was compiled against, or its source tree's Include/ for a standard-library module) or the
 * system's (/usr/..., libstdc++'s vector.tcc). The module's own headers count as its code. */
static int foreign_header(const struct ftf_frame *fr)
{
    return fr->file && (!strncmp(fr->file, "/usr/", 5) || strstr(fr->file, "/include/python3") ||
                        strstr(fr->file, "/Include/")); /* CPython's tree: a stdlib module */
}

/* The frame that names the module's code for the module frame st->frames[f]: the
 * innermost frame from f outwards, still in the module's binary, whose source is the
 * module's own; f itself when there is none (every frame a header). */
static size_t own_frame(const struct ftf_stack *st, size_t f, const char *module_file)
{
    for (size_t g = f; g < st->n_frames && in_module(&st->frames[g], module_file); g++)
        if (st->frames[g].function && !foreign_header(&st->frames[g]))
            return g;
    return f;
}

/* "file:function" of fr into buf, the file's basename. */
static void label(const struct ftf_frame *fr, char *buf, size_t len)
{
    const char *file = fr->file ? strrchr(fr->file, '/') : NULL;
    file = file ? file + 1 : fr->file ? fr->file : "?";
    snprintf(buf, len, "%s:%s", file, fr->function);
}

/* 1 when the module's frame st->frames[f] runs inside a deallocator: it, a frame of the
 * module's that called it, or the first frame outside the module (_Py_Dealloc,
 * subtype_dealloc) is named *dealloc*. A deallocator owns its object: nobody else holds a
 * reference, so another thread touching the same memory without a happens-before is
 * reading the block after the allocator recycled it (TSan does not see the hand-over from
 * the freeing thread to the next owner), or holds a pointer it has no reference for. */
static int inside_deallocator(const struct ftf_stack *st, size_t f, const char *module_file)
{
    for (size_t g = f; g < st->n_frames; g++) {
        const struct ftf_frame *fr = &st->frames[g];
        if (fr->function && strcasestr(fr->function, "dealloc"))
            return 1;
        if (!in_module(fr, module_file))
            return 0;
    }
    return 0;
}

/* How the module's code appears in a stack's top frames. */
enum origin_match {
    ORIGIN_NONE,
    ORIGIN_OWN,       /* the module's code touches the memory itself, or calls what does */
    ORIGIN_LIFECYCLE, /* only while an object is made or destroyed: below a function that
                       * creates one (the module made a PyLong, say, and CPython then raced
                       * on it), or inside the module's deallocator (its writes to its own
                       * dying object, raced by a read of the recycled block) */
};

/* The module's frame within the top frames of st (dispatchers skipped when skip_dispatch),
 * into buf. */
static enum origin_match origin_in(const struct ftf_stack *st, const char *module_file,
                                   int skip_dispatch, char *buf, size_t len)
{
    unsigned seen = 0;
    int below_lifecycle = 0;
    for (size_t f = 0; f < st->n_frames && seen < ORIGIN_TOP_FRAMES; f++) {
        const struct ftf_frame *fr = &st->frames[f];
        if (!interesting(fr) || (skip_dispatch && is_dispatcher(fr)))
            continue;
        seen++;
        /* The module's binary, which covers CPython's inline header functions compiled
         * into it. */
        if (!in_module(fr, module_file) || !fr->function) {
            below_lifecycle |= is_lifecycle(fr);
            continue;
        }
        label(&st->frames[own_frame(st, f, module_file)], buf, len);
        return below_lifecycle || inside_deallocator(st, f, module_file) ? ORIGIN_LIFECYCLE
                                                                         : ORIGIN_OWN;
    }
    return ORIGIN_NONE;
}

/* Whether rep is the module's, its frame into buf. A lifecycle match counts only when the
 * other key stack is the module's too (an object it published without a lock, or one of
 * its functions using an object another thread is destroying): a locked module's fresh
 * PyLong that pickle.dumps then read racily from a shared dict is CPython's race (seen
 * under the locked_global fixture), and so is pickle.dumps reading a list that occupies
 * the block of a Buffer that locked_buffer's deallocator had cleared (a campaign on the
 * locked twin). Such a report stays a finding, CPython's. */
static int origin_of_report(const struct ftf_report *rep, const char *module_file, char *buf,
                            size_t len)
{
    int reuse = 0;
    for (size_t s = 0; s < rep->n_stacks; s++)
        reuse |= ftf_stack_role_is_key(rep->stacks[s].role) && reuses_memory(&rep->stacks[s]);
    /* The least label of each kind, not the first: which racing access TSan prints first
     * depends on which thread came second, and one signature must get one origin. */
    unsigned own = 0, lifecycle = 0;
    char least_own[512] = "", least_lifecycle[512] = "";
    for (size_t s = 0; s < rep->n_stacks; s++) {
        const struct ftf_stack *st = &rep->stacks[s];
        if (!ftf_stack_role_is_key(st->role))
            continue;
        char here[512];
        enum origin_match m = origin_in(st, module_file, 0, here, sizeof here);
        if (m == ORIGIN_NONE && reuse && !reuses_memory(st))
            m = origin_in(st, module_file, 1, here, sizeof here);
        if (m == ORIGIN_NONE)
            continue;
        unsigned *count = m == ORIGIN_OWN ? &own : &lifecycle;
        char *least = m == ORIGIN_OWN ? least_own : least_lifecycle;
        if ((*count)++ == 0 || strcmp(here, least) < 0)
            snprintf(least, sizeof least_own, "%s", here);
    }
    if (own || lifecycle >= 2) {
        snprintf(buf, len, "%s", own ? least_own : least_lifecycle);
        return 1;
    }
    return 0;
}

int ftf_module_origin_of_crash(const struct ftf_stack *st, const char *module_file, char *buf,
                               size_t len)
{
    if (!module_file || !*module_file)
        return 0;
    return origin_in(st, module_file, 0, buf, len) != ORIGIN_NONE;
}

int ftf_module_origin(const struct ftf_report_list *list, const char *module_file, char *buf,
                      size_t len)
{
    if (!module_file || !*module_file)
        return 0;
    for (size_t r = 0; r < list->n; r++)
        if (origin_of_report(&list->reports[r], module_file, buf, len))
            return 1;
    return 0;
}
