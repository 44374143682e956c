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
 * and corpus/regression/racy_global_bump/report.txt, the racy_global fixture's race.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include "origin.h"

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

/* The module's own frame on top of both stacks. */
static void direct_race_is_the_modules(void **state)
{
    (void)state;
    char buf[256];
    assert_int_equal(origin_of("corpus/regression/racy_global_bump/report.txt",
                               "racy_global.cpython-313t-x86_64-linux-gnu.so", buf, sizeof buf),
                     1);
    assert_string_equal(buf, "racy_global.c:total");
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(direct_race_is_the_modules),
        cmocka_unit_test(use_of_reused_memory_is_the_modules),
        cmocka_unit_test(cpython_race_below_a_call_is_not),
        cmocka_unit_test(object_made_by_the_module_is_not),
        cmocka_unit_test(other_modules_are_not_blamed),
    };
    return cmocka_run_group_tests_name("origin", tests, NULL, NULL);
}
