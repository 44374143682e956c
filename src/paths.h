/* paths.h - small filesystem helpers: mkdir -p, whole files, atomic writes, our own
 * executable, the seed corpus. */
#ifndef FTF_PATHS_H
#define FTF_PATHS_H

#include <stddef.h>

/* mkdir -p: 0, or -1 with errno (EEXIST when a non-directory is in the way). */
int ftf_mkdirs(const char *path);

/* Absolute path of the running executable into buf. 0, or -1 with errno. */
int ftf_self_exe(char *buf, size_t len);

/* The checked-in seed corpus of a target: <dir of executable>/../corpus/<target>.
 * 0 when it exists as a directory, -1 otherwise. */
int ftf_seed_corpus_dir(const char *target, char *buf, size_t len);

/* The checked-in fuzz/ directory (<dir of executable>/../fuzz): 0, or -1 when absent. */
int ftf_fuzz_dir(char *buf, size_t len);

/* Read a whole file into a malloc'd buffer (NUL-terminated, *len excludes the NUL).
 * Returns NULL with errno set; EISDIR for a directory. Caller frees. */
char *ftf_read_file(const char *path, size_t *len);

/* Whole text of what an open fd refers to (a memory file, say), read through
 * /proc/self/fd from its start; as ftf_read_file. */
char *ftf_fd_text(int fd);

/* Write dir/name atomically: a temp name in the same directory, fsync, rename; readers see
 * the old file or the new one, never a partial one. 0, or -1 with errno. */
int ftf_write_file_atomic(const char *dir, const char *name, const void *data, size_t len);

/* fsync a directory (after a rename into it). 0, or -1 with errno. */
int ftf_fsync_dir(const char *path);

#endif
