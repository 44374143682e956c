/* probe_file.c - write and read probe.txt (probe_file.h). */
#include "probe_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "value_kinds.h"

void ftf_probe_entry_label(const struct ftf_module_desc *mod, size_t i, char *buf, size_t len)
{
    const struct ftf_module_entry *e = &mod->entries[i];
    if (e->owner >= 0 && (size_t)e->owner < mod->n_entries)
        snprintf(buf, len, "%s.%s", mod->entries[e->owner].name, e->name);
    else
        snprintf(buf, len, "%s", e->name);
}

char *ftf_probe_file_format(const struct ftf_module_desc *mod, const uint32_t *masks,
                            size_t *len)
{
    struct ftf_sb b = {0};
    ftf_sb_printf(&b, "# ftfuzz: argument kinds each callable of %s accepted (no TypeError) "
                      "at the campaign's start; all: not told apart\n", mod->name);
    for (size_t i = 0; i < mod->n_entries; i++) {
        if (mod->entries[i].is_type)
            continue;
        char label[256], kinds[256];
        ftf_probe_entry_label(mod, i, label, sizeof label);
        if (masks[i] == FTF_VK_ALL)
            snprintf(kinds, sizeof kinds, "all");
        else
            ftf_vkinds_format(masks[i], kinds, sizeof kinds);
        ftf_sb_printf(&b, "%s %s\n", label, *kinds ? kinds : "none");
    }
    *len = b.len;
    return ftf_sb_take(&b);
}

/* The mask a line's kinds field says; FTF_VK_ALL for "all" or what it cannot read. */
static uint32_t kinds_mask(const char *kinds)
{
    if (!strcmp(kinds, "none"))
        return 0;
    long m = strcmp(kinds, "all") ? ftf_vkinds_parse(kinds) : -1;
    return m < 0 ? FTF_VK_ALL : (uint32_t)m;
}

size_t ftf_probe_file_parse(const char *text, const struct ftf_module_desc *mod,
                            uint32_t *masks, size_t cap)
{
    size_t n = mod->n_entries < cap ? mod->n_entries : cap, told = 0;
    for (size_t i = 0; i < n; i++)
        masks[i] = FTF_VK_ALL;
    char line[512];
    for (const char *s = text; s && *s;) {
        size_t k = strcspn(s, "\n");
        if (*s != '#' && k < sizeof line) {
            memcpy(line, s, k);
            line[k] = '\0';
            char *sp = strrchr(line, ' ');
            if (sp) {
                *sp = '\0';
                for (size_t i = 0; i < n; i++) {
                    char label[256];
                    if (mod->entries[i].is_type)
                        continue;
                    ftf_probe_entry_label(mod, i, label, sizeof label);
                    if (!strcmp(label, line)) {
                        masks[i] = kinds_mask(sp + 1);
                        told += masks[i] != FTF_VK_ALL;
                        break;
                    }
                }
            }
        }
        s += k + (s[k] == '\n');
    }
    return told;
}
