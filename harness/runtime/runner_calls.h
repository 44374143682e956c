/* runner_calls.h - one typed C call per runner entry point besides the runs (harness.h). */
#ifndef FTF_RUNNER_CALLS_H
#define FTF_RUNNER_CALLS_H

#include <stddef.h>
#include <stdint.h>

struct ftf_module_desc;

/* 1 when the GIL is currently enabled in the interpreter. */
int ftf_harness_gil_enabled(void);

/* Describe the imported user module (or the spec) for the renderer (names are strdup'd and
 * live for the process). Returns 0, or -1 with a message in err. */
int ftf_harness_module_desc(struct ftf_module_desc *out, char *err, size_t errlen);

/* 1 when the user's module declares Py_mod_gil = Py_MOD_GIL_NOT_USED (CPython would keep
 * the GIL off for it), 0 when it does not (the GIL would come on), -1 when unknown. */
int ftf_harness_module_gil_declared_off(void);

/* The argument kinds (value_kinds.h bits) each entry of the module description accepts:
 * each callable called once per kind, in a throwaway thread, timeout seconds a call, budget
 * seconds in all (runner/introspect.py, probe_module). masks[i] = FTF_VK_ALL where the
 * probe could not tell. prior (cap entries, or NULL): what an earlier attempt's journal
 * holds (probe_journal.h), not called again; journal (or NULL): the file to append this
 * attempt's progress to. Returns the number of entries, or -1 with the error in err. */
int ftf_harness_module_probe(uint32_t *masks, size_t cap, double timeout, double budget,
                             const long *prior, const char *journal, char *err, size_t errlen);

/* Fork the fresh-state zygote (runner/isolation.py) while this process is single-threaded;
 * 0, or -1 when it did not start (fresh runs then run in process). */
int ftf_harness_start_zygote(void);

/* The names of the user module never to call, comma-separated ("*": the whole module),
 * before ftf_harness_module_desc. 0, or -1 with the error in err. */
int ftf_harness_set_denied(const char *names_csv, char *err, size_t errlen);

/* The basenames of the user module's extension files, one a line, as TSan names binaries
 * in its frames (malloc'd; "" when none); NULL with the error in err. */
char *ftf_harness_module_binaries(char *err, size_t errlen);

/* This CPython's "VERSION CONFIGURE-ARGS" (malloc'd) and whether it is a free-threaded
 * build (*free_threaded 0/1); NULL with the error in err. For doctor. */
char *ftf_harness_build_info(int *free_threaded, char *err, size_t errlen);

/* Import module name (e.g. doctor's probe); 0, or -1 with the error in err. */
int ftf_harness_import(const char *name, char *err, size_t errlen);

/* Memory blocks still allocated after n runs of a small program (doctor: programs must be
 * freed after their run); -1 with the error in err. */
long ftf_harness_leftover_blocks(int n, char *err, size_t errlen);

/* Seconds for n back-to-back executions of source's thread bodies by threads already
 * running: the speed limit a campaign's runs are compared with (bench/). -1 with err. */
double ftf_harness_bench_limit(const char *source, int n, char *err, size_t errlen);

#endif
