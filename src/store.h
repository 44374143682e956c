/* store.h - the findings store: <out>/findings/<kind>-<sig>/, atomic and multi-process safe.
 * The only code that knows a finding directory's files and meta.json (store.c and
 * store_meta.c); everything else goes through these types and calls. */
#ifndef FTF_STORE_H
#define FTF_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finding.h"
#include "signature.h"

/* Fill the kind, signature, canonical, summary and location fields of *in from a computed
 * signature (borrowing its strings) and every other field with "unknown"/empty. */
void ftf_finding_in_init(struct ftf_finding_in *in, const struct ftf_signature *sig);

/* Write "<out_dir>/findings/<kind>-<sig16hex>" into buf. Returns 0, or -1 when it does not
 * fit or the kind is unknown. */
int ftf_store_finding_path(const char *out_dir, enum ftf_finding_kind kind, uint64_t signature,
                           char *buf, size_t len);

/* Store one occurrence. A new finding is assembled in findings/.tmp-<pid>-<n>/ (each file
 * written to a temp name, fsync'ed, renamed) and renamed into place; if the directory
 * already exists, or another process wins the rename, the existing meta.json gets hits+1
 * and a new last_seen under an flock on <dir>/.lock, and nothing else changes.
 * *is_new (may be NULL) says which happened; dir (may be NULL) receives the finding's
 * directory. Returns FTF_STORE_OK or an error code with err filled. */
int ftf_store_put(const char *out_dir, const struct ftf_finding_in *in, bool *is_new,
                  char *dir, size_t dir_len, char *err, size_t errlen);

/* The finding was seen without a fault before it in its run: drop extra.after_fault,
 * under the finding's lock. Returns FTF_STORE_OK or an error code with err filled. */
int ftf_store_clear_after_fault(const char *finding_dir, char *err, size_t errlen);

/* Record a replay's rate in <finding_dir>/meta.json (repro_runs, repro_reproduced), under
 * the finding's lock; everything else in the file is kept. */
int ftf_store_record_repro(const char *finding_dir, long runs, long reproduced, char *err,
                           size_t errlen);

/* Replace a finding's program by its minimised form: the first originals are kept (as
 * input.orig, repro.orig.py, report.orig.txt: minimising twice loses nothing the campaign
 * found), input, repro.py and, when report is not NULL, report.txt are rewritten
 * atomically, and meta.json records minimised = true, ops, the rate after it and r as
 * extra.minimize. */
int ftf_store_replace_minimised(const char *finding_dir, const void *input, size_t input_len,
                                const char *repro_py, const char *report,
                                const struct ftf_minimise_record *r, char *err,
                                size_t errlen);

/* <finding_dir>/input, the raw fuzzer input, into buf: 0, or -1 when it does not fit. */
int ftf_store_input_path(const char *finding_dir, char *buf, size_t len);

enum ftf_finding_text { FTF_TEXT_REPRO, FTF_TEXT_REPORT };

/* The text of a finding's repro.py or report.txt, NUL-terminated (caller frees); NULL with
 * errno when it cannot be read. */
char *ftf_store_read_text(const char *finding_dir, enum ftf_finding_text which);

/* Read and validate <finding_dir>/meta.json into *out. A missing file is FTF_STORE_ERR_IO,
 * bad JSON or a field of the wrong type FTF_STORE_ERR_CORRUPT; err names the file. The
 * finding is never modified. On error *out is left cleared. */
int ftf_store_read_meta(const char *finding_dir, struct ftf_finding_meta *out, char *err,
                        size_t errlen);

/* List the findings of an output directory, sorted by directory name. Entries that are not
 * "<kind>-<16 hex>" directories (temporary ".tmp-*" ones included) are skipped; a missing
 * findings/ subdirectory is an empty list; a missing out_dir or any unreadable or corrupted
 * meta.json is an error naming the path. On success *list (free with ftf_store_list_free)
 * and *n are set; on error they are NULL and 0. */
int ftf_store_list(const char *out_dir, struct ftf_finding_meta **list, size_t *n, char *err,
                   size_t errlen);

/* Remove what writers killed mid-write left in out_dir's findings/: staging directories
 * (.tmp-<pid>-<n>) and half-replaced files inside findings (.<name>.tmp-<pid>), each only
 * when process <pid> no longer exists. *removed gets the count. Returns FTF_STORE_OK (also
 * when there is no findings/ yet) or an error code with err filled. */
int ftf_store_clean_staging(const char *out_dir, size_t *removed, char *err, size_t errlen);

/* An output directory's campaign id (16 hex digits, in <out>/.campaign-id, made on first
 * use): what a merge records as the source of the hits it took. */
int ftf_store_campaign_id(const char *out_dir, char *id, size_t len, char *err, size_t errlen);

/* Merge one finding of another campaign's store (src_finding: <src>/findings/<kind>-<sig>)
 * into out_dir's: new here, it is copied whole and published with one rename; known
 * here, its hits are added under the finding's lock, first and last seen widened. What
 * the destination took from source_id (that source's campaign id) is recorded in
 * extra.merged_hits, so merging the same source again adds only its hits since. *is_new
 * and *hits_added say what happened. Returns FTF_STORE_OK or an error code, err filled. */
int ftf_store_merge_finding(const char *out_dir, const char *src_finding, const char *source_id,
                            bool *is_new, long long *hits_added, char *err, size_t errlen);

/* Clear each of the n entries and free the array; NULL-safe. */
void ftf_store_list_free(struct ftf_finding_meta *list, size_t n);

#endif
