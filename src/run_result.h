/* run_result.h - what one program run did: how it ended, TSan text, exceptions, violations. */
#ifndef FTF_RUN_RESULT_H
#define FTF_RUN_RESULT_H

#include <stddef.h>

enum ftf_run_status {
    FTF_RUN_OK,    /* all threads finished */
    FTF_RUN_HANG,  /* the deadline passed; stacks holds every worker's stack */
    FTF_RUN_ERROR, /* the harness itself failed (message in errors) */
    FTF_RUN_CRASH, /* a forked run's child died: of signal signo, or exited (exit_status) */
    FTF_RUN_OOM    /* the run took the process past its memory bound; stacks as HANG */
};

/* What one program did. Strings are malloc'd, NUL-terminated, possibly empty; free with
 * ftf_run_result_free. */
struct ftf_run_result {
    enum ftf_run_status status;
    int signo;           /* FTF_RUN_CRASH: the signal that ended the child; 0 when it exited */
    int exit_status;     /* FTF_RUN_CRASH with signo 0: the status it exited with */
    char *tsan_text;     /* their whole text */
    size_t tsan_len;
    char *errors;        /* unexpected exceptions, tracebacks separated by "\n--\n" */
    char *violations;    /* atomicity-oracle messages, one per line */
    char *stacks;        /* FTF_RUN_HANG, FTF_RUN_OOM: what every worker thread was running */
    char *threads;       /* "t0=TID t1=TID ...": each program thread's OS thread id, as a
                            TSan report names it (in-process runs; "" when unknown) */
};

void ftf_run_result_free(struct ftf_run_result *r);

#endif
