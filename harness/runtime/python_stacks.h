/* python_stacks.h - every thread's Python stack as text, safe inside a signal handler. */
#ifndef FTF_PYTHON_STACKS_H
#define FTF_PYTHON_STACKS_H

/* Text of every Python thread's stack (faulthandler's format), malloc'd; NULL when it
 * could not be taken. Works without attaching a thread state, so a crash handler or a
 * watchdog thread may call it. */
char *ftf_python_stacks(const char *label);

#endif
