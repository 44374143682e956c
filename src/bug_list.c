/* bug_list.c - group findings into bugs (bug.h keys), pick representatives, the bug index. */
#include "bug_list.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"
#include "log.h"

bool ftf_finding_after_fault(const struct ftf_finding_meta *m)
{
    return m->after_fault;
}

const char *ftf_finding_origin(const struct ftf_finding_meta *m)
{
    return m->origin ? m->origin : "cpython";
}

void ftf_bug_list_free(struct ftf_bug_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++) {
        ftf_bug_key_free(&list->v[i].key);
        for (size_t l = 0; l < list->v[i].n_locations; l++)
            ftf_bug_key_free(&list->v[i].locations[l]);
        free(list->v[i].locations);
        free(list->v[i].members);
    }
    free(list->v);
    memset(list, 0, sizeof *list);
}

/* Representative order: not only-after-a-fault, minimised, most hits, signature. */
static int rep_better(const struct ftf_finding_meta *a, const struct ftf_finding_meta *b)
{
    bool fa = ftf_finding_after_fault(a), fb = ftf_finding_after_fault(b);
    if (fa != fb)
        return !fa;
    if (a->minimised != b->minimised)
        return a->minimised;
    if (a->hits != b->hits)
        return a->hits > b->hits;
    return strcmp(a->sig_hex, b->sig_hex) < 0;
}

static int cmp_members(const void *x, const void *y)
{
    const struct ftf_finding_meta *a = *(const struct ftf_finding_meta *const *)x;
    const struct ftf_finding_meta *b = *(const struct ftf_finding_meta *const *)y;
    if (a->hits != b->hits)
        return a->hits > b->hits ? -1 : 1;
    return strcmp(a->sig_hex, b->sig_hex);
}

static int cmp_bugs(const void *x, const void *y)
{
    const struct ftf_bug *a = x, *b = y;
    if (!a->known != !b->known)
        return a->known ? 1 : -1;
    int ac = !strcmp(a->origin, "cpython"), bc = !strcmp(b->origin, "cpython");
    if (ac != bc)
        return ac - bc;
    int acr = a->key.kind == FTF_FINDING_CRASH, bcr = b->key.kind == FTF_FINDING_CRASH;
    if (acr != bcr)
        return bcr - acr;
    if (a->hits != b->hits)
        return a->hits > b->hits ? -1 : 1;
    return strcmp(a->key.id, b->key.id);
}

static const char *earlier(const char *a, const char *b, int sign)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return strcmp(a, b) * sign <= 0 ? a : b; /* ISO-8601 UTC sorts as text */
}

/* A bug of the fuzzed module's: one of its signatures has a frame of the module's own
 * among its top frames (src/origin.c). */
static bool module_bug(const struct ftf_bug *b)
{
    for (size_t i = 0; i < b->n_members; i++)
        if (strcmp(ftf_finding_origin(b->members[i]), "cpython") &&
            !b->members[i]->cpython_module)
            return true;
    return false;
}

/* Known entries that are bugs of their own: a baseline's entries each name one key
 * exactly, and its bugs keep their ids; --scope module's stands for all of CPython. */
static bool entry_is_one_bug(const struct ftf_known_entry *e)
{
    return e && e != &ftf_known_cpython_scope && strcmp(e->reference, "baseline");
}

/* Add from's members to into (members arrays hold up to n, every finding once). */
static void take_members(struct ftf_bug *into, struct ftf_bug *from)
{
    for (size_t m = 0; m < from->n_members; m++)
        into->members[into->n_members++] = from->members[m];
    into->hits += from->hits;
    into->first_seen = earlier(into->first_seen, from->first_seen, 1);
    into->last_seen = earlier(into->last_seen, from->last_seen, -1);
    into->after_fault = into->after_fault && from->after_fault;
    if (rep_better(from->rep, into->rep))
        into->rep = from->rep;
}

static int cmp_key_ids(const void *x, const void *y)
{
    const struct ftf_bug_key *a = x, *b = y;
    return strcmp(a->id, b->id);
}

/* Fold the bugs matching one known entry into the first of them, keyed by the entry. */
static int fold_known(struct ftf_bug_list *out, size_t n)
{
    for (size_t i = 0; i < out->n; i++) {
        struct ftf_bug *bug = &out->v[i];
        if (!entry_is_one_bug(bug->known))
            continue;
        if (!(bug->locations = calloc(n, sizeof *bug->locations)))
            return -1;
        bug->locations[bug->n_locations++] = bug->key;
        for (size_t j = i + 1; j < out->n;) {
            struct ftf_bug *other = &out->v[j];
            if (other->known != bug->known) {
                j++;
                continue;
            }
            take_members(bug, other);
            bug->locations[bug->n_locations++] = other->key;
            free(other->members);
            *other = out->v[--out->n];
            memset(&out->v[out->n], 0, sizeof out->v[out->n]);
        }
        qsort(bug->locations, bug->n_locations, sizeof *bug->locations, cmp_key_ids);
        const struct ftf_known_entry *e = bug->known;
        if (ftf_bug_key_of_entry(e->kind, e->parts, e->n_parts, e->reference,
                                 bug->locations[0].title, &bug->key))
            return -1;
    }
    return 0;
}

int ftf_bug_list_group(const struct ftf_finding_meta *findings, size_t n,
                       const struct ftf_known_list *known, struct ftf_bug_list *out)
{
    memset(out, 0, sizeof *out);
    if (n && !(out->v = calloc(n, sizeof *out->v)))
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        const struct ftf_finding_meta *m = &findings[i];
        struct ftf_bug_key key;
        if (ftf_bug_key_of(m->kind, m->canonical, &key) < 0)
            goto nomem;
        size_t b = 0;
        while (b < out->n && strcmp(out->v[b].key.id, key.id))
            b++;
        struct ftf_bug *bug = &out->v[b];
        if (b == out->n) {
            bug->key = key;
            bug->after_fault = true;
            if (!(bug->members = calloc(n, sizeof *bug->members))) {
                out->n++;
                goto nomem;
            }
            out->n++;
        } else {
            ftf_bug_key_free(&key);
        }
        bug->members[bug->n_members++] = m;
        bug->hits += m->hits;
        bug->first_seen = earlier(bug->first_seen, m->first_seen, 1);
        bug->last_seen = earlier(bug->last_seen, m->last_seen, -1);
        bug->after_fault = bug->after_fault && ftf_finding_after_fault(m);
        if (!bug->rep || rep_better(m, bug->rep))
            bug->rep = m;
    }
    out->n_signatures = n;
    for (size_t b = 0; b < out->n; b++) {
        struct ftf_bug *bug = &out->v[b];
        bug->known = ftf_known_match(known, &bug->key, module_bug(bug));
        if (!bug->known && known && known->module_scope && !module_bug(bug))
            bug->known = &ftf_known_cpython_scope;
    }
    if (fold_known(out, n))
        goto nomem;
    for (size_t b = 0; b < out->n; b++) {
        struct ftf_bug *bug = &out->v[b];
        qsort(bug->members, bug->n_members, sizeof *bug->members, cmp_members);
        bug->origin = ftf_finding_origin(bug->rep);
        bug->minimised = bug->rep->minimised;
        if (bug->known)
            out->n_known++;
        else
            out->n_new++;
    }
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, cmp_bugs);
    return 0;
nomem:
    ftf_bug_list_free(out);
    errno = ENOMEM;
    return -1;
}

/* --- the index -------------------------------------------------------------------------- */

void ftf_bug_json_members(const struct ftf_bug *b, json_t **parts, json_t **sigs)
{
    *parts = json_array();
    *sigs = json_array();
    for (size_t p = 0; *parts && p < b->key.n_parts; p++)
        json_array_append_new(*parts, json_string(b->key.parts[p]));
    for (size_t m = 0; *sigs && m < b->n_members; m++) {
        char name[64];
        snprintf(name, sizeof name, "%s-%s", ftf_finding_kind_name(b->members[m]->kind),
                 b->members[m]->sig_hex);
        json_array_append_new(*sigs, json_string(name));
    }
}

static json_t *index_json(const struct ftf_bug_list *list)
{
    json_t *bugs = json_array();
    if (!bugs)
        return NULL;
    for (size_t i = 0; i < list->n; i++) {
        const struct ftf_bug *b = &list->v[i];
        json_t *parts, *sigs;
        ftf_bug_json_members(b, &parts, &sigs);
        json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", b->key.id, "kind",
                              ftf_finding_kind_name(b->key.kind), "title", b->key.title,
                              "parts", parts, "signatures", sigs);
        if (!o || json_array_append_new(bugs, o)) {
            json_decref(bugs);
            return NULL;
        }
    }
    return json_pack("{s:i, s:o}", "bugs_version", 1, "bugs", bugs);
}

int ftf_bug_index_write(const char *out_dir, const struct ftf_bug_list *list, char *err,
                        size_t errlen)
{
    char path[4096], tmp[4200];
    if (snprintf(path, sizeof path, "%s/bugs.json", out_dir) >= (int)sizeof path) {
        ftf_set_error(err, errlen, "%s: path too long", out_dir);
        return -1;
    }
    snprintf(tmp, sizeof tmp, "%s.tmp-%d", path, (int)getpid());
    json_t *root = index_json(list);
    char *text = root ? json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(root);
    if (!text) {
        ftf_set_error(err, errlen, "%s: out of memory", path);
        return -1;
    }
    int rc = -1;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    size_t len = strlen(text);
    if (fd < 0 || write(fd, text, len) != (ssize_t)len || write(fd, "\n", 1) != 1 ||
        fsync(fd) != 0) {
        ftf_set_error(err, errlen, "%s: cannot write: %s", tmp, strerror(errno));
        goto out;
    }
    if (close(fd) != 0 || (fd = -1, rename(tmp, path) != 0)) {
        ftf_set_error(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        goto out;
    }
    fd = -1;
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    if (rc)
        unlink(tmp);
    free(text);
    return rc;
}

int ftf_bug_index_check(const char *out_dir, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/bugs.json", out_dir);
    if (access(path, F_OK) != 0)
        return 0;
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    const char *why = NULL;
    if (!root) {
        ftf_set_error(err, errlen, "%s: not valid JSON (line %d: %s); ftfuzz triage %s --rebuild "
               "rewrites it from the findings", path, je.line, je.text, out_dir);
        return -1;
    }
    json_t *bugs = json_object_get(root, "bugs");
    if (!json_is_integer(json_object_get(root, "bugs_version")))
        why = "no integer bugs_version";
    else if (!json_is_array(bugs))
        why = "no bugs array";
    for (size_t i = 0; !why && i < json_array_size(bugs); i++) {
        json_t *b = json_array_get(bugs, i);
        if (!json_is_string(json_object_get(b, "id")) ||
            !json_is_string(json_object_get(b, "kind")) ||
            !json_is_array(json_object_get(b, "signatures")))
            why = "a bug without id, kind or signatures";
    }
    json_decref(root);
    if (why) {
        ftf_set_error(err, errlen, "%s: %s; ftfuzz triage %s --rebuild rewrites it from the findings",
               path, why, out_dir);
        return -1;
    }
    return 0;
}

/* --- repro.py's program part ------------------------------------------------------------- */

static bool starts_program(const char *l)
{
    return (l[0] == 'S' && l[1] >= '0' && l[1] <= '9') || !strncmp(l, "def t", 5);
}

long ftf_repro_program_lines(const char *repro_path)
{
    size_t len;
    char *text = ftf_read_file(repro_path, &len);
    if (!text)
        return -1;
    long n = 0;
    bool in = false;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (!in && starts_program(line))
            in = true;
        if (!in)
            continue;
        /* render.c's helpers follow the program; older repro.py files end it at THREADS */
        if (!strncmp(line, "# ---- fixed helpers", 20) || !strncmp(line, "THREADS = ", 10))
            break;
        const char *t = line;
        while (*t == ' ')
            t++;
        if (*t && *t != '#')
            n++;
    }
    free(text);
    return n;
}
