/* isolation_inproc.c - run programs in the long-lived interpreter on the worker pool. */
#include "runtime/interp_internal.h" /* first: it includes Python.h */
#include "runtime/harness.h"

static int inproc_run(const char *source, double timeout, struct ftf_run_result *res)
{
    return ftf_harness_call_runner("run", source, timeout, res);
}

const struct ftf_isolation ftf_isolation_inproc = {FTF_ISO_INPROC, inproc_run};
