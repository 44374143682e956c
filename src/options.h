/* options.h - the command table and the options table, parsed from argv. */
#ifndef FTF_OPTIONS_H
#define FTF_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#include "commands.def"
#include "isolation_policy.h"
#include "triage_formats.h"

enum ftf_command {
#define FTF_CMD(id, ...) FTF_CMD_##id,
    FTF_COMMANDS(FTF_CMD)
#undef FTF_CMD
    FTF_CMD_COUNT
};

#define FTF_CMD_BIT(id) (1u << FTF_CMD_##id)
#define FTF_CMD_ALL ((1u << FTF_CMD_COUNT) - 1u)

/* A number macro as a string literal, for help texts that quote a policy's constants. */
#define FTF_STR_(x) #x
#define FTF_STR(x) FTF_STR_(x)

#include "options.def"

/* A repeatable option's values, in command-line order (LIST in options.def). */
#define FTF_OPT_LIST_MAX 16
struct ftf_opt_list {
    const char *v[FTF_OPT_LIST_MAX];
    int n;
};

struct ftf_options {
#define FTF_FIELD_INT long
#define FTF_FIELD_STR const char *
#define FTF_FIELD_FLAG int
#define FTF_FIELD_LIST struct ftf_opt_list
#define FTF_OPT(name, type, ...) FTF_FIELD_##type name;
    FTF_OPTIONS(FTF_OPT)
#undef FTF_OPT
    /* positional arguments, and what follows "--" (passed to libFuzzer untouched) */
    char **args;
    int n_args;
    char **passthru;
    int n_passthru;
};

/* Look up a command by name; returns -1 when unknown. */
int ftf_command_lookup(const char *name);

/* Name of a command. */
const char *ftf_command_name(enum ftf_command cmd);

/* Fill o with the table's defaults (what a command without an option uses). */
void ftf_options_defaults(struct ftf_options *o);

/* Fill o with defaults, then parse argv (after the command name) for cmd. Accepts
 * `--name value`, `--name=value` and, for FLAG options, `--name`. Positional arguments and
 * the tail after `--` point into argv (nothing to free). Returns 0, or -1 with a message in
 * err (unknown option, option of another command, missing or non-numeric value, a value
 * out of the table's range or choices). */
int ftf_options_parse(enum ftf_command cmd, int argc, char **argv, struct ftf_options *o,
                      char *err, size_t errlen);

/* Print the --help text of one command (usage line and its options with defaults). */
void ftf_options_help(enum ftf_command cmd, FILE *out);

/* Print the list of commands. */
void ftf_commands_help(FILE *out);

#endif
