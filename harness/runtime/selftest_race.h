/* selftest_race.h - a deliberately racy C function: proves TSan is live and captured. */
#ifndef FTF_SELFTEST_RACE_H
#define FTF_SELFTEST_RACE_H

/* Run the racy function from two threads. Returns 0 when both threads ran. */
int ftf_selftest_race(void);

#endif
