/* deadlines.c - the deadlines derived from --timeout (deadlines.h says which waits what). */
#include "deadlines.h"

#define FORK_PARENT_GRACE_S 30.0
#define ZYGOTE_REPLY_GRACE_S 40.0
#define STUCK_GRACE_S 10.0      /* behind the runner's own deadline */
#define STUCK_GRACE_FORK_S 45.0 /* behind the zygote's reply */

double ftf_deadline_run(double timeout)
{
    return timeout;
}

double ftf_deadline_fork_parent(double timeout)
{
    return timeout + FORK_PARENT_GRACE_S;
}

double ftf_deadline_zygote_reply(double timeout)
{
    return timeout + ZYGOTE_REPLY_GRACE_S;
}

double ftf_deadline_stuck_run(double timeout, int forks)
{
    return timeout + (forks ? STUCK_GRACE_FORK_S : STUCK_GRACE_S);
}

long ftf_deadline_libfuzzer(long timeout)
{
    return timeout * 3 + 60;
}

double ftf_deadline_no_progress(long timeout)
{
    return (double)(4 * timeout + 90);
}
