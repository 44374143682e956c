/* worker_log.h - the libFuzzer worker's stderr, passed through to ours and read on the way
 * for libFuzzer's status lines (edge coverage and features for the campaign's timeline). */
#ifndef FTF_WORKER_LOG_H
#define FTF_WORKER_LOG_H

#include <stddef.h>

struct ftf_worker_log {
    int fd;           /* the read end of the worker's stderr, -1 when none */
    char line[2048];  /* the line being assembled */
    size_t len;
    long long cov, ft; /* from the latest status line; -1 before the first one */
    char prefix[24];  /* put before each line passed on ("[job N] "), or empty */
};

/* Start with no worker and no numbers. job >= 0: the worker is one of several (--jobs),
 * and each line it writes is passed on whole, after "[job <job>] "; -1: passed on as it
 * comes. */
void ftf_worker_log_init(struct ftf_worker_log *w, int job);

/* Before forking a worker: a pipe; *child_fd is its write end, for the child's stderr (the
 * child dup2s it and closes the read end, w->fd, which is close-on-exec). 0, or -1 with
 * errno (the worker then keeps our stderr). */
int ftf_worker_log_open(struct ftf_worker_log *w, int *child_fd);

/* Wait up to timeout_ms for any of the n workers' output, copy what came to our stderr and
 * read its complete lines. Without a pipe, just sleeps. */
void ftf_worker_logs_pump(struct ftf_worker_log *const *w, size_t n, int timeout_ms);

/* The worker has exited: pass on what it left in the pipe and close it. Descendants that
 * still hold the write end (a fresh-run child, say) are not waited for. */
void ftf_worker_log_close(struct ftf_worker_log *w);

#endif
