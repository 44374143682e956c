/* test_extensions.c - end to end on extension shapes real packages have
 * (tests/fixtures/ext/): a module whose file and init names differ, a missing source, a C++
 * source, the flags setup.py files pass, a package whose C code is a submodule. Each is
 * built by build-ext here, into a scratch directory. Bounded by runs, fixed seeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "e2e.h"

#define FIND_RUNS 2000  /* an upper bound: --stop-on-finding ends at the first one */
#define SILENT_RUNS 600 /* the twin: several times the runs its racy module needs */
#define EXT "tests/fixtures/ext"
#define SUFFIX "$(bin/ftfuzz env | sed -n 's/^EXT_SUFFIX=//p')"

/* A campaign on module in path, into dir/out; r's output is the caller's. */
static struct e2e_result campaign(const char *module, const char *path, int runs,
                                  const char *extra, const char *dir)
{
    return e2e_run("rm -rf %s/out; bin/ftfuzz fuzz --module %s --path %s --runs %d --seed 1 "
                   "--time 0 --no-minimize %s --out %s/out", dir, module, path, runs, extra, dir);
}

static int attributed_to(const char *dir, const char *source_file)
{
    struct e2e_result r = e2e_run("grep -l '\"origin\": \"%s:' %s/out/findings/*/meta.json "
                                  "2>/dev/null | wc -l", source_file, dir);
    int n = atoi(r.output);
    free(r.output);
    return n;
}

/* renamed.c defines PyInit_fastcore: the result is fastcore<EXT_SUFFIX>, importable and
 * fuzzed as fastcore; a --name the sources do not define fails at build time, naming the
 * right one; --name pkg.fastcore writes pkg/fastcore<EXT_SUFFIX>. */
static void output_named_after_pyinit(void **s)
{
    (void)s;
    char *dir = e2e_scratch("ext");
    struct e2e_result r = e2e_run("bin/ftfuzz build-ext " EXT "/renamed.c -o %s && "
                                  "test -f %s/fastcore" SUFFIX " && ! test -e %s/renamed" SUFFIX,
                                  dir, dir, dir);
    E2E_EXPECT(r, r.status == 0);
    free(r.output);
    r = e2e_run("bin/ftfuzz build-ext " EXT "/renamed.c --name renamed -o %s/wrong", dir);
    E2E_EXPECT(r, r.status == 2 && strstr(r.output, "PyInit_fastcore") &&
                      strstr(r.output, "--name fastcore"));
    free(r.output);
    r = e2e_run("ls -A %s/wrong | grep -v '^$' | wc -l", dir);
    E2E_EXPECT(r, atoi(r.output) == 0); /* nothing left behind */
    free(r.output);
    r = e2e_run("bin/ftfuzz build-ext " EXT "/renamed.c --name pkg.fastcore -o %s && "
                "test -f %s/pkg/fastcore" SUFFIX, dir, dir);
    E2E_EXPECT(r, r.status == 0);
    free(r.output);
    r = campaign("fastcore", dir, FIND_RUNS, "--stop-on-finding", dir);
    E2E_EXPECT(r, r.status == 1 && strstr(r.output, "[renamed.c:"));
    free(r.output);
    /* By the file's name it does not import; the hint is about the module, and names no
     * flags after -- when none were given. */
    r = campaign("renamed", dir, 10, "", dir);
    E2E_EXPECT(r, r.status == 2 && strstr(r.output, "check that --module imports") &&
                      !strstr(r.output, "flags after --"));
    free(r.output);
    e2e_cleanup(dir);
}

/* split_main.c calls a function of split_helper.c: alone it links but cannot be imported,
 * so build-ext exits 2 naming the undefined symbol and writes nothing; with both it builds. */
static void missing_source_fails_at_build_time(void **s)
{
    (void)s;
    char *dir = e2e_scratch("ext");
    struct e2e_result r = e2e_run("bin/ftfuzz build-ext " EXT "/split_main.c -o %s", dir);
    E2E_EXPECT(r, r.status == 2 && strstr(r.output, "undefined symbol split_helper_next"));
    free(r.output);
    r = e2e_run("ls -A %s | wc -l", dir);
    E2E_EXPECT(r, atoi(r.output) == 0);
    free(r.output);
    r = e2e_run("bin/ftfuzz build-ext " EXT "/split_main.c " EXT "/split_helper.c -o %s && "
                "test -f %s/split" SUFFIX, dir, dir);
    E2E_EXPECT(r, r.status == 0);
    free(r.output);
    e2e_cleanup(dir);
}

/* The flags real setup.py files pass are accepted; one the compiler rejects names the
 * source that failed, not the first one. */
static void setup_py_flags_accepted(void **s)
{
    (void)s;
    char *dir = e2e_scratch("ext");
    struct e2e_result r = e2e_run("bin/ftfuzz build-ext " EXT "/renamed.c -std=c99 -U NDEBUG "
                                  "-O3 -Wall -Wno-unused-parameter -fno-strict-aliasing "
                                  "-D X=1 -o %s -- -DY=2", dir);
    E2E_EXPECT(r, r.status == 0);
    free(r.output);
    r = e2e_run("printf 'int broken(void) { return 1 }\\n' > %s/broken.cc && "
                "bin/ftfuzz build-ext " EXT "/renamed.c %s/broken.cc -o %s", dir, dir, dir);
    E2E_EXPECT(r, r.status == 2 && strstr(r.output, "compiling ") &&
                      strstr(r.output, "broken.cc failed"));
    free(r.output);
    r = e2e_run("bin/ftfuzz build-ext --help");
    const char *flags[] = {"-I DIR", "-D X", "-U X", "-std=", "-O", "-W", "-f", "-L DIR",
                           "-l LIB", "-o DIR", "--name", "-- FLAGS"};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        E2E_EXPECT(r, strstr(r.output, flags[i]) != NULL);
    free(r.output);
    e2e_cleanup(dir);
}

/* A C++ module (std::vector, exceptions: libstdc++ and __gxx_personality_v0) builds,
 * imports, and its unlocked vector is found and blamed on its own source, not on
 * libstdc++'s inlined headers; its locked twin stays silent. */
static void cxx_module_race_found(void **s)
{
    (void)s;
    char *dir = e2e_scratch("ext");
    struct e2e_result r = e2e_run("bin/ftfuzz build-ext " EXT "/cxx_tally.cpp -o %s && "
                                  "bin/ftfuzz build-ext " EXT "/cxx_tally.cpp -D TALLY_LOCKED "
                                  "-o %s", dir, dir);
    E2E_EXPECT(r, r.status == 0);
    free(r.output);
    r = campaign("cxx_tally", dir, FIND_RUNS, "--stop-on-finding", dir);
    E2E_EXPECT(r, r.status == 1 && strstr(r.output, "[cxx_tally.cpp:"));
    E2E_EXPECT(r, strstr(r.output, "[vector.tcc:") == NULL &&
                      strstr(r.output, "[stl_vector.h:") == NULL);
    free(r.output);
    r = campaign("locked_cxx_tally", dir, SILENT_RUNS, "", dir);
    E2E_EXPECT(r, strstr(r.output, "(--runs reached)") != NULL);
    E2E_EXPECT(r, attributed_to(dir, "cxx_tally.cpp") == 0);
    free(r.output);
    e2e_cleanup(dir);
}

/* --module pkg, a package whose __init__.py re-exports its C submodule's functions: they
 * are introspected, and the race in the submodule is the package's (--stop-on-finding
 * stops at it). */
static void package_submodule_race_is_the_packages(void **s)
{
    (void)s;
    char *dir = e2e_scratch("ext");
    struct e2e_result r = e2e_run("bin/ftfuzz build-ext " EXT "/pkg_core.c --name pkg._core "
                                  "-o %s && cp " EXT "/pkg/__init__.py %s/pkg/", dir, dir);
    E2E_EXPECT(r, r.status == 0);
    free(r.output);
    r = campaign("pkg", dir, FIND_RUNS, "--stop-on-finding", dir);
    E2E_EXPECT(r, strstr(r.output, "INFO: module pkg: 2 callables") != NULL);
    E2E_EXPECT(r, r.status == 1 && strstr(r.output, "stopping at the first finding") &&
                      strstr(r.output, "[pkg_core.c:"));
    E2E_EXPECT(r, attributed_to(dir, "pkg_core.c") >= 1);
    free(r.output);
    e2e_cleanup(dir);
}

/* A submodule whose init imports its package builds beside the package (the output
 * directory is on the import check's sys.path), and without it too: only an undefined
 * symbol fails the build. */
static void submodule_importing_its_package_builds(void **s)
{
    (void)s;
    char *dir = e2e_scratch("ext");
    struct e2e_result r = e2e_run(
        "bin/ftfuzz build-ext " EXT "/pkg_core.c --name pkg._core -o %s && "
        "cp " EXT "/pkg/__init__.py %s/pkg/ && "
        "bin/ftfuzz build-ext " EXT "/pkg_sibling.c --name pkg._sibling -o %s && "
        "bin/ftfuzz build-ext " EXT "/pkg_sibling.c --name pkg._sibling -o %s/alone && "
        "ls %s/pkg/_sibling" SUFFIX " %s/alone/pkg/_sibling" SUFFIX,
        dir, dir, dir, dir, dir, dir);
    E2E_EXPECT(r, r.status == 0);
    /* beside its package it imports cleanly; alone its init's ImportError is only said */
    const char *alone = strstr(r.output, "importing it alone raised");
    E2E_EXPECT(r, alone && strstr(alone, "ModuleNotFoundError") &&
                      !strstr(alone + 1, "importing it alone raised"));
    free(r.output);
    e2e_cleanup(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(output_named_after_pyinit),
        cmocka_unit_test(missing_source_fails_at_build_time),
        cmocka_unit_test(setup_py_flags_accepted),
        cmocka_unit_test(cxx_module_race_found),
        cmocka_unit_test(package_submodule_race_is_the_packages),
        cmocka_unit_test(submodule_importing_its_package_builds),
    };
    if (getenv("E2E_FILTER"))
        cmocka_set_test_filter(getenv("E2E_FILTER"));
    return cmocka_run_group_tests_name("e2e-extensions", tests, NULL, NULL);
}
