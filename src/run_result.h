/* run_result.h - what one program run did: TSan text, exceptions, violations, hang stacks. */
#ifndef FTF_RUN_RESULT_H
#define FTF_RUN_RESULT_H

#include <stddef.h>

enum ftf_run_status {
    FTF_RUN_OK,    /* all threads finished */
    FTF_RUN_HANG,  /* the deadline passed; hang_stacks holds every worker's stack */
    FTF_RUN_ERROR, /* the harness itself failed (message in errors) */
    FTF_RUN_CRASH, /* a forked run's child died of a signal ("signal N" in hang_stacks) */
    FTF_RUN_OOM    /* the run took the process past its memory bound; hang_stacks as HANG */
};

/* What one program did. Strings are malloc'd, NUL-terminated, possibly empty; free with
 * ftf_run_result_free. */
struct ftf_run_result {
    enum ftf_run_status status;
    char *tsan_text;     /* their whole text */
    size_t tsan_len;
    char *errors;        /* unexpected exceptions, tracebacks separated by "\n--\n" */
    char *violations;    /* atomicity-oracle messages, one per line */
    char *hang_stacks;
};

void ftf_run_result_free(struct ftf_run_result *r);

#endif
