/* worker.c - the process libFuzzer drives: pick the target's callback, run the driver. */
#include "worker/worker.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "worker/campaign_env.h"
#include "worker/targets.h"
#include "log.h"

/* libFuzzer's documented entry for programs that keep their own main(). */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *, size_t));

int ftf_worker_configured(void)
{
    return getenv(FTF_ENV_OUT) != NULL && getenv(FTF_ENV_TARGET) != NULL;
}

int ftf_worker_main(int argc, char **argv)
{
    const char *target = getenv(FTF_ENV_TARGET);
    int (*cb)(const uint8_t *, size_t) = ftf_fuzz_target_lookup(target);
    if (!cb) {
        FTF_ERROR("%s=%s: unknown fuzz target", FTF_ENV_TARGET, target);
        return 2;
    }
    return LLVMFuzzerRunDriver(&argc, &argv, cb);
}
