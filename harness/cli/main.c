/* main.c - ftfuzz's entry point: dispatch a command, or act as a libFuzzer worker. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "log.h"
#include "worker/probe_child.h"
#include "worker/worker.h"

static int (*const handlers[FTF_CMD_COUNT])(struct ftf_options *) = {
#define FTF_CMD(id, name, ...) [FTF_CMD_##id] = ftf_cmd_##name,
    FTF_COMMANDS(FTF_CMD)
#undef FTF_CMD
};

int main(int argc, char **argv)
{
    /* Symbolisation must never wait on a network; children inherit this. */
    unsetenv("DEBUGINFOD_URLS");

    /* libFuzzer re-executes argv[0] with only its own flags for -jobs/-fork workers and
     * for `ftfuzz fuzz` itself: those runs carry their configuration in the environment. */
    if (argc > 1 && argv[1][0] == '-' && argv[1][1] != '-' && ftf_worker_configured())
        return ftf_worker_main(argc, argv);
    /* `ftfuzz fuzz`'s probe of the module's callables (cli/cmd_fuzz.c starts it). */
    if (argc == 1 && ftf_probe_child_configured())
        return ftf_probe_child_main();

    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        ftf_commands_help(argc < 2 ? stderr : stdout);
        return argc < 2 ? FTF_EXIT_USAGE : FTF_EXIT_CLEAN;
    }
    int cmd = ftf_command_lookup(argv[1]);
    if (cmd < 0) {
        FTF_ERROR("unknown command '%s' (try: ftfuzz --help)", argv[1]);
        return FTF_EXIT_USAGE;
    }
    struct ftf_options o;
    char err[512];
    if (ftf_options_parse((enum ftf_command)cmd, argc - 2, argv + 2, &o, err, sizeof err) < 0) {
        FTF_ERROR("%s", err);
        return FTF_EXIT_USAGE;
    }
    if (o.help) {
        ftf_options_help((enum ftf_command)cmd, stdout);
        return FTF_EXIT_CLEAN;
    }
    return handlers[cmd](&o);
}
