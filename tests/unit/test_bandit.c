/* test_bandit.c - the sweep's time shares (src/bandit.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "bandit.h"

static void test_every_arm_first_then_by_yield(void **state)
{
    (void)state;
    struct ftf_bandit b;
    assert_int_equal(ftf_bandit_init(&b, 3, 0.3), 0);
    /* no yield yet: equal shares, and each arm once, in order */
    assert_true(ftf_bandit_share(&b, 1) > 0.333 && ftf_bandit_share(&b, 1) < 0.334);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(ftf_bandit_next(&b), i);
        ftf_bandit_reward(&b, i, 10.0, 100, i == 2 ? 90 : 0, i == 2 ? 1 : 0);
    }
    /* arm 2 yielded everything: it gets the rest on top of its floor */
    double s0 = ftf_bandit_share(&b, 0), s2 = ftf_bandit_share(&b, 2);
    assert_true(s0 > 0.099 && s0 < 0.101);  /* floor 0.3 / 3 arms */
    assert_true(s2 > 0.799 && s2 < 0.801);
    assert_true(s0 + ftf_bandit_share(&b, 1) + s2 > 0.999);
    /* over many slices arm 2 runs most, and the floor keeps 0 and 1 running */
    unsigned long pulls[3] = {0};
    for (int k = 0; k < 100; k++) {
        size_t a = ftf_bandit_next(&b);
        pulls[a]++;
        ftf_bandit_reward(&b, a, 10.0, 100, a == 2 ? 90 : 0, 0);
    }
    assert_true(pulls[2] > 70);
    assert_true(pulls[0] >= 5 && pulls[1] >= 5);
    assert_int_equal(b.arms[2].findings, 1);
    assert_int_equal(b.arms[0].runs, 100 * (1 + pulls[0]));
}

static void test_a_module_that_dries_up_loses_its_time(void **state)
{
    (void)state;
    struct ftf_bandit b;
    ftf_bandit_init(&b, 2, 0.2);
    ftf_bandit_reward(&b, 0, 10.0, 10, 500, 0);
    ftf_bandit_reward(&b, 1, 10.0, 10, 5, 0);
    assert_true(ftf_bandit_share(&b, 0) > ftf_bandit_share(&b, 1));
    for (int k = 0; k < 10; k++)
        ftf_bandit_reward(&b, 0, 10.0, 10, 0, 0);
    ftf_bandit_reward(&b, 1, 10.0, 10, 5, 0);
    assert_true(ftf_bandit_share(&b, 1) > ftf_bandit_share(&b, 0));
}

static void test_bad_arguments(void **state)
{
    (void)state;
    struct ftf_bandit b;
    assert_int_equal(ftf_bandit_init(&b, 0, 0.3), -1);
    assert_int_equal(ftf_bandit_init(&b, FTF_BANDIT_MAX_ARMS + 1, 0.3), -1);
    assert_int_equal(ftf_bandit_init(&b, 2, 1.5), -1);
    assert_int_equal(ftf_bandit_init(&b, 1, 0.0), 0);
    ftf_bandit_reward(&b, 7, 1.0, 1, 1, 1); /* out of range: ignored */
    assert_int_equal(b.arms[0].pulls, 0);
    assert_int_equal(ftf_bandit_next(&b), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_arm_first_then_by_yield),
        cmocka_unit_test(test_a_module_that_dries_up_loses_its_time),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
