/* isolation_fork.c - run each program in a child forked from the started interpreter. */
#include "runtime/interp_internal.h" /* first: it includes Python.h */
#include "runtime/harness.h"

static int fork_run(const char *source, double timeout, struct ftf_run_result *res)
{
    return ftf_harness_call_runner("fork_run", source, timeout, res);
}

const struct ftf_isolation ftf_isolation_fork = {FTF_ISO_FORK, fork_run};
