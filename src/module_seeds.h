/* module_seeds.h - seed programs for fuzzing a user's module: the classic bug shapes. */
#ifndef FTF_MODULE_SEEDS_H
#define FTF_MODULE_SEEDS_H

#include <stddef.h>

#include "codec.h"
#include "program.h"

/* Up to cap seed programs into out, each decodable under lim (lim->has_module set):
 * the module's entries called with a shared container and one of its keys while another
 * thread replaces that key's value by a fresh object (a borrowed reference held across
 * the mutation), with a list another thread appends to and pops (an unlocked walk), and
 * on one shared instance of the module's type from two threads, and from two threads at
 * once with a plain key (a first use: lazy initialisation). A libFuzzer corpus grows
 * from them; they cost a few runs. Returns the number written. */
size_t ftf_module_seeds(const struct ftf_limits *lim, struct ftf_program *out, size_t cap);

#endif
