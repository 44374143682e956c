/* mortal.c - keep the objects a program's text creates mortal in CPython 3.13t (see
 * mortal.h); the one file that reads CPython's internal interpreter state. */
#define Py_BUILD_CORE 1
#include <Python.h>

#include "runtime/mortal.h"

#if defined(Py_GIL_DISABLED) && PY_VERSION_HEX < 0x030E0000
#include "internal/pycore_interp.h"

/* The counter CPython's own compile() lowers by two for the same purpose
 * (Python/bltinmodule.c, gh-118527): 1 -> -1 means "do not immortalize". */
void ftf_mortal_begin(void)
{
    _Py_atomic_add_int(&PyInterpreterState_Get()->gc.immortalize, -2);
}

void ftf_mortal_end(void)
{
    _Py_atomic_add_int(&PyInterpreterState_Get()->gc.immortalize, 2);
}
#else
void ftf_mortal_begin(void) {}
void ftf_mortal_end(void) {}
#endif
