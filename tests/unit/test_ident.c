/* test_ident.c - the one identifier check (renderer, sweep, attribution), plain and dotted. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "ident.h"
#include "stdlib_sweep.h"

static void plain_names(void **state)
{
    (void)state;
    static const char *const good[] = {"_io", "itertools", "x", "_", "A9", "__init__", "bz2"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_true(ftf_is_ident(good[i], 0));
        assert_true(ftf_is_ident(good[i], 1)); /* a dotted name of one part */
    }
    static const char *const bad[] = {"", "9x", "a-b", "a b", "a/b", "a.b", "a\n", "é",
                                      "x;import os", "..", "a'"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(ftf_is_ident(bad[i], 0));
    assert_false(ftf_is_ident(NULL, 0));
    assert_false(ftf_is_ident(NULL, 1));
}

static void dotted_names(void **state)
{
    (void)state;
    assert_true(ftf_is_ident("pkg.sub", 1));
    assert_true(ftf_is_ident("a.b_2.c", 1));
    static const char *const bad[] = {".a", "a.", "a..b", ".", "a.9b", "a.b-c", "a./b"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(ftf_is_ident(bad[i], 1));
}

/* Attribution builds paths from a module name: it takes only what the check takes. */
static void source_patterns_take_only_identifiers(void **state)
{
    (void)state;
    char buf[1024];
    assert_true(ftf_stdlib_source_patterns("_struct", buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "/Modules/_struct.c"));
    static const char *const bad[] = {"", "../x", "a/b", "pkg.sub", "9x", "a-b"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(ftf_stdlib_source_patterns(bad[i], buf, sizeof buf), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_names),
        cmocka_unit_test(dotted_names),
        cmocka_unit_test(source_patterns_take_only_identifiers),
    };
    return cmocka_run_group_tests_name("ident", tests, NULL, NULL);
}
