/* test_restart_corpus.c - a worker slot's corpus directory: its name per slot, its bounded
 * sample without killers, and the moves that bring its new inputs into the corpus, or,
 * while a merge reads the corpus, into a pending directory first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"

/* The one harness/campaign module these tests need (it uses only src/): the Makefile
 * links harness/campaign/restart_corpus.c in. */
#include "campaign/restart_corpus.h"
#include "paths.h"

static char root[64];

static void put(const char *dir, const char *name, const char *bytes)
{
    write_text(dir, name, bytes);
}

static int exists(const char *dir, const char *name)
{
    char path[8600];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

static size_t files_in(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

/* root/out/corpus/T holds 20 inputs named in0..in19, each its own bytes. */
static int setup(void **state)
{
    (void)state;
    strcpy(root, "/tmp/ftfuzz-unit-rc-XXXXXX");
    assert_non_null(mkdtemp(root));
    char corpus[256];
    snprintf(corpus, sizeof corpus, "%s/out/corpus/T", root);
    assert_int_equal(ftf_mkdirs(corpus), 0);
    for (int i = 0; i < 20; i++) {
        char name[16], bytes[16];
        snprintf(name, sizeof name, "in%d", i);
        snprintf(bytes, sizeof bytes, "input %d", i);
        put(corpus, name, bytes);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(root);
    return 0;
}

static void each_slot_has_its_own_directory(void **state)
{
    (void)state;
    struct ftf_restart_corpus a, b;
    ftf_restart_corpus_init(&a, "/o", "T", 0, "/o/corpus/T", NULL, 1);
    ftf_restart_corpus_init(&b, "/o", "T", 3, "/o/corpus/T", NULL, 1);
    assert_string_equal(a.dir, "/o/corpus/.restart-T");
    assert_string_equal(b.dir, "/o/corpus/.restart-T-3");
}

static void sample_is_bounded_and_skips_killers(void **state)
{
    (void)state;
    char out[128], corpus[256];
    snprintf(out, sizeof out, "%s/out", root);
    snprintf(corpus, sizeof corpus, "%s/corpus/T", out);
    struct ftf_restart_corpus rc;
    ftf_restart_corpus_init(&rc, out, "T", 1, corpus, NULL, 7);
    assert_int_equal(ftf_restart_corpus_prepare_empty(&rc), 0);
    put(rc.dir, "stale", "left by a worker"); /* an earlier worker's, already collected */
    for (int i = 0; i < 20; i++) { /* every input but in5 killed a worker */
        char bytes[16];
        snprintf(bytes, sizeof bytes, "input %d", i);
        if (i != 5)
            ftf_restart_corpus_kill(&rc, (const uint8_t *)bytes, strlen(bytes));
    }
    assert_int_equal(ftf_restart_corpus_prepare(&rc), 1);
    assert_int_equal(files_in(rc.dir), 1);
    assert_true(exists(rc.dir, "in5"));
    ftf_restart_corpus_finish(&rc);

    ftf_restart_corpus_init(&rc, out, "T", 1, corpus, NULL, 7);
    assert_int_equal(ftf_restart_corpus_prepare(&rc), FTF_RESTART_SAMPLE);
    assert_int_equal(files_in(rc.dir), FTF_RESTART_SAMPLE);
    /* the empty preparation drops the sample: nothing of it is collected as new */
    assert_int_equal(ftf_restart_corpus_prepare_empty(&rc), 0);
    assert_int_equal(files_in(rc.dir), 0);
    assert_int_equal(ftf_restart_corpus_collect(&rc), 0);
    ftf_restart_corpus_finish(&rc);
    assert_int_equal(files_in(corpus), 20);
}

/* What a worker adds while a merge reads the corpus goes to the pending directory, and
 * from there into the corpus once the merge is over; the sample and what the corpus
 * already holds are never moved. */
static void new_inputs_wait_in_pending_during_a_merge(void **state)
{
    (void)state;
    char out[128], corpus[256], pending[256];
    snprintf(out, sizeof out, "%s/out", root);
    snprintf(corpus, sizeof corpus, "%s/corpus/T", out);
    snprintf(pending, sizeof pending, "%s.pending", corpus);
    assert_int_equal(ftf_mkdirs(pending), 0);
    struct ftf_restart_corpus rc;
    ftf_restart_corpus_init(&rc, out, "T", 2, corpus, NULL, 3);
    assert_int_equal(ftf_restart_corpus_prepare(&rc), FTF_RESTART_SAMPLE);
    put(rc.dir, "new1", "found during the merge");
    assert_int_equal(ftf_restart_corpus_collect_to(&rc, pending), 1);
    assert_true(exists(pending, "new1"));
    assert_false(exists(corpus, "new1"));
    assert_int_equal(files_in(rc.dir), FTF_RESTART_SAMPLE);
    put(pending, "in4", "input 4"); /* already in the corpus: dropped, not doubled */
    assert_int_equal(ftf_corpus_move_new(pending, corpus), 1);
    assert_true(exists(corpus, "new1"));
    assert_int_equal(files_in(pending), 0);
    assert_int_equal(files_in(corpus), 21);
    ftf_restart_corpus_finish(&rc);
    assert_int_equal(files_in(corpus), 21);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_slot_has_its_own_directory),
        cmocka_unit_test_setup_teardown(sample_is_bounded_and_skips_killers, setup, teardown),
        cmocka_unit_test_setup_teardown(new_inputs_wait_in_pending_during_a_merge, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
