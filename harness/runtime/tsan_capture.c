/* tsan_capture.c - TSan options, the report hook, and the memfd that receives reports. */
#include "runtime/tsan_capture.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sanitizer/common_interface_defs.h>

#include "report.h"

#ifndef FTF_SUPPRESSIONS
#error "FTF_SUPPRESSIONS must name the CPython build's TSan suppressions file"
#endif
#ifndef FTF_SYMBOLIZER
#error "FTF_SYMBOLIZER must name llvm-symbolizer"
#endif

const char *__tsan_default_options(void);
void __tsan_on_report(void *report);

/* TSan reads these before main; TSAN_OPTIONS from the environment still overrides them.
 * die_after_fork=0: the fork isolation starts new threads in its children.
 * atexit_sleep_ms=0: TSan otherwise sleeps a second in every exiting (forked) process.
 * halt_on_error stays 0: with libFuzzer it deadlocked (TSan's Die() runs libFuzzer's death
 * callback under TSan's report lock). exitcode=0: ftfuzz decides its own exit status.
 * report_signal_unsafe=0: the crash path calls non-async-signal-safe code on purpose. */
const char *__tsan_default_options(void)
{
    return "suppressions=" FTF_SUPPRESSIONS ":external_symbolizer_path=" FTF_SYMBOLIZER
           ":halt_on_error=0:exitcode=0:report_signal_unsafe=0:second_deadlock_stack=1"
           ":die_after_fork=0:atexit_sleep_ms=0";
}

static atomic_uint n_reports;

/* Called by TSan after each report it does not suppress, while it holds its report lock:
 * do nothing here but count, and carry no instrumentation at all. Even the function entry
 * hook alone can switch TSan's trace part, which waits for a slot lock that another thread
 * holds while it waits for the report lock: a deadlock, seen in forked runs. */
__attribute__((disable_sanitizer_instrumentation)) void __tsan_on_report(void *report)
{
    (void)report;
    atomic_fetch_add_explicit(&n_reports, 1, memory_order_relaxed);
}

static int capture_fd = -1;
static off_t taken;

int ftf_tsan_capture_init(void)
{
    if (capture_fd >= 0)
        return 0;
    capture_fd = memfd_create("ftfuzz-tsan-reports", MFD_CLOEXEC);
    if (capture_fd < 0)
        return -1;
    __sanitizer_set_report_fd((void *)(intptr_t)capture_fd);
    return 0;
}

void ftf_tsan_capture_after_fork(void)
{
    if (capture_fd >= 0)
        __sanitizer_set_report_fd((void *)(intptr_t)capture_fd);
}

unsigned ftf_tsan_report_count(void)
{
    return atomic_load_explicit(&n_reports, memory_order_relaxed);
}

/* The engine takes after a run, the watchdog during one (ftf_tsan_take_complete). */
static pthread_mutex_t take_lock = PTHREAD_MUTEX_INITIALIZER;

/* The text past `taken`, malloc'd, into *text and *len; the caller holds take_lock. */
static int read_pending(char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    struct stat sb;
    if (capture_fd < 0 || fstat(capture_fd, &sb) < 0)
        return -1;
    size_t n = sb.st_size > taken ? (size_t)(sb.st_size - taken) : 0;
    char *buf = malloc(n + 1);
    if (!buf)
        return -1;
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(capture_fd, buf + got, n - got, taken + (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    buf[got] = '\0';
    *text = buf;
    *len = got;
    return 0;
}

int ftf_tsan_take(char **text, size_t *len)
{
    pthread_mutex_lock(&take_lock);
    int rc = read_pending(text, len);
    if (rc == 0) {
        taken += (off_t)*len;
        /* Start the file over so a long campaign's memory stays flat. TSan writes at the
         * fd's shared offset, so rewinding it is enough; callers take only between
         * programs. */
        if (ftruncate(capture_fd, 0) == 0 && lseek(capture_fd, 0, SEEK_SET) == 0)
            taken = 0;
    }
    pthread_mutex_unlock(&take_lock);
    return rc;
}

int ftf_tsan_take_complete(char **text, size_t *len)
{
    pthread_mutex_lock(&take_lock);
    int rc = read_pending(text, len);
    if (rc == 0) {
        *len = ftf_report_whole_prefix(*text, *len);
        (*text)[*len] = '\0';
        taken += (off_t)*len; /* no rewind: the run's threads may be writing */
    }
    pthread_mutex_unlock(&take_lock);
    return rc;
}
