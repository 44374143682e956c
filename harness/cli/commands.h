/* commands.h - one handler per row of src/commands.def; each returns the exit code. */
#ifndef FTF_COMMANDS_H
#define FTF_COMMANDS_H

#include "options.h"

/* Exit codes: the user's contract (README.md). */
enum { FTF_EXIT_CLEAN = 0, FTF_EXIT_FINDINGS = 1, FTF_EXIT_USAGE = 2 };

#define FTF_CMD(id, name, ...) int ftf_cmd_##name(struct ftf_options *o);
FTF_COMMANDS(FTF_CMD)
#undef FTF_CMD

#endif
