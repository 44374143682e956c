/* minimize_queue.h - which bug a campaign minimises next. */
#ifndef FTF_MINIMIZE_QUEUE_H
#define FTF_MINIMIZE_QUEUE_H

#include <stddef.h>

#include "bug_list.h"

/* The ids of the bugs already tried, in a campaign's order. */
struct ftf_tried_bugs {
    const char (*id)[17];
    size_t n;
};

/* The next bug of bugs (in ftf_bug_list_group's order: the user's module's and crashes
 * first, then by hits) to minimise: a new one, not minimised, not tried, neither a hang nor
 * an oom (each attempt would take a whole deadline or memory bound), nor seen only after a
 * fault in its run (memory an earlier race corrupted does not corrupt itself again in a
 * replay); with module_only, one with a frame of the module's own. A crash seen only once
 * waits until the bugs that recurred are done. NULL when none is left. */
const struct ftf_bug *ftf_minimize_queue_pick(const struct ftf_bug_list *bugs, int module_only,
                                              const struct ftf_tried_bugs *tried);

#endif
