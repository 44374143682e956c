/* reader.c - choices from fuzzer bytes, one byte each; never fails. */
#include "reader.h"

void ftf_reader_init(struct ftf_reader *r, const uint8_t *data, size_t size)
{
    r->data = data;
    r->size = data ? size : 0;
    r->pos = 0;
}

unsigned ftf_reader_choice(struct ftf_reader *r, unsigned n)
{
    if (n <= 1) {
        /* Still consume: every field keeps its byte, so one mutation stays local. */
        if (r->pos < r->size)
            r->pos++;
        return 0;
    }
    if (r->pos >= r->size)
        return 0;
    unsigned b = r->data[r->pos++];
    return b % (n > 256 ? 256 : n);
}

int ftf_reader_exhausted(const struct ftf_reader *r)
{
    return r->pos >= r->size;
}
