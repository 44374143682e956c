/* clock.h - the one monotonic clock the campaign, the sweep and the minimiser time with. */
#ifndef FTF_CLOCK_H
#define FTF_CLOCK_H

#include <time.h>

/* Seconds on CLOCK_MONOTONIC: for deadlines and rates, never for dates. */
static inline double ftf_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
