/* bandit.c - the sweep's time shares: yield-proportional with an equal floor (bandit.h). */
#include "bandit.h"

#include <string.h>

/* A new finding is worth this many new edges: findings are what the user reads. */
#define FINDING_WEIGHT 50.0
/* Weight of the newest slice in an arm's score: modules dry up, so old yield fades. */
#define NEWEST_WEIGHT 0.5

int ftf_bandit_init(struct ftf_bandit *b, size_t n, double floor)
{
    if (!b || n == 0 || n > FTF_BANDIT_MAX_ARMS || floor < 0.0 || floor > 1.0)
        return -1;
    memset(b, 0, sizeof *b);
    b->n = n;
    b->floor = floor;
    return 0;
}

double ftf_bandit_share(const struct ftf_bandit *b, size_t arm)
{
    double sum = 0.0;
    for (size_t i = 0; i < b->n; i++)
        sum += b->arms[i].score;
    double equal = 1.0 / (double)b->n;
    if (sum <= 0.0)
        return equal;
    return b->floor * equal + (1.0 - b->floor) * b->arms[arm].score / sum;
}

size_t ftf_bandit_next(const struct ftf_bandit *b)
{
    double total = 0.0;
    for (size_t i = 0; i < b->n; i++) {
        if (b->arms[i].pulls == 0)
            return i;
        total += b->arms[i].spent;
    }
    size_t best = 0;
    double best_lag = -1e300;
    for (size_t i = 0; i < b->n; i++) {
        double lag = ftf_bandit_share(b, i) * total - b->arms[i].spent;
        if (lag > best_lag) {
            best_lag = lag;
            best = i;
        }
    }
    return best;
}

void ftf_bandit_reward(struct ftf_bandit *b, size_t arm, double cost, unsigned long runs,
                       unsigned long new_edges, unsigned long new_findings)
{
    if (arm >= b->n)
        return;
    struct ftf_bandit_arm *a = &b->arms[arm];
    double yield = cost > 0.0
        ? ((double)new_edges + FINDING_WEIGHT * (double)new_findings) / cost : 0.0;
    a->score = a->pulls == 0 ? yield : (1.0 - NEWEST_WEIGHT) * a->score + NEWEST_WEIGHT * yield;
    a->spent += cost;
    a->pulls++;
    a->runs += runs;
    a->edges += new_edges;
    a->findings += new_findings;
}
