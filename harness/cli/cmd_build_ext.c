/* cmd_build_ext.c - `ftfuzz build-ext` and `ftfuzz env`: build a user's extension module the
 * way ftfuzz needs it (TSan, libFuzzer coverage, this CPython's headers and suffix). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/commands.h"
#include "ext_flags.h"
#include "log.h"
#include "paths.h"

#ifndef FTF_EXT_SUFFIX
#error "FTF_EXT_SUFFIX must be the build's extension suffix (.cpython-313t-x86_64-linux-gnu.so)"
#endif
#ifndef FTF_LLVM_BIN
#error "FTF_LLVM_BIN must name LLVM's bin directory (llvm-nm)"
#endif

#define EXT_CC "clang-19"
#define EXT_CXX "clang++-19"
/* The same instrumentation as CPython itself: TSan sees the module's accesses, and its
 * edges become libFuzzer features of their own. The user's flags come after these, so
 * their -O or -std wins. */
static const char *const ext_cflags[] = {"-O1", "-g", "-fno-omit-frame-pointer",
                                         "-fsanitize=thread", "-fsanitize=fuzzer-no-link",
                                         "-fPIC"};
#define N_EXT_CFLAGS (sizeof ext_cflags / sizeof ext_cflags[0])
#define MAX_ARGV (3 * FTF_EXT_MAX_ARGS + 32)

int ftf_cmd_env(struct ftf_options *o)
{
    if (o->n_args) {
        FTF_ERROR("env takes no arguments");
        return FTF_EXIT_USAGE;
    }
    printf("CC=%s\nCXX=%s\nCFLAGS=\"-std=c11 ", EXT_CC, EXT_CXX);
    for (size_t i = 0; i < N_EXT_CFLAGS; i++)
        printf("%s ", ext_cflags[i]);
    printf("-I%s\"\nCXXFLAGS=\"-std=c++17 ", FTF_PY_INCLUDE);
    for (size_t i = 0; i < N_EXT_CFLAGS; i++)
        printf("%s ", ext_cflags[i]);
    printf("-I%s\"\nLDFLAGS=\"-shared -fsanitize=thread\"\nEXT_SUFFIX=%s\nPYTHON=%s\n",
           FTF_PY_INCLUDE, FTF_EXT_SUFFIX, FTF_PY_EXE);
    printf("TSAN_OPTIONS=suppressions=%s/tsan-suppressions.txt\n", FTF_PY_PREFIX);
    return FTF_EXIT_CLEAN;
}

/* Run argv; with out, its stdout (and stderr when merge) is read into a string the caller
 * frees. Returns the exit status, or -1 when it could not run or died of a signal. */
static int run(const char *const *argv, char **out, int merge)
{
    int fds[2] = {-1, -1};
    if (out && pipe(fds) < 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        if (out) {
            dup2(fds[1], 1);
            if (merge)
                dup2(fds[1], 2);
            close(fds[0]);
            close(fds[1]);
        }
        char *const *exec_argv; /* execvp's prototype predates const; it writes nothing */
        memcpy(&exec_argv, &argv, sizeof argv);
        execvp(argv[0], exec_argv);
        _exit(127);
    }
    if (out) {
        close(fds[1]);
        *out = pid > 0 ? ftf_fd_text(fds[0]) : NULL;
        close(fds[0]);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

/* Compile one source into obj, as C or C++. */
static int compile_one(const struct ftf_ext_args *a, size_t i, const char *obj)
{
    const char *av[MAX_ARGV];
    size_t n = 0;
    int cxx = a->langs[i] == FTF_EXT_CXX;
    av[n++] = cxx ? EXT_CXX : EXT_CC;
    av[n++] = cxx ? (a->cxx_std ? a->cxx_std : "-std=c++17") : (a->c_std ? a->c_std : "-std=c11");
    for (size_t k = 0; k < N_EXT_CFLAGS; k++)
        av[n++] = ext_cflags[k];
    av[n++] = "-I" FTF_PY_INCLUDE;
    for (size_t k = 0; k < a->n_cflags; k++)
        av[n++] = a->cflags[k];
    av[n++] = "-c";
    av[n++] = a->sources[i];
    av[n++] = "-o";
    av[n++] = obj;
    av[n] = NULL;
    return run(av, NULL, 0);
}

/* Link the objects into so: through clang++ when a source is C++, so libstdc++ and its
 * runtime (__gxx_personality_v0) come along. */
static int link_objects(const struct ftf_ext_args *a, char objs[][4200], const char *so)
{
    const char *av[MAX_ARGV];
    size_t n = 0;
    av[n++] = a->n_cxx ? EXT_CXX : EXT_CC;
    av[n++] = "-shared";
    av[n++] = "-fsanitize=thread";
    for (size_t k = 0; k < a->n_sources; k++)
        av[n++] = objs[k];
    for (size_t k = 0; k < a->n_ldflags; k++)
        av[n++] = a->ldflags[k];
    av[n++] = "-o";
    av[n++] = so;
    av[n] = NULL;
    return run(av, NULL, 0);
}

/* The module's name: --name, checked against the PyInit_ functions so exports, else the
 * only one it exports. 0 and the name into buf, or -1 after saying what to pass. */
static int module_name(const char *so, const char *given, char *buf, size_t len)
{
    const char *av[] = {FTF_LLVM_BIN "/llvm-nm", "-D", "--defined-only", so, NULL};
    char *text = NULL;
    if (run(av, &text, 0) != 0 || !text) {
        FTF_ERROR("%s: cannot read its symbols with llvm-nm", so);
        free(text);
        return -1;
    }
    const char *names[16];
    size_t n = ftf_ext_init_names(text, names, 16);
    int rc = -1;
    if (given) {
        const char *last = strrchr(given, '.');
        last = last ? last + 1 : given;
        for (size_t i = 0; i < n && rc < 0; i++)
            rc = strcmp(names[i], last) ? -1 : 0;
        if (rc < 0 && n)
            FTF_ERROR("--name %s: the sources define PyInit_%s, not PyInit_%s (pass --name "
                      "%s, or a package path ending in it)", given, names[0], last, names[0]);
        else if (rc < 0)
            FTF_ERROR("the sources define no PyInit_ function: not an extension module");
        else
            snprintf(buf, len, "%s", given);
    } else if (n == 1) {
        snprintf(buf, len, "%s", names[0]);
        rc = 0;
    } else if (n == 0) {
        FTF_ERROR("the sources define no PyInit_ function: not an extension module (a "
                  "source missing?)");
    } else {
        FTF_ERROR("the sources define %zu PyInit_ functions (PyInit_%s, PyInit_%s...): "
                  "pass --name", n, names[0], names[1]);
    }
    free(text);
    return rc;
}

/* Import the built module once under ftfuzz's interpreter, by its file (a package's
 * __init__.py is not needed), with the output directory on sys.path as --path puts it at
 * fuzz time: an undefined symbol, which the link lets through, shows here rather than at
 * fuzz time, and fails the build. Any other error of its init (a package submodule that
 * imports a sibling not built yet, bitarray._util importing bitarray) is only reported:
 * the module may well import in its package at fuzz time. */
static int import_check(const char *so, const char *name, const char *out_dir)
{
    static const char code[] = "import importlib.util as u, sys\n"
                               "sys.path.insert(0, sys.argv[3])\n"
                               "s = u.spec_from_file_location(sys.argv[1], sys.argv[2])\n"
                               "try:\n"
                               "    s.loader.exec_module(u.module_from_spec(s))\n"
                               "except BaseException as e:\n"
                               "    print('IMPORT-ERROR:', type(e).__name__ + ':', e)\n"
                               "    sys.exit(3)\n";
    const char *av[] = {"env", "PYTHON_GIL=0",
                        "TSAN_OPTIONS=report_bugs=0:suppressions=" FTF_PY_PREFIX
                        "/tsan-suppressions.txt",
                        FTF_PY_EXE, "-c", code, name, so, out_dir, NULL};
    char *out = NULL;
    int st = run(av, &out, 1);
    if (st == 0) {
        free(out);
        return 0;
    }
    const char *err = out ? strstr(out, "IMPORT-ERROR: ") : NULL;
    const char *undef = out ? strstr(out, "undefined symbol: ") : NULL;
    if (undef) {
        int sym = (int)strcspn(undef + 18, " \n'\"");
        FTF_ERROR("module %s: undefined symbol %.*s: a source or a library (-l) that defines "
                  "it is missing from the command line; nothing written", name, sym, undef + 18);
    } else if (err) {
        FTF_INFO("module %s: importing it alone raised %.*s (written all the same: fuzzing "
                 "imports it with its package and its siblings on --path)", name,
                 (int)strcspn(err + 14, "\n"), err + 14);
        free(out);
        return 0;
    } else {
        FTF_ERROR("module %s: importing it under %s failed (status %d): %s", name, FTF_PY_EXE,
                  st, out ? out : "");
    }
    free(out);
    return -1;
}

int ftf_cmd_build_ext(struct ftf_options *o)
{
    static struct ftf_ext_args a;
    static char objs[FTF_EXT_MAX_ARGS][4200];
    char err[1024], tmp[4200], so[4200], name[256], path[4200];
    int rc = FTF_EXIT_USAGE;
    if (ftf_ext_args_parse(o->n_args, o->args, o->n_passthru, o->passthru, &a, err,
                           sizeof err) < 0) {
        FTF_ERROR("%s", err);
        return FTF_EXIT_USAGE;
    }
    for (size_t i = 0; i < a.n_sources; i++)
        if (access(a.sources[i], R_OK) != 0) {
            FTF_ERROR("%s: %s", a.sources[i], strerror(errno));
            return FTF_EXIT_USAGE;
        }
    if (ftf_mkdirs(a.out_dir) < 0) {
        FTF_ERROR("%s: %s", a.out_dir, strerror(errno));
        return FTF_EXIT_USAGE;
    }
    /* Objects and the first link go to a scratch directory beside the result, so the
     * result is renamed into place whole or not written at all. */
    snprintf(tmp, sizeof tmp, "%s/.ftfuzz-build-XXXXXX", a.out_dir);
    if (!mkdtemp(tmp)) {
        FTF_ERROR("%s: %s", tmp, strerror(errno));
        return FTF_EXIT_USAGE;
    }
    for (size_t i = 0; i < a.n_sources; i++) {
        snprintf(objs[i], sizeof objs[i], "%s/%zu.o", tmp, i);
        if (compile_one(&a, i, objs[i]) != 0) {
            FTF_ERROR("compiling %s failed (the compiler's messages are above)", a.sources[i]);
            goto out;
        }
    }
    snprintf(so, sizeof so, "%s/module%s", tmp, FTF_EXT_SUFFIX);
    if (link_objects(&a, objs, so) != 0) {
        FTF_ERROR("linking %s failed (the linker's messages are above)", so);
        goto out;
    }
    if (module_name(so, o->name, name, sizeof name) < 0)
        goto out;
    /* --name pkg.sub: DIR/pkg/sub<EXT_SUFFIX>, where `import pkg.sub` finds it. */
    snprintf(path, sizeof path, "%s/%s", a.out_dir, name);
    for (char *p = path + strlen(a.out_dir) + 1; *p; p++)
        *p = *p == '.' ? '/' : *p;
    char *slash = strrchr(path, '/');
    *slash = '\0';
    if (ftf_mkdirs(path) < 0) {
        FTF_ERROR("%s: %s", path, strerror(errno));
        goto out;
    }
    *slash = '/';
    snprintf(path + strlen(path), sizeof path - strlen(path), "%s", FTF_EXT_SUFFIX);
    if (import_check(so, name, a.out_dir) < 0)
        goto out;
    if (rename(so, path) < 0) {
        FTF_ERROR("%s: %s", path, strerror(errno));
        goto out;
    }
    printf("%s\n", path);
    rc = FTF_EXIT_CLEAN;
out:
    for (size_t i = 0; i < a.n_sources; i++)
        unlink(objs[i]);
    unlink(so);
    rmdir(tmp);
    return rc;
}
