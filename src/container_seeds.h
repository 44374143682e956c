/* container_seeds.h - seed programs for the built-in containers target: every op of every kind. */
#ifndef FTF_CONTAINER_SEEDS_H
#define FTF_CONTAINER_SEEDS_H

#include <stddef.h>

#include "codec.h"
#include "program.h"

/* Upper bound on what ftf_container_seeds writes (a cap this large gets every seed). */
#define FTF_CONTAINER_SEEDS_MAX 96

/* Seed programs for fuzzing the built-in containers (no module), each decodable under lim:
 * per shared kind, two threads that between them run every op the table has for that kind
 * on one shared object of it, in chunks of two threads' worth of ops; per iterator flavour,
 * two threads advancing one shared iterator over a list. Built on the IR, so they follow
 * the op table; `make seeds` writes them into corpus/. Returns the number written. */
size_t ftf_container_seeds(const struct ftf_limits *lim, struct ftf_program *out, size_t cap);

#endif
