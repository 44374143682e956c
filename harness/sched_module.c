/* sched_module.c - `_ftfuzz.sched_yield/spin/sleep_us`: cheap schedule points in C, because
 * the pure-Python fallbacks of repro.py cost an interpreted loop per point. */
#define PY_SSIZE_T_CLEAN
#include "sched_module.h"

#include <sched.h>
#include <time.h>

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
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"after_fork_child", after_fork_child, METH_NOARGS, "Re-point TSan reports (in a child)."},
    {"sched_yield", sched_yield_point, METH_NOARGS, "Give up the CPU (a schedule point)."},
    {"spin", spin, METH_O, "Busy-loop n iterations."},
    {"sleep_us", sleep_us, METH_O, "Sleep n microseconds."},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot slots[] = {
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
