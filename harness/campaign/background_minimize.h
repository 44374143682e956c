/* background_minimize.h - minimise a campaign's new findings beside the search. */
#ifndef FTF_BACKGROUND_MINIMIZE_H
#define FTF_BACKGROUND_MINIMIZE_H

/* Called every few seconds by the supervisor: when no minimiser runs, start
 * `self minimize DIR` on one finding of out_dir not yet minimised nor tried. */
void ftf_background_minimize(const char *out_dir, const char *self);

/* End the minimiser in flight, if any, and wait for it. */
void ftf_background_minimize_stop(void);

#endif
