/* test_probe_bias.c - decoded module calls steered to the argument kinds the probe saw
 * their callable accept: mostly those kinds, some others kept, the rendered program the
 * one the kinds describe, and the biased program stable through encoding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "codec.h"
#include "ops.h"
#include "probe_bias.h"
#include "probe_seeds.h"
#include "render.h"
#include "value_kinds.h"

/* Two functions and a type with two methods, each of one argument. */
static const struct ftf_module_desc mod = {
    .name = "m",
    .n_entries = 5,
    .entries = {{"add", 0, -1, 1, 1}, {"Buf", 1, -1, 0, 0}, {"put", 0, 1, 1, 1},
                {"absorb", 0, 1, 1, 1}, {"name", 0, -1, 1, 1}},
};
static const uint32_t masks[5] = {(1u << FTF_VK_INT) | (1u << FTF_VK_BOOL), FTF_VK_ALL,
                                  1u << FTF_VK_INT, 1u << FTF_VK_OWN, 1u << FTF_VK_STR};

/* One op on a list S0 (with contents: index keys), a dict S1 and an instance S2 of Buf,
 * in both threads of a decodable program. */
static void one_call(struct ftf_program *p, const struct ftf_limits *lim, unsigned code,
                     unsigned arg, unsigned obj2, unsigned arg2)
{
    memset(p, 0, sizeof *p);
    p->has_module = 1;
    p->n_objs = 3;
    p->objs[0] = (struct ftf_object){.kind = FTF_K_LIST, .variant = 5};
    p->objs[1] = (struct ftf_object){.kind = FTF_K_DICT, .variant = 5};
    p->objs[2] = (struct ftf_object){.kind = FTF_K_MODOBJ, .variant = 0};
    p->n_threads = 2;
    for (unsigned t = 0; t < 2; t++) {
        p->threads[t].iters = ftf_iters_at_most(lim, 200);
        p->threads[t].n_ops = 1;
        p->threads[t].ops[0] = (struct ftf_op){
            .code = (uint16_t)code, .obj = (uint8_t)(code == FTF_OP_MOD_METHOD ? 2 : 0),
            .arg = (uint8_t)arg, .obj2 = (uint8_t)obj2, .arg2 = (uint8_t)arg2};
    }
}

/* The kind of the one argument the rendering of p's first op passes ("m.add(X)", or
 * "S2.put(X)"), read back from the text as kinds_match_the_rendered_arguments does. */
static unsigned rendered_kind(const struct ftf_program *p, const char *callee)
{
    char *s = ftf_render(p, FTF_RENDER_HARNESS, &mod);
    assert_non_null(s);
    char needle[64];
    snprintf(needle, sizeof needle, "%s(", callee);
    char *at = strstr(s, needle);
    assert_non_null(at);
    at += strlen(needle);
    size_t len = strcspn(at, "\n");
    while (len > 0 && at[len - 1] != ')')
        len--;
    char arg[64];
    assert_true(len > 0 && len - 1 < sizeof arg);
    memcpy(arg, at, len - 1);
    arg[len - 1] = '\0';
    free(s);
    if (!strcmp(arg, "S0"))
        return FTF_VK_LIST;
    if (!strcmp(arg, "S1"))
        return FTF_VK_DICT;
    if (!strcmp(arg, "S2"))
        return FTF_VK_OWN;
    return ftf_vkind_of_text(arg);
}

/* Every (entry, obj2, arg2) a decoded call can have: after the bias, at least 80% of the
 * calls of a probed callable pass only accepted kinds (before: far fewer), some still
 * pass others (error paths), the renderer writes what ftf_margs_kinds says, the program
 * stays decodable and a second bias changes nothing. */
static void calls_prefer_accepted_kinds(void **state)
{
    (void)state;
    const struct ftf_limits lim = {16, 200, 1};
    const unsigned codes[] = {FTF_OP_MOD_CALL, FTF_OP_MOD_METHOD};
    unsigned long calls = 0, ok_before = 0, ok_after = 0;
    uint8_t picked[256] = {0}; /* the arg2 values the steered calls end up with */
    for (size_t c = 0; c < 2; c++)
        for (unsigned arg = 0; arg < 6; arg++)
            for (unsigned obj2 = 0; obj2 < 3; obj2++)
                for (unsigned arg2 = 0; arg2 < 256; arg2++) {
                    struct ftf_program p, again;
                    one_call(&p, &lim, codes[c], arg, obj2, arg2);
                    assert_true(ftf_decodable(&p, &lim));
                    const struct ftf_op *op = &p.threads[0].ops[0];
                    int method = 0;
                    long e = ftf_render_called_entry(&p, op, &mod, &method);
                    assert_true(e >= 0);
                    assert_int_equal(method, codes[c] == FTF_OP_MOD_METHOD);
                    if (masks[e] == FTF_VK_ALL) {
                        assert_int_equal(ftf_probe_bias(&p, &mod, masks), 0);
                        continue;
                    }
                    const struct ftf_module_entry *en = &mod.entries[e];
                    uint8_t kinds[16];
                    assert_int_equal(ftf_margs_kinds(&p, op, 1, 1, method, kinds), 1);
                    calls++;
                    ok_before += masks[e] >> kinds[0] & 1u;
                    int steered = ftf_probe_bias(&p, &mod, masks) > 0;
                    assert_int_equal(ftf_render_called_entry(&p, op, &mod, &method), e);
                    assert_int_equal(ftf_margs_kinds(&p, op, 1, 1, method, kinds), 1);
                    ok_after += masks[e] >> kinds[0] & 1u;
                    if (steered)
                        picked[op->arg2] = 1;
                    char callee[32];
                    snprintf(callee, sizeof callee, "%s.%s", method ? "S2" : "m", en->name);
                    assert_int_equal(rendered_kind(&p, callee), kinds[0]);
                    assert_true(ftf_decodable(&p, &lim));
                    again = p;
                    assert_int_equal(ftf_probe_bias(&again, &mod, masks), 0);
                    assert_true(ftf_program_equal(&again, &p));
                }
    print_message("probed calls: %lu, accepted kinds only: %lu before the bias, %lu after\n",
                  calls, ok_before, ok_after);
    unsigned distinct = 0;
    for (unsigned v = 0; v < 256; v++)
        distinct += picked[v];
    print_message("distinct argument specs after the bias: %u\n", distinct);
    assert_true(distinct >= 32); /* spread over the accepted ones, not one spec for all */
    assert_true(calls > 0);
    assert_true(ok_after * 100 >= calls * 80);
    assert_true(ok_after < calls);          /* a share keeps other kinds */
    assert_true(ok_before * 100 < calls * 50); /* the bias is what made the difference */
}

/* No masks, no module, or nothing the probe told apart: nothing changes. */
static void unknown_kinds_change_nothing(void **state)
{
    (void)state;
    const struct ftf_limits lim = {16, 200, 1};
    const uint32_t all[5] = {FTF_VK_ALL, FTF_VK_ALL, FTF_VK_ALL, FTF_VK_ALL, FTF_VK_ALL};
    for (unsigned arg2 = 0; arg2 < 256; arg2++) {
        struct ftf_program p, q;
        one_call(&p, &lim, FTF_OP_MOD_CALL, 0, 1, arg2);
        q = p;
        assert_int_equal(ftf_probe_bias(&p, &mod, all), 0);
        assert_int_equal(ftf_probe_bias(&p, NULL, masks), 0);
        assert_int_equal(ftf_probe_bias(&p, &mod, NULL), 0);
        assert_true(ftf_program_equal(&p, &q));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calls_prefer_accepted_kinds),
        cmocka_unit_test(unknown_kinds_change_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
