/* program_io.c - shared plumbing of the commands: start the harness, read inputs. */
#include "program_io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "log.h"
#include "paths.h"

static struct ftf_module_desc module_desc;

int ftf_target_ctx_init(struct ftf_target_ctx *ctx, const char *module, const char *path,
                        long threads, long iters)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->limits.max_threads = (uint8_t)(threads > 16 ? 16 : threads < 2 ? 2 : threads);
    ctx->limits.max_iters = (uint16_t)(iters > 60000 ? 60000 : iters < 1 ? 1 : iters);
    struct ftf_harness_config cfg = {.module = module, .module_path = path};
    ctx->module = module;
    if (path && !realpath(path, ctx->module_path)) {
        FTF_ERROR("%s: %s", path, strerror(errno));
        return -1;
    }
    char err[1024];
    if (ftf_harness_init(&cfg, err, sizeof err) < 0) {
        FTF_ERROR("%s", err);
        return -1;
    }
    if (module) {
        if (ftf_harness_module_desc(&module_desc, err, sizeof err) < 0) {
            FTF_ERROR("module %s: %s", module, err);
            return -1;
        }
        ctx->limits.has_module = 1;
        ctx->mod = &module_desc;
        char *file = ftf_harness_eval("__import__('os').path.basename("
                                      "getattr(user_module, '__file__', None) or '')",
                                      err, sizeof err);
        if (file)
            snprintf(ctx->module_file, sizeof ctx->module_file, "%s", file);
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
