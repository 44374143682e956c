/* gdb_stacks.h - what gdb's `thread apply all bt` says about a stuck process. */
#ifndef FTF_GDB_STACKS_H
#define FTF_GDB_STACKS_H

/* The innermost C frame of each thread that is running rather than waiting in libc or the
 * sanitizer runtime (the loop that never reaches a safe point), in the stack-dump format
 * observe.c signs a hang by: one "Thread running in C" block per thread. Returns a malloc'd
 * string ("" when every thread waits), or NULL on ENOMEM. */
char *ftf_gdb_running_frames(const char *gdb_text);

#endif
