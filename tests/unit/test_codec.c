/* test_codec.c - decode never fails, reaches every kind/op/schedule, and encode inverts it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "codec.h"
#include "ops.h"

/* Fixed-seed xorshift64: the inputs are the same on every run. */
static uint64_t rng_state;

static uint64_t rng(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

/* A random input; lengths spread so short (exhausted) and long inputs both occur. */
static size_t random_input(uint8_t *buf, size_t cap)
{
    size_t n = (size_t)(rng() % cap);
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)rng();
    return n;
}

/* Every field inside what decode may produce under lim. */
static void assert_valid(const struct ftf_program *p, const struct ftf_limits *lim)
{
    unsigned max_threads = lim && lim->max_threads ? lim->max_threads : FTF_MAX_THREADS;
    if (max_threads > FTF_MAX_THREADS)
        max_threads = FTF_MAX_THREADS;
    if (max_threads < FTF_MIN_THREADS)
        max_threads = FTF_MIN_THREADS;
    int has_module = lim && lim->has_module;
    assert_int_equal(p->has_module, has_module);
    assert_in_range(p->n_threads, FTF_MIN_THREADS, max_threads);
    assert_in_range(p->n_objs, 1, FTF_MAX_OBJS);
    for (unsigned i = 0; i < p->n_objs; i++) {
        const struct ftf_object *o = &p->objs[i];
        assert_true(o->kind < FTF_K_COUNT);
        const struct ftf_kind_info *ki = ftf_kind_info(o->kind);
        if (!has_module)
            assert_int_equal(ki->flags & FTF_KF_MODULE, 0);
        assert_true(o->variant < ki->variants);
        if (o->kind == FTF_K_ITER)
            assert_true(o->source < p->n_objs + ftf_immutable_count());
        else
            assert_int_equal(o->source, 0);
    }
    for (unsigned t = 0; t < p->n_threads; t++) {
        const struct ftf_thread *th = &p->threads[t];
        assert_in_range(th->n_ops, 1, FTF_MAX_OPS);
        assert_in_range(th->iters, 1, 200);
        if (lim && lim->max_iters)
            assert_true(th->iters <= lim->max_iters || th->iters == 1);
        for (unsigned k = 0; k < th->n_ops; k++) {
            const struct ftf_op *op = &th->ops[k];
            assert_true(op->code < FTF_OP_COUNT);
            assert_true(op->obj < p->n_objs);
            const struct ftf_op_info *row = ftf_op_info(op->code);
            assert_true(row->kinds >> p->objs[op->obj].kind & 1u);
            if (!has_module)
                assert_int_equal(row->flags & FTF_OF_MODULE, 0);
            if (row->obj2_kinds)
                assert_true(row->obj2_kinds >> p->objs[op->obj2].kind & 1u);
            else
                assert_int_equal(op->obj2, 0);
            assert_true(op->arg < ftf_arg_range(row->arg1));
            assert_true(op->arg2 < ftf_arg_range(row->arg2));
            assert_true(op->sched < FTF_SCHED_COUNT);
            assert_true(op->sched_arg < 8);
            if (op->sched != FTF_SCHED_SPIN && op->sched != FTF_SCHED_SLEEP)
                assert_int_equal(op->sched_arg, 0);
        }
    }
}

static void round_trip(const struct ftf_program *p, const struct ftf_limits *lim)
{
    uint8_t buf[FTF_ENCODED_MAX];
    size_t n = ftf_encode(p, buf, sizeof buf);
    assert_true(n > 0 && n <= sizeof buf);
    struct ftf_program q;
    ftf_decode(buf, n, lim, &q);
    if (!ftf_program_equal(p, &q))
        fail_msg("decode(encode(p)) != p");
    /* Encoding is canonical: a second round gives the same bytes. */
    uint8_t buf2[FTF_ENCODED_MAX];
    assert_int_equal(ftf_encode(&q, buf2, sizeof buf2), n);
    assert_memory_equal(buf, buf2, n);
}

/* Like libFuzzer's FoundMask tests: every outcome must be reachable from bytes. */
static void test_everything_reachable(void **state)
{
    (void)state;
    static uint8_t buf[2048];
    int kinds[FTF_K_COUNT] = {0}, ops[FTF_OP_COUNT] = {0}, scheds[FTF_SCHED_COUNT] = {0};
    int flavours[FTF_FLAV_NUM] = {0}, imm_source = 0, obj_source = 0, threads_max = 0;
    rng_state = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 20000; i++) {
        size_t n = random_input(buf, sizeof buf);
        struct ftf_limits lim = {.has_module = (uint8_t)(i & 1)};
        struct ftf_program p;
        ftf_decode(buf, n, &lim, &p);
        if (i % 16 == 0)
            assert_valid(&p, &lim);
        threads_max |= p.n_threads == FTF_MAX_THREADS;
        for (unsigned o = 0; o < p.n_objs; o++) {
            kinds[p.objs[o].kind] = 1;
            if (p.objs[o].kind == FTF_K_ITER) {
                flavours[(p.objs[o].variant / FTF_ITER_VIEWS) % FTF_FLAV_NUM] = 1;
                if (p.objs[o].source < p.n_objs)
                    obj_source = 1;
                else
                    imm_source = 1;
            }
        }
        for (unsigned t = 0; t < p.n_threads; t++)
            for (unsigned k = 0; k < p.threads[t].n_ops; k++) {
                ops[p.threads[t].ops[k].code] = 1;
                scheds[p.threads[t].ops[k].sched] = 1;
            }
    }
    for (unsigned k = 0; k < FTF_K_COUNT; k++)
        if (!kinds[k])
            fail_msg("kind %s never decoded", ftf_kind_info(k)->name);
    for (unsigned c = 0; c < FTF_OP_COUNT; c++)
        if (!ops[c])
            fail_msg("op %s never decoded", ftf_op_info(c)->name);
    for (unsigned s = 0; s < FTF_SCHED_COUNT; s++)
        if (!scheds[s])
            fail_msg("schedule %u never decoded", s);
    for (unsigned f = 0; f < FTF_FLAV_NUM; f++)
        if (!flavours[f])
            fail_msg("iterator flavour %s never decoded", ftf_flavour_info(f)->name);
    assert_true(imm_source && obj_source && threads_max);
}

static void test_deterministic(void **state)
{
    (void)state;
    static uint8_t buf[2048];
    rng_state = 42;
    for (int i = 0; i < 500; i++) {
        size_t n = random_input(buf, sizeof buf);
        struct ftf_program a, b;
        ftf_decode(buf, n, NULL, &a);
        ftf_decode(buf, n, NULL, &b);
        assert_true(ftf_program_equal(&a, &b));
        assert_memory_equal(&a, &b, sizeof a); /* unused parts are zeroed too */
    }
}

static void test_round_trip(void **state)
{
    (void)state;
    static uint8_t buf[2048];
    const struct ftf_limits lims[] = {
        {0, 0, 0},
        {0, 0, 1},
        {.max_threads = 4, .max_iters = 20},
        {.max_threads = 2, .max_iters = 1, .has_module = 1},
        {.max_threads = 200, .max_iters = 7},
    };
    rng_state = 7;
    for (int i = 0; i < 5000; i++) {
        const struct ftf_limits *lim = &lims[i % 5];
        size_t n = random_input(buf, sizeof buf);
        struct ftf_program p;
        ftf_decode(buf, n, lim, &p);
        assert_valid(&p, lim);
        round_trip(&p, lim);
    }
}

static void test_edge_inputs(void **state)
{
    (void)state;
    struct ftf_program p;
    static uint8_t ff[4096];
    memset(ff, 0xff, sizeof ff);

    ftf_decode(NULL, 0, NULL, &p);
    assert_valid(&p, NULL);
    assert_int_equal(p.n_threads, FTF_MIN_THREADS);
    assert_int_equal(p.n_objs, 1);
    round_trip(&p, NULL);

    ftf_decode((const uint8_t *)"", 0, NULL, &p);
    assert_valid(&p, NULL);
    ftf_decode((const uint8_t *)"\0", 1, NULL, &p);
    assert_valid(&p, NULL);
    round_trip(&p, NULL);
    for (unsigned b = 0; b < 256; b++) {
        uint8_t one = (uint8_t)b;
        struct ftf_limits lim = {.has_module = (uint8_t)(b & 1)};
        ftf_decode(&one, 1, &lim, &p);
        assert_valid(&p, &lim);
        round_trip(&p, &lim);
    }
    ftf_decode(ff, sizeof ff, NULL, &p);
    assert_valid(&p, NULL);
    round_trip(&p, NULL);
    struct ftf_limits mod = {.has_module = 1};
    ftf_decode(ff, sizeof ff, &mod, &p);
    assert_valid(&p, &mod);
    round_trip(&p, &mod);
}

static void test_limits(void **state)
{
    (void)state;
    static uint8_t buf[2048];
    struct ftf_limits lim = {.max_threads = 3, .max_iters = 10};
    rng_state = 99;
    for (int i = 0; i < 2000; i++) {
        size_t n = random_input(buf, sizeof buf);
        struct ftf_program p;
        ftf_decode(buf, n, &lim, &p);
        assert_true(p.n_threads <= 3);
        for (unsigned t = 0; t < p.n_threads; t++)
            assert_true(p.threads[t].iters <= 10);
    }
    /* max_threads below the minimum still gives two threads. */
    lim.max_threads = 1;
    struct ftf_program p;
    memset(buf, 0xff, 64);
    ftf_decode(buf, 64, &lim, &p);
    assert_int_equal(p.n_threads, FTF_MIN_THREADS);
}

static void test_encode_cap(void **state)
{
    (void)state;
    static uint8_t in[2048];
    uint8_t out[FTF_ENCODED_MAX];
    rng_state = 5;
    size_t n = random_input(in, sizeof in) | 1024;
    memset(in, 0x5a, 8); /* some threads, some objects */
    struct ftf_program p;
    ftf_decode(in, n, NULL, &p);
    size_t need = ftf_encode(&p, NULL, 0);
    assert_true(need > 2);
    memset(out, 0xee, sizeof out);
    assert_int_equal(ftf_encode(&p, out, need - 1), need);
    assert_int_equal(out[0], 0xee); /* nothing written */
    assert_int_equal(ftf_encode(&p, out, need), need);
    assert_true(ftf_program_op_count(&p) >= p.n_threads);
}

/* A program the decoder could not produce still encodes to bytes that decode validly. */
static void test_encode_garbage(void **state)
{
    (void)state;
    struct ftf_program p;
    uint8_t out[FTF_ENCODED_MAX];
    memset(&p, 0xff, sizeof p);
    size_t n = ftf_encode(&p, out, sizeof out);
    assert_true(n <= sizeof out);
    struct ftf_program q;
    ftf_decode(out, n, NULL, &q);
    assert_valid(&q, NULL);
}

static void test_ladder(void **state)
{
    (void)state;
    const uint16_t *l;
    size_t n = ftf_iters_ladder(&l);
    assert_true(n >= 2 && n <= 256);
    assert_int_equal(l[0], 1);
    assert_int_equal(l[n - 1], 200);
    for (size_t i = 1; i < n; i++)
        assert_true(l[i] > l[i - 1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_everything_reachable),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_edge_inputs),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_encode_cap),
        cmocka_unit_test(test_encode_garbage),
        cmocka_unit_test(test_ladder),
    };
    return cmocka_run_group_tests_name("codec", tests, NULL, NULL);
}
