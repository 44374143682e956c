/* test_gdb_stacks.c - a hang's running C threads are read off gdb's backtraces. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "gdb_stacks.h"

/* gdb -batch -ex "thread apply all bt" on a worker stuck in a stop-the-world pause: one
 * thread loops in C, the others wait in futexes and sleeps. */
static const char gdb_text[] =
    "Thread 3 (Thread 0x7f0000000700 (LWP 1236) \"ftfuzz\"):\n"
    "#0  0x00007f1234567890 in __futex_abstimed_wait_common64 (private=0) at ./nptl/futex-internal.c:57\n"
    "#1  0x00007f1234567891 in __GI___futex_abstimed_wait64 () at ./nptl/futex-internal.c:87\n"
    "\n"
    "Thread 2 (Thread 0x7f0000000600 (LWP 1235) \"ftfuzz\"):\n"
    "#0  odict_walk_list (od=0x7e0000001000) at Objects/odictobject.c:712\n"
    "#1  0x0000555555555555 in _PyEval_EvalFrameDefault () at Python/ceval.c:100\n"
    "\n"
    "Thread 1 (Thread 0x7f0000000500 (LWP 1234) \"ftfuzz\"):\n"
    "#0  0x00007f1234560000 in clock_nanosleep@GLIBC_2.2.5 () from /lib/libc.so.6\n"
    "#1  0x00007f1234560001 in usleep () from /lib/libc.so.6\n"
    "Thread 4 (Thread 0x7f0000000800 (LWP 1237) \"ftfuzz\"):\n"
    "#0  0x0000555555550000 in spin_in_c (n=3) at racy.c:10\n";

static void test_only_running_threads_are_named(void **state)
{
    (void)state;
    char *out = ftf_gdb_running_frames(gdb_text);
    assert_non_null(out);
    assert_string_equal(out, "Thread running in C (most recent call first):\n"
                             "  File \"<C>\", line 0 in odict_walk_list\n"
                             "Thread running in C (most recent call first):\n"
                             "  File \"<C>\", line 0 in spin_in_c\n");
    free(out);
}

static void test_waiting_or_empty_gives_nothing(void **state)
{
    (void)state;
    const char *inputs[] = {"", "no frames\n", "#0  \n",
                            "#0  0x1 in syscall () from libc\n#0  pthread_cond_wait ()\n"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char *out = ftf_gdb_running_frames(inputs[i]);
        assert_non_null(out);
        assert_string_equal(out, "");
        free(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_only_running_threads_are_named),
        cmocka_unit_test(test_waiting_or_empty_gives_nothing),
    };
    return cmocka_run_group_tests_name("gdb_stacks", tests, NULL, NULL);
}
