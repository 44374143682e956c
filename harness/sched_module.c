/* sched_module.c - `_ftfuzz.sched_yield/spin/sleep_us`: cheap schedule points in C, because
 * the pure-Python fallbacks of repro.py cost an interpreted loop per point. */
#define PY_SSIZE_T_CLEAN
#include "sched_module.h"

#include <sched.h>
#include <stdatomic.h>
#include <time.h>

#include <sanitizer/common_interface_defs.h>

#include "tsan_capture.h"

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
 * cwd) unless told again where reports go. */
static PyObject *after_fork_child(PyObject *self, PyObject *unused)
{
    ftf_tsan_capture_after_fork();
    /* libFuzzer's death callback would write a crash artifact named after the unit its
     * parent process was running, not this child's program: the parent reports the
     * child's death itself. */
    __sanitizer_set_death_callback(NULL);
    Py_RETURN_NONE;
}

/* SpinBarrier(n).wait(): all n threads leave within a few hundred nanoseconds of each
 * other. threading.Barrier wakes its waiters one by one (tens of microseconds apart under
 * TSan), long enough for a short thread body to finish before the next one starts, and
 * then the races between them never happen. Waiters spin detached, so a stop-the-world
 * phase requested by a thread still on its way is never blocked by them. */
typedef struct {
    PyObject_HEAD
    long parties;
    atomic_long arrived;
} SpinBarrier;

static PyObject *spin_barrier_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    long parties;
    if (!PyArg_ParseTuple(args, "l", &parties))
        return NULL;
    SpinBarrier *b = (SpinBarrier *)type->tp_alloc(type, 0);
    if (b) {
        b->parties = parties;
        atomic_init(&b->arrived, 0);
    }
    return (PyObject *)b;
}

static PyObject *spin_barrier_wait(PyObject *op, PyObject *unused)
{
    SpinBarrier *b = (SpinBarrier *)op;
    atomic_fetch_add_explicit(&b->arrived, 1, memory_order_acq_rel);
    Py_BEGIN_ALLOW_THREADS
    for (unsigned long spins = 0;
         atomic_load_explicit(&b->arrived, memory_order_acquire) < b->parties; spins++)
        if (spins > 2000)
            sched_yield(); /* more threads than cores: let the late ones run */
    Py_END_ALLOW_THREADS
    Py_RETURN_NONE;
}

static PyMethodDef spin_barrier_methods[] = {
    {"wait", spin_barrier_wait, METH_NOARGS, "Arrive, and spin until all parties have."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject SpinBarrierType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "_ftfuzz.SpinBarrier",
    .tp_basicsize = sizeof(SpinBarrier),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = spin_barrier_new,
    .tp_methods = spin_barrier_methods,
    .tp_doc = "A start line for n threads that releases them together.",
};

static int exec_module(PyObject *m)
{
    if (PyType_Ready(&SpinBarrierType) < 0)
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

static PyMethodDef methods[] = {
    {"call_flags", call_flags, METH_O, "ml_flags of a C function or method descriptor."},
    {"after_fork_child", after_fork_child, METH_NOARGS, "Re-point TSan reports (in a child)."},
    {"sched_yield", sched_yield_point, METH_NOARGS, "Give up the CPU (a schedule point)."},
    {"spin", spin, METH_O, "Busy-loop n iterations."},
    {"sleep_us", sleep_us, METH_O, "Sleep n microseconds."},
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
