/* origin.h - which report a user's module is to blame for, and where in its code. */
#ifndef FTF_ORIGIN_H
#define FTF_ORIGIN_H

#include <stddef.h>

#include "report.h"

/* The module's frame near the top of a key stack of any report in list, as
 * "file.c:function" into buf; 0 when no key stack puts the module's code there.
 * module_file names the module's binary as TSan prints it (its shared object), or several
 * separated by newlines (a package's extension files); a "src:SUFFIX" line instead names
 * source files (ftf_stdlib_source_patterns: a built-in module's code is in the executable). The frame is the innermost one of
 * the module's own source (not a CPython or system header inlined into it); of several
 * stacks, the least label, so one report always gets the same origin. */
int ftf_module_origin(const struct ftf_report_list *list, const char *module_file, char *buf,
                      size_t len);

/* The same for a crash: the module's frame near the top of the faulting thread's stack st
 * (ftf_stack_parse_crash), as "file.c:function" into buf; 0 when not the module's. */
int ftf_module_origin_of_crash(const struct ftf_stack *st, const char *module_file, char *buf,
                               size_t len);

#endif
