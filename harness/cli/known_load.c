/* known_load.c - the known-bugs lists of a command: shipped for this CPython, then --known. */
#include "cli/known_load.h"

#include <string.h>

#include "log.h"

int ftf_known_load_options(const struct ftf_options *o, struct ftf_known_list *list)
{
    char err[1024], shipped[4096];
    memset(list, 0, sizeof *list);
    if (!o->no_shipped_known &&
        ftf_known_shipped_path(FTF_PY_VERSION, shipped, sizeof shipped) == 0 &&
        ftf_known_load(shipped, list, err, sizeof err)) {
        FTF_ERROR("%s", err);
        ftf_known_free(list);
        return -1;
    }
    for (size_t i = 0; i < list->n; i++)
        list->v[i].cpython_only = 1;
    for (int i = 0; i < o->known.n; i++) {
        if (ftf_known_load(o->known.v[i], list, err, sizeof err)) {
            FTF_ERROR("%s", err);
            ftf_known_free(list);
            return -1;
        }
    }
    list->module_scope = !strcmp(o->scope, "module"); /* ftf_known_free zeroed it on the way */
    return 0;
}
