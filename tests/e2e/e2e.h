/* e2e.h - helpers for end-to-end tests: run a shell command, capture its output and status. */
#ifndef FTF_E2E_H
#define FTF_E2E_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

struct e2e_result {
    int status;   /* exit code, or 128+signal */
    char *output; /* stdout and stderr together, NUL-terminated (caller frees) */
};

/* Run `sh -c CMD` (printf-formatted) from the repository root, 2>&1 captured. */
__attribute__((format(printf, 1, 2))) static inline struct e2e_result e2e_run(const char *fmt, ...)
{
    char cmd[8192], full[8400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    const char *repo = getenv("FTFUZZ_REPO");
    snprintf(full, sizeof full, "cd '%s' && ( %s ) 2>&1", repo ? repo : ".", cmd);
    struct e2e_result r = {0, NULL};
    FILE *p = popen(full, "r");
    size_t len = 0, cap = 0;
    char buf[4096];
    size_t n;
    while (p && (n = fread(buf, 1, sizeof buf, p)) > 0) {
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            r.output = realloc(r.output, cap);
        }
        memcpy(r.output + len, buf, n);
        len += n;
    }
    if (!r.output)
        r.output = calloc(1, 1);
    else
        r.output[len] = '\0';
    int st = p ? pclose(p) : -1;
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    return r;
}

/* Print the output when an assertion is about to fail, so CI logs show why. */
#define E2E_EXPECT(r, cond)                                                                 \
    do {                                                                                    \
        if (!(cond))                                                                        \
            fprintf(stderr, "---- output (status %d) ----\n%s\n----\n", (r).status,        \
                    (r).output);                                                            \
        assert_true(cond);                                                                  \
    } while (0)

/* A fresh scratch directory /tmp/ftfuzz-e2e-TAG-XXXXXX (caller frees, or e2e_cleanup). */
static inline char *e2e_scratch(const char *tag)
{
    char tmpl[256];
    snprintf(tmpl, sizeof tmpl, "/tmp/ftfuzz-e2e-%s-XXXXXX", tag);
    char *dir = strdup(tmpl);
    if (!dir || !mkdtemp(dir)) {
        fprintf(stderr, "e2e: cannot make %s\n", tmpl);
        abort();
    }
    return dir;
}

/* No process is left whose command line names path (a campaign's output directory: the
 * supervisor, its workers in their corpus and artifact paths, a forked child as its
 * worker); SIGKILL from a parent's death lands within moments, so look for 5 s. ("[/]"
 * before path without its leading "/" keeps the pattern from matching this shell's own
 * command line.) */
static inline void e2e_expect_no_process_naming(const char *path)
{
    struct e2e_result left = e2e_run("for i in $(seq 50); do pgrep -af -- '[/]%s' || exit 0; "
                                     "sleep 0.1; done; exit 1", path + (path[0] == '/'));
    E2E_EXPECT(left, left.status == 0);
    free(left.output);
}

/* Remove a scratch directory and free its name. */
static inline void e2e_cleanup(char *dir)
{
    struct e2e_result r = e2e_run("rm -rf %s", dir);
    free(r.output);
    free(dir);
}

#endif
