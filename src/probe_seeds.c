/* probe_seeds.c - seeds calling each module callable with arguments of accepted kinds. */
#include "probe_seeds.h"

#include <string.h>

#include "ops.h"
#include "render_parts.h"
#include "value_kinds.h"

#define SEED_ITERS 200 /* module_seeds.c's: the longest loop lim allows, up to this */
#define SEED_REPEAT 8  /* calls per iteration of each thread */
#define SEED_LIST_VARIANT 5 /* a list of 5 pool values, so index keys are 0..4 */
#define SEED_DICT_VARIANT 5

static enum ftf_vkind key_kind(const struct ftf_program *p, unsigned ref, unsigned sel)
{
    const struct ftf_kind_info *ki = ftf_kind_info(p->objs[ref].kind);
    unsigned n = ftf_contents_count(ki, p->objs[ref].variant);
    if (n == 0)
        return ftf_vkind_of_text(ftf_key_text(sel));
    if (ki->contents == FTF_KC_SEQ || ki->contents == FTF_KC_BYTES)
        return FTF_VK_INT; /* an index */
    return ftf_vkind_of_text(ftf_key_text(sel % n));
}

unsigned ftf_margs_kinds(const struct ftf_program *p, const struct ftf_op *op, unsigned lo,
                         unsigned hi, int method, uint8_t kinds[16])
{
    struct ftf_margs_slot slots[16];
    unsigned n = ftf_margs_slots(op->arg2, lo, hi, method, slots), ref = op->obj2;
    for (unsigned j = 0; j < n; j++) {
        switch (slots[j].c) {
        case 'T':
            ref = op->obj;
            kinds[j] = (uint8_t)ftf_vkind_of_object(p->objs[ref].kind);
            break;
        case 'O':
            ref = op->obj2;
            kinds[j] = (uint8_t)ftf_vkind_of_object(p->objs[ref].kind);
            break;
        case 'K':
            kinds[j] = (uint8_t)key_kind(p, ref, slots[j].sel);
            break;
        default:
            kinds[j] = (uint8_t)ftf_vkind_of_text(ftf_value_text(slots[j].sel));
            break;
        }
    }
    return n;
}

/* Entry i's index among the candidates A_MOD picks from (render_ops.c: module-level entries
 * for a call, the owner's methods for a method), and for a method the MODOBJ variant that
 * makes an instance of its owner; -1 when the renderer never reaches it. */
static int pick_indexes(const struct ftf_module_desc *mod, size_t i, unsigned *arg,
                        unsigned *variant)
{
    const struct ftf_module_entry *e = &mod->entries[i];
    unsigned n_cand = 0, n_types = 0;
    int found = 0;
    for (size_t k = 0; k < mod->n_entries; k++) {
        const struct ftf_module_entry *x = &mod->entries[k];
        if (!ftf_render_entry_ok(x))
            continue;
        if (x->is_type && x->owner < 0) {
            if ((int)k == e->owner)
                *variant = n_types;
            n_types++;
        }
        int cand = e->owner < 0 ? x->owner < 0 : (x->owner == e->owner && !x->is_type);
        if (cand) {
            if (k == i) {
                *arg = n_cand;
                found = 1;
            }
            n_cand++;
        }
    }
    return found ? 0 : -1;
}

/* The first (obj2, arg2) under which op renders only accepted kinds; -1 when none does. */
static int steer(struct ftf_program *p, struct ftf_op *op, const struct ftf_module_entry *e,
                 uint32_t mask, int method)
{
    /* The target itself last: an instance argument is then the other shared instance. */
    for (unsigned o = 1; o <= p->n_objs; o++)
        for (unsigned spec = 0; spec < 256; spec++) {
            op->obj2 = (uint8_t)(o % p->n_objs);
            op->arg2 = (uint8_t)spec;
            uint8_t kinds[16];
            unsigned n = ftf_margs_kinds(p, op, e->min_args, e->max_args, method, kinds), j;
            for (j = 0; j < n && (mask >> kinds[j] & 1u); j++)
                ;
            if (j == n)
                return 0;
        }
    return -1;
}

/* The seed program of entry i (its objects, and the steered call into *op); -1 when the
 * renderer never reaches it or no bytes render accepted kinds only. */
static int seed_call(const struct ftf_module_desc *mod, const uint32_t *masks, size_t i,
                     struct ftf_program *p, struct ftf_op *op)
{
    const struct ftf_module_entry *e = &mod->entries[i];
    unsigned arg = 0, variant = 0;
    if (e->is_type || !ftf_render_entry_ok(e) || pick_indexes(mod, i, &arg, &variant) < 0)
        return -1;
    int method = e->owner >= 0;
    memset(p, 0, sizeof *p);
    p->has_module = 1;
    /* The target first (an instance of the method's type, or a list), then what the
     * arguments may be: a second shared instance (of the method's type, else the module's
     * first), a list and a dict. */
    p->n_objs = 4;
    p->objs[0].kind = method ? FTF_K_MODOBJ : FTF_K_LIST;
    p->objs[0].variant = (uint8_t)(method ? variant : SEED_LIST_VARIANT);
    p->objs[1].kind = FTF_K_MODOBJ;
    p->objs[1].variant = (uint8_t)(method ? variant : 0);
    p->objs[2].kind = FTF_K_LIST;
    p->objs[2].variant = SEED_LIST_VARIANT;
    p->objs[3].kind = FTF_K_DICT;
    p->objs[3].variant = SEED_DICT_VARIANT;
    memset(op, 0, sizeof *op);
    op->code = method ? FTF_OP_MOD_METHOD : FTF_OP_MOD_CALL;
    op->arg = (uint8_t)arg;
    return steer(p, op, e, masks ? masks[i] : FTF_VK_ALL, method);
}

/* The call passes the other shared instance (slot kind OWN). */
static int takes_own(const struct ftf_program *p, const struct ftf_op *op,
                     const struct ftf_module_entry *e)
{
    uint8_t kinds[16];
    unsigned n = ftf_margs_kinds(p, op, e->min_args, e->max_args, 1, kinds);
    for (unsigned j = 0; j < n; j++)
        if (kinds[j] == FTF_VK_OWN && op->obj2 == 1)
            return 1;
    return 0;
}

size_t ftf_probe_seeds(const struct ftf_module_desc *mod, const uint32_t *masks,
                       const struct ftf_limits *lim, struct ftf_program *out, size_t cap)
{
    size_t n = 0;
    if (!mod)
        return 0;
    static struct ftf_program progs[FTF_MODULE_MAX_ENTRIES];
    struct ftf_op ops[FTF_MODULE_MAX_ENTRIES];
    int ok[FTF_MODULE_MAX_ENTRIES];
    size_t n_entries = mod->n_entries < FTF_MODULE_MAX_ENTRIES ? mod->n_entries
                                                                : FTF_MODULE_MAX_ENTRIES;
    for (size_t i = 0; i < n_entries; i++)
        ok[i] = seed_call(mod, masks, i, &progs[i], &ops[i]) == 0;
    for (size_t i = 0; i < n_entries && n < cap; i++) {
        if (!ok[i])
            continue;
        /* The other thread alternates the call with the next callable of the same owner
         * (a reader beside the writer), when there is one; a method called with the other
         * shared instance, with the mirrored call (a.transfer(b) beside b.transfer(a): two
         * objects locked in opposite orders). */
        size_t j = i;
        for (size_t k = 1; k < n_entries && j == i; k++) {
            size_t c = (i + k) % n_entries;
            if (ok[c] && mod->entries[c].owner == mod->entries[i].owner)
                j = c;
        }
        struct ftf_op other = ops[j];
        if (ops[i].code == FTF_OP_MOD_METHOD && takes_own(&progs[i], &ops[i], &mod->entries[i])) {
            other = ops[i];
            other.obj = 1;
            other.obj2 = 0;
        }
        struct ftf_program *p = &out[n];
        *p = progs[i];
        p->n_threads = 2;
        for (unsigned t = 0; t < 2; t++) {
            p->threads[t].iters = ftf_iters_at_most(lim, SEED_ITERS);
            p->threads[t].n_ops = SEED_REPEAT;
            for (unsigned k = 0; k < SEED_REPEAT; k++)
                p->threads[t].ops[k] = t == 1 && (k & 1) ? other : ops[i];
        }
        if (ftf_decodable(p, lim))
            n++;
    }
    return n;
}
