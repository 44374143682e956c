/* interp_internal.h - the runtime's own access to the interpreter interp.c started. */
#ifndef FTF_INTERP_INTERNAL_H
#define FTF_INTERP_INTERNAL_H

#include <Python.h>
#include <stddef.h>

#include "run_result.h"

/* Attach the main thread and return the runner module (borrowed); pair with
 * ftf_interp_detach(), so that stop-the-world phases never wait on an idle thread. */
PyObject *ftf_interp_attach(void);
void ftf_interp_detach(void);

/* The current Python exception as text ("Type: message") in err, cleared. Attached only. */
void ftf_interp_take_error(char *err, size_t errlen);

/* Call runner's function fn(source, timeout) and collect its result tuple into res: the
 * shared body of the isolation implementations (isolation_*.c), the runtime's only callers.
 * 0 (the runner's own failure is status FTF_RUN_ERROR), or -1 out of memory, res freed. */
int ftf_harness_call_runner(const char *fn, const char *source, double timeout,
                            struct ftf_run_result *res);

#endif
