/* finding_load.h - what replaying a PATH needs: a finding dir, an input or a repro.py. */
#ifndef FTF_FINDING_LOAD_H
#define FTF_FINDING_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/program_io.h"
#include "store.h"

struct ftf_replay {
    bool is_finding;        /* PATH is a finding directory: meta and expected are valid */
    bool is_python;         /* PATH is a .py file: source holds it, data is NULL */
    struct ftf_finding_meta meta;
    uint64_t expected;      /* the stored signature */
    uint8_t *data;          /* the input bytes */
    size_t size;
    struct ftf_program prog;
    struct ftf_target_ctx ctx;
    char *source;           /* the program text run under the harness */
};

/* Load PATH and start the harness the way the finding was found (module, path, spec, limits
 * from meta.json's extra, else from the options given). Returns 0, or -1 after an ERROR:
 * line naming the path and the problem. */
int ftf_replay_load(const char *path, const char *module, const char *module_path,
                    const char *spec, long threads, long iters, struct ftf_replay *out);

void ftf_replay_free(struct ftf_replay *r);

#endif
