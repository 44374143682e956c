/* codec.h - fuzzer bytes <-> program: decode never fails, encode round-trips. */
#ifndef FTF_CODEC_H
#define FTF_CODEC_H

#include "program.h"

/* Shape limits a campaign can impose (ftfuzz fuzz --threads N --max-iters N). Zero fields
 * mean "the built-in maximum"; a NULL limits pointer means all zero. */
struct ftf_limits {
    uint8_t max_threads; /* clamped to FTF_MIN_THREADS..FTF_MAX_THREADS */
    uint16_t max_iters;  /* iteration ladder entries above it are not used */
    uint8_t has_module;  /* a user's module is present: MODOBJ and module ops may occur */
};

/* Bytes an encoded program can take at most. */
#define FTF_ENCODED_MAX (2 + 3 * FTF_MAX_OBJS + FTF_MAX_THREADS * (2 + 7 * FTF_MAX_OPS) + 6)

/* Decode any bytes (including none) into a valid program; deterministic. Layout, one byte
 * per choice (value modulo its range): n_threads, n_objs; per object kind, variant,
 * source; per thread iters (ladder index), n_ops, then per op obj, op (index into the
 * target kind's op list), obj2 (index into the objects whose kind the row accepts), arg,
 * arg2, sched, sched_arg; then the pin (program.h): on (7 of 0..7), side 0's thread and op,
 * side 1's thread offset (1 + byte) and op, every iteration or not. Fields a row does not use still take their
 * byte and are 0.
 * Threads that start after the last byte copy the threads decoded before them, in turn.
 * Op k's op byte is offset by k * 97 (modulo its list), so a run of equal bytes decodes to
 * different ops on one object rather than one op repeated. */
void ftf_decode(const uint8_t *data, size_t size, const struct ftf_limits *lim,
                struct ftf_program *out);

/* Encode a decoded program into bytes that decode back to an equal program (under the same
 * limits). Returns the number of bytes written, or the number needed when cap is too small
 * (nothing written). Values a decoder cannot produce are written modulo their range. */
size_t ftf_encode(const struct ftf_program *p, uint8_t *buf, size_t cap);

/* 1 when p is a program the decoder can produce under lim: encode, decode, compare (a
 * hand-built or minimised program that is not would change on its way through a corpus). */
int ftf_decodable(const struct ftf_program *p, const struct ftf_limits *lim);

/* The iteration ladder: thread loop counts a program can have, ascending. */
size_t ftf_iters_ladder(const uint16_t **out);

/* The longest loop on the ladder that lim allows, up to cap (the ladder's first rung when
 * none is that short): what seed programs ask for. */
uint16_t ftf_iters_at_most(const struct ftf_limits *lim, unsigned cap);

#endif
