/* store_meta.h - meta.json's encoding, shared by store.c and store_meta.c (not for other use). */
#ifndef FTF_STORE_META_H
#define FTF_STORE_META_H

#include <jansson.h>
#include <stddef.h>

#include "finding.h"

#define FTF_META_FILE "meta.json"
#define FTF_META_VERSION 1

/* Now as ISO-8601 UTC, "2025-01-31T12:00:00Z". */
void ftf_meta_now(char buf[32]);

/* A new finding's meta.json (hits 1, first and last seen now); NULL on ENOMEM. */
json_t *ftf_meta_build(const struct ftf_finding_in *in, const char *now);

/* Load and validate dir/meta.json: the parsed object into *out (caller decrefs) and, when
 * m is not NULL, its typed fields into *m. An FTF_STORE_* code, err filled on error. */
int ftf_meta_load(const char *dir, json_t **out, struct ftf_finding_meta *m, char *err,
                  size_t errlen);

/* Write meta as dir/meta.json, atomically. */
int ftf_meta_write(const char *dir, const json_t *meta, char *err, size_t errlen);

/* Edits of a loaded meta.json, for store.c's locked update: 0, or -1 on ENOMEM. */
int ftf_meta_bump_hits(json_t *meta, const void *ctx);      /* ctx unused */
int ftf_meta_set_repro(json_t *meta, const void *ctx);      /* ctx: long[2] runs, reproduced */
int ftf_meta_set_minimised(json_t *meta, const void *ctx);  /* ctx: ftf_minimise_record */
int ftf_meta_clear_after_fault(json_t *meta, const void *ctx); /* ctx unused */
/* One finding of another campaign's store, merged into this one's meta.json. */
struct ftf_meta_merge {
    const char *source_id;  /* the source output directory's campaign id */
    long long src_hits;     /* its hits there */
    const char *first_seen, *last_seen;
    bool after_fault;
    bool first_copy;        /* meta is the source's own, being copied: record only */
};
int ftf_meta_merge_hits(json_t *meta, const void *ctx);   /* ctx: ftf_meta_merge */

/* A path built with snprintf: -1 with ENAMETOOLONG when it does not fit. */
__attribute__((format(printf, 3, 4))) int ftf_store_pathf(char *buf, size_t len,
                                                          const char *fmt, ...);

/* Write dir/name atomically (ftf_write_file_atomic) with the error named in err. */
int ftf_store_write_file(const char *dir, const char *name, const void *data, size_t len,
                         char *err, size_t errlen);

/* The store's code for a failed system call's errno: a full disk or quota is
 * FTF_STORE_ERR_NOSPACE (the campaign stops on it), a too-long name ERR_ARG, else ERR_IO. */
int ftf_store_errno_rc(int e);

#endif
