/* module_desc.h - what the core knows of a user's extension module: names and arities. */
#ifndef FTF_MODULE_DESC_H
#define FTF_MODULE_DESC_H

#include <stddef.h>
#include <stdint.h>

#include "ops.h"

/* One callable or type of a user's C extension module (module mode). */
struct ftf_module_entry {
    const char *name;  /* identifier: a module attribute, or a method name of its owner */
    uint8_t is_type;   /* a type: module objects (MODOBJ) are made by calling it, no args */
    int8_t owner;      /* index of the type entry this is a method of; -1 = module level */
    uint8_t min_args;
    uint8_t max_args;  /* below min_args means min_args */
};

/* What the core knows of a user's module: names only, found by the harness. The caller
 * owns every string. Entries with names that are not identifiers are ignored, and so is
 * the whole module when its name is not a dotted identifier. */
struct ftf_module_desc {
    const char *name;  /* import name, e.g. "mymod" or "pkg.mymod" */
    size_t n_entries;  /* at most FTF_MODULE_MAX_ENTRIES; more are ignored */
    struct ftf_module_entry entries[FTF_MODULE_MAX_ENTRIES];
};

#endif
