/* libfuzzer_options.h - a target's fuzz/<target>.options file as libFuzzer flags. */
#ifndef FTF_LIBFUZZER_OPTIONS_H
#define FTF_LIBFUZZER_OPTIONS_H

#include <stddef.h>

#define FTF_LIBFUZZER_FLAG_LEN 4200 /* one "-key=value" flag, NUL included */
#define FTF_LIBFUZZER_FLAGS_MAX 32  /* flags taken from one file */

/* Parse the text of an .options file: `key = value` lines become "-key=value"; comments
 * (#), section headers ([libfuzzer]) and lines of another shape are skipped; a `dict`
 * value is a path relative to dir, the file's directory. Writes at most max flags and
 * returns how many. */
size_t ftf_libfuzzer_options_parse(const char *text, const char *dir,
                                   char (*flags)[FTF_LIBFUZZER_FLAG_LEN], size_t max);

#endif
