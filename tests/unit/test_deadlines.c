/* test_deadlines.c - each layer's deadline falls behind the one inside it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "deadlines.h"

static void test_layers_wait_for_the_inner_ones(void **state)
{
    (void)state;
    for (long t = 1; t <= 600; t++) {
        double d = (double)t;
        assert_true(ftf_deadline_run(d) == d);
        assert_true(ftf_deadline_stuck_run(d, 0) > ftf_deadline_run(d));
        assert_true(ftf_deadline_fork_parent(d) > ftf_deadline_run(d));
        assert_true(ftf_deadline_zygote_reply(d) > ftf_deadline_fork_parent(d));
        assert_true(ftf_deadline_stuck_run(d, 1) > ftf_deadline_zygote_reply(d));
        assert_true((double)ftf_deadline_libfuzzer(t) > ftf_deadline_stuck_run(d, 1));
        assert_true(ftf_deadline_no_progress(t) > (double)ftf_deadline_libfuzzer(t));
        /* the watchdog finishes its store before the no-progress guard or the campaign's
         * end can kill it; the gdb call is bounded within the store's deadline */
        assert_true(ftf_deadline_stuck_store() > ftf_deadline_gdb());
        assert_true(ftf_deadline_no_progress(t) >
                    ftf_deadline_stuck_run(d, 1) + ftf_deadline_stuck_store());
        assert_true(ftf_deadline_campaign_end(t) >
                    ftf_deadline_stuck_run(d, 1) + ftf_deadline_stuck_store());
        assert_true(ftf_deadline_campaign_end(t) == d + 90); /* as README.md documents */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layers_wait_for_the_inner_ones),
    };
    return cmocka_run_group_tests_name("deadlines", tests, NULL, NULL);
}
