/* isolation_fresh.c - run a program in a child of the zygote: fresh interpreter state. */
#include "runtime/interp_internal.h" /* first: it includes Python.h */
#include "runtime/harness.h"

static int fresh_run(const char *source, double timeout, struct ftf_run_result *res)
{
    return ftf_harness_call_runner("zygote_run", source, timeout, res);
}

const struct ftf_isolation ftf_isolation_fresh = {FTF_ISO_FRESH, fresh_run};
