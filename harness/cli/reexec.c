/* reexec.c - re-execute ftfuzz with extra TSan options (TSan reads them only at start) and
 * ASLR off. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <unistd.h>

#include "cli/reexec.h"
#include "log.h"
#include "paths.h"

#define REEXEC_MARK "FTFUZZ_REEXECUTED"

int ftf_reexec_for_replay(void)
{
    const char *flags = FTF_REPLAY_TSAN_FLAGS;
    if (getenv(REEXEC_MARK))
        return 0;
    const char *old = getenv("TSAN_OPTIONS");
    char opts[4096], self[4096];
    /* Ours first: the user's TSAN_OPTIONS come later and win. */
    snprintf(opts, sizeof opts, "%s%s%s", flags, old && *old ? ":" : "", old ? old : "");
    if (ftf_self_exe(self, sizeof self) < 0) {
        FTF_ERROR("cannot find ftfuzz's own executable");
        return -1;
    }
    setenv("TSAN_OPTIONS", opts, 1);
    setenv(REEXEC_MARK, "1", 1);
    /* And a fixed address layout: how often a race shows depends on the layout, so
     * minimize measures its rates in the layout repro replays in (bench/MEASUREMENTS.md).
     * Where personality() is not allowed, ASLR stays. */
    int persona = personality(0xffffffff);
    if (persona != -1 && !(persona & ADDR_NO_RANDOMIZE))
        personality((unsigned long)persona | ADDR_NO_RANDOMIZE);
    size_t len = 0;
    char *cmdline = ftf_read_file("/proc/self/cmdline", &len);
    if (!cmdline)
        return -1;
    char *argv[256];
    size_t n = 0;
    for (size_t off = 0; off < len && n < 255; off += strlen(cmdline + off) + 1)
        argv[n++] = cmdline + off;
    argv[n] = NULL;
    execv(self, argv);
    FTF_ERROR("cannot re-execute %s", self);
    return -1;
}
