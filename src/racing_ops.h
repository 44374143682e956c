/* racing_ops.h - the two racing ops of a finding, named the way a reader finds them in
 * repro.py: "thread 0, line 63 `S3.setdefault(...)` races with thread 1, line 78 `...`". */
#ifndef FTF_RACING_OPS_H
#define FTF_RACING_OPS_H

#include <stddef.h>

#include "program.h"
#include "render.h"

/* One side of a race: a program thread and an op index in it. */
struct ftf_op_ref {
    unsigned thread;
    unsigned op;
};

/* Write the sentence naming ops a and b of p, with their lines in p's STANDALONE rendering
 * with a pair note (repro.py as minimize writes it) and their statements' text, to buf (NUL-terminated, cut to cap). Returns 0,
 * or -1 when an op does not exist or the rendering fails (buf is then ""). */
int ftf_racing_ops_describe(const struct ftf_program *p, const struct ftf_module_desc *mod,
                            struct ftf_op_ref a, struct ftf_op_ref b, char *buf, size_t cap);

/* The pinned pair of p, described as above; -1 when p has no valid pin. */
int ftf_racing_ops_of_pin(const struct ftf_program *p, const struct ftf_module_desc *mod,
                          char *buf, size_t cap);

/* p's STANDALONE rendering with the pinned pair named in its header (see
 * ftf_render_mapped); for an unpinned p, plain ftf_render. Caller frees; NULL on failure. */
char *ftf_racing_ops_render_repro(const struct ftf_program *p,
                                  const struct ftf_module_desc *mod);

/* The program threads of a race report's two access stacks (its first ACCESS stack, then
 * its PREVIOUS one), through the TSan thread each names ("... by thread T2:"), that
 * thread's OS id ("Thread T2 (tid=10473, running) created by ..."), and threads, the run's
 * "t0=TID t1=TID ..." (struct ftf_run_result's threads). Returns 0 and sets out[0] and
 * out[1], or -1 when a stack, a thread or a tid is not found. */
struct ftf_report;
int ftf_racing_threads(const struct ftf_report *rep, const char *threads, unsigned out[2]);

/* The op of program thread t that a stack of it stands for: the pinned op when t is a side
 * of p's pin, the only op when t has one; -1 when that is not known. */
int ftf_racing_op_of_thread(const struct ftf_program *p, unsigned t);

/* The racing pair of a race report of p as program threads (thread[0]: the access stack's,
 * thread[1]: the previous access's) and their ops (op[s]: as ftf_racing_op_of_thread, else
 * the op whose statement's names the stack's nearest frames carry most; -1 when neither
 * tells). Returns 0 when both threads are known, -1 when not (not a race report, a tid the
 * run does not list, a thread outside p). */
int ftf_racing_pair_from_report(const struct ftf_program *p, const struct ftf_module_desc *mod,
                                const char *text, const char *threads, unsigned thread[2],
                                int op[2]);

/* The sentence naming the racing pair of a race report of p (text: the report's text,
 * threads: as above), the access stack's op first; -1 when not known (buf is then ""). */
int ftf_racing_ops_from_report(const struct ftf_program *p, const struct ftf_module_desc *mod,
                               const char *text, const char *threads, char *buf, size_t cap);

#endif
