/* test_probe_journal.c - the argument probe's journal: results survive the call that
 * killed the probe, and that call's entry is named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "probe_journal.h"

/* A probe that did entries 0 and 2 and died in entry 3: 0 and 2 kept, 3 crashed and
 * named, 1 and 4 still to probe. */
static void crash_keeps_the_others(void **state)
{
    (void)state;
    long m[5];
    char last[64];
    const char *text = "start 0 add\ndone 0 3\nstart 2 Buf.put\ndone 2 -1\nstart 3 boom\n";
    assert_int_equal(ftf_probe_journal_read(text, m, 5, last, sizeof last), 1);
    assert_int_equal(m[0], 3);
    assert_int_equal(m[1], FTF_PROBE_UNSEEN);
    assert_int_equal(m[2], -1);
    assert_int_equal(m[3], FTF_PROBE_CRASHED);
    assert_int_equal(m[4], FTF_PROBE_UNSEEN);
    assert_string_equal(last, "boom");
}

/* A second attempt after that crash: it passes entry 3 by, so the journal's crashes add up
 * while the last one named is the newest; a clean journal names none. */
static void crashes_add_up_across_attempts(void **state)
{
    (void)state;
    long m[6];
    char last[64];
    const char *text = "start 0 add\ndone 0 3\nstart 3 boom\n"
                       "start 4 T.explode\n";
    assert_int_equal(ftf_probe_journal_read(text, m, 6, last, sizeof last), 2);
    assert_int_equal(m[3], FTF_PROBE_CRASHED);
    assert_int_equal(m[4], FTF_PROBE_CRASHED);
    assert_string_equal(last, "T.explode");
    assert_int_equal(ftf_probe_journal_read("start 1 a\ndone 1 8\n", m, 6, last, sizeof last), 0);
    assert_int_equal(m[1], 8);
    assert_string_equal(last, "");
}

/* Torn or foreign lines (the process died mid-write, an index past cap) change nothing,
 * and a short buffer truncates the name. */
static void torn_lines_are_skipped(void **state)
{
    (void)state;
    long m[2];
    char last[4];
    const char *text = "done 0 5\nstart x y\ndone 1\ndone 9 1\nstart 7 far\nsta";
    assert_int_equal(ftf_probe_journal_read(text, m, 2, last, sizeof last), 0);
    assert_int_equal(m[0], 5);
    assert_int_equal(m[1], FTF_PROBE_UNSEEN);
    assert_int_equal(ftf_probe_journal_read("start 1 longname", m, 2, last, sizeof last), 1);
    assert_string_equal(last, "lon");
    assert_int_equal(ftf_probe_journal_read("", m, 2, last, sizeof last), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crash_keeps_the_others),
        cmocka_unit_test(crashes_add_up_across_attempts),
        cmocka_unit_test(torn_lines_are_skipped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
