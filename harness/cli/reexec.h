/* reexec.h - run ftfuzz again with the TSan options replays need, and ASLR off. */
#ifndef FTF_REEXEC_H
#define FTF_REEXEC_H

/* TSan prints a race once per stack pair and reads its options only at start: replaying
 * a program N times in one process needs every occurrence printed. */
#define FTF_REPLAY_TSAN_FLAGS "suppress_equal_stacks=0:suppress_equal_addresses=0"

/* Re-execute this process with FTF_REPLAY_TSAN_FLAGS before the user's TSAN_OPTIONS and a
 * fixed address layout; 0 when already re-executed, -1 after an ERROR: line. */
int ftf_reexec_for_replay(void);

#endif
