/* cmd_show.c - `ftfuzz show INPUT`: print the Python program an input decodes to. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "cli/finding_load.h"
#include "log.h"
#include "runtime/program_io.h"

static int print_program(const struct ftf_program *prog, const struct ftf_target_ctx *ctx,
                         int standalone, const char *what)
{
    char *src = ftf_render(prog, standalone ? FTF_RENDER_STANDALONE : FTF_RENDER_HARNESS,
                           ctx->mod);
    if (!src) {
        FTF_ERROR("out of memory rendering %s", what);
        return FTF_EXIT_USAGE;
    }
    fputs(src, stdout);
    free(src);
    return FTF_EXIT_CLEAN;
}

/* A finding directory decodes its input with the limits and module it was found with
 * (meta.json), as repro and minimize do: the same bytes under other limits are another
 * program. */
static int show_finding(struct ftf_options *o)
{
    struct ftf_replay r;
    int rc = FTF_EXIT_USAGE;
    if (ftf_replay_load(o->args[0], o->module, o->path, o->spec, o->threads, o->iters, &r) == 0)
        rc = print_program(&r.prog, &r.ctx, o->standalone, o->args[0]);
    ftf_replay_free(&r);
    return rc;
}

int ftf_cmd_show(struct ftf_options *o)
{
    if (o->n_args != 1) {
        FTF_ERROR("show needs exactly one INPUT (see: ftfuzz show --help)");
        return FTF_EXIT_USAGE;
    }
    struct stat sb;
    if (stat(o->args[0], &sb) == 0 && S_ISDIR(sb.st_mode))
        return show_finding(o);
    size_t size;
    uint8_t *data = ftf_load_input(o->args[0], &size);
    if (!data)
        return FTF_EXIT_USAGE;
    struct ftf_target_ctx ctx;
    if (ftf_target_ctx_init(&ctx, o->module, o->path, o->spec, o->threads, o->iters) < 0) {
        free(data);
        return FTF_EXIT_USAGE;
    }
    struct ftf_program prog;
    ftf_decode(data, size, &ctx.limits, &prog);
    free(data);
    return print_program(&prog, &ctx, o->standalone, o->args[0]);
}
