/* log.h - ftfuzz's log lines: fixed prefixes (INFO:, FINDING:, MIN:, ERROR:) on stderr. */
#ifndef FTF_LOG_H
#define FTF_LOG_H

#include <stddef.h>
#include <stdio.h>

/* printf-checked, one line each, so scripts and tests can match the prefix. */
__attribute__((format(printf, 2, 3))) void ftf_log(const char *prefix, const char *fmt, ...);

/* An error message for the caller's buffer (library code returns codes and fills err;
 * only the commands print). Nothing when err is NULL or errlen 0. */
__attribute__((format(printf, 3, 4))) void ftf_set_error(char *err, size_t errlen,
                                                         const char *fmt, ...);

#define FTF_INFO(...) do { ftf_log("INFO", __VA_ARGS__); } while (0)
#define FTF_FINDING(...) do { ftf_log("FINDING", __VA_ARGS__); } while (0)
#define FTF_MIN(...) do { ftf_log("MIN", __VA_ARGS__); } while (0)
#define FTF_ERROR(...) do { ftf_log("ERROR", __VA_ARGS__); } while (0)

#endif
