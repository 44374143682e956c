/* write_seeds_main.c - `ftfuzz-write-seeds DIR...`: write the containers target's seed corpus (make seeds). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "container_seeds.h"
#include "program_file.h"

#define PREFIX "seed-containers-"

/* Removes PREFIX files left from a longer seed list, so the directory holds exactly the
 * current seeds. */
static void remove_stale(const char *dir, size_t keep)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        unsigned idx;
        char path[4200];
        if (sscanf(e->d_name, PREFIX "%u", &idx) == 1 && idx >= keep) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    }
    closedir(d);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: ftfuzz-write-seeds DIR...\n");
        return 2;
    }
    static struct ftf_program seeds[FTF_CONTAINER_SEEDS_MAX];
    struct ftf_limits lim = {0};
    size_t n = ftf_container_seeds(&lim, seeds, FTF_CONTAINER_SEEDS_MAX);
    for (int a = 1; a < argc; a++) {
        for (size_t i = 0; i < n; i++) {
            char path[4200];
            snprintf(path, sizeof path, "%s/" PREFIX "%02zu", argv[a], i);
            if (ftf_write_program(path, &seeds[i]) < 0) {
                fprintf(stderr, "ftfuzz-write-seeds: %s: %s\n", path, strerror(errno));
                return 2;
            }
        }
        remove_stale(argv[a], n);
        printf("%s: %zu seeds\n", argv[a], n);
    }
    return 0;
}
