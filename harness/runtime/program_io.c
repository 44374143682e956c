/* program_io.c - shared plumbing of the commands: start the harness, read inputs. */
#include "runtime/program_io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/harness.h"
#include "runtime/runner_calls.h"
#include "log.h"
#include "paths.h"
#include "stdlib_sweep.h"

static struct ftf_module_desc module_desc;

/* A module built into the executable (no extension file), or, imported without --path,
 * one whose every extension file (basenames, one a line) is in CPython's own lib-dynload. */
static int is_cpython_module(const char *path, const char *files)
{
    if (!*files)
        return 1;
    unsigned major = 0, minor = 0;
    if (path || sscanf(FTF_PY_VERSION, "%u.%u", &major, &minor) != 2)
        return 0;
    for (const char *line = files; *line;) {
        size_t len = strcspn(line, "\n");
        char so[4600];
        snprintf(so, sizeof so, "%s/lib/python%u.%ut/lib-dynload/%.*s", FTF_PY_PREFIX, major,
                 minor, (int)len, line);
        if (access(so, F_OK) != 0)
            return 0;
        line += len + (line[len] == '\n');
    }
    return 1;
}

int ftf_target_ctx_init(struct ftf_target_ctx *ctx, const char *module, const char *path,
                        const char *spec, long threads, long iters)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->limits.max_threads = (uint8_t)(threads > 16 ? 16 : threads < 2 ? 2 : threads);
    ctx->limits.max_iters = (uint16_t)(iters > 60000 ? 60000 : iters < 1 ? 1 : iters);
    ctx->module = module;
    if (path && !realpath(path, ctx->module_path)) {
        FTF_ERROR("%s: %s", path, strerror(errno));
        return -1;
    }
    if (spec) {
        size_t n = strlen(spec);
        if (!module) {
            FTF_ERROR("--spec %s: needs --module (the extension the spec exercises)", spec);
            return -1;
        }
        if (n < 4 || strcmp(spec + n - 3, ".py")) {
            FTF_ERROR("%s: a spec is a Python file (FILE.py)", spec);
            return -1;
        }
        if (!realpath(spec, ctx->spec)) {
            FTF_ERROR("%s: %s", spec, strerror(errno));
            return -1;
        }
    }
    struct ftf_harness_config cfg = {.module = module, .module_path = path,
                                     .spec = spec ? ctx->spec : NULL};
    char err[1024];
    if (ftf_harness_init(&cfg, err, sizeof err) < 0) {
        FTF_ERROR("%s", err);
        return -1;
    }
    if (module) {
        /* A standard-library module's deny-list (stdlib_deny.def): never introspected. */
        char denied[2048];
        if (ftf_stdlib_denied_names(module, denied, sizeof denied) > 0) {
            if (ftf_harness_set_denied(denied, err, sizeof err) < 0) {
                FTF_ERROR("module %s: %s", module, err);
                return -1;
            }
        }
        if (ftf_harness_module_desc(&module_desc, err, sizeof err) < 0) {
            FTF_ERROR("module %s: %s", module, err);
            return -1;
        }
        ctx->limits.has_module = 1;
        ctx->mod = &module_desc;
        module_desc.path = path ? realpath(path, NULL) : NULL;
        char *file = ftf_harness_module_binaries(err, sizeof err);
        if (file)
            snprintf(ctx->module_file, sizeof ctx->module_file, "%s", file);
        /* No extension file: a module built into the executable, told by its sources. */
        if (file && !*file &&
            ftf_stdlib_source_patterns(module, ctx->module_file, sizeof ctx->module_file) < 0)
            ctx->module_file[0] = '\0';
        ctx->cpython_module = file && is_cpython_module(path, file);
        /* A module of CPython's own calls its neighbours' C code (a codec's
         * _multibytecodec, a pickler's BytesIO): a race there is a standard-library
         * module's too, attributed to its file (origin.h). */
        size_t at = strlen(ctx->module_file);
        if (ctx->cpython_module && at + 16 < sizeof ctx->module_file)
            snprintf(ctx->module_file + at, sizeof ctx->module_file - at, "%ssrc:/Modules/\n",
                     at && ctx->module_file[at - 1] != '\n' ? "\n" : "");
        free(file);
    }
    return 0;
}

uint8_t *ftf_load_input(const char *path, size_t *size)
{
    size_t len = 0;
    char *buf = ftf_read_file(path, &len);
    if (!buf) {
        FTF_ERROR("%s: cannot read input: %s", path,
                  errno == EISDIR ? "is a directory (expected a file)" : strerror(errno));
        return NULL;
    }
    *size = len;
    return (uint8_t *)buf;
}
