/* stdlib_sweep.c - the standard-library sweep's deny-list lookups (the table: stdlib_deny.def). */
#include "stdlib_sweep.h"

#include <stdio.h>
#include <string.h>

#include "ident.h"
#include "stdlib_deny.def"
#include "stdlib_sources.def"

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

/* Appends "src:" prefix suffix tail and a newline to buf at *at; -1 when it does not fit. */
static int add_pattern(char *buf, size_t len, size_t *at, const char *prefix, const char *name,
                       const char *tail)
{
    int n = snprintf(buf + *at, len - *at, "src:%s%s%s\n", prefix, name, tail);
    if (n < 0 || (size_t)n >= len - *at)
        return -1;
    *at += (size_t)n;
    return 0;
}

int ftf_stdlib_source_patterns(const char *module, char *buf, size_t len)
{
    if (!len || !ftf_is_ident(module, 0)) /* a plain name: it goes into paths */
        return -1;
    size_t at = 0;
    buf[0] = '\0';
    static const struct {
        const char *module, *suffix;
    } sources[] = {
#define FTF_SOURCE_ROW(m, suffix) {m, suffix},
        FTF_STDLIB_SOURCES(FTF_SOURCE_ROW)
#undef FTF_SOURCE_ROW
    };
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++)
        if (!strcmp(sources[i].module, module) &&
            add_pattern(buf, len, &at, "", sources[i].suffix, "") < 0)
            return -1;
    /* CPython's layout: Modules/_struct.c, Modules/itertoolsmodule.c, Modules/_io/,
     * Modules/socketmodule.c for _socket. */
    const char *bare = module[0] == '_' && module[1] ? module + 1 : NULL;
    static const char *const tails[] = {".c", "module.c", "/"};
    for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
        if (add_pattern(buf, len, &at, "/Modules/", module, tails[t]) < 0 ||
            (bare && add_pattern(buf, len, &at, "/Modules/", bare, tails[t]) < 0))
            return -1;
    }
    return (int)at;
}
