/* sched_module.h - the built-in `_ftfuzz` module: schedule points for generated programs. */
#ifndef FTF_SCHED_MODULE_H
#define FTF_SCHED_MODULE_H

#include <Python.h>

/* Module init for PyImport_AppendInittab("_ftfuzz", ...). */
PyObject *ftf_sched_module_init(void);

/* The run in flight's phase, as the runner sets it: FTF_PHASE_LOAD while the program is
 * compiled and its module-level code runs (its threads have not started), FTF_PHASE_RUN
 * after; signal-safe. */
#define FTF_PHASE_LOAD 1
#define FTF_PHASE_RUN 2
int ftf_sched_run_phase(void);

#endif
