/* bug_summary.c - the bug list as markdown for $GITHUB_STEP_SUMMARY: new bugs in full. */
#include "bug_formats.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "store.h"

static void new_bug(FILE *out, size_t i, const struct ftf_bug *b)
{
    const struct ftf_finding_meta *r = b->rep;
    fprintf(out, "### %zu. ", i);
    ftf_put_md(out, b->key.title);
    fprintf(out, "\n\n- bug `%s`, kind `%s`, %lld hits, %zu signature%s, %s\n", b->key.id,
            ftf_finding_kind_name(b->key.kind), b->hits, b->n_members,
            b->n_members == 1 ? "" : "s", b->minimised ? "minimised" : "not minimised");
    if (r->loc_file) {
        fputs("- at ", out);
        ftf_put_md(out, r->loc_file);
        fprintf(out, ":%lld", r->loc_line);
        if (r->loc_function) {
            fputs(" in ", out);
            ftf_put_md(out, r->loc_function);
        }
        fputc('\n', out);
    }
    if (r->repro_runs > 0)
        fprintf(out, "- reproduced %lld/%lld\n", r->repro_reproduced, r->repro_runs);
    if (r->racing_ops) {
        fputs("- racing ops: ", out);
        ftf_put_md(out, r->racing_ops);
        fputc('\n', out);
    }
    fputs("- finding: ", out);
    ftf_put_md(out, r->dir);
    fputs("\n\n", out);
    char *repro = ftf_store_read_text(r->dir, FTF_TEXT_REPRO), fence[16];
    if (repro) {
        ftf_md_fence(repro, fence);
        fprintf(out, "%spython\n%s%s%s\n\n", fence, repro,
                repro[0] && repro[strlen(repro) - 1] == '\n' ? "" : "\n", fence);
    } else {
        fputs("(repro.py is missing)\n\n", out);
    }
    free(repro);
}

void ftf_bugs_summary(FILE *out, const char *out_dir, const struct ftf_bug_list *l)
{
    fprintf(out, "## ftfuzz: %zu new bug%s, %zu known\n\n", l->n_new, l->n_new == 1 ? "" : "s",
            l->n_known);
    fputs("| bugs | new | known | signatures |\n|--:|--:|--:|--:|\n", out);
    fprintf(out, "| %zu | %zu | %zu | %zu |\n\n", l->n, l->n_new, l->n_known, l->n_signatures);
    if (l->n_new) {
        fputs("## New bugs\n\n", out);
        for (size_t i = 0, k = 0; i < l->n; i++)
            if (!l->v[i].known)
                new_bug(out, ++k, &l->v[i]);
    }
    if (l->n_known) {
        fputs("## Known bugs\n\n", out);
        for (size_t i = 0; i < l->n; i++) {
            const struct ftf_bug *b = &l->v[i];
            if (!b->known)
                continue;
            fprintf(out, "- `%s` ", ftf_finding_kind_name(b->key.kind));
            ftf_put_md(out, b->key.title);
            fputs(": ", out);
            ftf_put_md(out, b->known->reference);
            fputs(" (", out);
            ftf_put_md(out, b->known->status);
            fprintf(out, "), %lld hits\n", b->hits);
        }
        fputc('\n', out);
    }
    fputs("Findings: ", out);
    ftf_put_md(out, out_dir);
    fputs("/findings (`ftfuzz triage DIR`, `ftfuzz repro FINDING`)\n", out);
}
