/* render.c - program -> Python source, driven by the op and kind tables.
 *
 * The contract with harness/runtime/runner.py: HARNESS mode renders a module that, exec'd in a
 * fresh namespace, defines
 *   _fy() / _fs(n) / _fl(us)  schedule points, from _ftfuzz or a pure-Python fallback;
 *   ERRORS   list of (thread index, traceback text) of exceptions no row allows;
 *   S0..Sn   the shared objects, module globals;
 *   t0..tk   thread functions taking one threading.Barrier, waiting on it, then looping
 *            their ops; each op sits in a try that allows exactly its row's exceptions;
 *   THREADS  [t0, t1, ...];
 *   check()  the atomicity oracle: a list of str, one per broken conservation (empty =
 *            fine). It returns [] when ERRORS is not empty: a thread that stopped early
 *            left its additions unknown.
 * STANDALONE mode (repro.py) adds a leading docstring on how to run it and a __main__
 * driver that runs THREADS from a spin start line, ROUNDS times (FTFUZZ_ROUNDS, default
 * 10) in fresh namespaces, prints ERRORS and check() to stderr and exits 1 at the first
 * round with anything, else 0.
 *
 * Conservation check (objects in ftf_render_checked()): every element added is either
 * still there or was taken, exactly once. Adds are deterministic, so check() rebuilds them
 * from the program (tokens are _TK | iteration << 8 | thread * 16 + op); takes are
 * recorded in per-thread, per-object lists _took_tT_SO. */
#include "render.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a growable string; an allocation failure sticks and is reported at the end ---- */

struct sb {
    char *s;
    size_t len, cap;
    int oom;
};

static void sb_putn(struct sb *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *s2 = realloc(b->s, cap);
        if (!s2) {
            b->oom = 1;
            return;
        }
        b->s = s2;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void sb_puts(struct sb *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static void sb_printf(struct sb *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = 1;
        return;
    }
    /* Every format here is short; a longer result would be a bug, so keep it visible. */
    sb_putn(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* ---- the module, validated once ----------------------------------------------------- */

static int is_ident(const char *s, int dotted)
{
    if (!s || !*s)
        return 0;
    int start = 1;
    for (; *s; s++) {
        char ch = *s;
        int alpha = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
        int digit = ch >= '0' && ch <= '9';
        if (dotted && ch == '.' && !start) {
            start = 1;
            continue;
        }
        if (!(alpha || (digit && !start)))
            return 0;
        start = 0;
    }
    return !start;
}

struct ctx {
    const struct ftf_program *p;
    const struct ftf_module_desc *mod; /* NULL unless usable */
    size_t n_entries;
    uint32_t checked;
    struct ftf_render_map *map; /* NULL unless asked for */
    /* The op being rendered. */
    unsigned t, k;
    const struct ftf_op *op;
    const struct ftf_op_info *row;
};

static int entry_ok(const struct ctx *cx, size_t i)
{
    return is_ident(cx->mod->entries[i].name, 0);
}

/* Entries that are callable at module level (functions and types). */
static size_t module_level(const struct ctx *cx, size_t *out)
{
    size_t n = 0;
    for (size_t i = 0; cx->mod && i < cx->n_entries; i++)
        if (entry_ok(cx, i) && cx->mod->entries[i].owner < 0)
            out[n++] = i;
    return n;
}

/* The type entry a MODOBJ object instantiates, or -1. */
static long modobj_type(const struct ctx *cx, unsigned obj)
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

typedef void (*ph_fn)(struct sb *b, char ph, const struct ctx *cx, unsigned obj);

/* Expand a template: "$x" calls fn(x); other text is copied. */
static void expand(struct sb *b, const char *tmpl, ph_fn fn, const struct ctx *cx,
                   unsigned obj)
{
    const char *s = tmpl;
    while (*s) {
        const char *d = strchr(s, '$');
        if (!d || !d[1]) {
            sb_puts(b, s);
            return;
        }
        sb_putn(b, s, (size_t)(d - s));
        fn(b, d[1], cx, obj);
        s = d + 2;
    }
}

static void emit_name(struct sb *b, unsigned obj)
{
    sb_printf(b, "S%u", obj);
}

/* Initial contents: the first ftf_contents_count() pool entries, in the kind's style;
 * values boxed in a list built at run time when the variant says so. */
static void emit_contents(struct sb *b, const struct ftf_kind_info *ki, unsigned variant)
{
    unsigned n = ftf_contents_count(ki, variant);
    int boxed = ftf_contents_boxed(ki, variant);
    const char *lb = boxed ? "[" : "", *rb = boxed ? "]" : "";
    for (unsigned j = 0; j < n; j++) {
        const char *sep = j ? ", " : "";
        const char *val = ftf_value_text(j % (unsigned)ftf_literal_count());
        switch (ki->contents) {
        case FTF_KC_SEQ:
            sb_printf(b, "%s%s%s%s", sep, lb, val, rb);
            break;
        case FTF_KC_KEYS:
            sb_printf(b, "%s%s", sep, ftf_key_text(j));
            break;
        case FTF_KC_PAIRS:
            sb_printf(b, "%s%s: %s%s%s", sep, ftf_key_text(j), lb, val, rb);
            break;
        case FTF_KC_COUNTS:
            sb_printf(b, "%s%s: %u", sep, ftf_key_text(j), j + 1);
            break;
        case FTF_KC_BYTES:
            sb_printf(b, "%c", 'a' + j % 26);
            break;
        default:
            return;
        }
    }
}

static void ctor_ph(struct sb *b, char ph, const struct ctx *cx, unsigned obj)
{
    const struct ftf_object *o = &cx->p->objs[obj];
    const struct ftf_kind_info *ki = ftf_kind_info(o->kind);
    if (ph == 'e')
        emit_contents(b, ki, o->variant);
    else if (ph == 'i')
        sb_printf(b, "%u", obj);
}

/* The iterable an ITER object reads, and whether reversed() accepts it. */
static int emit_iter_source(struct sb *b, const struct ctx *cx, unsigned obj)
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
                sb_puts(b, views[o->variant % FTF_ITER_VIEWS]);
            return (si->flags & FTF_KF_REV) != 0;
        }
    }
    unsigned imm = (src < cx->p->n_objs ? src : src - cx->p->n_objs);
    sb_puts(b, ftf_immutable_text(imm));
    return ftf_immutable_reversible(imm);
}

static void flavour_ph(struct sb *b, char ph, const struct ctx *cx, unsigned obj)
{
    if (ph == 's')
        emit_iter_source(b, cx, obj);
}

static void emit_ctor(struct sb *b, const struct ctx *cx, unsigned obj)
{
    const struct ftf_object *o = &cx->p->objs[obj];
    const struct ftf_kind_info *ki = ftf_kind_info(o->kind);
    if (!ki) {
        sb_puts(b, "None");
        return;
    }
    if (o->kind == FTF_K_ITER) {
        const struct ftf_flavour_info *fl =
            ftf_flavour_info((unsigned)(o->variant / FTF_ITER_VIEWS) % FTF_FLAV_NUM);
        /* Probe reversibility first, so creation never raises (reversed(set) would). */
        struct sb probe = {0};
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
            sb_puts(b, "object()");
        else
        {
            sb_puts(b, cx->mod->name);
            sb_puts(b, ".");
            sb_puts(b, cx->mod->entries[te].name);
            sb_puts(b, "()");
        }
        return;
    }
    expand(b, ki->ctor, ctor_ph, cx, obj);
}

static void emit_arg(struct sb *b, unsigned type, unsigned v)
{
    switch (type) {
    case FTF_ARG_VAL:
        sb_puts(b, ftf_value_text(v));
        break;
    case FTF_ARG_KEY:
        sb_puts(b, ftf_key_text(v));
        break;
    case FTF_ARG_INT:
    case FTF_ARG_BYTE:
    case FTF_ARG_MOD:
    case FTF_ARG_MARGS:
        sb_printf(b, "%u", v);
        break;
    case FTF_ARG_SINT:
        sb_printf(b, "%d", (int)(v % 8) - 4);
        break;
    case FTF_ARG_ATTR:
        sb_puts(b, ftf_attr_text(v));
        break;
    default:
        break;
    }
}

/* A key for a module call's argument: one the reference object held when it was
 * created (its first ftf_contents_count() pool keys; an index for sequences), else a pool
 * key. */
static void emit_margs_key(struct sb *b, const struct ctx *cx, unsigned ref, unsigned sel)
{
    const struct ftf_object *o = &cx->p->objs[ref];
    const struct ftf_kind_info *ki = ftf_kind_info(o->kind);
    unsigned n = ftf_contents_count(ki, o->variant);
    if (n == 0) {
        sb_puts(b, ftf_key_text(sel));
        return;
    }
    switch (ki->contents) {
    case FTF_KC_SEQ:
    case FTF_KC_BYTES:
        sb_printf(b, "%u", sel % n);
        break;
    default:
        sb_puts(b, ftf_key_text(sel % n));
        break;
    }
}

/* Arguments of a module call (ops.h, ftf_margs_pattern): the pattern in arg2's bits 0-3,
 * clamped to the callable's arity; keys and values picked by bits 4-7. */
static void emit_margs(struct sb *b, const struct ctx *cx, const struct ftf_module_entry *e,
                       int method)
{
    unsigned spec = cx->op->arg2, sel = spec >> 4;
    const char *pat = ftf_margs_pattern(spec);
    unsigned len = (unsigned)strlen(pat);
    unsigned lo = e->min_args, hi = e->max_args < e->min_args ? e->min_args : e->max_args;
    unsigned n = len < lo ? lo : len > hi ? hi : len;
    if (n > 16)
        n = 16;
    unsigned ref = cx->op->obj2; /* what a key is looked up in */
    unsigned nvals = (unsigned)ftf_value_count(), nlit = (unsigned)ftf_literal_count();
    sb_puts(b, "(");
    for (unsigned j = 0; j < n; j++) {
        char c = j < len ? pat[j] : ftf_margs_pad(j);
        if (j)
            sb_puts(b, ", ");
        if (c == 'T' && method)
            c = 'O';
        switch (c) {
        case 'T':
            ref = cx->op->obj;
            emit_name(b, ref);
            break;
        case 'O':
            ref = cx->op->obj2;
            emit_name(b, ref);
            break;
        case 'K':
            emit_margs_key(b, cx, ref, sel + j);
            break;
        default: /* 'V': fresh values first, then the literals */
            sb_puts(b, ftf_value_text((nlit + sel + j) % nvals));
            break;
        }
    }
    sb_puts(b, ")");
}

static void emit_module_call(struct sb *b, const struct ctx *cx)
{
    size_t cands[FTF_MODULE_MAX_ENTRIES];
    size_t n = module_level(cx, cands);
    if (n == 0) {
        sb_puts(b, "pass");
        return;
    }
    const struct ftf_module_entry *e = &cx->mod->entries[cands[cx->op->arg % n]];
    sb_puts(b, cx->mod->name);
    sb_puts(b, ".");
    sb_puts(b, e->name);
    emit_margs(b, cx, e, 0);
}

static void emit_method_call(struct sb *b, const struct ctx *cx)
{
    size_t cands[FTF_MODULE_MAX_ENTRIES], n = 0;
    long te = modobj_type(cx, cx->op->obj);
    for (size_t i = 0; te >= 0 && i < cx->n_entries; i++)
        if (entry_ok(cx, i) && cx->mod->entries[i].owner == te && !cx->mod->entries[i].is_type)
            cands[n++] = i;
    if (n == 0) {
        /* A type without methods: the op still exercises the module. */
        emit_module_call(b, cx);
        return;
    }
    const struct ftf_module_entry *e = &cx->mod->entries[cands[cx->op->arg % n]];
    emit_name(b, cx->op->obj);
    sb_puts(b, ".");
    sb_puts(b, e->name);
    emit_margs(b, cx, e, 1);
}

static void op_ph(struct sb *b, char ph, const struct ctx *cx, unsigned obj)
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
            sb_puts(b, "itertools.islice(");
            emit_name(b, op->obj2);
            sb_puts(b, ", 16)");
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
        sb_printf(b, "_TK | _i << 8 | %u", cx->t * FTF_MAX_OPS + cx->k);
        break;
    case 'c':
        emit_ctor(b, cx, obj);
        break;
    case 'F':
        emit_module_call(b, cx);
        break;
    case 'm':
        emit_method_call(b, cx);
        break;
    default:
        sb_printf(b, "$%c", ph);
        break;
    }
}

/* 1-based number of the line b's next character starts. */
static unsigned line_now(const struct sb *b)
{
    unsigned n = 1;
    for (size_t i = 0; i < b->len; i++)
        n += b->s[i] == '\n';
    return n;
}

static int is_checked(const struct ctx *cx, unsigned obj)
{
    return obj < 32 && (cx->checked >> obj & 1u);
}

static int op_valid(const struct ftf_program *p, const struct ftf_op *op)
{
    const struct ftf_op_info *row = ftf_op_info(op->code);
    return row && op->obj < p->n_objs && op->obj2 < p->n_objs;
}

#define IND_OP "            " /* inside def, try and for */

static void emit_op(struct sb *b, struct ctx *cx)
{
    const struct ftf_op *op = cx->op;
    const struct ftf_op_info *row = cx->row;

    switch (op->sched) {
    case FTF_SCHED_YIELD:
        sb_puts(b, IND_OP "_fy()\n");
        break;
    case FTF_SCHED_SPIN:
        sb_printf(b, IND_OP "_fs(%u)\n", (op->sched_arg + 1u) * 16u);
        break;
    case FTF_SCHED_SLEEP:
        sb_printf(b, IND_OP "_fl(%u)\n", op->sched_arg + 1u);
        break;
    default:
        break;
    }
    int side = ftf_pin_side(cx->p, cx->t, cx->k);
    if (side >= 0)
    {
        if (cx->p->pin.every)
            sb_printf(b, IND_OP "_fm(%d, _i)  # the pinned overlap: both racing ops start "
                             "together\n", side);
        else
            sb_printf(b, IND_OP "if _i == 0:  # the pinned overlap: both racing ops start "
                             "together\n" IND_OP "    _fm(%d, 0)\n", side);
    }

    int has_try = row->exc[0] != '\0';
    const char *ind = has_try ? IND_OP "    " : IND_OP;
    int record = is_checked(cx, op->obj) &&
                 (row->role == FTF_ROLE_TAKE || row->role == FTF_ROLE_TAKE_KEY);
    if (has_try)
        sb_puts(b, IND_OP "try:\n");
    sb_puts(b, ind);
    if (cx->map)
        cx->map->line[cx->t][cx->k] = line_now(b);
    if (record && row->role == FTF_ROLE_TAKE)
        sb_printf(b, "_took_t%u_S%u.append(", cx->t, op->obj);
    expand(b, row->text, op_ph, cx, op->obj);
    if (record && row->role == FTF_ROLE_TAKE)
        sb_puts(b, ")");
    if (row->flags & FTF_OF_NOTE)
        sb_printf(b, "  # %s", row->name);
    sb_puts(b, "\n");
    if (record && row->role == FTF_ROLE_TAKE_KEY) {
        sb_printf(b, "%s_took_t%u_S%u.append(", ind, cx->t, op->obj);
        emit_arg(b, row->arg1, op->arg);
        sb_puts(b, ")\n");
    }
    if (has_try) {
        int many = strchr(row->exc, ',') != NULL;
        sb_printf(b, IND_OP "except %s%s%s:\n", many ? "(" : "", row->exc, many ? ")" : "");
        sb_puts(b, IND_OP "    pass\n");
    }
}

static void emit_thread(struct sb *b, struct ctx *cx, unsigned t)
{
    const struct ftf_thread *th = &cx->p->threads[t];
    sb_printf(b, "\n\ndef t%u(_barrier):\n", t);
    /* Ops may rebind any shared name (RECREATE, +=), so all are declared global. */
    sb_puts(b, "    global ");
    for (unsigned i = 0; i < cx->p->n_objs; i++)
        sb_printf(b, "%sS%u", i ? ", " : "", i);
    sb_puts(b, "\n    _end = _barrier.wait()\n    try:\n");
    sb_printf(b, "        for _i in range(%u):\n", th->iters);
    unsigned emitted = 0;
    for (unsigned k = 0; k < th->n_ops && k < FTF_MAX_OPS; k++) {
        if (!op_valid(cx->p, &th->ops[k]))
            continue;
        cx->t = t;
        cx->k = k;
        cx->op = &th->ops[k];
        cx->row = ftf_op_info(th->ops[k].code);
        emit_op(b, cx);
        emitted++;
    }
    if (!emitted)
        sb_puts(b, IND_OP "pass\n");
    sb_puts(b, "    except BaseException:\n");
    sb_printf(b, "        ERRORS.append((%u, traceback.format_exc()))\n", t);
    /* No thread leaves while another is still running: TSan mostly missed races with a
     * thread that had (harness/runtime/sched_module.c, SpinBarrier). */
    sb_puts(b, "    finally:\n");
    for (int side = 0; side < 2; side++)
        if (ftf_pin_valid(cx->p) && cx->p->pin.thread[side] == t)
            sb_printf(b, "        _fmd(%d)  # no more meetings on this side\n", side);
    sb_puts(b, "        _end.finish()\n");
}

/* ---- the atomicity oracle -------------------------------------------------------------- */

uint32_t ftf_render_checked(const struct ftf_program *p)
{
    uint32_t conserving = 0, broken = 0, checked = 0;
    for (unsigned t = 0; t < p->n_threads && t < FTF_MAX_THREADS; t++) {
        const struct ftf_thread *th = &p->threads[t];
        for (unsigned k = 0; k < th->n_ops && k < FTF_MAX_OPS; k++) {
            const struct ftf_op *op = &th->ops[k];
            if (!op_valid(p, op))
                continue;
            const struct ftf_op_info *row = ftf_op_info(op->code);
            if (row->obj2_kinds && (row->flags & FTF_OF_STORE))
                broken |= 1u << op->obj2;
            if (row->role == FTF_ROLE_MUTATE)
                broken |= 1u << op->obj;
            else if (row->role == FTF_ROLE_ADD && row->arg1 == FTF_ARG_VAL &&
                     !strstr(row->text, "$t") && !ftf_value_stable(op->arg))
                broken |= 1u << op->obj; /* check() cannot rebuild what it added */
            else if (row->arg2 == FTF_ARG_MARGS && strchr(ftf_margs_pattern(op->arg2), 'T'))
                broken |= 1u << op->obj; /* handed to a user's function */
            else if (row->role != FTF_ROLE_READ)
                conserving |= 1u << op->obj;
        }
    }
    for (unsigned i = 0; i < p->n_objs && i < FTF_MAX_OBJS; i++) {
        const struct ftf_kind_info *ki = ftf_kind_info(p->objs[i].kind);
        if (ki && (ki->flags & FTF_KF_CHECK) && (conserving >> i & 1u) && !(broken >> i & 1u))
            checked |= 1u << i;
    }
    return checked;
}

static int thread_takes(const struct ftf_program *p, unsigned t, unsigned obj)
{
    const struct ftf_thread *th = &p->threads[t];
    for (unsigned k = 0; k < th->n_ops && k < FTF_MAX_OPS; k++) {
        const struct ftf_op *op = &th->ops[k];
        if (!op_valid(p, op) || op->obj != obj)
            continue;
        unsigned role = ftf_op_info(op->code)->role;
        if (role == FTF_ROLE_TAKE || role == FTF_ROLE_TAKE_KEY)
            return 1;
    }
    return 0;
}

static void emit_check_obj(struct sb *b, struct ctx *cx, unsigned obj)
{
    const struct ftf_program *p = cx->p;
    const struct ftf_kind_info *ki = ftf_kind_info(p->objs[obj].kind);

    /* A comment naming the rows involved, in first-use order. */
    int seen[FTF_OP_COUNT] = {0};
    sb_printf(b, "    # S%u (%s):", obj, ki->label);
    for (unsigned t = 0; t < p->n_threads; t++)
        for (unsigned k = 0; k < p->threads[t].n_ops; k++) {
            const struct ftf_op *op = &p->threads[t].ops[k];
            if (!op_valid(p, op) || op->obj != obj || seen[op->code])
                continue;
            seen[op->code] = 1;
            sb_printf(b, " %s", ftf_op_info(op->code)->name);
        }
    sb_puts(b, "\n");

    sb_printf(b, "    bad += _conserved('S%u (%s)', _init_S%u", obj, ki->label, obj);
    for (unsigned t = 0; t < p->n_threads; t++) {
        const struct ftf_thread *th = &p->threads[t];
        for (unsigned k = 0; k < th->n_ops; k++) {
            const struct ftf_op *op = &th->ops[k];
            if (!op_valid(p, op) || op->obj != obj)
                continue;
            const struct ftf_op_info *row = ftf_op_info(op->code);
            if (row->role != FTF_ROLE_ADD)
                continue;
            if (strstr(row->text, "$t"))
                sb_printf(b, " + [_TK | _i << 8 | %u for _i in range(%u)]",
                          t * FTF_MAX_OPS + k, th->iters);
            else if (ftf_value_fresh(op->arg))
                sb_printf(b, " + [%s for _i in range(%u)]", ftf_value_text(op->arg),
                          th->iters);
            else
                sb_printf(b, " + [%s] * %u", ftf_value_text(op->arg), th->iters);
        }
    }
    sb_printf(b, ",\n                      list(S%u)", obj);
    for (unsigned t = 0; t < p->n_threads; t++)
        if (thread_takes(p, t, obj))
            sb_printf(b, " + _took_t%u_S%u", t, obj);
    sb_puts(b, ")\n");
}

static void emit_check(struct sb *b, struct ctx *cx)
{
    sb_puts(b, "\n\ndef check():\n"
               "    \"\"\"Atomicity oracle: return a list of str, one per broken guarantee "
               "(empty = fine).\"\"\"\n");
    if (!cx->checked) {
        sb_puts(b, "    return []\n");
        return;
    }
    sb_puts(b, "    if ERRORS:\n"
               "        return []  # a thread stopped early: what it added is unknown\n"
               "    bad = []\n");
    for (unsigned i = 0; i < cx->p->n_objs; i++)
        if (is_checked(cx, i))
            emit_check_obj(b, cx, i);
    sb_puts(b, "    return bad\n");
}

/* ---- the whole module ------------------------------------------------------------------ */

static const char standalone_doc[] =
    "\"\"\"ftfuzz reproducer: a generated concurrent program for free-threaded CPython.\n"
    "\n"
    "Run it on any free-threaded build:\n"
    "    python3.13t repro.py\n"
    "Run it on the ThreadSanitizer build (ftfuzz's CPython), with CPython's suppressions\n"
    "for its known reports (Tools/tsan/suppressions_free_threading.txt in its source):\n"
    "    TSAN_OPTIONS=suppressions=SUPPRESSIONS_FILE PREFIX/bin/python3.13t repro.py\n"
    "It runs the program FTFUZZ_ROUNDS times (default 10): races need lucky overlaps.\n"
    "Exit status 1 when a thread raised an exception its op does not allow or check()\n"
    "found a broken atomicity guarantee, else 0.\n"
    "\"\"\"\n";

static const char prelude[] =
    "import collections, gc, itertools, operator, pickle, traceback\n";

static const char sched_fallback[] =
    "try:\n"
    "    from _ftfuzz import sched_yield as _fy, spin as _fs, sleep_us as _fl\n"
    "except ImportError:  # standalone: pure-Python schedule points\n"
    "    import os, time\n"
    "    _fy = getattr(os, 'sched_yield', lambda: time.sleep(0))\n"
    "\n"
    "    def _fs(n):\n"
    "        for _ in range(n):\n"
    "            pass\n"
    "\n"
    "    def _fl(us):\n"
    "        time.sleep(us / 1e6)\n";

/* The pinned overlap's rendezvous (program.h, struct ftf_pin). In ftfuzz, _ftfuzz.meet
 * waits unseen by ThreadSanitizer; the fallback spins on plain attributes of one object
 * per side: a Lock or an Event would order the two threads for ThreadSanitizer and hide
 * the very race they line up. Each side writes only its own object (the number of
 * meetings it reached, a small int: immortal, reading it touches no reference count),
 * and a side that left its loop says so, so the other never waits for a meeting that
 * will not come. */
static const char meet_fallback[] =
    "try:\n"
    "    from _ftfuzz import meet as _fm, meet_done as _fmd, meet_reset as _fmr\n"
    "except ImportError:  # standalone: the rendezvous spins on plain attributes\n"
    "    class _Side:\n"
    "        def __init__(self):\n"
    "            self.reached = 0\n"
    "            self.done = False\n"
    "\n"
    "    _SIDES = (_Side(), _Side())\n"
    "\n"
    "    def _fmr():\n"
    "        pass  # each round execs a fresh namespace, with fresh sides\n"
    "\n"
    "    def _fm(side, n, _sides=_SIDES):\n"
    "        me, other = _sides[side], _sides[1 - side]\n"
    "        me.reached = n + 1\n"
    "        while other.reached <= n and not other.done:\n"
    "            pass\n"
    "\n"
    "    def _fmd(side, _sides=_SIDES):\n"
    "        _sides[side].done = True\n"
    "_fmr()\n";

static const char obj_class[] =
    "\n\nclass _Obj:\n"
    "    def __init__(self):\n"
    "        self.n = 0\n"
    "        self.a = 1\n";

static const char conserved_fn[] =
    "\n\ndef _conserved(what, before, after):\n"
    "    # Multisets compared by repr: elements may be unhashable; pool values and tokens\n"
    "    # have distinct reprs.\n"
    "    a = collections.Counter(map(repr, before))\n"
    "    b = collections.Counter(map(repr, after))\n"
    "    if a == b:\n"
    "        return []\n"
    "    lost = sorted((a - b).elements())[:8]\n"
    "    extra = sorted((b - a).elements())[:8]\n"
    "    return ['%s: elements not conserved: lost %s, duplicated or forged %s'\n"
    "            % (what, lost, extra)]\n";

/* The standalone driver. Threads start on a spin line, not threading.Barrier alone:
 * a Barrier wakes its waiters one by one, far enough apart that short bodies never
 * overlap (the harness's C SpinBarrier exists for the same reason). And it runs the
 * program ROUNDS times, each round in a fresh namespace from this file's own text, so
 * check()'s bookkeeping stays per round: a race that needs a lucky overlap gets that
 * many chances, as a repeated `ftfuzz repro` would give it. */
static const char driver[] =
    "\n\nclass _SpinLine:\n"
    "    \"\"\"Start line: all threads arrive, then all leave at once (busy-waiting).\n"
    "    wait() returns the thread's own way to the finish line, where no thread ends\n"
    "    before the others (ThreadSanitizer mostly misses a race with a thread that has\n"
    "    ended). Nothing a thread touches at the finish is touched by one still leaving\n"
    "    the start: ThreadSanitizer would take that as an order between them.\"\"\"\n"
    "    def __init__(self, n):\n"
    "        import threading\n"
    "        self.n, self.arrived, self.lock = n, 0, threading.Lock()\n"
    "        self.end = _EndLine(n)\n"
    "\n"
    "    def wait(self):\n"
    "        end = _Finish(self.end)\n"
    "        with self.lock:\n"
    "            self.arrived += 1\n"
    "        while self.arrived < self.n:\n"
    "            pass\n"
    "        return end\n"
    "\n"
    "\n"
    "class _EndLine:\n"
    "    def __init__(self, n):\n"
    "        import threading\n"
    "        self.n, self.arrived, self.lock = n, 0, threading.Lock()\n"
    "\n"
    "\n"
    "class _Finish:\n"
    "    def __init__(self, line):\n"
    "        self.line = line\n"
    "\n"
    "    def finish(self):\n"
    "        line = self.line\n"
    "        with line.lock:\n"
    "            line.arrived += 1\n"
    "        while line.arrived < line.n:\n"
    "            pass\n"
    "\n"
    "\n"
    "if __name__ == \"__main__\":\n"
    "    import os, sys, threading\n"
    "    ROUNDS = int(os.environ.get('FTFUZZ_ROUNDS', '10'))\n"
    "    with open(__file__) as _src:\n"
    "        _code = compile(_src.read(), __file__, 'exec')\n"
    "    _failed = False\n"
    "    for _round in range(ROUNDS):\n"
    "        _ns = {'__name__': '__ftfuzz_round__', '__file__': __file__}\n"
    "        exec(_code, _ns)\n"
    "        _line = _SpinLine(len(_ns['THREADS']))\n"
    "        _ts = [threading.Thread(target=_f, args=(_line,)) for _f in _ns['THREADS']]\n"
    "        for _t in _ts:\n"
    "            _t.start()\n"
    "        for _t in _ts:\n"
    "            _t.join()\n"
    "        _msgs = _ns['check']()\n"
    "        for _n, _tb in _ns['ERRORS']:\n"
    "            print('round %d: thread %d raised:\\n%s' % (_round, _n, _tb), file=sys.stderr)\n"
    "        for _m in _msgs:\n"
    "            print('round %d: atomicity: %s' % (_round, _m), file=sys.stderr)\n"
    "        if _ns['ERRORS'] or _msgs:\n"
    "            _failed = True\n"
    "            break\n"
    "    sys.exit(1 if _failed else 0)\n";

/* The racing pair as a comment line (the caller's text, one line, or a placeholder). */
static void emit_pair_note(struct sb *b, const char *note)
{
    sb_puts(b, "# Race: ");
    for (const char *s = note ? note : "(the pinned pair)"; *s && *s != '\n'; s++)
        sb_putn(b, s, 1);
    sb_puts(b, "\n");
}

static int uses_token(const struct ftf_program *p)
{
    for (unsigned t = 0; t < p->n_threads; t++)
        for (unsigned k = 0; k < p->threads[t].n_ops; k++)
            if (op_valid(p, &p->threads[t].ops[k]) &&
                strstr(ftf_op_info(p->threads[t].ops[k].code)->text, "$t"))
                return 1;
    return 0;
}

static int has_kind(const struct ftf_program *p, unsigned kind)
{
    for (unsigned i = 0; i < p->n_objs; i++)
        if (p->objs[i].kind == kind)
            return 1;
    return 0;
}

static int program_ok(const struct ftf_program *p)
{
    if (p->n_objs < 1 || p->n_objs > FTF_MAX_OBJS || p->n_threads > FTF_MAX_THREADS)
        return 0;
    for (unsigned i = 0; i < p->n_objs; i++)
        if (p->objs[i].kind >= FTF_K_COUNT)
            return 0;
    for (unsigned t = 0; t < p->n_threads; t++)
        if (p->threads[t].n_ops > FTF_MAX_OPS)
            return 0;
    return 1;
}

char *ftf_render(const struct ftf_program *p, enum ftf_render_mode mode,
                 const struct ftf_module_desc *mod)
{
    return ftf_render_mapped(p, mode, mod, NULL, NULL);
}

char *ftf_render_mapped(const struct ftf_program *p, enum ftf_render_mode mode,
                        const struct ftf_module_desc *mod, const char *pair_note,
                        struct ftf_render_map *map)
{
    struct sb b = {0};
    struct ctx cx = {.p = p, .map = map};
    if (map)
        memset(map, 0, sizeof *map);
    if (!program_ok(p)) {
        /* Not from the decoder; render something harmless rather than read out of bounds. */
        sb_puts(&b, "ERRORS = []\nTHREADS = []\n\n\ndef check():\n    return []\n");
        goto out;
    }
    if (mod && is_ident(mod->name, 1)) {
        cx.mod = mod;
        cx.n_entries = mod->n_entries < FTF_MODULE_MAX_ENTRIES ? mod->n_entries
                                                               : FTF_MODULE_MAX_ENTRIES;
    }
    cx.checked = ftf_render_checked(p);

    if (mode == FTF_RENDER_STANDALONE) {
        sb_puts(&b, standalone_doc);
        if (ftf_pin_valid(p)) /* one line, whatever it says: the map stays right */
            emit_pair_note(&b, pair_note);
    }
    sb_puts(&b, prelude);
    if (cx.mod)
    {
        sb_puts(&b, "import ");
        sb_puts(&b, cx.mod->name);
        sb_puts(&b, "\n");
    }
    sb_puts(&b, sched_fallback);
    if (ftf_pin_valid(p))
        sb_puts(&b, meet_fallback);
    sb_puts(&b, "\nERRORS = []\n");
    if (uses_token(p))
        sb_puts(&b, "_TK = 1 << 40  # base of unique tokens: _TK | iteration << 8 | op id\n");
    int defs = 0;
    if (has_kind(p, FTF_K_INSTANCE)) {
        sb_puts(&b, obj_class);
        defs = 1;
    }
    if (cx.checked) {
        sb_puts(&b, conserved_fn);
        defs = 1;
    }

    /* Iterators last: their sources must exist first. */
    sb_puts(&b, defs ? "\n\n" : "\n");
    for (int pass = 0; pass < 2; pass++)
        for (unsigned i = 0; i < p->n_objs; i++) {
            if ((p->objs[i].kind == FTF_K_ITER) != (pass == 1))
                continue;
            sb_printf(&b, "S%u = ", i);
            emit_ctor(&b, &cx, i);
            sb_printf(&b, "  # %s\n", ftf_kind_info(p->objs[i].kind)->label);
        }
    for (unsigned i = 0; i < p->n_objs; i++) {
        if (!is_checked(&cx, i))
            continue;
        sb_printf(&b, "_init_S%u = list(S%u)  # for check()\n", i, i);
        for (unsigned t = 0; t < p->n_threads; t++)
            if (thread_takes(p, t, i))
                sb_printf(&b, "_took_t%u_S%u = []  # what t%u took from S%u\n", t, i, t, i);
    }

    for (unsigned t = 0; t < p->n_threads; t++)
        emit_thread(&b, &cx, t);

    sb_puts(&b, "\n\nTHREADS = [");
    for (unsigned t = 0; t < p->n_threads; t++)
        sb_printf(&b, "%st%u", t ? ", " : "", t);
    sb_puts(&b, "]\n");

    emit_check(&b, &cx);
    if (mode == FTF_RENDER_STANDALONE)
        sb_puts(&b, driver);

out:
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
