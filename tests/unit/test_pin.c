/* test_pin.c - the pinned overlap: IR round trip, bookkeeping, rendering and naming the
 * racing ops from real TSan reports (both stack orders). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "codec.h"
#include "minimize.h"
#include "ops.h"
#include "racing_ops.h"
#include "render.h"
#include "report.h"
#include "test_util.h"

/* Two threads on one shared OrderedDict and one list: t0 appends then sets a key, t1
 * pops then sets a key; t0's op 1 and t1's op 1 are the pinned pair. */
static void two_threads(struct ftf_program *p)
{
    memset(p, 0, sizeof *p);
    p->n_objs = 2;
    p->objs[0].kind = (uint8_t)ftf_kind_by_name("ODICT");
    p->objs[1].kind = (uint8_t)ftf_kind_by_name("LIST");
    p->n_threads = 2;
    const char *rows[2][2] = {{"APPEND", "DICT_SET"}, {"POP", "DICT_SET"}};
    for (unsigned t = 0; t < 2; t++) {
        p->threads[t].iters = 100;
        p->threads[t].n_ops = 2;
        for (unsigned k = 0; k < 2; k++) {
            int code = ftf_op_by_name(rows[t][k]);
            assert_true(code >= 0);
            p->threads[t].ops[k].code = (uint16_t)code;
            p->threads[t].ops[k].obj = k == 0 ? 1 : 0;
            p->threads[t].ops[k].arg = (uint8_t)t;
        }
    }
    /* The canonical form, as the decoder gives it (fields a row does not use are 0). */
    uint8_t buf[FTF_ENCODED_MAX];
    size_t n = ftf_encode(p, buf, sizeof buf);
    ftf_decode(buf, n, NULL, p);
    assert_int_equal(p->threads[0].ops[1].code, ftf_op_by_name("DICT_SET"));
    assert_int_equal(p->threads[1].ops[0].code, ftf_op_by_name("POP"));
}

static void pin(struct ftf_program *p, unsigned ta, unsigned ka, unsigned tb, unsigned kb,
                unsigned every)
{
    p->pin = (struct ftf_pin){1, {(uint8_t)ta, (uint8_t)tb}, {(uint8_t)ka, (uint8_t)kb},
                              (uint8_t)every};
}

static void test_round_trip_pinned(void **state)
{
    (void)state;
    struct ftf_program p, q, plain;
    two_threads(&plain);
    uint8_t buf[FTF_ENCODED_MAX], pbuf[FTF_ENCODED_MAX];
    size_t n_plain = ftf_encode(&plain, pbuf, sizeof pbuf);
    for (unsigned every = 0; every < 2; every++)
        for (unsigned order = 0; order < 2; order++) {
            p = plain;
            if (order)
                pin(&p, 1, 0, 0, 1, every);
            else
                pin(&p, 0, 1, 1, 1, every);
            assert_true(ftf_pin_valid(&p));
            size_t n = ftf_encode(&p, buf, sizeof buf);
            assert_int_equal(n, n_plain + 6); /* on, two threads, two ops, every */
            ftf_decode(buf, n, NULL, &q);
            assert_true(ftf_program_equal(&p, &q));
            assert_true(ftf_decodable(&p, NULL));
            assert_int_equal(q.pin.every, every);
        }
    /* An unpinned program encodes as before pins existed, and a pin changes equality. */
    ftf_decode(pbuf, n_plain, NULL, &q);
    assert_false(q.pin.on);
    assert_true(ftf_program_equal(&plain, &q));
    p = plain;
    pin(&p, 0, 1, 1, 1, 0);
    assert_false(ftf_program_equal(&p, &plain));
    /* Random programs with random pins round-trip too. */
    uint32_t x = 12345;
    for (int i = 0; i < 2000; i++) {
        uint8_t in[600];
        for (size_t j = 0; j < sizeof in; j++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            in[j] = (uint8_t)x;
        }
        ftf_decode(in, sizeof in, NULL, &p);
        unsigned tb = 1 + x % (p.n_threads - 1u);
        pin(&p, 0, x % p.threads[0].n_ops, tb, (x >> 8) % p.threads[tb].n_ops, x & 1);
        size_t n = ftf_encode(&p, buf, sizeof buf);
        ftf_decode(buf, n, NULL, &q);
        assert_true(ftf_program_equal(&p, &q));
    }
}

static void test_pin_bookkeeping(void **state)
{
    (void)state;
    struct ftf_program p;
    two_threads(&p);
    pin(&p, 0, 1, 1, 1, 0);
    assert_int_equal(ftf_pin_side(&p, 0, 1), 0);
    assert_int_equal(ftf_pin_side(&p, 1, 1), 1);
    assert_int_equal(ftf_pin_side(&p, 0, 0), -1);
    /* An op before a pinned one goes: the pinned index moves down. */
    ftf_pin_ops_removed(&p, 0, 0, 1);
    assert_int_equal(p.pin.op[0], 0);
    assert_true(p.pin.on);
    /* The pinned op itself goes: so does the pin. */
    ftf_pin_ops_removed(&p, 1, 1, 1);
    assert_false(p.pin.on);
    two_threads(&p);
    p.n_threads = 3;
    p.threads[2] = p.threads[1];
    pin(&p, 0, 0, 2, 1, 0);
    ftf_pin_thread_removed(&p, 1); /* a later side's thread index moves down */
    assert_int_equal(p.pin.thread[1], 1);
    ftf_pin_thread_removed(&p, 0);
    assert_false(p.pin.on);
}

static void test_candidates_same_object_first(void **state)
{
    (void)state;
    struct ftf_program p, out[16];
    two_threads(&p);
    size_t n = ftf_pin_candidates(&p, out, 16);
    assert_int_equal(n, 8); /* 2 x 2 pairs, once and every iteration */
    for (size_t i = 0; i < 4; i++) { /* the two same-object pairs come first */
        const struct ftf_op *a = &p.threads[out[i].pin.thread[0]].ops[out[i].pin.op[0]];
        const struct ftf_op *b = &p.threads[out[i].pin.thread[1]].ops[out[i].pin.op[1]];
        assert_int_equal(a->obj, b->obj);
        assert_int_equal(out[i].pin.every, i & 1);
    }
    p.pin = out[0].pin;
    assert_int_equal(ftf_pin_candidates(&p, out, 16), 7); /* its own pin is not repeated */
}

static void test_render_pinned(void **state)
{
    (void)state;
    struct ftf_program p;
    two_threads(&p);
    pin(&p, 0, 1, 1, 1, 0);
    struct ftf_render_map map;
    char *h = ftf_render_mapped(&p, FTF_RENDER_HARNESS, NULL, NULL, &map);
    assert_non_null(h);
    /* One line, so that a pinned two-op race stays a short report. */
    assert_non_null(strstr(h, "        if _i == 0: _fm(0, 0)  # the pinned overlap"));
    assert_non_null(strstr(h, "        if _i == 0: _fm(1, 0)  # the pinned overlap"));
    assert_non_null(strstr(h, "_fmd(side)  # no more meetings on this side"));
    assert_non_null(strstr(h, "THREADS = [_in_line(0, _pinned(t0, 0)), _in_line(1, _pinned(t1, 1))]"));
    assert_non_null(strstr(h, "_fmr()\n"));
    /* The map's line of t0's op 1 is its statement, right after the meeting. */
    char line[256];
    const char *s = h;
    for (unsigned i = 1; i < map.line[0][1]; i++)
        s = strchr(s, '\n') + 1;
    snprintf(line, sizeof line, "%.*s", (int)strcspn(s, "\n"), s);
    assert_non_null(strstr(line, "S0["));
    assert_non_null(strstr(s - 90, "_fm(0, 0)  # the pinned overlap"));
    free(h);
    /* The standalone fallback spins on attributes: no Lock, no Event in it. */
    char *r = ftf_racing_ops_render_repro(&p, NULL);
    assert_non_null(r);
    const char *fb = strstr(r, "except ImportError:  # standalone: the rendezvous");
    assert_non_null(fb);
    const char *fb_end = strstr(fb, "_fmr()\n");
    assert_non_null(fb_end);
    char fallback[2048];
    snprintf(fallback, sizeof fallback, "%.*s", (int)(fb_end - fb), fb);
    assert_null(strstr(fallback, "Lock"));
    assert_null(strstr(fallback, "Event"));
    assert_non_null(strstr(r, "# Race: thread 0, line "));
    free(r);
    /* Every iteration: an unconditional meeting numbered by the iteration. */
    p.pin.every = 1;
    h = ftf_render(&p, FTF_RENDER_HARNESS, NULL);
    assert_non_null(strstr(h, "        _fm(1, _i)"));
    free(h);
    /* No pin: none of it. */
    p.pin.on = 0;
    h = ftf_render(&p, FTF_RENDER_STANDALONE, NULL);
    assert_null(strstr(h, "_fm"));
    free(h);
}

/* The pair's sentence names each op's thread, repro.py line and statement. */
static void test_describe(void **state)
{
    (void)state;
    struct ftf_program p;
    two_threads(&p);
    pin(&p, 0, 1, 1, 1, 0);
    char buf[512];
    assert_int_equal(ftf_racing_ops_of_pin(&p, NULL, buf, sizeof buf), 0);
    struct ftf_render_map map;
    char *r = ftf_render_mapped(&p, FTF_RENDER_STANDALONE, NULL, buf, &map);
    char want[64];
    snprintf(want, sizeof want, "thread 0, line %u `S0[", map.line[0][1]);
    assert_non_null(strstr(buf, want));
    snprintf(want, sizeof want, "races with thread 1, line %u `S0[", map.line[1][1]);
    assert_non_null(strstr(buf, want));
    /* The note does not move the lines it names. */
    struct ftf_render_map map2;
    char *r2 = ftf_render_mapped(&p, FTF_RENDER_STANDALONE, NULL, NULL, &map2);
    assert_memory_equal(&map, &map2, sizeof map);
    free(r);
    free(r2);
    p.pin.on = 0;
    assert_int_equal(ftf_racing_ops_of_pin(&p, NULL, buf, sizeof buf), -1);
    assert_string_equal(buf, "");
}

/* A real report: which program thread each access stack belongs to. */
static void map_threads(const char *fixture, const char *threads, int want0, int want1)
{
    size_t len;
    char *text = fixture[0] == '/' || !strncmp(fixture, "corpus", 6) ? NULL : load(fixture, &len);
    if (!text) {
        FILE *f = fopen(fixture, "rb");
        assert_non_null(f);
        text = calloc(1, 1 << 20);
        len = fread(text, 1, (1 << 20) - 1, f);
        fclose(f);
    }
    struct ftf_report_list list;
    assert_int_equal(ftf_report_parse(text, len, &list), 0);
    assert_true(list.n >= 1);
    unsigned t[2];
    int rc = ftf_racing_threads(&list.reports[0], threads, t);
    if (want0 < 0) {
        assert_int_equal(rc, -1);
    } else {
        assert_int_equal(rc, 0);
        assert_int_equal(t[0], want0);
        assert_int_equal(t[1], want1);
    }
    ftf_report_list_free(&list);
    free(text);
}

static void test_stacks_to_threads_both_orders(void **state)
{
    (void)state;
    /* Write by T1 (tid 11534), previous read by T2 (tid 11535). */
    map_threads("tsan_race_heap.txt", "t0=11534 t1=11535", 0, 1);
    map_threads("tsan_race_heap.txt", "t0=11535 t1=11534", 1, 0);
    /* The same race the other way round: read by T2 (tid 30855), write by T1 (30854). */
    map_threads("tsan_race_heap_swapped.txt", "t0=30854 t1=30855", 1, 0);
    map_threads("tsan_race_heap_swapped.txt", "t1=30854 t0=30855", 0, 1);
    /* A CPython race from a real campaign: read by T2 (tid 10473), write by T1 (10472). */
    map_threads("corpus/regression/cpython_odict_add_tail/report.txt",
                "t0=10472 t1=10473", 1, 0);
    /* A tid the run does not know, or no threads at all: not known. */
    map_threads("tsan_race_heap.txt", "t0=1 t1=2", -1, -1);
    map_threads("tsan_race_heap.txt", "", -1, -1);
}

static void test_ops_from_report(void **state)
{
    (void)state;
    size_t len;
    char *text = load("tsan_race_heap_swapped.txt", &len);
    struct ftf_program p;
    two_threads(&p);
    char buf[512], want[512];
    /* Two ops per thread and no pin: the thread is known, its op is not. */
    assert_int_equal(ftf_racing_ops_from_report(&p, NULL, text, "t0=30854 t1=30855", buf,
                                                sizeof buf), -1);
    /* Pinned: the access stack (t1) comes first. */
    pin(&p, 0, 1, 1, 1, 0);
    assert_int_equal(ftf_racing_ops_from_report(&p, NULL, text, "t0=30854 t1=30855", buf,
                                                sizeof buf), 0);
    assert_int_equal(ftf_racing_ops_describe(&p, NULL, (struct ftf_op_ref){1, 1},
                                             (struct ftf_op_ref){0, 1}, want, sizeof want), 0);
    assert_string_equal(buf, want);
    assert_int_equal(strncmp(buf, "thread 1, line ", 15), 0);
    /* One op per thread: the only op, no pin needed. */
    p.pin.on = 0;
    for (unsigned t = 0; t < 2; t++) {
        p.threads[t].ops[0] = p.threads[t].ops[1];
        p.threads[t].n_ops = 1;
    }
    assert_int_equal(ftf_racing_ops_from_report(&p, NULL, text, "t0=30855 t1=30854", buf,
                                                sizeof buf), 0);
    assert_int_equal(strncmp(buf, "thread 0, line ", 15), 0);
    free(text);
}

/* A real CPython report (corpus/regression/cpython_odict_add_tail: access by T2, tid 10473;
 * previous access by T1, tid 10472) and a program of n threads on one OrderedDict, each
 * thread two ops, LEN and SETDEFAULT in turns (t0: LEN, SETDEFAULT; t1: SETDEFAULT, LEN;
 * ...). The caller frees the text. */
static char *odict_report(unsigned n, struct ftf_program *p)
{
    FILE *f = fopen("corpus/regression/cpython_odict_add_tail/report.txt", "rb");
    assert_non_null(f);
    char *text = calloc(1, 1 << 20);
    assert_non_null(text);
    size_t len = fread(text, 1, (1 << 20) - 1, f);
    fclose(f);
    text[len] = '\0';
    memset(p, 0, sizeof *p);
    p->n_objs = 1;
    p->objs[0].kind = (uint8_t)ftf_kind_by_name("ODICT");
    p->n_threads = (uint8_t)n;
    const char *rows[2] = {"LEN", "DICT_SETDEFAULT"};
    for (unsigned t = 0; t < n; t++) {
        p->threads[t].iters = 10;
        p->threads[t].n_ops = 2;
        for (unsigned k = 0; k < 2; k++)
            p->threads[t].ops[k].code = (uint16_t)ftf_op_by_name(rows[(k + t) % 2]);
    }
    return text;
}

/* A thread of several ops and no pin: the op whose statement's names the stack's frames
 * carry (OrderedDict_setdefault for `S0.setdefault(...)`), on a real CPython report. */
static void test_op_by_frame_names(void **state)
{
    (void)state;
    struct ftf_program p;
    char *text = odict_report(2, &p);
    char buf[512];
    /* Access by T2 (tid 10473) = program thread 1, previous by T1 (10472) = thread 0. */
    assert_int_equal(ftf_racing_ops_from_report(&p, NULL, text, "t0=10472 t1=10473", buf,
                                                sizeof buf), 0);
    assert_non_null(strstr(buf, "thread 1, line "));
    assert_non_null(strstr(buf, "`S0.setdefault("));
    assert_null(strstr(buf, "len(S0)"));
    assert_non_null(strstr(buf, "races with thread 0, line "));
    free(text);
}

/* The report's pair as threads and ops: the frame names find the op of a thread of two, and
 * a report whose frames name neither op leaves the ops unknown but still gives the threads. */
static void test_pair_from_report(void **state)
{
    (void)state;
    struct ftf_program p;
    char *text = odict_report(3, &p);
    size_t len;
    unsigned t[2];
    int k[2];
    /* Access by T2 (tid 10473), previous access by T1 (10472). */
    assert_int_equal(ftf_racing_pair_from_report(&p, NULL, text, "t0=9 t1=10472 t2=10473", t,
                                                 k), 0);
    assert_int_equal(t[0], 2);
    assert_int_equal(k[0], 1); /* t2: LEN, SETDEFAULT */
    assert_int_equal(t[1], 1);
    assert_int_equal(k[1], 0);
    /* A tid the run does not list: not known. */
    assert_int_equal(ftf_racing_pair_from_report(&p, NULL, text, "t0=1 t1=2", t, k), -1);
    free(text);

    text = load("tsan_race_heap_swapped.txt", &len);
    two_threads(&p);
    assert_int_equal(ftf_racing_pair_from_report(&p, NULL, text, "t0=30854 t1=30855", t, k), 0);
    assert_int_equal(t[0], 1);
    assert_int_equal(t[1], 0);
    assert_int_equal(k[0], -1);
    assert_int_equal(k[1], -1);
    /* An exception's text is no race report. */
    assert_int_equal(ftf_racing_pair_from_report(&p, NULL, "RuntimeError: x\n", "t0=1 t1=2",
                                                 t, k), -1);
    free(text);
}

/* two_threads with a third thread (a copy of thread 0) in front: the pair is threads 2 and 1. */
static void three_threads(struct ftf_program *p)
{
    two_threads(p);
    p->threads[2] = p->threads[1];
    p->threads[1] = p->threads[0];
    p->n_threads = 3;
}

static void test_pair_candidates(void **state)
{
    (void)state;
    struct ftf_program p, out[3];
    three_threads(&p);
    /* Thread 2's op 1 (the access) against thread 1's op 1: both DICT_SET on the odict. */
    const unsigned pair[2] = {2, 1};
    const int ops[2] = {1, 1};
    assert_int_equal(ftf_pair_candidates(&p, pair, ops, out, 3), 3);
    /* First: the two threads in program order, one op each, the unused list dropped. */
    assert_int_equal(out[0].n_threads, 2);
    assert_int_equal(out[0].n_objs, 1);
    assert_int_equal(out[0].objs[0].kind, ftf_kind_by_name("ODICT"));
    for (unsigned t = 0; t < 2; t++) {
        assert_int_equal(out[0].threads[t].n_ops, 1);
        assert_int_equal(out[0].threads[t].ops[0].code, ftf_op_by_name("DICT_SET"));
        assert_int_equal(out[0].threads[t].ops[0].obj, 0);
        assert_int_equal(out[0].threads[t].iters, 100);
    }
    assert_int_equal(out[0].threads[0].ops[0].arg, 0); /* thread 1 was thread 0's copy */
    assert_int_equal(out[0].threads[1].ops[0].arg, 1);
    assert_false(out[0].pin.on);
    /* Then the same, meeting before every iteration, then both threads whole. */
    assert_true(ftf_pin_valid(&out[1]));
    assert_int_equal(out[1].pin.every, 1);
    out[1].pin = out[0].pin;
    assert_true(ftf_program_equal(&out[0], &out[1]));
    assert_int_equal(out[2].n_threads, 2);
    assert_int_equal(out[2].n_objs, 2);
    assert_int_equal(ftf_program_op_count(&out[2]), 4);
    for (unsigned i = 0; i < 3; i++)
        assert_true(ftf_decodable(&out[i], NULL));
    /* Ops not known: only the whole threads. The same thread twice, or one p lacks: none. */
    const int unknown[2] = {-1, -1};
    assert_int_equal(ftf_pair_candidates(&p, pair, unknown, out, 3), 1);
    assert_int_equal(ftf_program_op_count(&out[0]), 4);
    const unsigned same[2] = {1, 1}, outside[2] = {0, 3};
    assert_int_equal(ftf_pair_candidates(&p, same, ops, out, 3), 0);
    assert_int_equal(ftf_pair_candidates(&p, outside, ops, out, 3), 0);
    /* A two-thread program whose ops are unknown: its whole threads are the program itself. */
    two_threads(&p);
    const unsigned both[2] = {0, 1};
    assert_int_equal(ftf_pair_candidates(&p, both, unknown, out, 3), 0);
}

/* An oracle that reproduces only pinned programs, and counts what it is given. */
static int pinned_only(const struct ftf_program *cand, void *ctx)
{
    (*(unsigned *)ctx)++;
    return cand->pin.on;
}

static int never(const struct ftf_program *cand, void *ctx)
{
    (void)cand;
    (*(unsigned *)ctx)++;
    return 0;
}

static void test_minimize_to_pair(void **state)
{
    (void)state;
    struct ftf_program p, orig;
    three_threads(&p);
    orig = p;
    const unsigned pair[2] = {2, 1};
    const int ops[2] = {1, 1};
    struct ftf_min_stats st;
    unsigned calls = 0;
    assert_int_equal(ftf_minimize_to_pair(&p, NULL, pair, ops, pinned_only, &calls, &st), 1);
    assert_int_equal(calls, 2); /* the free pair first, then the pinned one, kept */
    assert_int_equal(st.tried, 2);
    assert_int_equal(st.ops_before, 6);
    assert_int_equal(st.ops_after, 2);
    assert_true(p.pin.on);
    /* Nothing reproduces: the program stays as it was, after all three. */
    p = orig;
    calls = 0;
    assert_int_equal(ftf_minimize_to_pair(&p, NULL, pair, ops, never, &calls, &st), 0);
    assert_int_equal(calls, 3);
    assert_true(ftf_program_equal(&p, &orig));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_pinned),
        cmocka_unit_test(test_pin_bookkeeping),
        cmocka_unit_test(test_candidates_same_object_first),
        cmocka_unit_test(test_render_pinned),
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_stacks_to_threads_both_orders),
        cmocka_unit_test(test_ops_from_report),
        cmocka_unit_test(test_op_by_frame_names),
        cmocka_unit_test(test_pair_from_report),
        cmocka_unit_test(test_pair_candidates),
        cmocka_unit_test(test_minimize_to_pair),
    };
    return cmocka_run_group_tests_name("pin", tests, NULL, NULL);
}
