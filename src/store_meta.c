/* store_meta.c - meta.json: built from a finding, validated into typed fields, updated. */
#include "store_meta.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "paths.h"

__attribute__((format(printf, 3, 4)))
int ftf_store_pathf(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= len) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}


int ftf_store_write_file(const char *dir, const char *name, const void *data, size_t len,
                         char *err, size_t errlen)
{
    if (ftf_write_file_atomic(dir, name, data, len) == 0)
        return FTF_STORE_OK;
    ftf_set_error(err, errlen, "%s/%s: cannot write: %s", dir, name, strerror(errno));
    return ftf_store_errno_rc(errno);
}

int ftf_store_errno_rc(int e)
{
    return e == ENAMETOOLONG         ? FTF_STORE_ERR_ARG
           : e == ENOSPC || e == EDQUOT ? FTF_STORE_ERR_NOSPACE
                                      : FTF_STORE_ERR_IO;
}

void ftf_meta_now(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A JSON string from C text. jansson rejects invalid UTF-8, and report text is not to be
 * trusted, so bytes that do not validate become '?'. NULL gives JSON null. */
static json_t *jstr(const char *s)
{
    if (!s)
        return json_null();
    json_t *j = json_string(s);
    if (j)
        return j;
    char *copy = strdup(s);
    if (!copy)
        return NULL;
    for (unsigned char *p = (unsigned char *)copy; *p; p++)
        if (*p >= 0x80)
            *p = '?';
    j = json_string(copy);
    free(copy);
    return j;
}

static json_t *jint_or_null(long long v)
{
    return v < 0 ? json_null() : json_integer(v);
}

/* Set key to value, taking the reference; a NULL value (ENOMEM) makes it fail. */
static int put(json_t *obj, const char *key, json_t *value)
{
    return value ? json_object_set_new(obj, key, value) : -1;
}

/* meta.json's "extra": how to rebuild the program, and where in the module it points. */
static json_t *build_extra(const struct ftf_finding_in *in)
{
    json_t *x = json_object();
    if (!x)
        return NULL;
    if ((in->module && put(x, "module", jstr(in->module))) ||
        (in->module_path && put(x, "module_path", jstr(in->module_path))) ||
        (in->spec && put(x, "spec", jstr(in->spec))) ||
        (in->max_threads >= 0 && put(x, "max_threads", json_integer(in->max_threads))) ||
        (in->max_iters >= 0 && put(x, "max_iters", json_integer(in->max_iters))) ||
        (in->origin && put(x, "origin", jstr(in->origin))) ||
        (in->cpython_module && put(x, "cpython_module", json_true())) ||
        (in->after_fault && put(x, "after_fault", json_true()))) {
        json_decref(x);
        return NULL;
    }
    return x;
}

json_t *ftf_meta_build(const struct ftf_finding_in *in, const char *now)
{
    char hex[17];
    ftf_signature_hex(in->signature, hex);
    json_t *m = json_object();
    json_t *loc = NULL;
    if (!m)
        return NULL;
    if (in->loc_function || in->loc_file) {
        loc = json_object();
        if (!loc || put(loc, "function", jstr(in->loc_function)) ||
            put(loc, "file", jstr(in->loc_file)) ||
            put(loc, "line", in->loc_line ? json_integer(in->loc_line) : json_null())) {
            json_decref(loc);
            goto fail;
        }
    } else {
        loc = json_null();
    }
    json_t *extra = build_extra(in);
    if (put(m, "meta_version", json_integer(FTF_META_VERSION)) ||
        put(m, "signature", json_string(hex)) ||
        put(m, "kind", json_string(ftf_finding_kind_name(in->kind))) ||
        put(m, "summary", jstr(in->summary ? in->summary : "")) ||
        put(m, "canonical", jstr(in->canonical ? in->canonical : "")) ||
        put(m, "cpython_version", jstr(in->cpython_version)) ||
        put(m, "cpython_build", jstr(in->cpython_build)) ||
        put(m, "first_seen", json_string(now)) || put(m, "last_seen", json_string(now)) ||
        put(m, "hits", json_integer(1)) ||
        put(m, "repro_runs", jint_or_null(in->repro_runs)) ||
        put(m, "repro_reproduced", jint_or_null(in->repro_reproduced)) ||
        put(m, "minimised", json_boolean(in->minimised)) ||
        put(m, "ops", jint_or_null(in->ops)) || put(m, "location", loc) ||
        put(m, "extra", extra))
        goto fail;
    return m;
fail:
    json_decref(m);
    return NULL;
}

int ftf_meta_write(const char *dir, const json_t *meta, char *err, size_t errlen)
{
    char *text = json_dumps(meta, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!text) {
        ftf_set_error(err, errlen, "%s/%s: cannot serialise", dir, FTF_META_FILE);
        return FTF_STORE_ERR_NOMEM;
    }
    size_t n = strlen(text);
    char *withnl = realloc(text, n + 2);
    if (!withnl) {
        free(text);
        ftf_set_error(err, errlen, "%s/%s: out of memory", dir, FTF_META_FILE);
        return FTF_STORE_ERR_NOMEM;
    }
    withnl[n] = '\n';
    withnl[n + 1] = '\0';
    int rc = ftf_store_write_file(dir, FTF_META_FILE, withnl, n + 1, err, errlen);
    free(withnl);
    return rc;
}

void ftf_finding_meta_clear(struct ftf_finding_meta *m)
{
    if (!m)
        return;
    free(m->dir);
    free(m->canonical);
    free(m->summary);
    free(m->cpython_version);
    free(m->cpython_build);
    free(m->first_seen);
    free(m->last_seen);
    free(m->loc_function);
    free(m->loc_file);
    free(m->module);
    free(m->module_path);
    free(m->spec);
    free(m->origin);
    free(m->racing_ops);
    memset(m, 0, sizeof *m);
}

/* Field readers for validate(): each returns 0, or -1 having described the problem. */
struct vctx {
    const char *path;
    char *err;
    size_t errlen;
    bool oom;
};

static int bad(struct vctx *v, const char *key, const char *want)
{
    ftf_set_error(v->err, v->errlen, "%s: field '%s' must be %s", v->path, key, want);
    return -1;
}

static int get_str(struct vctx *v, const json_t *obj, const char *key, bool nullable,
                   char **out)
{
    json_t *j = json_object_get(obj, key);
    if (nullable && (!j || json_is_null(j))) {
        *out = NULL;
        return 0;
    }
    if (!json_is_string(j))
        return bad(v, key, nullable ? "a string or null" : "a string");
    if (!(*out = strdup(json_string_value(j)))) {
        v->oom = true;
        return -1;
    }
    return 0;
}

static int get_int(struct vctx *v, const json_t *obj, const char *key, bool nullable,
                   long long min, long long *out)
{
    json_t *j = json_object_get(obj, key);
    if (nullable && (!j || json_is_null(j))) {
        *out = -1;
        return 0;
    }
    if (!json_is_integer(j) || json_integer_value(j) < min)
        return bad(v, key, nullable ? "a non-negative integer or null"
                                    : "a non-negative integer");
    *out = json_integer_value(j);
    return 0;
}

/* A string of extra, or NULL: extra's fields are hints a replay may do without. */
static int extra_str(struct vctx *v, const json_t *extra, const char *key, char **out)
{
    json_t *j = json_object_get(extra, key);
    *out = NULL;
    if (json_is_string(j) && !(*out = strdup(json_string_value(j)))) {
        v->oom = true;
        return -1;
    }
    return 0;
}

static long long extra_int(const json_t *obj, const char *key)
{
    json_t *j = json_object_get(obj, key);
    return json_is_integer(j) ? json_integer_value(j) : -1;
}

static int read_extra(struct vctx *v, const json_t *extra, struct ftf_finding_meta *m)
{
    m->max_threads = extra_int(extra, "max_threads");
    m->max_iters = extra_int(extra, "max_iters");
    m->after_fault = json_is_true(json_object_get(extra, "after_fault"));
    m->cpython_module = json_is_true(json_object_get(extra, "cpython_module"));
    const json_t *mr = json_object_get(extra, "minimize");
    if (json_is_object(mr)) {
        struct ftf_minimise_record *r = &m->minimise;
        m->has_minimise = true;
        r->ops_before = extra_int(mr, "ops_before");
        r->ops_after = extra_int(mr, "ops_after");
        r->threads_before = extra_int(mr, "threads_before");
        r->threads_after = extra_int(mr, "threads_after");
        r->reproduced_before = extra_int(mr, "reproduced_before");
        r->reproduced_after = extra_int(mr, "reproduced_after");
        r->runs = extra_int(mr, "runs");
    }
    return extra_str(v, extra, "module", &m->module) ||
           extra_str(v, extra, "module_path", &m->module_path) ||
           extra_str(v, extra, "spec", &m->spec) || extra_str(v, extra, "origin", &m->origin);
}

/* Check every field of a parsed meta.json and copy it into *m (m->dir is left alone). */
static int validate(struct vctx *v, const json_t *j, struct ftf_finding_meta *m)
{
    char *s = NULL;
    if (!json_is_object(j))
        return bad(v, "(top level)", "an object");
    if (get_str(v, j, "signature", false, &s))
        return -1;
    int sig_bad = ftf_signature_parse_hex(s, &m->signature);
    free(s);
    s = NULL;
    if (sig_bad)
        return bad(v, "signature", "16 hex digits");
    ftf_signature_hex(m->signature, m->sig_hex);
    if (get_str(v, j, "kind", false, &s))
        return -1;
    int kind_bad = ftf_finding_kind_from_name(s, &m->kind);
    free(s);
    if (kind_bad)
        return bad(v, "kind", "a known kind (race, uaf, deadlock, tsan, crash, hang, "
                              "atomicity, exception, oom)");
    if (get_str(v, j, "summary", false, &m->summary) ||
        get_str(v, j, "racing_ops", true, &m->racing_ops) ||
        get_str(v, j, "canonical", false, &m->canonical) ||
        get_str(v, j, "cpython_version", true, &m->cpython_version) ||
        get_str(v, j, "cpython_build", true, &m->cpython_build) ||
        get_str(v, j, "first_seen", false, &m->first_seen) ||
        get_str(v, j, "last_seen", false, &m->last_seen) ||
        get_int(v, j, "hits", false, 0, &m->hits) ||
        get_int(v, j, "repro_runs", true, 0, &m->repro_runs) ||
        get_int(v, j, "repro_reproduced", true, 0, &m->repro_reproduced) ||
        get_int(v, j, "ops", true, 0, &m->ops))
        return -1;
    json_t *b = json_object_get(j, "minimised");
    if (!json_is_boolean(b))
        return bad(v, "minimised", "a boolean");
    m->minimised = json_is_true(b);
    json_t *loc = json_object_get(j, "location");
    if (loc && !json_is_null(loc)) {
        if (!json_is_object(loc))
            return bad(v, "location", "an object or null");
        long long line = 0;
        if (get_str(v, loc, "function", true, &m->loc_function) ||
            get_str(v, loc, "file", true, &m->loc_file) ||
            get_int(v, loc, "line", true, 0, &line))
            return -1;
        m->loc_line = line < 0 ? 0 : line;
    }
    json_t *extra = json_object_get(j, "extra");
    if (extra && !json_is_object(extra))
        return bad(v, "extra", "an object");
    return read_extra(v, extra, m);
}

/* Load and validate dir/meta.json. Returns the parsed object (caller decrefs) and fills
 * *m when m is not NULL. */
int ftf_meta_load(const char *dir, json_t **out, struct ftf_finding_meta *m, char *err,
                  size_t errlen)
{
    char path[PATH_MAX];
    char *text = NULL;
    size_t len = 0;
    json_t *j = NULL;
    struct ftf_finding_meta tmp = {0};
    int rc;
    *out = NULL;
    if (ftf_store_pathf(path, sizeof path, "%s/%s", dir, FTF_META_FILE)) {
        ftf_set_error(err, errlen, "%s/%s: path too long", dir, FTF_META_FILE);
        return FTF_STORE_ERR_ARG;
    }
    if (!(text = ftf_read_file(path, &len))) {
        ftf_set_error(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        return FTF_STORE_ERR_IO;
    }
    json_error_t jerr;
    j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!j) {
        ftf_set_error(err, errlen, "%s: corrupted: line %d column %d: %s", path, jerr.line,
               jerr.column, jerr.text);
        rc = FTF_STORE_ERR_CORRUPT;
        goto out;
    }
    struct vctx v = {.path = path, .err = err, .errlen = errlen};
    if (validate(&v, j, &tmp)) {
        if (v.oom) {
            ftf_set_error(err, errlen, "%s: out of memory", path);
            rc = FTF_STORE_ERR_NOMEM;
        } else {
            rc = FTF_STORE_ERR_CORRUPT;
        }
        goto out;
    }
    if (m) {
        if (!(tmp.dir = strdup(dir))) {
            ftf_set_error(err, errlen, "%s: out of memory", path);
            rc = FTF_STORE_ERR_NOMEM;
            goto out;
        }
        *m = tmp;
        memset(&tmp, 0, sizeof tmp);
    }
    *out = j;
    j = NULL;
    rc = FTF_STORE_OK;
out:
    ftf_finding_meta_clear(&tmp);
    json_decref(j);
    free(text);
    return rc;
}

/* --- updates: each runs under the finding's lock (store.c) -------------------------------- */

int ftf_meta_bump_hits(json_t *meta, const void *ctx)
{
    char now[32];
    (void)ctx;
    ftf_meta_now(now);
    json_int_t hits = json_integer_value(json_object_get(meta, "hits"));
    if (json_object_set_new(meta, "hits", json_integer(hits + 1)) ||
        json_object_set_new(meta, "last_seen", json_string(now)))
        return -1;
    return 0;
}

/* Only what the destination has not yet taken from this source: a source merged twice
 * (a campaign that ran on in between) adds its new hits alone. */
int ftf_meta_merge_hits(json_t *meta, const void *ctx)
{
    const struct ftf_meta_merge *mg = ctx;
    json_t *extra = json_object_get(meta, "extra");
    if (!json_is_object(extra)) {
        if (json_object_set_new(meta, "extra", json_object()))
            return -1;
        extra = json_object_get(meta, "extra");
    }
    json_t *taken = json_object_get(extra, "merged_hits");
    if (!json_is_object(taken)) {
        if (json_object_set_new(extra, "merged_hits", json_object()))
            return -1;
        taken = json_object_get(extra, "merged_hits");
    }
    json_int_t before = json_integer_value(json_object_get(taken, mg->source_id));
    json_int_t add = mg->src_hits > before ? mg->src_hits - before : 0;
    json_int_t hits = json_integer_value(json_object_get(meta, "hits"));
    if (json_object_set_new(taken, mg->source_id, json_integer(before + add)))
        return -1;
    if (mg->first_copy) /* a copied finding: its own hits are already the source's */
        return 0;
    if (json_object_set_new(meta, "hits", json_integer(hits + add)))
        return -1;
    const char *first = json_string_value(json_object_get(meta, "first_seen"));
    const char *last = json_string_value(json_object_get(meta, "last_seen"));
    /* ISO-8601 UTC strings order as their times do */
    if (mg->first_seen && (!first || strcmp(mg->first_seen, first) < 0) &&
        json_object_set_new(meta, "first_seen", json_string(mg->first_seen)))
        return -1;
    if (mg->last_seen && (!last || strcmp(mg->last_seen, last) > 0) &&
        json_object_set_new(meta, "last_seen", json_string(mg->last_seen)))
        return -1;
    /* seen without a fault in either campaign: no consequence */
    if (!mg->after_fault)
        json_object_del(extra, "after_fault");
    return 0;
}

/* Set key to an integer, for the update functions. */
static int put_int(json_t *obj, const char *key, long long v)
{
    return put(obj, key, json_integer(v));
}

int ftf_meta_set_repro(json_t *meta, const void *ctx)
{
    const long *rate = ctx; /* runs, reproduced */
    return put_int(meta, "repro_runs", rate[0]) || put_int(meta, "repro_reproduced", rate[1]);
}

int ftf_meta_clear_after_fault(json_t *meta, const void *ctx)
{
    (void)ctx;
    json_t *extra = json_object_get(meta, "extra");
    if (json_is_object(extra))
        json_object_del(extra, "after_fault");
    return 0;
}

int ftf_meta_set_minimised(json_t *meta, const void *ctx)
{
    const struct ftf_minimise_record *r = ctx;
    json_t *extra = json_object_get(meta, "extra");
    json_t *rec = json_object();
    if (put(meta, "minimised", json_true()) || put_int(meta, "ops", r->ops_after) ||
        put_int(meta, "repro_runs", r->runs) ||
        put_int(meta, "repro_reproduced", r->reproduced_after) || !rec ||
        put_int(rec, "ops_before", r->ops_before) || put_int(rec, "ops_after", r->ops_after) ||
        put_int(rec, "threads_before", r->threads_before) ||
        put_int(rec, "threads_after", r->threads_after) ||
        put_int(rec, "reproduced_before", r->reproduced_before) ||
        put_int(rec, "reproduced_after", r->reproduced_after) || put_int(rec, "runs", r->runs)) {
        json_decref(rec);
        return -1;
    }
    if (r->racing_ops ? put(meta, "racing_ops", jstr(r->racing_ops))
                      : (json_object_del(meta, "racing_ops"), 0)) {
        json_decref(rec);
        return -1;
    }
    if (!json_is_object(extra)) { /* validated, so only absent */
        extra = json_object();
        if (put(meta, "extra", extra))
            extra = NULL;
    }
    return extra ? put(extra, "minimize", rec) : (json_decref(rec), -1);
}
