/* test_ops.c - the op and kind tables keep the rules decode, render and the oracle rely on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ops.h"

static int has(const char *text, const char *what)
{
    return strstr(text, what) != NULL;
}

/* A placeholder the renderer does not know would leak "$x" into Python. */
static void test_placeholders_known(void **state)
{
    (void)state;
    for (unsigned c = 0; c < FTF_OP_COUNT; c++) {
        const struct ftf_op_info *op = ftf_op_info(c);
        for (const char *s = op->text; (s = strchr(s, '$')) != NULL; s++) {
            if (!strchr("opq12tcFm", s[1]))
                fail_msg("%s: unknown placeholder $%c", op->name, s[1]);
        }
    }
    for (unsigned f = 0; f < FTF_FLAV_NUM; f++) {
        const struct ftf_flavour_info *fl = ftf_flavour_info(f);
        for (const char *s = fl->text; (s = strchr(s, '$')) != NULL; s++)
            if (s[1] != 's')
                fail_msg("flavour %s: unknown placeholder $%c", fl->name, s[1]);
    }
    for (unsigned k = 0; k < FTF_K_COUNT; k++) {
        const struct ftf_kind_info *ki = ftf_kind_info(k);
        if (!ki->ctor)
            continue;
        for (const char *s = ki->ctor; (s = strchr(s, '$')) != NULL; s++)
            if (s[1] != 'e' && s[1] != 'i')
                fail_msg("kind %s: unknown placeholder $%c", ki->name, s[1]);
    }
}

/* Shapes in the columns agree with what the text uses. */
static void test_shapes_match_text(void **state)
{
    (void)state;
    for (unsigned c = 0; c < FTF_OP_COUNT; c++) {
        const struct ftf_op_info *op = ftf_op_info(c);
        int module = has(op->text, "$F") || has(op->text, "$m");
        if (op->kinds == 0 || (op->kinds >> FTF_K_COUNT) != 0)
            fail_msg("%s: bad kinds mask", op->name);
        if (module != !!(op->flags & FTF_OF_MODULE))
            fail_msg("%s: module flag and $F/$m disagree", op->name);
        if (module)
            continue; /* $F/$m use obj2, arg and arg2 their own way */
        int obj2 = has(op->text, "$p") || has(op->text, "$q");
        if (obj2 != (op->obj2_kinds != 0))
            fail_msg("%s: obj2 column and $p/$q disagree", op->name);
        if (has(op->text, "$1") != (op->arg1 != FTF_ARG_NONE))
            fail_msg("%s: arg1 column and $1 disagree", op->name);
        if (has(op->text, "$2") != (op->arg2 != FTF_ARG_NONE))
            fail_msg("%s: arg2 column and $2 disagree", op->name);
        if ((op->flags & FTF_OF_STORE) && !op->obj2_kinds)
            fail_msg("%s: STORE without a second object", op->name);
    }
}

/* Decode relies on the target itself being an acceptable second object. */
static void test_obj2_accepts_target(void **state)
{
    (void)state;
    for (unsigned c = 0; c < FTF_OP_COUNT; c++) {
        const struct ftf_op_info *op = ftf_op_info(c);
        if (op->obj2_kinds && (op->kinds & ~op->obj2_kinds))
            fail_msg("%s: obj2_kinds must include every target kind", op->name);
    }
}

static void test_exceptions_sane(void **state)
{
    (void)state;
    for (unsigned c = 0; c < FTF_OP_COUNT; c++) {
        const struct ftf_op_info *op = ftf_op_info(c);
        if (has(op->exc, "SystemError") || has(op->exc, "BaseException"))
            fail_msg("%s: allows %s", op->name, op->exc);
        /* "Exception" alone would swallow the container ops' own bugs; names ending in it
         * are fine, and a module's calls may raise any (the renderer re-raises
         * SystemError first: test_render's golden module). */
        for (const char *s = op->exc; (s = strstr(s, "Exception")) != NULL; s++)
            if ((s == op->exc || s[-1] == ' ') && !(op->flags & FTF_OF_MODULE))
                fail_msg("%s: allows bare Exception", op->name);
    }
}

/* The oracle's assumptions about roles. */
static void test_roles(void **state)
{
    (void)state;
    unsigned adds = 0, takes = 0;
    for (unsigned c = 0; c < FTF_OP_COUNT; c++) {
        const struct ftf_op_info *op = ftf_op_info(c);
        switch (op->role) {
        case FTF_ROLE_ADD:
            /* An add must be known to have happened, and say what it added. */
            if (op->exc[0])
                fail_msg("%s: an ADD row may not raise", op->name);
            if (!has(op->text, "$t") && !(op->arg1 == FTF_ARG_VAL && has(op->text, "$1")))
                fail_msg("%s: ADD needs $t or a value $1", op->name);
            /* Dicts and sets ignore a second insert of an equal key: tokens only. */
            if ((op->kinds & ((1u << FTF_K_DICT) | (1u << FTF_K_SET))) && !has(op->text, "$t"))
                fail_msg("%s: ADD on dict/set needs a unique token", op->name);
            adds |= op->kinds;
            break;
        case FTF_ROLE_TAKE:
            if (!op->exc[0])
                fail_msg("%s: a TAKE can find the object empty", op->name);
            takes |= op->kinds;
            break;
        case FTF_ROLE_TAKE_KEY:
            if (op->arg1 != FTF_ARG_KEY || !op->exc[0])
                fail_msg("%s: TAKE_KEY needs a key $1 and may raise", op->name);
            takes |= op->kinds;
            break;
        default:
            break;
        }
    }
    for (unsigned k = 0; k < FTF_K_COUNT; k++)
        if (ftf_kind_info(k)->flags & FTF_KF_CHECK) {
            assert_true(adds >> k & 1u);
            assert_true(takes >> k & 1u);
        }
    /* x += 1 is not atomic: no counter row may claim a conserving role. */
    const char *counters[] = {"GLOBAL_INC", "ATTR_INC", "SLOT_INC", "DICT_INC", "DEFAULT_INC"};
    for (size_t i = 0; i < sizeof counters / sizeof counters[0]; i++) {
        int c = ftf_op_by_name(counters[i]);
        assert_true(c >= 0);
        assert_int_equal(ftf_op_info((unsigned)c)->role, FTF_ROLE_MUTATE);
    }
}

static void test_lookups(void **state)
{
    (void)state;
    for (unsigned c = 0; c < FTF_OP_COUNT; c++)
        assert_int_equal(ftf_op_by_name(ftf_op_info(c)->name), (int)c);
    for (unsigned k = 0; k < FTF_K_COUNT; k++)
        assert_int_equal(ftf_kind_by_name(ftf_kind_info(k)->name), (int)k);
    assert_int_equal(ftf_op_by_name("NO_SUCH_OP"), -1);
    assert_int_equal(ftf_kind_by_name("NO_SUCH_KIND"), -1);
    assert_null(ftf_op_info(FTF_OP_COUNT));
    assert_null(ftf_kind_info(FTF_K_COUNT));
    assert_null(ftf_flavour_info(FTF_FLAV_NUM));
    assert_int_equal(ftf_op_by_name("APPEND"), FTF_OP_APPEND);
}

/* Decode picks an op by index into its kind's list: every kind needs one, and a list must
 * fit one byte. Module kinds and rows appear only with a module. */
static void test_ops_for_kind(void **state)
{
    (void)state;
    uint16_t codes[FTF_OP_COUNT];
    uint8_t kinds[FTF_KINDS_MAX];
    size_t n_plain = ftf_kinds_available(0, kinds);
    for (size_t i = 0; i < n_plain; i++)
        assert_int_equal(ftf_kind_info(kinds[i])->flags & FTF_KF_MODULE, 0);
    assert_true(n_plain < FTF_K_COUNT);
    /* with a module, module kinds are listed FTF_MODULE_KIND_WEIGHT times each */
    size_t n_all = ftf_kinds_available(1, kinds);
    assert_int_equal(n_all, n_plain + FTF_MODULE_KIND_WEIGHT * (FTF_K_COUNT - n_plain));
    assert_true(n_all <= FTF_KINDS_MAX);

    for (int m = 0; m < 2; m++)
        for (unsigned k = 0; k < FTF_K_COUNT; k++) {
            if (!m && (ftf_kind_info(k)->flags & FTF_KF_MODULE))
                continue;
            size_t n = ftf_ops_for_kind(k, m, codes);
            assert_true(n >= 1);
            assert_true(n <= 256);
            for (size_t i = 0; i < n; i++) {
                const struct ftf_op_info *op = ftf_op_info(codes[i]);
                assert_true(op->kinds >> k & 1u);
                if (!m)
                    assert_int_equal(op->flags & FTF_OF_MODULE, 0);
            }
        }
    assert_int_equal(ftf_ops_for_kind(FTF_K_COUNT, 1, codes), 0);
    for (unsigned a = 0; a < FTF_ARG_TYPES; a++)
        assert_true(ftf_arg_range(a) >= 1 && ftf_arg_range(a) <= 256);
    for (unsigned k = 0; k < FTF_K_COUNT; k++)
        assert_true(ftf_kind_info(k)->variants >= 1 && ftf_kind_info(k)->variants <= 256);
}

static void test_pools(void **state)
{
    (void)state;
    assert_true(ftf_value_count() >= 8);
    assert_true(ftf_key_count() >= 3 && ftf_key_count() <= 8); /* few keys: collisions */
    assert_string_equal(ftf_value_text((unsigned)ftf_value_count()), ftf_value_text(0));
    assert_non_null(ftf_attr_text(999));
    assert_non_null(ftf_immutable_text(999));
    /* Containers' initial contents take up to variants-1 entries from the pools (BOXED
     * kinds use the upper half of their variants for the same counts, boxed). */
    for (unsigned k = 0; k < FTF_K_COUNT; k++) {
        const struct ftf_kind_info *ki = ftf_kind_info(k);
        unsigned counts = (ki->flags & FTF_KF_BOXED) ? ki->variants / 2u : ki->variants;
        if (ki->contents != FTF_KC_NONE)
            assert_true(counts <= ftf_key_count() + 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placeholders_known), cmocka_unit_test(test_shapes_match_text),
        cmocka_unit_test(test_obj2_accepts_target), cmocka_unit_test(test_exceptions_sane),
        cmocka_unit_test(test_roles),              cmocka_unit_test(test_lookups),
        cmocka_unit_test(test_ops_for_kind),       cmocka_unit_test(test_pools),
    };
    return cmocka_run_group_tests_name("ops", tests, NULL, NULL);
}
