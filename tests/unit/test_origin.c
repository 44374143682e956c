/* test_origin.c - attribution of real TSan reports to a user's module, or to CPython.
 *
 * Fixtures (tests/unit/fixtures/), machine paths made relative:
 *   tsan_cpython_borrowed.txt        the racy_borrowed fixture's planted bug, run by hand
 *                                    (peek() reprs d[k] while another thread replaces it):
 *                                    list_repr_impl < list_repr < PyObject_Repr < peek reads
 *                                    a list whose memory PyList_New is reusing
 *   tsan_cpython_odict_via_module.txt an OrderedDict race inside CPython that a campaign on
 *                                    racy_borrowed reached through peek(), 17 frames down
 *   tsan_cpython_long_made_by_module.txt pickle.dumps reads a PyLong that locked_global's
 *                                    total() had just made with PyLong_FromLong and the
 *                                    program stored into a shared dict (a campaign on the
 *                                    locked twin, seed 2)
 *   tsan_dealloc_reused_block.txt    the shape of issue 13's locked_buffer_silent failure,
 *   tsan_dealloc_vs_module.txt       assembled (not captured: ten campaigns of 1200 runs
 *                                    did not show it again) from the frames the issue
 *                                    names and a captured pickle.dumps stack: buffer_drop
 *                                    in buffer_dealloc vs PyList_GET_SIZE < batch_list_exact
 *                                    < pickle; and vs the module's own buffer_push
 *   tsan_cxx_vector.txt              tests/fixtures/ext/cxx_tally.cpp's unlocked
 *                                    std::vector (a campaign, seed 1): both stacks in
 *                                    libstdc++'s headers inlined into the module
 *   crash_in_module.txt              a crash handler's report (Python stacks, then the
 *                                    C stack after the handler's own frames) for a module
 *                                    whose boom() reads through a NULL pointer in
 *                                    poke_null (a campaign, by hand)
 * and corpus/regression/racy_global_bump/report.txt, the racy_global fixture's race.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include "finding.h"
#include "origin.h"
#include "report.h"
#include "stdlib_sweep.h"

#include <string.h>

#define BORROWED_SO "racy_borrowed.cpython-313t-x86_64-linux-gnu.so"

static int origin_of(const char *path, const char *module_file, char *buf, size_t len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    struct ftf_report_list list;
    assert_true(ftf_report_parse(text, n, &list) >= 0);
    assert_true(list.n >= 1);
    buf[0] = '\0';
    int found = ftf_module_origin(&list, module_file, buf, len);
    ftf_report_list_free(&list);
    return found;
}

/* The module's own frame on top of both stacks; of the two (total and bump), the least,
 * whichever TSan printed first. */
static void direct_race_is_the_modules(void **state)
{
    (void)state;
    char buf[256];
    assert_int_equal(origin_of("corpus/regression/racy_global_bump/report.txt",
                               "racy_global.cpython-313t-x86_64-linux-gnu.so", buf, sizeof buf),
                     1);
    assert_string_equal(buf, "racy_global.c:bump");
}

/* Origin of a report's text, parsed. */
static int origin_of_text(const char *text, const char *module_file, char *buf, size_t len)
{
    struct ftf_report_list list;
    assert_true(ftf_report_parse(text, strlen(text), &list) >= 0);
    buf[0] = '\0';
    int found = ftf_module_origin(&list, module_file, buf, len);
    ftf_report_list_free(&list);
    return found;
}

/* A C++ module's race inside libstdc++'s inlined std::vector code (vector.tcc, stl_vector.h,
 * compiled into the module's binary): the origin is the module's innermost frame of its own
 * source, the same with the two racing stacks printed the other way round. */
static void inlined_headers_are_not_the_origin(void **state)
{
    (void)state;
    size_t n;
    char *text = load("tsan_cxx_vector.txt", &n);
    const char *so = "cxx_tally.cpython-313t-x86_64-linux-gnu.so";
    const char *want = "cxx_tally.cpp:(anonymous namespace)::tally_count(_object*, _object*)";
    char buf[512];
    assert_int_equal(origin_of_text(text, so, buf, sizeof buf), 1);
    assert_string_equal(buf, want);
    /* the other order: the "Previous read" stack first */
    char *prev = strstr(text, "  Previous read");
    char *rest = strstr(text, "  Location is");
    char *first = strstr(text, "  Write of size");
    assert_true(first && prev && rest && first < prev && prev < rest);
    char *swapped = malloc(n + 1);
    assert_non_null(swapped);
    size_t head = (size_t)(first - text), a = (size_t)(prev - first), b = (size_t)(rest - prev);
    memcpy(swapped, text, head);
    memcpy(swapped + head, prev, b);
    memcpy(swapped + head + b, first, a);
    strcpy(swapped + head + a + b, rest);
    assert_int_equal(origin_of_text(swapped, so, buf, sizeof buf), 1);
    assert_string_equal(buf, want);
    /* a package: the module's binaries, one a line */
    assert_int_equal(origin_of_text(text, "pkg_other.so\ncxx_tally.cpython-313t-x86_64-linux-gnu.so",
                                    buf, sizeof buf), 1);
    assert_string_equal(buf, want);
    assert_int_equal(origin_of_text(text, "pkg_other.so\ncxx_tally.so", buf, sizeof buf), 0);
    free(swapped);
    free(text);
}

/* A read through PyObject_Repr of memory another thread is re-allocating: the module held
 * the object without a reference, so it is the module's, though its frame is fourth. */
static void use_of_reused_memory_is_the_modules(void **state)
{
    (void)state;
    char buf[256];
    assert_int_equal(origin_of(FIXTURES "tsan_cpython_borrowed.txt", BORROWED_SO, buf,
                               sizeof buf),
                     1);
    assert_string_equal(buf, "borrowed.h:peek");
}

/* CPython's own race deep below the module's call stays CPython's. */
static void cpython_race_below_a_call_is_not(void **state)
{
    (void)state;
    char buf[256];
    assert_int_equal(origin_of(FIXTURES "tsan_cpython_odict_via_module.txt", BORROWED_SO, buf,
                               sizeof buf),
                     0);
}

/* The module only made the object CPython then raced on: its frame sits under
 * _PyLong_FromMedium < PyLong_FromLong on one side, and the other side is all CPython. */
static void object_made_by_the_module_is_not(void **state)
{
    (void)state;
    char buf[256];
    assert_int_equal(origin_of(FIXTURES "tsan_cpython_long_made_by_module.txt",
                               "locked_global.cpython-313t-x86_64-linux-gnu.so", buf, sizeof buf),
                     0);
}

/* A write by the module's deallocator (buffer_drop < buffer_dealloc < _Py_Dealloc) raced by
 * pickle.dumps reading the list that now occupies the freed block: the deallocator owned
 * its object, so the module is not to blame; the report stays CPython's finding. With the
 * module's own method on the other side (it used an object being destroyed) it is the
 * module's. */
static void deallocator_vs_reused_block_is_not(void **state)
{
    (void)state;
    char buf[256];
    const char *so = "locked_buffer.cpython-313t-x86_64-linux-gnu.so";
    assert_int_equal(origin_of(FIXTURES "tsan_dealloc_reused_block.txt", so, buf, sizeof buf), 0);
    assert_int_equal(origin_of(FIXTURES "tsan_dealloc_vs_module.txt", so, buf, sizeof buf), 1);
    assert_string_equal(buf, "buffer.h:buffer_push");
}

/* Another module, or none, is never named. */
static void other_modules_are_not_blamed(void **state)
{
    (void)state;
    char buf[256];
    assert_int_equal(origin_of(FIXTURES "tsan_cpython_borrowed.txt",
                               "racy_global.cpython-313t-x86_64-linux-gnu.so", buf, sizeof buf),
                     0);
    assert_int_equal(origin_of(FIXTURES "tsan_cpython_borrowed.txt", "", buf, sizeof buf), 0);
    assert_int_equal(origin_of(FIXTURES "tsan_cpython_rangeiter.txt", BORROWED_SO, buf,
                               sizeof buf),
                     0);
}

/* A crash is the module's when its faulting stack starts in the module's code. */
static void crash_in_module_is_the_modules(void **state)
{
    (void)state;
    size_t len;
    char *text = load("crash_in_module.txt", &len);
    const char *cstack = strstr(text, FTF_CRASH_C_STACK_HEADING);
    assert_non_null(cstack);
    struct ftf_stack st;
    assert_int_equal(ftf_stack_parse_crash(cstack, &st), 0);
    assert_string_equal(st.frames[0].function, "poke_null");
    char buf[256];
    assert_int_equal(ftf_module_origin_of_crash(&st, "crashy.cpython-313t-x86_64-linux-gnu.so",
                                                buf, sizeof buf), 1);
    assert_string_equal(buf, "crashy.c:poke_null");
    assert_int_equal(ftf_module_origin_of_crash(&st, BORROWED_SO, buf, sizeof buf), 0);
    assert_int_equal(ftf_module_origin_of_crash(&st, "", buf, sizeof buf), 0);
    ftf_stack_free(&st);
    free(text);
}

/* A module built into the executable is told by its sources: CPython's accumulate race in
 * itertoolsmodule.c is itertools', not _collections' nor an extension's. */
static void builtin_module_is_told_by_its_sources(void **state)
{
    (void)state;
    char patterns[512], buf[256];
    assert_true(ftf_stdlib_source_patterns("itertools", patterns, sizeof patterns) > 0);
    assert_int_equal(origin_of(FIXTURES "tsan_cpython_accumulate.txt", patterns, buf,
                               sizeof buf), 1);
    assert_string_equal(buf, "itertoolsmodule.c:accumulate_next");
    assert_true(ftf_stdlib_source_patterns("_collections", patterns, sizeof patterns) > 0);
    assert_int_equal(origin_of(FIXTURES "tsan_cpython_accumulate.txt", patterns, buf,
                               sizeof buf), 0);
    assert_int_equal(origin_of(FIXTURES "tsan_cpython_accumulate.txt", "ftfuzz", buf,
                               sizeof buf), 1); /* the executable's name: everything is */
}

/* A standard-library module is built in CPython's tree: a header of its Include/ inlined
 * into the module (PyList_SET_ITEM) is CPython's, and the origin is the module's caller. */
static void stdlib_inlined_header_is_not_the_origin(void **state)
{
    (void)state;
    char f0[] = "/b/src/Include/cpython/listobject.h", f1[] = "/b/src/Modules/_heapqmodule.c";
    char fn0[] = "PyList_SET_ITEM", fn1[] = "_heapq_heappushpop_impl";
    char so[] = "_heapq.cpython-313t-x86_64-linux-gnu.so";
    struct ftf_frame frames[2] = {{.index = 0, .function = fn0, .file = f0, .module = so},
                                  {.index = 1, .function = fn1, .file = f1, .module = so}};
    struct ftf_stack st = {.frames = frames, .n_frames = 2};
    char buf[256];
    assert_int_equal(ftf_module_origin_of_crash(&st, so, buf, sizeof buf), 1);
    assert_string_equal(buf, "_heapqmodule.c:_heapq_heappushpop_impl");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(direct_race_is_the_modules),
        cmocka_unit_test(inlined_headers_are_not_the_origin),
        cmocka_unit_test(use_of_reused_memory_is_the_modules),
        cmocka_unit_test(cpython_race_below_a_call_is_not),
        cmocka_unit_test(object_made_by_the_module_is_not),
        cmocka_unit_test(deallocator_vs_reused_block_is_not),
        cmocka_unit_test(other_modules_are_not_blamed),
        cmocka_unit_test(crash_in_module_is_the_modules),
        cmocka_unit_test(builtin_module_is_told_by_its_sources),
        cmocka_unit_test(stdlib_inlined_header_is_not_the_origin),
    };
    return cmocka_run_group_tests_name("origin", tests, NULL, NULL);
}
