/* libfuzzer_options.c - fuzz/<target>.options ([libfuzzer] key = value lines) to flags. */
#include "libfuzzer_options.h"

#include <stdio.h>
#include <string.h>

size_t ftf_libfuzzer_options_parse(const char *text, const char *dir,
                                   char (*flags)[FTF_LIBFUZZER_FLAG_LEN], size_t max)
{
    size_t n = 0;
    for (const char *s = text; s && *s && n < max;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        char line[1024], key[256], val[768];
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), s);
        s += len + (nl != NULL);
        if (line[0] == '#' || line[0] == '[' || sscanf(line, " %255[^= ] = %767s", key, val) != 2)
            continue;
        if (!strcmp(key, "dict"))
            snprintf(flags[n++], FTF_LIBFUZZER_FLAG_LEN, "-dict=%s/%s", dir, val);
        else
            snprintf(flags[n++], FTF_LIBFUZZER_FLAG_LEN, "-%s=%s", key, val);
    }
    return n;
}
