/* cmd_build_ext.c - `ftfuzz build-ext` and `ftfuzz env`: build a user's extension module the
 * way ftfuzz needs it (TSan, libFuzzer coverage, this CPython's headers and suffix). */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/commands.h"
#include "log.h"
#include "paths.h"

#ifndef FTF_EXT_SUFFIX
#error "FTF_EXT_SUFFIX must be the build's extension suffix (.cpython-313t-x86_64-linux-gnu.so)"
#endif

#define EXT_CC "clang-19"
/* The same instrumentation as CPython itself: TSan sees the module's accesses, and its
 * edges become libFuzzer features of their own. */
static const char *const ext_cflags[] = {"-std=c11", "-O1", "-g", "-fno-omit-frame-pointer",
                                         "-fsanitize=thread", "-fsanitize=fuzzer-no-link",
                                         "-fPIC"};
#define N_EXT_CFLAGS (sizeof ext_cflags / sizeof ext_cflags[0])

int ftf_cmd_env(struct ftf_options *o)
{
    if (o->n_args) {
        FTF_ERROR("env takes no arguments");
        return FTF_EXIT_USAGE;
    }
    printf("CC=%s\nCFLAGS=\"", EXT_CC);
    for (size_t i = 0; i < N_EXT_CFLAGS; i++)
        printf("%s ", ext_cflags[i]);
    printf("-I%s\"\nLDFLAGS=\"-shared -fsanitize=thread\"\nEXT_SUFFIX=%s\nPYTHON=%s\n",
           FTF_PY_INCLUDE, FTF_EXT_SUFFIX, FTF_PY_EXE);
    printf("TSAN_OPTIONS=suppressions=%s/tsan-suppressions.txt\n", FTF_PY_PREFIX);
    return FTF_EXIT_CLEAN;
}

int ftf_cmd_build_ext(struct ftf_options *o)
{
    char *av[256];
    size_t n = 0;
    const char *out_dir = ".", *first = NULL;
    /* argv strings are strdup'd: execvp wants char *, the tables are const. The process
     * execs or exits right after, so they are not freed. */
    av[n++] = strdup(EXT_CC);
    for (size_t i = 0; i < N_EXT_CFLAGS; i++)
        av[n++] = strdup(ext_cflags[i]);
    av[n++] = strdup("-shared");
    char pyinc[4200];
    snprintf(pyinc, sizeof pyinc, "-I%s", FTF_PY_INCLUDE);
    av[n++] = pyinc;
    static char flagbuf[128][4200];
    size_t nflag = 0;
    for (int i = 0; i < o->n_args && n < 240; i++) {
        const char *a = o->args[i];
        if (!strcmp(a, "-I") || !strcmp(a, "-D") || !strcmp(a, "-o")) {
            if (i + 1 >= o->n_args) {
                FTF_ERROR("%s needs a value", a);
                return FTF_EXIT_USAGE;
            }
            const char *v = o->args[++i];
            if (a[1] == 'o') {
                out_dir = v;
                continue;
            }
            snprintf(flagbuf[nflag], sizeof flagbuf[0], "%s%s", a, v);
            av[n++] = flagbuf[nflag++];
        } else if (!strncmp(a, "-I", 2) || !strncmp(a, "-D", 2)) {
            av[n++] = strdup(a);
        } else if (a[0] == '-') {
            FTF_ERROR("unknown option '%s' (build-ext takes -I DIR, -D X[=V], -o DIR)", a);
            return FTF_EXIT_USAGE;
        } else {
            if (access(a, R_OK) != 0) {
                FTF_ERROR("%s: %s", a, strerror(errno));
                return FTF_EXIT_USAGE;
            }
            first = first ? first : a;
            av[n++] = strdup(a);
        }
    }
    if (!first) {
        FTF_ERROR("build-ext needs at least one C source (see: ftfuzz build-ext --help)");
        return FTF_EXIT_USAGE;
    }
    char name[256], path[4096];
    if (o->name) {
        snprintf(name, sizeof name, "%s", o->name);
    } else {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s", first);
        snprintf(name, sizeof name, "%s", basename(tmp));
        name[strcspn(name, ".")] = '\0';
    }
    if (ftf_mkdirs(out_dir) < 0) {
        FTF_ERROR("%s: %s", out_dir, strerror(errno));
        return FTF_EXIT_USAGE;
    }
    snprintf(path, sizeof path, "%s/%s%s", out_dir, name, FTF_EXT_SUFFIX);
    av[n++] = strdup("-o");
    av[n++] = path;
    av[n] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        execvp(av[0], av);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        FTF_ERROR("compiling %s failed (the compiler's messages are above)", first);
        return FTF_EXIT_USAGE;
    }
    printf("%s\n", path);
    return FTF_EXIT_CLEAN;
}
