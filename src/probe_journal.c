/* probe_journal.c - read the argument probe's journal (probe_journal.h). */
#include "probe_journal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "I REST": the entry's index (-1 when the line has none) and REST after one space. */
static long index_of(const char *s, const char **rest)
{
    char *end = NULL;
    long i = strtol(s, &end, 10);
    if (end == s || i < 0 || (*end != ' ' && *end != '\n' && *end != '\0'))
        return -1;
    *rest = *end == ' ' ? end + 1 : end;
    return i;
}

size_t ftf_probe_journal_read(const char *text, long *masks, size_t cap, char *last_crash,
                              size_t len)
{
    for (size_t i = 0; i < cap; i++)
        masks[i] = FTF_PROBE_UNSEEN;
    long last = -1;
    const char *last_name = "";
    size_t last_name_len = 0;
    for (const char *line = text; line && *line;) {
        const char *nl = strchr(line, '\n'), *rest = NULL;
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        int start = !strncmp(line, "start ", 6), done = !strncmp(line, "done ", 5);
        long i = start || done ? index_of(line + (start ? 6 : 5), &rest) : -1;
        if (i >= 0 && (size_t)i < cap && start) {
            masks[i] = FTF_PROBE_CRASHED; /* until its "done" line */
            last = i;
            last_name = rest;
            last_name_len = n - (size_t)(rest - line);
        } else if (i >= 0 && (size_t)i < cap && done) {
            char *end = NULL;
            long m = strtol(rest, &end, 10);
            if (end != rest && m >= -1)
                masks[i] = m;
        }
        line = nl ? nl + 1 : NULL;
    }
    size_t crashed = 0;
    for (size_t i = 0; i < cap; i++)
        crashed += masks[i] == FTF_PROBE_CRASHED;
    if (len) {
        int open_last = last >= 0 && masks[last] == FTF_PROBE_CRASHED;
        size_t k = open_last ? (last_name_len < len - 1 ? last_name_len : len - 1) : 0;
        memcpy(last_crash, last_name, k);
        last_crash[k] = '\0';
    }
    return crashed;
}
