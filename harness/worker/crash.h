/* crash.h - store a crash finding (fatal signal, CPython fatal error) before ftfuzz dies. */
#ifndef FTF_CRASH_H
#define FTF_CRASH_H

/* Install handlers for SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGABRT that chain to the
 * previous ones (libFuzzer's, TSan's) after storing, when a run is in flight, the crash as
 * a finding of that run (finding_sink.h). */
void ftf_crash_install(void);

#endif
