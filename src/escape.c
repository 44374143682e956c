/* escape.c - XML/HTML escaping and markdown fences for the report writers. */
#include "escape.h"

#include <string.h>

void ftf_put_xml(FILE *out, const char *s, bool attr)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&apos;", out);
            break;
        case '\n':
            fputs(attr ? "&#10;" : "\n", out);
            break;
        case '\t':
            fputs(attr ? "&#9;" : "\t", out);
            break;
        case '\r':
            fputs("&#13;", out);
            break;
        default:
            fputc(c < 0x20 || c == 0x7f ? '?' : c, out);
        }
    }
}

const char *ftf_md_fence(const char *s, char fence[16])
{
    size_t longest = 0, run = 0;
    for (; s && *s; s++) {
        run = *s == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    size_t n = longest + 1 < 3 ? 3 : longest + 1;
    if (n > 15)
        n = 15;
    memset(fence, '`', n);
    fence[n] = '\0';
    return fence;
}

void ftf_put_md(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '<')
            fputs("&lt;", out);
        else if (c == '>')
            fputs("&gt;", out);
        else if (strchr("|\\`*_[]#", c))
            fprintf(out, "\\%c", c);
        else
            fputc(c < 0x20 || c == 0x7f ? ' ' : c, out);
    }
}
