/* crash.c - on a fatal signal during a run, write the finding (input, repro.py, report
 * with Python and C stacks) and only then let the previous handler kill the process. */
#include "worker/crash.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sanitizer/common_interface_defs.h>

#include "log.h"
#include "finding.h"
#include "observe.h"
#include "paths.h"
#include "runtime/python_stacks.h"
#include "report.h"
#include "runtime/sched_module.h"
#include "runtime/tsan_capture.h"
#include "worker/finding_sink.h"

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
#define N_FATAL (sizeof fatal_signals / sizeof fatal_signals[0])
static struct sigaction previous[N_FATAL];

static atomic_flag handling = ATOMIC_FLAG_INIT;

/* Stores the crash and the races before it; returns the number of new findings that end a
 * --stop-on-finding campaign (ftf_sink_store's count). */
static int store_crash(int sig)
{
    int n_new = 0;
    char *report = NULL;
    size_t report_len = 0;
    FILE *r = open_memstream(&report, &report_len);
    if (!r)
        return 0;
    fprintf(r, "crash: signal %d (%s) while running a program\n\n", sig, strsignal(sig));

    /* What TSan reported during the run, before the signal; then the Python stacks,
     * whose dumper reads other threads' frames racily (its reports are dropped). */
    char *pending = NULL, *noise = NULL, *cstack = NULL;
    size_t plen = 0, nlen, clen;
    ftf_tsan_take(&pending, &plen);
    char *py = ftf_python_stacks("ftfuzz-crash-py");
    ftf_tsan_take(&noise, &nlen);
    free(noise);
    fprintf(r, "Python stacks:\n%s\n", py ? py : "(unavailable)\n");
    free(py);
    /* C stack of the crashing thread: sanitizer output goes to the capture memfd. */
    __sanitizer_print_stack_trace();
    ftf_tsan_take(&cstack, &clen);
    fprintf(r, FTF_CRASH_C_STACK_HEADING "%s\n", cstack ? cstack : "(unavailable)\n");
    if (pending && *pending)
        fprintf(r, "TSan output before the crash:\n%s\n", pending);
    fclose(r);

    /* Races reported before the crash are findings of their own: often the cause (a
     * use of freed memory, then the crash it leads to), never to be lost with it. */
    if (pending && plen) {
        struct ftf_run_result before = {.status = FTF_RUN_OK, .tsan_text = pending,
                                        .tsan_len = plen};
        struct ftf_observation races;
        if (ftf_sink_observe(&before, &races) == 0) {
            n_new += ftf_sink_store(&races);
            ftf_observation_free(&races);
        }
    }

    struct ftf_stack stack = {0};
    if (cstack)
        ftf_stack_parse_crash(cstack, &stack); /* on ENOMEM: signed by the signal alone */
    struct ftf_observation obs;
    memset(&obs, 0, sizeof obs);
    const char *signame = sigabbrev_np(sig);
    if (ftf_signature_crash(signame ? signame : "signal", stack.frames, stack.n_frames,
                            &obs.items[0].sig) == 0) {
        obs.items[0].report = report;
        /* Compiling or loading a program starts none of its threads: a crash there (in the
         * parser, the arena) is memory an earlier run of this process corrupted. */
        obs.items[0].after_fault = ftf_sched_run_phase() == FTF_PHASE_LOAD &&
                                   ftf_sink_runs_before() > 0;
        obs.n = 1;
        n_new += ftf_sink_store(&obs);
        ftf_signature_free(&obs.items[0].sig);
    }
    ftf_stack_free(&stack);
    free(report);
    free(pending);
    free(cstack);
    ftf_sink_forget_run();
    return n_new;
}

static void on_fatal(int sig, siginfo_t *si, void *uc)
{
    /* What a --stop-on-finding campaign waited for, once stored, ends it rather than
     * have the campaign restart a worker that died with it. */
    if (ftf_sink_in_flight() && !atomic_flag_test_and_set(&handling))
        ftf_sink_stop_if_done(store_crash(sig), ", stored with the crash");
    for (size_t i = 0; i < N_FATAL; i++) {
        if (fatal_signals[i] != sig)
            continue;
        struct sigaction *prev = &previous[i];
        if ((prev->sa_flags & SA_SIGINFO) && prev->sa_sigaction) {
            prev->sa_sigaction(sig, si, uc);
        } else if (prev->sa_handler != SIG_IGN && prev->sa_handler != SIG_DFL) {
            prev->sa_handler(sig);
        }
        signal(sig, SIG_DFL);
        raise(sig);
    }
}

void ftf_crash_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fatal;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < N_FATAL; i++)
        sigaction(fatal_signals[i], &sa, &previous[i]);
}
