/* test_libfuzzer_options.c - fuzz/<target>.options files to libFuzzer flags. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "libfuzzer_options.h"
#include "paths.h"

static char flags[FTF_LIBFUZZER_FLAGS_MAX][FTF_LIBFUZZER_FLAG_LEN];

static void test_keys_values_and_dict(void **state)
{
    (void)state;
    const char *text = "# comment\n[libfuzzer]\nmax_len = 512\n  len_control=0\n"
                       "dict = containers.dict\nnot a flag\n\nuse_counters = 0";
    size_t n = ftf_libfuzzer_options_parse(text, "/repo/fuzz", flags, FTF_LIBFUZZER_FLAGS_MAX);
    assert_int_equal(n, 4);
    assert_string_equal(flags[0], "-max_len=512");
    assert_string_equal(flags[1], "-len_control=0");
    assert_string_equal(flags[2], "-dict=/repo/fuzz/containers.dict");
    assert_string_equal(flags[3], "-use_counters=0"); /* the last line needs no newline */
}

static void test_at_most_max(void **state)
{
    (void)state;
    assert_int_equal(ftf_libfuzzer_options_parse("a = 1\nb = 2\nc = 3\n", ".", flags, 2), 2);
    assert_string_equal(flags[1], "-b=2");
    assert_int_equal(ftf_libfuzzer_options_parse("", ".", flags, 2), 0);
    assert_int_equal(ftf_libfuzzer_options_parse(NULL, ".", flags, 2), 0);
}

/* The checked-in files parse to what libFuzzer is meant to get. */
static void test_checked_in_containers_options(void **state)
{
    (void)state;
    char *text = ftf_read_file("fuzz/containers.options", NULL);
    assert_non_null(text);
    size_t n = ftf_libfuzzer_options_parse(text, "fuzz", flags, FTF_LIBFUZZER_FLAGS_MAX);
    free(text);
    assert_int_equal(n, 4);
    assert_string_equal(flags[0], "-max_len=512");
    assert_string_equal(flags[3], "-dict=fuzz/containers.dict");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_values_and_dict),
        cmocka_unit_test(test_at_most_max),
        cmocka_unit_test(test_checked_in_containers_options),
    };
    return cmocka_run_group_tests_name("libfuzzer_options", tests, NULL, NULL);
}
