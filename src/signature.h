/* signature.h - finding kinds and finding signatures: XXH3-64 of a canonical text. */
#ifndef FTF_SIGNATURE_H
#define FTF_SIGNATURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"

/* The kinds of finding: id, name (also the findings/<name>-<sig>/ prefix), whether its run
 * kills or stalls the process it runs in (a replay must fork; a campaign replaces the
 * worker, and does not minimise it in the background), description. */
#define FTF_FINDING_KINDS(X)                                                           \
    X(RACE,      "race",      0, "data race")                                          \
    X(UAF,       "uaf",       0, "heap use after free")                                \
    X(DEADLOCK,  "deadlock",  0, "lock-order inversion (potential deadlock)")          \
    X(TSAN,      "tsan",      0, "other ThreadSanitizer report")                       \
    X(CRASH,     "crash",     1, "crash (fatal signal or CPython fatal error)")        \
    X(HANG,      "hang",      1, "hang (run deadline expired)")                        \
    X(ATOMICITY, "atomicity", 0, "broken atomicity of a documented-atomic operation")  \
    X(EXCEPTION, "exception", 0, "unexpected exception")                               \
    X(OOM,       "oom",       1, "out of memory (a run took its process past --rss-limit)")

enum ftf_finding_kind {
#define FTF_X(id, name, kills, desc) FTF_FINDING_##id,
    FTF_FINDING_KINDS(FTF_X)
#undef FTF_X
    FTF_FINDING_KIND_COUNT
};

/* A computed signature. All strings are malloc'd and owned by the struct; release them
 * with ftf_signature_free. */
struct ftf_signature {
    enum ftf_finding_kind kind;
    uint64_t value;          /* XXH3-64 of canonical */
    char hex[17];            /* value as 16 lowercase hex digits */
    char *canonical;         /* the hashed text, one item per '\n'-terminated line */
    char *summary;           /* one line: "data race: bump racy.c vs bump racy.c" */
    char *top_function;      /* where the finding points (the current access's first
                              * interesting frame); NULL when unknown */
    char *top_file;          /* full path as reported; NULL when unknown */
    unsigned top_line;       /* 0 when unknown */
};

/* Name of a kind ("race", ...); "unknown" when out of range. */
const char *ftf_finding_kind_name(enum ftf_finding_kind kind);

/* True for the kinds whose run kills or stalls its process (crash, hang, oom). */
bool ftf_finding_kind_kills_worker(enum ftf_finding_kind kind);

/* Human description of a kind; "unknown" when out of range. */
const char *ftf_finding_kind_description(enum ftf_finding_kind kind);

/* Look a kind up by name. Returns 0 and sets *out, or -1 when name is not a kind. */
int ftf_finding_kind_from_name(const char *name, enum ftf_finding_kind *out);

/* The finding kind a TSan report type is stored as: race, uaf, deadlock, crash for a
 * deadly signal, tsan for the rest. */
enum ftf_finding_kind ftf_finding_kind_of_tsan(enum ftf_tsan_type type);

/* True when a frame says nothing about the bug: the TSan runtime and its interceptors,
 * libc thread/allocator entry points, CPython's eval loop and call plumbing, and
 * ftfuzz's harness (ftf_* functions, files under harness/). */
bool ftf_frame_is_plumbing(const struct ftf_frame *frame);

/* Signature of a TSan report: its type plus the top three interesting frames (function
 * and file basename) of each key stack, stacks sorted so that swapping the two accesses
 * gives the same value. Returns 0 and fills *out, or -1 (ENOMEM) with *out zeroed. */
int ftf_signature_from_report(const struct ftf_report *report, struct ftf_signature *out);

/* Signature of a non-TSan finding from already-normalised text lines (for a hang, the
 * Python stack; for atomicity, the check() message through ftf_signature_normalise; for
 * an exception, its type then the innermost frames as "function file"). The canonical
 * text is the kind name then each line, trailing blanks trimmed; the summary is
 * "<kind>: <first non-empty line>". Returns 0, or -1 (ENOMEM/EINVAL) with *out zeroed. */
int ftf_signature_from_lines(enum ftf_finding_kind kind, const char *const *lines, size_t n,
                             struct ftf_signature *out);

/* Signature of a crash: the signal name ("SEGV" and "SIGSEGV" are the same) and the top
 * three interesting frames. A TSan deadly-signal report with the same frames gets the same
 * value. Returns 0, or -1 (ENOMEM/EINVAL) with *out zeroed. */
int ftf_signature_crash(const char *signal_name, const struct ftf_frame *frames, size_t n,
                        struct ftf_signature *out);

/* A malloc'd copy of text with each run of decimal digits replaced by "N" and each
 * 0x-prefixed hex number by "0xN", so counts, ids and addresses do not split a finding.
 * Returns NULL on ENOMEM; the caller frees. */
char *ftf_signature_normalise(const char *text);

/* Free the strings of *sig and zero it; NULL-safe. */
void ftf_signature_free(struct ftf_signature *sig);

/* Write value as 16 lowercase hex digits plus NUL into buf[17]. */
void ftf_signature_hex(uint64_t value, char buf[17]);

/* Parse exactly 16 hex digits. Returns 0 and sets *out, or -1. */
int ftf_signature_parse_hex(const char *text, uint64_t *out);

#endif
