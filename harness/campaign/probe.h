/* probe.h - the start-of-campaign argument probe of a module campaign, run in a child
 * ftfuzz (worker/probe_child.c) before the campaign's workers start. */
#ifndef FTF_CAMPAIGN_PROBE_H
#define FTF_CAMPAIGN_PROBE_H

#include <stddef.h>

#include "options.h"
#include "worker/probe_child.h"

/* Seconds a campaign's probe may take in all, over its attempts: the import plus
 * FTF_PROBE_BUDGET for the calls, with a margin. */
#define FTF_PROBE_LIMIT_S (FTF_PROBE_BUDGET + 60.0)

/* Probe which argument kinds each callable of o's module accepts and seed each callable
 * with them into corpus, once per probe directory dir (probe.txt, probe.log and
 * probe.journal there; probe.txt: done), within limit seconds (a third of them, at most
 * FTF_PROBE_BUDGET, for the calls). A probe that fails or outlives its limit only loses
 * its seeds: an INFO: line says so. */
void ftf_probe_module(const struct ftf_options *o, const char *self, const char *corpus,
                      const char *dir, double limit);

/* The probe file the probe of a campaign writing into dir leaves (dir/probe.txt): what the
 * campaign's workers steer module calls by (ftf_campaign.probe). */
void ftf_probe_path(const char *dir, char *buf, size_t len);

#endif
