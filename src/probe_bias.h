/* probe_bias.h - the generator's side of the argument probe: a decoded program's module
 * calls mostly take arguments of the kinds the probe saw their callable accept. */
#ifndef FTF_PROBE_BIAS_H
#define FTF_PROBE_BIAS_H

#include <stddef.h>
#include <stdint.h>

#include "module_desc.h"
#include "program.h"

/* One module call in FTF_BIAS_KEEP_ONE_IN keeps arguments of a kind its callable was not
 * seen to accept, as its bytes say: the callable's error paths run too. */
#define FTF_BIAS_KEEP_ONE_IN 10

/* Rewrite the arguments (the op's obj2 and arg2) of each module call in p whose callable
 * has a known mask (masks[i] for mod's entry i, FTF_VK_ALL: unknown) and whose arguments
 * render a kind outside it, to arguments that render only accepted kinds, picked by the
 * op's own bytes; one call in FTF_BIAS_KEEP_ONE_IN keeps its arguments. Idempotent, and p
 * stays decodable: a worker runs the biased program and stores its encoding, so replays
 * (which run no probe) decode the same program. Returns the number of ops rewritten. */
size_t ftf_probe_bias(struct ftf_program *p, const struct ftf_module_desc *mod,
                      const uint32_t *masks);

#endif
