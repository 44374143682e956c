/* cache_key.c - hash a CPython source (tarball or tree) and its build inputs into a cache key. */
#include "cache_key.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

/* Feed a length-prefixed field, so that ("ab","c") and ("a","bc") hash differently. */
static void feed(XXH3_state_t *st, const void *p, size_t n)
{
    uint64_t len = n;
    XXH3_64bits_update(st, &len, sizeof len);
    XXH3_64bits_update(st, p, n);
}

static int hash_file_bytes(int dirfd, const char *name, uint64_t *out)
{
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    XXH3_state_t *st = XXH3_createState();
    int rc = -1;
    if (!st) {
        errno = ENOMEM;
        goto out;
    }
    XXH3_64bits_reset(st);
    static char buf[1 << 16];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            goto out;
        }
        if (n == 0)
            break;
        XXH3_64bits_update(st, buf, (size_t)n);
    }
    *out = XXH3_64bits_digest(st);
    rc = 0;
out:
    XXH3_freeState(st);
    close(fd);
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Walk dirfd in sorted order; rel is the path of dirfd relative to the root. */
static int hash_tree(XXH3_state_t *st, int dirfd, const char *rel)
{
    DIR *d = fdopendir(dirfd);
    if (!d) {
        close(dirfd);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = -1;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, ".git"))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown)
                goto out;
            names = grown;
        }
        if (!(names[n] = strdup(e->d_name)))
            goto out;
        n++;
    }
    if (errno)
        goto out;
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        int len = snprintf(path, sizeof path, "%s%s%s", rel, *rel ? "/" : "", names[i]);
        if (len < 0 || (size_t)len >= sizeof path) {
            errno = ENAMETOOLONG;
            goto out;
        }
        struct stat sb;
        if (fstatat(dirfd, names[i], &sb, AT_SYMLINK_NOFOLLOW) < 0)
            goto out;
        if (S_ISDIR(sb.st_mode)) {
            int sub = openat(dirfd, names[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (sub < 0 || hash_tree(st, sub, path) < 0)
                goto out;
        } else if (S_ISREG(sb.st_mode)) {
            uint64_t h;
            if (hash_file_bytes(dirfd, names[i], &h) < 0)
                goto out;
            feed(st, path, strlen(path));
            feed(st, &h, sizeof h);
        } else if (S_ISLNK(sb.st_mode)) {
            char target[4096];
            ssize_t t = readlinkat(dirfd, names[i], target, sizeof target);
            if (t < 0)
                goto out;
            feed(st, path, strlen(path));
            feed(st, target, (size_t)t);
        }
    }
    rc = 0;
out:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    closedir(d);
    return rc;
}

int ftf_source_hash(const char *path, uint64_t *out)
{
    struct stat sb;
    if (stat(path, &sb) < 0)
        return -1;
    if (S_ISREG(sb.st_mode))
        return hash_file_bytes(AT_FDCWD, path, out);
    if (!S_ISDIR(sb.st_mode)) {
        errno = EINVAL;
        return -1;
    }
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    XXH3_state_t *st = XXH3_createState();
    if (!st) {
        close(fd);
        errno = ENOMEM;
        return -1;
    }
    XXH3_64bits_reset(st);
    int rc = hash_tree(st, fd, "");
    if (rc == 0)
        *out = XXH3_64bits_digest(st);
    XXH3_freeState(st);
    return rc;
}

uint64_t ftf_cache_key(uint64_t source_hash, const char *const *inputs, size_t n_inputs)
{
    XXH3_state_t *st = XXH3_createState();
    if (!st)
        abort(); /* a 600-byte allocation failing: nothing sensible to return */
    XXH3_64bits_reset(st);
    feed(st, &source_hash, sizeof source_hash);
    for (size_t i = 0; i < n_inputs; i++)
        feed(st, inputs[i], strlen(inputs[i]));
    uint64_t key = XXH3_64bits_digest(st);
    XXH3_freeState(st);
    return key;
}

void ftf_key_hex(uint64_t key, char buf[17])
{
    snprintf(buf, 17, "%016llx", (unsigned long long)key);
}
