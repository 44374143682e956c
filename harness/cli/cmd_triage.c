/* cmd_triage.c - `ftfuzz triage DIR [--format F]`: the findings table of an output dir. */
#include <stdio.h>

#include "cli/commands.h"
#include "campaign/findings_stats.h"
#include "log.h"
#include "triage.h"

int ftf_cmd_triage(struct ftf_options *o)
{
    if (o->n_args != 1) {
        FTF_ERROR("triage needs exactly one DIR (see: ftfuzz triage --help)");
        return FTF_EXIT_USAGE;
    }
    enum ftf_triage_format fmt;
    if (ftf_triage_format_from_name(o->format, &fmt) < 0) {
        FTF_ERROR("--format %s: unknown format (text, markdown, sarif, junit, groups)", o->format);
        return FTF_EXIT_USAGE;
    }
    struct ftf_findings_stats st;
    if (ftf_findings_stats(o->args[0], &st) < 0)
        return FTF_EXIT_USAGE;
    char err[1024];
    if (ftf_triage(o->args[0], fmt, stdout, err, sizeof err) != 0) {
        FTF_ERROR("%s", err);
        return FTF_EXIT_USAGE;
    }
    return st.unique ? FTF_EXIT_FINDINGS : FTF_EXIT_CLEAN;
}
