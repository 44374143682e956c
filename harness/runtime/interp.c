/* interp.c - start the embedded interpreter, run programs through the runner, read results. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "runtime/harness.h"
#include "runtime/interp_internal.h"
#include "deadlines.h"
#include "render.h"
#include "runtime/sched_module.h"
#include "runtime/tsan_capture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FTF_PY_PREFIX
#error "FTF_PY_PREFIX must name the CPython prefix ftfuzz was built against"
#endif

extern const char ftf_runner_py[]; /* harness/runtime/runner/, embedded by the Makefile */

static PyThreadState *main_tstate;
static PyObject *runner;       /* the _ftfuzz_runner module */

PyObject *ftf_interp_attach(void)
{
    PyEval_RestoreThread(main_tstate);
    return runner;
}

void ftf_interp_detach(void)
{
    main_tstate = PyEval_SaveThread();
}

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

/* " (at FILE:LINE in FUNCTION)": where exc was raised, its traceback's innermost entry,
 * so that a failure of ftfuzz's own runner says where; "" when unknown. */
static void raised_at(PyObject *exc, char *buf, size_t len)
{
    buf[0] = '\0';
    PyObject *tb = exc ? PyException_GetTraceback(exc) : NULL;
    for (PyObject *next; tb && (next = PyObject_GetAttrString(tb, "tb_next")) && next != Py_None;) {
        Py_DECREF(tb);
        tb = next;
    }
    PyErr_Clear();
    PyObject *frame = tb && tb != Py_None ? PyObject_GetAttrString(tb, "tb_frame") : NULL;
    PyObject *lineno = tb && tb != Py_None ? PyObject_GetAttrString(tb, "tb_lineno") : NULL;
    PyCodeObject *code = frame ? PyFrame_GetCode((PyFrameObject *)frame) : NULL;
    const char *file = code ? PyUnicode_AsUTF8(code->co_filename) : NULL;
    const char *name = code ? PyUnicode_AsUTF8(code->co_name) : NULL;
    if (file && name && lineno)
        snprintf(buf, len, " (at %s:%ld in %s)", file, PyLong_AsLong(lineno), name);
    Py_XDECREF((PyObject *)code);
    Py_XDECREF(lineno);
    Py_XDECREF(frame);
    Py_XDECREF(tb);
    PyErr_Clear();
}

void ftf_interp_take_error(char *err, size_t errlen)
{
    PyObject *exc = PyErr_GetRaisedException();
    PyObject *s = exc ? PyObject_Str(exc) : NULL;
    const char *msg = s ? PyUnicode_AsUTF8(s) : NULL;
    char where[512];
    raised_at(exc, where, sizeof where);
    snprintf(err, errlen, "%s: %s%s", exc ? Py_TYPE(exc)->tp_name : "error", msg ? msg : "?",
             where);
    Py_XDECREF(s);
    Py_XDECREF(exc);
    PyErr_Clear();
}

/* Import --spec FILE.py as a module named after its file, from its directory (programs
 * and repro.py import it by that name), and hand it to the runner as spec_module. */
static int import_spec(const char *spec, char *err, size_t errlen)
{
    PyObject *args = Py_BuildValue("(s)", spec);
    PyObject *fn = args ? PyObject_GetAttrString(runner, "load_spec") : NULL;
    PyObject *r = fn ? PyObject_Call(fn, args, NULL) : NULL;
    Py_XDECREF(fn);
    Py_XDECREF(args);
    if (!r) {
        char why[512];
        ftf_interp_take_error(why, sizeof why);
        snprintf(err, errlen, "%s: cannot load the spec: %s", spec, why);
        return -1;
    }
    Py_DECREF(r);
    return 0;
}

/* runner.<name> = value, taking the reference (a NULL value fails). */
static int set_runner_attr(const char *name, PyObject *value)
{
    int rc = value ? PyObject_SetAttrString(runner, name, value) : -1;
    Py_XDECREF(value);
    return rc;
}

int ftf_harness_init(const struct ftf_harness_config *cfg, char *err, size_t errlen)
{
    PyStatus st;
    PyConfig config;
    int rc = -1;

    if (ftf_tsan_capture_init() < 0) {
        snprintf(err, errlen, "cannot create the TSan capture file");
        return -1;
    }
    if (PyImport_AppendInittab("_ftfuzz", ftf_sched_module_init) < 0) {
        snprintf(err, errlen, "cannot register the _ftfuzz module");
        return -1;
    }
    PyConfig_InitIsolatedConfig(&config);
    /* Explicitly off, not "default": a module without Py_mod_gil would otherwise turn the
     * GIL on at import and hide every race. */
    config.enable_gil = 0;
    config.install_signal_handlers = 0; /* libFuzzer owns SIGINT and friends */
    config.site_import = 0;
    config.parse_argv = 0;
    st = PyConfig_SetBytesString(&config, &config.home, FTF_PY_PREFIX);
    if (PyStatus_Exception(st))
        goto status_error;
    st = Py_InitializeFromConfig(&config);
    if (PyStatus_Exception(st))
        goto status_error;
    PyConfig_Clear(&config);

    PyObject *code = Py_CompileString(ftf_runner_py, "<ftfuzz-runner>", Py_file_input);
    runner = code ? PyImport_ExecCodeModule("_ftfuzz_runner", code) : NULL;
    Py_XDECREF(code);
    if (!runner) {
        ftf_interp_take_error(err, errlen);
        goto out;
    }
    /* What the runner takes from C: the interpreter for child probes, and the deadlines
     * around a forked run (deadlines.h: their grace past the run's timeout). */
    if (set_runner_attr("PYTHON_EXE", PyUnicode_FromString(FTF_PY_EXE)) < 0 ||
        set_runner_attr("FORK_PARENT_GRACE_S",
                        PyFloat_FromDouble(ftf_deadline_fork_parent(0))) < 0 ||
        set_runner_attr("ZYGOTE_REPLY_GRACE_S",
                        PyFloat_FromDouble(ftf_deadline_zygote_reply(0))) < 0) {
        ftf_interp_take_error(err, errlen);
        goto out;
    }
    if (cfg && cfg->module_path) {
        PyObject *path = PySys_GetObject("path"); /* borrowed */
        PyObject *dir = PyUnicode_DecodeFSDefault(cfg->module_path);
        if (!path || !dir || PyList_Insert(path, 0, dir) < 0) {
            Py_XDECREF(dir);
            ftf_interp_take_error(err, errlen);
            goto out;
        }
        Py_DECREF(dir);
    }
    if (cfg && cfg->module) {
        PyObject *m = PyImport_ImportModule(cfg->module);
        if (!m) {
            char why[512];
            ftf_interp_take_error(why, sizeof why);
            snprintf(err, errlen, "cannot import module '%s': %s", cfg->module, why);
            goto out;
        }
        if (PyObject_SetAttrString(runner, "user_module", m) < 0) {
            Py_DECREF(m);
            ftf_interp_take_error(err, errlen);
            goto out;
        }
        Py_DECREF(m);
    }
    if (cfg && cfg->spec && import_spec(cfg->spec, err, errlen) < 0)
        goto out;
    PyObject *pinned = PyObject_CallMethod(runner, "pin_callables", NULL);
    if (!pinned) {
        ftf_interp_take_error(err, errlen);
        goto out;
    }
    Py_DECREF(pinned);
    rc = 0;
out:
    /* Detach: a stop-the-world phase (GC) would otherwise wait on an attached idle thread. */
    main_tstate = PyEval_SaveThread();
    return rc;
status_error:
    snprintf(err, errlen, "cannot start CPython from %s: %s", FTF_PY_PREFIX,
             st.err_msg ? st.err_msg : "unknown error");
    PyConfig_Clear(&config);
    return -1;
}


/* "\n--\n"-joined str() of a list's items. */
static char *join_list(PyObject *list, const char *sep)
{
    PyObject *s = PyUnicode_FromString(sep);
    PyObject *joined = s ? PyUnicode_Join(s, list) : NULL;
    const char *u = joined ? PyUnicode_AsUTF8(joined) : NULL;
    char *out = u ? strdup(u) : NULL;
    Py_XDECREF(s);
    Py_XDECREF(joined);
    return out;
}

int ftf_harness_run(const char *source, double timeout, struct ftf_run_result *res)
{
    return ftf_isolation_inproc.run(source, timeout, res);
}

int ftf_harness_call_runner(const char *fn, const char *source, double timeout,
                            struct ftf_run_result *res)
{
    memset(res, 0, sizeof *res);
    PyEval_RestoreThread(main_tstate);
    PyObject *ret = PyObject_CallMethod(runner, fn, "sd", source, timeout);
    PyObject *status, *errors, *violations, *detail;
    /* runner's tuple: (status, errors, violations, detail); detail is the stacks of a hang
     * or an oom, the signal of a "crash", the exit status of an "exit" (runner/isolation.py).
     * "error" is the runner's own failure, its message in errors. */
    if (ret && PyArg_ParseTuple(ret, "UO!O!O", &status, &PyList_Type, &errors, &PyList_Type,
                                &violations, &detail)) {
        int died = !PyUnicode_CompareWithASCIIString(status, "crash");
        int exited = !PyUnicode_CompareWithASCIIString(status, "exit");
        res->status = !PyUnicode_CompareWithASCIIString(status, "hang")    ? FTF_RUN_HANG
                      : died || exited                                    ? FTF_RUN_CRASH
                      : !PyUnicode_CompareWithASCIIString(status, "oom")   ? FTF_RUN_OOM
                      : !PyUnicode_CompareWithASCIIString(status, "error") ? FTF_RUN_ERROR
                                                                          : FTF_RUN_OK;
        res->errors = join_list(errors, "\n--\n");
        res->violations = join_list(violations, "\n");
        if (PyLong_Check(detail)) {
            int code = (int)PyLong_AsLong(detail);
            res->signo = died ? code : 0;
            res->exit_status = exited ? code : 0;
        } else {
            res->stacks = dup_or_empty(PyUnicode_Check(detail) ? PyUnicode_AsUTF8(detail) : NULL);
        }
    } else {
        char why[1024];
        ftf_interp_take_error(why, sizeof why);
        res->status = FTF_RUN_ERROR;
        res->errors = strdup(why);
    }
    Py_XDECREF(ret);
    PyObject *threads = PyObject_GetAttrString(runner, "last_threads");
    res->threads = dup_or_empty(threads && PyUnicode_Check(threads) ? PyUnicode_AsUTF8(threads)
                                                                    : NULL);
    Py_XDECREF(threads);
    PyErr_Clear();
    main_tstate = PyEval_SaveThread();
    if (!res->errors)
        res->errors = strdup("");
    if (!res->violations)
        res->violations = strdup("");
    if (!res->stacks)
        res->stacks = strdup("");
    if (ftf_tsan_take(&res->tsan_text, &res->tsan_len) < 0 || !res->errors ||
        !res->violations || !res->stacks || !res->threads) {
        ftf_run_result_free(res);
        return -1;
    }
    return 0;
}

void ftf_set_run_rss_bound(long limit_mb)
{
    char mb[32];
    snprintf(mb, sizeof mb, "%ld", limit_mb);
    setenv(FTF_ENV_RUN_RSS, mb, 1);
}
