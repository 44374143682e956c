/* ident.h - the one check for a name ftfuzz writes into Python or a path: an identifier. */
#ifndef FTF_IDENT_H
#define FTF_IDENT_H

/* 1 when s is an ASCII Python identifier ([A-Za-z_][A-Za-z0-9_]*), or, with dotted, a
 * dotted name of them (a.b.c: no empty part, no leading or trailing dot); 0 otherwise, and
 * for NULL or "". Keywords are not refused: a module or attribute named like one cannot be
 * made by the code that supplies names. */
int ftf_is_ident(const char *s, int dotted);

#endif
