/* targets.c - the table of fuzz targets built into bin/ftfuzz. */
#include "worker/targets.h"

#include <string.h>

static const struct {
    const char *name;
    ftf_fuzz_cb cb;
} targets[] = {
    {"containers", ftf_fuzz_containers},
    {"report-parser", ftf_fuzz_report_parser},
    {"decoder", ftf_fuzz_decoder},
};

ftf_fuzz_cb ftf_fuzz_target_lookup(const char *name)
{
    for (size_t i = 0; name && i < sizeof targets / sizeof targets[0]; i++)
        if (!strcmp(targets[i].name, name))
            return targets[i].cb;
    return NULL;
}

const char *ftf_fuzz_target_names(void)
{
    return "containers, report-parser, decoder";
}
