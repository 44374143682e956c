/* origin.h - which report a user's module is to blame for, and where in its code. */
#ifndef FTF_ORIGIN_H
#define FTF_ORIGIN_H

#include <stddef.h>

#include "report.h"

/* The module's first frame near the top of a key stack of any report in list, as
 * "file.c:function" into buf; 0 when no key stack puts the module's code there.
 * module_file names the module's binary as TSan prints it (its shared object). */
int ftf_module_origin(const struct ftf_report_list *list, const char *module_file, char *buf,
                      size_t len);

#endif
