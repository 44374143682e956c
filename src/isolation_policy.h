/* isolation_policy.h - the isolation names and which isolation each run gets (pure policy). */
#ifndef FTF_ISOLATION_POLICY_H
#define FTF_ISOLATION_POLICY_H

/* X(ENUM, name): every --isolation value. The strategies behind them are the runtime's
 * (harness/runtime/isolation_*.c); auto is a policy over them, not a strategy. */
#define FTF_ISOLATIONS(X) \
    X(INPROC, "inproc")   \
    X(FORK, "fork")       \
    X(FRESH, "fresh")     \
    X(AUTO, "auto")

enum ftf_isolation_kind {
#define FTF_ISO_ENUM(e, name) FTF_ISO_##e,
    FTF_ISOLATIONS(FTF_ISO_ENUM)
#undef FTF_ISO_ENUM
    FTF_ISO_COUNT
};

/* "inproc|fork|fresh|auto", for the options table's choices column. */
#define FTF_ISO_CHOICE(e, name) "|" name
#define FTF_ISOLATION_CHOICES (&FTF_ISOLATIONS(FTF_ISO_CHOICE)[1]) /* past the first "|" */

/* With a module, auto runs a worker's first FTF_FRESH_FIRST programs and then one in
 * FTF_FRESH_EVERY from fresh state: a module's first-use races (lazy initialisation) happen
 * once per process, and the long-lived interpreter has long since passed them. */
#define FTF_FRESH_FIRST 32
#define FTF_FRESH_EVERY 8

/* The kind named name; FTF_ISO_COUNT when unknown or NULL. */
enum ftf_isolation_kind ftf_isolation_parse(const char *name);
/* The name of kind; "?" when out of range. */
const char *ftf_isolation_name(enum ftf_isolation_kind kind);

/* A campaign worker's plan: what the user chose and whether the worker forks a zygote at
 * start (runs from fresh state need one, forked before the worker's threads exist). */
struct ftf_isolation_plan {
    enum ftf_isolation_kind chosen;
    int zygote;
};

/* The plan of a campaign worker, with has_module when a user module is fuzzed (auto uses
 * fresh state for modules only: the built-in types have no first-use state of interest). */
struct ftf_isolation_plan ftf_isolation_plan_campaign(enum ftf_isolation_kind chosen,
                                                      int has_module);

/* The isolation of a campaign worker's run number n (0-based), given whether its zygote
 * started. Never FTF_ISO_AUTO. fresh without a zygote runs in process. */
enum ftf_isolation_kind ftf_isolation_for_run(const struct ftf_isolation_plan *plan,
                                              int zygote_started, unsigned long n);

/* For repro and minimize, which never run a program in their own process: a child forked
 * from them is as fresh as a zygote's, so fresh and auto mean fork there. */
enum ftf_isolation_kind ftf_isolation_for_replay(enum ftf_isolation_kind chosen);

/* 1 when kind runs programs in a forked child. */
int ftf_isolation_forks(enum ftf_isolation_kind kind);

#endif
