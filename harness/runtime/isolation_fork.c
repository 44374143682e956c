/* isolation_fork.c - run each program in a child forked from the started interpreter. */
#include <string.h>

#include "runtime/harness.h"

static int fork_run(const char *source, double timeout, struct ftf_run_result *res)
{
    return ftf_harness_call_runner("fork_run", source, timeout, res);
}

const struct ftf_isolation ftf_isolation_fork = {"fork", fork_run, 1};

const struct ftf_isolation *ftf_isolation_lookup(const char *name)
{
    static const struct ftf_isolation *const all[] = {&ftf_isolation_inproc,
                                                      &ftf_isolation_fork,
                                                      &ftf_isolation_fresh};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (!strcmp(all[i]->name, name))
            return all[i];
    return NULL;
}

const struct ftf_isolation *ftf_isolation_for_replay(const char *name)
{
    /* repro and minimize never run a program in their own process, so a child forked
     * from it is already as fresh as a zygote's: fresh and auto mean fork there. */
    if (!strcmp(name, "auto") || !strcmp(name, "fresh"))
        return &ftf_isolation_fork;
    return ftf_isolation_lookup(name);
}
