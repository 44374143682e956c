/* run_result.c - release a run's result. */
#include "run_result.h"

#include <stdlib.h>
#include <string.h>

void ftf_run_result_free(struct ftf_run_result *r)
{
    free(r->tsan_text);
    free(r->errors);
    free(r->violations);
    free(r->stacks);
    free(r->threads);
    memset(r, 0, sizeof *r);
}
