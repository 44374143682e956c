/* cmd_merge.c - `ftfuzz merge DIR SRC...`: other campaigns' outputs (a fleet's, or one
 * machine's --jobs) into DIR: the union of their findings with hits added, never counted
 * twice, and of their corpora. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/known_load.h"
#include "log.h"
#include "paths.h"
#include "store.h"
#include "triage_bugs.h"

/* Every file of src/corpus/<target>/ missing from dst/corpus/<target>/ (libFuzzer names
 * inputs by their content's SHA-1: one name, one input). Returns the number copied. */
static long merge_corpora(const char *dst, const char *src)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/corpus", src);
    DIR *targets = opendir(dir);
    long copied = 0;
    for (struct dirent *t; targets && (t = readdir(targets));) {
        if (t->d_name[0] == '.')
            continue; /* a restarted worker's sample, a merge in progress */
        char from_dir[8400], to_dir[8400];
        snprintf(from_dir, sizeof from_dir, "%s/%s", dir, t->d_name);
        snprintf(to_dir, sizeof to_dir, "%s/corpus/%s", dst, t->d_name);
        DIR *d = opendir(from_dir);
        if (!d || ftf_mkdirs(to_dir) < 0) {
            if (d)
                closedir(d);
            continue;
        }
        for (struct dirent *e; (e = readdir(d));) {
            char from[8700], to[8700];
            size_t len;
            if (e->d_name[0] == '.' || e->d_type != DT_REG)
                continue;
            snprintf(from, sizeof from, "%s/%s", from_dir, e->d_name);
            snprintf(to, sizeof to, "%s/%s", to_dir, e->d_name);
            if (access(to, F_OK) == 0)
                continue;
            char *data = ftf_read_file(from, &len);
            if (data && ftf_write_file_atomic(to_dir, e->d_name, data, len) == 0)
                copied++;
            free(data);
        }
        closedir(d);
    }
    if (targets)
        closedir(targets);
    return copied;
}

int ftf_cmd_merge(struct ftf_options *o)
{
    if (o->n_args < 2) {
        FTF_ERROR("merge needs DIR and at least one SRC (see: ftfuzz merge --help)");
        return FTF_EXIT_USAGE;
    }
    const char *dst = o->args[0];
    char err[1024];
    if (ftf_mkdirs(dst) < 0) {
        FTF_ERROR("%s: cannot create: %s", dst, strerror(errno));
        return FTF_EXIT_USAGE;
    }
    int rc = FTF_EXIT_CLEAN;
    for (int i = 1; i < o->n_args && rc == FTF_EXIT_CLEAN; i++) {
        const char *src = o->args[i];
        char id[64];
        struct ftf_finding_meta *list = NULL;
        size_t n = 0;
        if (ftf_store_campaign_id(src, id, sizeof id, err, sizeof err) != FTF_STORE_OK ||
            ftf_store_list(src, &list, &n, err, sizeof err) != FTF_STORE_OK) {
            FTF_ERROR("%s", err);
            rc = FTF_EXIT_USAGE;
            break;
        }
        size_t added = 0, known = 0;
        long long hits = 0;
        for (size_t k = 0; k < n; k++) {
            bool is_new;
            long long h;
            if (ftf_store_merge_finding(dst, list[k].dir, id, &is_new, &h, err, sizeof err)) {
                FTF_ERROR("%s", err);
                rc = FTF_EXIT_USAGE;
                break;
            }
            added += is_new;
            known += !is_new;
            hits += h;
        }
        ftf_store_list_free(list, n);
        long corpus = merge_corpora(dst, src);
        printf("MERGE: %s: findings new=%zu known=%zu hits_added=%lld corpus_added=%ld\n", src,
               added, known, hits, corpus);
    }
    struct ftf_known_list kl;
    if (rc == FTF_EXIT_CLEAN && ftf_known_load_options(o, &kl) == 0) {
        struct ftf_bug_counts bc;
        if (ftf_bug_index_refresh(dst, &kl, &bc, err, sizeof err) < 0) {
            FTF_ERROR("%s", err);
            rc = FTF_EXIT_USAGE;
        } else {
            printf("MERGE: %s: bugs=%zu new=%zu known=%zu signatures=%zu\n", dst, bc.bugs,
                   bc.new_bugs, bc.known, bc.signatures);
        }
        ftf_known_free(&kl);
    }
    return rc;
}
