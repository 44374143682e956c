/* test_minimize.c - delta debugging on the IR, against a fake oracle with a known answer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "minimize.h"
#include "ops.h"

/* The "bug": two different threads each run the key op (same code on the same object). */
static struct ftf_op key;
static unsigned calls;

static int has_key(const struct ftf_thread *t)
{
    for (unsigned i = 0; i < t->n_ops; i++)
        if (t->ops[i].code == key.code && t->ops[i].obj == key.obj)
            return 1;
    return 0;
}

static int oracle(const struct ftf_program *p, void *ctx)
{
    (void)ctx;
    calls++;
    unsigned with = 0;
    for (unsigned t = 0; t < p->n_threads; t++)
        with += (unsigned)has_key(&p->threads[t]);
    return with >= 2;
}

/* A second "bug": the key op in two threads, plus a helper op anywhere (the gc.collect()
 * that lines threads up, in the racy_global fixture). */
static struct ftf_op helper;

static int oracle_with_helper(const struct ftf_program *p, void *ctx)
{
    (void)ctx;
    int has_helper = 0;
    for (unsigned t = 0; t < p->n_threads; t++)
        for (unsigned i = 0; i < p->threads[t].n_ops; i++)
            has_helper |= p->threads[t].ops[i].code == helper.code &&
                          p->threads[t].ops[i].obj == helper.obj;
    return has_helper && oracle(p, NULL);
}

/* A third "bug" that does not care which object: the key op's code in two threads. */
static int oracle_by_code(const struct ftf_program *p, void *ctx)
{
    (void)ctx;
    unsigned with = 0;
    for (unsigned t = 0; t < p->n_threads; t++) {
        int has = 0;
        for (unsigned i = 0; i < p->threads[t].n_ops; i++)
            has |= p->threads[t].ops[i].code == key.code;
        with += (unsigned)has;
    }
    return with >= 2;
}

static int stop_after_three(const struct ftf_program *p, void *ctx)
{
    (void)p;
    unsigned *n = ctx;
    return ++*n > 3 ? -1 : 0;
}

static void random_program(uint32_t seed, const struct ftf_limits *lim, struct ftf_program *p)
{
    uint8_t bytes[1500];
    for (size_t i = 0; i < sizeof bytes; i++) {
        seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
        bytes[i] = (uint8_t)seed;
    }
    ftf_decode(bytes, sizeof bytes, lim, p);
}

/* Seed's random program with the bug planted: its first op becomes the key, also run by
 * the last thread. 0 when the program is too small to tell anything (under 4 threads, or
 * a first thread of one op). */
static int planted_program(uint32_t seed, const struct ftf_limits *lim, struct ftf_program *p)
{
    random_program(seed * 2654435761u, lim, p);
    if (p->n_threads < 4 || p->threads[0].n_ops < 2)
        return 0;
    key = p->threads[0].ops[0];
    struct ftf_thread *last = &p->threads[p->n_threads - 1];
    last->ops[last->n_ops - 1] = key;
    return 1;
}

static void shrinks_to_the_two_threads_that_matter(void **state)
{
    (void)state;
    struct ftf_limits lim = {16, 200, 0};
    unsigned tried = 0;
    for (uint32_t seed = 1; seed <= 20; seed++) {
        struct ftf_program p;
        if (!planted_program(seed, &lim, &p))
            continue;
        tried++;
        assert_int_equal(oracle(&p, NULL), 1);
        size_t before = ftf_program_op_count(&p);
        struct ftf_min_stats st;
        calls = 0;
        assert_int_equal(ftf_minimize(&p, &lim, oracle, NULL, &st), 0);
        assert_int_equal(oracle(&p, NULL), 1);       /* still shows the bug */
        assert_int_equal(p.n_threads, 2);             /* only the two that matter */
        assert_int_equal(ftf_program_op_count(&p), 2); /* one key op each */
        assert_int_equal(st.ops_before, before);
        assert_int_equal(st.ops_after, 2);
        for (unsigned t = 0; t < p.n_threads; t++)
            for (unsigned i = 0; i < p.threads[t].n_ops; i++)
                assert_int_equal(p.threads[t].ops[i].sched, FTF_SCHED_NONE);
        /* every kept candidate was a program the decoder can produce */
        uint8_t buf[FTF_ENCODED_MAX + 64];
        struct ftf_program back;
        ftf_decode(buf, ftf_encode(&p, buf, sizeof buf), &lim, &back);
        assert_true(ftf_program_equal(&p, &back));
    }
    assert_true(tried >= 5); /* the seeds above must exercise real programs */
}

/* A busy moment: the first two times the oracle meets the smallest program that shows the
 * bug (the two key ops alone), the race does not show. */
static unsigned busy_refusals;

static int oracle_busy_once(const struct ftf_program *p, void *ctx)
{
    int r = oracle(p, ctx);
    if (r == 1 && ftf_program_op_count(p) == 2 && busy_refusals < 2) {
        busy_refusals++;
        return 0;
    }
    return r;
}

/* A removal that failed on a busy moment is tried again at the fixed point. The program:
 * one already minimised (the two key ops, nothing else left to change) with its second
 * thread's key op doubled, so that the only ways down (either copy removed, the same
 * program) are what the busy moment refuses. */
static void a_removal_refused_once_is_tried_again(void **state)
{
    (void)state;
    struct ftf_limits lim = {16, 200, 0};
    unsigned tried = 0;
    for (uint32_t seed = 1; seed <= 20; seed++) {
        struct ftf_program p;
        if (!planted_program(seed, &lim, &p))
            continue;
        struct ftf_min_stats st;
        assert_int_equal(ftf_minimize(&p, &lim, oracle, NULL, &st), 0);
        assert_int_equal(ftf_program_op_count(&p), 2);
        struct ftf_thread *second = &p.threads[1];
        second->ops[second->n_ops++] = second->ops[0];
        if (!ftf_decodable(&p, &lim))
            continue;
        tried++;
        busy_refusals = 0;
        assert_int_equal(ftf_minimize(&p, &lim, oracle_busy_once, NULL, &st), 0);
        assert_int_equal(busy_refusals, 2); /* the busy moment did happen */
        assert_int_equal(oracle(&p, NULL), 1);
        assert_int_equal(ftf_program_op_count(&p), 2);
    }
    assert_true(tried >= 5);
}

/* The helper sits in a third thread: dropping that thread loses the bug, so only merging
 * it into a key thread reaches two threads. */
static void merges_a_helper_thread_into_a_racing_one(void **state)
{
    (void)state;
    struct ftf_limits lim = {16, 200, 0};
    unsigned tried = 0;
    for (uint32_t seed = 1; seed <= 40 && tried < 8; seed++) {
        struct ftf_program p;
        random_program(seed * 2246822519u, &lim, &p);
        if (p.n_threads < 3)
            continue;
        key = p.threads[0].ops[0];
        helper = p.threads[1].ops[0];
        if (helper.code == key.code)
            continue;
        /* only thread 1 holds the helper, only threads 0 and last hold the key */
        int unique = 1;
        for (unsigned t = 0; t < p.n_threads; t++)
            for (unsigned i = 0; i < p.threads[t].n_ops; i++) {
                const struct ftf_op *op = &p.threads[t].ops[i];
                if (op->code == helper.code && op->obj == helper.obj && !(t == 1 && i == 0))
                    unique = 0;
            }
        if (!unique)
            continue;
        struct ftf_thread *last = &p.threads[p.n_threads - 1];
        last->ops[last->n_ops - 1] = key;
        if (!oracle_with_helper(&p, NULL))
            continue;
        tried++;
        struct ftf_min_stats st;
        assert_int_equal(ftf_minimize(&p, &lim, oracle_with_helper, NULL, &st), 0);
        assert_int_equal(oracle_with_helper(&p, NULL), 1);
        assert_int_equal(p.n_threads, 2);
        assert_int_equal(ftf_program_op_count(&p), 3); /* key, helper; key */
    }
    assert_true(tried >= 3);
}

/* Objects nothing uses go, wherever they sit (not only the last): what is left is exactly
 * what the remaining ops and iterators refer to, renumbered, and still decodable. */
static void drops_every_unused_object(void **state)
{
    (void)state;
    struct ftf_limits lim = {16, 200, 0};
    unsigned tried = 0;
    for (uint32_t seed = 1; seed <= 30; seed++) {
        struct ftf_program p;
        random_program(seed * 40503u, &lim, &p);
        if (p.n_threads < 3 || p.n_objs < 4)
            continue;
        key = p.threads[0].ops[0];
        struct ftf_thread *last = &p.threads[p.n_threads - 1];
        last->ops[last->n_ops - 1] = key;
        tried++;
        struct ftf_min_stats st;
        assert_int_equal(ftf_minimize(&p, &lim, oracle_by_code, NULL, &st), 0);
        assert_int_equal(oracle_by_code(&p, NULL), 1);
        int used[FTF_MAX_OBJS] = {0};
        for (unsigned t = 0; t < p.n_threads; t++)
            for (unsigned i = 0; i < p.threads[t].n_ops; i++) {
                const struct ftf_op *op = &p.threads[t].ops[i];
                assert_true(op->obj < p.n_objs);
                used[op->obj] = 1;
                if (ftf_op_info(op->code)->obj2_kinds) {
                    assert_true(op->obj2 < p.n_objs);
                    used[op->obj2] = 1;
                }
            }
        for (unsigned o = 0; o < p.n_objs; o++)
            if (p.objs[o].kind == FTF_K_ITER && p.objs[o].source < p.n_objs)
                used[p.objs[o].source] = 1;
        for (unsigned o = 0; o < p.n_objs; o++)
            assert_true(used[o] || p.n_objs == 1);
        assert_true(ftf_decodable(&p, &lim));
    }
    assert_true(tried >= 5);
}

static void oracle_can_stop_it(void **state)
{
    (void)state;
    struct ftf_limits lim = {16, 200, 0};
    struct ftf_program p, orig;
    random_program(7, &lim, &p);
    orig = p;
    unsigned n = 0;
    struct ftf_min_stats st;
    ftf_minimize(&p, &lim, stop_after_three, &n, &st);
    assert_int_equal(st.stopped, 1);
    assert_true(ftf_program_equal(&p, &orig)); /* nothing was kept */
}

/* The "bug" of a race that needs long loops: the key op in two threads, each looping at
 * least 20 times. The iteration pass finds each thread's smallest step by halving the
 * ladder below its count, a few candidates each. */
static unsigned iters_tried;

static int oracle_needs_20_iterations(const struct ftf_program *p, void *ctx)
{
    (void)ctx;
    iters_tried++;
    unsigned with = 0;
    for (unsigned t = 0; t < p->n_threads; t++)
        with += (unsigned)(has_key(&p->threads[t]) && p->threads[t].iters >= 20);
    return with >= 2;
}

static void lowers_iterations_by_halving(void **state)
{
    (void)state;
    struct ftf_limits lim = {16, 200, 0};
    struct ftf_program p;
    memset(&p, 0, sizeof p);
    p.n_objs = 1;
    p.objs[0].kind = (uint8_t)ftf_kind_by_name("LIST");
    p.n_threads = 2;
    key.code = (uint16_t)ftf_op_by_name("APPEND");
    key.obj = 0;
    for (unsigned t = 0; t < 2; t++) {
        p.threads[t].iters = 200;
        p.threads[t].n_ops = 1;
        p.threads[t].ops[0] = key;
    }
    uint8_t buf[FTF_ENCODED_MAX]; /* the canonical form, as the decoder gives it */
    ftf_decode(buf, ftf_encode(&p, buf, sizeof buf), &lim, &p);
    key = p.threads[0].ops[0];
    assert_true(ftf_decodable(&p, &lim));
    iters_tried = 0;
    struct ftf_min_stats st;
    assert_int_equal(ftf_minimize(&p, &lim, oracle_needs_20_iterations, NULL, &st), 0);
    for (unsigned t = 0; t < 2; t++)
        assert_int_equal(p.threads[t].iters, 20);
    /* Nine steps below 200, halved: four candidates a thread, then two each when the passes
     * run again after the change (14 in all); climbing from 1 took 28. */
    assert_true(iters_tried <= 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shrinks_to_the_two_threads_that_matter),
        cmocka_unit_test(merges_a_helper_thread_into_a_racing_one),
        cmocka_unit_test(a_removal_refused_once_is_tried_again),
        cmocka_unit_test(drops_every_unused_object),
        cmocka_unit_test(oracle_can_stop_it),
        cmocka_unit_test(lowers_iterations_by_halving),
    };
    return cmocka_run_group_tests_name("minimize", tests, NULL, NULL);
}
