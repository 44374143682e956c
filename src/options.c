/* options.c - parse argv against the options table; print help from the same table. */
#include "options.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

enum opt_type { OPT_INT, OPT_STR, OPT_FLAG };

struct opt_desc {
    const char *name;
    enum opt_type type;
    long def_int;
    const char *def_str;
    long min, max;       /* INT: the accepted range */
    const char *choices; /* STR: "a|b|c", or NULL for any value */
    unsigned commands;
    const char *metavar;
    const char *help;
    size_t offset;
};

/* Default of each type in the table: the macro picks the int or the string slot. */
#define DEF_INT_INT(d) (d)
#define DEF_INT_FLAG(d) (d)
#define DEF_INT_STR(d) 0
#define DEF_STR_INT(d) NULL
#define DEF_STR_FLAG(d) NULL
#define DEF_STR_STR(d) (d)

static const struct opt_desc opts[] = {
#define FTF_OPT(name, type, def, lo, hi, choices, cmds, metavar, help)                       \
    {#name,    OPT_##type, DEF_INT_##type(def), DEF_STR_##type(def), lo, hi, choices, cmds,   \
     metavar, help, offsetof(struct ftf_options, name)},
    FTF_OPTIONS(FTF_OPT)
#undef FTF_OPT
};
#define N_OPTS (sizeof opts / sizeof opts[0])

static const struct {
    const char *name, *args, *help;
} commands[] = {
#define FTF_CMD(id, fn, name, args, help) {name, args, help},
    FTF_COMMANDS(FTF_CMD)
#undef FTF_CMD
};

int ftf_command_lookup(const char *name)
{
    for (int i = 0; i < FTF_CMD_COUNT; i++)
        if (!strcmp(commands[i].name, name))
            return i;
    return -1;
}

const char *ftf_command_name(enum ftf_command cmd)
{
    return commands[cmd].name;
}

void ftf_options_defaults(struct ftf_options *o)
{
    memset(o, 0, sizeof *o);
    for (size_t i = 0; i < N_OPTS; i++) {
        char *field = (char *)o + opts[i].offset;
        switch (opts[i].type) {
        case OPT_INT:
            *(long *)(void *)field = opts[i].def_int;
            break;
        case OPT_FLAG:
            *(int *)(void *)field = (int)opts[i].def_int;
            break;
        case OPT_STR:
            *(const char **)(void *)field = opts[i].def_str;
            break;
        }
    }
}

/* Option names are C identifiers in the table and dashed on the command line:
 * --no-minimize is the table's no_minimize. */
static int same_name(const char *table, const char *arg, size_t len)
{
    if (strlen(table) != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (table[i] != (arg[i] == '-' ? '_' : arg[i]))
            return 0;
    return 1;
}

static void print_dashed(const char *name, char *buf, size_t len)
{
    snprintf(buf, len, "%s", name);
    for (char *p = buf; *p; p++)
        if (*p == '_')
            *p = '-';
}

/* val is one of the '|'-separated choices. */
static int is_choice(const char *choices, const char *val)
{
    size_t n = strlen(val);
    for (const char *c = choices; c; c = strchr(c, '|') ? strchr(c, '|') + 1 : NULL)
        if (!strncmp(c, val, n) && (c[n] == '|' || c[n] == '\0'))
            return n > 0;
    return 0;
}

static const struct opt_desc *find_opt(const char *name, size_t len)
{
    for (size_t i = 0; i < N_OPTS; i++)
        if (same_name(opts[i].name, name, len))
            return &opts[i];
    return NULL;
}

int ftf_options_parse(enum ftf_command cmd, int argc, char **argv, struct ftf_options *o,
                      char *err, size_t errlen)
{
    ftf_options_defaults(o);
    o->args = argv;
    int n_pos = 0;
    for (int i = 0; i < argc; i++) {
        char *a = argv[i];
        if (!strcmp(a, "--")) {
            o->passthru = argv + i + 1;
            o->n_passthru = argc - i - 1;
            break;
        }
        if (strncmp(a, "--", 2) || a[2] == '\0') {
            argv[n_pos++] = a; /* positional: compacted in place, order kept */
            continue;
        }
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const struct opt_desc *d = find_opt(name, len);
        if (!d) {
            snprintf(err, errlen, "unknown option '%s' (see: ftfuzz %s --help)", a,
                     commands[cmd].name);
            return -1;
        }
        if (!(d->commands & (1u << cmd))) {
            snprintf(err, errlen, "option '%.*s' does not apply to '%s'", (int)(len + 2), a,
                     commands[cmd].name);
            return -1;
        }
        char *field = (char *)o + d->offset;
        if (d->type == OPT_FLAG) {
            if (eq) {
                snprintf(err, errlen, "option '--%s' takes no value", d->name);
                return -1;
            }
            *(int *)(void *)field = 1;
            continue;
        }
        const char *val = eq ? eq + 1 : NULL;
        if (!val) {
            if (i + 1 >= argc) {
                snprintf(err, errlen, "option '--%s' needs a value (%s)", d->name, d->metavar);
                return -1;
            }
            val = argv[++i];
        }
        if (d->type == OPT_STR) {
            if (d->choices && !is_choice(d->choices, val)) {
                snprintf(err, errlen, "option '--%s': '%s' is not one of %s", d->name, val,
                         d->choices);
                return -1;
            }
            *(const char **)(void *)field = val;
            continue;
        }
        char *end;
        errno = 0;
        long v = strtol(val, &end, 10);
        if (errno || end == val || *end || v < 0) {
            snprintf(err, errlen, "option '--%s' needs a non-negative integer, got '%s'",
                     d->name, val);
            return -1;
        }
        if (v < d->min || v > d->max) {
            if (d->max == LONG_MAX)
                snprintf(err, errlen, "option '--%s' %ld: must be at least %ld", d->name, v,
                         d->min);
            else
                snprintf(err, errlen, "option '--%s' %ld: must be between %ld and %ld",
                         d->name, v, d->min, d->max);
            return -1;
        }
        *(long *)(void *)field = v;
    }
    o->n_args = n_pos;
    return 0;
}

void ftf_options_help(enum ftf_command cmd, FILE *out)
{
    fprintf(out, "usage: ftfuzz %s [OPTIONS] %s\n%s\n\noptions:\n", commands[cmd].name,
            commands[cmd].args, commands[cmd].help);
    for (size_t i = 0; i < N_OPTS; i++) {
        const struct opt_desc *d = &opts[i];
        if (!(d->commands & (1u << cmd)))
            continue;
        char left[64], dashed[48];
        print_dashed(d->name, dashed, sizeof dashed);
        snprintf(left, sizeof left, "--%s%s%s", dashed, *d->metavar ? " " : "", d->metavar);
        fprintf(out, "  %-18s %s", left, d->help);
        if (d->choices)
            fprintf(out, ": %s", d->choices);
        if (d->type == OPT_INT && d->max != LONG_MAX)
            fprintf(out, " (%ld..%ld)", d->min, d->max);
        if (d->type == OPT_INT)
            fprintf(out, " [default: %ld]", d->def_int);
        else if (d->type == OPT_STR && d->def_str)
            fprintf(out, " [default: %s]", d->def_str);
        fputc('\n', out);
    }
}

void ftf_commands_help(FILE *out)
{
    fprintf(out, "usage: ftfuzz COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
    for (int i = 0; i < FTF_CMD_COUNT; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(out, "\n`ftfuzz COMMAND --help` describes a command's options.\n"
                 "exit codes: 0 nothing found, 1 findings, 2 usage or environment error\n");
}
