/* ext_flags.h - the arguments of `ftfuzz build-ext`: sources by language, compiler and link
 * flags, the output directory. Pure: the command runs the compilers. */
#ifndef FTF_EXT_FLAGS_H
#define FTF_EXT_FLAGS_H

#include <stddef.h>
#include <stdio.h>

#define FTF_EXT_MAX_ARGS 512

enum ftf_ext_lang { FTF_EXT_C, FTF_EXT_CXX, FTF_EXT_NOT_SOURCE };

/* The parsed command line. Strings point into the argv given to ftf_ext_args_parse, or
 * into the struct's own storage for "-I DIR" pairs joined into "-IDIR". */
struct ftf_ext_args {
    const char *sources[FTF_EXT_MAX_ARGS];
    enum ftf_ext_lang langs[FTF_EXT_MAX_ARGS];
    size_t n_sources;
    const char *cflags[FTF_EXT_MAX_ARGS];   /* to every compile step, in the given order */
    size_t n_cflags;
    const char *c_std, *cxx_std;            /* NULL: the default, -std=c11 / -std=c++17 */
    const char *ldflags[FTF_EXT_MAX_ARGS];  /* to the link step */
    size_t n_ldflags;
    const char *out_dir;                    /* "." unless -o */
    size_t n_cxx;                           /* how many sources are C++ */
    char joined[FTF_EXT_MAX_ARGS][512];
    size_t n_joined;
};

/* The language of a source file by its suffix (.c; .cc .cpp .cxx .c++ .C); NOT_SOURCE for
 * anything else. */
enum ftf_ext_lang ftf_ext_source_lang(const char *path);

/* Parse build-ext's positional arguments (argv) and the ones after `--` (passthru, given
 * to every compile step unchanged). Returns 0, or -1 with err naming the argument
 * (an unknown flag, a flag missing its value, a file that is not a C or C++ source, no
 * source at all). */
int ftf_ext_args_parse(int argc, char **argv, int n_passthru, char **passthru,
                       struct ftf_ext_args *out, char *err, size_t errlen);

/* The module names a shared object exports a PyInit_ function for, read from the text of
 * `nm -D --defined-only` (cut into strings in place): at most max names into names, each
 * pointing into nm_text. Returns how many were stored. */
size_t ftf_ext_init_names(char *nm_text, const char **names, size_t max);

/* Print the compiler flags build-ext accepts, from ext_flags.def (for --help). */
void ftf_ext_flags_help(FILE *out);

#endif
