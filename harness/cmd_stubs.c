/* cmd_stubs.c - temporary */
#include "commands.h"
#include "log.h"
#define STUB(n) int ftf_cmd_##n(struct ftf_options *o) { (void)o; FTF_ERROR("not yet"); return 2; }
STUB(repro) STUB(minimize) STUB(triage)
#include <stdio.h>
#include "findings_stats.h"
int ftf_findings_stats(const char *o, struct ftf_findings_stats *s) { (void)o; s->unique = 0; s->total = 0; s->newest_first_seen = 0; return 0; }
void ftf_print_findings_table(const char *o, FILE *f) { (void)o; (void)f; }
