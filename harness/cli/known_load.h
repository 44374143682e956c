/* known_load.h - the known-bugs lists a command uses: the shipped one and --known FILEs. */
#ifndef FTF_KNOWN_LOAD_H
#define FTF_KNOWN_LOAD_H

#include "known.h"
#include "options.h"

/* Load corpus/known/cpython-X.Y.txt for the CPython ftfuzz runs (unless
 * --no-shipped-known; a missing shipped file is no error) and every --known FILE, in
 * order. 0, or -1 after an ERROR: line ("FILE:LINE: what is wrong"). */
int ftf_known_load_options(const struct ftf_options *o, struct ftf_known_list *list);

#endif
