/* deadlines.c - the deadlines derived from --timeout (deadlines.h says which waits what). */
#include "deadlines.h"

#define FORK_PARENT_GRACE_S 30.0
#define ZYGOTE_REPLY_GRACE_S 40.0
#define STUCK_GRACE_S 10.0      /* behind the runner's own deadline */
#define STUCK_GRACE_FORK_S 45.0 /* behind the zygote's reply */
/* gdb on a TSan binary with static libpython loads its symbols in ~10 s; a stuck process
 * is worth waiting for, but not forever. */
#define GDB_S 30.0
/* After gdb: the Python stacks, the signature and the finding's few small files. */
#define STUCK_STORE_MARGIN_S 10.0
#define EXIT_MARGIN_S 5.0 /* a worker's exit, the supervisor's next look (0.1 s) */

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

double ftf_deadline_gdb(void)
{
    return GDB_S;
}

double ftf_deadline_stuck_store(void)
{
    return GDB_S + STUCK_STORE_MARGIN_S;
}

double ftf_deadline_campaign_end(long timeout)
{
    return ftf_deadline_stuck_run((double)timeout, 1) + ftf_deadline_stuck_store() + EXIT_MARGIN_S;
}
