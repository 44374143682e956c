/* sweep.h - `ftfuzz fuzz --target stdlib`: the standard library's C modules in turn. */
#ifndef FTF_SWEEP_H
#define FTF_SWEEP_H

#include "known.h"
#include "options.h"

/* Run the sweep: every module of --modules (or every built-in and lib-dynload module the
 * deny-list leaves) gets turns of --slice seconds (with --runs: a share of the runs), each a
 * --module campaign into o->out's one findings store, with its own corpus under
 * corpus/stdlib/; the bandit gives more turns to the modules that yield new corpus inputs
 * and findings. Prints a SWEEP: line per turn and a table at the end. 0, or -1 after an
 * ERROR: line. */
int ftf_sweep_run(const struct ftf_options *o, const char *self,
                  const struct ftf_known_list *known);

#endif
