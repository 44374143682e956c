/* harness.h - the embedded free-threaded interpreter: start it, run rendered programs. */
#ifndef FTF_HARNESS_H
#define FTF_HARNESS_H

#include <stddef.h>

struct ftf_harness_config {
    const char *module;      /* user's extension module to import, or NULL */
    const char *module_path; /* directory added to sys.path for it, or NULL */
    const char *spec;        /* --spec FILE.py: imported from its directory, or NULL */
};

#include "isolation_policy.h"
#include "run_result.h"

/* Start the interpreter (GIL off, isolated config, ftfuzz's _ftfuzz module registered),
 * load the runner, import the user's module if any, and detach the main thread. Returns
 * 0, or -1 with a message in err. */
int ftf_harness_init(const struct ftf_harness_config *cfg, char *err, size_t errlen);

/* How a run is isolated: one implementation per file (isolation_*.c), one table of them
 * (isolation.c); which one a run gets is src/isolation_policy.h's. The strategies that
 * fork need a single-threaded parent: TSan ignores every access in the child of a
 * multi-threaded process, so a campaign worker (whose pool threads are alive) starts the
 * zygote for them. */
struct ftf_isolation {
    enum ftf_isolation_kind kind;
    /* Run one rendered program (FTF_RENDER_HARNESS text) with a deadline in seconds.
     * Returns 0 and fills *res (even for hangs), -1 only when res could not be filled. */
    int (*run)(const char *source, double timeout, struct ftf_run_result *res);
};

/* In the long-lived interpreter, on the persistent worker pool: the fast path. */
extern const struct ftf_isolation ftf_isolation_inproc;
/* In a child forked after start-up: fresh first-use state and fresh TSan shadow. Forked
 * from the zygote when one runs (a campaign worker), else from this process (repro and
 * minimize, which never run a program in their own process). */
extern const struct ftf_isolation ftf_isolation_fork;
/* In a child forked by the zygote (runner/isolation.py): a process forked once, before the worker's
 * first program, that forks a child per program. Every run starts from the interpreter as
 * it stood after start-up: first-use code paths run again, TSan's shadow is clean. Needs
 * ftf_harness_start_zygote() (runner_calls.h) before the first run; without it, runs in process. */
extern const struct ftf_isolation ftf_isolation_fresh;

/* The strategy of kind; NULL for FTF_ISO_AUTO (a policy over the others) or out of range. */
const struct ftf_isolation *ftf_isolation_get(enum ftf_isolation_kind kind);

/* Run with the default isolation (inproc). */
int ftf_harness_run(const char *source, double timeout, struct ftf_run_result *res);

/* Bound one run's memory (--rss-limit): a run taking the process past limit_mb is stopped
 * as an oom finding (runner/run.py RUN_RSS_LIMIT_MB; 0: no bound). Call before
 * ftf_harness_init; `ftfuzz fuzz` sets it before starting its workers, which inherit it. */
void ftf_set_run_rss_bound(long limit_mb);
#define FTF_ENV_RUN_RSS "FTFUZZ_RSS_LIMIT" /* read by runner/run.py */
#endif
