/* cmd_stubs.c - temporary */
#include "commands.h"
#include "log.h"
#define STUB(n) int ftf_cmd_##n(struct ftf_options *o) { (void)o; FTF_ERROR("not yet"); return 2; }
STUB(minimize)
