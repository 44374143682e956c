/* test_isolation_policy.c - isolation names round-trip; auto picks fresh state for modules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "isolation_policy.h"

static void test_names_round_trip_and_make_the_choices(void **state)
{
    (void)state;
    for (int k = 0; k < FTF_ISO_COUNT; k++) {
        const char *name = ftf_isolation_name((enum ftf_isolation_kind)k);
        assert_int_equal(ftf_isolation_parse(name), k);
        assert_non_null(strstr(FTF_ISOLATION_CHOICES, name));
    }
    assert_string_equal(FTF_ISOLATION_CHOICES, "inproc|fork|fresh|auto");
    assert_int_equal(ftf_isolation_parse("forked"), FTF_ISO_COUNT);
    assert_int_equal(ftf_isolation_parse(NULL), FTF_ISO_COUNT);
    assert_string_equal(ftf_isolation_name(FTF_ISO_COUNT), "?");
}

/* auto with a module: fresh for the first runs, then one in FTF_FRESH_EVERY; in process
 * otherwise, and whenever the zygote did not start. */
static void test_auto_runs_modules_fresh_first_then_sometimes(void **state)
{
    (void)state;
    struct ftf_isolation_plan with = ftf_isolation_plan_campaign(FTF_ISO_AUTO, 1);
    struct ftf_isolation_plan without = ftf_isolation_plan_campaign(FTF_ISO_AUTO, 0);
    assert_true(with.zygote);
    assert_false(without.zygote);
    unsigned long fresh = 0, n_runs = FTF_FRESH_FIRST + 10 * FTF_FRESH_EVERY;
    for (unsigned long n = 0; n < n_runs; n++) {
        enum ftf_isolation_kind k = ftf_isolation_for_run(&with, 1, n);
        assert_true(k == FTF_ISO_FRESH || k == FTF_ISO_INPROC);
        fresh += k == FTF_ISO_FRESH;
        if (n < FTF_FRESH_FIRST)
            assert_int_equal(k, FTF_ISO_FRESH);
        assert_int_equal(ftf_isolation_for_run(&with, 0, n), FTF_ISO_INPROC);
        assert_int_equal(ftf_isolation_for_run(&without, 1, n), FTF_ISO_INPROC);
    }
    assert_int_equal(fresh, FTF_FRESH_FIRST + 10); /* and one in each of the 10 later blocks */
}

static void test_chosen_isolation_is_kept(void **state)
{
    (void)state;
    for (int k = 0; k < FTF_ISO_AUTO; k++) {
        struct ftf_isolation_plan p = ftf_isolation_plan_campaign((enum ftf_isolation_kind)k, 0);
        assert_int_equal(p.zygote, ftf_isolation_forks((enum ftf_isolation_kind)k));
        assert_int_equal(ftf_isolation_for_run(&p, 1, 1000), k);
    }
    assert_int_equal(ftf_isolation_for_replay(FTF_ISO_AUTO), FTF_ISO_FORK);
    assert_int_equal(ftf_isolation_for_replay(FTF_ISO_FRESH), FTF_ISO_FORK);
    assert_int_equal(ftf_isolation_for_replay(FTF_ISO_INPROC), FTF_ISO_INPROC);
    assert_int_equal(ftf_isolation_for_replay(FTF_ISO_FORK), FTF_ISO_FORK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_round_trip_and_make_the_choices),
        cmocka_unit_test(test_auto_runs_modules_fresh_first_then_sometimes),
        cmocka_unit_test(test_chosen_isolation_is_kept),
    };
    return cmocka_run_group_tests_name("isolation_policy", tests, NULL, NULL);
}
