/* throughput.c - programs/s on a fixed shape (4 threads x 16 ops x 50 iterations) against
 * the physical limit: the same thread bodies run back to back by already-running threads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec.h"
#include "harness.h"
#include "render.h"

#define THREADS 4
#define OPS 16
#define ITERS 50

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
    struct ftf_limits lim = {.max_threads = THREADS, .max_iters = ITERS, .has_module = 0};
    ftf_decode(bytes, sizeof bytes, &lim, p);
    p->n_threads = THREADS;
    for (unsigned t = 0; t < THREADS; t++) {
        struct ftf_thread *th = &p->threads[t];
        if (th->n_ops == 0)
            *th = p->threads[0];
        for (unsigned i = th->n_ops; i < OPS; i++)
            th->ops[i] = th->ops[i % th->n_ops];
        th->n_ops = OPS;
        th->iters = ITERS;
    }
}

int main(int argc, char **argv)
{
    int programs = argc > 1 ? atoi(argv[1]) : 200;
    char err[1024];
    if (ftf_harness_init(NULL, err, sizeof err) < 0) {
        fprintf(stderr, "bench: %s\n", err);
        return 2;
    }
    struct ftf_program p;
    fixed_shape(1, &p);
    char *src = ftf_render(&p, FTF_RENDER_HARNESS, NULL);
    /* warm-up: pool threads, imports, first-use paths */
    for (int i = 0; i < 5; i++) {
        struct ftf_run_result r;
        ftf_harness_run(src, 60, &r);
        ftf_run_result_free(&r);
    }
    double t0 = now_s();
    for (int i = 0; i < programs; i++) {
        struct ftf_run_result r;
        ftf_harness_run(src, 60, &r);
        ftf_run_result_free(&r);
    }
    double ours = programs / (now_s() - t0);

    char expr[64];
    snprintf(expr, sizeof expr, "bench_limit(SRC, %d)", programs);
    char *set = malloc(strlen(src) * 2 + 64);
    char *q = set + sprintf(set, "SRC = ");
    /* repr-safe: the rendered text has no triple quotes of this kind */
    q += sprintf(q, "r'''%s'''", src);
    if (ftf_harness_exec(set, err, sizeof err) < 0) {
        fprintf(stderr, "bench: %s\n", err);
        return 2;
    }
    char *secs = ftf_harness_eval(expr, err, sizeof err);
    if (!secs) {
        fprintf(stderr, "bench: %s\n", err);
        return 2;
    }
    double limit = programs / atof(secs);
    printf("shape: %d threads x %d ops x %d iterations, %d programs\n", THREADS, OPS, ITERS,
           programs);
    printf("ftfuzz:         %.1f programs/s\n", ours);
    printf("physical limit: %.1f programs/s (same bodies, already-running threads)\n", limit);
    printf("ratio:          %.2fx (target <= 1.3x)\n", limit / ours);
    free(secs);
    free(set);
    free(src);
    return 0;
}
