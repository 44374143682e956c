/* test_render.c - rendered programs: golden text, determinism, valid Python, the oracle. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "codec.h"
#include "ops.h"
#include "render.h"
#include "render_parts.h"

#ifndef GOLDEN_DIR
#define GOLDEN_DIR "tests/unit/golden"
#endif

static uint64_t rng_state;

static uint64_t rng(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static void random_program(struct ftf_program *p, int has_module)
{
    uint8_t buf[1500];
    size_t n = (size_t)(rng() % sizeof buf);
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)rng();
    struct ftf_limits lim = {.has_module = (uint8_t)has_module};
    ftf_decode(buf, n, &lim, p);
}

/* ---- hand-built programs ---------------------------------------------------------------- */

static void add_obj(struct ftf_program *p, enum ftf_kind kind, unsigned variant, unsigned source)
{
    struct ftf_object *o = &p->objs[p->n_objs++];
    o->kind = (uint8_t)kind;
    o->variant = (uint8_t)variant;
    o->source = (uint8_t)source;
}

static struct ftf_op *add_op(struct ftf_program *p, unsigned t, const char *name, unsigned obj)
{
    int code = ftf_op_by_name(name);
    if (code < 0)
        fail_msg("no op %s", name);
    if (p->n_threads <= t)
        p->n_threads = (uint8_t)(t + 1);
    struct ftf_thread *th = &p->threads[t];
    if (!th->iters)
        th->iters = 100;
    struct ftf_op *op = &th->ops[th->n_ops++];
    memset(op, 0, sizeof *op);
    op->code = (uint16_t)code;
    op->obj = (uint8_t)obj;
    return op;
}

/* Two threads over a list (append/pop), a dict (token set/pop by key) and an iterator. */
static void golden_program(struct ftf_program *p)
{
    memset(p, 0, sizeof *p);
    add_obj(p, FTF_K_LIST, 2, 0);
    add_obj(p, FTF_K_DICT, 1, 0);
    add_obj(p, FTF_K_ITER, FTF_FLAV_ENUMERATE * FTF_ITER_VIEWS, 0);
    add_obj(p, FTF_K_GLOBAL, 0, 0);
    struct ftf_op *op = add_op(p, 0, "APPEND", 0);
    op->arg = 1;
    op->sched = FTF_SCHED_YIELD;
    add_op(p, 0, "DICT_SET_TOKEN", 1)->arg = 3;
    add_op(p, 0, "ITER_NEXT", 2);
    add_op(p, 0, "GLOBAL_INC", 3);
    op = add_op(p, 1, "POP", 0);
    op->sched = FTF_SCHED_SPIN;
    op->sched_arg = 2;
    add_op(p, 1, "DICT_POP", 1)->arg = 0;
    op = add_op(p, 1, "EXTEND", 0);
    op->obj2 = 2; /* reads through an iterator: EXTEND mutates S0, so S0 is unchecked */
    op->sched = FTF_SCHED_SLEEP;
    op->sched_arg = 4;
    p->threads[1].iters = 20;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}

/* 1 when text matches the golden file. FTF_UPDATE_GOLDEN=1 rewrites the file instead of
 * comparing; review the diff. */
static int check_golden(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", GOLDEN_DIR, name);
    if (getenv("FTF_UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
        return 1;
    }
    char *want = read_file(path);
    if (!want) {
        fprintf(stderr, "missing golden file %s (run with FTF_UPDATE_GOLDEN=1)\n", path);
        return 0;
    }
    int ok = strcmp(want, text) == 0;
    if (!ok) {
        size_t i = 0;
        while (want[i] && want[i] == text[i])
            i++;
        fprintf(stderr, "golden %s differs at byte %zu:\n--- want\n%.200s\n--- got\n%.200s\n",
                name, i, want + i, text + i);
    }
    free(want);
    return ok;
}

static void test_golden(void **state)
{
    (void)state;
    struct ftf_program p;
    golden_program(&p);
    char *s = ftf_render(&p, FTF_RENDER_STANDALONE, NULL);
    assert_non_null(s);
    int ok = check_golden("render_standalone.py", s);
    free(s);
    assert_true(ok);

    /* A module object, its method and a module function. */
    static const struct ftf_module_desc mod = {
        .name = "spam",
        .n_entries = 3,
        .entries = {{"Eggs", 1, -1, 0, 0}, {"fry", 0, 0, 1, 2}, {"boil", 0, -1, 0, 1}},
    };
    memset(&p, 0, sizeof p);
    p.has_module = 1;
    add_obj(&p, FTF_K_MODOBJ, 0, 0);
    add_obj(&p, FTF_K_LIST, 0, 0);
    struct ftf_op *op = add_op(&p, 0, "MOD_METHOD", 0);
    op->arg2 = 0x29; /* 2 args: S1 first, then pool value 3 (None) */
    op->obj2 = 1;
    add_op(&p, 1, "MOD_CALL", 1)->arg2 = 0x01;
    add_op(&p, 1, "RECREATE", 0);
    s = ftf_render(&p, FTF_RENDER_HARNESS, &mod);
    assert_non_null(s);
    ok = check_golden("render_module.py", s);
    free(s);
    assert_true(ok);

    /* repro.py of a module: it says which PYTHONPATH it needs and adds the directory it
     * was fuzzed from; run as a script it keeps the GIL off (PYTHON_GIL=0, re-executing),
     * before the import. A path Python cannot take as a plain literal is only named. */
    struct ftf_module_desc with_path = mod;
    with_path.path = "/opt/myext/build";
    s = ftf_render(&p, FTF_RENDER_STANDALONE, &with_path);
    assert_non_null(s);
    assert_non_null(strstr(s, "PYTHON_GIL=0 python3.13t repro.py"));
    assert_non_null(strstr(s, "# spam must be importable: PYTHONPATH=DIR"));
    const char *insert = strstr(s, "sys.path.insert(0, '/opt/myext/build')");
    const char *reexec = strstr(s, "os.execv(sys.executable");
    const char *import = strstr(s, "\nimport spam\n");
    assert_true(insert && reexec && import && insert < import && reexec < import);
    free(s);
    with_path.path = "/tmp/it's";
    s = ftf_render(&p, FTF_RENDER_STANDALONE, &with_path);
    assert_non_null(s);
    assert_null(strstr(s, "sys.path.insert"));
    assert_non_null(strstr(s, "os.execv(sys.executable"));
    free(s);
}

/* A spec beside introspection (runner/introspect.py describe_module): the spec's own
 * entries, then the module's by the name the spec imports it under ("spam.Eggs"), all
 * reached through the spec module. A dotted method name is never called. */
static void test_spec_with_introspection(void **state)
{
    (void)state;
    static const struct ftf_module_desc mod = {
        .name = "spam_spec",
        .n_entries = 6,
        .entries = {{"Shared", 1, -1, 0, 0}, {"poke", 0, 0, 0, 0}, {"spam.Eggs", 1, -1, 0, 0},
                    {"fry", 0, 2, 0, 0}, {"x.fry", 0, 2, 0, 0}, {"spam.boil", 0, -1, 0, 0}},
    };
    assert_true(ftf_render_entry_ok(&mod.entries[2]));
    assert_false(ftf_render_entry_ok(&mod.entries[4]));
    struct ftf_program p;
    memset(&p, 0, sizeof p);
    p.has_module = 1;
    add_obj(&p, FTF_K_MODOBJ, 0, 0); /* variant 0: Shared */
    add_obj(&p, FTF_K_MODOBJ, 1, 0); /* variant 1: spam.Eggs */
    add_op(&p, 0, "MOD_METHOD", 1)->arg = 1; /* Eggs has one callable method: fry */
    add_op(&p, 1, "MOD_CALL", 0)->arg = 2;   /* module level: Shared, spam.Eggs, spam.boil */
    add_op(&p, 1, "MOD_METHOD", 0);
    char *s = ftf_render(&p, FTF_RENDER_HARNESS, &mod);
    assert_non_null(s);
    assert_non_null(strstr(s, "\nimport spam_spec\n"));
    assert_non_null(strstr(s, "S0 = spam_spec.Shared()"));
    assert_non_null(strstr(s, "S1 = spam_spec.spam.Eggs()"));
    assert_non_null(strstr(s, "S1.fry()"));
    assert_non_null(strstr(s, "spam_spec.spam.boil()"));
    assert_non_null(strstr(s, "S0.poke()"));
    assert_null(strstr(s, "x.fry"));
    free(s);
}

static void test_deterministic(void **state)
{
    (void)state;
    rng_state = 11;
    for (int i = 0; i < 200; i++) {
        struct ftf_program p;
        random_program(&p, i & 1);
        char *a = ftf_render(&p, (enum ftf_render_mode)(i & 1), NULL);
        char *b = ftf_render(&p, (enum ftf_render_mode)(i & 1), NULL);
        assert_non_null(a);
        assert_non_null(b);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
}

static int python_available(void)
{
    return system("command -v python3 >/dev/null 2>&1") == 0;
}

/* 300 random programs must compile; one python3 process checks them all. */
static void test_valid_python(void **state)
{
    (void)state;
    if (!python_available()) {
        fprintf(stderr, "test_valid_python: python3 not found, skipped\n");
        skip();
    }
    char dir[] = "/tmp/ftf_render_XXXXXX";
    assert_non_null(mkdtemp(dir));
    static const struct ftf_module_desc mod = {
        .name = "pkg.mod",
        .n_entries = 4,
        .entries = {{"T", 1, -1, 0, 0}, {"meth", 0, 0, 0, 3}, {"f", 0, -1, 2, 2},
                    {"not valid", 0, -1, 0, 0}},
    };
    rng_state = 12345;
    for (int i = 0; i < 300; i++) {
        struct ftf_program p;
        random_program(&p, i % 3 == 0);
        char *s = ftf_render(&p, (enum ftf_render_mode)(i & 1), i % 3 == 0 ? &mod : NULL);
        assert_non_null(s);
        char path[256];
        snprintf(path, sizeof path, "%s/p%03d.py", dir, i);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(s, f);
        fclose(f);
        free(s);
    }
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import glob, sys\n"
             "fs = sorted(glob.glob(sys.argv[1] + \"/*.py\"))\n"
             "assert len(fs) == 300, len(fs)\n"
             "for f in fs:\n"
             "    compile(open(f).read(), f, \"exec\")\n' %s && rm -rf %s",
             dir, dir);
    int rc = system(cmd);
    if (rc != 0)
        fail_msg("python3 rejected a rendered program (kept in %s)", dir);
}

/* ---- the atomicity oracle --------------------------------------------------------------- */

static char *render(const struct ftf_program *p)
{
    char *s = ftf_render(p, FTF_RENDER_HARNESS, NULL);
    assert_non_null(s);
    return s;
}

static void list_append_pop(struct ftf_program *p)
{
    memset(p, 0, sizeof *p);
    add_obj(p, FTF_K_LIST, 1, 0);
    add_op(p, 0, "APPEND", 0)->arg = 0;
    add_op(p, 0, "LEN", 0);
    add_op(p, 1, "POP", 0);
    add_op(p, 1, "APPEND", 0)->arg = 1;
}

static void test_oracle_append_pop(void **state)
{
    (void)state;
    struct ftf_program p;
    list_append_pop(&p);
    assert_int_equal(ftf_render_checked(&p), 1u);
    char *s = render(&p);
    assert_non_null(strstr(s, "_init_S0 = list(S0)"));
    assert_non_null(strstr(s, "_took_t1_S0.append(S0.pop())"));
    assert_non_null(strstr(s, "bad += _conserved('S0 (list)', _init_S0 + [0] * 100 + ['a'] * 100,"));
    assert_non_null(strstr(s, "list(S0) + _took_t1_S0)"));
    assert_null(strstr(s, "_took_t0_S0")); /* t0 takes nothing */
    free(s);

    /* clear destroys elements: no check. */
    add_op(&p, 0, "CLEAR", 0);
    assert_int_equal(ftf_render_checked(&p), 0u);
    s = render(&p);
    assert_null(strstr(s, "_conserved"));
    assert_null(strstr(s, "_took_"));
    assert_non_null(strstr(s, "    return []\n"));
    free(s);

    /* Stored into another container: it escapes, no check. */
    list_append_pop(&p);
    add_obj(&p, FTF_K_DICT, 0, 0);
    add_op(&p, 1, "DICT_STORE", 1)->obj2 = 0;
    assert_int_equal(ftf_render_checked(&p), 0u);

    /* Only read by another object's op: still checked. */
    list_append_pop(&p);
    add_obj(&p, FTF_K_SET, 0, 0);
    add_op(&p, 1, "SET_UPDATE", 1)->obj2 = 0;
    assert_int_equal(ftf_render_checked(&p), 1u);

    /* Reads alone do not make a check. */
    memset(&p, 0, sizeof p);
    add_obj(&p, FTF_K_LIST, 1, 0);
    add_op(&p, 0, "LEN", 0);
    add_op(&p, 1, "REPR", 0);
    assert_int_equal(ftf_render_checked(&p), 0u);
}

static void test_oracle_dict_set_deque(void **state)
{
    (void)state;
    struct ftf_program p;
    memset(&p, 0, sizeof p);
    add_obj(&p, FTF_K_DICT, 2, 0);
    add_obj(&p, FTF_K_SET, 0, 0);
    add_obj(&p, FTF_K_DEQUE, 0, 0);
    add_obj(&p, FTF_K_BYTEARRAY, 0, 0);
    add_op(&p, 0, "DICT_SET_TOKEN", 0);
    add_op(&p, 1, "DICT_DEL", 0)->arg = 1;
    add_op(&p, 1, "DICT_POPITEM", 0);
    add_op(&p, 0, "SET_ADD_TOKEN", 1);
    add_op(&p, 1, "SET_POP", 1);
    add_op(&p, 0, "DEQUE_APPENDLEFT", 2);
    add_op(&p, 1, "DEQUE_POPLEFT", 2);
    add_op(&p, 0, "BA_POP", 3); /* bytearray: never checked */
    assert_int_equal(ftf_render_checked(&p), 7u);
    char *s = render(&p);
    assert_non_null(strstr(s, "del S0['a']\n            _took_t1_S0.append('a')\n"));
    assert_non_null(strstr(s, "_took_t1_S0.append(S0.popitem()[0])"));
    assert_non_null(strstr(s, "[_TK | _i << 8 | 0 for _i in range(100)]"));
    assert_non_null(strstr(s, "S1.add(_TK | _i << 8 | 1)"));
    assert_non_null(strstr(s, "_took_t1_S2.append(S2.popleft())"));
    assert_null(strstr(s, "_S3"));
    free(s);

    /* A setitem with a pool key may re-add a taken key: no check. */
    add_op(&p, 0, "DICT_SET", 0);
    assert_int_equal(ftf_render_checked(&p), 6u);
}

/* x += 1 is not atomic: a lost update is not a bug, so counters never get a check. */
static void test_oracle_counters(void **state)
{
    (void)state;
    struct ftf_program p;
    memset(&p, 0, sizeof p);
    add_obj(&p, FTF_K_GLOBAL, 0, 0);
    add_obj(&p, FTF_K_INSTANCE, 0, 0);
    add_obj(&p, FTF_K_CLASS, 0, 0);
    add_obj(&p, FTF_K_LIST, 1, 0);
    add_obj(&p, FTF_K_DICT, 1, 0);
    add_obj(&p, FTF_K_ITCOUNT, 0, 0);
    for (unsigned t = 0; t < 2; t++) {
        add_op(&p, t, "GLOBAL_INC", 0);
        add_op(&p, t, "ATTR_INC", 1);
        add_op(&p, t, "ATTR_INC", 2);
        add_op(&p, t, "SLOT_INC", 3);
        add_op(&p, t, "APPEND", 3);
        add_op(&p, t, "DICT_INC", 4);
        add_op(&p, t, "DICT_SET_TOKEN", 4);
        add_op(&p, t, "ITER_NEXT", 5);
    }
    assert_int_equal(ftf_render_checked(&p), 0u);
    char *s = render(&p);
    assert_null(strstr(s, "_conserved"));
    assert_non_null(strstr(s, "        S0 += 1\n"));
    assert_non_null(strstr(s, "    global S0, S1, S2, S3, S4, S5\n"));
    free(s);
}

static void test_harness_contract(void **state)
{
    (void)state;
    rng_state = 77;
    for (int i = 0; i < 50; i++) {
        struct ftf_program p;
        random_program(&p, 0);
        char *h = ftf_render(&p, FTF_RENDER_HARNESS, NULL);
        char *s = ftf_render(&p, FTF_RENDER_STANDALONE, NULL);
        assert_non_null(h);
        assert_non_null(s);
        assert_non_null(strstr(h, "from _ftfuzz import sched_yield as _fy, spin as _fs, "
                                  "sleep_us as _fl\n"));
        assert_non_null(strstr(h, "\nERRORS = []\n"));
        assert_non_null(strstr(h, "\nTHREADS = [_in_line(0, "));
        assert_non_null(strstr(h, ", _in_line(1, "));
        assert_non_null(strstr(h, "\ndef check():\n"));
        assert_non_null(strstr(h, "\ndef t0():\n"));
        assert_null(strstr(h, "__main__"));
        assert_null(strstr(h, "SystemError"));
        assert_null(strstr(h, "$")); /* every placeholder expanded */
        /* Standalone = docstring + the same module + the driver. */
        assert_true(strncmp(s, "\"\"\"", 3) == 0);
        assert_non_null(strstr(s, h));
        assert_non_null(strstr(s, "if __name__ == \"__main__\":"));
        assert_non_null(strstr(s, "python3.13t repro.py"));
        assert_non_null(strstr(s, "TSAN_OPTIONS=suppressions="));
        free(h);
        free(s);
    }
}

static void test_module_rendering(void **state)
{
    (void)state;
    struct ftf_program p;
    memset(&p, 0, sizeof p);
    p.has_module = 1;
    add_obj(&p, FTF_K_MODOBJ, 1, 0);
    add_op(&p, 0, "MOD_METHOD", 0)->arg = 0;
    add_op(&p, 1, "MOD_CALL", 0)->arg = 5;

    /* No module: harmless stand-ins. */
    char *s = ftf_render(&p, FTF_RENDER_HARNESS, NULL);
    assert_non_null(strstr(s, "S0 = object()"));
    assert_non_null(strstr(s, "            pass  # MOD_CALL\n"));
    free(s);

    /* Indices are taken modulo the candidates; invalid names are skipped. */
    struct ftf_module_desc mod = {
        .name = "m",
        .n_entries = 5,
        .entries = {{"A", 1, -1, 0, 0}, {"B", 1, -1, 0, 0}, {"b_meth", 0, 1, 0, 0},
                    {"f", 0, -1, 0, 0}, {"1bad", 0, -1, 0, 0}},
    };
    s = ftf_render(&p, FTF_RENDER_HARNESS, &mod);
    assert_non_null(strstr(s, "import m\n"));
    assert_non_null(strstr(s, "S0 = m.B()")); /* variant 1 of types A, B */
    assert_non_null(strstr(s, "S0.b_meth()"));
    assert_non_null(strstr(s, "m.f()  # MOD_CALL")); /* 5 % 3 of module-level A, B, f */
    assert_null(strstr(s, "1bad"));
    free(s);

    mod.name = "bad name";
    s = ftf_render(&p, FTF_RENDER_HARNESS, &mod);
    assert_null(strstr(s, "import bad"));
    assert_non_null(strstr(s, "S0 = object()"));
    free(s);
}

/* A program the decoder cannot produce must not make render read out of bounds. */
static void test_render_garbage(void **state)
{
    (void)state;
    struct ftf_program p;
    memset(&p, 0xff, sizeof p);
    char *s = ftf_render(&p, FTF_RENDER_STANDALONE, NULL);
    assert_non_null(s);
    free(s);
    memset(&p, 0, sizeof p);
    s = ftf_render(&p, FTF_RENDER_HARNESS, NULL);
    assert_non_null(s);
    free(s);
    /* Valid shape, op pointing past the objects: the op is skipped. */
    add_obj(&p, FTF_K_LIST, 0, 0);
    add_op(&p, 0, "APPEND", 0)->obj = 5;
    add_op(&p, 1, "LEN", 0);
    s = ftf_render(&p, FTF_RENDER_HARNESS, NULL);
    assert_non_null(strstr(s, "for _i in range(100):\n        pass\n"));
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden),
        cmocka_unit_test(test_spec_with_introspection),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_valid_python),
        cmocka_unit_test(test_oracle_append_pop),
        cmocka_unit_test(test_oracle_dict_set_deque),
        cmocka_unit_test(test_oracle_counters),
        cmocka_unit_test(test_harness_contract),
        cmocka_unit_test(test_module_rendering),
        cmocka_unit_test(test_render_garbage),
    };
    return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
