/* escape.h - text made safe for XML and HTML, and for a markdown code block. */
#ifndef FTF_ESCAPE_H
#define FTF_ESCAPE_H

#include <stdbool.h>
#include <stdio.h>

/* Write s XML-escaped (& < > " ' as entities; also right for HTML text and attributes).
 * In attributes (attr), newlines and tabs become character references so parsers keep
 * them; characters XML 1.0 forbids become '?'. */
void ftf_put_xml(FILE *out, const char *s, bool attr);

/* The backtick fence that can enclose s as a markdown code block: one more backtick than
 * its longest run, at least three. Writes it into fence (size >= 16) and returns it; a run
 * too long to outdo is cut to fit. */
const char *ftf_md_fence(const char *s, char fence[16]);

/* Write s for a markdown line: '|' '\' '`' '*' '_' '[' ']' '#' escaped with '\', '<' and '>' as
 * entities (so report text cannot inject HTML), control characters as spaces. */
void ftf_put_md(FILE *out, const char *s);

#endif
