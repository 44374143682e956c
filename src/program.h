/* program.h - the program IR: shared objects, threads, ops and schedule points. */
#ifndef FTF_PROGRAM_H
#define FTF_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#define FTF_MAX_THREADS 16
#define FTF_MIN_THREADS 2
#define FTF_MAX_OBJS 8
#define FTF_MAX_OPS 16   /* per thread */

/* Shared object kinds: one X-macro row each in kinds.def (NAME, label, constructor,
 * contents, variants, flags). The ITER kind takes a source (another shared object or an
 * immutable value) and is advanced by several threads at once. */
#include "kinds.def"

enum ftf_kind {
#define FTF_KIND(name, ...) FTF_K_##name,
    FTF_KINDS(FTF_KIND)
#undef FTF_KIND
    FTF_K_COUNT
};

/* Schedule point before an op: its effect comes from the input, so it is replayed and
 * minimised with the program. X(ENUM, function, per_step): the function the rendered
 * program calls (NULL: none), and for a point with an argument the call's value per step
 * of sched_arg, (sched_arg + 1) * per_step; 0 when the call takes no argument. */
#define FTF_SCHED_POINTS(X)                                                     \
    X(NONE, NULL, 0)                                                            \
    X(YIELD, "_fy", 0)   /* _ftfuzz.sched_yield() or os.sched_yield() */      \
    X(SPIN, "_fs", 16)   /* a busy loop of (sched_arg + 1) * 16 iterations */ \
    X(SLEEP, "_fl", 1)   /* sleep (sched_arg + 1) microseconds */

enum ftf_sched {
#define FTF_SCHED_ENUM(e, function, per_step) FTF_SCHED_##e,
    FTF_SCHED_POINTS(FTF_SCHED_ENUM)
#undef FTF_SCHED_ENUM
    FTF_SCHED_COUNT
};

/* sched_arg's range, 0..FTF_SCHED_ARG_MAX: the longest spin or sleep at the top. */
#define FTF_SCHED_ARG_MAX 7

struct ftf_sched_info {
    const char *function; /* what the rendered program calls, NULL for NONE */
    unsigned per_step; /* the call's value per step of sched_arg; 0: no argument */
};

/* The row of point s (FTF_SCHED_NONE's when out of range). */
const struct ftf_sched_info *ftf_sched_info(unsigned s);

struct ftf_object {
    uint8_t kind;     /* enum ftf_kind */
    uint8_t variant;  /* kind-specific: containers: initial element count; ITER: flavour*4 +
                         view; MODOBJ: which type (modulo the module's types) */
    uint8_t source;   /* ITER: < n_objs an object index, else n_objs + immutable index */
};

struct ftf_op {
    uint16_t code;    /* enum ftf_opcode (ops.def row) */
    uint8_t obj;      /* target shared object */
    uint8_t obj2;     /* second shared object for cross-object ops */
    uint8_t arg;      /* first argument (ops.def arg1 shape): pool index, small int, ... */
    uint8_t arg2;     /* second argument (ops.def arg2 shape) */
    uint8_t sched;    /* enum ftf_sched, point before this op */
    uint8_t sched_arg; /* points with an argument only, 0..FTF_SCHED_ARG_MAX */
};

struct ftf_thread {
    uint8_t n_ops;
    uint16_t iters;   /* loop count of this thread's op list */
    struct ftf_op ops[FTF_MAX_OPS];
};

/* The pinned overlap: two ops of two threads whose first runs start together. In its
 * first iteration each of the two threads runs its ops up to its pinned op, waits at a
 * rendezvous for the other (rendered `_fm(side)`; the wait is unseen by TSan, so it orders
 * nothing), then both run their op at once and go on looping; or they meet before every
 * iteration (every = 1; bench/MEASUREMENTS.md compares the two). Found by the minimiser
 * for a race that replays rarely; a
 * schedule point like the ones before ops, so it is encoded, replayed and rendered with
 * the program. */
struct ftf_pin {
    uint8_t on;
    uint8_t thread[2]; /* side 0 and side 1: thread indices, different */
    uint8_t op[2];     /* op index within that thread */
    uint8_t every;     /* 1: they meet before every iteration's run of the ops (lockstep),
                          0: in the first iteration only */
};

struct ftf_program {
    uint8_t has_module; /* decoded with a user's module: MODOBJ and module ops may occur */
    uint8_t n_objs;
    struct ftf_object objs[FTF_MAX_OBJS];
    uint8_t n_threads;
    struct ftf_thread threads[FTF_MAX_THREADS];
    struct ftf_pin pin;
};

/* Count of ops over all threads (not multiplied by iterations). */
size_t ftf_program_op_count(const struct ftf_program *p);

/* Take op's schedule point away (the op runs without a pause before it); 1 when it had
 * one. */
int ftf_op_clear_sched(struct ftf_op *op);

/* 1 when p's pin is on and names two different threads and ops that exist. */
int ftf_pin_valid(const struct ftf_program *p);

/* Side (0 or 1) of the pin that op k of thread t is, or -1 (no pin, or another op). */
int ftf_pin_side(const struct ftf_program *p, unsigned t, unsigned k);

/* Keep p's pin right after thread t was removed (the pin goes when it was a side, later
 * threads' indices move down), or after count ops from at of thread t were removed. */
void ftf_pin_thread_removed(struct ftf_program *p, unsigned t);
void ftf_pin_ops_removed(struct ftf_program *p, unsigned t, unsigned at, unsigned count);

/* 1 when two programs are equal field by field over their used parts. */
int ftf_program_equal(const struct ftf_program *a, const struct ftf_program *b);

#endif
