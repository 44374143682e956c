/* test_cache_key.c - the CPython build cache key: stable, and sensitive to every input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache_key.h"
#include "test_util.h"

static char root[64];

static void put(const char *rel, const char *text)
{
    write_text(root, rel, text);
}

static uint64_t tree_hash(void)
{
    uint64_t h = 0;
    assert_int_equal(ftf_source_hash(root, &h), 0);
    return h;
}

static int setup(void **state)
{
    (void)state;
    strcpy(root, "/tmp/ftf-cachekey-XXXXXX");
    if (!mkdtemp(root))
        return -1;
    char p[256];
    snprintf(p, sizeof p, "%s/Include", root);
    mkdir(p, 0755);
    put("configure", "#!/bin/sh\n");
    put("Include/patchlevel.h", "#define PY_VERSION \"3.13.15\"\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", root);
    return system(cmd);
}

static void tree_hash_is_stable_and_content_sensitive(void **state)
{
    (void)state;
    uint64_t a = tree_hash(), b = tree_hash();
    assert_int_equal(a, b);
    put("configure", "#!/bin/sh\nexit 0\n");
    assert_int_not_equal(tree_hash(), a);
}

static void tree_hash_sees_renames_and_skips_git(void **state)
{
    (void)state;
    uint64_t a = tree_hash();
    char from[256], to[256];
    snprintf(from, sizeof from, "%s/configure", root);
    snprintf(to, sizeof to, "%s/configure2", root);
    assert_int_equal(rename(from, to), 0);
    uint64_t renamed = tree_hash();
    assert_int_not_equal(renamed, a);
    snprintf(from, sizeof from, "%s/.git", root);
    mkdir(from, 0755);
    put(".git/HEAD", "ref: refs/heads/main\n");
    assert_int_equal(tree_hash(), renamed);
}

static void file_hash_is_of_bytes(void **state)
{
    (void)state;
    put("a.tar", "tarball bytes");
    put("b.tar", "tarball bytes");
    char pa[256], pb[256];
    snprintf(pa, sizeof pa, "%s/a.tar", root);
    snprintf(pb, sizeof pb, "%s/b.tar", root);
    uint64_t ha, hb;
    assert_int_equal(ftf_source_hash(pa, &ha), 0);
    assert_int_equal(ftf_source_hash(pb, &hb), 0);
    assert_int_equal(ha, hb);
}

static void missing_source_is_an_error(void **state)
{
    (void)state;
    uint64_t h;
    assert_int_equal(ftf_source_hash("/nonexistent/ftfuzz", &h), -1);
    assert_int_equal(errno, ENOENT);
}

static void key_depends_on_every_input_and_order(void **state)
{
    (void)state;
    const char *ab[] = {"--disable-gil", "clang 19"};
    const char *ba[] = {"clang 19", "--disable-gil"};
    const char *joined[] = {"--disable-gilclang 19"};
    uint64_t k = ftf_cache_key(1, ab, 2);
    assert_int_equal(k, ftf_cache_key(1, ab, 2));
    assert_int_not_equal(k, ftf_cache_key(2, ab, 2));
    assert_int_not_equal(k, ftf_cache_key(1, ba, 2));
    assert_int_not_equal(k, ftf_cache_key(1, joined, 1));
    assert_int_not_equal(k, ftf_cache_key(1, ab, 1));
    char hex[17];
    ftf_key_hex(0xabcULL, hex);
    assert_string_equal(hex, "0000000000000abc");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(tree_hash_is_stable_and_content_sensitive, setup, teardown),
        cmocka_unit_test_setup_teardown(tree_hash_sees_renames_and_skips_git, setup, teardown),
        cmocka_unit_test_setup_teardown(file_hash_is_of_bytes, setup, teardown),
        cmocka_unit_test(missing_source_is_an_error),
        cmocka_unit_test(key_depends_on_every_input_and_order),
    };
    return cmocka_run_group_tests_name("cache_key", tests, NULL, NULL);
}
