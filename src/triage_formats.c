/* triage_formats.c - look a `triage --format` name up in the one table of them. */
#include "triage_formats.h"

#include <string.h>

int ftf_triage_format_lookup(const char *name, struct ftf_triage_format_choice *out)
{
    static const struct {
        const char *name;
        struct ftf_triage_format_choice choice;
    } rows[] = {
#define FTF_TRIAGE_FORMAT_ROW_BUGS(v) {FTF_FORMAT_BUGS, v, FTF_TRIAGE_TEXT}
#define FTF_TRIAGE_FORMAT_ROW_SIGNATURES(v) {FTF_FORMAT_SIGNATURES, FTF_BUGS_TEXT, v}
#define FTF_TRIAGE_FORMAT_ROW(name, family, value) {name, FTF_TRIAGE_FORMAT_ROW_##family(value)},
        FTF_TRIAGE_FORMATS(FTF_TRIAGE_FORMAT_ROW)
#undef FTF_TRIAGE_FORMAT_ROW
    };
    for (size_t i = 0; name && i < sizeof rows / sizeof rows[0]; i++)
        if (!strcmp(rows[i].name, name)) {
            *out = rows[i].choice;
            return 0;
        }
    return -1;
}
