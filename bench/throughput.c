/* throughput.c - programs/s on a fixed shape (by default 4 threads x 16 ops x 50 iterations;
 * `throughput PROGRAMS THREADS ITERS` takes another, e.g. a campaign's, bench/campaign.sh)
 * against the physical limit: the same thread bodies run back to back by already-running
 * threads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec.h"
#include "runtime/harness.h"
#include "runtime/runner_calls.h"
#include "render.h"

#define OPS 16
static unsigned THREADS = 4, ITERS = 50;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A fixed-shape program: decode seeded bytes, then force 4 threads of 16 ops each by
 * repeating each thread's own ops (so every op stays valid for its object). */
static void fixed_shape(unsigned seed, struct ftf_program *p)
{
    uint8_t bytes[2048];
    srand(seed);
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (uint8_t)rand();
    struct ftf_limits lim = {.max_threads = (uint8_t)THREADS, .max_iters = (uint16_t)ITERS,
                             .has_module = 0};
    ftf_decode(bytes, sizeof bytes, &lim, p);
    p->n_threads = (uint8_t)THREADS;
    for (unsigned t = 0; t < THREADS; t++) {
        struct ftf_thread *th = &p->threads[t];
        if (th->n_ops == 0)
            *th = p->threads[0];
        for (unsigned i = th->n_ops; i < OPS; i++)
            th->ops[i] = th->ops[i % th->n_ops];
        th->n_ops = OPS;
        th->iters = (uint16_t)ITERS;
    }
}

/* Seconds for n runs of src through the harness, as a campaign runs them. */
static double ours_s(const char *src, int n)
{
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        struct ftf_run_result r;
        ftf_harness_run(src, 60, &r);
        ftf_run_result_free(&r);
    }
    return now_s() - t0;
}

static const char *limit_src; /* the program both figures run */

/* Seconds for n back-to-back executions of the same bodies (runner/bench.py's bench_limit). */
static double limit_s(int n)
{
    char err[1024];
    double s = ftf_harness_bench_limit(limit_src, n, err, sizeof err);
    if (s < 0) {
        fprintf(stderr, "bench: %s\n", err);
        exit(2);
    }
    return s;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The two are measured in alternating rounds, and the ratio is the median of the
 * rounds': measured one after the other, the second figure drifted with the process's
 * heap (the limit alone ranged 20 to 37 programs/s between runs). */
#define ROUNDS 5

int main(int argc, char **argv)
{
    int programs = argc > 1 ? atoi(argv[1]) : 200;
    if (argc > 3) {
        THREADS = (unsigned)atoi(argv[2]);
        ITERS = (unsigned)atoi(argv[3]);
        if (THREADS < 1 || THREADS > 16 || ITERS < 1 || ITERS > 60000) {
            fprintf(stderr, "usage: throughput [PROGRAMS [THREADS(1..16) ITERS(1..60000)]]\n");
            return 2;
        }
    }
    int per_round = programs / ROUNDS > 0 ? programs / ROUNDS : 1;
    char err[1024];
    if (ftf_harness_init(NULL, err, sizeof err) < 0) {
        fprintf(stderr, "bench: %s\n", err);
        return 2;
    }
    struct ftf_program p;
    fixed_shape(1, &p);
    char *src = ftf_render(&p, FTF_RENDER_HARNESS, NULL);
    limit_src = src;
    ours_s(src, 5); /* warm-up: pool threads, imports, first-use paths */
    limit_s(5);
    double ratio[ROUNDS], ours_total = 0, limit_total = 0;
    printf("shape: %d threads x %d ops x %d iterations, %d rounds of %d programs\n", THREADS,
           OPS, ITERS, ROUNDS, per_round);
    for (int k = 0; k < ROUNDS; k++) {
        double o = ours_s(src, per_round), l = limit_s(per_round);
        ours_total += o;
        limit_total += l;
        ratio[k] = o / l;
        printf("round %d: ftfuzz %.1f programs/s, limit %.1f programs/s, ratio %.2fx\n", k + 1,
               per_round / o, per_round / l, ratio[k]);
    }
    qsort(ratio, ROUNDS, sizeof ratio[0], cmp_double);
    printf("ftfuzz:         %.1f programs/s\n", ROUNDS * per_round / ours_total);
    printf("physical limit: %.1f programs/s (same bodies, already-running threads)\n",
           ROUNDS * per_round / limit_total);
    printf("ratio:          %.2fx median of %d rounds (%.2f..%.2f; target <= 1.3x)\n",
           ratio[ROUNDS / 2], ROUNDS, ratio[0], ratio[ROUNDS - 1]);

    free(src);
    return 0;
}
