/* test_options.c - the options table: defaults, parsing forms, errors, help from the table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

static int parse(enum ftf_command cmd, struct ftf_options *o, char *err, int argc, ...)
{
    static char *argv[16];
    va_list ap;
    va_start(ap, argc);
    for (int i = 0; i < argc; i++)
        argv[i] = va_arg(ap, char *);
    va_end(ap);
    return ftf_options_parse(cmd, argc, argv, o, err, 256);
}

static void defaults_come_from_table(void **state)
{
    (void)state;
    struct ftf_options o;
    char err[256];
    assert_int_equal(parse(FTF_CMD_FUZZ, &o, err, 0), 0);
    assert_int_equal(o.time, 600);
    assert_int_equal(o.jobs, 1);
    assert_string_equal(o.target, "containers");
    assert_string_equal(o.out, "ftfuzz-out");
    assert_null(o.module);
    assert_int_equal(o.help, 0);
    assert_int_equal(o.n_args, 0);
    assert_int_equal(o.n_passthru, 0);
}

static void both_value_forms_and_flags(void **state)
{
    (void)state;
    struct ftf_options o;
    char err[256];
    assert_int_equal(parse(FTF_CMD_FUZZ, &o, err, 5, "--time", "30", "--jobs=2", "--out", "d"),
                     0);
    assert_int_equal(o.time, 30);
    assert_int_equal(o.jobs, 2);
    assert_string_equal(o.out, "d");
    assert_int_equal(parse(FTF_CMD_SHOW, &o, err, 2, "in", "--standalone"), 0);
    assert_int_equal(o.standalone, 1);
    assert_int_equal(o.n_args, 1);
    assert_string_equal(o.args[0], "in");
}

static void passthru_after_double_dash(void **state)
{
    (void)state;
    struct ftf_options o;
    char err[256];
    assert_int_equal(parse(FTF_CMD_FUZZ, &o, err, 4, "--time", "5", "--", "-runs=7"), 0);
    assert_int_equal(o.n_passthru, 1);
    assert_string_equal(o.passthru[0], "-runs=7");
}

static void unknown_and_foreign_options_are_errors(void **state)
{
    (void)state;
    struct ftf_options o;
    char err[256];
    assert_int_equal(parse(FTF_CMD_FUZZ, &o, err, 1, "--bogus"), -1);
    assert_non_null(strstr(err, "--bogus"));
    assert_int_equal(parse(FTF_CMD_TRIAGE, &o, err, 2, "--jobs", "2"), -1);
    assert_non_null(strstr(err, "does not apply"));
    assert_int_equal(parse(FTF_CMD_FUZZ, &o, err, 1, "--time"), -1);
    assert_non_null(strstr(err, "needs a value"));
    assert_int_equal(parse(FTF_CMD_FUZZ, &o, err, 2, "--time", "ten"), -1);
    assert_non_null(strstr(err, "integer"));
    assert_int_equal(parse(FTF_CMD_FUZZ, &o, err, 2, "--time", "-1"), -1);
    /* the supervisor's shared counters have 64 worker slots (campaign_shared.h) */
    assert_int_equal(parse(FTF_CMD_FUZZ, &o, err, 2, "--jobs", "64"), 0);
    assert_int_equal(parse(FTF_CMD_FUZZ, &o, err, 2, "--jobs", "65"), -1);
    assert_non_null(strstr(err, "--jobs"));
    assert_int_equal(parse(FTF_CMD_SHOW, &o, err, 1, "--standalone=1"), -1);
}

static void dashed_names_match_table_identifiers(void **state)
{
    (void)state;
    struct ftf_options o;
    char err[256];
    assert_int_equal(parse(FTF_CMD_FUZZ, &o, err, 1, "--no-minimize"), 0);
    assert_int_equal(o.no_minimize, 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ftf_options_help(FTF_CMD_FUZZ, f);
    fclose(f);
    assert_non_null(strstr(buf, "--no-minimize"));
    assert_null(strstr(buf, "--no_minimize"));
    free(buf);
}

static void commands_lookup(void **state)
{
    (void)state;
    assert_int_equal(ftf_command_lookup("fuzz"), FTF_CMD_FUZZ);
    assert_int_equal(ftf_command_lookup("doctor"), FTF_CMD_DOCTOR);
    assert_int_equal(ftf_command_lookup("nope"), -1);
    assert_string_equal(ftf_command_name(FTF_CMD_TRIAGE), "triage");
}

static void help_lists_only_the_commands_options(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ftf_options_help(FTF_CMD_TRIAGE, f);
    fclose(f);
    assert_non_null(strstr(buf, "--format F"));
    assert_non_null(strstr(buf, "[default: text]"));
    assert_null(strstr(buf, "--jobs"));
    free(buf);
}

/* Ranges and choices are the table's: every command rejects what it cannot use. */
static void ranges_and_choices_are_checked(void **state)
{
    (void)state;
    struct ftf_options o;
    char err[256];
    assert_int_equal(parse(FTF_CMD_FUZZ, &o, err, 2, "--threads", "16"), 0);
    assert_int_equal(o.threads, 16);
    assert_int_equal(parse(FTF_CMD_FUZZ, &o, err, 2, "--threads", "17"), -1);
    assert_non_null(strstr(err, "between 2 and 16"));
    assert_int_equal(parse(FTF_CMD_SHOW, &o, err, 1, "--threads=1"), -1); /* show too */
    assert_int_equal(parse(FTF_CMD_FUZZ, &o, err, 2, "--timeout", "0"), -1);
    assert_non_null(strstr(err, "at least 1"));
    assert_int_equal(parse(FTF_CMD_REPRO, &o, err, 2, "--isolation", "fresh"), 0);
    assert_string_equal(o.isolation, "fresh");
    assert_int_equal(parse(FTF_CMD_FUZZ, &o, err, 2, "--isolation", "fres"), -1);
    assert_non_null(strstr(err, "inproc|fork|fresh|auto"));
    assert_int_equal(parse(FTF_CMD_FUZZ, &o, err, 1, "--isolation="), -1);
    assert_int_equal(parse(FTF_CMD_TRIAGE, &o, err, 2, "--format", "groups"), 0);
    assert_int_equal(parse(FTF_CMD_TRIAGE, &o, err, 2, "--format", "xml"), -1);
    ftf_options_defaults(&o);
    assert_int_equal(o.threads, 16);
    assert_int_equal(o.iters, 200);
    assert_int_equal(o.timeout, 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_come_from_table),
        cmocka_unit_test(ranges_and_choices_are_checked),
        cmocka_unit_test(both_value_forms_and_flags),
        cmocka_unit_test(passthru_after_double_dash),
        cmocka_unit_test(unknown_and_foreign_options_are_errors),
        cmocka_unit_test(dashed_names_match_table_identifiers),
        cmocka_unit_test(commands_lookup),
        cmocka_unit_test(help_lists_only_the_commands_options),
    };
    return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
