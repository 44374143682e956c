/* ops.c - expand ops.def and kinds.def into lookup tables. */
#include "ops.h"

#include <string.h>

/* Short spellings used inside the .def tables only. */
#define K(k) (1u << FTF_K_##k)
#define KM_ALL ((1u << FTF_K_COUNT) - 1u)
#define KM_DICTS (K(DICT) | K(DEFAULTDICT) | K(ODICT) | K(COUNTER))
#define KM_CONT (KM_DICTS | K(LIST) | K(SET) | K(BYTEARRAY) | K(DEQUE))
#define KM_VDICTS (K(DICT) | K(DEFAULTDICT) | K(ODICT)) /* values may be anything */
#define KM_ITERABLE (KM_CONT | K(ITER) | K(ITCOUNT))
/* What a Counter may count without taking non-int values from a plain mapping. */
#define KM_COUNTABLE (KM_ITERABLE & ~KM_VDICTS)
#define KM_ATTRS (K(INSTANCE) | K(CLASS))
#define A_NONE FTF_ARG_NONE
#define A_VAL FTF_ARG_VAL
#define A_KEY FTF_ARG_KEY
#define A_INT FTF_ARG_INT
#define A_SINT FTF_ARG_SINT
#define A_BYTE FTF_ARG_BYTE
#define A_ATTR FTF_ARG_ATTR
#define A_MOD FTF_ARG_MOD
#define A_MARGS FTF_ARG_MARGS
#define R_READ FTF_ROLE_READ
#define R_ADD FTF_ROLE_ADD
#define R_TAKE FTF_ROLE_TAKE
#define R_TAKEK FTF_ROLE_TAKE_KEY
#define R_MUTATE FTF_ROLE_MUTATE
#define F_STORE FTF_OF_STORE
#define F_MODULE FTF_OF_MODULE
#define F_NOTE FTF_OF_NOTE

static const struct ftf_op_info op_table[FTF_OP_COUNT] = {
#define ROW(name, kinds, obj2, a1, a2, role, flags, text, exc) \
    [FTF_OP_##name] = {#name, (kinds), (obj2), (a1), (a2), (role), (flags), text, exc},
    FTF_OPS(ROW)
#undef ROW
};

static const struct ftf_kind_info kind_table[FTF_K_COUNT] = {
#define ROW(name, label, ctor, contents, variants, flags) \
    [FTF_K_##name] = {#name, label, ctor, (contents), (variants), (flags)},
    FTF_KINDS(ROW)
#undef ROW
};

static const struct ftf_flavour_info flavour_table[FTF_FLAV_NUM] = {
#define ROW(name, text, rev) [FTF_FLAV_##name] = {#name, text, rev},
    FTF_ITER_FLAVOURS(ROW)
#undef ROW
};

#define TEXT_ROW(text) text,
#define FRESH_ROW(text, stable) text,
#define STABLE_ROW(text, stable) stable,
#define LITERAL_STABLE(text) 1,
static const char *const values[] = {FTF_VALUES(TEXT_ROW) FTF_FRESH_VALUES(FRESH_ROW)};
#define ONE_ROW(text) +1
enum { N_LITERALS = 0 FTF_VALUES(ONE_ROW) };
#undef ONE_ROW
static const uint8_t stable[] = {FTF_VALUES(LITERAL_STABLE) FTF_FRESH_VALUES(STABLE_ROW)};
#undef FRESH_ROW
#undef STABLE_ROW
#undef LITERAL_STABLE
static const char *const keys[] = {FTF_KEYS(TEXT_ROW)};
static const char *const attrs[] = {FTF_ATTRS(TEXT_ROW)};
#undef TEXT_ROW

static const struct {
    const char *text;
    int rev;
} immutables[] = {
#define ROW(text, rev) {text, rev},
    FTF_IMMUTABLES(ROW)
#undef ROW
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

const struct ftf_op_info *ftf_op_info(unsigned code)
{
    return code < FTF_OP_COUNT ? &op_table[code] : NULL;
}

int ftf_op_by_name(const char *name)
{
    for (unsigned i = 0; i < FTF_OP_COUNT; i++)
        if (strcmp(op_table[i].name, name) == 0)
            return (int)i;
    return -1;
}

const struct ftf_kind_info *ftf_kind_info(unsigned kind)
{
    return kind < FTF_K_COUNT ? &kind_table[kind] : NULL;
}

int ftf_kind_by_name(const char *name)
{
    for (unsigned i = 0; i < FTF_K_COUNT; i++)
        if (strcmp(kind_table[i].name, name) == 0)
            return (int)i;
    return -1;
}

unsigned ftf_contents_count(const struct ftf_kind_info *ki, unsigned variant)
{
    if (!ki || ki->contents == FTF_KC_NONE || ki->variants == 0)
        return 0;
    variant %= ki->variants;
    unsigned half = ki->variants / 2u;
    /* The boxed half counts down, so the largest boxed container sits next to the empty
     * plain one and 0xff-heavy inputs still get elements. */
    if ((ki->flags & FTF_KF_BOXED) && variant >= half)
        return half - 1u - (variant - half);
    return variant;
}

int ftf_contents_boxed(const struct ftf_kind_info *ki, unsigned variant)
{
    return ki && (ki->flags & FTF_KF_BOXED) && ki->variants &&
           variant % ki->variants >= (unsigned)(ki->variants / 2);
}

const struct ftf_flavour_info *ftf_flavour_info(unsigned flavour)
{
    return flavour < FTF_FLAV_NUM ? &flavour_table[flavour] : NULL;
}

size_t ftf_kinds_available(int has_module, uint8_t *out)
{
    size_t n = 0;
    for (unsigned k = 0; k < FTF_K_COUNT; k++) {
        if (!has_module && (kind_table[k].flags & FTF_KF_MODULE))
            continue;
        /* A module campaign is about the module: its objects weigh more. */
        unsigned w = (kind_table[k].flags & FTF_KF_MODULE) ? FTF_MODULE_KIND_WEIGHT : 1;
        while (w--)
            out[n++] = (uint8_t)k;
    }
    return n;
}

size_t ftf_ops_for_kind(unsigned kind, int has_module, uint16_t *out)
{
    size_t n = 0, n_plain = 0;
    if (kind >= FTF_K_COUNT)
        return 0;
    for (unsigned c = 0; c < FTF_OP_COUNT; c++)
        if ((op_table[c].kinds & (1u << kind)) && !(op_table[c].flags & FTF_OF_MODULE))
            n_plain++;
    /* Module rows are repeated so that they make up about a quarter of a kind's list
     * (most of a module object's), whatever the number of container rows. */
    size_t w = n_plain / 3 > FTF_MODULE_ROW_WEIGHT ? n_plain / 3 : FTF_MODULE_ROW_WEIGHT;
    for (unsigned c = 0; c < FTF_OP_COUNT; c++) {
        const struct ftf_op_info *op = &op_table[c];
        if (!(op->kinds & (1u << kind)))
            continue;
        if (op->flags & FTF_OF_MODULE) {
            if (!has_module)
                continue;
            for (size_t i = 0; i < w; i++)
                out[n++] = (uint16_t)c;
            continue;
        }
        out[n++] = (uint16_t)c;
    }
    return n;
}

/* Each argument shape's decode range. */
static const unsigned arg_ranges[FTF_ARG_TYPES] = {
    [FTF_ARG_NONE] = 1,
    [FTF_ARG_VAL] = (unsigned)COUNT_OF(values),
    [FTF_ARG_KEY] = (unsigned)COUNT_OF(keys),
    [FTF_ARG_INT] = 8,
    [FTF_ARG_SINT] = 8,
    [FTF_ARG_BYTE] = 256,
    [FTF_ARG_ATTR] = (unsigned)COUNT_OF(attrs),
    [FTF_ARG_MOD] = FTF_MODULE_MAX_ENTRIES,
    [FTF_ARG_MARGS] = 256,
};

unsigned ftf_arg_range(unsigned argtype)
{
    return argtype < FTF_ARG_TYPES ? arg_ranges[argtype] : 1; /* test_ops: no row is 0 */
}

size_t ftf_value_count(void)
{
    return COUNT_OF(values);
}

const char *ftf_value_text(unsigned i)
{
    return values[i % COUNT_OF(values)];
}

_Static_assert(COUNT_OF(values) == COUNT_OF(stable), "a stable flag per value");

size_t ftf_literal_count(void)
{
    return (size_t)N_LITERALS;
}

int ftf_value_fresh(unsigned i)
{
    return i % COUNT_OF(values) >= (size_t)N_LITERALS;
}

int ftf_value_stable(unsigned i)
{
    return stable[i % COUNT_OF(values)];
}

/* Module call argument patterns (ops.h). Shared objects first and often: a user's
 * function usually takes the object it works on, then a key or a value. Index order is
 * ABI for the corpus. */
static const char *const margs_patterns[16] = {
    "OK", "O", "TK", "T", "OV", "OKV", "TV", "OK", "K", "TKV", "OT", "TK", "V", "", "KV", "OK",
};

const char *ftf_margs_pattern(unsigned spec)
{
    return margs_patterns[spec & 15u];
}

char ftf_margs_pad(unsigned j)
{
    return j == 0 ? 'O' : j == 1 ? 'K' : 'V';
}

unsigned ftf_margs_slots(unsigned spec, unsigned lo, unsigned hi, int method,
                         struct ftf_margs_slot out[16])
{
    unsigned sel = (spec & 0xffu) >> 4;
    const char *pat = ftf_margs_pattern(spec);
    unsigned len = (unsigned)strlen(pat);
    if (hi < lo)
        hi = lo;
    unsigned n = len < lo ? lo : len > hi ? hi : len;
    if (n > 16)
        n = 16;
    unsigned nvals = (unsigned)COUNT_OF(values), nlit = (unsigned)N_LITERALS;
    for (unsigned j = 0; j < n; j++) {
        char c = j < len ? pat[j] : ftf_margs_pad(j);
        if (c == 'T' && method)
            c = 'O';
        out[j].c = c;
        /* 'V': fresh values first, then the literals */
        out[j].sel = c == 'V' ? (nlit + sel + j) % nvals : sel + j;
    }
    return n;
}

size_t ftf_key_count(void)
{
    return COUNT_OF(keys);
}

const char *ftf_key_text(unsigned i)
{
    return keys[i % COUNT_OF(keys)];
}

const char *ftf_attr_text(unsigned i)
{
    return attrs[i % COUNT_OF(attrs)];
}

size_t ftf_immutable_count(void)
{
    return COUNT_OF(immutables);
}

const char *ftf_immutable_text(unsigned i)
{
    return immutables[i % COUNT_OF(immutables)].text;
}

int ftf_immutable_reversible(unsigned i)
{
    return immutables[i % COUNT_OF(immutables)].rev;
}
