/* test_container_seeds.c - the containers seeds cover the op table, decode, fit, and match corpus/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "container_seeds.h"
#include "ops.h"
#include "test_util.h"

/* containers.options: libFuzzer's max_len for the containers target. */
#define CONTAINERS_MAX_LEN 512

static struct ftf_program seeds[FTF_CONTAINER_SEEDS_MAX];

static size_t all_seeds(void)
{
    struct ftf_limits lim = {0};
    size_t n = ftf_container_seeds(&lim, seeds, FTF_CONTAINER_SEEDS_MAX);
    assert_true(n > 0 && n < FTF_CONTAINER_SEEDS_MAX); /* below: the cap cut nothing */
    return n;
}

/* Every op the table has for a kind runs on an object of that kind in some seed, and every
 * iterator flavour has a seed. */
static void seeds_cover_every_kind_and_op(void **state)
{
    (void)state;
    size_t n = all_seeds();
    uint8_t kinds[FTF_KINDS_MAX];
    size_t n_kinds = ftf_kinds_available(0, kinds);
    for (size_t k = 0; k < n_kinds; k++) {
        uint16_t codes[FTF_OPS_FOR_KIND_MAX];
        size_t n_codes = ftf_ops_for_kind(kinds[k], 0, codes);
        for (size_t c = 0; c < n_codes; c++) {
            int seen = 0;
            for (size_t s = 0; s < n && !seen; s++)
                for (unsigned t = 0; t < seeds[s].n_threads && !seen; t++)
                    for (unsigned i = 0; i < seeds[s].threads[t].n_ops; i++) {
                        const struct ftf_op *op = &seeds[s].threads[t].ops[i];
                        if (op->code == codes[c] && seeds[s].objs[op->obj].kind == kinds[k])
                            seen = 1;
                    }
            if (!seen)
                fail_msg("no seed runs %s on a %s", ftf_op_info(codes[c])->name,
                         ftf_kind_info(kinds[k])->label);
        }
    }
    for (unsigned f = 0; f < FTF_FLAV_NUM; f++) {
        int seen = 0;
        for (size_t s = 0; s < n; s++)
            seen |= seeds[s].objs[0].kind == FTF_K_ITER &&
                    seeds[s].objs[0].variant / FTF_ITER_VIEWS == f;
        if (!seen)
            fail_msg("no seed for iterator flavour %u", f);
    }
}

/* Each seed decodes to itself under the campaign's default limits and fits max_len
 * (libFuzzer would cut a longer one, and the cut input is another program). */
static void seeds_decode_and_fit(void **state)
{
    (void)state;
    size_t n = all_seeds();
    struct ftf_limits campaign = {.max_threads = 16, .max_iters = 200};
    for (size_t s = 0; s < n; s++) {
        uint8_t buf[FTF_ENCODED_MAX + 64];
        size_t len = ftf_encode(&seeds[s], buf, sizeof buf);
        assert_true(len <= CONTAINERS_MAX_LEN);
        assert_true(ftf_decodable(&seeds[s], &campaign));
        assert_int_equal(seeds[s].has_module, 0);
    }
}

/* corpus/containers and corpus/decoder hold exactly the seeds the table gives now. */
static void checked_in_corpus_is_current(void **state)
{
    (void)state;
    size_t n = all_seeds();
    const char *dirs[] = {"corpus/containers", "corpus/decoder"};
    for (size_t d = 0; d < 2; d++) {
        DIR *dir = opendir(dirs[d]);
        if (!dir)
            fail_msg("%s: missing (run: make seeds, from the repository root)", dirs[d]);
        for (struct dirent *e; (e = readdir(dir));) {
            unsigned idx;
            if (sscanf(e->d_name, "seed-containers-%u", &idx) == 1 && idx >= n)
                fail_msg("%s/%s: left from an older op table (run: make seeds)", dirs[d],
                         e->d_name);
        }
        closedir(dir);
        for (size_t s = 0; s < n; s++) {
            char path[256];
            snprintf(path, sizeof path, "%s/seed-containers-%02zu", dirs[d], s);
            FILE *f = fopen(path, "rb");
            if (!f)
                fail_msg("%s: missing (run: make seeds, from the repository root)", path);
            uint8_t want[FTF_ENCODED_MAX + 64], got[FTF_ENCODED_MAX + 64];
            size_t want_len = ftf_encode(&seeds[s], want, sizeof want);
            size_t got_len = fread(got, 1, sizeof got, f);
            fclose(f);
            if (got_len != want_len || memcmp(got, want, want_len) != 0)
                fail_msg("%s: differs from the op table's seed (run: make seeds)", path);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seeds_cover_every_kind_and_op),
        cmocka_unit_test(seeds_decode_and_fit),
        cmocka_unit_test(checked_in_corpus_is_current),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
