/* test_observe.c - hang signatures from both stack formats the harness produces; which TSan
 * reports become findings (tests/unit/fixtures/, see test_origin.c and below). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "observe.h"
#include "run_result.h"
#include "test_util.h"

/* runner.py's format: traceback.format_stack, innermost frame last. */
static const char *format_stack_text =
    "Thread ftfuzz-worker-0 (ident 11):\n"
    "  File \"runner.py\", line 35, in _loop\n"
    "  File \"<ftfuzz-program>\", line 40, in body_a\n"
    "  File \"<ftfuzz-program>\", line 12, in spin_forever\n"
    "Thread ftfuzz-worker-1 (ident 12):\n"
    "  File \"runner.py\", line 35, in _loop\n"
    "  File \"<ftfuzz-program>\", line 77, in wait_peer\n";

/* faulthandler's format (the C watchdog): innermost frame first. */
static const char *faulthandler_text =
    "Thread 0x00007f00000011 (most recent call first):\n"
    "  File \"<ftfuzz-program>\", line 12 in spin_forever\n"
    "  File \"<ftfuzz-program>\", line 40 in body_a\n"
    "  File \"runner.py\", line 35 in _loop\n"
    "\n"
    "Thread 0x00007f00000012 (most recent call first):\n"
    "  File \"<ftfuzz-program>\", line 77 in wait_peer\n"
    "  File \"runner.py\", line 35 in _loop\n"
    "\n"
    "Thread 0x00007f00000013 (most recent call first):\n"
    "  File \"<ftfuzz-runner>\", line 28 in _loop\n"
    "  File \"/usr/lib/python3.13t/threading.py\", line 995 in run\n";

static void hang_of(const char *stacks, struct ftf_observation *obs)
{
    char *copy = strdup(stacks);
    struct ftf_run_result res = {.status = FTF_RUN_HANG, .hang_stacks = copy};
    assert_int_equal(ftf_observe(&res, obs), 0);
    free(copy);
    assert_int_equal(obs->n, 1);
    assert_int_equal(obs->items[0].sig.kind, FTF_FINDING_HANG);
}

static void test_innermost_frames_sign_a_hang(void **state)
{
    (void)state;
    struct ftf_observation obs;
    hang_of(format_stack_text, &obs);
    assert_non_null(strstr(obs.items[0].sig.canonical, "spin_forever"));
    assert_non_null(strstr(obs.items[0].sig.canonical, "wait_peer"));
    assert_null(strstr(obs.items[0].sig.canonical, "_loop"));
    ftf_observation_free(&obs);
}

/* A run stopped for its memory signs like a hang, by its threads' innermost frames, as
 * its own kind; the report keeps the RSS line. */
static void test_oom_signs_by_its_stacks(void **state)
{
    (void)state;
    char *text = malloc(strlen(format_stack_text) + 64);
    sprintf(text, "RSS 4200 MB passed 4096 MB during the run\n%s", format_stack_text);
    struct ftf_run_result res = {.status = FTF_RUN_OOM, .hang_stacks = text};
    struct ftf_observation obs, hang;
    assert_int_equal(ftf_observe(&res, &obs), 0);
    assert_int_equal(obs.n, 1);
    assert_int_equal(obs.items[0].sig.kind, FTF_FINDING_OOM);
    assert_non_null(strstr(obs.items[0].report, "RSS 4200 MB"));
    hang_of(format_stack_text, &hang);
    assert_string_equal(obs.items[0].sig.canonical + strcspn(obs.items[0].sig.canonical, "\n"),
                        hang.items[0].sig.canonical + strcspn(hang.items[0].sig.canonical, "\n"));
    assert_true(obs.items[0].sig.value != hang.items[0].sig.value);
    ftf_observation_free(&obs);
    ftf_observation_free(&hang);
    free(text);
}

static void test_faulthandler_format_takes_the_first_frame(void **state)
{
    (void)state;
    struct ftf_observation obs;
    hang_of(faulthandler_text, &obs);
    const char *canon = obs.items[0].sig.canonical;
    assert_non_null(strstr(canon, "spin_forever"));
    assert_non_null(strstr(canon, "wait_peer"));
    assert_null(strstr(canon, "_loop"));
    assert_null(strstr(canon, "body_a"));
    assert_null(strstr(canon, "threading.py")); /* an idle pool worker is plumbing */
    ftf_observation_free(&obs);
}

static void test_hang_without_python_frames_still_signs(void **state)
{
    (void)state;
    struct ftf_observation obs;
    hang_of("Thread 0x1 (most recent call first):\n  <no Python frame>\n", &obs);
    assert_non_null(strstr(obs.items[0].sig.canonical, "no Python frame"));
    ftf_observation_free(&obs);
}

static size_t tsan_items(const char *fixture)
{
    size_t len;
    char *text = load(fixture, &len);
    struct ftf_run_result res = {.status = FTF_RUN_OK, .tsan_text = text, .tsan_len = len};
    struct ftf_observation obs;
    assert_int_equal(ftf_observe(&res, &obs), 0);
    size_t n = obs.n;
    ftf_observation_free(&obs);
    free(text);
    return n;
}

/* tsan_cpython_fatal_error_dumper.txt: CPython's fatal_error() dumping every thread's
 * traceback (as the racy_borrowed fixture's corrupted mutex killed the process) reads the
 * frames of running threads; the crash is the finding, not the dumper's reads. */
static void test_traceback_dumper_races_are_not_findings(void **state)
{
    (void)state;
    assert_int_equal(tsan_items("tsan_cpython_fatal_error_dumper.txt"), 0);
    assert_int_equal(tsan_items("tsan_cpython_borrowed.txt"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_innermost_frames_sign_a_hang),
        cmocka_unit_test(test_oom_signs_by_its_stacks),
        cmocka_unit_test(test_faulthandler_format_takes_the_first_frame),
        cmocka_unit_test(test_hang_without_python_frames_still_signs),
        cmocka_unit_test(test_traceback_dumper_races_are_not_findings),
    };
    return cmocka_run_group_tests_name("observe", tests, NULL, NULL);
}
