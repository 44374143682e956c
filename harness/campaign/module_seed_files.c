/* module_seed_files.c - a module campaign's seed inputs (src/module_seeds.c) written into its corpus. */
#include "campaign/module_seed_files.h"

#include <stdio.h>
#include <unistd.h>

#include "module_seeds.h"
#include "program_file.h"

/* Seeds for a user's module (module_seeds.c) into the campaign's corpus, once: a resumed
 * campaign keeps what it has. 0, or -1 with errno. */
int ftf_write_module_seeds(const struct ftf_options *o, const char *corpus)
{
    struct ftf_limits lim = {.max_threads = (uint8_t)o->threads,
                             .max_iters = (uint16_t)o->iters, .has_module = 1};
    struct ftf_program seeds[32];
    size_t n = ftf_module_seeds(&lim, seeds, sizeof seeds / sizeof seeds[0]);
    for (size_t i = 0; i < n; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/seed-module-%02zu", corpus, i);
        if (access(path, F_OK) != 0 && ftf_write_program(path, &seeds[i]) < 0)
            return -1;
    }
    return 0;
}
