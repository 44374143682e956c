/* reader.h - choices from fuzzer bytes, one byte each; never fails (like FuzzedDataProvider). */
#ifndef FTF_READER_H
#define FTF_READER_H

#include <stddef.h>
#include <stdint.h>

/* A cursor over caller-owned bytes; nothing to free. */
struct ftf_reader {
    const uint8_t *data;
    size_t size;
    size_t pos;
};

void ftf_reader_init(struct ftf_reader *r, const uint8_t *data, size_t size);

/* Consume one byte and return it modulo n (n in 1..256; 0 is treated as 1). Once the bytes
 * are exhausted every choice is 0, so a short input decodes to the smallest program. The
 * byte value v < n maps back to itself, which is what makes encoding exact. */
unsigned ftf_reader_choice(struct ftf_reader *r, unsigned n);

/* 1 when every byte has been consumed. */
int ftf_reader_exhausted(const struct ftf_reader *r);

#endif
