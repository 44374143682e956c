/* campaign_env.h - how `ftfuzz fuzz` hands its configuration to libFuzzer worker processes:
 * environment variables, because libFuzzer re-executes argv[0] with only its own flags. */
#ifndef FTF_CAMPAIGN_ENV_H
#define FTF_CAMPAIGN_ENV_H

#define FTF_ENV_OUT "FTFUZZ_OUT"         /* output directory (findings/, corpus/) */
#define FTF_ENV_TARGET "FTFUZZ_TARGET"   /* containers | report-parser */
#define FTF_ENV_MODULE "FTFUZZ_MODULE"   /* user's extension module, optional */
#define FTF_ENV_PATH "FTFUZZ_PATH"       /* its directory, optional */
#define FTF_ENV_SPEC "FTFUZZ_SPEC"       /* --spec FILE.py, optional */
#define FTF_ENV_THREADS "FTFUZZ_THREADS" /* max threads per program */
#define FTF_ENV_ITERS "FTFUZZ_ITERS"     /* max iterations per thread */
#define FTF_ENV_TIMEOUT "FTFUZZ_TIMEOUT" /* hang deadline, seconds */
#define FTF_ENV_RUNS "FTFUZZ_RUNS"       /* --runs over all workers (0: no limit) */
#define FTF_ENV_RUN_COUNTER "FTFUZZ_RUN_COUNTER" /* the shared counters (campaign_shared.h) */
/* The worker's slot among the campaign's --jobs (0 to N-1): its part of the counters. */
#define FTF_ENV_WORKER_SLOT "FTFUZZ_WORKER_SLOT"
#define FTF_ENV_ISOLATION "FTFUZZ_ISOLATION" /* inproc | fork | auto */
/* The module's probe.txt (src/probe_file.h), optional: module calls prefer its kinds. */
#define FTF_ENV_PROBE_FILE "FTFUZZ_PROBE_FILE"

/* A worker that stored a hang exits with this code: its stuck threads cannot be reused. */
#define FTF_WORKER_EXIT_HANG 3
/* A worker of a --stop-on-finding campaign that stored the finding it was waiting for. */
#define FTF_WORKER_EXIT_STOP 4
#define FTF_ENV_STOP_ON_FINDING "FTFUZZ_STOP_ON_FINDING"
/* A worker whose RSS passed --worker-rss (MB) exits with this code, between two runs, for a
 * fresh one: TSan keeps state for every address a long campaign touched. */
#define FTF_WORKER_EXIT_RECYCLE 5
#define FTF_ENV_WORKER_RSS "FTFUZZ_WORKER_RSS"
/* A worker that could not store a finding because the disk is full: the campaign stops. */
#define FTF_WORKER_EXIT_NOSPACE 6
/* --rss-limit travels as FTF_ENV_RUN_RSS (runtime/harness.h, ftf_set_run_rss_bound). */

#include <stdlib.h>

/* Sets name to value, or clears it for NULL. One process sets these for every campaign it
 * runs (a sweep runs one per module): an option a campaign leaves out must not keep the
 * value the previous campaign set. */
static inline void ftf_env_set_or_clear(const char *name, const char *value)
{
    if (value)
        setenv(name, value, 1);
    else
        unsetenv(name);
}

#endif
