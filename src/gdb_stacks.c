/* gdb_stacks.c - the running threads' innermost C frames, read off gdb's backtraces. */
#include "gdb_stacks.h"

#include <string.h>

#include "strbuf.h"

/* A gdb "#0" line's function name, into name; 0 when the line has none. Lines look like
 * "#0  0x00007f... in futex_wait (...) at file.c:12" or "#0  spin (n=3) at loop.c:5". */
static int frame_function(const char *line, char *name, size_t len)
{
    const char *p = line + 2;
    while (*p == ' ')
        p++;
    const char *in = strstr(p, " in ");
    if (!strncmp(p, "0x", 2) && in)
        p = in + 4;
    size_t n = strcspn(p, " (\n");
    if (n == 0 || n >= len)
        return 0;
    memcpy(name, p, n);
    name[n] = '\0';
    return 1;
}

/* A thread parked in libc or the sanitizer runtime (futex, sleep, wait4, ...) is waiting,
 * not stuck in a loop of its own. */
static int is_waiting(const char *fn)
{
    return !strncmp(fn, "__", 2) || strstr(fn, "wait") || strstr(fn, "sleep") ||
           strstr(fn, "poll") || strstr(fn, "select") || !strcmp(fn, "syscall");
}

char *ftf_gdb_running_frames(const char *gdb_text)
{
    struct ftf_sb out = {0};
    for (const char *line = gdb_text; line && *line;
         line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        char fn[256];
        if (strncmp(line, "#0 ", 3) || !frame_function(line, fn, sizeof fn) || is_waiting(fn))
            continue;
        ftf_sb_printf(&out,
                      "Thread running in C (most recent call first):\n"
                      "  File \"<C>\", line 0 in %s\n",
                      fn);
    }
    return ftf_sb_take(&out);
}
