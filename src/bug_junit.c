/* bug_junit.c - the bug list as JUnit XML: new bugs fail, known bugs are skipped. */
#include "bug_formats.h"

#include <stdlib.h>

#include "escape.h"
#include "store.h"

static void testcase(FILE *out, const struct ftf_bug *b)
{
    const struct ftf_finding_meta *r = b->rep;
    const char *kind = ftf_finding_kind_name(b->key.kind);
    fprintf(out, "    <testcase classname=\"ftfuzz.%s\" name=\"", kind);
    ftf_put_xml(out, b->key.title, true);
    fprintf(out, " [%s]\" file=\"", b->key.id);
    ftf_put_xml(out, r->loc_file ? r->loc_file : r->dir, true);
    fputs("\">\n", out);
    if (b->known) {
        fputs("      <skipped message=\"known: ", out);
        ftf_put_xml(out, b->known->reference, true);
        fputs(" (", out);
        ftf_put_xml(out, b->known->status, true);
        fputs("): ", out);
        ftf_put_xml(out, b->known->reason, true);
        fprintf(out, " [%s:%u]\"/>\n", b->known->file ? b->known->file : "?", b->known->line);
        fputs("    </testcase>\n", out);
        return;
    }
    char *repro = ftf_store_read_text(r->dir, FTF_TEXT_REPRO);
    char *report = ftf_store_read_text(r->dir, FTF_TEXT_REPORT);
    fprintf(out, "      <failure type=\"%s\" message=\"", kind);
    ftf_put_xml(out, b->key.title, true);
    fprintf(out, "&#10;&#10;%s repro.py (%s):&#10;", b->minimised ? "minimised" : "unminimised",
            r->dir);
    ftf_put_xml(out, repro ? repro : "(repro.py is missing)", true);
    fputs("\">", out);
    fprintf(out, "bug %s, %s, %lld hits over %zu signatures\nsummary: ", b->key.id, kind,
            b->hits, b->n_members);
    ftf_put_xml(out, r->summary, false);
    fputs("\nfinding: ", out);
    ftf_put_xml(out, r->dir, false);
    fputs("\n\n", out);
    ftf_put_xml(out, report ? report : "(report.txt is missing)", false);
    fputs("</failure>\n    </testcase>\n", out);
    free(repro);
    free(report);
}

void ftf_bugs_junit(FILE *out, const struct ftf_bug_list *l)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out, "<testsuites name=\"ftfuzz\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
                 "skipped=\"%zu\">\n", l->n, l->n_new, l->n_known);
    fprintf(out, "  <testsuite name=\"ftfuzz.bugs\" tests=\"%zu\" failures=\"%zu\" "
                 "errors=\"0\" skipped=\"%zu\">\n", l->n, l->n_new, l->n_known);
    for (size_t i = 0; i < l->n; i++)
        testcase(out, &l->v[i]);
    fputs("  </testsuite>\n</testsuites>\n", out);
}
