/* report_parser.c - fuzz target: ftfuzz's own TSan report parser reads untrusted text. */
#include "worker/targets.h"
#include "report.h"

int ftf_fuzz_report_parser(const uint8_t *data, size_t size)
{
    struct ftf_report_list list;
    if (ftf_report_parse((const char *)data, size, &list) == 0)
        ftf_report_list_free(&list);
    return 0;
}
