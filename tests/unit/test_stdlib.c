/* test_stdlib.c - the sweep's deny-list (src/stdlib_deny.def). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "stdlib_sweep.h"

static void test_denied_calls_and_modules(void **state)
{
    (void)state;
    assert_non_null(ftf_stdlib_denied("posix", "_exit"));
    assert_non_null(ftf_stdlib_denied("sys", "exit"));
    assert_non_null(ftf_stdlib_denied("_thread", "exit"));
    assert_non_null(ftf_stdlib_denied("_thread", "stack_size")); /* every later thread */
    assert_non_null(ftf_stdlib_denied("_multiprocessing", "sem_unlink")); /* the machine's */
    assert_non_null(ftf_stdlib_denied("_signal", "signal")); /* whole module */
    assert_non_null(ftf_stdlib_denied("_signal", NULL));
    assert_non_null(ftf_stdlib_denied("_ctypes", "memmove"));
    /* what races, stays */
    assert_null(ftf_stdlib_denied("sys", "settrace"));
    assert_null(ftf_stdlib_denied("sys", "setprofile"));
    assert_null(ftf_stdlib_denied("posix", NULL));
    assert_null(ftf_stdlib_denied("_decimal", "getcontext"));
    assert_null(ftf_stdlib_denied(NULL, "exit"));
}

static void test_denied_names_list(void **state)
{
    (void)state;
    char buf[256];
    assert_int_equal(ftf_stdlib_denied_names("_signal", buf, sizeof buf), 1);
    assert_string_equal(buf, "*");
    assert_int_equal(ftf_stdlib_denied_names("_decimal", buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    int n = ftf_stdlib_denied_names("_thread", buf, sizeof buf);
    assert_string_equal(buf, "exit,exit_thread,interrupt_main,stack_size");
    assert_int_equal(n, (int)strlen(buf));
    assert_int_equal(ftf_stdlib_denied_names("_thread", buf, 5), -1);
}

/* Where a module's C code is: CPython's naming conventions, and the table's exceptions. */
static void test_source_patterns(void **state)
{
    (void)state;
    char buf[512];
    assert_true(ftf_stdlib_source_patterns("itertools", buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "src:/Modules/itertoolsmodule.c\n"));
    assert_true(ftf_stdlib_source_patterns("_io", buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "src:/Modules/_io/\n"));
    assert_true(ftf_stdlib_source_patterns("_socket", buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "src:/Modules/socketmodule.c\n"));
    assert_true(ftf_stdlib_source_patterns("_decimal", buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "src:/Modules/_decimal/\n"));
    assert_true(ftf_stdlib_source_patterns("_hashlib", buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "src:/Modules/_hashopenssl.c\n"));
    assert_true(ftf_stdlib_source_patterns("sys", buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "src:/Python/sysmodule.c\n"));
    assert_int_equal(ftf_stdlib_source_patterns("pkg.sub", buf, sizeof buf), -1);
    assert_int_equal(ftf_stdlib_source_patterns("", buf, sizeof buf), -1);
    assert_int_equal(ftf_stdlib_source_patterns("itertools", buf, 16), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_denied_calls_and_modules),
        cmocka_unit_test(test_denied_names_list),
        cmocka_unit_test(test_source_patterns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
