/* stdlib_sweep.c - the standard-library sweep's deny-list lookups (the table: stdlib_deny.def). */
#include "stdlib_sweep.h"

#include <string.h>

#include "stdlib_deny.def"

static const struct {
    const char *module, *name, *reason;
} deny[] = {
#define ROW(m, n, r) {m, n, r},
    FTF_STDLIB_DENY(ROW)
#undef ROW
};

const char *ftf_stdlib_denied(const char *module, const char *name)
{
    for (size_t i = 0; module && i < sizeof deny / sizeof deny[0]; i++) {
        if (strcmp(deny[i].module, module))
            continue;
        if (!strcmp(deny[i].name, "*") || (name && !strcmp(deny[i].name, name)))
            return deny[i].reason;
    }
    return NULL;
}

int ftf_stdlib_denied_names(const char *module, char *buf, size_t len)
{
    size_t used = 0;
    if (len == 0)
        return -1;
    buf[0] = '\0';
    for (size_t i = 0; module && i < sizeof deny / sizeof deny[0]; i++) {
        if (strcmp(deny[i].module, module))
            continue;
        size_t n = strlen(deny[i].name) + (used ? 1 : 0);
        if (used + n + 1 > len)
            return -1;
        if (used)
            buf[used++] = ',';
        memcpy(buf + used, deny[i].name, strlen(deny[i].name) + 1);
        used += strlen(deny[i].name);
    }
    return (int)used;
}
