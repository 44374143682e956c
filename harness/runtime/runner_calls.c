/* runner_calls.c - one typed C call per runner entry point besides the runs. */
#define PY_SSIZE_T_CLEAN
#include "runtime/interp_internal.h"

#include "runtime/runner_calls.h"
#include "module_desc.h"
#include "probe_journal.h"
#include "value_kinds.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* runner.fn(args built from fmt), attached; a new reference or NULL with err filled. The
 * caller converts it and calls done(). */
static PyObject *call(const char *fn, char *err, size_t errlen, const char *fmt, ...)
{
    PyObject *runner = ftf_interp_attach();
    PyObject *f = PyObject_GetAttrString(runner, fn);
    va_list ap;
    va_start(ap, fmt);
    PyObject *args = f ? Py_VaBuildValue(fmt, ap) : NULL;
    va_end(ap);
    PyObject *r = args ? PyObject_CallObject(f, args) : NULL;
    Py_XDECREF(args);
    Py_XDECREF(f);
    if (!r && err)
        ftf_interp_take_error(err, errlen);
    PyErr_Clear();
    return r;
}

static void done(PyObject *r)
{
    Py_XDECREF(r);
    ftf_interp_detach();
}

static char *str_of(PyObject *r)
{
    const char *u = r && PyUnicode_Check(r) ? PyUnicode_AsUTF8(r) : NULL;
    return u ? strdup(u) : NULL;
}

int ftf_harness_gil_enabled(void)
{
    PyObject *runner = ftf_interp_attach();
    (void)runner;
    PyObject *sys = PyImport_ImportModule("sys");
    PyObject *r = sys ? PyObject_CallMethod(sys, "_is_gil_enabled", NULL) : NULL;
    int on = r == Py_True;
    Py_XDECREF(sys);
    PyErr_Clear();
    done(r);
    return on;
}

int ftf_harness_module_desc(struct ftf_module_desc *out, char *err, size_t errlen)
{
    int rc = -1;
    memset(out, 0, sizeof *out);
    PyObject *runner = ftf_interp_attach();
    /* With a spec, programs call what the spec defines rather than the module itself. */
    PyObject *mod = PyObject_GetAttrString(runner, "spec_module");
    if (mod == Py_None) {
        Py_DECREF(mod);
        mod = PyObject_GetAttrString(runner, "user_module");
    }
    PyObject *list = mod && mod != Py_None
                         ? PyObject_CallMethod(runner, "describe_module", "i",
                                               FTF_MODULE_MAX_ENTRIES)
                         : NULL;
    if (!list || !PyList_Check(list)) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_RuntimeError, "no user module imported");
        ftf_interp_take_error(err, errlen);
        goto out;
    }
    out->name = strdup(PyModule_GetName(mod));
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list) && i < FTF_MODULE_MAX_ENTRIES; i++) {
        const char *name;
        int is_type, owner, min_args, max_args;
        if (!PyArg_ParseTuple(PyList_GET_ITEM(list, i), "siiii", &name, &is_type, &owner,
                              &min_args, &max_args)) {
            ftf_interp_take_error(err, errlen);
            goto out;
        }
        struct ftf_module_entry *e = &out->entries[out->n_entries++];
        e->name = strdup(name);
        e->is_type = (uint8_t)is_type;
        e->owner = (int8_t)owner;
        e->min_args = (uint8_t)(min_args > 8 ? 8 : min_args);
        e->max_args = (uint8_t)(max_args > 8 ? 8 : max_args);
    }
    rc = 0;
out:
    Py_XDECREF(list);
    Py_XDECREF(mod);
    ftf_interp_detach();
    return rc;
}

int ftf_harness_module_gil_declared_off(void)
{
    PyObject *r = call("gil_declared_off", NULL, 0, "()");
    int v = r == Py_True ? 1 : r == Py_False ? 0 : -1;
    done(r);
    return v;
}

int ftf_harness_module_probe(uint32_t *masks, size_t cap, double timeout, double budget,
                             const long *prior, const char *journal, char *err, size_t errlen)
{
    int rc = -1;
    PyObject *runner = ftf_interp_attach();
    (void)runner;
    PyObject *values = PyList_New(0), *r = NULL, *known = prior ? PyList_New(0) : Py_None;
    if (known == Py_None)
        Py_INCREF(known);
    /* What an earlier attempt left (probe_journal.h): None still to probe, a crash -1. */
    for (size_t i = 0; prior && known && i < cap; i++) {
        PyObject *v = prior[i] == FTF_PROBE_UNSEEN ? Py_NewRef(Py_None)
                                                   : PyLong_FromLong(prior[i] < -1 ? -1 : prior[i]);
        if (!v || PyList_Append(known, v) < 0)
            Py_CLEAR(known);
        Py_XDECREF(v);
    }
    for (unsigned k = 0; values && k < FTF_VK_COUNT; k++) {
        const char *text = ftf_vkind_probe_text(k);
        /* OWN: None, for the probe to build an instance of the callable's type. */
        PyObject *pair = text || k == FTF_VK_OWN ? Py_BuildValue("(Iz)", k, text) : NULL;
        if (pair && PyList_Append(values, pair) < 0)
            Py_CLEAR(values);
        Py_XDECREF(pair);
    }
    r = values && known ? PyObject_CallMethod(runner, "probe_module", "(OddOz)", values, timeout,
                                              budget, known, journal)
                        : NULL;
    if (!r || !PyList_Check(r)) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_RuntimeError, "probe_module: not a list");
        ftf_interp_take_error(err, errlen);
        goto out;
    }
    size_t n = 0;
    for (; n < cap && n < (size_t)PyList_GET_SIZE(r); n++) {
        long v = PyLong_AsLong(PyList_GET_ITEM(r, (Py_ssize_t)n));
        masks[n] = v < 0 ? FTF_VK_ALL : (uint32_t)v;
    }
    PyErr_Clear();
    rc = (int)n;
out:
    Py_XDECREF(r);
    Py_XDECREF(values);
    Py_XDECREF(known);
    ftf_interp_detach();
    return rc;
}

int ftf_harness_start_zygote(void)
{
    PyObject *r = call("start_zygote", NULL, 0, "()");
    int ok = r == Py_True;
    done(r);
    return ok ? 0 : -1;
}

int ftf_harness_set_denied(const char *names_csv, char *err, size_t errlen)
{
    PyObject *r = call("set_denied", err, errlen, "(s)", names_csv);
    int rc = r ? 0 : -1;
    done(r);
    return rc;
}

char *ftf_harness_module_binaries(char *err, size_t errlen)
{
    PyObject *r = call("module_binaries", err, errlen, "()");
    char *out = str_of(r);
    if (r && !out)
        snprintf(err, errlen, "module_binaries() did not return a str");
    done(r);
    return out;
}

char *ftf_harness_build_info(int *free_threaded, char *err, size_t errlen)
{
    PyObject *r = call("build_info", err, errlen, "()");
    const char *version, *config;
    char *out = NULL;
    if (r && PyArg_ParseTuple(r, "ssi", &version, &config, free_threaded)) {
        size_t n = strlen(version) + strlen(config) + 2;
        if ((out = malloc(n)))
            snprintf(out, n, "%s %s", version, config);
    } else if (r) {
        ftf_interp_take_error(err, errlen);
    }
    done(r);
    return out;
}

int ftf_harness_import(const char *name, char *err, size_t errlen)
{
    PyObject *runner = ftf_interp_attach();
    (void)runner;
    PyObject *m = PyImport_ImportModule(name);
    if (!m)
        ftf_interp_take_error(err, errlen);
    done(m);
    return m ? 0 : -1;
}

long ftf_harness_leftover_blocks(int n, char *err, size_t errlen)
{
    PyObject *r = call("leftover_blocks", err, errlen, "(i)", n);
    long v = r && PyLong_Check(r) ? PyLong_AsLong(r) : -1;
    if (r && v < 0)
        snprintf(err, errlen, "leftover_blocks() did not return a count");
    done(r);
    return v;
}

double ftf_harness_bench_limit(const char *source, int n, char *err, size_t errlen)
{
    PyObject *r = call("bench_limit", err, errlen, "(si)", source, n);
    double s = r ? PyFloat_AsDouble(r) : -1;
    if (r && PyErr_Occurred()) {
        ftf_interp_take_error(err, errlen);
        s = -1;
    }
    done(r);
    return s;
}
