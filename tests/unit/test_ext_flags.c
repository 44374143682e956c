/* test_ext_flags.c - build-ext's arguments: sources by language, the flags setup.py files
 * use, the tail after --, the module names a shared object's PyInit_ symbols give. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "ext_flags.h"

static struct ftf_ext_args a;

static int parse(char **argv, int argc, char **tail, int n_tail, char *err, size_t len)
{
    err[0] = '\0';
    return ftf_ext_args_parse(argc, argv, n_tail, tail, &a, err, len);
}

static void sources_by_suffix(void **state)
{
    (void)state;
    assert_int_equal(ftf_ext_source_lang("src/mod.c"), FTF_EXT_C);
    assert_int_equal(ftf_ext_source_lang("a.cc"), FTF_EXT_CXX);
    assert_int_equal(ftf_ext_source_lang("a.cpp"), FTF_EXT_CXX);
    assert_int_equal(ftf_ext_source_lang("a.cxx"), FTF_EXT_CXX);
    assert_int_equal(ftf_ext_source_lang("a.C"), FTF_EXT_CXX);
    assert_int_equal(ftf_ext_source_lang("a.h"), FTF_EXT_NOT_SOURCE);
    assert_int_equal(ftf_ext_source_lang("dir.c/file"), FTF_EXT_NOT_SOURCE);
    assert_int_equal(ftf_ext_source_lang("Makefile"), FTF_EXT_NOT_SOURCE);
}

/* What real setup.py files pass: -std=c99, -U NDEBUG, -O3, -W..., -f...; -I and -D with
 * their value apart or joined; -o and the link flags apart from the compile flags. */
static void setup_py_flags_are_sorted(void **state)
{
    (void)state;
    char *argv[] = {"m.c", "-std=c99", "-U", "NDEBUG", "-O3", "-Wno-unused-function",
                    "-fno-strict-aliasing", "-I", "inc", "-DX=1", "helper.cpp",
                    "-std=gnu++20", "-o", "out", "-lm", "-L", "lib", "-Wl,-z,now", "-pthread"};
    char *tail[] = {"-march=native"};
    char err[256];
    assert_int_equal(parse(argv, 19, tail, 1, err, sizeof err), 0);
    assert_int_equal(a.n_sources, 2);
    assert_string_equal(a.sources[0], "m.c");
    assert_int_equal(a.langs[0], FTF_EXT_C);
    assert_string_equal(a.sources[1], "helper.cpp");
    assert_int_equal(a.langs[1], FTF_EXT_CXX);
    assert_int_equal(a.n_cxx, 1);
    assert_string_equal(a.c_std, "-std=c99");
    assert_string_equal(a.cxx_std, "-std=gnu++20");
    assert_string_equal(a.out_dir, "out");
    const char *cflags[] = {"-UNDEBUG", "-O3", "-Wno-unused-function", "-fno-strict-aliasing",
                            "-Iinc", "-DX=1", "-pthread", "-march=native"};
    assert_int_equal(a.n_cflags, 8);
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(a.cflags[i], cflags[i]);
    const char *ldflags[] = {"-lm", "-Llib", "-Wl,-z,now"};
    assert_int_equal(a.n_ldflags, 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(a.ldflags[i], ldflags[i]);
}

static void bad_arguments_are_named(void **state)
{
    (void)state;
    char err[256];
    char *unknown[] = {"m.c", "-shared-libgcc"};
    assert_int_equal(parse(unknown, 2, NULL, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "'-shared-libgcc'"));
    char *no_value[] = {"m.c", "-I"};
    assert_int_equal(parse(no_value, 2, NULL, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "-I needs a value"));
    char *header[] = {"m.c", "m.h"};
    assert_int_equal(parse(header, 2, NULL, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "m.h: not a C or C++ source"));
    char *none[] = {"-O2"};
    assert_int_equal(parse(none, 1, NULL, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "at least one"));
}

/* llvm-nm -D --defined-only text: the PyInit_ symbols, once each, versions cut. */
static void init_names_from_symbols(void **state)
{
    (void)state;
    char one[] = "0000000000001230 T PyInit_fast\n0000000000001100 T helper\n"
                 "0000000000004010 D PyInit_\n";
    const char *names[4];
    assert_int_equal(ftf_ext_init_names(one, names, 4), 1);
    assert_string_equal(names[0], "fast");
    char two[] = "1 T PyInit_a@@V1\n2 T PyInit_b\n3 T PyInit_a\n";
    assert_int_equal(ftf_ext_init_names(two, names, 4), 2);
    assert_string_equal(names[0], "a");
    assert_string_equal(names[1], "b");
    char none[] = "1 T main\n";
    assert_int_equal(ftf_ext_init_names(none, names, 4), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sources_by_suffix),
        cmocka_unit_test(setup_py_flags_are_sorted),
        cmocka_unit_test(bad_arguments_are_named),
        cmocka_unit_test(init_names_from_symbols),
    };
    return cmocka_run_group_tests_name("ext_flags", tests, NULL, NULL);
}
