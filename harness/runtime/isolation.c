/* isolation.c - the table of isolation strategies, indexed by src/isolation_policy.h's kinds. */
#include "runtime/harness.h"

static const struct ftf_isolation *const strategies[FTF_ISO_COUNT] = {
    [FTF_ISO_INPROC] = &ftf_isolation_inproc,
    [FTF_ISO_FORK] = &ftf_isolation_fork,
    [FTF_ISO_FRESH] = &ftf_isolation_fresh,
};

const struct ftf_isolation *ftf_isolation_get(enum ftf_isolation_kind kind)
{
    return (unsigned)kind < FTF_ISO_COUNT ? strategies[kind] : NULL;
}
