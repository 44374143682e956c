/* bug.h - bug keys: the kind and location that make findings with other stacks one bug. */
#ifndef FTF_BUG_H
#define FTF_BUG_H

#include <stddef.h>

#include "signature.h"

#define FTF_BUG_MAX_PARTS 8

/* A bug's key, computed from a finding's kind and canonical text alone (so the bug index
 * can always be rebuilt from the findings). Its parts say where the bug is:
 *   race, uaf, tsan  the top non-plumbing function of each stack, sorted (A/B == B/A; the
 *                    callers below it are dropped, so the same pair reached from other
 *                    callers is one bug);
 *   deadlock         the same, each function once;
 *   crash            the signal, then the faulting function;
 *   exception        the op row, then the exception type (its message is left out);
 *   hang, oom        the innermost frame of each stuck thread, sorted;
 *   atomicity        the check() message, numbers normalised.
 * The id is XXH3-64 of the kind name and the parts, as 16 hex digits. Strings are
 * malloc'd and owned; release with ftf_bug_key_free. */
struct ftf_bug_key {
    enum ftf_finding_kind kind;
    char *parts[FTF_BUG_MAX_PARTS];
    size_t n_parts;
    char id[17];
    char *title; /* one line: "data race: PyByteArray_Resize vs bytearray_ass_subscript" */
};

/* Compute the key of a finding. Returns 0, or -1 (ENOMEM, or EINVAL for a kind out of
 * range) with *out zeroed. A canonical text without the expected lines still gets a key
 * (its parts are then what lines there are, or "?"). */
int ftf_bug_key_of(enum ftf_finding_kind kind, const char *canonical, struct ftf_bug_key *out);

/* The key of a known-bugs entry that stands for every finding it matches (bug_list.c):
 * its patterns as the parts, its reference salted into the id, and like_title's head
 * ("data race", from a member's title) in its title. Returns 0 or -1 (ENOMEM) with *out
 * zeroed. */
int ftf_bug_key_of_entry(enum ftf_finding_kind kind, char *const *patterns, size_t n,
                         const char *reference, const char *like_title,
                         struct ftf_bug_key *out);

/* Free the strings of *key and zero it; NULL-safe. */
void ftf_bug_key_free(struct ftf_bug_key *key);

/* True when parts must be matched in order (exception: row then type); the other kinds'
 * parts are an unordered set. */
int ftf_bug_parts_ordered(enum ftf_finding_kind kind);

#endif
