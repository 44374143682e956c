/* test_min_rate.c - the minimiser's rate policy, against made-up replay rates. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "min_rate.h"

static const struct ftf_limits lim = {16, 200, 0};

/* A made-up world: a program's rate comes from its shape, and every measurement is counted. */
struct world {
    int at_most_iters, at_fewer_iters; /* rate at 200 iterations, and below */
    int pinned, paced;                 /* rate of a pinned / a paced program (-1: as loops) */
    unsigned measured;
    int expired_after;                 /* measurements before the time cap (-1: never) */
};

static int is_paced(const struct ftf_program *p)
{
    for (unsigned t = 0; t < p->n_threads; t++)
        for (unsigned i = 0; i < p->threads[t].n_ops; i++)
            if (p->threads[t].ops[i].sched != FTF_SCHED_SLEEP)
                return 0;
    return p->n_threads > 0;
}

static int world_rate(const struct ftf_program *p, void *ctx)
{
    struct world *w = ctx;
    w->measured++;
    if (p->pin.on && w->pinned >= 0)
        return w->pinned;
    if (is_paced(p) && w->paced >= 0)
        return w->paced;
    return p->threads[0].iters == 200 ? w->at_most_iters : w->at_fewer_iters;
}

static int world_expired(void *ctx)
{
    const struct world *w = ctx;
    return w->expired_after >= 0 && w->measured >= (unsigned)w->expired_after;
}

/* Two threads of two ops each on one list, 5 iterations, no schedule point. */
static struct ftf_program two_threads(void)
{
    struct ftf_program p;
    memset(&p, 0, sizeof p);
    p.n_objs = 1;
    p.objs[0].kind = FTF_K_LIST;
    p.n_threads = 2;
    for (unsigned t = 0; t < 2; t++) {
        p.threads[t].n_ops = 2;
        p.threads[t].iters = 5;
        for (unsigned i = 0; i < 2; i++)
            p.threads[t].ops[i].code = (uint16_t)(1 + i);
    }
    return p;
}

static void test_oracle_bar(void **state)
{
    (void)state;
    unsigned tries, need;
    ftf_min_oracle_bar(10, &tries, &need);
    assert_int_equal(tries, 8);
    assert_int_equal(need, 6);
    ftf_min_oracle_bar(2, &tries, &need); /* 0.8^14 < 0.05 <= 0.8^13 */
    assert_int_equal(tries, 14);
    assert_int_equal(need, 3);
    ftf_min_oracle_bar(1, &tries, &need); /* capped */
    assert_int_equal(tries, 20);
    assert_int_equal(need, 2);
    for (int k = 0; k <= 10; k++) {
        ftf_min_oracle_bar(k, &tries, &need);
        assert_true(tries >= 8 && tries <= 20 && need >= 1 && need <= tries);
    }
}

static void test_longest_loops_win_ties(void **state)
{
    (void)state;
    struct world w = {.at_most_iters = 6, .at_fewer_iters = 6, .pinned = -1, .paced = -1,
                      .expired_after = -1};
    struct ftf_rate_probe pr = {world_rate, world_expired, &w, &lim};
    struct ftf_program p = two_threads();
    int k = 6;
    ftf_min_prefer_inflated(&pr, &p, &k);
    assert_int_equal(p.threads[0].iters, 200);
    assert_int_equal(p.threads[1].iters, 200);
    p = two_threads();
    w.at_most_iters = 5;
    ftf_min_prefer_inflated(&pr, &p, &k);
    assert_int_equal(p.threads[0].iters, 5); /* fewer reproductions: kept as it was */
    assert_int_equal(k, 6);
}

/* Below the floor the pin is tried before pacing, and a pin that reaches the floor leaves
 * pacing untried; at the floor nothing is tried at all. */
static void test_pin_before_pace_and_only_below_the_floor(void **state)
{
    (void)state;
    struct world w = {.at_most_iters = 3, .at_fewer_iters = 3, .pinned = 10, .paced = 7,
                      .expired_after = -1};
    struct ftf_rate_probe pr = {world_rate, world_expired, &w, &lim};
    struct ftf_program p = two_threads();
    int k = 3;
    ftf_min_improve(&pr, &p, &k);
    assert_true(p.pin.on);
    assert_int_equal(k, 10);
    assert_false(is_paced(&p));

    w.pinned = 2; /* the pin does not help: pacing does */
    p = two_threads();
    k = 3;
    ftf_min_improve(&pr, &p, &k);
    assert_false(p.pin.on);
    assert_true(is_paced(&p));
    assert_int_equal(k, 7);

    w.measured = 0;
    p = two_threads();
    p.threads[0].iters = p.threads[1].iters = 200;
    k = FTF_MIN_RATE_FLOOR;
    ftf_min_improve(&pr, &p, &k);
    assert_int_equal(w.measured, 0);
    assert_int_equal(k, FTF_MIN_RATE_FLOOR);
}

/* A best that drifted low steps back to the newest kept candidate that replays want. */
static void test_keep_the_rate_steps_back_to_the_newest_good_step(void **state)
{
    (void)state;
    struct world w = {.at_most_iters = 9, .at_fewer_iters = 2, .pinned = 2, .paced = 2,
                      .expired_after = -1};
    struct ftf_rate_probe pr = {world_rate, world_expired, &w, &lim};
    struct ftf_program kept[3], best = two_threads();
    for (int i = 0; i < 3; i++) {
        kept[i] = two_threads();
        kept[i].threads[1].n_ops = (uint8_t)(2 - (i == 2)); /* the newest lost an op */
    }
    best.threads[0].n_ops = 1;
    int k = 2;
    ftf_min_keep_the_rate(&pr, kept, 3, &best, &k, 9);
    assert_int_equal(k, 9);
    assert_int_equal(best.threads[1].n_ops, 1); /* kept[2], the newest, at 200 iterations */
    assert_int_equal(best.threads[0].iters, 200);

    /* The time cap comes first: best stays. */
    w.measured = 0;
    w.expired_after = 0;
    best = two_threads();
    best.threads[0].n_ops = 1;
    k = 2;
    ftf_min_keep_the_rate(&pr, kept, 3, &best, &k, 9);
    assert_int_equal(k, 2);
    assert_int_equal(best.threads[0].n_ops, 1);
    assert_int_equal(w.measured, 0);
}

static void test_start_inflated_only_when_cheap_or_unreliable(void **state)
{
    (void)state;
    struct ftf_program p = two_threads(); /* 2 x 2 ops x 200 = 800: cheap */
    assert_true(ftf_min_start_inflated(&p, &lim, 10));
    p.n_threads = 16;
    for (unsigned t = 0; t < 16; t++) {
        p.threads[t] = p.threads[0];
        p.threads[t].n_ops = 8; /* 16 x 8 x 200 = 25600 */
    }
    assert_false(ftf_min_start_inflated(&p, &lim, 10));
    assert_true(ftf_min_start_inflated(&p, &lim, 9));
    struct ftf_program q = ftf_min_paced(&p);
    assert_true(is_paced(&q));
    assert_int_equal(q.threads[3].ops[5].sched_arg, FTF_SCHED_ARG_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oracle_bar),
        cmocka_unit_test(test_longest_loops_win_ties),
        cmocka_unit_test(test_pin_before_pace_and_only_below_the_floor),
        cmocka_unit_test(test_keep_the_rate_steps_back_to_the_newest_good_step),
        cmocka_unit_test(test_start_inflated_only_when_cheap_or_unreliable),
    };
    return cmocka_run_group_tests_name("min_rate", tests, NULL, NULL);
}
