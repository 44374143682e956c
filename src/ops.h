/* ops.h - the op table (ops.def) and kind table (kinds.def) as enums and lookups. */
#ifndef FTF_OPS_H
#define FTF_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "program.h"
#include "ops.def"

enum ftf_opcode {
#define FTF_OP_ENUM(name, ...) FTF_OP_##name,
    FTF_OPS(FTF_OP_ENUM)
#undef FTF_OP_ENUM
    FTF_OP_COUNT
};

enum ftf_flavour {
#define FTF_FLAV_ENUM(name, ...) FTF_FLAV_##name,
    FTF_ITER_FLAVOURS(FTF_FLAV_ENUM)
#undef FTF_FLAV_ENUM
    FTF_FLAV_NUM
};

/* An ITER object's variant is flavour * FTF_ITER_VIEWS + view (0 the object itself,
 * 1 keys(), 2 values(), 3 items(); views only apply to MAPPING sources). */
#define FTF_ITER_VIEWS 4
#define FTF_ITER_VARIANTS (FTF_FLAV_NUM * FTF_ITER_VIEWS)

/* Argument shapes (ops.def arg1/arg2 columns). */
enum ftf_argtype {
    FTF_ARG_NONE,
    FTF_ARG_VAL,   /* value pool index */
    FTF_ARG_KEY,   /* key pool index */
    FTF_ARG_INT,   /* 0..7 */
    FTF_ARG_SINT,  /* -4..3, stored +4 */
    FTF_ARG_BYTE,  /* 0..255 */
    FTF_ARG_ATTR,  /* attribute name index */
    FTF_ARG_MOD,   /* module entry index, modulo the candidates at render time */
    FTF_ARG_MARGS, /* module call argument spec: bits 0-3 pattern, 4-7 pool selector
                      (ftf_margs_pattern) */
    FTF_ARG_TYPES
};

/* What an op does to its target's contents, for the atomicity oracle (ops.def role). */
enum ftf_role {
    FTF_ROLE_READ,
    FTF_ROLE_ADD,
    FTF_ROLE_TAKE,
    FTF_ROLE_TAKE_KEY,
    FTF_ROLE_MUTATE
};

/* Row flags. */
#define FTF_OF_STORE 1u  /* the second object escapes: no check on it */
#define FTF_OF_MODULE 2u /* only with a user's module */
#define FTF_OF_NOTE 4u   /* rendered with a comment naming the row */

/* A user's module has at most this many entries (render.h); A_MOD indexes them. */
#define FTF_MODULE_MAX_ENTRIES 64

/* Kind flags (kinds.def). */
#define FTF_KF_CHECK 1u
#define FTF_KF_SOURCE 2u
#define FTF_KF_REV 4u
#define FTF_KF_MAPPING 8u
#define FTF_KF_UNBOUNDED 16u
#define FTF_KF_MODULE 32u
#define FTF_KF_BOXED 64u

/* Initial contents styles (kinds.def). */
enum ftf_contents {
    FTF_KC_NONE,
    FTF_KC_SEQ,    /* values */
    FTF_KC_KEYS,   /* keys */
    FTF_KC_PAIRS,  /* key: value */
    FTF_KC_COUNTS, /* key: small int */
    FTF_KC_BYTES   /* ASCII letters inside b'' */
};

struct ftf_op_info {
    const char *name;
    uint32_t kinds;      /* bit (1u << enum ftf_kind) per target kind */
    uint32_t obj2_kinds; /* 0 = no second object */
    uint8_t arg1, arg2;  /* enum ftf_argtype */
    uint8_t role;        /* enum ftf_role */
    uint8_t flags;       /* FTF_OF_* */
    const char *text;    /* template, see ops.def */
    const char *exc;     /* except-tuple text, "" = none */
};

struct ftf_kind_info {
    const char *name;  /* "DICT" */
    const char *label; /* "dict" */
    const char *ctor;  /* template or NULL (ITER, MODOBJ) */
    uint8_t contents;  /* enum ftf_contents */
    uint16_t variants;
    uint32_t flags;    /* FTF_KF_* */
};

struct ftf_flavour_info {
    const char *name;
    const char *text; /* template over $s */
    int needs_rev;
};

/* Initial element count of a container of kind ki with this variant (BOXED kinds: the
 * variant modulo half their range), and whether its values are boxed (kinds.def). */
unsigned ftf_contents_count(const struct ftf_kind_info *ki, unsigned variant);
int ftf_contents_boxed(const struct ftf_kind_info *ki, unsigned variant);

/* Row of an op code, or NULL when code >= FTF_OP_COUNT. */
const struct ftf_op_info *ftf_op_info(unsigned code);

/* Op code of a row name ("DICT_GET"), or -1. */
int ftf_op_by_name(const char *name);

/* Row of a kind, or NULL when kind >= FTF_K_COUNT. */
const struct ftf_kind_info *ftf_kind_info(unsigned kind);

/* Kind of a name ("DICT"), or -1. */
int ftf_kind_by_name(const char *name);

/* Row of an iterator flavour, or NULL. */
const struct ftf_flavour_info *ftf_flavour_info(unsigned flavour);

/* How often a FTF_KF_MODULE kind is listed by ftf_kinds_available, and the least number
 * of times a module row is listed by ftf_ops_for_kind: the decoder picks uniformly from
 * those lists, so repeats are weights (the encoder writes the first index of a repeat). */
#define FTF_MODULE_KIND_WEIGHT 3
#define FTF_MODULE_ROW_WEIGHT 4
#define FTF_KINDS_MAX (FTF_K_COUNT + FTF_MODULE_KIND_WEIGHT)
#define FTF_OPS_FOR_KIND_MAX (FTF_OP_COUNT * 2 + 8 * FTF_MODULE_ROW_WEIGHT)

/* Kinds a program may hold: all, or all but FTF_KF_MODULE ones, in enum order, module
 * kinds FTF_MODULE_KIND_WEIGHT times each. Writes them to out (cap >= FTF_KINDS_MAX) and
 * returns how many. */
size_t ftf_kinds_available(int has_module, uint8_t *out);

/* Op codes applicable to kind k, in table order, module rows only when has_module, each
 * module row repeated max(FTF_MODULE_ROW_WEIGHT, non-module rows / 3) times. Writes them to
 * out (cap >= FTF_OPS_FOR_KIND_MAX) and returns how many; never 0 for a valid kind. */
size_t ftf_ops_for_kind(unsigned kind, int has_module, uint16_t *out);

/* Decode range of an argument shape (1 for FTF_ARG_NONE). */
unsigned ftf_arg_range(unsigned argtype);

/* Pools from ops.def, indexed modulo their size (never NULL). The value pool is the
 * literals (FTF_VALUES) followed by the fresh values (FTF_FRESH_VALUES). */
size_t ftf_value_count(void);
const char *ftf_value_text(unsigned i);
/* Literals only: the first ftf_literal_count() values, which need no _i. */
size_t ftf_literal_count(void);
/* 1 when value i (modulo the pool) is allocated at run time (a fresh value). */
int ftf_value_fresh(unsigned i);
/* 1 when value i's repr depends on nothing but _i (every literal; fresh ones but
 * object()), so check() can rebuild it. */
int ftf_value_stable(unsigned i);
size_t ftf_key_count(void);
const char *ftf_key_text(unsigned i);
const char *ftf_attr_text(unsigned i);
size_t ftf_immutable_count(void);
const char *ftf_immutable_text(unsigned i);
int ftf_immutable_reversible(unsigned i);

/* Module call arguments (A_MARGS). The spec byte's bits 0-3 pick a pattern, one letter per
 * argument: 'O' the op's second shared object, 'T' its target (a method's receiver is
 * already its target, so methods read 'T' as 'O'), 'K' a key the most recent object
 * argument (else the second object) holds when created (an index for sequences), 'V' a
 * value, fresh values first. Bits 4-7 are the selector that picks keys and values. The
 * argument count is the pattern's length clamped to the callable's arity, padded with
 * ftf_margs_pad(j). Never NULL. */
const char *ftf_margs_pattern(unsigned spec);
char ftf_margs_pad(unsigned j);

/* One rendered argument of a module call: 'T' the op's target, 'O' its second object, 'K'
 * a key with selector sel (looked up in the last 'T'/'O' object), 'V' the pool value of
 * index sel. */
struct ftf_margs_slot {
    char c;
    unsigned sel;
};

/* The arguments a module call with spec (FTF_ARG_MARGS) renders for a callable taking lo
 * to hi arguments (a method's 'T' is its second object): at most 16 into out. The renderer
 * and the probe-steered seeds (probe_seeds.c) both read them, so they cannot disagree. */
unsigned ftf_margs_slots(unsigned spec, unsigned lo, unsigned hi, int method,
                         struct ftf_margs_slot out[16]);

#endif
