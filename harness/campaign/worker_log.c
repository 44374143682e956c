/* worker_log.c - tee the worker's stderr to ours, reading libFuzzer's status lines. */
#include "campaign/worker_log.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "timeline.h"

void ftf_worker_log_init(struct ftf_worker_log *w, int job)
{
    w->fd = -1;
    w->len = 0;
    w->cov = w->ft = -1;
    w->prefix[0] = '\0';
    if (job >= 0)
        snprintf(w->prefix, sizeof w->prefix, "[job %d] ", job);
}

int ftf_worker_log_open(struct ftf_worker_log *w, int *child_fd)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0)
        return -1;
    /* Non-blocking reads, so the supervisor's loop never waits on a quiet worker. */
    fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
    w->fd = p[0];
    w->len = 0;
    *child_fd = p[1];
    return 0;
}

static void write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, buf, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return; /* our stderr is gone: the worker's lines are lost, the campaign goes on */
        buf += k;
        n -= (size_t)k;
    }
}

/* One line is complete (or fills the buffer): several workers' lines are passed on whole,
 * each after its worker's prefix, so that they never interleave mid-line. */
static void take_line(struct ftf_worker_log *w)
{
    w->line[w->len] = '\0';
    if (w->prefix[0]) {
        write_all(STDERR_FILENO, w->prefix, strlen(w->prefix));
        write_all(STDERR_FILENO, w->line, w->len);
        write_all(STDERR_FILENO, "\n", 1);
    }
    long long cov, ft;
    if (ftf_libfuzzer_status_parse(w->line, &cov, &ft) == 0) {
        w->cov = cov;
        if (ft >= 0)
            w->ft = ft;
    }
    w->len = 0;
}

/* Read what is there now. 1 at end of file, 0 otherwise. */
static int drain(struct ftf_worker_log *w)
{
    char buf[8192];
    for (;;) {
        ssize_t n = read(w->fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n == 0;
        if (!w->prefix[0])
            write_all(STDERR_FILENO, buf, (size_t)n);
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] == '\n') {
                take_line(w);
            } else if (w->len < sizeof w->line - 1) {
                w->line[w->len++] = buf[i];
            } else if (w->prefix[0]) {
                take_line(w); /* an overlong line passes on in pieces */
                w->line[w->len++] = buf[i];
            }
        }
    }
}

void ftf_worker_logs_pump(struct ftf_worker_log *const *w, size_t n, int timeout_ms)
{
    struct pollfd p[64];
    struct ftf_worker_log *of[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof p / sizeof p[0]; i++)
        if (w[i]->fd >= 0) {
            p[k] = (struct pollfd){.fd = w[i]->fd, .events = POLLIN};
            of[k++] = w[i];
        }
    if (k == 0) {
        usleep((useconds_t)timeout_ms * 1000);
        return;
    }
    if (poll(p, k, timeout_ms) <= 0)
        return;
    for (size_t i = 0; i < k; i++)
        if (p[i].revents && drain(of[i])) {
            /* End of file: every writer is gone; wait out the interval like a sleep would. */
            close(of[i]->fd);
            of[i]->fd = -1;
        }
}

void ftf_worker_log_close(struct ftf_worker_log *w)
{
    if (w->fd < 0)
        return;
    drain(w);
    if (w->len)
        take_line(w);
    close(w->fd);
    w->fd = -1;
}
