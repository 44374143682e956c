/* render_ops.c - the program's pieces as Python: shared objects, ops, module calls, threads. */
#include "render_parts.h"
#include "ident.h"
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the module, validated once ----------------------------------------------------- */

int ftf_render_entry_ok(const struct ftf_module_entry *e)
{
    return ftf_is_ident(e->name, e->owner < 0);
}

static int entry_ok(const struct ftf_render_ctx *cx, size_t i)
{
    return ftf_render_entry_ok(&cx->mod->entries[i]);
}

/* Entries that are callable at module level (functions and types). */
static size_t module_level(const struct ftf_render_ctx *cx, size_t *out)
{
    size_t n = 0;
    for (size_t i = 0; cx->mod && i < cx->n_entries; i++)
        if (entry_ok(cx, i) && cx->mod->entries[i].owner < 0)
            out[n++] = i;
    return n;
}

/* The type entry a MODOBJ object instantiates, or -1. */
static long modobj_type(const struct ftf_render_ctx *cx, unsigned obj)
{
    size_t types[FTF_MODULE_MAX_ENTRIES], n = 0;
    for (size_t i = 0; cx->mod && i < cx->n_entries; i++)
        if (entry_ok(cx, i) && cx->mod->entries[i].is_type && cx->mod->entries[i].owner < 0)
            types[n++] = i;
    if (n == 0)
        return -1;
    return (long)types[cx->p->objs[obj].variant % n];
}

/* ---- pieces --------------------------------------------------------------------------- */

typedef void (*ph_fn)(struct ftf_sb *b, char ph, const struct ftf_render_ctx *cx, unsigned obj);

/* Expand a template: "$x" calls fn(x); other text is copied. */
static void expand(struct ftf_sb *b, const char *tmpl, ph_fn fn, const struct ftf_render_ctx *cx,
                   unsigned obj)
{
    const char *s = tmpl;
    while (*s) {
        const char *d = strchr(s, '$');
        if (!d || !d[1]) {
            ftf_sb_puts(b, s);
            return;
        }
        ftf_sb_putn(b, s, (size_t)(d - s));
        fn(b, d[1], cx, obj);
        s = d + 2;
    }
}

static void emit_name(struct ftf_sb *b, unsigned obj)
{
    ftf_sb_printf(b, "S%u", obj);
}

/* Initial contents: the first ftf_contents_count() pool entries, in the kind's style;
 * values boxed in a list built at run time when the variant says so. */
static void emit_contents(struct ftf_sb *b, const struct ftf_kind_info *ki, unsigned variant)
{
    unsigned n = ftf_contents_count(ki, variant);
    int boxed = ftf_contents_boxed(ki, variant);
    const char *lb = boxed ? "[" : "", *rb = boxed ? "]" : "";
    for (unsigned j = 0; j < n; j++) {
        const char *sep = j ? ", " : "";
        const char *val = ftf_value_text(j % (unsigned)ftf_literal_count());
        switch (ki->contents) {
        case FTF_KC_SEQ:
            ftf_sb_printf(b, "%s%s%s%s", sep, lb, val, rb);
            break;
        case FTF_KC_KEYS:
            ftf_sb_printf(b, "%s%s", sep, ftf_key_text(j));
            break;
        case FTF_KC_PAIRS:
            ftf_sb_printf(b, "%s%s: %s%s%s", sep, ftf_key_text(j), lb, val, rb);
            break;
        case FTF_KC_COUNTS:
            ftf_sb_printf(b, "%s%s: %u", sep, ftf_key_text(j), j + 1);
            break;
        case FTF_KC_BYTES:
            ftf_sb_printf(b, "%c", 'a' + j % 26);
            break;
        default:
            return;
        }
    }
}

static void ctor_ph(struct ftf_sb *b, char ph, const struct ftf_render_ctx *cx, unsigned obj)
{
    const struct ftf_object *o = &cx->p->objs[obj];
    const struct ftf_kind_info *ki = ftf_kind_info(o->kind);
    if (ph == 'e')
        emit_contents(b, ki, o->variant);
    else if (ph == 'i')
        ftf_sb_printf(b, "%u", obj);
}

/* The iterable an ITER object reads, and whether reversed() accepts it. */
static int emit_iter_source(struct ftf_sb *b, const struct ftf_render_ctx *cx, unsigned obj)
{
    const struct ftf_object *o = &cx->p->objs[obj];
    unsigned src = o->source;
    if (src < cx->p->n_objs) {
        const struct ftf_kind_info *si = ftf_kind_info(cx->p->objs[src].kind);
        if (si && (si->flags & FTF_KF_SOURCE)) {
            static const char *const views[FTF_ITER_VIEWS] = {"", ".keys()", ".values()",
                                                              ".items()"};
            emit_name(b, src);
            if (si->flags & FTF_KF_MAPPING)
                ftf_sb_puts(b, views[o->variant % FTF_ITER_VIEWS]);
            return (si->flags & FTF_KF_REV) != 0;
        }
    }
    unsigned imm = (src < cx->p->n_objs ? src : src - cx->p->n_objs);
    ftf_sb_puts(b, ftf_immutable_text(imm));
    return ftf_immutable_reversible(imm);
}

static void flavour_ph(struct ftf_sb *b, char ph, const struct ftf_render_ctx *cx, unsigned obj)
{
    if (ph == 's')
        emit_iter_source(b, cx, obj);
}

void ftf_render_emit_ctor(struct ftf_sb *b, const struct ftf_render_ctx *cx, unsigned obj)
{
    const struct ftf_object *o = &cx->p->objs[obj];
    const struct ftf_kind_info *ki = ftf_kind_info(o->kind);
    if (!ki) {
        ftf_sb_puts(b, "None");
        return;
    }
    if (o->kind == FTF_K_ITER) {
        const struct ftf_flavour_info *fl =
            ftf_flavour_info((unsigned)(o->variant / FTF_ITER_VIEWS) % FTF_FLAV_NUM);
        /* Probe reversibility first, so creation never raises (reversed(set) would). */
        struct ftf_sb probe = {0};
        int rev = emit_iter_source(&probe, cx, obj);
        free(probe.s);
        if (fl->needs_rev && !rev)
            fl = ftf_flavour_info(FTF_FLAV_ITER);
        expand(b, fl->text, flavour_ph, cx, obj);
        return;
    }
    if (o->kind == FTF_K_MODOBJ) {
        long te = modobj_type(cx, obj);
        if (te < 0)
            ftf_sb_puts(b, "object()");
        else
        {
            ftf_sb_puts(b, cx->mod->name);
            ftf_sb_puts(b, ".");
            ftf_sb_puts(b, cx->mod->entries[te].name);
            ftf_sb_puts(b, "()");
        }
        return;
    }
    expand(b, ki->ctor, ctor_ph, cx, obj);
}

static void arg_nothing(struct ftf_sb *b, unsigned v)
{
    (void)b;
    (void)v;
}

static void arg_value(struct ftf_sb *b, unsigned v)
{
    ftf_sb_puts(b, ftf_value_text(v));
}

static void arg_key(struct ftf_sb *b, unsigned v)
{
    ftf_sb_puts(b, ftf_key_text(v));
}

static void arg_number(struct ftf_sb *b, unsigned v)
{
    ftf_sb_printf(b, "%u", v);
}

static void arg_signed(struct ftf_sb *b, unsigned v)
{
    ftf_sb_printf(b, "%d", (int)(v % 8) - 4);
}

static void arg_attr(struct ftf_sb *b, unsigned v)
{
    ftf_sb_puts(b, ftf_attr_text(v));
}

/* How each argument shape renders (ops.h's ftf_argtype; its range is ops.c's). */
static void (*const arg_emitters[FTF_ARG_TYPES])(struct ftf_sb *, unsigned) = {
    [FTF_ARG_NONE] = arg_nothing, [FTF_ARG_VAL] = arg_value,   [FTF_ARG_KEY] = arg_key,
    [FTF_ARG_INT] = arg_number,   [FTF_ARG_SINT] = arg_signed, [FTF_ARG_BYTE] = arg_number,
    [FTF_ARG_ATTR] = arg_attr,    [FTF_ARG_MOD] = arg_number,  [FTF_ARG_MARGS] = arg_number,
};

static void emit_arg(struct ftf_sb *b, unsigned type, unsigned v)
{
    if (type < FTF_ARG_TYPES && arg_emitters[type])
        arg_emitters[type](b, v);
}

/* A key for a module call's argument: one the reference object held when it was
 * created (its first ftf_contents_count() pool keys; an index for sequences), else a pool
 * key. */
static void emit_margs_key(struct ftf_sb *b, const struct ftf_render_ctx *cx, unsigned ref,
                           unsigned sel)
{
    const struct ftf_object *o = &cx->p->objs[ref];
    const struct ftf_kind_info *ki = ftf_kind_info(o->kind);
    unsigned n = ftf_contents_count(ki, o->variant);
    if (n == 0) {
        ftf_sb_puts(b, ftf_key_text(sel));
        return;
    }
    switch (ki->contents) {
    case FTF_KC_SEQ:
    case FTF_KC_BYTES:
        ftf_sb_printf(b, "%u", sel % n);
        break;
    default:
        ftf_sb_puts(b, ftf_key_text(sel % n));
        break;
    }
}

/* Arguments of a module call (ops.h, ftf_margs_pattern): the pattern in arg2's bits 0-3,
 * clamped to the callable's arity; keys and values picked by bits 4-7. */
static void emit_margs(struct ftf_sb *b, const struct ftf_render_ctx *cx,
                       const struct ftf_module_entry *e, int method)
{
    struct ftf_margs_slot slots[16];
    unsigned n = ftf_margs_slots(cx->op->arg2, e->min_args, e->max_args, method, slots);
    unsigned ref = cx->op->obj2; /* what a key is looked up in */
    ftf_sb_puts(b, "(");
    for (unsigned j = 0; j < n; j++) {
        if (j)
            ftf_sb_puts(b, ", ");
        switch (slots[j].c) {
        case 'T':
            ref = cx->op->obj;
            emit_name(b, ref);
            break;
        case 'O':
            ref = cx->op->obj2;
            emit_name(b, ref);
            break;
        case 'K':
            emit_margs_key(b, cx, ref, slots[j].sel);
            break;
        default:
            ftf_sb_puts(b, ftf_value_text(slots[j].sel));
            break;
        }
    }
    ftf_sb_puts(b, ")");
}

/* The entry a module op (cx->op) calls, and in *method whether on its target (the methods
 * of a MODOBJ's type; a type without methods: a module-level call); -1: none. */
static long called_entry(const struct ftf_render_ctx *cx, int *method)
{
    size_t cands[FTF_MODULE_MAX_ENTRIES], n = 0;
    *method = 0;
    if (cx->op->code == FTF_OP_MOD_METHOD) {
        long te = modobj_type(cx, cx->op->obj);
        for (size_t i = 0; te >= 0 && i < cx->n_entries; i++)
            if (entry_ok(cx, i) && cx->mod->entries[i].owner == te &&
                !cx->mod->entries[i].is_type)
                cands[n++] = i;
        if (n > 0) {
            *method = 1;
            return (long)cands[cx->op->arg % n];
        }
    }
    n = module_level(cx, cands);
    return n > 0 ? (long)cands[cx->op->arg % n] : -1;
}

long ftf_render_called_entry(const struct ftf_program *p, const struct ftf_op *op,
                             const struct ftf_module_desc *mod, int *method)
{
    struct ftf_render_ctx cx = {.p = p, .op = op};
    *method = 0;
    if (!mod || !ftf_is_ident(mod->name, 1) || op->obj >= p->n_objs ||
        (op->code != FTF_OP_MOD_CALL && op->code != FTF_OP_MOD_METHOD))
        return -1;
    cx.mod = mod;
    cx.n_entries = mod->n_entries < FTF_MODULE_MAX_ENTRIES ? mod->n_entries
                                                           : FTF_MODULE_MAX_ENTRIES;
    return called_entry(&cx, method);
}

/* A module call (the op's 'F') or a method call on its target ('m'). */
static void emit_call(struct ftf_sb *b, const struct ftf_render_ctx *cx)
{
    int method = 0;
    long e = cx->mod ? called_entry(cx, &method) : -1;
    if (e < 0) {
        ftf_sb_puts(b, "pass");
        return;
    }
    if (method) {
        emit_name(b, cx->op->obj);
    } else {
        ftf_sb_puts(b, cx->mod->name);
    }
    ftf_sb_puts(b, ".");
    ftf_sb_puts(b, cx->mod->entries[e].name);
    emit_margs(b, cx, &cx->mod->entries[e], method);
}

static void op_ph(struct ftf_sb *b, char ph, const struct ftf_render_ctx *cx, unsigned obj)
{
    const struct ftf_op *op = cx->op;
    switch (ph) {
    case 'o':
        emit_name(b, obj);
        break;
    case 'p':
        emit_name(b, op->obj2);
        break;
    case 'q':
        /* An iterator that may never end is read a bounded slice at a time. */
        if (ftf_kind_info(cx->p->objs[op->obj2].kind)->flags & FTF_KF_UNBOUNDED) {
            ftf_sb_puts(b, "itertools.islice(");
            emit_name(b, op->obj2);
            ftf_sb_puts(b, ", 16)");
        } else {
            emit_name(b, op->obj2);
        }
        break;
    case '1':
        emit_arg(b, cx->row->arg1, op->arg);
        break;
    case '2':
        emit_arg(b, cx->row->arg2, op->arg2);
        break;
    case 't':
        ftf_sb_printf(b, "_TK | _i << 8 | %u", cx->t * FTF_MAX_OPS + cx->k);
        break;
    case 'c':
        ftf_render_emit_ctor(b, cx, obj);
        break;
    case 'F':
    case 'm':
        emit_call(b, cx);
        break;
    default:
        ftf_sb_printf(b, "$%c", ph);
        break;
    }
}

int ftf_render_is_checked(const struct ftf_render_ctx *cx, unsigned obj)
{
    return obj < 32 && (cx->checked >> obj & 1u);
}

int ftf_render_op_valid(const struct ftf_program *p, const struct ftf_op *op)
{
    const struct ftf_op_info *row = ftf_op_info(op->code);
    return row && op->obj < p->n_objs && op->obj2 < p->n_objs;
}

#define IND_OP "        " /* inside def and for */

/* Lines of b so far (its newlines). */
static unsigned lines_so_far(const struct ftf_sb *b)
{
    unsigned n = 0;
    for (size_t i = 0; i < b->len; i++)
        n += b->s[i] == '\n';
    return n;
}

/* The pinned overlap's meeting before op k of thread t, when it is a side of the pin
 * (program.h, struct ftf_pin; _fm is _ftfuzz.meet or render.c's fallback), after the
 * op's own schedule point. */
static void emit_meeting(struct ftf_sb *b, const struct ftf_render_ctx *cx)
{
    int side = ftf_pin_side(cx->p, cx->t, cx->k);
    if (side < 0)
        return;
    if (cx->p->pin.every)
        ftf_sb_printf(b, IND_OP "_fm(%d, _i)  # the pinned overlap: both racing ops start "
                             "together\n", side);
    else
        ftf_sb_printf(b, IND_OP "if _i == 0: _fm(%d, 0)  # the pinned overlap: both racing ops "
                             "start together\n", side);
}

/* 1 when a row's exception list names Exception (or BaseException), which would catch
 * SystemError too. */
static int allows_every_exception(const char *exc)
{
    for (const char *p = exc; (p = strstr(p, "Exception")); p += 9) {
        int starts = p == exc || p[-1] == ' ' || p[-1] == ',' ||
                     (p - exc >= 4 && !strncmp(p - 4, "Base", 4));
        int ends = p[9] == '\0' || p[9] == ',';
        if (starts && ends)
            return 1;
    }
    return 0;
}

static void emit_op(struct ftf_sb *b, struct ftf_render_ctx *cx)
{
    const struct ftf_op *op = cx->op;
    const struct ftf_op_info *row = cx->row;

    const struct ftf_sched_info *point = ftf_sched_info(op->sched);
    if (point->function && point->per_step)
        ftf_sb_printf(b, IND_OP "%s(%u)\n", point->function,
                      (op->sched_arg + 1u) * point->per_step);
    else if (point->function)
        ftf_sb_printf(b, IND_OP "%s()\n", point->function);
    emit_meeting(b, cx);

    int has_try = row->exc[0] != '\0';
    const char *ind = has_try ? IND_OP "    " : IND_OP;
    int record = ftf_render_is_checked(cx, op->obj) &&
                 (row->role == FTF_ROLE_TAKE || row->role == FTF_ROLE_TAKE_KEY);
    if (has_try)
        ftf_sb_puts(b, IND_OP "try:\n");
    ftf_sb_puts(b, ind);
    if (cx->map)
        cx->map->line[cx->t][cx->k] = lines_so_far(b) + 1;
    if (record && row->role == FTF_ROLE_TAKE)
        ftf_sb_printf(b, "_took_t%u_S%u.append(", cx->t, op->obj);
    expand(b, row->text, op_ph, cx, op->obj);
    if (record && row->role == FTF_ROLE_TAKE)
        ftf_sb_puts(b, ")");
    if (row->flags & FTF_OF_NOTE)
        ftf_sb_printf(b, "  # %s", row->name);
    ftf_sb_puts(b, "\n");
    if (record && row->role == FTF_ROLE_TAKE_KEY) {
        ftf_sb_printf(b, "%s_took_t%u_S%u.append(", ind, cx->t, op->obj);
        emit_arg(b, row->arg1, op->arg);
        ftf_sb_puts(b, ")\n");
    }
    if (has_try) {
        /* SystemError is CPython's own bug, whatever a row allows. */
        if (allows_every_exception(row->exc)) { /* one line each: a module op stays 4 lines */
            ftf_sb_puts(b, IND_OP "except SystemError: raise\n");
            ftf_sb_printf(b, IND_OP "except %s: pass\n", row->exc);
        } else {
            int many = strchr(row->exc, ',') != NULL;
            ftf_sb_printf(b, IND_OP "except %s%s%s:\n", many ? "(" : "", row->exc,
                          many ? ")" : "");
            ftf_sb_puts(b, IND_OP "    pass\n");
        }
    }
}


/* True when an op's text rebinds its target ("$o = ...", "$o += ..."): the thread then
 * declares the shared names global. */
static int rebinds_target(const char *text)
{
    for (const char *o = strstr(text, "$o "); o; o = strstr(o + 1, "$o ")) {
        const char *q = o + 3;
        size_t n = strspn(q, "+-*/|&^%<>@");
        int comparison = n == 1 && (q[0] == '<' || q[0] == '>'); /* <= and >= */
        if (q[n] == '=' && q[n + 1] != '=' && !comparison)
            return 1;
    }
    return 0;
}

void ftf_render_emit_thread(struct ftf_sb *b, struct ftf_render_ctx *cx, unsigned t)
{
    const struct ftf_thread *th = &cx->p->threads[t];
    ftf_sb_printf(b, "\n\ndef t%u():\n", t);
    int rebinds = 0;
    for (unsigned k = 0; k < th->n_ops && k < FTF_MAX_OPS; k++)
        if (ftf_render_op_valid(cx->p, &th->ops[k]))
            rebinds |= rebinds_target(ftf_op_info(th->ops[k].code)->text);
    if (rebinds) { /* RECREATE, +=, *=: the shared names are rebound */
        ftf_sb_puts(b, "    global ");
        for (unsigned i = 0; i < cx->p->n_objs; i++)
            ftf_sb_printf(b, "%sS%u", i ? ", " : "", i);
        ftf_sb_puts(b, "\n");
    }
    ftf_sb_printf(b, "    for _i in range(%u):\n", th->iters);
    unsigned emitted = 0;
    for (unsigned k = 0; k < th->n_ops && k < FTF_MAX_OPS; k++) {
        if (!ftf_render_op_valid(cx->p, &th->ops[k]))
            continue;
        cx->t = t;
        cx->k = k;
        cx->op = &th->ops[k];
        cx->row = ftf_op_info(th->ops[k].code);
        emit_op(b, cx);
        if (cx->map)
            cx->map->last[t][k] = lines_so_far(b);
        emitted++;
    }
    if (!emitted)
        ftf_sb_puts(b, IND_OP "pass\n");
}

