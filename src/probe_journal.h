/* probe_journal.h - the journal the argument probe appends to as it goes (runner's
 * probe_module): what survives a probe call that kills the probe process. */
#ifndef FTF_PROBE_JOURNAL_H
#define FTF_PROBE_JOURNAL_H

#include <stddef.h>

/* The journal's name beside probe.txt. */
#define FTF_PROBE_JOURNAL_FILE "probe.journal"

/* An entry's state in the journal, besides a mask (>= 0, or -1: probed, not told apart). */
#define FTF_PROBE_UNSEEN (-2)  /* never started: still to probe */
#define FTF_PROBE_CRASHED (-3) /* started, never done: its call killed the process */

/* Read a journal's text: lines "start I NAME" (entry I is about to be called) and "done I
 * MASK" (its result); a later line for an entry wins, other lines are skipped. Fills
 * masks[0..cap) with the result, FTF_PROBE_UNSEEN or FTF_PROBE_CRASHED, and copies the
 * name of the last entry started and never done (the call that ended the process last) into
 * last_crash ("" when none). Returns the number of crashed entries. */
size_t ftf_probe_journal_read(const char *text, long *masks, size_t cap, char *last_crash,
                              size_t len);

#endif
