/* cmd_show.c - `ftfuzz show INPUT`: print the Python program an input decodes to. */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "log.h"
#include "program_io.h"

int ftf_cmd_show(struct ftf_options *o)
{
    if (o->n_args != 1) {
        FTF_ERROR("show needs exactly one INPUT (see: ftfuzz show --help)");
        return FTF_EXIT_USAGE;
    }
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
    char *src = ftf_render(&prog, o->standalone ? FTF_RENDER_STANDALONE : FTF_RENDER_HARNESS,
                           ctx.mod);
    if (!src) {
        FTF_ERROR("out of memory rendering %s", o->args[0]);
        return FTF_EXIT_USAGE;
    }
    fputs(src, stdout);
    free(src);
    return FTF_EXIT_CLEAN;
}
