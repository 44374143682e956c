/* minimize_queue.c - the in-campaign minimiser's choice of the next bug. */
#include "minimize_queue.h"

#include <string.h>

static int was_tried(const struct ftf_tried_bugs *tried, const char *id)
{
    for (size_t k = 0; k < tried->n; k++)
        if (!strcmp(tried->id[k], id))
            return 1;
    return 0;
}

static int minimisable(const struct ftf_bug *b, int module_only,
                       const struct ftf_tried_bugs *tried)
{
    if (module_only && (!b->origin || !strcmp(b->origin, "cpython")))
        return 0;
    return !b->known && !b->minimised && !b->after_fault && b->key.kind != FTF_FINDING_HANG &&
           b->key.kind != FTF_FINDING_OOM && !was_tried(tried, b->key.id);
}

/* A crash seen once in a whole campaign's runs seldom shows again in the minimiser's few
 * dozen runs (bench/MEASUREMENTS.md). */
static int seen_once_crash(const struct ftf_bug *b)
{
    return b->key.kind == FTF_FINDING_CRASH && b->hits < 2;
}

const struct ftf_bug *ftf_minimize_queue_pick(const struct ftf_bug_list *bugs, int module_only,
                                              const struct ftf_tried_bugs *tried)
{
    for (int late = 0; late < 2; late++)
        for (size_t i = 0; i < bugs->n; i++)
            if (minimisable(&bugs->v[i], module_only, tried) &&
                seen_once_crash(&bugs->v[i]) == late)
                return &bugs->v[i];
    return NULL;
}
