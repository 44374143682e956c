/* log.c - write one prefixed log line to stderr in a single write, so lines from parallel
 * workers never interleave mid-line. */
#include "log.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

void ftf_log(const char *prefix, const char *fmt, ...)
{
    char line[4096];
    int n = snprintf(line, sizeof line, "%s: ", prefix);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
    if (len > sizeof line - 2)
        len = sizeof line - 2;
    line[len++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, len);
    (void)w;
}

void ftf_set_error(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}
