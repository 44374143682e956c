/* codec.c - fuzzer bytes <-> program, through one walker so decode and encode agree. */
#include "codec.h"

#include <string.h>

#include "ops.h"
#include "reader.h"

static const uint16_t ladder[] = {1, 2, 3, 5, 8, 13, 20, 50, 100, 200};

/* Schedule choice weights: most ops get no point, so the perturbation stays sparse. */
static const uint8_t sched_table[8] = {
    FTF_SCHED_NONE, FTF_SCHED_NONE, FTF_SCHED_NONE,  FTF_SCHED_NONE,
    FTF_SCHED_NONE, FTF_SCHED_YIELD, FTF_SCHED_SPIN, FTF_SCHED_SLEEP,
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* One walk over the program serves both directions: decoding reads each choice from the
 * input, encoding writes the program's value for it. Sharing the walk is what keeps
 * decode(encode(p)) == p as rows and fields are added. */
struct coder {
    int encoding;
    struct ftf_reader r;
    uint8_t buf[FTF_ENCODED_MAX];
    size_t len;
};

/* A choice in 0..n-1; v is the program's value when encoding. */
static unsigned field(struct coder *c, unsigned n, unsigned v)
{
    if (n == 0)
        n = 1;
    if (!c->encoding)
        return ftf_reader_choice(&c->r, n);
    unsigned b = v % n;
    if (c->len < sizeof c->buf)
        c->buf[c->len++] = (uint8_t)b;
    return b;
}

/* A choice of one element of list[0..n): the byte is its index. */
static unsigned pick8(struct coder *c, const uint8_t *list, size_t n, unsigned v)
{
    unsigned idx = 0;
    if (c->encoding)
        for (size_t i = 0; i < n; i++)
            if (list[i] == v) {
                idx = (unsigned)i;
                break;
            }
    return list[field(c, (unsigned)n, idx)];
}

static unsigned pick16(struct coder *c, const uint16_t *list, size_t n, unsigned v)
{
    unsigned idx = 0;
    if (c->encoding)
        for (size_t i = 0; i < n; i++)
            if (list[i] == v) {
                idx = (unsigned)i;
                break;
            }
    return list[field(c, (unsigned)n, idx)];
}

/* A choice of one element of list[0..n) whose byte is offset by salt: a run of equal bytes
 * (libFuzzer's favourite) then picks different elements at different positions. An
 * exhausted input still picks element 0. */
static unsigned pick16_salted(struct coder *c, const uint16_t *list, size_t n, unsigned v,
                              unsigned salt)
{
    unsigned nn = n ? (unsigned)n : 1u, idx = 0;
    if (c->encoding) {
        for (size_t i = 0; i < n; i++)
            if (list[i] == v) {
                idx = (unsigned)i;
                break;
            }
        field(c, nn, (idx + nn - salt % nn) % nn);
        return list[idx];
    }
    if (ftf_reader_exhausted(&c->r))
        return list[field(c, nn, 0)];
    return list[(field(c, nn, 0) + salt) % nn];
}

/* Op k of a thread offsets its op choice by k * FTF_OP_SALT (prime, above any kind's list
 * length, so a run of equal bytes walks the whole list). */
#define FTF_OP_SALT 97u

static void walk_op(struct coder *c, struct ftf_program *q, struct ftf_op *op, unsigned k)
{
    uint16_t codes[FTF_OPS_FOR_KIND_MAX];
    uint8_t cands[FTF_MAX_OBJS];

    op->obj = (uint8_t)field(c, q->n_objs, op->obj);
    unsigned kind = q->objs[op->obj].kind;
    size_t n = ftf_ops_for_kind(kind, q->has_module, codes);
    op->code = (uint16_t)pick16_salted(c, codes, n, op->code, k * FTF_OP_SALT);
    const struct ftf_op_info *row = ftf_op_info(op->code);

    if (row->obj2_kinds) {
        /* The target's own kind is always accepted (a table rule, tested), so the list
         * is never empty. */
        size_t nc = 0;
        for (unsigned i = 0; i < q->n_objs; i++)
            if (row->obj2_kinds & (1u << q->objs[i].kind))
                cands[nc++] = (uint8_t)i;
        op->obj2 = (uint8_t)pick8(c, cands, nc, op->obj2);
    } else {
        op->obj2 = (uint8_t)field(c, 1, 0);
    }
    op->arg = (uint8_t)field(c, ftf_arg_range(row->arg1), op->arg);
    op->arg2 = (uint8_t)field(c, ftf_arg_range(row->arg2), op->arg2);
    op->sched = (uint8_t)pick8(c, sched_table, COUNT_OF(sched_table), op->sched);
    if (ftf_sched_info(op->sched)->per_step)
        op->sched_arg = (uint8_t)field(c, FTF_SCHED_ARG_MAX + 1, op->sched_arg);
    else
        op->sched_arg = (uint8_t)field(c, 1, 0);
}

/* The pin, after the threads: one byte for on (1 in 8 of them: a rendezvous is for the
 * minimiser's replays, a sparse perturbation for the fuzzer's), then side 0's thread and
 * op, side 1's thread as an offset from side 0's (so it is another thread) and its op,
 * and whether they meet every iteration. */
#define PIN_ON_BYTE 7u

static void walk_pin(struct coder *c, struct ftf_program *q)
{
    struct ftf_pin *pin = &q->pin;
    unsigned on = field(c, PIN_ON_BYTE + 1, pin->on ? PIN_ON_BYTE : 0) == PIN_ON_BYTE;
    if (!on) {
        *pin = (struct ftf_pin){0};
        return;
    }
    unsigned n = q->n_threads;
    pin->on = 1;
    pin->thread[0] = (uint8_t)field(c, n, pin->thread[0]);
    pin->op[0] = (uint8_t)field(c, q->threads[pin->thread[0]].n_ops, pin->op[0]);
    unsigned off = (pin->thread[1] + n - pin->thread[0] - 1u) % n;
    pin->thread[1] = (uint8_t)((pin->thread[0] + 1u + field(c, n - 1, off)) % n);
    pin->op[1] = (uint8_t)field(c, q->threads[pin->thread[1]].n_ops, pin->op[1]);
    pin->every = (uint8_t)field(c, 2, pin->every);
}

static void walk(struct coder *c, struct ftf_program *q, const struct ftf_limits *lim)
{
    unsigned max_threads = lim->max_threads ? lim->max_threads : FTF_MAX_THREADS;
    if (max_threads < FTF_MIN_THREADS)
        max_threads = FTF_MIN_THREADS;
    if (max_threads > FTF_MAX_THREADS)
        max_threads = FTF_MAX_THREADS;
    size_t n_iters = 0;
    while (n_iters < COUNT_OF(ladder) &&
           (!lim->max_iters || ladder[n_iters] <= lim->max_iters))
        n_iters++;
    if (n_iters == 0)
        n_iters = 1;

    q->has_module = lim->has_module ? 1 : 0;
    q->n_threads = (uint8_t)(FTF_MIN_THREADS +
                             field(c, max_threads - FTF_MIN_THREADS + 1,
                                   (unsigned)q->n_threads - FTF_MIN_THREADS));
    q->n_objs = (uint8_t)(1 + field(c, FTF_MAX_OBJS, (unsigned)q->n_objs - 1));

    uint8_t kinds[FTF_KINDS_MAX];
    size_t n_kinds = ftf_kinds_available(q->has_module, kinds);
    for (unsigned i = 0; i < q->n_objs; i++) {
        struct ftf_object *o = &q->objs[i];
        o->kind = (uint8_t)pick8(c, kinds, n_kinds, o->kind);
        o->variant = (uint8_t)field(c, ftf_kind_info(o->kind)->variants, o->variant);
        if (o->kind == FTF_K_ITER)
            o->source = (uint8_t)field(c, q->n_objs + (unsigned)ftf_immutable_count(),
                                       o->source);
        else
            o->source = (uint8_t)field(c, 1, 0);
    }

    /* A thread that starts once the input is used up repeats the threads before it (t
     * modulo their number) rather than decoding to the smallest thread: a short input
     * still stresses what it describes with every thread its header asked for. Encoding
     * writes every thread, so it never relies on this. */
    unsigned given = q->n_threads;
    for (unsigned t = 0; t < q->n_threads; t++) {
        struct ftf_thread *th = &q->threads[t];
        if (!c->encoding && t > 0 && given == q->n_threads && ftf_reader_exhausted(&c->r))
            given = t;
        if (t >= given) {
            *th = q->threads[t % given];
            continue;
        }
        th->iters = (uint16_t)pick16(c, ladder, n_iters, th->iters);
        th->n_ops = (uint8_t)(1 + field(c, FTF_MAX_OPS, (unsigned)th->n_ops - 1));
        for (unsigned k = 0; k < th->n_ops; k++)
            walk_op(c, q, &th->ops[k], k);
    }
    walk_pin(c, q);
}

void ftf_decode(const uint8_t *data, size_t size, const struct ftf_limits *lim,
                struct ftf_program *out)
{
    static const struct ftf_limits none;
    struct coder c = {.encoding = 0};
    ftf_reader_init(&c.r, data, size);
    memset(out, 0, sizeof *out);
    walk(&c, out, lim ? lim : &none);
}

size_t ftf_encode(const struct ftf_program *p, uint8_t *buf, size_t cap)
{
    /* Walk a copy: the walker writes back the canonical values it encodes. */
    struct ftf_program q = *p;
    struct ftf_limits lim = {.max_threads = FTF_MAX_THREADS, .has_module = p->has_module};
    struct coder c = {.encoding = 1};
    walk(&c, &q, &lim);
    /* An unpinned program ends on the pin's off byte, 0, which an exhausted input reads
     * anyway: left out, programs encode as they did before pins existed. */
    if (!q.pin.on && c.len > 0 && c.buf[c.len - 1] == 0)
        c.len--;
    if (c.len > cap || !buf)
        return c.len;
    memcpy(buf, c.buf, c.len);
    return c.len;
}

size_t ftf_iters_ladder(const uint16_t **out)
{
    *out = ladder;
    return COUNT_OF(ladder);
}

uint16_t ftf_iters_at_most(const struct ftf_limits *lim, unsigned cap)
{
    uint16_t best = ladder[0];
    for (size_t i = 0; i < COUNT_OF(ladder); i++)
        if (ladder[i] <= cap && (!lim->max_iters || ladder[i] <= lim->max_iters))
            best = ladder[i];
    return best;
}

int ftf_decodable(const struct ftf_program *p, const struct ftf_limits *lim)
{
    uint8_t buf[FTF_ENCODED_MAX + 64];
    size_t n = ftf_encode(p, buf, sizeof buf);
    if (n > sizeof buf)
        return 0;
    struct ftf_program back;
    ftf_decode(buf, n, lim, &back);
    return ftf_program_equal(p, &back);
}
