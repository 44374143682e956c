/* racing_ops.h - the two racing ops of a finding, named the way a reader finds them in
 * repro.py: "thread 0, line 63 `S3.setdefault(...)` races with thread 1, line 78 `...`". */
#ifndef FTF_RACING_OPS_H
#define FTF_RACING_OPS_H

#include <stddef.h>

#include "program.h"
#include "render.h"

/* One side of a race: a program thread and an op index in it. */
struct ftf_op_ref {
    unsigned thread;
    unsigned op;
};

/* Write the sentence naming ops a and b of p, with their lines in p's STANDALONE rendering
 * (repro.py) and their statements' text, to buf (NUL-terminated, cut to cap). Returns 0,
 * or -1 when an op does not exist or the rendering fails (buf is then ""). */
int ftf_racing_ops_describe(const struct ftf_program *p, const struct ftf_module_desc *mod,
                            struct ftf_op_ref a, struct ftf_op_ref b, char *buf, size_t cap);

/* The pinned pair of p, described as above; -1 when p has no valid pin. */
int ftf_racing_ops_of_pin(const struct ftf_program *p, const struct ftf_module_desc *mod,
                          char *buf, size_t cap);

/* p's STANDALONE rendering with the pinned pair named in its header (see
 * ftf_render_mapped); for an unpinned p, plain ftf_render. Caller frees; NULL on failure. */
char *ftf_racing_ops_render_repro(const struct ftf_program *p,
                                  const struct ftf_module_desc *mod);

#endif
