/* targets.h - the fuzz targets built into bin/ftfuzz, by name. */
#ifndef FTF_WORKER_TARGETS_H
#define FTF_WORKER_TARGETS_H

#include <stddef.h>
#include <stdint.h>

typedef int (*ftf_fuzz_cb)(const uint8_t *data, size_t size);

/* The libFuzzer callback of target `name` (containers, report-parser, decoder), or NULL. */
ftf_fuzz_cb ftf_fuzz_target_lookup(const char *name);

/* Comma-separated target names, for messages. */
const char *ftf_fuzz_target_names(void);

/* Target entry points (one per file in fuzz/). */
int ftf_fuzz_containers(const uint8_t *data, size_t size);
int ftf_fuzz_report_parser(const uint8_t *data, size_t size);
int ftf_fuzz_decoder(const uint8_t *data, size_t size);

#endif
