/* module_seed_files.h - a module campaign's seed inputs written into its corpus. */
#ifndef FTF_MODULE_SEED_FILES_H
#define FTF_MODULE_SEED_FILES_H

#include "options.h"

/* Seeds for o's module (src/module_seeds.c) into corpus as seed-module-NN, once: a resumed
 * campaign keeps what it has. 0, or -1 with errno. */
int ftf_write_module_seeds(const struct ftf_options *o, const char *corpus);

#endif
