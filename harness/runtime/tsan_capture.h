/* tsan_capture.h - capture every TSan report whole, through the report hook and a memfd. */
#ifndef FTF_TSAN_CAPTURE_H
#define FTF_TSAN_CAPTURE_H

#include <stddef.h>

/* Point TSan's report output at an anonymous memory file. Returns 0, or -1 (errno). */
int ftf_tsan_capture_init(void);

/* Number of non-suppressed reports so far (bumped by __tsan_on_report). */
unsigned ftf_tsan_report_count(void);

/* Text TSan wrote since the previous call, as a malloc'd NUL-terminated string in *text
 * (caller frees; "" when nothing), and start the file over. Returns 0, or -1 (errno).
 * Between runs, and in a crash's handler (its worker ends right after). */
int ftf_tsan_take(char **text, size_t *len);

/* The same, during a run: only the whole reports written so far (a report being written
 * stays for the next take), and the file is not started over. */
int ftf_tsan_take_complete(char **text, size_t *len);

/* In a forked child: keep TSan's reports going to the inherited capture file. */
void ftf_tsan_capture_after_fork(void);

#endif
