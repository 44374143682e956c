/* sched_module.h - the built-in `_ftfuzz` module: schedule points for generated programs. */
#ifndef FTF_SCHED_MODULE_H
#define FTF_SCHED_MODULE_H

#include <Python.h>

/* Module init for PyImport_AppendInittab("_ftfuzz", ...). */
PyObject *ftf_sched_module_init(void);

#endif
