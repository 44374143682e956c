/* probe_file.h - probe.txt: the argument kinds each callable of a module accepted at the
 * campaign's start (value_kinds.h), written by the probe child, read by the workers. */
#ifndef FTF_PROBE_FILE_H
#define FTF_PROBE_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "module_desc.h"

/* Entry i's name as the user reads it: a method with its type's ("IntBuf.append"). */
void ftf_probe_entry_label(const struct ftf_module_desc *mod, size_t i, char *buf, size_t len);

/* The file's text (malloc'd, NULL when out of memory): a comment, then "LABEL KINDS" a
 * line for each function and method (KINDS "all": not told apart, as for a call of no
 * arguments, one that timed out or one that crashed the probe; "none": nothing accepted). */
char *ftf_probe_file_format(const struct ftf_module_desc *mod, const uint32_t *masks,
                            size_t *len);

/* The masks of mod's entries (cap at least mod->n_entries) from a file's text: an entry
 * the text does not name, or names with kinds it cannot read, gets FTF_VK_ALL. Returns
 * the number of entries the text told apart. */
size_t ftf_probe_file_parse(const char *text, const struct ftf_module_desc *mod,
                            uint32_t *masks, size_t cap);

#endif
