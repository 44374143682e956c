/* test_probe_file.c - probe.txt written by the probe child reads back into the same masks
 * in a worker, by name, whatever it does not name unknown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "probe_file.h"
#include "value_kinds.h"

static const struct ftf_module_desc mod = {
    .name = "m",
    .n_entries = 5,
    .entries = {{"add", 0, -1, 1, 1}, {"Buf", 1, -1, 0, 0}, {"put", 0, 1, 1, 1},
                {"absorb", 0, 1, 1, 1}, {"name", 0, -1, 1, 1}},
};

static void masks_round_trip(void **state)
{
    (void)state;
    const uint32_t want[5] = {(1u << FTF_VK_INT) | (1u << FTF_VK_BOOL), FTF_VK_ALL,
                              1u << FTF_VK_INT, 0, FTF_VK_ALL};
    size_t len = 0;
    char *text = ftf_probe_file_format(&mod, want, &len);
    assert_non_null(text);
    assert_int_equal(len, strlen(text));
    assert_non_null(strstr(text, "\nadd int,bool\nBuf.put int\nBuf.absorb none\nname all\n"));
    uint32_t got[5];
    assert_int_equal(ftf_probe_file_parse(text, &mod, got, 5), 3);
    assert_memory_equal(got, want, sizeof want);
    free(text);
}

/* Another module's file, unknown kinds, a torn last line: what is not read is unknown. */
static void unread_lines_are_unknown(void **state)
{
    (void)state;
    uint32_t got[5];
    const char *text = "# comment put int\nput int\nBuf.put int,nope\nname str\nadd in";
    assert_int_equal(ftf_probe_file_parse(text, &mod, got, 5), 1);
    assert_int_equal(got[4], 1u << FTF_VK_STR);
    assert_int_equal(got[0], FTF_VK_ALL);
    assert_int_equal(got[2], FTF_VK_ALL);
    assert_int_equal(ftf_probe_file_parse("", &mod, got, 5), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(masks_round_trip),
        cmocka_unit_test(unread_lines_are_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
