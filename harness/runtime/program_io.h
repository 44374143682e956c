/* program_io.h - load an input file into a program and render it, as commands need it. */
#ifndef FTF_PROGRAM_IO_H
#define FTF_PROGRAM_IO_H

#include <stddef.h>
#include <stdint.h>

#include "codec.h"
#include "render.h"

/* The decoding limits and module a command works with (from options or the campaign's
 * environment). mod is NULL unless a module was imported. */
struct ftf_target_ctx {
    struct ftf_limits limits;
    const struct ftf_module_desc *mod;
    const char *module;      /* import name, NULL without a module */
    char module_path[4096];  /* absolute directory it was imported from, "" when none */
    char module_file[4096];  /* its shared objects' basenames, as TSan frames name them, one a
                              * line (a package: every extension file in its directory); a
                              * built-in module: its sources' "src:" patterns (origin.h);
                              * CPython's own module: also every file under Modules/ */
    char spec[4096];         /* absolute path of --spec FILE.py, "" when none */
    int cpython_module;      /* the module is CPython's own (built in, or in its lib-dynload):
                              * its bugs are CPython's, which the shipped known list names */
};

/* Start the harness (importing module/path when given) and fill ctx. Returns 0, or -1
 * after printing an ERROR: line. Safe to call once per process. */
int ftf_target_ctx_init(struct ftf_target_ctx *ctx, const char *module, const char *path,
                        const char *spec, long threads, long iters);

/* Read an input file. Returns a malloc'd buffer, or NULL after printing an ERROR: line
 * naming the path (missing, unreadable, a directory). */
uint8_t *ftf_load_input(const char *path, size_t *size);

#endif
