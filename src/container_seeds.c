/* container_seeds.c - seed programs for the built-in containers target: every op of every kind. */
#include "container_seeds.h"

#include <string.h>

#include "ops.h"

/* Turns per thread: the longest rung of the decoder's ladder up to this. Long enough for
 * two threads to overlap, short enough that a seed costs little under TSan. */
#define SEED_ITERS 50
/* Initial element count of a seeded container (within every kind's variant range). */
#define SEED_VARIANT 4u

/* The distinct op codes for kind (ftf_ops_for_kind lists a row more than once as a
 * weight), in table order. */
static size_t distinct_ops(unsigned kind, uint16_t *out)
{
    uint16_t all[FTF_OPS_FOR_KIND_MAX];
    size_t n = ftf_ops_for_kind(kind, 0, all), m = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < m && out[j] != all[i])
            j++;
        if (j == m)
            out[m++] = all[i];
    }
    return m;
}

/* Two threads of FTF_MAX_OPS ops each, op k of the pair being codes[(first + k) % n]:
 * thread 0 takes the first half, thread 1 the second, so neighbouring rows race. Arguments
 * walk their ranges so different ops see different values and keys. The second object of
 * a cross-object op is the target itself (always a candidate: a table rule). */
static void fill_threads(struct ftf_program *p, const struct ftf_limits *lim,
                         const uint16_t *codes, size_t n, size_t first)
{
    p->n_threads = 2;
    for (unsigned t = 0; t < 2; t++) {
        struct ftf_thread *th = &p->threads[t];
        th->iters = ftf_iters_at_most(lim, SEED_ITERS);
        th->n_ops = FTF_MAX_OPS;
        for (unsigned k = 0; k < FTF_MAX_OPS; k++) {
            unsigned at = t * FTF_MAX_OPS + k;
            const struct ftf_op_info *row = ftf_op_info(codes[(first + at) % n]);
            struct ftf_op *op = &th->ops[k];
            memset(op, 0, sizeof *op);
            op->code = codes[(first + at) % n];
            op->arg = (uint8_t)(at % ftf_arg_range(row->arg1));
            op->arg2 = (uint8_t)((at / 2) % ftf_arg_range(row->arg2));
        }
    }
}

size_t ftf_container_seeds(const struct ftf_limits *lim, struct ftf_program *out, size_t cap)
{
    const size_t per_seed = 2 * FTF_MAX_OPS;
    uint8_t kinds[FTF_KINDS_MAX];
    size_t n_kinds = ftf_kinds_available(0, kinds), n = 0;
    for (size_t i = 0; i < n_kinds; i++) {
        uint16_t codes[FTF_OPS_FOR_KIND_MAX];
        size_t n_codes = distinct_ops(kinds[i], codes);
        unsigned variants = ftf_kind_info(kinds[i])->variants;
        if (kinds[i] == FTF_K_ITER) {
            /* One seed per flavour, over a shared list (object 1) that both threads'
             * iterator ops walk. */
            for (unsigned f = 0; f < FTF_FLAV_NUM && n < cap; f++) {
                struct ftf_program p;
                memset(&p, 0, sizeof p);
                p.n_objs = 2;
                p.objs[0] = (struct ftf_object){.kind = FTF_K_ITER,
                                                .variant = (uint8_t)(f * FTF_ITER_VIEWS),
                                                .source = 1};
                p.objs[1] = (struct ftf_object){.kind = FTF_K_LIST, .variant = SEED_VARIANT};
                fill_threads(&p, lim, codes, n_codes, f * per_seed);
                if (ftf_decodable(&p, lim))
                    out[n++] = p;
            }
            continue;
        }
        for (size_t first = 0; first < n_codes && n < cap; first += per_seed) {
            struct ftf_program p;
            memset(&p, 0, sizeof p);
            p.n_objs = 1;
            p.objs[0].kind = kinds[i];
            p.objs[0].variant = (uint8_t)(SEED_VARIANT < variants ? SEED_VARIANT : 0);
            fill_threads(&p, lim, codes, n_codes, first);
            if (ftf_decodable(&p, lim))
                out[n++] = p;
        }
    }
    return n;
}
