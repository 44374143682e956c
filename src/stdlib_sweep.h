/* stdlib_sweep.h - the standard-library sweep's pure parts: the deny-list (stdlib_deny.def)
 * and where a module's C code is (stdlib_sources.def). */
#ifndef FTF_STDLIB_H
#define FTF_STDLIB_H

#include <stddef.h>

/* Why module.name must never run in a sweep, or NULL when it may. name NULL asks about the
 * whole module (denied only by a "*" entry). The reason is a static string. */
const char *ftf_stdlib_denied(const char *module, const char *name);

/* The names denied in module, comma-separated, into buf ("*" for the whole module, "" for
 * none): what the runner leaves out of its introspection. Returns the length, or -1 when
 * buf is too small. */
int ftf_stdlib_denied_names(const char *module, char *buf, size_t len);

/* Where a built-in module's C code is, for attribution: its frames run in the ftfuzz binary
 * itself (CPython's built-in modules are linked in), so they are told apart by their
 * source files. One "src:SUFFIX" line per candidate (origin.h: a frame whose file ends in
 * SUFFIX, or is under it when SUFFIX ends in '/'), into buf. Returns the length, or -1
 * when buf is too small or module is not a plain name (an identifier, ident.h). */
int ftf_stdlib_source_patterns(const char *module, char *buf, size_t len);

#endif
