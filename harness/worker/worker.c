/* worker.c - the process libFuzzer drives: pick the target's callback, run the driver. */
#include "worker/worker.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "worker/campaign_env.h"
#include "worker/engine.h"
#include "worker/targets.h"
#include "log.h"

/* libFuzzer's documented entry for programs that keep their own main(). */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *, size_t));

int ftf_worker_configured(void)
{
    return getenv(FTF_ENV_OUT) != NULL && getenv(FTF_ENV_TARGET) != NULL;
}

/* Files under path, recursively (libFuzzer reads a corpus directory that way). */
static uint64_t count_files(const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return S_ISREG(st.st_mode);
    DIR *d = opendir(path);
    if (!d)
        return 0;
    uint64_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char sub[4096];
        if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) < (int)sizeof sub)
            n += count_files(sub);
    }
    closedir(d);
    return n;
}

/* Lines of an @file list, or items of a comma list (-seed_inputs=). */
static uint64_t count_seed_inputs(const char *v)
{
    uint64_t n = 0;
    if (*v == '@') {
        FILE *f = fopen(v + 1, "r");
        for (int c, last = '\n'; f && (c = fgetc(f)) != EOF; last = c)
            n += last == '\n' && c != '\n';
        if (f)
            fclose(f);
        return n;
    }
    for (n = *v != 0; *v; v++)
        n += *v == ',';
    return n;
}

/* How many of this process's first runs replay what libFuzzer read at start rather than
 * mutate: one empty input, then every file of its corpus directories and -seed_inputs
 * (one "\n" when there are none); all of them in a merge. Counted apart (replayed). */
static uint64_t replays(int argc, char **argv)
{
    uint64_t n = 0;
    for (int i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "-merge=1", 8) || !strncmp(argv[i], "-merge_inner=1", 14))
            return UINT64_MAX;
        if (!strncmp(argv[i], "-seed_inputs=", 13))
            n += count_seed_inputs(argv[i] + 13);
        else if (argv[i][0] != '-')
            n += count_files(argv[i]);
    }
    return 1 + (n ? n : 1);
}

int ftf_worker_main(int argc, char **argv)
{
    const char *target = getenv(FTF_ENV_TARGET);
    int (*cb)(const uint8_t *, size_t) = ftf_fuzz_target_lookup(target);
    if (!cb) {
        FTF_ERROR("%s=%s: unknown fuzz target", FTF_ENV_TARGET, target);
        return 2;
    }
    ftf_engine_set_replays(replays(argc, argv));
    return LLVMFuzzerRunDriver(&argc, &argv, cb);
}
