/* strbuf.h - the growable string every text producer in src/ builds with. */
#ifndef FTF_STRBUF_H
#define FTF_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

/* Zero-initialise ({0}); s is NUL-terminated once anything was added. An allocation
 * failure sticks (oom): later calls do nothing and ftf_sb_take returns NULL. */
struct ftf_sb {
    char *s;
    size_t len, cap;
    bool oom;
};

void ftf_sb_putn(struct ftf_sb *b, const char *s, size_t n);
void ftf_sb_puts(struct ftf_sb *b, const char *s);
__attribute__((format(printf, 2, 3))) void ftf_sb_printf(struct ftf_sb *b, const char *fmt, ...);

/* The string, handed to the caller (an empty one when nothing was added), b emptied;
 * NULL (and everything freed) after an allocation failure. */
char *ftf_sb_take(struct ftf_sb *b);

#endif
