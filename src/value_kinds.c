/* value_kinds.c - classify the value pool, keys and shared objects by Python type. */
#include "value_kinds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"

static const char *const names[FTF_VK_COUNT] = {
#define ROW(name, label) [FTF_VK_##name] = label,
    FTF_VKINDS(ROW)
#undef ROW
};

const char *ftf_vkind_name(unsigned k)
{
    return k < FTF_VK_COUNT ? names[k] : NULL;
}

int ftf_vkind_by_name(const char *name)
{
    for (unsigned k = 0; k < FTF_VK_COUNT; k++)
        if (!strcmp(names[k], name))
            return (int)k;
    return -1;
}

static int all_digits(const char *s)
{
    if (*s == '-')
        s++;
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* By the text's shape: the pool is small and written by hand (ops.def), and the unit test
 * holds every entry to a kind other than OTHER, so a new entry gets classified here. */
enum ftf_vkind ftf_vkind_of_text(const char *t)
{
    static const struct {
        const char *text;
        enum ftf_vkind kind;
    } exact[] = {
        {"None", FTF_VK_NONE}, {"True", FTF_VK_BOOL}, {"False", FTF_VK_BOOL},
        {"object()", FTF_VK_OBJECT}, {"_i + 1000", FTF_VK_INT}, {"_i * 0.5", FTF_VK_FLOAT},
        {"str(_i) * 2", FTF_VK_STR},
    };
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (!strcmp(t, exact[i].text))
            return exact[i].kind;
    if (all_digits(t))
        return FTF_VK_INT;
    char *end = NULL;
    if (strchr(t, '.') && (strtod(t, &end), end && *end == '\0'))
        return FTF_VK_FLOAT;
    switch (t[0]) {
    case '\'':
    case '"':
        return FTF_VK_STR;
    case 'b':
        return t[1] == '\'' ? FTF_VK_BYTES : FTF_VK_OTHER;
    case '(':
        return FTF_VK_TUPLE;
    case '[':
        return FTF_VK_LIST;
    case '{':
        return strchr(t, ':') ? FTF_VK_DICT : FTF_VK_OTHER;
    default:
        return FTF_VK_OTHER;
    }
}

enum ftf_vkind ftf_vkind_of_object(unsigned kind)
{
    switch (kind) {
    case FTF_K_LIST:
        return FTF_VK_LIST;
    case FTF_K_DICT:
    case FTF_K_DEFAULTDICT:
    case FTF_K_ODICT:
    case FTF_K_COUNTER: /* subclasses of dict: what takes a dict takes them */
        return FTF_VK_DICT;
    case FTF_K_MODOBJ:
        return FTF_VK_OWN;
    default:
        return FTF_VK_OTHER;
    }
}

const char *ftf_vkind_probe_text(unsigned k)
{
    for (unsigned i = 0; i < ftf_value_count(); i++)
        if ((unsigned)ftf_vkind_of_text(ftf_value_text(i)) == k && k != FTF_VK_OTHER &&
            k != FTF_VK_OWN)
            return ftf_value_text(i);
    return NULL;
}

long ftf_vkinds_parse(const char *list)
{
    long mask = 0;
    char name[32];
    const char *s = list;
    while (*s) {
        size_t n = strcspn(s, ",");
        if (n == 0 || n >= sizeof name)
            return -1;
        memcpy(name, s, n);
        name[n] = '\0';
        int k = ftf_vkind_by_name(name);
        if (k < 0)
            return -1;
        mask |= 1L << k;
        s += n + (s[n] == ',');
    }
    return mask;
}

void ftf_vkinds_format(uint32_t mask, char *buf, size_t len)
{
    size_t used = 0;
    if (len)
        buf[0] = '\0';
    for (unsigned k = 0; k < FTF_VK_COUNT; k++)
        if (mask >> k & 1u) {
            int w = snprintf(buf + used, len > used ? len - used : 0, "%s%s", used ? "," : "",
                             names[k]);
            if (w > 0)
                used += (size_t)w;
        }
}
