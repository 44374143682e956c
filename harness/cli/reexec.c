/* reexec.c - re-execute ftfuzz with extra TSan options (TSan reads them only at start) and
 * ASLR off. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <unistd.h>

#include "log.h"
#include "paths.h"

#define REEXEC_MARK "FTFUZZ_REEXECUTED"

int ftf_reexec_with_tsan_flags(const char *flags);

int ftf_reexec_with_tsan_flags(const char *flags)
{
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
    /* And a fixed address layout. How often a race shows depends on the layout: one
     * minimised finding replayed 10/10 in 15 of 20 `repro --runs 10` invocations and 2/10
     * to 5/10 in the other 5 (each invocation, and all the runs it forks, one random
     * layout), and 10/10 in 20 of 20 with ASLR off. So minimize measures its rates in
     * the layout repro replays in. (Where personality() is not allowed, ASLR stays.) */
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
