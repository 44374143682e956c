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
#include "ops.h"
#include "render.h"
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
    struct ftf_run_result res = {.status = FTF_RUN_HANG, .stacks = copy};
    assert_int_equal(ftf_observe(&res, NULL, NULL, obs), 0);
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
    struct ftf_run_result res = {.status = FTF_RUN_OOM, .stacks = text};
    struct ftf_observation obs, hang;
    assert_int_equal(ftf_observe(&res, NULL, NULL, &obs), 0);
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
    assert_int_equal(ftf_observe(&res, NULL, NULL, &obs), 0);
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

/* ---- exceptions: signed by op row, type and message ------------------------------------ */

/* A deque and two threads: t0 runs S0 *= 2 (IMUL), t1 appends. */
static void deque_program(struct ftf_program *p)
{
    memset(p, 0, sizeof *p);
    p->n_objs = 1;
    p->objs[0].kind = FTF_K_DEQUE;
    p->objs[0].variant = 2;
    p->n_threads = 2;
    int imul = ftf_op_by_name("IMUL"), append = ftf_op_by_name("APPEND");
    assert_true(imul >= 0 && append >= 0);
    p->threads[0] = (struct ftf_thread){.n_ops = 1, .iters = 5};
    p->threads[0].ops[0].code = (uint16_t)imul;
    p->threads[1] = (struct ftf_thread){.n_ops = 1, .iters = 5};
    p->threads[1].ops[0].code = (uint16_t)append;
}

/* The line of the rendered program that holds text (1-based). */
static unsigned line_of(const char *src, const char *text)
{
    const char *hit = strstr(src, text);
    assert_non_null(hit);
    unsigned line = 1;
    for (const char *c = src; c < hit; c++)
        line += *c == '\n';
    return line;
}

static void signs_exception(const char *tb, const struct ftf_program *p,
                            struct ftf_observation *obs)
{
    struct ftf_run_result res;
    memset(&res, 0, sizeof res);
    res.status = FTF_RUN_OK;
    char *copy = strdup(tb);
    res.errors = copy;
    assert_int_equal(ftf_observe(&res, p, NULL, obs), 0);
    free(copy);
    assert_int_equal(obs->n, 1);
    assert_int_equal(obs->items[0].sig.kind, FTF_FINDING_EXCEPTION);
}

static void test_exception_names_its_op_row(void **s)
{
    (void)s;
    struct ftf_program p;
    deque_program(&p);
    char *src = ftf_render(&p, FTF_RENDER_HARNESS, NULL);
    assert_non_null(src);
    unsigned imul = line_of(src, "S0 *= 2"), append = line_of(src, "S0.append(");
    assert_ptr_equal(ftf_render_op_at_line(&p, FTF_RENDER_HARNESS, NULL, imul),
                     ftf_op_info((unsigned)ftf_op_by_name("IMUL")));
    assert_ptr_equal(ftf_render_op_at_line(&p, FTF_RENDER_HARNESS, NULL, append),
                     ftf_op_info((unsigned)ftf_op_by_name("APPEND")));
    assert_null(ftf_render_op_at_line(&p, FTF_RENDER_HARNESS, NULL, 1));
    free(src);

    char tb1[512], tb2[512], tb3[512];
    snprintf(tb1, sizeof tb1, "thread 0:\nTraceback (most recent call last):\n"
             "  File \"<ftfuzz-program>\", line %u, in t0\n"
             "SystemError: error return without exception set 12", imul);
    snprintf(tb2, sizeof tb2, "thread 3:\nTraceback (most recent call last):\n"
             "  File \"<ftfuzz-program>\", line %u, in t3\n"
             "SystemError: error return without exception set 7", imul);
    snprintf(tb3, sizeof tb3, "thread 1:\nTraceback (most recent call last):\n"
             "  File \"<ftfuzz-program>\", line %u, in t1\n"
             "SystemError: error return without exception set", append);
    struct ftf_observation a, b, c;
    signs_exception(tb1, &p, &a);
    signs_exception(tb2, &p, &b);
    signs_exception(tb3, &p, &c);
    /* the row and the message, numbers stripped: one signature for threads 0 and 3 */
    assert_int_equal(a.items[0].sig.value, b.items[0].sig.value);
    assert_int_not_equal(a.items[0].sig.value, c.items[0].sig.value);
    assert_non_null(strstr(a.items[0].sig.canonical, "SystemError\nop IMUL\n"));
    assert_non_null(strstr(c.items[0].sig.canonical, "SystemError\nop APPEND\n"));
    assert_string_equal(a.items[0].sig.summary,
                        "exception: SystemError in IMUL: error return without exception set 12");
    ftf_observation_free(&a);
    ftf_observation_free(&b);
    ftf_observation_free(&c);
}

/* What CPython raises by design when another thread mutates the object, per row family:
 * each must be in the row's allowed exceptions (a rendered except clause), so it is not a
 * finding; SystemError never is. */
static void test_rows_allow_what_cpython_raises_by_design(void **s)
{
    (void)s;
    static const struct {
        const char *row, *exc, *why;
    } by_design[] = {
        /* containers */
        {"ITERATE", "RuntimeError", "dictionary/set changed size during iteration"},
        {"REPR", "RuntimeError", "deque mutated during iteration (repr lists it)"},
        {"COPY", "RuntimeError", "deque.copy() iterates"},
        {"EQ", "RuntimeError", "deque comparison iterates"},
        {"CONTAINS", "RuntimeError", "deque mutated during iteration"},
        {"PICKLE", "RuntimeError", "dict changed size during iteration"},
        {"CLEAR", "BufferError", "bytearray with an exported buffer"},
        /* list and deque */
        {"IMUL", "RuntimeError", "deque *= n: deque mutated during iteration"},
        {"IMUL", "BufferError", "bytearray *= n with an export"},
        {"MUL", "RuntimeError", "deque * n iterates"},
        {"EXTEND", "RuntimeError", "the iterable changed size during iteration"},
        {"INDEX", "RuntimeError", "deque mutated during iteration"},
        {"SEQ_COUNT", "RuntimeError", "deque mutated during iteration"},
        {"REMOVE", "IndexError", "deque mutated during remove()"},
        {"LIST_SORT", "ValueError", "list modified during sort"},
        {"POP", "IndexError", "pop from an empty list or deque"},
        /* dict and its subclasses */
        {"DICT_KEYS", "RuntimeError", "dictionary changed size during iteration"},
        {"DICT_ITEMS", "RuntimeError", "dictionary changed size during iteration"},
        {"DICT_UPDATE", "RuntimeError", "the other dict changed size during iteration"},
        {"DICT_POPITEM", "KeyError", "popitem(): dictionary is empty"},
        {"ODICT_REVERSED", "RuntimeError", "OrderedDict mutated during iteration"},
        {"COUNTER_UPDATE", "RuntimeError", "the iterable changed size during iteration"},
        /* set */
        {"SET_POP", "KeyError", "pop from an empty set"},
        {"SET_UPDATE", "RuntimeError", "Set changed size during iteration"},
        /* bytearray */
        {"BA_APPEND", "BufferError", "Existing exports of data: object cannot be re-sized"},
        {"BA_POP", "BufferError", "Existing exports of data: object cannot be re-sized"},
        /* attributes */
        {"ATTR_DEL", "AttributeError", "another thread deleted it first"},
        {"ATTR_VARS", "RuntimeError", "dictionary changed size during iteration"},
        /* shared iterators */
        {"ITER_NEXT", "RuntimeError", "the source changed size during iteration"},
        {"ITER_FOR", "RuntimeError", "the source changed size during iteration"},
    };
    for (size_t i = 0; i < sizeof by_design / sizeof by_design[0]; i++) {
        int code = ftf_op_by_name(by_design[i].row);
        if (code < 0)
            fail_msg("no row %s", by_design[i].row);
        const char *exc = ftf_op_info((unsigned)code)->exc;
        if (!strstr(exc, by_design[i].exc))
            fail_msg("%s allows '%s', not %s (%s)", by_design[i].row, exc, by_design[i].exc,
                     by_design[i].why);
    }
    for (unsigned code = 0; code < FTF_OP_COUNT; code++) {
        const char *exc = ftf_op_info(code)->exc;
        assert_null(strstr(exc, "SystemError"));
        assert_null(strstr(exc, "BaseException"));
        /* Exception only on a module's calls (the renderer re-raises SystemError first) */
        if (!(ftf_op_info(code)->flags & FTF_OF_MODULE))
            assert_null(strstr(exc, "Exception"));
    }
}

/* A race reported after a use-after-free in the same run is flagged; one before it is not. */
static void test_race_after_a_fault_is_flagged(void **s)
{
    (void)s;
    size_t la, lu;
    char *race = load("tsan_race_heap.txt", &la);
    char *uaf = load("tsan_uaf.txt", &lu);
    char *race2 = load("tsan_race_global.txt", &la);
    size_t n = strlen(race) + strlen(uaf) + strlen(race2) + 1;
    char *text = malloc(n);
    snprintf(text, n, "%s%s%s", race, uaf, race2);
    struct ftf_run_result res;
    memset(&res, 0, sizeof res);
    res.status = FTF_RUN_OK;
    res.tsan_text = text;
    res.tsan_len = strlen(text);
    struct ftf_observation obs;
    assert_int_equal(ftf_observe(&res, NULL, NULL, &obs), 0);
    assert_int_equal(obs.n, 3);
    assert_int_equal(obs.items[0].sig.kind, FTF_FINDING_RACE);
    assert_false(obs.items[0].after_fault);
    assert_int_equal(obs.items[1].sig.kind, FTF_FINDING_UAF);
    assert_false(obs.items[1].after_fault);
    assert_int_equal(obs.items[2].sig.kind, FTF_FINDING_RACE);
    assert_true(obs.items[2].after_fault);
    ftf_observation_free(&obs);
    free(text);
    free(race);
    free(uaf);
    free(race2);
}

/* The same run observed in two parts (reports stored while it runs, then the rest), split
 * just after the use-after-free: the race of the second part is still flagged, and the
 * parts' flags are the whole text's. */
static void test_fault_flag_carries_across_parts(void **s)
{
    (void)s;
    size_t la, lu, lg;
    char *race = load("tsan_race_heap.txt", &la);
    char *uaf = load("tsan_uaf.txt", &lu);
    char *race2 = load("tsan_race_global.txt", &lg);
    size_t n = la + lu + 1;
    char *first = malloc(n);
    snprintf(first, n, "%s%s", race, uaf);
    struct ftf_run_result res;
    memset(&res, 0, sizeof res);
    res.status = FTF_RUN_OK;
    bool fault = false;
    struct ftf_observation a, b;
    res.tsan_text = first;
    res.tsan_len = strlen(first);
    assert_int_equal(ftf_observe(&res, NULL, NULL, &a), 0);
    ftf_observation_follow(&a, &fault);
    assert_int_equal(a.n, 2);
    assert_false(a.items[0].after_fault);
    assert_false(a.items[1].after_fault);
    assert_true(fault);
    res.tsan_text = race2;
    res.tsan_len = strlen(race2);
    assert_int_equal(ftf_observe(&res, NULL, NULL, &b), 0);
    assert_int_equal(b.n, 1);
    assert_false(b.items[0].after_fault); /* alone, the part cannot know */
    ftf_observation_follow(&b, &fault);
    assert_true(b.items[0].after_fault);
    /* a run without a fault in its first part flags nothing */
    bool clean = false;
    ftf_observation_free(&b);
    assert_int_equal(ftf_observe(&res, NULL, NULL, &b), 0);
    ftf_observation_follow(&b, &clean);
    assert_false(b.items[0].after_fault);
    assert_false(clean);
    ftf_observation_free(&a);
    ftf_observation_free(&b);
    free(first);
    free(race);
    free(uaf);
    free(race2);
}

/* A forked run's death without a TSan report is typed: a signal signs by its name, an
 * exit without a result as "exit", and the report says which. */
static void test_forked_death_signs_by_signal_or_exit(void **state)
{
    (void)state;
    struct ftf_run_result killed = {.status = FTF_RUN_CRASH, .signo = 11};
    struct ftf_run_result exited = {.status = FTF_RUN_CRASH, .exit_status = 66};
    struct ftf_observation a, b;
    assert_int_equal(ftf_observe(&killed, NULL, NULL, &a), 0);
    assert_int_equal(ftf_observe(&exited, NULL, NULL, &b), 0);
    assert_int_equal(a.n, 1);
    assert_int_equal(b.n, 1);
    assert_int_equal(a.items[0].sig.kind, FTF_FINDING_CRASH);
    assert_non_null(strstr(a.items[0].sig.canonical, "SEGV"));
    assert_non_null(strstr(a.items[0].report, "signal 11"));
    assert_non_null(strstr(b.items[0].sig.canonical, "exit"));
    assert_non_null(strstr(b.items[0].report, "exit status 66"));
    assert_true(a.items[0].sig.value != b.items[0].sig.value);
    ftf_observation_free(&a);
    ftf_observation_free(&b);
}

/* A race whose racing access is libFuzzer's or ftfuzz's own code is harness noise: the
 * borrowed-reference report with its first access moved there is not a finding. */
static size_t items_with_top_frame(const char *frame)
{
    size_t len;
    char *text = load("tsan_cpython_borrowed.txt", &len);
    const char *at = strstr(text, "    #0 list_repr_impl");
    assert_non_null(at);
    const char *eol = strchr(at, '\n');
    size_t n = strlen(text) + strlen(frame) + 2;
    char *edited = malloc(n);
    assert_non_null(edited);
    snprintf(edited, n, "%.*s    #0 %s%s", (int)(at - text), text, frame, eol);
    struct ftf_run_result res = {.status = FTF_RUN_OK, .tsan_text = edited,
                                 .tsan_len = strlen(edited)};
    struct ftf_observation obs;
    assert_int_equal(ftf_observe(&res, NULL, NULL, &obs), 0);
    size_t items = obs.n;
    ftf_observation_free(&obs);
    free(edited);
    free(text);
    return items;
}

static void test_races_in_the_fuzzer_itself_are_not_findings(void **state)
{
    (void)state;
    assert_int_equal(items_with_top_frame("fuzzer::Fuzzer::ExecuteCallback(unsigned char "
                                          "const*, unsigned long) FuzzerLoop.cpp:600:3 "
                                          "(ftfuzz+0x1)"), 0);
    assert_int_equal(items_with_top_frame("release_all /src/ftfuzz/harness/runtime/"
                                          "sched_module.c:80:5 (ftfuzz+0x2)"), 0);
    assert_int_equal(items_with_top_frame("list_repr_impl Objects/listobject.c:598:44 "
                                          "(ftfuzz+0x3)"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_innermost_frames_sign_a_hang),
        cmocka_unit_test(test_oom_signs_by_its_stacks),
        cmocka_unit_test(test_forked_death_signs_by_signal_or_exit),
        cmocka_unit_test(test_faulthandler_format_takes_the_first_frame),
        cmocka_unit_test(test_hang_without_python_frames_still_signs),
        cmocka_unit_test(test_traceback_dumper_races_are_not_findings),
        cmocka_unit_test(test_races_in_the_fuzzer_itself_are_not_findings),
        cmocka_unit_test(test_exception_names_its_op_row),
        cmocka_unit_test(test_rows_allow_what_cpython_raises_by_design),
        cmocka_unit_test(test_race_after_a_fault_is_flagged),
        cmocka_unit_test(test_fault_flag_carries_across_parts),
    };
    return cmocka_run_group_tests_name("observe", tests, NULL, NULL);
}
