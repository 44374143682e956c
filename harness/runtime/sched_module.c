/* sched_module.c - the `_ftfuzz` module: cheap schedule points in C (the pure-Python
 * fallbacks of repro.py cost an interpreted loop per point), the start and finish lines,
 * the pinned overlap's rendezvous (meet), and the runner's helpers (pin, call_flags,
 * after_fork_child, call_unchecked, exec_mortal). */
#define PY_SSIZE_T_CLEAN
#include "runtime/sched_module.h"

#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <sanitizer/common_interface_defs.h>

#include "runtime/mortal.h"
#include "runtime/tsan_capture.h"

static PyObject *sched_yield_point(PyObject *self, PyObject *unused)
{
    Py_BEGIN_ALLOW_THREADS
    sched_yield();
    Py_END_ALLOW_THREADS
    Py_RETURN_NONE;
}

static PyObject *spin(PyObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    for (volatile long i = 0; i < n; i++)
        ;
    Py_RETURN_NONE;
}

/* ThreadSanitizer's own entry points, which no public header declares: between
 * begin and end the calling thread's memory accesses (thread) or its locks and atomics
 * (sync) go unrecorded (compiler-rt's tsan_interface.cpp and tsan_interface_ann.cpp). */
void __tsan_ignore_thread_begin(void);
void __tsan_ignore_thread_end(void);
void AnnotateIgnoreSyncBegin(const char *file, int line);
void AnnotateIgnoreSyncEnd(const char *file, int line);

/* The calling thread unseen by ThreadSanitizer between these: neither its memory
 * accesses nor its locks and atomics are recorded. */
static void unchecked_begin(void)
{
    __tsan_ignore_thread_begin();
    AnnotateIgnoreSyncBegin(__FILE__, __LINE__);
}

static void unchecked_end(void)
{
    AnnotateIgnoreSyncEnd(__FILE__, __LINE__);
    __tsan_ignore_thread_end();
}

/* call_unchecked(fn, *args): fn(*args) unseen by ThreadSanitizer, for the harness's own
 * work that is no program's:
 * - compiling a program (runner.compile_program): it compiles on one thread while none of
 *   its threads runs, and the release that starts them comes after, so their races lose
 *   nothing; checking the parser's and compiler's every access and atomic was most of a
 *   program's cost beyond running it (15.1 ms -> 6.6 ms per compile of a 190-line
 *   program; 4.1 ms with ci/build/cpython-tsan-ignore.txt in the build);
 * - a look at threads that are still running (their Python stacks on a hang or an oom):
 *   those reads race with the threads by nature, and their reports would be ftfuzz's own
 *   races stored as the program's (seven frame races, `PyFrame_GetBack vs take_ownership`
 *   and the like, beside one oom finding). */
static PyObject *call_unchecked(PyObject *self, PyObject *args)
{
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n < 1 || !PyCallable_Check(PyTuple_GET_ITEM(args, 0))) {
        PyErr_SetString(PyExc_TypeError, "call_unchecked(fn, *args): fn must be callable");
        return NULL;
    }
    PyObject *rest = PyTuple_GetSlice(args, 1, n);
    if (!rest)
        return NULL;
    unchecked_begin();
    PyObject *r = PyObject_Call(PyTuple_GET_ITEM(args, 0), rest, NULL);
    unchecked_end();
    Py_DECREF(rest);
    return r;
}

/* exec_mortal(code, ns): exec(code, ns), its functions, classes and code objects left
 * mortal (mortal.h). Otherwise CPython 3.13t makes every function and class a program
 * defines immortal, and with them their code and globals: a worker kept every program
 * it ever ran (over 60 programs of the bench shape, +850 live objects even with each
 * namespace cleared), and aged: slower and larger with every program. */
static PyObject *exec_mortal(PyObject *self, PyObject *args)
{
    PyObject *code, *ns;
    if (!PyArg_ParseTuple(args, "O!O!:exec_mortal", &PyCode_Type, &code, &PyDict_Type, &ns))
        return NULL;
    ftf_mortal_begin();
    PyObject *r = PyEval_EvalCode(code, ns, ns);
    ftf_mortal_end();
    return r;
}

static PyObject *sleep_us(PyObject *self, PyObject *arg)
{
    long us = PyLong_AsLong(arg);
    if (us == -1 && PyErr_Occurred())
        return NULL;
    struct timespec ts = {.tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000};
    Py_BEGIN_ALLOW_THREADS
    nanosleep(&ts, NULL);
    Py_END_ALLOW_THREADS
    Py_RETURN_NONE;
}

/* A forked child's sanitizer runtime reopens its report file by pid (".<pid>" in the
 * cwd) unless told again where reports go. A child must not outlive the process that
 * forked it: a worker that exits mid-run (a hang stored, --stop-on-finding) would leave
 * a deadlocked child running for ever. */
static PyObject *after_fork_child(PyObject *self, PyObject *unused)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    ftf_tsan_capture_after_fork();
    /* libFuzzer's death callback would write a crash artifact named after the unit its
     * parent process was running, not this child's program: the parent reports the
     * child's death itself. */
    __sanitizer_set_death_callback(NULL);
    Py_RETURN_NONE;
}

/* SpinBarrier(n[, timeout]): the start and finish lines of n thread bodies. A body calls
 * `end = barrier.wait()` first and `end.finish()` last.
 *
 * At the start all n threads leave within a few hundred nanoseconds of each other.
 * threading.Barrier wakes its waiters one by one (tens of microseconds apart under TSan),
 * long enough for a short thread body to finish before the next one starts, and then the
 * races between them never happen. Waiters spin detached, so a stop-the-world phase
 * requested by a thread still on its way is never blocked by them.
 *
 * At the finish no thread leaves until all have arrived. A race with a thread that had
 * already left its program mostly went unreported: racy_global's bump() from two threads,
 * replayed 20 times, showed 2/20 to 5/20 without the finish line.
 *
 * Nothing a thread touches after its body may be touched by a thread still on its way
 * out of the start line: TSan takes any such pair of atomic updates (a shared counter, a
 * shared object's reference count) as an order and sees the late thread's whole body
 * after the other's, hiding every race between them (3/20 with one shared counter). So
 * the lines count on separate variables, and wait() makes the finish-line handle (its
 * caller's own object) before it arrives. A waiter gives up after timeout seconds, so a
 * hung thread does not keep the others. */
typedef struct {
    PyObject_HEAD
    long parties;
    double timeout;
    atomic_long started;
    atomic_long finished;
} SpinBarrier;

typedef struct {
    PyObject_HEAD
    SpinBarrier *barrier;
} FinishLine;

static PyObject *spin_barrier_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    long parties;
    double timeout = 3600.0;
    if (!PyArg_ParseTuple(args, "l|d", &parties, &timeout))
        return NULL;
    if (parties < 1) {
        PyErr_SetString(PyExc_ValueError, "SpinBarrier needs at least one party");
        return NULL;
    }
    SpinBarrier *b = (SpinBarrier *)type->tp_alloc(type, 0);
    if (b) {
        b->parties = parties;
        b->timeout = timeout;
        atomic_init(&b->started, 0);
        atomic_init(&b->finished, 0);
    }
    return (PyObject *)b;
}

/* Waiting must not show in TSan's history. TSan keeps a bounded trace of each thread's
 * recent events and silently drops a race whose earlier access it can no longer find the
 * stack of; a thread that finished its body and spun at the finish line with
 * instrumented loads, clock reads and naps filled its trace and lost its body's accesses
 * (bench/MEASUREMENTS.md). So the loop reads the counter and the clock outside TSan, and one acquire load
 * after it orders the waiter after everyone's arrival. */
__attribute__((no_sanitize("thread"))) static long count_now(atomic_long *count)
{
    return atomic_load_explicit(count, memory_order_relaxed);
}

static double monotonic_s(void)
{
    struct timespec ts;
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts); /* not TSan's clock_gettime */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Spinning this long, waiters start sleeping between looks: at the start line everyone
 * arrives within it, and at the finish a thread may wait for seconds. */
#define SPIN_BARRIER_BUSY_S 0.01

static void arrive_and_wait(atomic_long *count, long parties, double timeout)
{
    atomic_fetch_add_explicit(count, 1, memory_order_acq_rel);
    Py_BEGIN_ALLOW_THREADS
    double start = monotonic_s();
    for (unsigned long spins = 0; count_now(count) < parties; spins++) {
        if (spins <= 2000)
            continue;
        double waited = monotonic_s() - start;
        if (waited > timeout)
            break;
        if (waited < SPIN_BARRIER_BUSY_S) {
            sched_yield(); /* more threads than cores: let the late ones run */
        } else {
            struct timespec nap = {0, 50000};
            syscall(SYS_nanosleep, &nap, NULL); /* not TSan's nanosleep */
        }
    }
    (void)atomic_load_explicit(count, memory_order_acquire);
    Py_END_ALLOW_THREADS
}

static PyTypeObject FinishLineType;

/* The pinned overlap's rendezvous (src/program.h, struct ftf_pin): meet(side, n) is
 * meeting n of a program's; it waits until the other side has reached meeting n too (or
 * passed it, or left its loop), then returns at once, so both sides start their op within
 * a few hundred nanoseconds of each other. ThreadSanitizer sees none of it: the counters
 * are read and written outside its view, with no acquire and no release it could take as
 * an order, so meeting adds no happens-before edge between the two ops it lines up. The
 * thread stays attached while it spins (detaching and attaching again reads CPython's
 * shared QSBR sequence with acquire, an order TSan would see); past MEET_ATTACHED_S it
 * lets a stop-the-world phase through between looks, and past MEET_GIVE_UP_S it gives up.
 * One program runs at a time in a process; meet_reset() starts each one (its rendering
 * calls it at load, before any of its threads starts). */
#define MEET_ATTACHED_S 0.001
#define MEET_GIVE_UP_S 1.0

static long meet_reached[2]; /* meetings reached so far, per side */
static long meet_passed[2];  /* meetings passed so far, per side */
static long meet_beat[2];    /* bumped on every look while a side waits for the other */
static long meet_left[2];    /* 1 once a side left its loop */

/* Beats of the other side that show it runs at the same time as the watcher. */
#define MEET_BEATS 64

__attribute__((no_sanitize("thread"))) static void meet_set(long *slot, long v)
{
    __atomic_store_n(slot, v, __ATOMIC_RELAXED);
}

__attribute__((no_sanitize("thread"))) static long meet_get(const long *slot)
{
    return __atomic_load_n(slot, __ATOMIC_RELAXED);
}

static PyObject *meet_reset(PyObject *self, PyObject *unused)
{
    for (int s = 0; s < 2; s++) {
        meet_set(&meet_reached[s], 0);
        meet_set(&meet_passed[s], 0);
        meet_set(&meet_left[s], 0);
    }
    Py_RETURN_NONE;
}

static long meet_side(PyObject *arg)
{
    long side = PyLong_AsLong(arg);
    if (side == -1 && PyErr_Occurred())
        return -1;
    if (side < 0 || side > 1) {
        PyErr_SetString(PyExc_ValueError, "a meeting's side is 0 or 1");
        return -1;
    }
    return side;
}

/* Spin until ready(), or until the side gives up (MEET_GIVE_UP_S, after MEET_ATTACHED_S
 * of looks that let a stop-the-world phase through), calling beat() on every look. */
static void meet_spin(int (*ready)(long), long n, long *beat)
{
    double start = 0.0;
    for (unsigned long spins = 0; !ready(n); spins++) {
        if (beat)
            meet_set(beat, meet_get(beat) + 1);
        if (spins < 4096)
            continue;
        double now = monotonic_s();
        if (start == 0.0)
            start = now;
        if (now - start > MEET_GIVE_UP_S)
            return;
        if (now - start > MEET_ATTACHED_S) {
            Py_BEGIN_ALLOW_THREADS
            sched_yield();
            Py_END_ALLOW_THREADS
        }
    }
}

static _Thread_local long meet_this_side; /* the caller's side, for the ready() tests */

static int other_arrived(long n)
{
    long o = 1 - meet_this_side;
    return meet_get(&meet_reached[o]) >= n + 1 || meet_get(&meet_left[o]);
}

static _Thread_local long meet_beat_base;

/* The other side is on a CPU now: its beat moved while this side watched, or it has
 * already passed this meeting (having seen this side's beat move). */
static int other_running(long n)
{
    long o = 1 - meet_this_side;
    return meet_get(&meet_beat[o]) - meet_beat_base >= MEET_BEATS ||
           meet_get(&meet_passed[o]) >= n + 1 || meet_get(&meet_left[o]);
}

static PyObject *meet(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "meet(side, n) takes two arguments");
        return NULL;
    }
    long side = meet_side(args[0]);
    long n = PyLong_AsLong(args[1]);
    if (side < 0 || (n == -1 && PyErr_Occurred()))
        return NULL;
    meet_this_side = side;
    /* Arrived: wait for the other. Then, since both may be arrived without both being on
     * a CPU (on a loaded machine the one that arrived first is often descheduled, and
     * the other would run its op alone), beat and wait until the other's beat moves:
     * then both run at this moment, and leave within a few loads of each other. */
    meet_set(&meet_reached[side], n + 1);
    meet_spin(other_arrived, n, NULL);
    meet_beat_base = meet_get(&meet_beat[1 - side]);
    meet_spin(other_running, n, &meet_beat[side]);
    meet_set(&meet_passed[side], n + 1);
    Py_RETURN_NONE;
}

static PyObject *meet_done(PyObject *self, PyObject *arg)
{
    long side = meet_side(arg);
    if (side < 0)
        return NULL;
    meet_set(&meet_left[side], 1);
    Py_RETURN_NONE;
}

static PyObject *spin_barrier_wait(PyObject *op, PyObject *unused)
{
    SpinBarrier *b = (SpinBarrier *)op;
    FinishLine *end = PyObject_New(FinishLine, &FinishLineType);
    if (!end)
        return NULL;
    end->barrier = (SpinBarrier *)Py_NewRef(op);
    arrive_and_wait(&b->started, b->parties, b->timeout);
    return (PyObject *)end;
}

static PyObject *finish_line_finish(PyObject *op, PyObject *unused)
{
    SpinBarrier *b = ((FinishLine *)op)->barrier;
    arrive_and_wait(&b->finished, b->parties, b->timeout);
    Py_RETURN_NONE;
}

static void finish_line_dealloc(PyObject *op)
{
    Py_DECREF(((FinishLine *)op)->barrier);
    PyObject_Free(op);
}

static PyMethodDef spin_barrier_methods[] = {
    {"wait", spin_barrier_wait, METH_NOARGS,
     "The start line: arrive, leave with all parties; returns the finish line."},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef finish_line_methods[] = {
    {"finish", finish_line_finish, METH_NOARGS, "Arrive, then wait for all parties."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject SpinBarrierType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "_ftfuzz.SpinBarrier",
    .tp_basicsize = sizeof(SpinBarrier),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = spin_barrier_new,
    .tp_methods = spin_barrier_methods,
    .tp_doc = "Start and finish lines for n thread bodies (see sched_module.c).",
};

static PyTypeObject FinishLineType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "_ftfuzz.FinishLine",
    .tp_basicsize = sizeof(FinishLine),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_dealloc = finish_line_dealloc,
    .tp_methods = finish_line_methods,
    .tp_doc = "One thread's way to a SpinBarrier's finish line.",
};

static int exec_module(PyObject *m)
{
    if (PyType_Ready(&SpinBarrierType) < 0 || PyType_Ready(&FinishLineType) < 0 ||
        PyModule_AddObjectRef(m, "FinishLine", (PyObject *)&FinishLineType) < 0)
        return -1;
    return PyModule_AddObjectRef(m, "SpinBarrier", (PyObject *)&SpinBarrierType);
}

/* A C function's calling convention (ml_flags), or None for anything else: the module
 * describer's arity guess for functions without a text signature (METH_NOARGS takes no
 * argument and METH_O one; calling them otherwise only raises TypeError). */
static PyObject *call_flags(PyObject *self, PyObject *fn)
{
    if (PyCFunction_Check(fn))
        return PyLong_FromLong(PyCFunction_GET_FLAGS(fn));
    if (Py_IS_TYPE(fn, &PyMethodDescr_Type))
        return PyLong_FromLong(((PyMethodDescrObject *)fn)->d_method->ml_flags);
    Py_RETURN_NONE;
}

/* Defined in CPython (Objects/object.c; declared in its internal pycore_object.h). */
extern void _Py_SetImmortal(PyObject *op);

/* pin(obj): make obj immortal, so reference counting no longer touches it. Every thread
 * that loads a shared object (a module, a function) increments and decrements its
 * reference count with sequentially consistent atomics, and TSan takes each such pair
 * as an order between the threads: a race in the module's code then shows only when
 * the other thread's access falls between one thread's write and its next call
 * (bench/MEASUREMENTS.md). For objects that live as long as the interpreter anyway (a
 * module, its functions and types), immortality changes nothing else. */
/* Where the run in flight is (sched_module.h), for the crash handler. */
static atomic_int run_phase;

int ftf_sched_run_phase(void)
{
    return atomic_load(&run_phase);
}

static PyObject *set_phase(PyObject *self, PyObject *arg)
{
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    atomic_store(&run_phase, (int)v);
    Py_RETURN_NONE;
}

static PyObject *pin(PyObject *self, PyObject *obj)
{
    _Py_SetImmortal(obj);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"pin", pin, METH_O, "Make an object that lives as long as the interpreter immortal."},
    {"set_phase", set_phase, METH_O, "Where the run is: 1 loading the program, 2 running it."},
    {"call_flags", call_flags, METH_O, "ml_flags of a C function or method descriptor."},
    {"after_fork_child", after_fork_child, METH_NOARGS, "Re-point TSan reports (in a child)."},
    {"sched_yield", sched_yield_point, METH_NOARGS, "Give up the CPU (a schedule point)."},
    {"spin", spin, METH_O, "Busy-loop n iterations."},
    {"meet", (PyCFunction)(void (*)(void))meet, METH_FASTCALL,
     "meet(side, n): the pinned overlap's meeting n, unseen by ThreadSanitizer."},
    {"meet_done", meet_done, METH_O, "meet_done(side): this side will not meet any more."},
    {"meet_reset", meet_reset, METH_NOARGS, "Start a program's meeting afresh."},
    {"sleep_us", sleep_us, METH_O, "Sleep n microseconds."},
    {"call_unchecked", call_unchecked, METH_VARARGS,
     "fn(*args) without race checks on this thread (a look at running threads)."},
    {"exec_mortal", exec_mortal, METH_VARARGS,
     "exec(code, ns), leaving what it defines mortal (3.13t immortalizes it)."},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, exec_module},
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
    {0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, .m_name = "_ftfuzz", .m_doc = "ftfuzz schedule points",
    .m_size = 0, .m_methods = methods, .m_slots = slots,
};

PyObject *ftf_sched_module_init(void)
{
    return PyModuleDef_Init(&module);
}
