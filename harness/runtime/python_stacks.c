/* python_stacks.c - every thread's Python stack as text, through CPython's own dumper. */
#include "runtime/python_stacks.h"

#include <sys/mman.h>
#include <unistd.h>

#include "paths.h"

/* CPython's signal-safe dumper (Include/internal/pycore_traceback.h), as faulthandler
 * uses it: NULLs let it find the interpreter without attaching. Linked from the static
 * libpython. */
extern const char *_Py_DumpTracebackThreads(int fd, void *interp, void *current_tstate);

char *ftf_python_stacks(const char *label)
{
    /* The dumper writes to an fd; a memory file keeps the text off the disk. */
    int fd = memfd_create(label, MFD_CLOEXEC);
    if (fd < 0)
        return NULL;
    _Py_DumpTracebackThreads(fd, NULL, NULL);
    char *text = ftf_fd_text(fd);
    close(fd);
    return text;
}
