/* probe_seeds.h - seeds that call every callable of a user's module with arguments of the
 * kinds the start-of-campaign probe saw it accept (value_kinds.h). */
#ifndef FTF_PROBE_SEEDS_H
#define FTF_PROBE_SEEDS_H

#include <stddef.h>
#include <stdint.h>

#include "codec.h"
#include "module_desc.h"
#include "program.h"

/* The kind of argument slot j of op in p would render as (the rules of render_ops.c's
 * emit_margs), for a callable taking lo..hi arguments. Fills kinds[] (at most 16) and
 * returns their number. */
unsigned ftf_margs_kinds(const struct ftf_program *p, const struct ftf_op *op, unsigned lo,
                         unsigned hi, int method, uint8_t kinds[16]);

/* Up to cap seeds into out, one per callable (function or method) of mod that some
 * argument bytes render with only kinds the callable accepts (masks[i] for entry i,
 * FTF_VK_ALL when unknown): two threads calling it on one shared object (a method: one
 * shared instance of its type), the second alternating it with the next such callable of
 * the same owner. Steered through the op's bytes only: the renderer never
 * sees the probe, so repro, minimize and show re-render the seeds as the campaign ran
 * them. Returns the number written. */
size_t ftf_probe_seeds(const struct ftf_module_desc *mod, const uint32_t *masks,
                       const struct ftf_limits *lim, struct ftf_program *out, size_t cap);

#endif
