/* cmd_triage.c - `ftfuzz triage DIR`: the bugs of an output directory (table, JSON, SARIF,
 * JUnit, summary, HTML, baseline) or its signatures (signatures, markdown, groups). */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/known_load.h"
#include "log.h"
#include "triage_formats.h"

int ftf_cmd_triage(struct ftf_options *o)
{
    if (o->n_args != 1) {
        FTF_ERROR("triage needs exactly one DIR (see: ftfuzz triage --help)");
        return FTF_EXIT_USAGE;
    }
    const char *dir = o->args[0];
    struct ftf_triage_format_choice choice;
    if (ftf_triage_format_lookup(o->format, &choice) < 0) { /* the options table checked it */
        FTF_ERROR("--format %s: unknown format (%s)", o->format, FTF_TRIAGE_FORMAT_CHOICES);
        return FTF_EXIT_USAGE;
    }
    enum ftf_bug_format bf = choice.bugs;
    int bug_format = choice.family == FTF_FORMAT_BUGS;
    struct ftf_known_list known;
    if (ftf_known_load_options(o, &known) < 0)
        return FTF_EXIT_USAGE;
    char err[1024];
    struct ftf_bug_counts c;
    int rc = FTF_EXIT_USAGE;
    /* The bug list first, always: it checks the findings and the bug index, and gives the
     * exit status (new bugs or not) whatever the format. */
    if (o->write_known)
        bf = FTF_BUGS_KNOWN;
    FILE *sink = bug_format || o->write_known ? stdout : fopen("/dev/null", "w");
    if (!sink) {
        FTF_ERROR("/dev/null: cannot open");
        goto out;
    }
    if (ftf_triage_bugs(dir, &known, bf, o->all ? 0 : FTF_BUG_TABLE_LINES, o->rebuild,
                        o->source_root, sink, &c,
                        err, sizeof err)) {
        FTF_ERROR("%s", err);
        goto out;
    }
    if (!bug_format && !o->write_known) {
        if (ftf_triage(dir, choice.signatures, stdout, err, sizeof err) != 0) {
            FTF_ERROR("%s", err);
            goto out;
        }
    }
    rc = c.new_bugs ? FTF_EXIT_FINDINGS : FTF_EXIT_CLEAN;
out:
    if (sink && sink != stdout)
        fclose(sink);
    ftf_known_free(&known);
    return rc;
}
