/* ident.c - Python identifiers, checked once for the renderer, the sweep and attribution. */
#include "ident.h"

int ftf_is_ident(const char *s, int dotted)
{
    if (!s || !*s)
        return 0;
    int start = 1; /* at the start of a part: a digit is not allowed here */
    for (; *s; s++) {
        char ch = *s;
        int alpha = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
        int digit = ch >= '0' && ch <= '9';
        if (dotted && ch == '.' && !start) {
            start = 1;
            continue;
        }
        if (!(alpha || (digit && !start)))
            return 0;
        start = 0;
    }
    return !start;
}
