/* codec.h - fuzzer bytes <-> program: decode never fails, encode round-trips. */
#ifndef FTF_CODEC_H
#define FTF_CODEC_H

#include "program.h"

/* Shape limits a campaign can impose (ftfuzz fuzz --threads N --max-iters N). Zero fields
 * mean "the built-in maximum". */
struct ftf_limits {
    uint8_t max_threads;
    uint16_t max_iters;
};

/* Decode any bytes (including none) into a valid program; deterministic. */
void ftf_decode(const uint8_t *data, size_t size, const struct ftf_limits *lim,
                struct ftf_program *out);

/* Encode a valid program into bytes that decode back to an equal program. Returns the
 * number of bytes written, or the number needed when cap is too small (nothing written). */
size_t ftf_encode(const struct ftf_program *p, uint8_t *buf, size_t cap);

#endif
