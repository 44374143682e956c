/* test_signature.c - signatures: swap-invariant, plumbing-blind, distinct for distinct bugs.
 * Fixtures are described in test_report.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signature.h"



/* Signature of report #idx of a fixture. */
static void sig_of(const char *name, size_t idx, struct ftf_signature *sig)
{
    size_t len;
    char *text = load(name, &len);
    struct ftf_report_list l;
    assert_int_equal(ftf_report_parse(text, len, &l), 0);
    assert_true(idx < l.n);
    assert_int_equal(ftf_signature_from_report(&l.reports[idx], sig), 0);
    ftf_report_list_free(&l);
    free(text);
}

static void test_swapped_is_equal(void **state)
{
    (void)state;
    struct ftf_signature a, b;
    sig_of("tsan_race_heap.txt", 0, &a);
    sig_of("tsan_race_heap_swapped.txt", 0, &b);
    assert_int_equal(a.kind, FTF_FINDING_RACE);
    assert_int_equal(a.value, b.value);
    assert_string_equal(a.hex, b.hex);
    assert_string_equal(a.canonical, b.canonical);
    assert_string_equal(a.summary, b.summary);
    assert_string_equal(a.canonical, "data race\n"
                                     "read_total race2.c | reader race2.c\n"
                                     "store_total race2.c | writer race2.c\n");
    assert_string_equal(a.summary, "data race: read_total race2.c vs store_total race2.c");
    /* the location follows the current access of each report, which differs */
    assert_string_equal(a.top_function, "store_total");
    assert_string_equal(a.top_file, "/tmp/tsanfx/race2.c");
    assert_int_equal(a.top_line, 5);
    assert_string_equal(b.top_function, "read_total");
    ftf_signature_free(&a);
    ftf_signature_free(&b);
}

static void test_distinct_findings_differ(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        size_t idx;
    } fx[] = {
        {"tsan_race_global.txt", 0}, {"tsan_race_heap.txt", 0},   {"tsan_race_atomic.txt", 0},
        {"tsan_race_memcpy.txt", 0}, {"tsan_uaf.txt", 0},         {"tsan_deadlock.txt", 0},
        {"tsan_multi.txt", 0},       {"tsan_multi.txt", 1},       {"tsan_multi.txt", 2},
        {"tsan_multi.txt", 3},       {"tsan_signal_errno.txt", 0}, {"tsan_segv.txt", 0},
        {"tsan_race_unsymbolized.txt", 0}, {"tsan_cpython_rangeiter.txt", 0},
    };
    enum { N = sizeof fx / sizeof fx[0] };
    struct ftf_signature s[N];
    for (size_t i = 0; i < N; i++)
        sig_of(fx[i].file, fx[i].idx, &s[i]);
    for (size_t i = 0; i < N; i++)
        for (size_t j = i + 1; j < N; j++)
            if (s[i].value == s[j].value)
                fail_msg("%s#%zu and %s#%zu share signature %s", fx[i].file, fx[i].idx,
                         fx[j].file, fx[j].idx, s[i].hex);
    for (size_t i = 0; i < N; i++)
        ftf_signature_free(&s[i]);
}

static void test_same_bug_same_signature(void **state)
{
    (void)state;
    struct ftf_signature a, b;
    /* two reports of one CPython race, different lines in rangeiter_next */
    sig_of("tsan_cpython_rangeiter.txt", 0, &a);
    sig_of("tsan_cpython_rangeiter.txt", 1, &b);
    assert_int_equal(a.value, b.value);
    ftf_signature_free(&a);
    ftf_signature_free(&b);
    /* second_deadlock_stack=1 adds context stacks, not a new finding */
    sig_of("tsan_deadlock.txt", 0, &a);
    sig_of("tsan_deadlock_second_stack.txt", 0, &b);
    assert_int_equal(a.value, b.value);
    assert_int_equal(a.kind, FTF_FINDING_DEADLOCK);
    assert_string_equal(a.canonical, "lock-order-inversion\n"
                                     "take_ab lock.c | t1 lock.c\n"
                                     "take_ba lock.c | main lock.c\n");
    ftf_signature_free(&a);
    ftf_signature_free(&b);
}

static void test_plumbing_skipped(void **state)
{
    (void)state;
    struct ftf_signature s;
    sig_of("tsan_cpython_rangeiter.txt", 0, &s);
    assert_string_equal(s.canonical,
                        "data race\n"
                        "rangeiter_next rangeobject.c | zip_next bltinmodule.c | "
                        "builtin_next bltinmodule.c\n"
                        "rangeiter_next rangeobject.c | zip_next bltinmodule.c | "
                        "builtin_next bltinmodule.c\n");
    assert_string_equal(s.summary,
                        "data race: rangeiter_next rangeobject.c vs rangeiter_next rangeobject.c");
    assert_int_equal(s.top_line, 819);
    ftf_signature_free(&s);

    /* interceptors: memcpy, free, pthread_mutex_lock are not where the bug is */
    sig_of("tsan_race_memcpy.txt", 0, &s);
    assert_string_equal(s.canonical, "data race\ncopy_in memrace3.c | w1 memrace3.c\n"
                                     "poke memrace3.c | w2 memrace3.c\n");
    ftf_signature_free(&s);
    sig_of("tsan_uaf.txt", 0, &s);
    assert_int_equal(s.kind, FTF_FINDING_UAF);
    assert_string_equal(s.canonical, "heap-use-after-free\nrelease uaf.c | freer uaf.c\n"
                                     "use uaf.c | main uaf.c\n");
    ftf_signature_free(&s);
    /* a thread leak has only the creation stack: it is the one that counts */
    sig_of("tsan_multi.txt", 3, &s);
    assert_int_equal(s.kind, FTF_FINDING_TSAN);
    assert_string_equal(s.canonical, "thread leak\nmain multi.c\n");
    ftf_signature_free(&s);
}

static void test_frame_is_plumbing(void **state)
{
    (void)state;
    static const struct {
        const char *function, *file, *module;
        bool plumbing;
    } cases[] = {
        {"__tsan_read8", NULL, "python3.13t", true},
        {"__interceptor_memcpy", NULL, NULL, true},
        {"memcpy", NULL, "race", true},
        {"memset", "/src/compiler-rt/lib/sanitizer_common/sanitizer_common_interceptors.inc",
         NULL, true},
        {"__tsan::MemoryAccess", "tsan_rtl_access.cpp", NULL, true},
        {"Foo", "/x/tsan_interceptors_posix.cpp", NULL, true},
        {"bar", NULL, "libclang_rt.tsan-x86_64.so", true},
        {"_PyEval_EvalFrameDefault", "Python/generated_cases.c.h", NULL, true},
        {"_PyEval_EvalFrameDefault.cold", NULL, NULL, true},
        {"_PyEval_Vector", "Python/ceval.c", NULL, true},
        {"_PyObject_VectorcallTstate", "Include/internal/pycore_call.h", NULL, true},
        {"PyObject_Vectorcall", "Objects/call.c", NULL, true},
        {"_PyFunction_Vectorcall", "Objects/call.c", NULL, true},
        {"method_vectorcall_NOARGS", "Objects/descrobject.c", NULL, true},
        {"method_vectorcall", "Objects/classobject.c", NULL, true},
        {"cfunction_vectorcall_FASTCALL_KEYWORDS", "Objects/methodobject.c", NULL, true},
        {"cfunction_call", "Objects/methodobject.c", NULL, true},
        {"_PyObject_Call", "Objects/call.c", NULL, true},
        {"_PyObject_Call_Prepend", "Objects/call.c", NULL, true},
        {"PyObject_Call", "Objects/call.c", NULL, true},
        {"_PyVectorcall_Call", "Objects/call.c", NULL, true},
        {"thread_run", "Modules/_threadmodule.c", NULL, true},
        {"pythread_wrapper", "Python/thread_pthread.h", NULL, true},
        {"context_run", "Python/context.c", NULL, true},
        {"slot_tp_call", "Objects/typeobject.c", NULL, true},
        {"vectorcall_method", "Objects/typeobject.c", NULL, true},
        {"ftf_run_program", "harness/run.c", NULL, true},
        {"run_one", "/src/ftfuzz/harness/run.c", NULL, true},
        {"rangeiter_next", "Objects/rangeobject.c", NULL, false},
        {"dict_setdefault", "Objects/dictobject.c", NULL, false},
        {"builtin_next", "Python/bltinmodule.c", NULL, false},
        {"cfunction_enter", "Objects/methodobject.c", NULL, false},
        {"main", "race.c", NULL, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ftf_frame f = {0};
        f.function = (char *)(uintptr_t)cases[i].function;
        f.file = (char *)(uintptr_t)cases[i].file;
        f.module = (char *)(uintptr_t)cases[i].module;
        if (ftf_frame_is_plumbing(&f) != cases[i].plumbing)
            fail_msg("%s (%s): expected %s", cases[i].function,
                     cases[i].file ? cases[i].file : "-",
                     cases[i].plumbing ? "plumbing" : "interesting");
    }
    assert_false(ftf_frame_is_plumbing(NULL));
}

/* A report whose stacks are entirely eval loop (a race on the interpreter's own state):
 * the signature falls back to the top non-runtime frames instead of an empty stack. */
static void test_eval_loop_only(void **state)
{
    (void)state;
    const char *text =
        "==================\n"
        "WARNING: ThreadSanitizer: data race (pid=1)\n"
        "  Read of size 2 at 0x7fffb44d7cc2 by thread T2:\n"
        "    #0 __tsan_read2 <null> (python+0x1)\n"
        "    #1 _PyEval_EvalFrameDefault /c/Python/generated_cases.c.h:7283:36 (python+0x402a47)\n"
        "    #2 _PyEval_EvalFrame /c/./Include/internal/pycore_ceval.h:116:16 (python+0x3f48ea)\n"
        "    #3 _PyEval_Vector /c/Python/ceval.c:1761:12 (python+0x3f48ea)\n"
        "    #4 _PyFunction_Vectorcall /c/Objects/call.c (python+0x1ef79f)\n"
        "\n"
        "  Previous write of size 2 at 0x7fffb44d7cc2 by thread T1:\n"
        "    #0 _PyEval_EvalFrameDefault /c/Python/generated_cases.c.h:7290:1 (python+0x402a99)\n"
        "    #1 ftf_harness_run /src/ftfuzz/harness/run.c:10 (ftfuzz+0x10)\n"
        "\n"
        "SUMMARY: ThreadSanitizer: data race\n"
        "==================\n";
    struct ftf_report_list l;
    struct ftf_signature s;
    assert_int_equal(ftf_report_parse(text, strlen(text), &l), 0);
    assert_int_equal(ftf_signature_from_report(&l.reports[0], &s), 0);
    assert_string_equal(s.canonical,
                        "data race\n"
                        "_PyEval_EvalFrameDefault generated_cases.c.h\n"
                        "_PyEval_EvalFrameDefault generated_cases.c.h | _PyEval_EvalFrame "
                        "pycore_ceval.h | _PyEval_Vector ceval.c\n");
    assert_string_equal(s.top_function, "_PyEval_EvalFrameDefault");
    ftf_signature_free(&s);
    ftf_report_list_free(&l);
}

static void test_unsymbolized_uses_offsets(void **state)
{
    (void)state;
    struct ftf_signature a, b;
    sig_of("tsan_race_unsymbolized.txt", 0, &a);
    sig_of("tsan_race_global.txt", 0, &b);
    assert_string_equal(a.canonical, "data race\n"
                                     "race+0xe465e | race+0xe4624 | race+0x61de7\n"
                                     "race+0xe465e | race+0xe4624 | race+0x61de7\n");
    assert_null(a.top_function);
    assert_int_not_equal(a.value, b.value);
    assert_string_equal(b.summary, "data race: bump race.c vs bump race.c");
    ftf_signature_free(&a);
    ftf_signature_free(&b);
}

static void test_crash(void **state)
{
    (void)state;
    size_t len;
    char *text = load("tsan_segv.txt", &len);
    struct ftf_report_list l;
    struct ftf_signature a, b, c;
    assert_int_equal(ftf_report_parse(text, len, &l), 0);
    assert_int_equal(ftf_signature_from_report(&l.reports[0], &a), 0);
    assert_int_equal(a.kind, FTF_FINDING_CRASH);
    assert_string_equal(a.canonical, "crash: SEGV\nderef segv.c | main segv.c\n");
    assert_string_equal(a.summary, "crash: SIGSEGV in deref segv.c");
    /* the harness's own crash handler names the signal SIGSEGV: same finding */
    const struct ftf_stack *st = &l.reports[0].stacks[0];
    assert_int_equal(ftf_signature_crash("SIGSEGV", st->frames, st->n_frames, &b), 0);
    assert_int_equal(a.value, b.value);
    assert_int_equal(ftf_signature_crash("SIGBUS", st->frames, st->n_frames, &c), 0);
    assert_int_not_equal(a.value, c.value);
    ftf_signature_free(&c);
    assert_int_equal(ftf_signature_crash("SIGABRT", NULL, 0, &c), 0);
    assert_string_equal(c.canonical, "crash: ABRT\n-\n");
    ftf_signature_free(&a);
    ftf_signature_free(&b);
    ftf_signature_free(&c);
    ftf_report_list_free(&l);
    free(text);
    assert_int_equal(ftf_signature_crash(NULL, NULL, 0, &c), -1);
}

static void test_lines(void **state)
{
    (void)state;
    struct ftf_signature a, b, c, d;
    const char *exc[] = {"KeyError", "dict_pop dictobject.c", "run_op render.c"};
    assert_int_equal(ftf_signature_from_lines(FTF_FINDING_EXCEPTION, exc, 3, &a), 0);
    assert_int_equal(ftf_signature_from_lines(FTF_FINDING_EXCEPTION, exc, 3, &b), 0);
    assert_int_equal(a.value, b.value);
    assert_string_equal(a.canonical, "exception\nKeyError\ndict_pop dictobject.c\nrun_op render.c\n");
    assert_string_equal(a.summary, "exception: KeyError");
    assert_int_equal(a.kind, FTF_FINDING_EXCEPTION);
    ftf_signature_free(&b);
    /* the kind is part of the signature */
    assert_int_equal(ftf_signature_from_lines(FTF_FINDING_HANG, exc, 3, &b), 0);
    assert_int_not_equal(a.value, b.value);
    ftf_signature_free(&b);
    /* so is every line */
    const char *exc2[] = {"KeyError", "dict_pop dictobject.c", "other render.c"};
    assert_int_equal(ftf_signature_from_lines(FTF_FINDING_EXCEPTION, exc2, 3, &b), 0);
    assert_int_not_equal(a.value, b.value);

    /* atomicity messages differ in counts only: normalised, they are one finding */
    char *m1 = ftf_signature_normalise("list.append lost 3 of 4000 tokens (id 0x7f3a12)");
    char *m2 = ftf_signature_normalise("list.append lost 17 of 4000 tokens (id 0x55aa)");
    assert_string_equal(m1, "list.append lost N of N tokens (id 0xN)");
    assert_string_equal(m1, m2);
    const char *l1[] = {m1}, *l2[] = {m2};
    assert_int_equal(ftf_signature_from_lines(FTF_FINDING_ATOMICITY, l1, 1, &c), 0);
    assert_int_equal(ftf_signature_from_lines(FTF_FINDING_ATOMICITY, l2, 1, &d), 0);
    assert_int_equal(c.value, d.value);
    assert_string_equal(c.summary, "atomicity: list.append lost N of N tokens (id 0xN)");
    free(m1);
    free(m2);

    /* hex formatting round-trips */
    uint64_t v;
    assert_int_equal(strlen(a.hex), 16);
    for (int i = 0; i < 16; i++)
        assert_true((a.hex[i] >= '0' && a.hex[i] <= '9') || (a.hex[i] >= 'a' && a.hex[i] <= 'f'));
    assert_int_equal(ftf_signature_parse_hex(a.hex, &v), 0);
    assert_int_equal(v, a.value);
    char hex[17];
    ftf_signature_hex(0x1234, hex);
    assert_string_equal(hex, "0000000000001234");
    assert_int_equal(ftf_signature_parse_hex("123", &v), -1);
    assert_int_equal(ftf_signature_parse_hex("000000000000123g", &v), -1);
    assert_int_equal(ftf_signature_parse_hex(NULL, &v), -1);

    /* no lines, NULL lines, a summary that would be too long and multi-line */
    ftf_signature_free(&d);
    assert_int_equal(ftf_signature_from_lines(FTF_FINDING_HANG, NULL, 0, &d), 0);
    assert_string_equal(d.summary, "hang: ?");
    ftf_signature_free(&d);
    char longline[600];
    memset(longline, 'x', sizeof longline - 1);
    longline[sizeof longline - 1] = '\0';
    longline[10] = '\t';
    const char *l3[] = {NULL, "   ", longline};
    assert_int_equal(ftf_signature_from_lines(FTF_FINDING_HANG, l3, 3, &d), 0);
    assert_true(strlen(d.summary) <= 200);
    assert_null(strchr(d.summary, '\t'));
    ftf_signature_free(&b);
    assert_int_equal(ftf_signature_from_lines((enum ftf_finding_kind)99, exc, 3, &b), -1);

    ftf_signature_free(&a);
    ftf_signature_free(&b);
    ftf_signature_free(&c);
    ftf_signature_free(&d);
}

static void test_kinds(void **state)
{
    (void)state;
    for (unsigned k = 0; k < FTF_FINDING_KIND_COUNT; k++) {
        enum ftf_finding_kind back;
        assert_int_equal(ftf_finding_kind_from_name(ftf_finding_kind_name((enum ftf_finding_kind)k), &back), 0);
        assert_int_equal(back, k);
        assert_string_not_equal(ftf_finding_kind_description((enum ftf_finding_kind)k), "unknown");
    }
    enum ftf_finding_kind k;
    assert_int_equal(ftf_finding_kind_from_name("nope", &k), -1);
    assert_int_equal(ftf_finding_kind_from_name(NULL, &k), -1);
    assert_string_equal(ftf_finding_kind_name((enum ftf_finding_kind)99), "unknown");
    assert_int_equal(ftf_finding_kind_of_tsan(FTF_TSAN_RACE), FTF_FINDING_RACE);
    assert_int_equal(ftf_finding_kind_of_tsan(FTF_TSAN_UAF), FTF_FINDING_UAF);
    assert_int_equal(ftf_finding_kind_of_tsan(FTF_TSAN_DEADLOCK), FTF_FINDING_DEADLOCK);
    assert_int_equal(ftf_finding_kind_of_tsan(FTF_TSAN_DEADLY_SIGNAL), FTF_FINDING_CRASH);
    assert_int_equal(ftf_finding_kind_of_tsan(FTF_TSAN_THREAD_LEAK), FTF_FINDING_TSAN);
    assert_int_equal(ftf_finding_kind_of_tsan(FTF_TSAN_OTHER), FTF_FINDING_TSAN);
}

/* "other" TSan reports are told apart by headline, with numbers normalised. */
static void test_other_headline(void **state)
{
    (void)state;
    const char *a = "WARNING: ThreadSanitizer: double lock of a mutex (pid=1)\n"
                    "    #0 pthread_mutex_lock <null> (x+0x1)\n    #1 f a.c:1\n"
                    "SUMMARY: ThreadSanitizer: double lock\n";
    const char *b = "WARNING: ThreadSanitizer: use of an invalid mutex (e.g. uninitialized or "
                    "destroyed) (pid=1)\n"
                    "    #0 pthread_mutex_lock <null> (x+0x1)\n    #1 f a.c:1\n"
                    "SUMMARY: ThreadSanitizer: invalid mutex\n";
    struct ftf_report_list la, lb;
    struct ftf_signature sa, sb;
    assert_int_equal(ftf_report_parse(a, strlen(a), &la), 0);
    assert_int_equal(ftf_report_parse(b, strlen(b), &lb), 0);
    assert_int_equal(ftf_signature_from_report(&la.reports[0], &sa), 0);
    assert_int_equal(ftf_signature_from_report(&lb.reports[0], &sb), 0);
    assert_int_not_equal(sa.value, sb.value);
    assert_string_equal(sa.canonical, "double lock of a mutex\nf a.c\n");
    assert_string_equal(sa.summary, "double lock of a mutex: f a.c");
    ftf_signature_free(&sa);
    ftf_signature_free(&sb);
    ftf_report_list_free(&la);
    ftf_report_list_free(&lb);
}

/* The kinds whose run kills or stalls its process: a replay must fork, and a campaign does
 * not minimise them beside the search. */
static void test_kinds_that_kill_the_worker(void **state)
{
    (void)state;
    assert_true(ftf_finding_kind_kills_worker(FTF_FINDING_CRASH));
    assert_true(ftf_finding_kind_kills_worker(FTF_FINDING_HANG));
    assert_true(ftf_finding_kind_kills_worker(FTF_FINDING_OOM));
    assert_false(ftf_finding_kind_kills_worker(FTF_FINDING_RACE));
    assert_false(ftf_finding_kind_kills_worker(FTF_FINDING_EXCEPTION));
    assert_false(ftf_finding_kind_kills_worker(FTF_FINDING_KIND_COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds_that_kill_the_worker),
        cmocka_unit_test(test_swapped_is_equal),
        cmocka_unit_test(test_distinct_findings_differ),
        cmocka_unit_test(test_same_bug_same_signature),
        cmocka_unit_test(test_plumbing_skipped),
        cmocka_unit_test(test_frame_is_plumbing),
        cmocka_unit_test(test_eval_loop_only),
        cmocka_unit_test(test_unsymbolized_uses_offsets),
        cmocka_unit_test(test_crash),
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_other_headline),
    };
    return cmocka_run_group_tests_name("signature", tests, NULL, NULL);
}
