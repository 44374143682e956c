/* finding.h - a finding as the store takes it and gives it back, and the store's return
 * codes (store.h is the API; store_meta.c the encoding). */
#ifndef FTF_FINDING_H
#define FTF_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "signature.h"

/* The heading before a crash report's faulting C stack (the crash handler writes it;
 * attribution reads the stack after it). */
#define FTF_CRASH_C_STACK_HEADING "C stack:\n"

/* Return codes of the store functions; every error also fills the caller's err buffer
 * with a message that names the path concerned. */
enum ftf_store_rc {
    FTF_STORE_OK = 0,
    FTF_STORE_ERR_IO = -1,      /* a system call failed (message has strerror) */
    FTF_STORE_ERR_CORRUPT = -2, /* meta.json is not valid JSON or has a wrong field */
    FTF_STORE_ERR_NOMEM = -3,
    FTF_STORE_ERR_ARG = -4,     /* bad argument (unknown kind, NULL path, ...) */
    FTF_STORE_ERR_NOSPACE = -5, /* the disk (or quota) is full: ENOSPC, EDQUOT */
};

/* What to store for one occurrence of a finding. Everything is borrowed from the caller
 * for the duration of the call. NULL strings and buffers store as empty/unknown. */
struct ftf_finding_in {
    enum ftf_finding_kind kind;
    uint64_t signature;
    const char *canonical;       /* the signature's canonical text */
    const char *summary;         /* one line */
    const char *repro_py;        /* NUL-terminated Python source */
    const void *input;           /* the raw fuzzer input */
    size_t input_len;
    const char *report;          /* the full report text */
    size_t report_len;
    const char *cpython_version; /* "3.13.1", NULL when unknown */
    const char *cpython_build;   /* sys.version / build flags, NULL when unknown */
    long ops;                    /* number of ops in the program, -1 when unknown */
    long repro_runs;             /* reproduction attempts, -1 when unknown */
    long repro_reproduced;       /* attempts that reproduced, -1 when unknown */
    bool minimised;
    const char *loc_function;    /* where the finding points, NULL when unknown */
    const char *loc_file;
    unsigned loc_line;           /* 0 when unknown */
    /* How to rebuild the program from the input (replay decodes it again), NULL/-1 when
     * none: the fuzzed module, its directory, the spec, the decoder's limits. */
    const char *module;
    const char *module_path;
    const char *spec;
    long max_threads;            /* -1 when unknown */
    long max_iters;              /* -1 when unknown */
    const char *origin;          /* the module's own frame, "file.c:function"; NULL: none */
    bool cpython_module;         /* the module is CPython's own: origin is CPython's code */
    bool after_fault;            /* reported after a use-after-free or a crash in its run */
};

/* What minimising a finding did (meta.json's extra.minimize). */
struct ftf_minimise_record {
    long long ops_before, ops_after;
    long long threads_before, threads_after;
    long long reproduced_before, reproduced_after; /* of runs replays */
    long long runs;
    const char *racing_ops; /* written only: meta.json's racing_ops; NULL = not known */
};

/* A finding's meta.json, read back. All strings are malloc'd and owned; release with
 * ftf_finding_meta_clear (or ftf_store_list_free for a list). */
struct ftf_finding_meta {
    char *dir;                   /* the finding's directory */
    enum ftf_finding_kind kind;
    uint64_t signature;
    char sig_hex[17];
    char *canonical;
    char *summary;
    char *cpython_version;       /* NULL when unknown */
    char *cpython_build;         /* NULL when unknown */
    char *first_seen;            /* ISO-8601 UTC, "2025-01-31T12:00:00Z" */
    char *last_seen;
    long long hits;
    long long repro_runs;        /* -1 when unknown */
    long long repro_reproduced;  /* -1 when unknown */
    bool minimised;
    long long ops;               /* -1 when unknown */
    char *loc_function;          /* NULL when unknown */
    char *loc_file;              /* NULL when unknown */
    long long loc_line;          /* 0 when unknown */
    char *module;                /* as in ftf_finding_in; NULL when not recorded */
    char *module_path;
    char *spec;
    long long max_threads;       /* -1 when not recorded */
    long long max_iters;         /* -1 when not recorded */
    char *origin;                /* NULL: the finding is in CPython's code */
    bool cpython_module;         /* origin is in a module of CPython's own (extra.cpython_module) */
    bool after_fault;            /* only ever seen after a fault in its run (extra.after_fault) */
    char *racing_ops;            /* "thread 0, line 12 `...` races with thread 1, ...":
                                    the racing pair minimize named; NULL when unknown */
    bool has_minimise;           /* minimise holds what `ftfuzz minimize` recorded */
    struct ftf_minimise_record minimise;
};

/* Free the strings of *m and zero it; NULL-safe. */
void ftf_finding_meta_clear(struct ftf_finding_meta *m);

#endif
