/* store.c - findings on disk: temp+fsync+rename writes, flock'ed hit counts, meta.json. */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define META_FILE "meta.json"
#define LOCK_FILE ".lock"
#define META_VERSION 1

__attribute__((format(printf, 3, 4)))
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* snprintf into a path buffer; -1 with ENAMETOOLONG when it does not fit. */
__attribute__((format(printf, 3, 4)))
static int pathf(char *buf, size_t len, const char *fmt, ...)
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

static void now_iso(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* --- small file-system helpers ---------------------------------------------------------- */

static int mkdir_p(const char *path)
{
    char tmp[PATH_MAX];
    if (pathf(tmp, sizeof tmp, "%s", path))
        return -1;
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(tmp, 0755) && errno != EEXIST)
        return -1;
    return 0;
}

static int fsync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Write dir/name atomically: a temp name in the same directory, fsync, rename. Readers see
 * the old file or the new one, never a partial one. */
static int write_file_atomic(const char *dir, const char *name, const void *data, size_t len,
                             char *err, size_t errlen)
{
    char tmp[PATH_MAX], dst[PATH_MAX];
    int fd = -1, rc = FTF_STORE_ERR_IO;
    if (pathf(dst, sizeof dst, "%s/%s", dir, name) ||
        pathf(tmp, sizeof tmp, "%s/.%s.tmp-%ld", dir, name, (long)getpid())) {
        seterr(err, errlen, "%s/%s: path too long", dir, name);
        return FTF_STORE_ERR_ARG;
    }
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        seterr(err, errlen, "%s: cannot create: %s", tmp, strerror(errno));
        goto out;
    }
    if ((len && write_all(fd, data, len)) || fsync(fd)) {
        seterr(err, errlen, "%s: cannot write: %s", tmp, strerror(errno));
        goto out;
    }
    if (close(fd)) {
        fd = -1;
        seterr(err, errlen, "%s: cannot write: %s", tmp, strerror(errno));
        goto out;
    }
    fd = -1;
    if (rename(tmp, dst)) {
        seterr(err, errlen, "%s: cannot rename into place: %s", dst, strerror(errno));
        goto out;
    }
    rc = FTF_STORE_OK;
out:
    if (fd >= 0)
        close(fd);
    if (rc)
        unlink(tmp);
    return rc;
}

/* Remove a flat directory this process created and filled. */
static void remove_flat_dir(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        int dfd = dirfd(d);
        struct dirent *e;
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                unlinkat(dfd, e->d_name, 0);
        closedir(d);
    }
    rmdir(path);
}

/* Read a whole file (at most 64 MiB: meta.json is small, anything larger is corrupt). */
static int read_file(const char *path, char **data, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    int rc = -1;
    if (!buf)
        goto out;
    for (;;) {
        if (n == cap) {
            if (cap >= (64u << 20)) {
                errno = EFBIG;
                goto out;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb)
                goto out;
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            goto out;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    *data = buf;
    *len = n;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

/* --- meta.json -------------------------------------------------------------------------- */

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

static json_t *build_meta(const struct ftf_finding_in *in, const char *now)
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
    json_t *extra = in->extra ? json_deep_copy(in->extra) : json_object();
    if (put(m, "meta_version", json_integer(META_VERSION)) ||
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

static int write_meta(const char *dir, const json_t *meta, char *err, size_t errlen)
{
    char *text = json_dumps(meta, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!text) {
        seterr(err, errlen, "%s/%s: cannot serialise", dir, META_FILE);
        return FTF_STORE_ERR_NOMEM;
    }
    size_t n = strlen(text);
    char *withnl = realloc(text, n + 2);
    if (!withnl) {
        free(text);
        seterr(err, errlen, "%s/%s: out of memory", dir, META_FILE);
        return FTF_STORE_ERR_NOMEM;
    }
    withnl[n] = '\n';
    withnl[n + 1] = '\0';
    int rc = write_file_atomic(dir, META_FILE, withnl, n + 1, err, errlen);
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
    json_decref(m->extra);
    memset(m, 0, sizeof *m);
}

void ftf_store_list_free(struct ftf_finding_meta *list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++)
        ftf_finding_meta_clear(&list[i]);
    free(list);
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
    seterr(v->err, v->errlen, "%s: field '%s' must be %s", v->path, key, want);
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
    m->extra = extra ? json_incref(extra) : json_object();
    if (!m->extra) {
        v->oom = true;
        return -1;
    }
    return 0;
}

/* Load and validate dir/meta.json. Returns the parsed object (caller decrefs) and fills
 * *m when m is not NULL. */
static int load_meta(const char *dir, json_t **out, struct ftf_finding_meta *m, char *err,
                     size_t errlen)
{
    char path[PATH_MAX];
    char *text = NULL;
    size_t len = 0;
    json_t *j = NULL;
    struct ftf_finding_meta tmp = {0};
    int rc;
    *out = NULL;
    if (pathf(path, sizeof path, "%s/%s", dir, META_FILE)) {
        seterr(err, errlen, "%s/%s: path too long", dir, META_FILE);
        return FTF_STORE_ERR_ARG;
    }
    if (read_file(path, &text, &len)) {
        seterr(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        return FTF_STORE_ERR_IO;
    }
    json_error_t jerr;
    j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!j) {
        seterr(err, errlen, "%s: corrupted: line %d column %d: %s", path, jerr.line,
               jerr.column, jerr.text);
        rc = FTF_STORE_ERR_CORRUPT;
        goto out;
    }
    struct vctx v = {.path = path, .err = err, .errlen = errlen};
    if (validate(&v, j, &tmp)) {
        if (v.oom) {
            seterr(err, errlen, "%s: out of memory", path);
            rc = FTF_STORE_ERR_NOMEM;
        } else {
            rc = FTF_STORE_ERR_CORRUPT;
        }
        goto out;
    }
    if (m) {
        if (!(tmp.dir = strdup(dir))) {
            seterr(err, errlen, "%s: out of memory", path);
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

int ftf_store_read_meta(const char *finding_dir, struct ftf_finding_meta *out, char *err,
                        size_t errlen)
{
    json_t *j = NULL;
    memset(out, 0, sizeof *out);
    if (!finding_dir) {
        seterr(err, errlen, "(null): no finding directory");
        return FTF_STORE_ERR_ARG;
    }
    int rc = load_meta(finding_dir, &j, out, err, errlen);
    json_decref(j);
    return rc;
}

/* --- updates under the lock ------------------------------------------------------------- */

int ftf_store_update(const char *finding_dir,
                     int (*fn)(json_t *meta, void *ctx, char *err, size_t errlen), void *ctx,
                     char *err, size_t errlen)
{
    char lock[PATH_MAX];
    json_t *meta = NULL;
    int fd = -1, rc;
    if (!finding_dir || !fn) {
        seterr(err, errlen, "%s: bad update request", finding_dir ? finding_dir : "(null)");
        return FTF_STORE_ERR_ARG;
    }
    if (pathf(lock, sizeof lock, "%s/%s", finding_dir, LOCK_FILE)) {
        seterr(err, errlen, "%s/%s: path too long", finding_dir, LOCK_FILE);
        return FTF_STORE_ERR_ARG;
    }
    /* O_CREAT: a finding written by an older version, or by hand, may have no .lock. */
    fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        seterr(err, errlen, "%s: cannot open: %s", lock, strerror(errno));
        return FTF_STORE_ERR_IO;
    }
    while (flock(fd, LOCK_EX)) {
        if (errno != EINTR) {
            seterr(err, errlen, "%s: cannot lock: %s", lock, strerror(errno));
            rc = FTF_STORE_ERR_IO;
            goto out;
        }
    }
    if ((rc = load_meta(finding_dir, &meta, NULL, err, errlen)))
        goto out;
    if (fn(meta, ctx, err, errlen)) {
        rc = FTF_STORE_ERR_ARG;
        goto out;
    }
    rc = write_meta(finding_dir, meta, err, errlen);
out:
    json_decref(meta);
    close(fd); /* releases the flock */
    return rc;
}

static int bump_hits(json_t *meta, void *ctx, char *err, size_t errlen)
{
    char now[32];
    (void)ctx;
    (void)err;
    (void)errlen;
    now_iso(now);
    json_int_t hits = json_integer_value(json_object_get(meta, "hits"));
    if (json_object_set_new(meta, "hits", json_integer(hits + 1)) ||
        json_object_set_new(meta, "last_seen", json_string(now)))
        return -1;
    return 0;
}

/* --- put -------------------------------------------------------------------------------- */

void ftf_finding_in_init(struct ftf_finding_in *in, const struct ftf_signature *sig)
{
    memset(in, 0, sizeof *in);
    in->ops = -1;
    in->repro_runs = -1;
    in->repro_reproduced = -1;
    if (!sig)
        return;
    in->kind = sig->kind;
    in->signature = sig->value;
    in->canonical = sig->canonical;
    in->summary = sig->summary;
    in->loc_function = sig->top_function;
    in->loc_file = sig->top_file;
    in->loc_line = sig->top_line;
}

int ftf_store_finding_path(const char *out_dir, enum ftf_finding_kind kind, uint64_t signature,
                           char *buf, size_t len)
{
    char hex[17];
    if (!out_dir || (unsigned)kind >= FTF_FINDING_KIND_COUNT)
        return -1;
    ftf_signature_hex(signature, hex);
    return pathf(buf, len, "%s/findings/%s-%s", out_dir, ftf_finding_kind_name(kind), hex);
}

/* Rename without replacing: plain rename() would silently replace an empty directory. */
static int rename_noreplace(const char *from, const char *to)
{
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
    return rename(from, to); /* file system without RENAME_NOREPLACE */
}

int ftf_store_put(const char *out_dir, const struct ftf_finding_in *in, bool *is_new,
                  char *dir, size_t dir_len, char *err, size_t errlen)
{
    static atomic_uint counter;
    char findings[PATH_MAX], final[PATH_MAX], tmp[PATH_MAX] = "", now[32];
    json_t *meta = NULL;
    struct stat st;
    int rc = FTF_STORE_ERR_IO;
    bool created = false;

    if (is_new)
        *is_new = false;
    if (!out_dir || !in || (unsigned)in->kind >= FTF_FINDING_KIND_COUNT) {
        seterr(err, errlen, "%s: bad finding (no output directory or unknown kind)",
               out_dir ? out_dir : "(null)");
        return FTF_STORE_ERR_ARG;
    }
    if (pathf(findings, sizeof findings, "%s/findings", out_dir) ||
        ftf_store_finding_path(out_dir, in->kind, in->signature, final, sizeof final)) {
        seterr(err, errlen, "%s: path too long", out_dir);
        return FTF_STORE_ERR_ARG;
    }
    if (dir && dir_len)
        snprintf(dir, dir_len, "%s", final);
    if (mkdir_p(findings)) {
        seterr(err, errlen, "%s: cannot create: %s", findings, strerror(errno));
        return FTF_STORE_ERR_IO;
    }
    if (lstat(final, &st) == 0)
        goto bump;

    /* Assemble the finding where nobody looks, then publish it with one rename. */
    for (int attempt = 0;; attempt++) {
        unsigned n = atomic_fetch_add(&counter, 1);
        if (pathf(tmp, sizeof tmp, "%s/.tmp-%ld-%u", findings, (long)getpid(), n)) {
            seterr(err, errlen, "%s: path too long", findings);
            return FTF_STORE_ERR_ARG;
        }
        if (mkdir(tmp, 0755) == 0)
            break;
        /* EEXIST: a leftover of a crashed process that had our pid; take the next n. */
        if (errno != EEXIST || attempt > 1000) {
            seterr(err, errlen, "%s: cannot create: %s", tmp, strerror(errno));
            tmp[0] = '\0';
            return FTF_STORE_ERR_IO;
        }
    }
    created = true;
    now_iso(now);
    if (!(meta = build_meta(in, now))) {
        seterr(err, errlen, "%s/%s: out of memory", tmp, META_FILE);
        rc = FTF_STORE_ERR_NOMEM;
        goto out;
    }
    const char *repro = in->repro_py ? in->repro_py : "";
    if ((rc = write_file_atomic(tmp, "repro.py", repro, strlen(repro), err, errlen)) ||
        (rc = write_file_atomic(tmp, "input", in->input, in->input ? in->input_len : 0, err,
                                errlen)) ||
        (rc = write_file_atomic(tmp, "report.txt", in->report,
                                in->report ? in->report_len : 0, err, errlen)) ||
        (rc = write_file_atomic(tmp, LOCK_FILE, "", 0, err, errlen)) ||
        (rc = write_meta(tmp, meta, err, errlen)))
        goto out;
    if (fsync_path(tmp)) {
        seterr(err, errlen, "%s: cannot sync: %s", tmp, strerror(errno));
        rc = FTF_STORE_ERR_IO;
        goto out;
    }
    if (rename_noreplace(tmp, final) == 0) {
        created = false;
        if (fsync_path(findings)) {
            seterr(err, errlen, "%s: cannot sync: %s", findings, strerror(errno));
            rc = FTF_STORE_ERR_IO;
            goto out;
        }
        if (is_new)
            *is_new = true;
        rc = FTF_STORE_OK;
        goto out;
    }
    if (errno != EEXIST && errno != ENOTEMPTY) {
        seterr(err, errlen, "%s: cannot rename into place: %s", final, strerror(errno));
        rc = FTF_STORE_ERR_IO;
        goto out;
    }
    /* Another process published the same finding first: count ours as a hit. */
    remove_flat_dir(tmp);
    created = false;
bump:
    rc = ftf_store_update(final, bump_hits, NULL, err, errlen);
out:
    if (created)
        remove_flat_dir(tmp);
    json_decref(meta);
    return rc;
}

/* --- listing ---------------------------------------------------------------------------- */

/* True for "<kind>-<16 hex>". */
static bool is_finding_name(const char *name)
{
    const char *dash = strrchr(name, '-');
    char kind[32];
    enum ftf_finding_kind k;
    uint64_t sig;
    if (!dash || (size_t)(dash - name) >= sizeof kind)
        return false;
    memcpy(kind, name, (size_t)(dash - name));
    kind[dash - name] = '\0';
    return ftf_finding_kind_from_name(kind, &k) == 0 && ftf_signature_parse_hex(dash + 1, &sig) == 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int ftf_store_list(const char *out_dir, struct ftf_finding_meta **list, size_t *n, char *err,
                   size_t errlen)
{
    char findings[PATH_MAX], path[PATH_MAX];
    char **names = NULL;
    size_t n_names = 0, cap = 0;
    struct ftf_finding_meta *items = NULL;
    size_t n_items = 0;
    DIR *d = NULL;
    struct stat st;
    int rc = FTF_STORE_ERR_IO;

    *list = NULL;
    *n = 0;
    if (!out_dir) {
        seterr(err, errlen, "(null): no output directory");
        return FTF_STORE_ERR_ARG;
    }
    if (stat(out_dir, &st)) {
        seterr(err, errlen, "%s: cannot read: %s", out_dir, strerror(errno));
        return FTF_STORE_ERR_IO;
    }
    if (!S_ISDIR(st.st_mode)) {
        seterr(err, errlen, "%s: not a directory", out_dir);
        return FTF_STORE_ERR_IO;
    }
    if (pathf(findings, sizeof findings, "%s/findings", out_dir)) {
        seterr(err, errlen, "%s: path too long", out_dir);
        return FTF_STORE_ERR_ARG;
    }
    if (!(d = opendir(findings))) {
        if (errno == ENOENT)
            return FTF_STORE_OK;
        seterr(err, errlen, "%s: cannot open: %s", findings, strerror(errno));
        return FTF_STORE_ERR_IO;
    }
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !is_finding_name(e->d_name))
            continue;
        if (fstatat(dirfd(d), e->d_name, &st, 0) || !S_ISDIR(st.st_mode))
            continue;
        if (n_names == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **nn = realloc(names, ncap * sizeof *nn);
            if (!nn)
                goto nomem;
            names = nn;
            cap = ncap;
        }
        if (!(names[n_names] = strdup(e->d_name)))
            goto nomem;
        n_names++;
        errno = 0;
    }
    if (errno) {
        seterr(err, errlen, "%s: cannot read: %s", findings, strerror(errno));
        goto out;
    }
    qsort(names, n_names, sizeof *names, cmp_names);
    if (n_names && !(items = calloc(n_names, sizeof *items)))
        goto nomem;
    for (size_t i = 0; i < n_names; i++) {
        if (pathf(path, sizeof path, "%s/%s", findings, names[i])) {
            seterr(err, errlen, "%s/%s: path too long", findings, names[i]);
            rc = FTF_STORE_ERR_ARG;
            goto out;
        }
        if ((rc = ftf_store_read_meta(path, &items[n_items], err, errlen)))
            goto out;
        n_items++;
    }
    *list = items;
    *n = n_items;
    items = NULL;
    rc = FTF_STORE_OK;
    goto out;
nomem:
    seterr(err, errlen, "%s: out of memory", findings);
    rc = FTF_STORE_ERR_NOMEM;
out:
    ftf_store_list_free(items, n_items);
    for (size_t i = 0; i < n_names; i++)
        free(names[i]);
    free(names);
    if (d)
        closedir(d);
    return rc;
}
