/* isolation_policy.c - the isolation names and which isolation each run gets. */
#include "isolation_policy.h"

#include <string.h>

static const char *const names[FTF_ISO_COUNT] = {
#define FTF_ISO_NAME(e, name) [FTF_ISO_##e] = name,
    FTF_ISOLATIONS(FTF_ISO_NAME)
#undef FTF_ISO_NAME
};

enum ftf_isolation_kind ftf_isolation_parse(const char *name)
{
    int k = 0;
    while (name && k < FTF_ISO_COUNT && strcmp(names[k], name))
        k++;
    return name ? (enum ftf_isolation_kind)k : FTF_ISO_COUNT;
}

const char *ftf_isolation_name(enum ftf_isolation_kind kind)
{
    return (unsigned)kind < FTF_ISO_COUNT ? names[kind] : "?";
}

int ftf_isolation_forks(enum ftf_isolation_kind kind)
{
    return kind == FTF_ISO_FORK || kind == FTF_ISO_FRESH;
}

struct ftf_isolation_plan ftf_isolation_plan_campaign(enum ftf_isolation_kind chosen,
                                                      int has_module)
{
    struct ftf_isolation_plan plan = {.chosen = chosen};
    plan.zygote = ftf_isolation_forks(chosen) || (chosen == FTF_ISO_AUTO && has_module);
    return plan;
}

enum ftf_isolation_kind ftf_isolation_for_run(const struct ftf_isolation_plan *plan,
                                              int zygote_started, unsigned long n)
{
    if (plan->chosen != FTF_ISO_AUTO)
        return plan->chosen;
    /* Not by forking this worker: children of a process whose pool threads are alive
     * sometimes stuck (bench/MEASUREMENTS.md); the zygote was forked before the pool. */
    if (plan->zygote && zygote_started && (n < FTF_FRESH_FIRST || n % FTF_FRESH_EVERY == 0))
        return FTF_ISO_FRESH;
    return FTF_ISO_INPROC;
}

enum ftf_isolation_kind ftf_isolation_for_replay(enum ftf_isolation_kind chosen)
{
    return chosen == FTF_ISO_AUTO || chosen == FTF_ISO_FRESH ? FTF_ISO_FORK : chosen;
}
