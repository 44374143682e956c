/* probe_child.h - `ftfuzz fuzz`'s probe of the module's callables, in a child ftfuzz
 * process started before the campaign's workers (cli/cmd_fuzz.c). */
#ifndef FTF_PROBE_CHILD_H
#define FTF_PROBE_CHILD_H

/* Set in the child's environment only: the output directory to write probe.txt into, and
 * the corpus directory the probe-steered seeds go to. Module, path, spec, threads and
 * iterations travel as for workers (campaign_env.h). */
#define FTF_ENV_PROBE_OUT "FTFUZZ_PROBE_OUT"
#define FTF_ENV_PROBE_CORPUS "FTFUZZ_PROBE_CORPUS"
/* Optional: the seconds the probe's calls may take in all (default FTF_PROBE_BUDGET), and,
 * when set, no calls at all: the child writes probe.txt and seeds from the journal alone
 * (campaign/probe.c, after too many crashed attempts). */
#define FTF_ENV_PROBE_BUDGET "FTFUZZ_PROBE_BUDGET"
#define FTF_ENV_PROBE_NO_CALLS "FTFUZZ_PROBE_NO_CALLS"

/* The probe file's name in the output directory. */
#define FTF_PROBE_FILE "probe.txt"

/* Seconds a probe call may take, and the whole probe's calls. */
#define FTF_PROBE_CALL_TIMEOUT 2.0
#define FTF_PROBE_BUDGET 30.0

/* 1 when this process is a probe child. */
int ftf_probe_child_configured(void);

/* The child's whole life: import the module, probe each callable (passing by what
 * probe.journal says an earlier attempt did or crashed in), write probe.txt and one seed
 * per callable it can steer. Returns the exit code (0, or 2 after an ERROR: line). */
int ftf_probe_child_main(void);

#endif
