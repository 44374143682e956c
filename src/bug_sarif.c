/* bug_sarif.c - the bug list as SARIF 2.1.0: a rule per finding kind, a result per bug. */
#include "bug_formats.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const struct ftf_sarif_rule rules[FTF_FINDING_KIND_COUNT] = {
    [FTF_FINDING_RACE] = {"data-race", "DataRace", "Two threads access the same memory "
        "without ordering, at least one of them writing (ThreadSanitizer).",
        "Free-threaded CPython runs threads truly in parallel: shared C state touched from "
        "several threads needs a lock (PyMutex), a critical section "
        "(Py_BEGIN_CRITICAL_SECTION) or atomics. Replay the bug with `ftfuzz repro DIR`; its "
        "repro.py runs on any free-threaded CPython."},
    [FTF_FINDING_UAF] = {"heap-use-after-free", "HeapUseAfterFree", "Memory used after "
        "another thread freed it (ThreadSanitizer).",
        "Usually a borrowed reference used while another thread drops the last strong "
        "reference: take a strong reference (Py_NewRef, PyDict_GetItemRef, "
        "PyList_GetItemRef) before using the object."},
    [FTF_FINDING_DEADLOCK] = {"lock-order-inversion", "LockOrderInversion", "Two locks taken "
        "in opposite orders by two threads: a potential deadlock (ThreadSanitizer).",
        "Take the locks in one global order, or hold one at a time; a critical section on "
        "two objects (Py_BEGIN_CRITICAL_SECTION2) locks them without deadlock."},
    [FTF_FINDING_TSAN] = {"tsan-report", "ThreadSanitizerReport", "Another ThreadSanitizer "
        "report (a mutex misuse, a signal-unsafe call, ...).",
        "Read the report: ThreadSanitizer names the misuse and both stacks."},
    [FTF_FINDING_CRASH] = {"crash", "Crash", "The interpreter died on a fatal signal or a "
        "CPython fatal error while threads ran the program.",
        "A concurrent program made CPython or the module crash; report.txt holds the "
        "faulting stack and repro.py the program that did it."},
    [FTF_FINDING_HANG] = {"hang", "Hang", "A run passed its deadline: a deadlock, a livelock "
        "or a stop-the-world pause that never ends.",
        "report.txt holds every thread's Python stack (and C stacks when the run was stuck "
        "in C); look for threads waiting on each other."},
    [FTF_FINDING_ATOMICITY] = {"atomicity", "BrokenAtomicity", "An operation CPython "
        "documents as atomic lost or duplicated an update under concurrency.",
        "The generated bookkeeping found that a documented-atomic operation (list.append, "
        "dict.setdefault, ...) did not behave atomically; see "
        "Doc/library/threadsafety.rst."},
    [FTF_FINDING_EXCEPTION] = {"exception", "UnexpectedException", "An operation raised an "
        "exception its op-table row does not allow (SystemError always).",
        "Concurrent use made an operation raise what it never should, often a sign of "
        "internal state seen half-updated."},
    [FTF_FINDING_OOM] = {"oom", "OutOfMemory", "A run took its process past --rss-limit.",
        "Memory grew without bound under concurrency; report.txt holds every thread's "
        "Python stack at the limit."},
};

const struct ftf_sarif_rule *ftf_sarif_rule_of(enum ftf_finding_kind kind)
{
    return (unsigned)kind < FTF_FINDING_KIND_COUNT ? &rules[kind] : NULL;
}

/* The part of file under root ("tests/x.c" for root "/src/proj" and "/src/proj/tests/x.c"),
 * or NULL when it is not under it. */
static const char *under_root(const char *file, const char *root)
{
    size_t n = root ? strlen(root) : 0;
    while (n > 1 && root[n - 1] == '/')
        n--;
    if (!n || strncmp(file, root, n) || file[n] != '/')
        return NULL;
    return file + n + 1;
}

/* A file under the source root: relative to SRCROOT; another absolute path: a file:// URI;
 * a relative one stays a relative reference. */
static json_t *physical(const char *file, long long line, const char *root)
{
    const char *rel = under_root(file, root);
    size_t n = strlen(file) + 8;
    char *uri = malloc(n);
    if (!uri)
        return NULL;
    snprintf(uri, n, "%s%s", rel ? "" : file[0] == '/' ? "file://" : "", rel ? rel : file);
    json_t *loc = rel
        ? json_pack("{s:{s:{s:s, s:s}, s:{s:I}}}", "physicalLocation", "artifactLocation", "uri",
                    uri, "uriBaseId", "SRCROOT", "region", "startLine",
                    (json_int_t)(line > 0 ? line : 1))
        : json_pack("{s:{s:{s:s}, s:{s:I}}}", "physicalLocation", "artifactLocation", "uri",
                    uri, "region", "startLine", (json_int_t)(line > 0 ? line : 1));
    free(uri);
    return loc;
}

static json_t *result(const struct ftf_bug *b, const char *root)
{
    const struct ftf_finding_meta *r = b->rep;
    char repro[4200];
    snprintf(repro, sizeof repro, "%s/repro.py", r->dir);
    /* Code scanning needs a location: the racing line, else the reproducer itself. */
    json_t *loc = r->loc_file ? physical(r->loc_file, r->loc_line, root)
                          : physical(repro, 1, root);
    if (loc && r->loc_function &&
        json_object_set_new(loc, "logicalLocations",
                            json_pack("[{s:s, s:s}]", "name", r->loc_function, "kind",
                                      "function")))
        goto fail;
    json_t *res = json_pack(
        "{s:s, s:i, s:s, s:s, s:{s:s}, s:[o], s:{s:s}, s:{s:s, s:s, s:o, s:o, s:s, s:I, "
        "s:I, s:b, s:s, s:s}}",
        "ruleId", rules[b->key.kind].id, "ruleIndex", (int)b->key.kind,
        "level", b->known ? "note" : "error",
        /* against the known-bugs files: a known bug was there before */
        "baselineState", b->known ? "unchanged" : "new",
        "message", "text", b->key.title,
        "locations", loc,
        "partialFingerprints", "ftfuzzBug/v1", b->key.id,
        "properties", "bug_id", b->key.id, "status", b->known ? "known" : "new",
        "reference", b->known ? json_string(b->known->reference) : json_null(),
        "racing_ops", r->racing_ops ? json_string(r->racing_ops) : json_null(),
        "origin", b->origin, "hits", (json_int_t)b->hits,
        "signatures", (json_int_t)b->n_members, "minimised", (int)b->minimised,
        "summary", r->summary, "path", r->dir);
    return res; /* "o" took loc, even on failure */
fail:
    json_decref(loc);
    return NULL;
}

int ftf_bugs_sarif(FILE *out, const struct ftf_bug_list *l, const char *source_root)
{
    json_t *rule_arr = json_array(), *results = json_array(), *root = NULL;
    int rc = -1;
    if (!rule_arr || !results)
        goto out;
    /* Every kind's rule, in kind order, so a result's ruleIndex is its kind. */
    for (int k = 0; k < FTF_FINDING_KIND_COUNT; k++) {
        json_t *rule = json_pack(
            "{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s, s:s}, s:{s:s}, s:{s:[s, s]}}", "id",
            rules[k].id, "name", rules[k].name, "shortDescription", "text",
            ftf_finding_kind_description((enum ftf_finding_kind)k), "fullDescription", "text",
            rules[k].description, "help", "text", rules[k].help, "markdown", rules[k].help,
            "defaultConfiguration", "level", "error", "properties", "tags", "concurrency",
            ftf_finding_kind_name((enum ftf_finding_kind)k));
        if (!rule || json_array_append_new(rule_arr, rule))
            goto out;
    }
    for (size_t i = 0; i < l->n; i++) {
        json_t *r = result(&l->v[i], source_root);
        if (!r || json_array_append_new(results, r))
            goto out;
    }
    root = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:o}}, s:o}]}",
                     "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
                     "version", "2.1.0", "runs", "tool", "driver", "name", "ftfuzz", "rules",
                     rule_arr, "results", results);
    rule_arr = results = NULL; /* "o" stole them, even on failure */
    if (root && source_root && source_root[0] == '/') {
        /* SRCROOT as a file:// URI ending in '/', as SARIF wants for a base. */
        size_t n = strlen(source_root);
        char *base = malloc(n + 9);
        if (!base)
            goto out;
        snprintf(base, n + 9, "file://%s%s", source_root, source_root[n - 1] == '/' ? "" : "/");
        json_t *bases = json_pack("{s:{s:s}}", "SRCROOT", "uri", base);
        free(base);
        if (!bases || json_object_set_new(json_array_get(json_object_get(root, "runs"), 0),
                                          "originalUriBaseIds", bases))
            goto out;
    }
    if (!root || json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER))
        goto out;
    fputc('\n', out);
    rc = 0;
out:
    json_decref(rule_arr);
    json_decref(results);
    json_decref(root);
    return rc;
}
