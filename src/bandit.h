/* bandit.h - how a stdlib sweep shares its time between modules: a multi-armed bandit whose
 * arms earn time in proportion to the new coverage and new findings they yielded, with a
 * floor so that none starves. Pure and deterministic (no clock, no randomness). */
#ifndef FTF_BANDIT_H
#define FTF_BANDIT_H

#include <stddef.h>

#define FTF_BANDIT_MAX_ARMS 128

struct ftf_bandit_arm {
    double score;             /* decayed yield per unit of cost (edges + findings weighted) */
    double spent;             /* cost charged so far (seconds, or runs) */
    unsigned long pulls;      /* slices given */
    unsigned long runs, edges, findings; /* totals, for the status line and the summary */
};

struct ftf_bandit {
    size_t n;
    double floor;             /* part of the time shared equally (0..1) */
    struct ftf_bandit_arm arms[FTF_BANDIT_MAX_ARMS];
};

/* n arms (at most FTF_BANDIT_MAX_ARMS), floor in [0, 1]. 0, or -1 for bad arguments. */
int ftf_bandit_init(struct ftf_bandit *b, size_t n, double floor);

/* The arm's share of the time, in (0, 1]: floor/n + (1 - floor) * score / sum of scores
 * (equal shares while every score is 0). Shares sum to 1. */
double ftf_bandit_share(const struct ftf_bandit *b, size_t arm);

/* The arm to run next: one never pulled first (in order), else the one furthest behind
 * its share of the cost spent so far (ties: the lowest index). */
size_t ftf_bandit_next(const struct ftf_bandit *b);

/* Charge a slice of cost to arm, which ran runs programs and yielded new_edges new
 * coverage and new_findings new findings. */
void ftf_bandit_reward(struct ftf_bandit *b, size_t arm, double cost, unsigned long runs,
                       unsigned long new_edges, unsigned long new_findings);

#endif
