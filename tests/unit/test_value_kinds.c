/* test_value_kinds.c - the value pool's kinds, the probe file's kinds lists, and the seeds
 * the probe's result steers (rendered: the calls take only accepted kinds). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ops.h"
#include "probe_seeds.h"
#include "render.h"
#include "value_kinds.h"

/* Every pool value and key has a kind: a new ops.def entry must be classified. */
static void every_pool_value_is_classified(void **state)
{
    (void)state;
    for (unsigned i = 0; i < ftf_value_count(); i++)
        assert_int_not_equal(ftf_vkind_of_text(ftf_value_text(i)), FTF_VK_OTHER);
    for (unsigned i = 0; i < ftf_key_count(); i++)
        assert_int_not_equal(ftf_vkind_of_text(ftf_key_text(i)), FTF_VK_OTHER);
    assert_int_equal(ftf_vkind_of_text("0"), FTF_VK_INT);
    assert_int_equal(ftf_vkind_of_text("-1"), FTF_VK_INT);
    assert_int_equal(ftf_vkind_of_text("18446744073709551616"), FTF_VK_INT);
    assert_int_equal(ftf_vkind_of_text("1.5"), FTF_VK_FLOAT);
    assert_int_equal(ftf_vkind_of_text("'key'"), FTF_VK_STR);
    assert_int_equal(ftf_vkind_of_text("b'x'"), FTF_VK_BYTES);
    assert_int_equal(ftf_vkind_of_text("None"), FTF_VK_NONE);
    assert_int_equal(ftf_vkind_of_text("True"), FTF_VK_BOOL);
    assert_int_equal(ftf_vkind_of_text("(1, 'a')"), FTF_VK_TUPLE);
    assert_int_equal(ftf_vkind_of_text("[_i]"), FTF_VK_LIST);
    assert_int_equal(ftf_vkind_of_text("{'k': _i}"), FTF_VK_DICT);
    assert_int_equal(ftf_vkind_of_text("object()"), FTF_VK_OBJECT);
    assert_int_equal(ftf_vkind_of_text("{1}"), FTF_VK_OTHER);
    assert_int_equal(ftf_vkind_of_object(FTF_K_ODICT), FTF_VK_DICT);
    assert_int_equal(ftf_vkind_of_object(FTF_K_MODOBJ), FTF_VK_OWN);
    /* The probe has a value for every kind but OTHER and OWN (an instance it builds), and
     * it is of that kind. */
    for (unsigned k = 0; k < FTF_VK_COUNT; k++) {
        const char *t = ftf_vkind_probe_text(k);
        if (k == FTF_VK_OTHER || k == FTF_VK_OWN) {
            assert_null(t);
            continue;
        }
        assert_non_null(t);
        assert_int_equal(ftf_vkind_of_text(t), k);
    }
}

static void kinds_lists_round_trip(void **state)
{
    (void)state;
    char buf[128];
    long m = ftf_vkinds_parse("int,bool");
    assert_int_equal(m, (1 << FTF_VK_INT) | (1 << FTF_VK_BOOL));
    ftf_vkinds_format((uint32_t)m, buf, sizeof buf);
    assert_string_equal(buf, "int,bool");
    assert_int_equal(ftf_vkinds_parse(""), 0);
    assert_int_equal(ftf_vkinds_parse("int,nope"), -1);
    assert_int_equal(ftf_vkinds_parse("int,"), 1 << FTF_VK_INT);
    ftf_vkinds_format(FTF_VK_ALL, buf, sizeof buf);
    assert_int_equal(ftf_vkinds_parse(buf), FTF_VK_ALL);
}

static const struct ftf_module_desc mod = {
    .name = "m",
    .n_entries = 6,
    .entries = {{"f", 0, -1, 1, 1}, {"Buf", 1, -1, 0, 0}, {"append", 0, 1, 1, 1},
                {"total", 0, 1, 0, 0}, {"pair", 0, 1, 2, 2}, {"absorb", 0, 1, 1, 1}},
};

/* The text of the first call in seed p's thread 0, from the rendered program. */
static char *first_call(const struct ftf_program *p, const char *needle)
{
    char *s = ftf_render(p, FTF_RENDER_HARNESS, &mod);
    assert_non_null(s);
    char *at = strstr(s, needle);
    assert_non_null(at);
    char *line = strndup(at, strcspn(at, "\n"));
    free(s);
    return line;
}

/* With the probe saying append takes an int and f a str, their seeds render calls with
 * an int and a str; every callable (not the first few) is seeded; what nothing renders
 * (no kind accepted) is not. */
static void seeds_follow_the_probe(void **state)
{
    (void)state;
    uint32_t masks[6] = {1u << FTF_VK_STR, FTF_VK_ALL, 1u << FTF_VK_INT, FTF_VK_ALL,
                         (1u << FTF_VK_INT) | (1u << FTF_VK_STR), 1u << FTF_VK_OWN};
    struct ftf_limits lim = {16, 200, 1};
    struct ftf_program seeds[8];
    size_t n = ftf_probe_seeds(&mod, masks, &lim, seeds, 8);
    assert_int_equal(n, 5); /* f, append, total, pair, absorb: not the type */
    char *f = first_call(&seeds[0], "m.f(");
    assert_true(f[4] == '\'' || strncmp(f + 4, "str(", 4) == 0);
    free(f);
    char *a = first_call(&seeds[1], ".append(");
    char *end = NULL;
    strtol(a + strlen(".append("), &end, 10);
    assert_true(end && (*end == ')' || !strncmp(a, ".append(_i + 1000)", 18)));
    free(a);
    /* The second thread alternates append with another method of the type. */
    assert_int_not_equal(seeds[1].threads[1].ops[1].arg, seeds[1].threads[1].ops[0].arg);
    assert_int_equal(seeds[1].threads[0].ops[1].arg, seeds[1].threads[0].ops[0].arg);
    /* absorb takes an instance of its type: the other shared one, and the second thread
     * alternates with the mirrored call (S0.absorb(S1) beside S1.absorb(S0)). */
    char *ab = first_call(&seeds[4], "S0.absorb(");
    assert_non_null(strstr(ab, "S0.absorb(S1)"));
    free(ab);
    char *text = ftf_render(&seeds[4], FTF_RENDER_HARNESS, &mod);
    assert_non_null(strstr(text, "S1.absorb(S0)"));
    free(text);
    for (size_t i = 0; i < n; i++) {
        uint8_t buf[FTF_ENCODED_MAX + 64];
        struct ftf_program back;
        ftf_decode(buf, ftf_encode(&seeds[i], buf, sizeof buf), &lim, &back);
        assert_true(ftf_program_equal(&seeds[i], &back));
    }
    masks[2] = 0; /* append accepts nothing the pool has */
    assert_int_equal(ftf_probe_seeds(&mod, masks, &lim, seeds, 8), 4);
    assert_int_equal(ftf_probe_seeds(&mod, masks, &lim, seeds, 2), 2); /* cap */
}

/* What ftf_margs_kinds says an argument is, is what the renderer writes: every spec byte,
 * for a function of one argument whose target is a list with contents (index keys) and
 * whose second object is a dict, a list (index keys) or an instance. */
static void kinds_match_the_rendered_arguments(void **state)
{
    (void)state;
    static const struct ftf_module_desc one = {
        .name = "m", .n_entries = 2, .entries = {{"g", 0, -1, 1, 1}, {"T", 1, -1, 0, 0}}};
    const unsigned second[] = {FTF_K_DICT, FTF_K_LIST, FTF_K_MODOBJ};
    for (size_t o = 0; o < 3; o++)
        for (unsigned spec = 0; spec < 256; spec++) {
            struct ftf_program p;
            memset(&p, 0, sizeof p);
            p.has_module = 1;
            p.n_objs = 2;
            p.objs[0].kind = FTF_K_LIST;
            p.objs[0].variant = 5;
            p.objs[1].kind = (uint8_t)second[o];
            p.objs[1].variant = second[o] == FTF_K_LIST ? 5 : 3;
            p.n_threads = 2;
            for (unsigned t = 0; t < 2; t++) {
                p.threads[t].iters = 1;
                p.threads[t].n_ops = 1;
                p.threads[t].ops[0] = (struct ftf_op){.code = FTF_OP_MOD_CALL, .obj = 0,
                                                      .obj2 = 1, .arg2 = (uint8_t)spec};
            }
            uint8_t kinds[16];
            assert_int_equal(ftf_margs_kinds(&p, &p.threads[0].ops[0], 1, 1, 0, kinds), 1);
            char *s = ftf_render(&p, FTF_RENDER_HARNESS, &one);
            assert_non_null(s);
            char *at = strstr(s, "m.g(");
            assert_non_null(at);
            at += 4;
            char arg[64];
            size_t len = strcspn(at, "\n");
            /* the argument: up to the call's last ')' on the line */
            while (len > 0 && at[len - 1] != ')')
                len--;
            assert_true(len > 0 && len - 1 < sizeof arg);
            memcpy(arg, at, len - 1);
            arg[len - 1] = '\0';
            free(s);
            unsigned want;
            if (!strcmp(arg, "S0"))
                want = FTF_VK_LIST;
            else if (!strcmp(arg, "S1"))
                want = ftf_vkind_of_object(second[o]);
            else
                want = ftf_vkind_of_text(arg);
            assert_int_equal(kinds[0], want);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_pool_value_is_classified),
        cmocka_unit_test(kinds_lists_round_trip),
        cmocka_unit_test(seeds_follow_the_probe),
        cmocka_unit_test(kinds_match_the_rendered_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
