/* decoder.c - fuzz target: any bytes decode, re-encode to an equal program, and render. */
#include <stdlib.h>

#include "codec.h"
#include "worker/targets.h"
#include "render.h"

int ftf_fuzz_decoder(const uint8_t *data, size_t size)
{
    static const struct ftf_limits lims[] = {{0, 0, 0}, {2, 1, 0}, {16, 200, 1}};
    for (size_t l = 0; l < sizeof lims / sizeof lims[0]; l++) {
        struct ftf_program p, back;
        ftf_decode(data, size, &lims[l], &p);
        uint8_t buf[FTF_ENCODED_MAX + 64];
        size_t n = ftf_encode(&p, buf, sizeof buf);
        if (n > sizeof buf)
            abort(); /* FTF_ENCODED_MAX is wrong */
        ftf_decode(buf, n, &lims[l], &back);
        if (!ftf_program_equal(&p, &back))
            abort(); /* the round trip broke: a codec bug */
        char *src = ftf_render(&p, FTF_RENDER_STANDALONE, NULL);
        if (!src)
            abort();
        free(src);
    }
    return 0;
}
