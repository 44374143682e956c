/* module_seeds.c - seed programs for fuzzing a user's module, built on the IR (never stale
 * against the op table, unlike checked-in bytes). */
#include "module_seeds.h"

#include <string.h>

#include "ops.h"

/* Module entries the seeds aim at (A_MOD is taken modulo a module's entries). */
#define SEED_ENTRIES 4
/* Iterations: the longest loop lim allows, up to this (more turns, more overlap). */
#define SEED_ITERS 200

/* Ops per iteration of the mutating thread. */
#define SEED_REPEAT 8

/* Pattern indexes into ops.c's margs_patterns: "TK" (the target, then one of its keys)
 * and "T" (the target alone). */
#define MARGS_TK 2u
#define MARGS_T 3u
#define MARGS_K 8u /* a key alone: what a function of one hashable argument takes */

static struct ftf_op op(unsigned code, unsigned obj, unsigned arg, unsigned arg2)
{
    struct ftf_op o = {.code = (uint16_t)code, .obj = (uint8_t)obj, .arg = (uint8_t)arg,
                       .arg2 = (uint8_t)arg2};
    return o;
}

/* Two threads over one shared object: thread 0 runs a, thread 1 runs b (SEED_REPEAT ops
 * each). */
static void two_threads(struct ftf_program *p, const struct ftf_limits *lim, unsigned kind,
                        unsigned variant, const struct ftf_op *a, const struct ftf_op *b)
{
    memset(p, 0, sizeof *p);
    p->has_module = 1;
    p->n_objs = 1;
    p->objs[0].kind = (uint8_t)kind;
    p->objs[0].variant = (uint8_t)variant;
    p->n_threads = 2;
    p->threads[0].iters = p->threads[1].iters = ftf_iters_at_most(lim, SEED_ITERS);
    p->threads[0].n_ops = p->threads[1].n_ops = SEED_REPEAT;
    memcpy(p->threads[0].ops, a, SEED_REPEAT * sizeof *a);
    memcpy(p->threads[1].ops, b, SEED_REPEAT * sizeof *b);
}

size_t ftf_module_seeds(const struct ftf_limits *lim, struct ftf_program *out, size_t cap)
{
    /* A dict of boxed values (built at run time, so replacing one frees it) holding keys
     * 0..3; the call's key is key 1 ('a'), the selector's +1 for the second argument. */
    const unsigned dict_variant = 5, key = 1;
    const unsigned fresh_list = (unsigned)ftf_literal_count(); /* "[_i]" */
    size_t n = 0;
    for (unsigned entry = 0; entry < SEED_ENTRIES; entry++) {
        /* Both threads repeat their ops: a race of this kind shows in one run in five at
         * 200 turns of one call each, in every run at 2000 (measured on racy_borrowed). */
        struct ftf_op call_tk[SEED_REPEAT], call_t[SEED_REPEAT], call_k[SEED_REPEAT],
            m0[SEED_REPEAT], m1[SEED_REPEAT];
        /* A borrowed reference across a concurrent store, and across a delete. */
        struct ftf_op store[SEED_REPEAT], churn[SEED_REPEAT], grow[SEED_REPEAT];
        for (unsigned i = 0; i < SEED_REPEAT; i++) {
            call_tk[i] = op(FTF_OP_MOD_CALL, 0, entry, MARGS_TK);
            call_t[i] = op(FTF_OP_MOD_CALL, 0, entry, MARGS_T);
            /* Both threads' first calls at once, with a plain key: a first-use race
             * (lazy initialisation) in a fresh-state run. */
            call_k[i] = op(FTF_OP_MOD_CALL, 0, entry, MARGS_K);
            /* One instance of the module's type, its methods from two threads. */
            m0[i] = op(FTF_OP_MOD_METHOD, 0, entry, MARGS_T);
            m1[i] = op(FTF_OP_MOD_METHOD, 0, entry + 1, MARGS_T);
            store[i] = op(FTF_OP_DICT_SET, 0, key, fresh_list);
            churn[i] = i & 1 ? op(FTF_OP_DICT_SET, 0, key, fresh_list)
                             : op(FTF_OP_DICT_POP_DEFAULT, 0, key, 0);
            /* A walk of a list that changes length under it. */
            grow[i] = i & 1 ? op(FTF_OP_POP, 0, 0, 0) : op(FTF_OP_APPEND, 0, fresh_list, 0);
        }
        struct ftf_program cand[5];
        two_threads(&cand[0], lim, FTF_K_DICT, dict_variant, call_tk, store);
        two_threads(&cand[1], lim, FTF_K_DICT, dict_variant, call_tk, churn);
        two_threads(&cand[2], lim, FTF_K_LIST, 5, call_t, grow);
        two_threads(&cand[3], lim, FTF_K_MODOBJ, entry, m0, m1);
        two_threads(&cand[4], lim, FTF_K_DICT, dict_variant, call_k, call_k);
        for (size_t i = 0; i < 5 && n < cap; i++)
            if (ftf_decodable(&cand[i], lim))
                out[n++] = cand[i];
    }
    return n;
}
