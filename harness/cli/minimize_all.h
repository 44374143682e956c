/* minimize_all.h - `ftfuzz minimize DIR --all`: minimise every new bug of an output dir. */
#ifndef FTF_MINIMIZE_ALL_H
#define FTF_MINIMIZE_ALL_H

#include "options.h"

/* One representative per new bug not yet minimised (hangs and ooms left out), in bug order,
 * each by `ftfuzz minimize` within --time seconds (a hard cap). Returns the exit code. */
int ftf_minimize_all(const struct ftf_options *o);

#endif
