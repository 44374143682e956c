/* report.h - parse ThreadSanitizer report text into reports, stacks and frames. */
#ifndef FTF_REPORT_H
#define FTF_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bounds that keep memory proportional to the input however hostile it is; what goes past
 * them is counted in the n_dropped fields, never stored. */
#define FTF_REPORT_MAX_REPORTS 1024
#define FTF_REPORT_MAX_STACKS  32
#define FTF_REPORT_MAX_FRAMES  128
#define FTF_REPORT_MAX_FIELD   4096 /* bytes kept of one function/file/module/label/headline */

/* The report types TSan prints in its "WARNING: ThreadSanitizer: <headline>" line (see
 * ReportTypeString in compiler-rt's tsan_report.cpp), plus the deadly-signal "ERROR:" form. */
#define FTF_TSAN_TYPES(X)                                                      \
    X(RACE,           "data race")                                             \
    X(UAF,            "heap-use-after-free")                                   \
    X(DEADLOCK,       "lock-order-inversion")                                  \
    X(THREAD_LEAK,    "thread leak")                                           \
    X(SIGNAL_UNSAFE,  "signal-unsafe call inside of a signal handler")         \
    X(SIGNAL_ERRNO,   "signal handler spoils errno")                           \
    X(MUTEX_DESTROY,  "destroy of a locked mutex")                             \
    X(MUTEX_UNLOCK,   "unlock of an unlocked mutex")                           \
    X(DEADLY_SIGNAL,  "deadly signal")                                         \
    X(OTHER,          "other")

enum ftf_tsan_type {
#define FTF_X(id, name) FTF_TSAN_##id,
    FTF_TSAN_TYPES(FTF_X)
#undef FTF_X
    FTF_TSAN_TYPE_COUNT
};

/* What a stack in a report stands for, from the line that introduces it. */
#define FTF_STACK_ROLES(X)                                                     \
    X(ACCESS,           "access")        /* "Write of size 4 at ... by thread T1:" */  \
    X(PREVIOUS,         "previous")      /* "Previous read of size 8 at ...:" */       \
    X(MUTEX_ACQUIRED,   "mutex-acquired")/* "Mutex M1 acquired here while holding mutex M0 ...:" */ \
    X(MUTEX_PREVIOUSLY, "mutex-previously") /* second_deadlock_stack=1 extra stacks */ \
    X(SIGNAL_HANDLER,   "signal-handler")/* "Signal 10 handler invoked at:" */         \
    X(MAIN,             "main")          /* frames right after the headline */         \
    X(AND,              "and")           /* "and:" (destroy of a locked mutex) */      \
    X(LOCATION,         "location")      /* "Location is heap block ... allocated by" */ \
    X(THREAD_CREATED,   "thread-created")/* "Thread T1 (...) created by main thread at:" */ \
    X(MUTEX_CREATED,    "mutex-created") /* "Mutex M0 (0x...) created at:" */          \
    X(SLEEP,            "sleep")         /* "As if synchronized via sleep:" (context) */ \
    X(OTHER,            "other")

enum ftf_stack_role {
#define FTF_X(id, name) FTF_STACK_##id,
    FTF_STACK_ROLES(FTF_X)
#undef FTF_X
    FTF_STACK_ROLE_COUNT
};

/* One "#N function file:line:col (module+0xoff)" line. Strings are owned by the report. */
struct ftf_frame {
    unsigned index;     /* the N of "#N" */
    char *function;     /* NULL for "<null>" */
    char *file;         /* NULL for "<null>" or when the line has no source */
    unsigned line;      /* 0 when unknown */
    unsigned column;    /* 0 when unknown */
    char *module;       /* "libpython3.13t.so.1.0", "<unknown module>"; NULL when absent */
    uint64_t offset;    /* offset in module, 0 when unknown */
};

/* A stack trace and the line that introduced it. */
struct ftf_stack {
    enum ftf_stack_role role;
    char *label;              /* the introducing line, trimmed; NULL for MAIN */
    struct ftf_frame *frames;
    size_t n_frames;
    size_t n_dropped;         /* frames past FTF_REPORT_MAX_FRAMES */
};

/* One TSan report. */
struct ftf_report {
    enum ftf_tsan_type type;
    char *headline;           /* "data race", "SEGV on unknown address 0x0 (pc ...)": the
                               * text after "ThreadSanitizer: ", without "(pid=N)" */
    char *summary;            /* the whole "SUMMARY: ThreadSanitizer: ..." line; NULL if absent */
    char *raw;                /* the report's text, separators included; NUL-terminated */
    size_t raw_len;
    bool complete;            /* the SUMMARY line was seen */
    bool closed;              /* the closing "==================" line was seen */
    struct ftf_stack *stacks;
    size_t n_stacks;
    size_t n_dropped;         /* stacks past FTF_REPORT_MAX_STACKS */
};

/* All the reports found in one chunk of text. */
struct ftf_report_list {
    struct ftf_report *reports;
    size_t n;
    size_t n_dropped;         /* reports past FTF_REPORT_MAX_REPORTS */
};

/* Parse len bytes of TSan output (any bytes: NULs, garbage, truncation are tolerated).
 * A report cut off before its SUMMARY line is kept with complete == false and the stacks
 * read so far; an unterminated last frame line is ignored, as it may be cut mid-name.
 * Returns 0 and fills *out (free it with ftf_report_list_free), or -1 with errno ENOMEM
 * and *out empty. */
int ftf_report_parse(const char *text, size_t len, struct ftf_report_list *out);

/* The length of the longest prefix of text[0..len) that ends where a whole report ends (its
 * SUMMARY line, then TSan's rule of '=' signs), or 0: TSan writes one report in many
 * writes, so text read while a program runs may end inside one. */
size_t ftf_report_whole_prefix(const char *text, size_t len);

/* Free everything ftf_report_parse allocated in *list and zero it; NULL-safe. */
void ftf_report_list_free(struct ftf_report_list *list);

/* The frames of a crash handler's own stack trace (__sanitizer_print_stack_trace's text,
 * frame lines as in reports): those below the signal handler, past libc's trampoline, which
 * are the faulting code's; all of them when no frame is a signal handler. Other lines are
 * skipped. Returns 0 and fills *out (role MAIN; free with ftf_stack_free), or -1 on ENOMEM
 * with *out empty. */
int ftf_stack_parse_crash(const char *text, struct ftf_stack *out);

/* Free what ftf_stack_parse_crash allocated in *s and zero it. */
void ftf_stack_free(struct ftf_stack *s);

/* Stable lowercase name of a type ("data race", ...); "other" when out of range. */
const char *ftf_tsan_type_name(enum ftf_tsan_type type);

/* Stable name of a stack role ("access", ...); "other" when out of range. */
const char *ftf_stack_role_name(enum ftf_stack_role role);

/* True for the stacks that say where the bug is (the accesses, the lock acquisitions,
 * the signal handler, the unlabelled main stack), false for context stacks (allocation
 * site, thread creation, mutex creation). */
bool ftf_stack_role_is_key(enum ftf_stack_role role);

#endif
