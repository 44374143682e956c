/* campaign_shared.c - the memory file of counters a campaign's processes share. */
#include "worker/campaign_shared.h"

#include "log.h"
#include "paths.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct ftf_campaign_shared *ftf_shared_create(char *path, size_t len)
{
    /* Not close-on-exec: the worker and libFuzzer's -jobs children open it by this name.
     * A memory file also keeps counting when the output's disk is full. */
    int fd = memfd_create("ftfuzz-campaign", 0);
    if (fd < 0)
        return NULL;
    if (ftruncate(fd, sizeof(struct ftf_campaign_shared)) < 0) {
        close(fd);
        return NULL;
    }
    void *p = mmap(NULL, sizeof(struct ftf_campaign_shared), PROT_READ | PROT_WRITE,
                   MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        close(fd);
        return NULL;
    }
    snprintf(path, len, "/proc/%d/fd/%d", (int)getpid(), fd);
    return p;
}

void ftf_shared_destroy(struct ftf_campaign_shared *s, const char *path)
{
    const char *fd = strrchr(path, '/');
    if (s)
        munmap(s, sizeof *s);
    if (fd)
        close(atoi(fd + 1));
}

struct ftf_campaign_shared *ftf_shared_open(const char *path)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    void *p = mmap(NULL, sizeof(struct ftf_campaign_shared), PROT_READ | PROT_WRITE,
                   MAP_SHARED, fd, 0);
    close(fd);
    return p == MAP_FAILED ? NULL : p;
}

struct ftf_worker_shared *ftf_shared_worker(struct ftf_campaign_shared *s, const char *slot)
{
    if (!s)
        return NULL;
    long i = slot ? atol(slot) : 0;
    return &s->worker[i >= 0 && i < FTF_JOBS_MAX ? i : 0];
}

void ftf_shared_add(uint64_t *field, uint64_t n)
{
    __atomic_fetch_add(field, n, __ATOMIC_RELAXED);
}

uint64_t ftf_shared_get(const uint64_t *field)
{
    return __atomic_load_n(field, __ATOMIC_RELAXED);
}

void ftf_shared_begin_run(struct ftf_worker_shared *s, const uint8_t *data, size_t size,
                          const uint8_t *stored, size_t stored_size)
{
    if (!s)
        return;
    size_t n = size < FTF_SHARED_INPUT_MAX ? size : 0;
    size_t m = stored && stored_size < FTF_SHARED_INPUT_MAX ? stored_size : 0;
    memcpy(s->input, data, n);
    memcpy(s->stored, stored ? stored : data, m);
    __atomic_store_n(&s->input_len, (uint32_t)n, __ATOMIC_RELAXED);
    __atomic_store_n(&s->stored_len, (uint32_t)m, __ATOMIC_RELAXED);
    __atomic_store_n(&s->in_flight, 1, __ATOMIC_RELEASE);
}

void ftf_shared_end_run(struct ftf_worker_shared *s)
{
    if (s)
        __atomic_store_n(&s->in_flight, 0, __ATOMIC_RELEASE);
}

void ftf_corpus_forget(const char *dir, const uint8_t *data, size_t size)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        char path[8192];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != size)
            continue;
        size_t len;
        char *bytes = ftf_read_file(path, &len);
        if (bytes && len == size && memcmp(bytes, data, size) == 0 && unlink(path) == 0)
            FTF_INFO("%s: removed from the corpus (its run took the worker down)", path);
        free(bytes);
    }
    closedir(d);
}
