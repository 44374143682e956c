/* ext_flags.c - sort build-ext's arguments into sources, compiler and link flags. */
#include "ext_flags.h"

#include <stdio.h>
#include <string.h>

#include "ext_flags.def"

enum applies { APPLIES_ALL, APPLIES_STD, APPLIES_LINK, APPLIES_OUT };

struct ext_flag {
    const char *prefix;
    enum applies applies;
    int takes_value;
    const char *metavar, *help;
};

static const struct ext_flag flags[] = {
#define FTF_X(prefix, applies, value, metavar, help)                                       \
    {prefix, APPLIES_##applies, value, metavar, help},
    FTF_EXT_FLAGS(FTF_X)
#undef FTF_X
};
#define N_FLAGS (sizeof flags / sizeof flags[0])

enum ftf_ext_lang ftf_ext_source_lang(const char *path)
{
    static const char *const cxx[] = {".cc", ".cpp", ".cxx", ".c++", ".C"};
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return FTF_EXT_NOT_SOURCE;
    if (!strcmp(dot, ".c"))
        return FTF_EXT_C;
    for (size_t i = 0; i < sizeof cxx / sizeof cxx[0]; i++)
        if (!strcmp(dot, cxx[i]))
            return FTF_EXT_CXX;
    return FTF_EXT_NOT_SOURCE;
}

static const struct ext_flag *find_flag(const char *a)
{
    for (size_t i = 0; i < N_FLAGS; i++)
        if (!strncmp(a, flags[i].prefix, strlen(flags[i].prefix)))
            return &flags[i];
    return NULL;
}

/* -std=c++17 and -std=gnu++20 are C++'s; every other -std= is C's. */
static int is_cxx_std(const char *std_flag)
{
    return strstr(std_flag, "++") != NULL;
}

int ftf_ext_args_parse(int argc, char **argv, int n_passthru, char **passthru,
                       struct ftf_ext_args *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->out_dir = ".";
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-') {
            enum ftf_ext_lang lang = ftf_ext_source_lang(a);
            if (lang == FTF_EXT_NOT_SOURCE) {
                snprintf(err, errlen, "%s: not a C or C++ source (.c, .cc, .cpp, .cxx)", a);
                return -1;
            }
            if (out->n_sources == FTF_EXT_MAX_ARGS)
                goto too_many;
            out->langs[out->n_sources] = lang;
            out->sources[out->n_sources++] = a;
            out->n_cxx += lang == FTF_EXT_CXX;
            continue;
        }
        const struct ext_flag *f = find_flag(a);
        if (!f) {
            snprintf(err, errlen, "unknown flag '%s' (build-ext --help lists them; flags "
                     "after -- go to the compiler unchanged)", a);
            return -1;
        }
        const char *flag = a;
        if (f->takes_value && !a[strlen(f->prefix)]) { /* "-I DIR": join into "-IDIR" */
            if (i + 1 >= argc) {
                snprintf(err, errlen, "%s needs a value (%s)", a, f->metavar);
                return -1;
            }
            const char *v = argv[++i];
            if (f->applies == APPLIES_OUT) {
                out->out_dir = v;
                continue;
            }
            if (out->n_joined == FTF_EXT_MAX_ARGS)
                goto too_many;
            snprintf(out->joined[out->n_joined], sizeof out->joined[0], "%s%s", a, v);
            flag = out->joined[out->n_joined++];
        } else if (f->applies == APPLIES_OUT) {
            out->out_dir = a + 2;
            continue;
        }
        if (f->applies == APPLIES_STD) {
            *(is_cxx_std(flag) ? &out->cxx_std : &out->c_std) = flag;
        } else if (f->applies == APPLIES_LINK) {
            if (out->n_ldflags == FTF_EXT_MAX_ARGS)
                goto too_many;
            out->ldflags[out->n_ldflags++] = flag;
        } else {
            if (out->n_cflags == FTF_EXT_MAX_ARGS)
                goto too_many;
            out->cflags[out->n_cflags++] = flag;
        }
    }
    for (int i = 0; i < n_passthru; i++) {
        if (out->n_cflags == FTF_EXT_MAX_ARGS)
            goto too_many;
        out->cflags[out->n_cflags++] = passthru[i];
    }
    if (!out->n_sources) {
        snprintf(err, errlen, "build-ext needs at least one C or C++ source (see: ftfuzz "
                 "build-ext --help)");
        return -1;
    }
    return 0;
too_many:
    snprintf(err, errlen, "more than %d sources or flags", FTF_EXT_MAX_ARGS);
    return -1;
}

size_t ftf_ext_init_names(char *nm_text, const char **names, size_t max)
{
    static const char init[] = "PyInit_";
    size_t n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(nm_text, " \t\n", &save); tok && n < max;
         tok = strtok_r(NULL, " \t\n", &save)) {
        if (strncmp(tok, init, sizeof init - 1) || !tok[sizeof init - 1])
            continue;
        tok[strcspn(tok, "@")] = '\0'; /* a versioned symbol: PyInit_x@@V1 */
        const char *name = tok + sizeof init - 1;
        int seen = 0;
        for (size_t i = 0; i < n && !seen; i++)
            seen = !strcmp(names[i], name);
        if (!seen)
            names[n++] = name;
    }
    return n;
}

void ftf_ext_flags_help(FILE *out)
{
    fprintf(out, "\ncompiler flags (single dash, as setup.py passes them):\n");
    for (size_t i = 0; i < N_FLAGS; i++) {
        char left[64];
        snprintf(left, sizeof left, "%s%s%s", flags[i].prefix,
                 flags[i].takes_value && *flags[i].metavar ? " " : "", flags[i].metavar);
        fprintf(out, "  %-18s %s\n", left, flags[i].help);
    }
    fprintf(out, "  %-18s %s\n", "-- FLAGS...", "passed to every compile step unchanged");
    fprintf(out, "\nSources: .c is compiled as C (clang-19), .cc .cpp .cxx .c++ .C as C++ "
                 "(clang++-19, linked with libstdc++), all with TSan and libFuzzer coverage.\n"
                 "The module's name comes from its PyInit_ function (--name when it exports "
                 "several); --name pkg.sub writes DIR/pkg/sub<EXT_SUFFIX>.\nThe result is "
                 "imported once under ftfuzz's interpreter: an undefined symbol is an error "
                 "(exit 2).\n");
}
