/* probe_bias.c - module calls steered to the argument kinds their callable accepts. */
#include "probe_bias.h"

#include "ops.h"
#include "probe_seeds.h"
#include "render.h"
#include "value_kinds.h"

/* Every argument op renders (obj2, arg2 as they are) is of a kind in mask. */
static int accepted(const struct ftf_program *p, const struct ftf_op *op,
                    const struct ftf_module_entry *e, int method, uint32_t mask)
{
    uint8_t kinds[16];
    unsigned n = ftf_margs_kinds(p, op, e->min_args, e->max_args, method, kinds);
    for (unsigned j = 0; j < n; j++)
        if (!(mask >> kinds[j] & 1u))
            return 0;
    return 1;
}

/* A mix of the op's bytes: which calls keep their arguments, and which accepted
 * arguments the others get. */
static unsigned mix(const struct ftf_op *op)
{
    unsigned h = op->arg2 * 0x9e37u ^ op->obj2 * 0x85ebu ^ op->arg * 0xc2b2u ^ op->sched * 0x27d4u;
    return (h ^ h >> 7) * 0x2545u >> 5;
}

/* The accepted (obj2, arg2) the op's bytes pick: over arg2 with the op's own obj2 first
 * (the object it names stays when it can), else over every other object; 0 when none. */
static int steer(const struct ftf_program *p, struct ftf_op *op,
                 const struct ftf_module_entry *e, int method, uint32_t mask)
{
    struct ftf_op try = *op;
    uint8_t ok[256];
    for (unsigned pass = 0; pass < 2; pass++)
        for (unsigned o = 0; o < p->n_objs; o++) {
            if ((pass == 0) != (o == op->obj2))
                continue;
            unsigned n = 0;
            try.obj2 = (uint8_t)o;
            for (unsigned spec = 0; spec < 256; spec++) {
                try.arg2 = (uint8_t)spec;
                if (accepted(p, &try, e, method, mask))
                    ok[n++] = (uint8_t)spec;
            }
            if (n > 0) {
                op->obj2 = (uint8_t)o;
                op->arg2 = ok[mix(op) % n];
                return 1;
            }
        }
    return 0;
}

size_t ftf_probe_bias(struct ftf_program *p, const struct ftf_module_desc *mod,
                      const uint32_t *masks)
{
    size_t changed = 0;
    if (!mod || !masks)
        return 0;
    for (unsigned t = 0; t < p->n_threads; t++)
        for (unsigned k = 0; k < p->threads[t].n_ops; k++) {
            struct ftf_op *op = &p->threads[t].ops[k];
            int method = 0;
            long i = ftf_render_called_entry(p, op, mod, &method);
            if (i < 0 || masks[i] == FTF_VK_ALL)
                continue;
            const struct ftf_module_entry *e = &mod->entries[i];
            if (accepted(p, op, e, method, masks[i]) || mix(op) % FTF_BIAS_KEEP_ONE_IN == 0)
                continue;
            changed += (size_t)steer(p, op, e, method, masks[i]);
        }
    return changed;
}
