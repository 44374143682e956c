/* test_report.c - the TSan report parser on real reports, truncated ones and garbage.
 *
 * Fixtures (tests/unit/fixtures/) are the stderr of tiny C programs built with
 * `clang-19 -fsanitize=thread -g -O1` and run with TSAN_OPTIONS=halt_on_error=0:
 *   tsan_race_global.txt       two threads incrementing a global (race.c)
 *   tsan_race_heap.txt         writer/reader of a heap struct field (race2.c) ...
 *   tsan_race_heap_swapped.txt ... the same program, another run where TSan saw the read
 *                              first: a real A/B swap
 *   tsan_race_atomic.txt       relaxed atomic store vs plain load
 *   tsan_race_memcpy.txt       memcpy (interceptor frame) vs a byte store
 *   tsan_uaf.txt               a thread frees, main reads
 *   tsan_deadlock.txt          lock-order inversion; *_second_stack.txt with
 *                              second_deadlock_stack=1
 *   tsan_multi.txt             race under a mutex, unlock of an unlocked mutex, destroy of a
 *                              locked mutex, thread leak: four reports in one log
 *   tsan_signal_errno.txt      a signal handler that sets errno
 *   tsan_segv.txt              a NULL dereference (ThreadSanitizer:DEADLYSIGNAL form)
 *   tsan_race_unsymbolized.txt race.c run without a symbolizer: every frame "<null> <null>"
 *   tsan_cpython_rangeiter.txt the first two reports of four threads calling next() on one
 *                              zip(range, range) under the TSan free-threaded CPython 3.13
 * Hand-edited copies:
 *   tsan_race_nullframes.txt   tsan_race_global.txt with frame #0 of the access turned into
 *                              "<null> <null> (race+0xe465e)" and of the previous access
 *                              into "<null> <null> (<unknown module>)"
 *   tsan_truncated.txt         tsan_multi.txt cut in the middle of a frame line of its
 *                              second report
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"



static void parse_fixture(const char *name, struct ftf_report_list *l)
{
    size_t len;
    char *text = load(name, &len);
    assert_int_equal(ftf_report_parse(text, len, l), 0);
    free(text);
}

static void assert_frame(const struct ftf_frame *f, const char *function, const char *file,
                         unsigned line)
{
    if (function)
        assert_string_equal(f->function, function);
    else
        assert_null(f->function);
    if (file)
        assert_string_equal(f->file, file);
    else
        assert_null(f->file);
    assert_int_equal(f->line, line);
}

static void test_race_global(void **state)
{
    (void)state;
    struct ftf_report_list l;
    parse_fixture("tsan_race_global.txt", &l);
    assert_int_equal(l.n, 1);
    const struct ftf_report *r = &l.reports[0];
    assert_int_equal(r->type, FTF_TSAN_RACE);
    assert_string_equal(r->headline, "data race");
    assert_true(r->complete);
    assert_true(r->closed);
    assert_string_equal(r->summary,
                        "SUMMARY: ThreadSanitizer: data race /tmp/tsanfx/race.c:4:59 in bump");
    assert_int_equal(r->n_stacks, 4);
    assert_int_equal(r->stacks[0].role, FTF_STACK_ACCESS);
    assert_string_equal(r->stacks[0].label,
                        "Write of size 4 at 0x5612f50bd698 by thread T2:");
    assert_int_equal(r->stacks[1].role, FTF_STACK_PREVIOUS);
    assert_int_equal(r->stacks[2].role, FTF_STACK_THREAD_CREATED);
    assert_int_equal(r->stacks[3].role, FTF_STACK_THREAD_CREATED);
    assert_int_equal(r->stacks[0].n_frames, 2);
    const struct ftf_frame *f = &r->stacks[0].frames[0];
    assert_int_equal(f->index, 0);
    assert_frame(f, "bump", "/tmp/tsanfx/race.c", 4);
    assert_int_equal(f->column, 59);
    assert_string_equal(f->module, "race");
    assert_int_equal(f->offset, 0xe465e);
    assert_frame(&r->stacks[0].frames[1], "worker", "/tmp/tsanfx/race.c", 5);
    assert_int_equal(r->stacks[0].frames[1].index, 1);
    assert_frame(&r->stacks[1].frames[0], "bump", "/tmp/tsanfx/race.c", 4);
    assert_frame(&r->stacks[2].frames[0], "pthread_create", NULL, 0);
    assert_frame(&r->stacks[2].frames[1], "main", "/tmp/tsanfx/race.c", 9);
    /* The raw text runs from the opening separator to the closing one, and no further. */
    assert_true(strncmp(r->raw, "==================\nWARNING: ThreadSanitizer: data race", 54) ==
                0);
    assert_int_equal(strlen(r->raw), r->raw_len);
    assert_true(r->raw_len > 20);
    assert_string_equal(r->raw + r->raw_len - 19, "==================\n");
    assert_null(strstr(r->raw, "reported 1 warnings"));
    ftf_report_list_free(&l);
}

static void test_race_heap(void **state)
{
    (void)state;
    struct ftf_report_list l;
    parse_fixture("tsan_race_heap.txt", &l);
    assert_int_equal(l.n, 1);
    const struct ftf_report *r = &l.reports[0];
    assert_int_equal(r->type, FTF_TSAN_RACE);
    assert_int_equal(r->n_stacks, 5);
    assert_int_equal(r->stacks[0].role, FTF_STACK_ACCESS);
    assert_frame(&r->stacks[0].frames[0], "store_total", "/tmp/tsanfx/race2.c", 5);
    assert_frame(&r->stacks[0].frames[1], "writer", "/tmp/tsanfx/race2.c", 7);
    assert_int_equal(r->stacks[1].role, FTF_STACK_PREVIOUS);
    assert_frame(&r->stacks[1].frames[0], "read_total", "/tmp/tsanfx/race2.c", 6);
    assert_int_equal(r->stacks[2].role, FTF_STACK_LOCATION);
    assert_frame(&r->stacks[2].frames[0], "calloc", NULL, 0);
    assert_frame(&r->stacks[2].frames[1], "main", "/tmp/tsanfx/race2.c", 10);
    assert_false(ftf_stack_role_is_key(r->stacks[2].role));
    assert_true(ftf_stack_role_is_key(r->stacks[0].role));
    ftf_report_list_free(&l);

    parse_fixture("tsan_race_heap_swapped.txt", &l);
    assert_int_equal(l.n, 1);
    assert_frame(&l.reports[0].stacks[0].frames[0], "read_total", "/tmp/tsanfx/race2.c", 6);
    assert_frame(&l.reports[0].stacks[1].frames[0], "store_total", "/tmp/tsanfx/race2.c", 5);
    ftf_report_list_free(&l);
}

static void test_race_atomic_and_memcpy(void **state)
{
    (void)state;
    struct ftf_report_list l;
    parse_fixture("tsan_race_atomic.txt", &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.reports[0].stacks[1].role, FTF_STACK_PREVIOUS);
    assert_non_null(strstr(l.reports[0].stacks[1].label, "Previous atomic write of size 8"));
    assert_frame(&l.reports[0].stacks[1].frames[0], "atomic_set", "/tmp/tsanfx/memrace.c", 11);
    ftf_report_list_free(&l);

    parse_fixture("tsan_race_memcpy.txt", &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.reports[0].stacks[1].n_frames, 3);
    assert_frame(&l.reports[0].stacks[1].frames[0], "memcpy", NULL, 0);
    assert_frame(&l.reports[0].stacks[1].frames[1], "copy_in", "/tmp/tsanfx/memrace3.c", 6);
    ftf_report_list_free(&l);
}

static void test_uaf(void **state)
{
    (void)state;
    struct ftf_report_list l;
    parse_fixture("tsan_uaf.txt", &l);
    assert_int_equal(l.n, 1);
    const struct ftf_report *r = &l.reports[0];
    assert_int_equal(r->type, FTF_TSAN_UAF);
    assert_string_equal(r->headline, "heap-use-after-free");
    assert_int_equal(r->n_stacks, 3);
    assert_int_equal(r->stacks[0].role, FTF_STACK_ACCESS);
    assert_frame(&r->stacks[0].frames[0], "use", "/tmp/tsanfx/uaf.c", 6);
    assert_frame(&r->stacks[0].frames[1], "main", "/tmp/tsanfx/uaf.c", 14);
    assert_int_equal(r->stacks[1].role, FTF_STACK_PREVIOUS); /* the free */
    assert_int_equal(r->stacks[1].n_frames, 3);
    assert_frame(&r->stacks[1].frames[0], "free", NULL, 0);
    assert_frame(&r->stacks[1].frames[1], "release", "/tmp/tsanfx/uaf.c", 5);
    assert_frame(&r->stacks[1].frames[2], "freer", "/tmp/tsanfx/uaf.c", 7);
    ftf_report_list_free(&l);
}

static void test_deadlock(void **state)
{
    (void)state;
    struct ftf_report_list l;
    parse_fixture("tsan_deadlock.txt", &l);
    assert_int_equal(l.n, 1);
    const struct ftf_report *r = &l.reports[0];
    assert_int_equal(r->type, FTF_TSAN_DEADLOCK);
    assert_string_equal(r->headline, "lock-order-inversion (potential deadlock)");
    assert_int_equal(r->n_stacks, 3);
    assert_int_equal(r->stacks[0].role, FTF_STACK_MUTEX_ACQUIRED);
    assert_frame(&r->stacks[0].frames[0], "pthread_mutex_lock", NULL, 0);
    assert_frame(&r->stacks[0].frames[1], "take_ab", "/tmp/tsanfx/lock.c", 3);
    assert_frame(&r->stacks[0].frames[2], "t1", "/tmp/tsanfx/lock.c", 5);
    assert_int_equal(r->stacks[1].role, FTF_STACK_MUTEX_ACQUIRED);
    assert_frame(&r->stacks[1].frames[1], "take_ba", "/tmp/tsanfx/lock.c", 4);
    assert_int_equal(r->stacks[2].role, FTF_STACK_THREAD_CREATED);
    assert_true(r->complete && r->closed);
    ftf_report_list_free(&l);

    parse_fixture("tsan_deadlock_second_stack.txt", &l);
    assert_int_equal(l.n, 1);
    r = &l.reports[0];
    assert_int_equal(r->n_stacks, 5);
    static const enum ftf_stack_role roles[] = {FTF_STACK_MUTEX_ACQUIRED,
                                                FTF_STACK_MUTEX_PREVIOUSLY,
                                                FTF_STACK_MUTEX_ACQUIRED,
                                                FTF_STACK_MUTEX_PREVIOUSLY,
                                                FTF_STACK_THREAD_CREATED};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(r->stacks[i].role, roles[i]);
    assert_frame(&r->stacks[1].frames[1], "take_ab", "/tmp/tsanfx/lock.c", 3);
    assert_int_equal(r->stacks[1].frames[1].column, 55);
    ftf_report_list_free(&l);
}

static void test_multi(void **state)
{
    (void)state;
    struct ftf_report_list l;
    parse_fixture("tsan_multi.txt", &l);
    assert_int_equal(l.n, 4);
    assert_int_equal(l.reports[0].type, FTF_TSAN_RACE);
    assert_int_equal(l.reports[1].type, FTF_TSAN_MUTEX_UNLOCK);
    assert_int_equal(l.reports[2].type, FTF_TSAN_MUTEX_DESTROY);
    assert_int_equal(l.reports[3].type, FTF_TSAN_THREAD_LEAK);
    for (size_t i = 0; i < 4; i++)
        assert_true(l.reports[i].complete && l.reports[i].closed);

    const struct ftf_report *r = &l.reports[0];
    assert_non_null(strstr(r->stacks[0].label, "(mutexes: write M0)"));
    assert_frame(&r->stacks[0].frames[0], "locked_inc", "/tmp/tsanfx/multi.c", 14);
    assert_frame(&r->stacks[1].frames[0], "unlocked_inc", "/tmp/tsanfx/multi.c", 15);
    assert_int_equal(r->stacks[2].role, FTF_STACK_MUTEX_CREATED);
    /* the symbolizer's complaint between reports belongs to none of them */
    for (size_t i = 0; i < 4; i++)
        assert_null(strstr(l.reports[i].raw, "LLVMSymbolizer"));

    r = &l.reports[1];
    assert_string_equal(r->headline, "unlock of an unlocked mutex (or by a wrong thread)");
    assert_int_equal(r->stacks[0].role, FTF_STACK_MAIN);
    assert_null(r->stacks[0].label);
    assert_frame(&r->stacks[0].frames[0], "pthread_mutex_unlock", NULL, 0);
    assert_frame(&r->stacks[0].frames[1], "main", "/tmp/tsanfx/multi.c", 29);

    r = &l.reports[2];
    assert_int_equal(r->stacks[0].role, FTF_STACK_MAIN);
    assert_int_equal(r->stacks[1].role, FTF_STACK_AND);
    assert_frame(&r->stacks[1].frames[1], "main", "/tmp/tsanfx/multi.c", 31);
    assert_int_equal(r->stacks[1].frames[1].column, 5);

    r = &l.reports[3];
    assert_int_equal(r->n_stacks, 1);
    assert_int_equal(r->stacks[0].role, FTF_STACK_THREAD_CREATED);
    assert_frame(&r->stacks[0].frames[1], "main", "/tmp/tsanfx/multi.c", 33);
    ftf_report_list_free(&l);
}

static void test_signal_errno(void **state)
{
    (void)state;
    struct ftf_report_list l;
    parse_fixture("tsan_signal_errno.txt", &l);
    assert_int_equal(l.n, 1);
    const struct ftf_report *r = &l.reports[0];
    assert_int_equal(r->type, FTF_TSAN_SIGNAL_ERRNO);
    assert_int_equal(r->stacks[0].role, FTF_STACK_SIGNAL_HANDLER);
    /* "multi2.c:15" has a line but no column */
    assert_frame(&r->stacks[0].frames[0], "handler", "/tmp/tsanfx/multi2.c", 15);
    assert_int_equal(r->stacks[0].frames[0].column, 0);
    ftf_report_list_free(&l);
}

static void test_segv(void **state)
{
    (void)state;
    struct ftf_report_list l;
    parse_fixture("tsan_segv.txt", &l);
    assert_int_equal(l.n, 1);
    const struct ftf_report *r = &l.reports[0];
    assert_int_equal(r->type, FTF_TSAN_DEADLY_SIGNAL);
    assert_true(strncmp(r->headline, "SEGV on unknown address", 23) == 0);
    assert_true(r->complete);
    assert_false(r->closed);
    assert_string_equal(r->summary, "SUMMARY: ThreadSanitizer: SEGV /tmp/tsanfx/segv.c:2:61 in deref");
    assert_true(strncmp(r->raw, "ThreadSanitizer:DEADLYSIGNAL\n", 29) == 0);
    assert_int_equal(r->n_stacks, 1);
    assert_int_equal(r->stacks[0].role, FTF_STACK_MAIN);
    assert_int_equal(r->stacks[0].n_frames, 5);
    assert_frame(&r->stacks[0].frames[0], "deref", "/tmp/tsanfx/segv.c", 2);
    assert_frame(&r->stacks[0].frames[2], "__libc_start_call_main",
                 "csu/../sysdeps/nptl/libc_start_call_main.h", 58);
    assert_string_equal(r->stacks[0].frames[2].module, "libc.so.6");
    assert_frame(&r->stacks[0].frames[4], "_start", NULL, 0);
    ftf_report_list_free(&l);
}

static void test_null_frames(void **state)
{
    (void)state;
    struct ftf_report_list l;
    /* real: no symbolizer at all */
    parse_fixture("tsan_race_unsymbolized.txt", &l);
    assert_int_equal(l.n, 1);
    const struct ftf_report *r = &l.reports[0];
    assert_int_equal(r->type, FTF_TSAN_RACE);
    for (size_t s = 0; s < r->n_stacks; s++) {
        for (size_t i = 0; i < r->stacks[s].n_frames; i++) {
            assert_null(r->stacks[s].frames[i].function);
            assert_null(r->stacks[s].frames[i].file);
            assert_non_null(r->stacks[s].frames[i].module);
        }
    }
    assert_string_equal(r->stacks[0].frames[0].module, "race");
    assert_int_equal(r->stacks[0].frames[0].offset, 0xe465e);
    assert_string_equal(r->stacks[2].frames[2].module, "libc.so.6");
    ftf_report_list_free(&l);

    /* hand-edited: <null> frames mixed with symbolized ones, and <unknown module> */
    parse_fixture("tsan_race_nullframes.txt", &l);
    assert_int_equal(l.n, 1);
    r = &l.reports[0];
    assert_frame(&r->stacks[0].frames[0], NULL, NULL, 0);
    assert_string_equal(r->stacks[0].frames[0].module, "race");
    assert_frame(&r->stacks[0].frames[1], "worker", "/tmp/tsanfx/race.c", 5);
    assert_frame(&r->stacks[1].frames[0], NULL, NULL, 0);
    assert_string_equal(r->stacks[1].frames[0].module, "<unknown module>");
    assert_int_equal(r->stacks[1].frames[0].offset, 0);
    ftf_report_list_free(&l);
}

static void test_truncated(void **state)
{
    (void)state;
    struct ftf_report_list l;
    parse_fixture("tsan_truncated.txt", &l);
    assert_int_equal(l.n, 2);
    /* the first report is whole */
    assert_true(l.reports[0].complete && l.reports[0].closed);
    assert_int_equal(l.reports[0].n_stacks, 5);
    assert_frame(&l.reports[0].stacks[1].frames[0], "unlocked_inc", "/tmp/tsanfx/multi.c", 15);
    /* the second keeps what was complete: its cut last frame line is not trusted */
    const struct ftf_report *r = &l.reports[1];
    assert_int_equal(r->type, FTF_TSAN_MUTEX_UNLOCK);
    assert_false(r->complete);
    assert_false(r->closed);
    assert_null(r->summary);
    assert_int_equal(r->n_stacks, 1);
    assert_int_equal(r->stacks[0].n_frames, 1);
    assert_frame(&r->stacks[0].frames[0], "pthread_mutex_unlock", NULL, 0);
    assert_true(r->raw_len > 4);
    assert_string_equal(r->raw + r->raw_len - 4, " (mu");
    ftf_report_list_free(&l);

    /* cut inside the SUMMARY line: all the stacks came before it, so the report counts as
     * complete, with the summary as far as it goes */
    size_t len;
    char *text = load("tsan_race_global.txt", &len);
    char *cut = strstr(text, " in bump");
    assert_non_null(cut);
    assert_int_equal(ftf_report_parse(text, (size_t)(cut - text), &l), 0);
    assert_int_equal(l.n, 1);
    assert_true(l.reports[0].complete);
    assert_false(l.reports[0].closed);
    assert_string_equal(l.reports[0].summary,
                        "SUMMARY: ThreadSanitizer: data race /tmp/tsanfx/race.c:4:59");
    assert_int_equal(l.reports[0].n_stacks, 4);
    ftf_report_list_free(&l);
    free(text);
}

/* Every prefix of a four-report log parses; reports never shrink as the prefix grows and a
 * report is complete exactly once its SUMMARY line is in. */
static void test_every_prefix(void **state)
{
    (void)state;
    size_t len;
    char *text = load("tsan_multi.txt", &len);
    size_t last_n = 0, complete_seen = 0;
    for (size_t cut = 0; cut <= len; cut++) {
        /* a fresh allocation of exactly cut bytes, so ASan catches any over-read */
        char *chunk = malloc(cut ? cut : 1);
        assert_non_null(chunk);
        memcpy(chunk, text, cut);
        struct ftf_report_list l;
        assert_int_equal(ftf_report_parse(chunk, cut, &l), 0);
        assert_true(l.n >= last_n);
        last_n = l.n;
        size_t complete = 0;
        for (size_t i = 0; i < l.n; i++)
            complete += l.reports[i].complete;
        assert_true(complete >= complete_seen);
        complete_seen = complete;
        ftf_report_list_free(&l);
        free(chunk);
    }
    assert_int_equal(last_n, 4);
    assert_int_equal(complete_seen, 4);
    free(text);
}

static void test_cpython(void **state)
{
    (void)state;
    struct ftf_report_list l;
    parse_fixture("tsan_cpython_rangeiter.txt", &l);
    assert_int_equal(l.n, 2);
    const struct ftf_report *r = &l.reports[0];
    assert_int_equal(r->type, FTF_TSAN_RACE);
    assert_int_equal(r->stacks[0].role, FTF_STACK_ACCESS);
    assert_int_equal(r->stacks[0].n_frames, 17);
    const char *src = "/root/.cache/ftfuzz/.build-2fc773eb440287c9.hp3FaB/build/../src/";
    char path[256];
    snprintf(path, sizeof path, "%sObjects/rangeobject.c", src);
    assert_frame(&r->stacks[0].frames[0], "rangeiter_next", path, 819);
    assert_string_equal(r->stacks[0].frames[0].module, "python3.13t");
    /* an inlined frame: no BuildId group */
    snprintf(path, sizeof path, "%sObjects/call.c", src);
    assert_frame(&r->stacks[0].frames[5], "PyObject_Vectorcall", path, 327);
    assert_int_equal(r->stacks[0].frames[5].offset, 0x56bff3);
    /* a file without a line */
    assert_frame(&r->stacks[0].frames[9], "_PyFunction_Vectorcall", path, 0);
    snprintf(path, sizeof path, "%sPython/thread_pthread.h", src);
    assert_frame(&r->stacks[0].frames[16], "pythread_wrapper", path, 242);
    ftf_report_list_free(&l);
}

static const struct ftf_frame *one_frame(struct ftf_report_list *l, const char *frame_line)
{
    char text[2048];
    snprintf(text, sizeof text,
             "==================\nWARNING: ThreadSanitizer: data race (pid=1)\n"
             "  Read of size 8 at 0x1 by thread T1:\n%s\n\n"
             "SUMMARY: ThreadSanitizer: data race\n==================\n",
             frame_line);
    assert_int_equal(ftf_report_parse(text, strlen(text), l), 0);
    assert_int_equal(l->n, 1);
    assert_int_equal(l->reports[0].n_stacks, 1);
    assert_int_equal(l->reports[0].stacks[0].n_frames, 1);
    return &l->reports[0].stacks[0].frames[0];
}

/* Frame lines seen in the wild (CPython issues, macOS, C++, ASan-style). */
static void test_frame_variants(void **state)
{
    (void)state;
    struct ftf_report_list l;
    const struct ftf_frame *f;

    f = one_frame(&l, "    #0 _PyDict_Next dictobject.c:3166 (python.exe:arm64+0x1000be214)");
    assert_frame(f, "_PyDict_Next", "dictobject.c", 3166);
    assert_string_equal(f->module, "python.exe:arm64");
    assert_int_equal(f->offset, 0x1000be214);
    ftf_report_list_free(&l);

    f = one_frame(&l, "    #0 _Py_atomic_store_ptr_release cpython/./Include/cpython/pyatomic_gcc.h:565:3 ");
    assert_frame(f, "_Py_atomic_store_ptr_release", "cpython/./Include/cpython/pyatomic_gcc.h", 565);
    assert_int_equal(f->column, 3);
    assert_null(f->module);
    ftf_report_list_free(&l);

    f = one_frame(&l, "    #3 std::vector<int, std::allocator<int> >::push_back(int const&) "
                      "/usr/include/c++/12/bits/stl_vector.h:1287:2 (a.out+0x1234) (BuildId: ab)");
    assert_frame(f, "std::vector<int, std::allocator<int> >::push_back(int const&)",
                 "/usr/include/c++/12/bits/stl_vector.h", 1287);
    assert_int_equal(f->index, 3);
    ftf_report_list_free(&l);

    f = one_frame(&l, "    #0 operator new(unsigned long) <null> (libclang_rt.tsan.so+0x99)");
    assert_frame(f, "operator new(unsigned long)", NULL, 0);
    assert_string_equal(f->module, "libclang_rt.tsan.so");
    ftf_report_list_free(&l);

    f = one_frame(&l, "    #1 (anonymous namespace)::Foo::bar() const (libfoo.so+0x10)");
    assert_frame(f, "(anonymous namespace)::Foo::bar() const", NULL, 0);
    ftf_report_list_free(&l);

    f = one_frame(&l, "    #2 <null> <null> (<unknown module>)");
    assert_frame(f, NULL, NULL, 0);
    assert_string_equal(f->module, "<unknown module>");
    ftf_report_list_free(&l);

    f = one_frame(&l, "    #0 0x55ef61635040 in __sanitizer::internal_strlen(char const*) "
                      "(/tmp/sigdump+0xef040) (BuildId: d7a1)");
    assert_frame(f, "__sanitizer::internal_strlen(char const*)", NULL, 0);
    assert_string_equal(f->module, "/tmp/sigdump");
    ftf_report_list_free(&l);

    f = one_frame(&l, "\t#7 foo");
    assert_frame(f, "foo", NULL, 0);
    assert_int_equal(f->index, 7);
    ftf_report_list_free(&l);

    f = one_frame(&l, "    #99999999999999999999 bar x.c:99999999999:1 (m+0xffffffffffffffffff)");
    assert_frame(f, "bar", "x.c", 0); /* absurd numbers read as unknown, not wrapped */
    ftf_report_list_free(&l);

    f = one_frame(&l, "    #0 ((((( ))))) ((( (m+0x1)");
    assert_non_null(f);
    ftf_report_list_free(&l);
}

static void test_garbage_and_crlf(void **state)
{
    (void)state;
    struct ftf_report_list l;
    assert_int_equal(ftf_report_parse(NULL, 0, &l), 0);
    assert_int_equal(l.n, 0);
    ftf_report_list_free(&l);
    assert_int_equal(ftf_report_parse("", 0, &l), 0);
    assert_int_equal(l.n, 0);
    ftf_report_list_free(&l);

    /* noise around a report: the raw text is the report alone */
    size_t len;
    char *fx = load("tsan_race_global.txt", &len);
    const char *pre = "random noise\n==12==WARNING: something else\n#0 not a frame\n";
    static const char post[] = "trailing\n\0binary\xff\xfe junk\n";
    size_t n = strlen(pre) + len + sizeof post;
    char *text = malloc(n);
    assert_non_null(text);
    memcpy(text, pre, strlen(pre));
    memcpy(text + strlen(pre), fx, len);
    memcpy(text + strlen(pre) + len, post, sizeof post);
    assert_int_equal(ftf_report_parse(text, n, &l), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.reports[0].n_stacks, 4);
    /* the fixture is the report plus TSan's closing "reported 1 warnings" line */
    const char *tail = "ThreadSanitizer: reported 1 warnings\n";
    assert_int_equal(l.reports[0].raw_len, len - strlen(tail));
    assert_memory_equal(l.reports[0].raw, fx, l.reports[0].raw_len);
    ftf_report_list_free(&l);
    free(text);

    /* CRLF line endings give the same frames */
    char *crlf = malloc(2 * len + 1);
    assert_non_null(crlf);
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        if (fx[i] == '\n')
            crlf[k++] = '\r';
        crlf[k++] = fx[i];
    }
    assert_int_equal(ftf_report_parse(crlf, k, &l), 0);
    assert_int_equal(l.n, 1);
    assert_true(l.reports[0].complete && l.reports[0].closed);
    assert_frame(&l.reports[0].stacks[0].frames[0], "bump", "/tmp/tsanfx/race.c", 4);
    assert_int_equal(l.reports[0].stacks[0].frames[0].column, 59);
    ftf_report_list_free(&l);
    free(crlf);
    free(fx);

    /* pseudo-random bytes with report-ish tokens sprinkled in */
    static const char *const tokens[] = {"==================\n", "WARNING: ThreadSanitizer: ",
                                         "  #0 ", " (", ")", ":", "\n", "SUMMARY: ",
                                         "Previous write of size 8:\n", "<null> ", "+0x"};
    uint32_t seed = 12345;
    for (int round = 0; round < 200; round++) {
        size_t cap = 4096, m = 0;
        char *buf = malloc(cap);
        assert_non_null(buf);
        while (m < cap - 64) {
            seed = seed * 1103515245u + 12345u;
            uint32_t r = seed >> 16;
            if (r % 3 == 0) {
                const char *t = tokens[r % (sizeof tokens / sizeof tokens[0])];
                memcpy(buf + m, t, strlen(t));
                m += strlen(t);
            } else {
                buf[m++] = (char)(r & 0xff);
            }
        }
        assert_int_equal(ftf_report_parse(buf, m, &l), 0);
        ftf_report_list_free(&l);
        free(buf);
    }
}

static void test_bounds(void **state)
{
    (void)state;
    struct ftf_report_list l;

    /* one enormous line */
    size_t big = 1u << 20;
    char *text = malloc(big);
    assert_non_null(text);
    const char *head = "WARNING: ThreadSanitizer: data race (pid=1)\n  Write of size 1:\n    #0 ";
    memcpy(text, head, strlen(head));
    memset(text + strlen(head), 'a', big - strlen(head));
    assert_int_equal(ftf_report_parse(text, big, &l), 0);
    assert_int_equal(l.n, 1);
    assert_false(l.reports[0].complete);
    ftf_report_list_free(&l);
    text[big - 1] = '\n';
    assert_int_equal(ftf_report_parse(text, big, &l), 0);
    assert_int_equal(l.reports[0].stacks[0].n_frames, 1);
    assert_int_equal(strlen(l.reports[0].stacks[0].frames[0].function), FTF_REPORT_MAX_FIELD);
    ftf_report_list_free(&l);
    free(text);

    /* too many frames and stacks */
    size_t cap = 1u << 20, n = 0;
    text = malloc(cap);
    assert_non_null(text);
    n += (size_t)sprintf(text + n, "WARNING: ThreadSanitizer: data race (pid=1)\n");
    for (int i = 0; i < 1000; i++)
        n += (size_t)sprintf(text + n, "  #%d f%d a.c:%d\n", i, i, i + 1);
    for (int s = 0; s < 100; s++)
        n += (size_t)sprintf(text + n, "  Previous read of size 1:\n    #0 g a.c:1\n\n");
    assert_int_equal(ftf_report_parse(text, n, &l), 0);
    const struct ftf_report *r = &l.reports[0];
    assert_int_equal(r->stacks[0].n_frames, FTF_REPORT_MAX_FRAMES);
    assert_int_equal(r->stacks[0].n_dropped, 1000 - FTF_REPORT_MAX_FRAMES);
    assert_frame(&r->stacks[0].frames[127], "f127", "a.c", 128);
    assert_int_equal(r->n_stacks, FTF_REPORT_MAX_STACKS);
    assert_int_equal(r->n_dropped, 101 - FTF_REPORT_MAX_STACKS);
    ftf_report_list_free(&l);

    /* too many reports */
    n = 0;
    for (int i = 0; i < FTF_REPORT_MAX_REPORTS + 10; i++)
        n += (size_t)sprintf(text + n, "WARNING: ThreadSanitizer: thread leak (pid=1)\n");
    assert_int_equal(ftf_report_parse(text, n, &l), 0);
    assert_int_equal(l.n, FTF_REPORT_MAX_REPORTS);
    assert_int_equal(l.n_dropped, 10);
    ftf_report_list_free(&l);
    free(text);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(ftf_tsan_type_name(FTF_TSAN_RACE), "data race");
    assert_string_equal(ftf_tsan_type_name(FTF_TSAN_DEADLOCK), "lock-order-inversion");
    assert_string_equal(ftf_tsan_type_name((enum ftf_tsan_type)999), "other");
    assert_string_equal(ftf_stack_role_name(FTF_STACK_PREVIOUS), "previous");
    assert_string_equal(ftf_stack_role_name((enum ftf_stack_role)999), "other");

    /* headlines TSan can print, by type */
    static const struct {
        const char *headline;
        enum ftf_tsan_type type;
    } cases[] = {
        {"data race on vptr (ctor/dtor vs virtual call)", FTF_TSAN_RACE},
        {"heap-use-after-free (virtual call vs free)", FTF_TSAN_UAF},
        {"signal-unsafe call inside of a signal handler", FTF_TSAN_SIGNAL_UNSAFE},
        {"double lock of a mutex", FTF_TSAN_OTHER},
        {"use of an invalid mutex (e.g. uninitialized or destroyed)", FTF_TSAN_OTHER},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "WARNING: ThreadSanitizer: %s (pid=42)\n", cases[i].headline);
        struct ftf_report_list l;
        assert_int_equal(ftf_report_parse(text, strlen(text), &l), 0);
        assert_int_equal(l.n, 1);
        assert_int_equal(l.reports[0].type, cases[i].type);
        assert_string_equal(l.reports[0].headline, cases[i].headline);
        ftf_report_list_free(&l);
    }
}

/* A crash handler's own trace: the handler's and TSan's frames and libc's trampoline go,
 * the faulting code's frames stay, numbered from 0. */
static void test_crash_stack_starts_below_the_handler(void **state)
{
    (void)state;
    static const char trace[] =
        "    #0 __sanitizer_print_stack_trace <null> (ftfuzz+0xf1e2b)\n"
        "    #1 on_fatal /src/ftfuzz/harness/worker/crash.c:130:5 (ftfuzz+0x1234)\n"
        "    #2 sighandler(int, __sanitizer::__sanitizer_siginfo*, void*) tsan_interceptors_posix.cpp:2023:5 (ftfuzz+0x5678)\n"
        "    #3 <null> <null> (libc.so.6+0x3c04f)\n"
        "    #4 mi_block_next /src/mimalloc/internal.h:669:10 (ftfuzz+0x585445)\n"
        "    #5 _PyObject_Free Objects/obmalloc.c:1200:3 (ftfuzz+0x9abc)\n"
        "\n";
    struct ftf_stack st;
    assert_int_equal(ftf_stack_parse_crash(trace, &st), 0);
    assert_int_equal(st.n_frames, 2);
    assert_string_equal(st.frames[0].function, "mi_block_next");
    assert_string_equal(st.frames[0].file, "/src/mimalloc/internal.h");
    assert_int_equal(st.frames[0].line, 669);
    assert_int_equal(st.frames[0].index, 0);
    assert_string_equal(st.frames[1].function, "_PyObject_Free");
    assert_int_equal(st.frames[1].index, 1);
    ftf_stack_free(&st);
    assert_int_equal(st.n_frames, 0);

    /* No handler frame (an abort's trace): every frame. */
    assert_int_equal(ftf_stack_parse_crash(trace + strlen(
        "    #0 __sanitizer_print_stack_trace <null> (ftfuzz+0xf1e2b)\n"
        "    #1 on_fatal /src/ftfuzz/harness/worker/crash.c:130:5 (ftfuzz+0x1234)\n"
        "    #2 sighandler(int, __sanitizer::__sanitizer_siginfo*, void*) tsan_interceptors_posix.cpp:2023:5 (ftfuzz+0x5678)\n"),
        &st), 0);
    assert_int_equal(st.n_frames, 3);
    assert_null(st.frames[0].function);
    ftf_stack_free(&st);
    assert_int_equal(ftf_stack_parse_crash("no frames here\n", &st), 0);
    assert_int_equal(st.n_frames, 0);
    ftf_stack_free(&st);
}

/* Text read while a program runs may end anywhere: at every cut of tsan_multi.txt, the
 * whole prefix ends where the last report ending before the cut ends, and parses into
 * only complete reports. */
static void test_whole_prefix_at_every_cut(void **state)
{
    (void)state;
    size_t len;
    char *text = load("tsan_multi.txt", &len);
    size_t ends[8], n_ends = 0; /* just past each "SUMMARY ...\n=====...\n" */
    for (const char *p = text; (p = strstr(p, "\nSUMMARY: ThreadSanitizer: ")) != NULL; p++) {
        const char *rule = strstr(p + 1, "\n==================\n");
        assert_non_null(rule);
        assert_true(n_ends < 8);
        ends[n_ends++] = (size_t)(rule - text) + 20;
    }
    assert_int_equal(n_ends, 4);
    for (size_t cut = 0; cut <= len; cut++) {
        size_t want = 0;
        for (size_t i = 0; i < n_ends; i++)
            if (ends[i] <= cut)
                want = ends[i];
        size_t got = ftf_report_whole_prefix(text, cut);
        assert_int_equal(got, want);
        struct ftf_report_list l;
        assert_int_equal(ftf_report_parse(text, got, &l), 0);
        for (size_t i = 0; i < l.n; i++)
            assert_true(l.reports[i].complete);
        ftf_report_list_free(&l);
    }
    assert_int_equal(ftf_report_whole_prefix("", 0), 0);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_race_global),
        cmocka_unit_test(test_race_heap),
        cmocka_unit_test(test_race_atomic_and_memcpy),
        cmocka_unit_test(test_uaf),
        cmocka_unit_test(test_deadlock),
        cmocka_unit_test(test_multi),
        cmocka_unit_test(test_signal_errno),
        cmocka_unit_test(test_segv),
        cmocka_unit_test(test_null_frames),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_every_prefix),
        cmocka_unit_test(test_cpython),
        cmocka_unit_test(test_frame_variants),
        cmocka_unit_test(test_garbage_and_crlf),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_crash_stack_starts_below_the_handler),
        cmocka_unit_test(test_whole_prefix_at_every_cut),
    };
    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
