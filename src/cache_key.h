/* cache_key.h - the cache key of a CPython build: XXH3-64 of its source and build inputs. */
#ifndef FTF_CACHE_KEY_H
#define FTF_CACHE_KEY_H

#include <stdint.h>
#include <stddef.h>

/* Hash a source: a regular file (a tarball) by its bytes, a directory by the sorted list of
 * its regular files' relative paths and contents (".git" is skipped, symlinks are hashed by
 * target text). Returns 0 and sets *out, or -1 with errno set (ENOENT, EACCES, ...). */
int ftf_source_hash(const char *path, uint64_t *out);

/* Combine a source hash with the strings that shape the build (configure flags, compiler
 * version, the build script's text). Order matters; an empty list is allowed. */
uint64_t ftf_cache_key(uint64_t source_hash, const char *const *inputs, size_t n_inputs);

/* Write a 64-bit key as 16 lowercase hex digits plus NUL into buf[17]. */
void ftf_key_hex(uint64_t key, char buf[17]);

#endif
