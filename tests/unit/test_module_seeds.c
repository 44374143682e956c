/* test_module_seeds.c - the module seed programs: all decodable, the bug shapes they claim. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "module_seeds.h"
#include "ops.h"

static size_t count_code(const struct ftf_program *p, unsigned code)
{
    size_t n = 0;
    for (unsigned t = 0; t < p->n_threads; t++)
        for (unsigned i = 0; i < p->threads[t].n_ops; i++)
            n += p->threads[t].ops[i].code == code;
    return n;
}

/* Every shape for every aimed-at entry survives the decoder's round trip: none is
 * dropped silently, under the default limits and under tight ones. */
static void every_seed_decodes_to_itself(void **state)
{
    (void)state;
    const struct ftf_limits limits[] = {{16, 200, 1}, {2, 7, 1}, {6, 0, 1}};
    for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
        struct ftf_program seeds[32];
        size_t n = ftf_module_seeds(&limits[l], seeds, 32);
        assert_int_equal(n, 20);
        for (size_t i = 0; i < n; i++) {
            uint8_t buf[FTF_ENCODED_MAX + 64];
            struct ftf_program back;
            ftf_decode(buf, ftf_encode(&seeds[i], buf, sizeof buf), &limits[l], &back);
            assert_true(ftf_program_equal(&seeds[i], &back));
            assert_int_equal(seeds[i].has_module, 1);
            assert_int_equal(seeds[i].n_threads, 2);
            assert_true(seeds[i].threads[0].iters <= (limits[l].max_iters ? limits[l].max_iters : 200));
        }
        assert_int_equal(ftf_module_seeds(&limits[l], seeds, 3), 3); /* cap respected */
    }
}

/* The borrowed-reference shape: a module call on a dict while the other thread stores
 * into the same dict, with a value built at run time (so the store frees the old one). */
static void borrowed_reference_shape(void **state)
{
    (void)state;
    struct ftf_limits lim = {16, 200, 1};
    struct ftf_program seeds[32];
    size_t n = ftf_module_seeds(&lim, seeds, 32), found = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ftf_program *p = &seeds[i];
        if (p->objs[0].kind != FTF_K_DICT || count_code(p, FTF_OP_MOD_CALL) == 0 ||
            count_code(p, FTF_OP_DICT_SET) == 0)
            continue;
        const struct ftf_op *set = &p->threads[1].ops[p->threads[1].n_ops - 1];
        assert_int_equal(set->code, FTF_OP_DICT_SET);
        assert_true(set->arg2 >= ftf_literal_count()); /* a fresh value, not a literal */
        assert_int_equal(p->threads[0].ops[0].code, FTF_OP_MOD_CALL);
        found++;
    }
    assert_int_equal(found, 8); /* store and pop-then-store, for four entries */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_seed_decodes_to_itself),
        cmocka_unit_test(borrowed_reference_shape),
    };
    return cmocka_run_group_tests_name("module_seeds", tests, NULL, NULL);
}
