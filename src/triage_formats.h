/* triage_formats.h - every `triage --format` name, and which writer each one selects. */
#ifndef FTF_TRIAGE_FORMATS_H
#define FTF_TRIAGE_FORMATS_H

#include "triage.h"
#include "triage_bugs.h"

/* X(name, family, value): the bug list's formats (BUGS: enum ftf_bug_format, triage_bugs.h)
 * and the signature table's (SIGNATURES: enum ftf_triage_format, triage.h). */
#define FTF_TRIAGE_FORMATS(X)                        \
    X("text", BUGS, FTF_BUGS_TEXT)                   \
    X("json", BUGS, FTF_BUGS_JSON)                   \
    X("sarif", BUGS, FTF_BUGS_SARIF)                 \
    X("junit", BUGS, FTF_BUGS_JUNIT)                 \
    X("summary", BUGS, FTF_BUGS_SUMMARY)             \
    X("html", BUGS, FTF_BUGS_HTML)                   \
    X("signatures", SIGNATURES, FTF_TRIAGE_TEXT)     \
    X("markdown", SIGNATURES, FTF_TRIAGE_MARKDOWN)   \
    X("groups", SIGNATURES, FTF_TRIAGE_GROUPS)

/* "text|json|...|groups", for the options table's choices column. */
#define FTF_TRIAGE_FORMAT_CHOICE(name, family, value) "|" name
#define FTF_TRIAGE_FORMAT_CHOICES (&FTF_TRIAGE_FORMATS(FTF_TRIAGE_FORMAT_CHOICE)[1])

enum ftf_triage_family { FTF_FORMAT_BUGS, FTF_FORMAT_SIGNATURES };

struct ftf_triage_format_choice {
    enum ftf_triage_family family;
    enum ftf_bug_format bugs;          /* FTF_FORMAT_BUGS */
    enum ftf_triage_format signatures; /* FTF_FORMAT_SIGNATURES */
};

/* The writer `--format name` selects: 0 and *out, or -1 for an unknown (or NULL) name. */
int ftf_triage_format_lookup(const char *name, struct ftf_triage_format_choice *out);

#endif
