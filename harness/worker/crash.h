/* crash.h - store a crash finding (fatal signal, CPython fatal error) before ftfuzz dies. */
#ifndef FTF_CRASH_H
#define FTF_CRASH_H

#include <stddef.h>
#include <stdint.h>

#include "program.h"

struct ftf_target_ctx;

/* Install handlers for SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGABRT that chain to the
 * previous ones (libFuzzer's, TSan's) after storing the finding under out_dir. */
void ftf_crash_install(const char *out_dir, const struct ftf_target_ctx *ctx);

/* The program about to run: what a crash during the run is stored with. data must stay
 * valid until ftf_crash_disarm. */
void ftf_crash_arm(const uint8_t *data, size_t size, const struct ftf_program *p);
void ftf_crash_disarm(void);

#endif
