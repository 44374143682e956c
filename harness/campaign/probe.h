/* probe.h - the start-of-campaign argument probe of a module campaign, run in a child
 * ftfuzz (worker/probe_child.c) before the campaign's workers start. */
#ifndef FTF_CAMPAIGN_PROBE_H
#define FTF_CAMPAIGN_PROBE_H

#include <stddef.h>

#include "options.h"

/* Probe which argument kinds each callable of o's module accepts and seed each callable
 * with them into corpus, once per output directory (<out>/probe.txt there: done). A probe
 * that fails or outlives its time limit only loses its seeds: an INFO: line says so. */
void ftf_probe_module(const struct ftf_options *o, const char *self, const char *corpus);

/* The probe file the probe of a campaign writing into dir leaves (dir/probe.txt): what the
 * campaign's workers steer module calls by (ftf_campaign.probe). */
void ftf_probe_path(const char *dir, char *buf, size_t len);

#endif
