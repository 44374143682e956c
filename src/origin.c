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

/* How the module's code appears in a stack's top frames. */
enum origin_match {
    ORIGIN_NONE,
    ORIGIN_OWN,     /* the module's code touches the memory itself, or calls what does */
    ORIGIN_CREATOR, /* only below a function that creates or destroys an object: the
                     * module made a PyLong, say, and CPython then raced on it */
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
        if (!fr->module || strcmp(fr->module, module_file) || !fr->function) {
            below_lifecycle |= is_lifecycle(fr);
            continue;
        }
        const char *file = fr->file ? strrchr(fr->file, '/') : NULL;
        file = file ? file + 1 : fr->file ? fr->file : "?";
        snprintf(buf, len, "%s:%s", file, fr->function);
        return below_lifecycle ? ORIGIN_CREATOR : ORIGIN_OWN;
    }
    return ORIGIN_NONE;
}

/* Whether rep is the module's, its frame into buf. A creator match counts only when the
 * other key stack is the module's too (an object it published without a lock): a locked
 * module's fresh PyLong that pickle.dumps then read racily from a shared dict is CPython's
 * race (seen under the locked_global fixture). */
static int origin_of_report(const struct ftf_report *rep, const char *module_file, char *buf,
                            size_t len)
{
    int reuse = 0;
    for (size_t s = 0; s < rep->n_stacks; s++)
        reuse |= ftf_stack_role_is_key(rep->stacks[s].role) && reuses_memory(&rep->stacks[s]);
    unsigned creator = 0;
    char first[256] = "";
    for (size_t s = 0; s < rep->n_stacks; s++) {
        const struct ftf_stack *st = &rep->stacks[s];
        if (!ftf_stack_role_is_key(st->role))
            continue;
        char here[256];
        enum origin_match m = origin_in(st, module_file, 0, here, sizeof here);
        if (m == ORIGIN_NONE && reuse && !reuses_memory(st))
            m = origin_in(st, module_file, 1, here, sizeof here);
        if (m == ORIGIN_NONE)
            continue;
        if (m == ORIGIN_OWN) {
            snprintf(buf, len, "%s", here);
            return 1;
        }
        if (creator++ == 0)
            snprintf(first, sizeof first, "%s", here);
    }
    if (creator >= 2) {
        snprintf(buf, len, "%s", first);
        return 1;
    }
    return 0;
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
