/* finding_load.c - load a finding directory, an input or a repro.py for replay. */
#include "cli/finding_load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"
#include "paths.h"

int ftf_replay_load(const char *path, const char *module, const char *module_path,
                    const char *spec, long threads, long iters, struct ftf_replay *out)
{
    memset(out, 0, sizeof *out);
    struct stat sb;
    if (stat(path, &sb) < 0) {
        FTF_ERROR("%s: %s", path, strerror(errno));
        return -1;
    }
    char input_path[4096];
    snprintf(input_path, sizeof input_path, "%s", path);
    if (S_ISDIR(sb.st_mode)) {
        char err[1024];
        if (ftf_store_read_meta(path, &out->meta, err, sizeof err) != FTF_STORE_OK) {
            FTF_ERROR("%s (is %s a finding directory?)", err, path);
            return -1;
        }
        out->is_finding = true;
        out->expected = out->meta.signature;
        /* What the finding recorded, unless the command line says otherwise (a finding
         * replayed on another machine, or a corpus/regression entry). */
        if (!module)
            module = out->meta.module;
        if (!module_path)
            module_path = out->meta.module_path;
        if (!spec)
            spec = out->meta.spec;
        if (out->meta.max_threads >= 0)
            threads = (long)out->meta.max_threads;
        if (out->meta.max_iters >= 0)
            iters = (long)out->meta.max_iters;
        if (ftf_store_input_path(path, input_path, sizeof input_path) < 0) {
            FTF_ERROR("%s: path too long", path);
            return -1;
        }
    }
    size_t len = strlen(path);
    out->is_python = !out->is_finding && len > 3 && !strcmp(path + len - 3, ".py");
    if (out->is_python) {
        out->source = ftf_read_file(path, NULL);
        if (!out->source) {
            FTF_ERROR("%s: cannot read: %s", path, strerror(errno));
            return -1;
        }
    } else if (!(out->data = ftf_load_input(input_path, &out->size))) {
        return -1;
    }
    if (ftf_target_ctx_init(&out->ctx, module, module_path, spec, threads, iters) < 0)
        return -1;
    if (!out->is_python) {
        ftf_decode(out->data, out->size, &out->ctx.limits, &out->prog);
        out->source = ftf_render(&out->prog, FTF_RENDER_HARNESS, out->ctx.mod);
        if (!out->source) {
            FTF_ERROR("out of memory rendering %s", input_path);
            return -1;
        }
    }
    return 0;
}

void ftf_replay_free(struct ftf_replay *r)
{
    ftf_finding_meta_clear(&r->meta);
    free(r->data);
    free(r->source);
    memset(r, 0, sizeof *r);
}
