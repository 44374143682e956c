/* store.c - a finding directory's layout: assembled aside, published with one rename,
 * hits counted under an flock, listed in name order (meta.json itself: store_meta.c). */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "paths.h"
#include "store_meta.h"

#define LOCK_FILE ".lock"
#define INPUT_FILE "input"
#define REPRO_FILE "repro.py"
#define REPORT_FILE "report.txt"

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

/* --- reading ----------------------------------------------------------------------------- */

int ftf_store_read_meta(const char *finding_dir, struct ftf_finding_meta *out, char *err,
                        size_t errlen)
{
    json_t *j = NULL;
    memset(out, 0, sizeof *out);
    if (!finding_dir) {
        ftf_set_error(err, errlen, "(null): no finding directory");
        return FTF_STORE_ERR_ARG;
    }
    int rc = ftf_meta_load(finding_dir, &j, out, err, errlen);
    json_decref(j);
    return rc;
}

void ftf_store_list_free(struct ftf_finding_meta *list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++)
        ftf_finding_meta_clear(&list[i]);
    free(list);
}

/* --- updates under the lock ------------------------------------------------------------- */

/* Read-modify-write <finding_dir>/meta.json under an flock on <finding_dir>/.lock. */
static int update(const char *finding_dir, int (*fn)(json_t *meta, const void *ctx),
                  const void *ctx, char *err, size_t errlen)
{
    char lock[PATH_MAX];
    json_t *meta = NULL;
    int fd = -1, rc;
    if (!finding_dir || !fn) {
        ftf_set_error(err, errlen, "%s: bad update request", finding_dir ? finding_dir : "(null)");
        return FTF_STORE_ERR_ARG;
    }
    if (ftf_store_pathf(lock, sizeof lock, "%s/%s", finding_dir, LOCK_FILE)) {
        ftf_set_error(err, errlen, "%s/%s: path too long", finding_dir, LOCK_FILE);
        return FTF_STORE_ERR_ARG;
    }
    /* O_CREAT: a finding written by an older version, or by hand, may have no .lock. */
    fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        ftf_set_error(err, errlen, "%s: cannot open: %s", lock, strerror(errno));
        return ftf_store_errno_rc(errno);
    }
    while (flock(fd, LOCK_EX)) {
        if (errno != EINTR) {
            ftf_set_error(err, errlen, "%s: cannot lock: %s", lock, strerror(errno));
            rc = FTF_STORE_ERR_IO;
            goto out;
        }
    }
    if ((rc = ftf_meta_load(finding_dir, &meta, NULL, err, errlen)))
        goto out;
    if (fn(meta, ctx)) {
        ftf_set_error(err, errlen, "%s/%s: out of memory", finding_dir, FTF_META_FILE);
        rc = FTF_STORE_ERR_NOMEM;
        goto out;
    }
    rc = ftf_meta_write(finding_dir, meta, err, errlen);
out:
    json_decref(meta);
    close(fd); /* releases the flock */
    return rc;
}

int ftf_store_clear_after_fault(const char *finding_dir, char *err, size_t errlen)
{
    return update(finding_dir, ftf_meta_clear_after_fault, NULL, err, errlen);
}

int ftf_store_record_repro(const char *finding_dir, long runs, long reproduced, char *err,
                           size_t errlen)
{
    const long rate[2] = {runs, reproduced};
    return update(finding_dir, ftf_meta_set_repro, rate, err, errlen);
}

/* Keep the first original of dir/name as dir/orig (a hard link; nothing when one exists). */
static int keep_original(const char *dir, const char *name, const char *orig, char *err,
                         size_t errlen)
{
    char from[PATH_MAX], to[PATH_MAX];
    if (ftf_store_pathf(from, sizeof from, "%s/%s", dir, name) ||
        ftf_store_pathf(to, sizeof to, "%s/%s", dir, orig)) {
        ftf_set_error(err, errlen, "%s/%s: path too long", dir, orig);
        return FTF_STORE_ERR_ARG;
    }
    if (access(to, F_OK) != 0 && link(from, to) < 0) {
        ftf_set_error(err, errlen, "%s: cannot keep the original as %s: %s", from, orig,
                         strerror(errno));
        return FTF_STORE_ERR_IO;
    }
    return FTF_STORE_OK;
}

int ftf_store_replace_minimised(const char *finding_dir, const void *input, size_t input_len,
                                const char *repro_py, const char *report,
                                const struct ftf_minimise_record *r, char *err,
                                size_t errlen)
{
    const char *d = finding_dir;
    int rc;
    if (!d || !input || !repro_py || !r) {
        ftf_set_error(err, errlen, "%s: bad minimised finding", d ? d : "(null)");
        return FTF_STORE_ERR_ARG;
    }
    if ((rc = keep_original(d, INPUT_FILE, "input.orig", err, errlen)) ||
        (rc = keep_original(d, REPRO_FILE, "repro.orig.py", err, errlen)) ||
        (rc = keep_original(d, REPORT_FILE, "report.orig.txt", err, errlen)) ||
        (rc = ftf_store_write_file(d, INPUT_FILE, input, input_len, err, errlen)) ||
        (rc = ftf_store_write_file(d, REPRO_FILE, repro_py, strlen(repro_py), err, errlen)) ||
        (report && (rc = ftf_store_write_file(d, REPORT_FILE, report, strlen(report), err,
                                              errlen))))
        return rc;
    return update(d, ftf_meta_set_minimised, r, err, errlen);
}

int ftf_store_input_path(const char *finding_dir, char *buf, size_t len)
{
    return ftf_store_pathf(buf, len, "%s/%s", finding_dir, INPUT_FILE);
}

char *ftf_store_read_text(const char *finding_dir, enum ftf_finding_text which)
{
    char path[PATH_MAX];
    if (ftf_store_pathf(path, sizeof path, "%s/%s", finding_dir,
                        which == FTF_TEXT_REPORT ? REPORT_FILE : REPRO_FILE))
        return NULL;
    return ftf_read_file(path, NULL);
}

/* --- put -------------------------------------------------------------------------------- */

void ftf_finding_in_init(struct ftf_finding_in *in, const struct ftf_signature *sig)
{
    memset(in, 0, sizeof *in);
    in->ops = -1;
    in->repro_runs = -1;
    in->repro_reproduced = -1;
    in->max_threads = -1;
    in->max_iters = -1;
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
    return ftf_store_pathf(buf, len, "%s/findings/%s-%s", out_dir, ftf_finding_kind_name(kind), hex);
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
        ftf_set_error(err, errlen, "%s: bad finding (no output directory or unknown kind)",
               out_dir ? out_dir : "(null)");
        return FTF_STORE_ERR_ARG;
    }
    if (ftf_store_pathf(findings, sizeof findings, "%s/findings", out_dir) ||
        ftf_store_finding_path(out_dir, in->kind, in->signature, final, sizeof final)) {
        ftf_set_error(err, errlen, "%s: path too long", out_dir);
        return FTF_STORE_ERR_ARG;
    }
    if (dir && dir_len)
        snprintf(dir, dir_len, "%s", final);
    if (ftf_mkdirs(findings)) {
        ftf_set_error(err, errlen, "%s: cannot create: %s", findings, strerror(errno));
        return ftf_store_errno_rc(errno);
    }
    if (lstat(final, &st) == 0)
        goto bump;

    /* Assemble the finding where nobody looks, then publish it with one rename. */
    for (int attempt = 0;; attempt++) {
        unsigned n = atomic_fetch_add(&counter, 1);
        if (ftf_store_pathf(tmp, sizeof tmp, "%s/.tmp-%ld-%u", findings, (long)getpid(), n)) {
            ftf_set_error(err, errlen, "%s: path too long", findings);
            return FTF_STORE_ERR_ARG;
        }
        if (mkdir(tmp, 0755) == 0)
            break;
        /* EEXIST: a leftover of a crashed process that had our pid; take the next n. */
        if (errno != EEXIST || attempt > 1000) {
            int e = errno;
            ftf_set_error(err, errlen, "%s: cannot create: %s", tmp, strerror(e));
            tmp[0] = '\0';
            return ftf_store_errno_rc(e);
        }
    }
    created = true;
    ftf_meta_now(now);
    if (!(meta = ftf_meta_build(in, now))) {
        ftf_set_error(err, errlen, "%s/%s: out of memory", tmp, FTF_META_FILE);
        rc = FTF_STORE_ERR_NOMEM;
        goto out;
    }
    const char *repro = in->repro_py ? in->repro_py : "";
    if ((rc = ftf_store_write_file(tmp, REPRO_FILE, repro, strlen(repro), err, errlen)) ||
        (rc = ftf_store_write_file(tmp, INPUT_FILE, in->input, in->input ? in->input_len : 0, err,
                                errlen)) ||
        (rc = ftf_store_write_file(tmp, REPORT_FILE, in->report,
                                in->report ? in->report_len : 0, err, errlen)) ||
        (rc = ftf_store_write_file(tmp, LOCK_FILE, "", 0, err, errlen)) ||
        (rc = ftf_meta_write(tmp, meta, err, errlen)))
        goto out;
    if (ftf_fsync_dir(tmp)) {
        ftf_set_error(err, errlen, "%s: cannot sync: %s", tmp, strerror(errno));
        rc = ftf_store_errno_rc(errno);
        goto out;
    }
    if (rename_noreplace(tmp, final) == 0) {
        created = false;
        if (ftf_fsync_dir(findings)) {
            ftf_set_error(err, errlen, "%s: cannot sync: %s", findings, strerror(errno));
            rc = FTF_STORE_ERR_IO;
            goto out;
        }
        if (is_new)
            *is_new = true;
        rc = FTF_STORE_OK;
        goto out;
    }
    if (errno != EEXIST && errno != ENOTEMPTY) {
        ftf_set_error(err, errlen, "%s: cannot rename into place: %s", final, strerror(errno));
        rc = ftf_store_errno_rc(errno);
        goto out;
    }
    /* Another process published the same finding first: count ours as a hit. */
    remove_flat_dir(tmp);
    created = false;
bump:
    rc = update(final, ftf_meta_bump_hits, NULL, err, errlen);
out:
    if (created)
        remove_flat_dir(tmp);
    json_decref(meta);
    return rc;
}

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

/* --- merging another campaign's store --------------------------------------------------- */

#define CAMPAIGN_ID_FILE ".campaign-id"

int ftf_store_campaign_id(const char *out_dir, char *id, size_t len, char *err, size_t errlen)
{
    char path[PATH_MAX];
    if (ftf_store_pathf(path, sizeof path, "%s/%s", out_dir, CAMPAIGN_ID_FILE)) {
        ftf_set_error(err, errlen, "%s: path too long", out_dir);
        return FTF_STORE_ERR_ARG;
    }
    for (int attempt = 0; attempt < 2; attempt++) {
        size_t n;
        char *text = ftf_read_file(path, &n);
        if (text && n >= 16) {
            snprintf(id, len, "%.16s", text);
            free(text);
            return FTF_STORE_OK;
        }
        free(text);
        uint64_t r[2] = {0, 0};
        if (getentropy(r, sizeof r)) {
            ftf_set_error(err, errlen, "%s: no randomness: %s", path, strerror(errno));
            return FTF_STORE_ERR_IO;
        }
        char fresh[24];
        snprintf(fresh, sizeof fresh, "%016llx\n", (unsigned long long)(r[0] ^ r[1]));
        /* Two processes creating it at once: the link fails for one, who reads the other's. */
        char tmp[PATH_MAX];
        if (ftf_store_pathf(tmp, sizeof tmp, "%s/.campaign-id.%ld", out_dir, (long)getpid()) ||
            ftf_write_file_atomic(out_dir, tmp + strlen(out_dir) + 1, fresh, 17)) {
            ftf_set_error(err, errlen, "%s: cannot write: %s", path, strerror(errno));
            return ftf_store_errno_rc(errno);
        }
        int linked = link(tmp, path);
        unlink(tmp);
        if (linked && errno != EEXIST) {
            ftf_set_error(err, errlen, "%s: cannot write: %s", path, strerror(errno));
            return ftf_store_errno_rc(errno);
        }
    }
    ftf_set_error(err, errlen, "%s: unreadable", path);
    return FTF_STORE_ERR_IO;
}

/* Copy the regular files of src (not its lock) into dst, each written atomically. */
static int copy_finding_files(const char *src, const char *dst, char *err, size_t errlen)
{
    DIR *d = opendir(src);
    if (!d) {
        ftf_set_error(err, errlen, "%s: cannot open: %s", src, strerror(errno));
        return FTF_STORE_ERR_IO;
    }
    int rc = FTF_STORE_OK;
    for (struct dirent *e; rc == FTF_STORE_OK && (e = readdir(d));) {
        char path[PATH_MAX];
        struct stat st;
        if (e->d_name[0] == '.' || !strcmp(e->d_name, FTF_META_FILE) ||
            ftf_store_pathf(path, sizeof path, "%s/%s", src, e->d_name) ||
            stat(path, &st) || !S_ISREG(st.st_mode))
            continue;
        size_t len;
        char *data = ftf_read_file(path, &len);
        if (!data) {
            ftf_set_error(err, errlen, "%s: cannot read: %s", path, strerror(errno));
            rc = FTF_STORE_ERR_IO;
            break;
        }
        rc = ftf_store_write_file(dst, e->d_name, data, len, err, errlen);
        free(data);
    }
    closedir(d);
    return rc;
}

int ftf_store_merge_finding(const char *out_dir, const char *src_finding, const char *source_id,
                            bool *is_new, long long *hits_added, char *err, size_t errlen)
{
    static atomic_uint counter;
    char findings[PATH_MAX], final[PATH_MAX], tmp[PATH_MAX] = "";
    json_t *meta = NULL;
    struct ftf_finding_meta m;
    bool created = false;
    *is_new = false;
    *hits_added = 0;
    const char *name = strrchr(src_finding, '/') ? strrchr(src_finding, '/') + 1 : src_finding;
    if (!is_finding_name(name)) {
        ftf_set_error(err, errlen, "%s: not a finding directory", src_finding);
        return FTF_STORE_ERR_ARG;
    }
    int rc = ftf_meta_load(src_finding, &meta, &m, err, errlen);
    if (rc)
        return rc;
    struct ftf_meta_merge mg = {.source_id = source_id, .src_hits = m.hits,
                                .first_seen = m.first_seen, .last_seen = m.last_seen,
                                .after_fault = m.after_fault};
    if (ftf_store_pathf(findings, sizeof findings, "%s/findings", out_dir) ||
        ftf_store_pathf(final, sizeof final, "%s/%s", findings, name)) {
        ftf_set_error(err, errlen, "%s: path too long", out_dir);
        rc = FTF_STORE_ERR_ARG;
        goto out;
    }
    if (ftf_mkdirs(findings)) {
        ftf_set_error(err, errlen, "%s: cannot create: %s", findings, strerror(errno));
        rc = ftf_store_errno_rc(errno);
        goto out;
    }
    struct stat st;
    if (lstat(final, &st) != 0) {
        /* New here: assembled aside with the source's meta.json, published by a rename. */
        if (ftf_store_pathf(tmp, sizeof tmp, "%s/.tmp-%ld-m%u", findings, (long)getpid(),
                            atomic_fetch_add(&counter, 1)) || mkdir(tmp, 0755)) {
            ftf_set_error(err, errlen, "%s: cannot create: %s", tmp, strerror(errno));
            rc = ftf_store_errno_rc(errno);
            goto out;
        }
        created = true;
        mg.first_copy = true;
        if ((rc = copy_finding_files(src_finding, tmp, err, errlen)) ||
            (rc = ftf_store_write_file(tmp, LOCK_FILE, "", 0, err, errlen)))
            goto out;
        if (ftf_meta_merge_hits(meta, &mg)) {
            ftf_set_error(err, errlen, "%s: out of memory", tmp);
            rc = FTF_STORE_ERR_NOMEM;
            goto out;
        }
        if ((rc = ftf_meta_write(tmp, meta, err, errlen)))
            goto out;
        if (ftf_fsync_dir(tmp) == 0 && rename_noreplace(tmp, final) == 0) {
            created = false;
            *is_new = true;
            *hits_added = m.hits;
            ftf_fsync_dir(findings);
            rc = FTF_STORE_OK;
            goto out;
        }
        remove_flat_dir(tmp); /* published meanwhile by another writer: merge into it */
        created = false;
        mg.first_copy = false;
    }
    json_t *dst = NULL;
    long long before = 0;
    if (ftf_meta_load(final, &dst, NULL, err, errlen) == FTF_STORE_OK)
        before = (long long)json_integer_value(json_object_get(dst, "hits"));
    json_decref(dst);
    rc = update(final, ftf_meta_merge_hits, &mg, err, errlen);
    if (rc == FTF_STORE_OK && ftf_meta_load(final, &dst, NULL, err, errlen) == FTF_STORE_OK) {
        *hits_added = (long long)json_integer_value(json_object_get(dst, "hits")) - before;
        json_decref(dst);
    }
out:
    if (created)
        remove_flat_dir(tmp);
    ftf_finding_meta_clear(&m);
    json_decref(meta);
    return rc;
}

/* --- leftovers ------------------------------------------------------------------------ */

/* True when name ends in "<sep><pid>[-<n>]" for a process that no longer exists: what a
 * writer killed by SIGKILL leaves (its own live staging is never touched). */
static bool left_by_dead_process(const char *name, const char *sep)
{
    const char *p = strstr(name, sep);
    if (!p)
        return false;
    char *end;
    long pid = strtol(p + strlen(sep), &end, 10);
    if (pid <= 0 || (*end && *end != '-'))
        return false;
    return pid != (long)getpid() && kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

int ftf_store_clean_staging(const char *out_dir, size_t *removed, char *err, size_t errlen)
{
    char findings[PATH_MAX], path[PATH_MAX];
    *removed = 0;
    if (!out_dir || ftf_store_pathf(findings, sizeof findings, "%s/findings", out_dir)) {
        ftf_set_error(err, errlen, "%s: path too long", out_dir ? out_dir : "(null)");
        return FTF_STORE_ERR_ARG;
    }
    DIR *d = opendir(findings);
    if (!d) {
        if (errno == ENOENT)
            return FTF_STORE_OK;
        ftf_set_error(err, errlen, "%s: cannot open: %s", findings, strerror(errno));
        return FTF_STORE_ERR_IO;
    }
    for (struct dirent *e; (e = readdir(d));) {
        if (ftf_store_pathf(path, sizeof path, "%s/%s", findings, e->d_name))
            continue;
        if (!strncmp(e->d_name, ".tmp-", 5)) { /* a finding being assembled */
            if (left_by_dead_process(e->d_name, ".tmp-")) {
                remove_flat_dir(path);
                ++*removed;
            }
            continue;
        }
        if (!is_finding_name(e->d_name))
            continue;
        /* A file being replaced atomically (.meta.json.tmp-<pid>) inside a finding. */
        DIR *f = opendir(path);
        if (!f)
            continue;
        for (struct dirent *g; (g = readdir(f));)
            if (g->d_name[0] == '.' && left_by_dead_process(g->d_name, ".tmp-") &&
                unlinkat(dirfd(f), g->d_name, 0) == 0)
                ++*removed;
        closedir(f);
    }
    closedir(d);
    return FTF_STORE_OK;
}

/* --- listing ---------------------------------------------------------------------------- */

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
        ftf_set_error(err, errlen, "(null): no output directory");
        return FTF_STORE_ERR_ARG;
    }
    if (stat(out_dir, &st)) {
        ftf_set_error(err, errlen, "%s: cannot read: %s", out_dir, strerror(errno));
        return FTF_STORE_ERR_IO;
    }
    if (!S_ISDIR(st.st_mode)) {
        ftf_set_error(err, errlen, "%s: not a directory", out_dir);
        return FTF_STORE_ERR_IO;
    }
    if (ftf_store_pathf(findings, sizeof findings, "%s/findings", out_dir)) {
        ftf_set_error(err, errlen, "%s: path too long", out_dir);
        return FTF_STORE_ERR_ARG;
    }
    if (!(d = opendir(findings))) {
        if (errno == ENOENT)
            return FTF_STORE_OK;
        ftf_set_error(err, errlen, "%s: cannot open: %s", findings, strerror(errno));
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
        ftf_set_error(err, errlen, "%s: cannot read: %s", findings, strerror(errno));
        goto out;
    }
    qsort(names, n_names, sizeof *names, cmp_names);
    if (n_names && !(items = calloc(n_names, sizeof *items)))
        goto nomem;
    for (size_t i = 0; i < n_names; i++) {
        if (ftf_store_pathf(path, sizeof path, "%s/%s", findings, names[i])) {
            ftf_set_error(err, errlen, "%s/%s: path too long", findings, names[i]);
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
    ftf_set_error(err, errlen, "%s: out of memory", findings);
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
