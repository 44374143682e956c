/* restart_corpus.c - a restarted worker's corpus: a bounded random sample, and its finds
 * moved back into the campaign's corpus. */
#include "campaign/restart_corpus.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "log.h"
#include "paths.h"

static uint64_t next_random(uint64_t *s)
{
    /* splitmix64: the sample only needs to be spread out, and reproducible from --seed */
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void ftf_restart_corpus_init(struct ftf_restart_corpus *rc, const char *out, const char *target,
                             unsigned slot, const char *main, const char *seeds,
                             uint64_t rng_seed)
{
    memset(rc, 0, sizeof *rc);
    rc->main = main;
    rc->seeds = seeds;
    rc->rng = rng_seed ? rng_seed : (uint64_t)time(NULL) ^ (uint64_t)getpid();
    if (slot == 0)
        snprintf(rc->dir, sizeof rc->dir, "%s/corpus/.restart-%s", out, target);
    else
        snprintf(rc->dir, sizeof rc->dir, "%s/corpus/.restart-%s-%u", out, target, slot);
}

static int is_killer(const struct ftf_restart_corpus *rc, uint64_t h)
{
    for (size_t i = 0; i < rc->n_killers; i++)
        if (rc->killers[i] == h)
            return 1;
    return 0;
}

void ftf_restart_corpus_kill(struct ftf_restart_corpus *rc, const uint8_t *data, size_t len)
{
    uint64_t h = XXH3_64bits(data, len);
    if (!is_killer(rc, h))
        rc->killers[rc->n_killers++ % (sizeof rc->killers / sizeof rc->killers[0])] = h;
    if (rc->n_killers > sizeof rc->killers / sizeof rc->killers[0])
        rc->n_killers = sizeof rc->killers / sizeof rc->killers[0];
}

static void free_sample(struct ftf_restart_corpus *rc)
{
    for (size_t i = 0; i < rc->n_sample; i++)
        free(rc->sample[i]);
    free(rc->sample);
    rc->sample = NULL;
    rc->n_sample = 0;
}

static int in_sample(const struct ftf_restart_corpus *rc, const char *name)
{
    for (size_t i = 0; i < rc->n_sample; i++)
        if (!strcmp(rc->sample[i], name))
            return 1;
    return 0;
}

/* Every regular file of dir as "dir/name", appended to *paths. */
static int list_files(const char *dir, char ***paths, size_t *n, size_t *cap)
{
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d)
        return 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' || e->d_type != DT_REG)
            continue;
        if (*n == *cap) {
            size_t ncap = *cap ? *cap * 2 : 256;
            char **np = realloc(*paths, ncap * sizeof *np);
            if (!np)
                goto nomem;
            *paths = np;
            *cap = ncap;
        }
        if (asprintf(&(*paths)[*n], "%s/%s", dir, e->d_name) < 0)
            goto nomem;
        ++*n;
    }
    closedir(d);
    return 0;
nomem:
    closedir(d);
    errno = ENOMEM;
    return -1;
}

/* Remove the files of dir (flat, ours). */
static void empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));)
        if (e->d_type == DT_REG)
            unlinkat(dirfd(d), e->d_name, 0);
    if (d)
        closedir(d);
}

/* A hard link, or a copy when from is on another file system (the repository's seeds). */
static int link_or_copy(const char *from, const char *to)
{
    if (link(from, to) == 0)
        return 0;
    size_t len;
    char *data = ftf_read_file(from, &len);
    if (!data)
        return -1;
    FILE *f = fopen(to, "wb");
    int ok = f && fwrite(data, 1, len, f) == len;
    if (f && fclose(f))
        ok = 0;
    free(data);
    return ok ? 0 : -1;
}

int ftf_restart_corpus_prepare_empty(struct ftf_restart_corpus *rc)
{
    free_sample(rc);
    if (ftf_mkdirs(rc->dir) < 0)
        return -1;
    empty_dir(rc->dir);
    return 0;
}

long ftf_restart_corpus_prepare(struct ftf_restart_corpus *rc)
{
    char **paths = NULL;
    size_t n = 0, cap = 0;
    long linked = -1;
    if (ftf_restart_corpus_prepare_empty(rc) < 0)
        return -1;
    if (list_files(rc->main, &paths, &n, &cap) < 0 || list_files(rc->seeds, &paths, &n, &cap) < 0)
        goto out;
    if (!(rc->sample = calloc(FTF_RESTART_SAMPLE, sizeof *rc->sample)))
        goto out;
    linked = 0;
    /* A partial Fisher-Yates shuffle: the first picks are a uniform sample of all. */
    for (size_t i = 0; i < n && rc->n_sample < FTF_RESTART_SAMPLE; i++) {
        size_t j = i + (size_t)(next_random(&rc->rng) % (n - i));
        char *p = paths[j];
        paths[j] = paths[i];
        paths[i] = p;
        size_t len;
        char *data = ftf_read_file(p, &len);
        int killer = data && is_killer(rc, XXH3_64bits(data, len));
        free(data);
        const char *name = strrchr(p, '/') + 1;
        char to[8600];
        if (!data || killer || in_sample(rc, name) ||
            snprintf(to, sizeof to, "%s/%s", rc->dir, name) >= (int)sizeof to ||
            link_or_copy(p, to) < 0)
            continue;
        if (!(rc->sample[rc->n_sample] = strdup(name)))
            break;
        rc->n_sample++;
        linked++;
    }
out:
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return linked;
}

/* Move the files of from that are not in the sample (when rc) and not in to into to. */
static long move_new(const char *from, const char *to, const struct ftf_restart_corpus *rc)
{
    DIR *d = opendir(from);
    long moved = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.' || e->d_type != DT_REG || (rc && in_sample(rc, e->d_name)))
            continue;
        char src[8600], dst[8600];
        struct stat st;
        if (snprintf(src, sizeof src, "%s/%s", from, e->d_name) >= (int)sizeof src ||
            snprintf(dst, sizeof dst, "%s/%s", to, e->d_name) >= (int)sizeof dst)
            continue;
        if (stat(dst, &st) == 0)
            unlink(src); /* already there */
        else if (rename(src, dst) == 0)
            moved++;
    }
    if (d)
        closedir(d);
    return moved;
}

long ftf_restart_corpus_collect(struct ftf_restart_corpus *rc)
{
    return move_new(rc->dir, rc->main, rc);
}

long ftf_restart_corpus_collect_to(struct ftf_restart_corpus *rc, const char *to)
{
    return move_new(rc->dir, to, rc);
}

long ftf_corpus_move_new(const char *from, const char *to)
{
    return move_new(from, to, NULL);
}

void ftf_restart_corpus_finish(struct ftf_restart_corpus *rc)
{
    ftf_restart_corpus_collect(rc);
    empty_dir(rc->dir);
    rmdir(rc->dir);
    free_sample(rc);
}

int ftf_corpus_dir_remove(const char *dir)
{
    empty_dir(dir);
    return rmdir(dir) == 0 || errno == ENOENT ? 0 : -1;
}

int ftf_corpus_dir_swap(const char *a, const char *b)
{
    return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}
