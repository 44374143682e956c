/* test_minimize_queue.c - the order in which a campaign minimises its bugs, and the bugs it
 * leaves out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "minimize_queue.h"

#define N_BUGS 8

static struct ftf_known_entry a_known_entry;

/* A list in ftf_bug_list_group's order (crashes first, then by hits), each bug named by its
 * index: the queue may only take 1 (a recurring crash), 6 and 7 (new races), then 0 (a crash
 * seen once). */
static void make_list(struct ftf_bug *v, struct ftf_bug_list *list)
{
    memset(v, 0, N_BUGS * sizeof *v);
    const enum ftf_finding_kind kind[N_BUGS] = {
        FTF_FINDING_CRASH, FTF_FINDING_CRASH, FTF_FINDING_RACE, FTF_FINDING_RACE,
        FTF_FINDING_HANG,  FTF_FINDING_RACE,  FTF_FINDING_RACE, FTF_FINDING_RACE};
    const long long hits[N_BUGS] = {1, 3, 40, 30, 20, 12, 9, 1};
    for (unsigned i = 0; i < N_BUGS; i++) {
        v[i].key.kind = kind[i];
        snprintf(v[i].key.id, sizeof v[i].key.id, "%016u", i);
        v[i].hits = hits[i];
        v[i].origin = "cpython";
    }
    v[2].known = &a_known_entry; /* a known bug */
    v[3].after_fault = true;    /* seen only after a crash in its runs */
    v[5].minimised = true;      /* done already */
    v[6].origin = "racy.c:bump"; /* the user's module's own */
    list->v = v;
    list->n = N_BUGS;
}

/* A bug list and the ids the queue picked from it so far. */
struct queue {
    struct ftf_bug v[N_BUGS];
    struct ftf_bug_list list;
    char tried[N_BUGS][17];
};

static int pick(const struct ftf_bug_list *list, int module_only, char (*tried)[17],
                size_t *n_tried)
{
    const struct ftf_bug *b = ftf_minimize_queue_pick(
        list, module_only, &(struct ftf_tried_bugs){(const char (*)[17])tried, *n_tried});
    if (!b)
        return -1;
    snprintf(tried[(*n_tried)++], 17, "%s", b->key.id);
    return (int)(b - list->v);
}

static void test_order_and_leftouts(void **state)
{
    (void)state;
    struct queue q;
    make_list(q.v, &q.list);
    struct ftf_bug *v = q.v;
    struct ftf_bug_list list = q.list;
    char (*tried)[17] = q.tried;
    size_t n = 0;
    assert_int_equal(pick(&list, 0, tried, &n), 1);
    assert_int_equal(pick(&list, 0, tried, &n), 6);
    assert_int_equal(pick(&list, 0, tried, &n), 7);
    assert_int_equal(pick(&list, 0, tried, &n), 0);
    assert_int_equal(pick(&list, 0, tried, &n), -1);
    /* A crash seen once still comes first when nothing else is left. */
    v[7].key.kind = FTF_FINDING_OOM;
    n = 0;
    snprintf(tried[n++], 17, "%s", v[1].key.id);
    snprintf(tried[n++], 17, "%s", v[6].key.id);
    assert_int_equal(pick(&list, 0, tried, &n), 0);
}

static void test_module_only(void **state)
{
    (void)state;
    struct queue q;
    make_list(q.v, &q.list);
    struct ftf_bug_list list = q.list;
    char (*tried)[17] = q.tried;
    size_t n = 0;
    assert_int_equal(pick(&list, 1, tried, &n), 6);
    assert_int_equal(pick(&list, 1, tried, &n), -1);
    /* Nothing at all. */
    list.n = 0;
    assert_int_equal(pick(&list, 0, tried, &n), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_and_leftouts),
        cmocka_unit_test(test_module_only),
    };
    return cmocka_run_group_tests_name("minimize_queue", tests, NULL, NULL);
}
