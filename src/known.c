/* known.c - the known-bugs file format (known.h): parser, matcher, baseline writer. */
#include "known.h"

#include <errno.h>
#include <fnmatch.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "paths.h"
#include "log.h"

#define N_FIELDS 5

static void entry_free(struct ftf_known_entry *e)
{
    for (size_t i = 0; i < e->n_parts; i++)
        free(e->parts[i]);
    free(e->reference);
    free(e->status);
    free(e->reason);
    free(e->file);
    memset(e, 0, sizeof *e);
}

void ftf_known_free(struct ftf_known_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        entry_free(&list->v[i]);
    free(list->v);
    memset(list, 0, sizeof *list);
}

/* Trim blanks at both ends, in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* A glob with no literal character matches every bug of its kind. */
static bool only_wildcards(const char *p)
{
    for (; *p; p++)
        if (*p != '*' && *p != '?')
            return false;
    return true;
}

static bool reference_ok(const char *r)
{
    const char *digits = NULL;
    if (!strncmp(r, "gh-", 3))
        digits = r + 3;
    else if (!strncmp(r, "bpo-", 4))
        digits = r + 4;
    if (digits) {
        if (!*digits)
            return false;
        for (; *digits; digits++)
            if (*digits < '0' || *digits > '9')
                return false;
        return true;
    }
    return !strcmp(r, "baseline") ||
           ((!strncmp(r, "https://", 8) || !strncmp(r, "http://", 7)) && !strchr(r, ' '));
}

/* "fixed in 3.14", "fixed in 3.14.0", "not backported", "open". */
static bool status_ok(const char *s)
{
    if (!strcmp(s, "not backported") || !strcmp(s, "open"))
        return true;
    if (strncmp(s, "fixed in ", 9))
        return false;
    int dots = 0;
    bool digit = false;
    for (const char *p = s + 9; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            digit = true;
        } else if (*p == '.' && digit) {
            dots++;
            digit = false;
        } else {
            return false;
        }
    }
    return digit && dots >= 1 && dots <= 2;
}

static const char *kind_list(void)
{
    static char buf[256];
    if (!buf[0]) {
        size_t used = 0;
        for (int k = 0; k < FTF_FINDING_KIND_COUNT; k++)
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", k ? ", " : "",
                                     ftf_finding_kind_name((enum ftf_finding_kind)k));
    }
    return buf;
}

/* Parse one non-comment line into *e: 0, -1 with err (the message without FILE:LINE), -2
 * on ENOMEM. */
static int parse_line(char *line, struct ftf_known_entry *e, char *err, size_t errlen)
{
    char *f[N_FIELDS];
    size_t n = 0;
    char *p = line;
    while (n < N_FIELDS - 1) {
        char *bar = strchr(p, '|');
        if (!bar)
            break;
        *bar = '\0';
        f[n++] = trim(p);
        p = bar + 1;
    }
    f[n++] = trim(p); /* the reason keeps any '|' it has */
    if (n != N_FIELDS) {
        ftf_set_error(err, errlen, "%zu fields, expected 5: KIND | PARTS | REFERENCE | STATUS | REASON",
               n);
        return -1;
    }
    if (ftf_finding_kind_from_name(f[0], &e->kind) < 0) {
        ftf_set_error(err, errlen, "unknown kind '%s' (one of: %s)", f[0], kind_list());
        return -1;
    }
    if (!*f[1]) {
        ftf_set_error(err, errlen, "no pattern (PARTS is empty)");
        return -1;
    }
    for (char *part = f[1], *next; part; part = next) {
        char *slash = strchr(part, '/');
        next = slash ? slash + 1 : NULL;
        if (slash)
            *slash = '\0';
        part = trim(part);
        if (!*part) {
            ftf_set_error(err, errlen, "an empty pattern between two '/'");
            return -1;
        }
        if (only_wildcards(part)) {
            ftf_set_error(err, errlen, "pattern '%s' matches anything: name the function", part);
            return -1;
        }
        if (e->n_parts == FTF_BUG_MAX_PARTS) {
            ftf_set_error(err, errlen, "more than %d patterns", FTF_BUG_MAX_PARTS);
            return -1;
        }
        if (!(e->parts[e->n_parts++] = strdup(part)))
            return -2;
    }
    if (!e->n_parts) {
        ftf_set_error(err, errlen, "no pattern (PARTS is empty)");
        return -1;
    }
    if (!reference_ok(f[2])) {
        ftf_set_error(err, errlen, "reference '%s' is not gh-N, bpo-N, a URL or baseline", f[2]);
        return -1;
    }
    if (!status_ok(f[3])) {
        ftf_set_error(err, errlen, "status '%s' is not 'fixed in X.Y[.Z]', 'not backported' or 'open'",
               f[3]);
        return -1;
    }
    if (!*f[4]) {
        ftf_set_error(err, errlen, "the reason is empty");
        return -1;
    }
    if (!(e->reference = strdup(f[2])) || !(e->status = strdup(f[3])) ||
        !(e->reason = strdup(f[4])))
        return -2;
    return 0;
}

int ftf_known_parse(const char *text, const char *name, struct ftf_known_list *list,
                    char *err, size_t errlen)
{
    const char *p = text ? text : "";
    unsigned lineno = 0;
    while (*p) {
        size_t len = strcspn(p, "\n");
        lineno++;
        char *line = strndup(p, len);
        if (!line)
            return -2;
        p += len + (p[len] == '\n');
        char *t = trim(line);
        if (!*t || *t == '#') {
            free(line);
            continue;
        }
        if (list->n == list->cap) {
            size_t cap = list->cap ? list->cap * 2 : 16;
            struct ftf_known_entry *v = realloc(list->v, cap * sizeof *v);
            if (!v) {
                free(line);
                return -2;
            }
            list->v = v;
            list->cap = cap;
        }
        struct ftf_known_entry *e = &list->v[list->n];
        memset(e, 0, sizeof *e);
        char why[512];
        int rc = parse_line(t, e, why, sizeof why);
        free(line);
        if (rc == 0 && !(e->file = strdup(name)))
            rc = -2;
        if (rc) {
            if (rc == -1)
                ftf_set_error(err, errlen, "%s:%u: %s", name, lineno, why);
            else
                ftf_set_error(err, errlen, "%s:%u: out of memory", name, lineno);
            entry_free(e);
            return rc;
        }
        e->line = lineno;
        list->n++;
    }
    return 0;
}

int ftf_known_load(const char *path, struct ftf_known_list *list, char *err, size_t errlen)
{
    size_t len;
    char *text = ftf_read_file(path, &len);
    if (!text) {
        ftf_set_error(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    if (strlen(text) != len) {
        ftf_set_error(err, errlen, "%s: not a text file (it holds a NUL byte)", path);
        free(text);
        return -1;
    }
    int rc = ftf_known_parse(text, path, list, err, errlen);
    free(text);
    return rc;
}

static bool parts_match(const struct ftf_known_entry *e, const struct ftf_bug_key *k,
                        size_t i, unsigned used)
{
    if (i == e->n_parts)
        return true;
    if (ftf_bug_parts_ordered(k->kind))
        return !fnmatch(e->parts[i], k->parts[i], 0) && parts_match(e, k, i + 1, used);
    for (size_t j = 0; j < k->n_parts; j++)
        if (!(used & (1u << j)) && !fnmatch(e->parts[i], k->parts[j], 0) &&
            parts_match(e, k, i + 1, used | (1u << j)))
            return true;
    return false;
}

const struct ftf_known_entry *ftf_known_match(const struct ftf_known_list *list,
                                              const struct ftf_bug_key *key, int module_bug)
{
    for (size_t i = 0; list && i < list->n; i++) {
        const struct ftf_known_entry *e = &list->v[i];
        if (e->kind == key->kind && e->n_parts == key->n_parts &&
            !(module_bug && e->cpython_only) && parts_match(e, key, 0, 0))
            return e;
    }
    return NULL;
}

/* A part as an exact pattern: glob characters escaped, the format's separators and control
 * characters as '?' (which still match them). */
static void put_exact(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '*' || *s == '?' || *s == '[' || *s == '\\') {
            fputc('\\', out);
            fputc(*s, out);
        } else if (*s == '|' || *s == '/' || (unsigned char)*s < 0x20) {
            fputc('?', out);
        } else {
            fputc(*s, out);
        }
    }
}

const struct ftf_known_entry ftf_known_cpython_scope = {
    .reference = "cpython", .status = "open",
    .reason = "in CPython's own code, not the module's (--scope module)",
    .file = "--scope module", .line = 0};

void ftf_known_write_baseline(FILE *out, const struct ftf_bug_key *key)
{
    fprintf(out, "%s | ", ftf_finding_kind_name(key->kind));
    for (size_t i = 0; i < key->n_parts; i++) {
        if (i)
            fputs(" / ", out);
        put_exact(out, key->parts[i]);
    }
    fputs(" | baseline | open | ", out);
    for (const char *s = key->title; *s; s++)
        fputc((unsigned char)*s < 0x20 ? ' ' : *s, out);
    fputc('\n', out);
}

int ftf_known_shipped_path(const char *version, char *buf, size_t len)
{
    char exe[PATH_MAX];
    if (!version || ftf_self_exe(exe, sizeof exe) < 0)
        return -1;
    const char *dot = strchr(version, '.');
    const char *dot2 = dot ? strchr(dot + 1, '.') : NULL;
    int series = dot2 ? (int)(dot2 - version) : (int)strlen(version);
    if (snprintf(buf, len, "%s/../corpus/known/cpython-%.*s.txt", dirname(exe), series,
                 version) >= (int)len)
        return -1;
    struct stat st;
    return stat(buf, &st) == 0 && S_ISREG(st.st_mode) ? 0 : -1;
}
