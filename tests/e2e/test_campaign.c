/* test_campaign.c - end to end: a campaign against faults of the machine, not of the target
 * (a full disk, a killed campaign's leftovers, wedged workers), its replay accounting, and
 * its runner surviving what a module call does. Bounded by runs, fixed seeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "e2e.h"

/* "key=N" from the line of output starting with prefix; -1 when absent. */
static long field(const char *output, const char *prefix, const char *key)
{
    const char *line = strstr(output, prefix);
    if (!line)
        return -1;
    const char *end = strchr(line, '\n');
    char want[64];
    snprintf(want, sizeof want, " %s=", key);
    const char *k = strstr(line, want);
    if (!k || (end && k > end))
        return -1;
    return atol(k + strlen(want));
}

/* --out on a 512 KB tmpfs: the containers target fills it within a few hundred runs. The
 * campaign stops at the first finding it cannot store, exits 2 naming the directory and
 * the findings lost, and every finding left on the disk is whole. */
static void full_disk_stops_the_campaign(void **state)
{
    (void)state;
    char *t = e2e_scratch("disk");
    struct e2e_result r = e2e_run(
        "mkdir %s/small && mount -t tmpfs -o size=512k tmpfs %s/small || "
        "{ echo cannot-mount; exit 77; }; "
        "bin/ftfuzz fuzz --runs 3000 --time 0 --seed 1 --no-minimize --out %s/small/out; "
        "rc=$?; echo \"status=$rc\"; n=0; bad=0; "
        "for d in %s/small/out/findings/*-*/; do n=$((n+1)); "
        "  for f in input report.txt meta.json; do test -s $d/$f || bad=$((bad+1)); done; "
        "  test -e $d/repro.py || bad=$((bad+1)); done; "
        "echo \"whole=$n bad=$bad tmp=$(ls -A %s/small/out/findings | grep -c '^\\.tmp-')\"; "
        "bin/ftfuzz triage %s/small/out --format json > /dev/null; " /* 2: a bad meta.json */
        "test $? -le 1 && echo meta-valid; "
        "umount %s/small; exit $rc", t, t, t, t, t, t, t);
    if (r.status == 77 && strstr(r.output, "cannot-mount")) {
        free(r.output);
        e2e_cleanup(t);
        skip(); /* not root: no small filesystem to fill */
    }
    E2E_EXPECT(r, r.status == 2);
    E2E_EXPECT(r, strstr(r.output, "the disk is full: the campaign stopped at the first finding "
                                   "it could not store") != NULL);
    char out[4200];
    snprintf(out, sizeof out, "ERROR: %s/small/out: the disk is full", t);
    E2E_EXPECT(r, strstr(r.output, out) != NULL);
    E2E_EXPECT(r, strstr(r.output, "finding(s) lost") != NULL);
    E2E_EXPECT(r, strstr(r.output, "(disk full)") != NULL);
    E2E_EXPECT(r, field(r.output, "whole=", "bad") == 0 && field(r.output, "whole=", "tmp") == 0);
    E2E_EXPECT(r, strstr(r.output, "whole=0") == NULL);
    E2E_EXPECT(r, strstr(r.output, "meta-valid") != NULL);
    free(r.output);
    e2e_cleanup(t);
}

/* A campaign killed with SIGKILL leaves findings/.tmp-<pid>-<n>: the next campaign on the
 * same --out removes it at start. */
static void killed_campaigns_leftovers_are_removed(void **state)
{
    (void)state;
    char *t = e2e_scratch("tmp");
    struct e2e_result r = e2e_run(
        "dead=$(sh -c 'echo $$'); mkdir -p %s/out/findings/.tmp-$dead-0 && "
        "echo x > %s/out/findings/.tmp-$dead-0/input && "
        "bin/ftfuzz fuzz --no-seeds --runs 5 --time 0 --seed 1 --no-minimize --out %s/out; "
        "echo; echo leftovers=$(ls -A %s/out/findings | grep -c '^\\.tmp-')", t, t, t, t);
    E2E_EXPECT(r, strstr(r.output, "removed 1 half-written finding file(s) of a killed "
                                   "campaign") != NULL);
    E2E_EXPECT(r, strstr(r.output, "CAMPAIGN: done:") != NULL);
    E2E_EXPECT(r, strstr(r.output, "\nleftovers=0\n") != NULL);
    free(r.output);
    e2e_cleanup(t);
}

/* A worker killed mid-run (SIGKILL from outside: the OOM killer, or its watchdog's own
 * bound) stored nothing; the supervisor stores its run in flight as a hang, with the input
 * replay needs. stuck_world wedges its first module call, --timeout 60 keeps the worker's
 * own watchdog from acting first. */
static void killed_workers_run_is_stored(void **state)
{
    (void)state;
    char *t = e2e_scratch("killed");
    struct e2e_result r = e2e_run(
        "bin/ftfuzz fuzz --module stuck_world --path build/fixtures --isolation inproc "
        "--timeout 60 --runs 2 --time 0 --seed 1 --no-minimize --out %s/out > %s/log 2>&1 & "
        "sup=$!; for i in $(seq 600); do grep -q 'seed corpus:' %s/log && break; "
        "kill -0 $sup 2>/dev/null || break; sleep 0.1; "
        "done; sleep 3; w=$(pgrep -P $sup | head -1); kill -KILL $w; wait $sup; "
        "echo status=$?; cat %s/log; cat %s/out/findings/hang-*/report.txt; "
        "test -s %s/out/findings/hang-*/input && echo input-kept", t, t, t, t, t, t);
    E2E_EXPECT(r, strstr(r.output, "killed (SIGKILL) mid-run") != NULL);
    E2E_EXPECT(r, strstr(r.output, "FINDING: new ") != NULL);
    E2E_EXPECT(r, strstr(r.output, "input-kept") != NULL);
    E2E_EXPECT(r, strstr(r.output, "CAMPAIGN: done:") != NULL);
    free(r.output);
    e2e_cleanup(t);
}

/* --time is a promise, also when the stuck-run watchdog fires: stuck_world wedges every
 * worker; each stores its hang (Python and gdb stacks), and the campaign ends. Only a very
 * generous bound (to detect a wedge; bench/ has no timing here): T + the documented grace
 * (deadlines.h: --timeout + 90 s), plus 30 s of slack for a loaded machine. */
static void time_holds_through_stuck_runs(void **state)
{
    (void)state;
    char *t = e2e_scratch("stuck");
    struct e2e_result r = e2e_run(
        "s=$(date +%%s); bin/ftfuzz fuzz --module stuck_world --path build/fixtures "
        "--isolation inproc --timeout 2 --time 20 --seed 1 --no-minimize --out %s/out; "
        "echo status=$? took=$(( $(date +%%s) - s ))", t);
    E2E_EXPECT(r, strstr(r.output, "beyond the harness's reach: storing a hang") != NULL);
    E2E_EXPECT(r, strstr(r.output, "FINDING: new hang-") != NULL);
    E2E_EXPECT(r, strstr(r.output, "hang stored; exiting this worker") != NULL);
    E2E_EXPECT(r, strstr(r.output, "no progress") == NULL);
    E2E_EXPECT(r, strstr(r.output, "CAMPAIGN: done:") != NULL);
    E2E_EXPECT(r, field(r.output, "status=", "took") >= 0 &&
                      field(r.output, "status=", "took") <= 20 + 2 + 90 + 30);
    free(r.output);
    e2e_cleanup(t);
}

/* _lsprof.Profiler() imports sys.monitoring through PyImport_Import, which reads the
 * calling frame's __builtins__: the runner's namespace must carry it (it raised KeyError:
 * '__builtins__', a "harness" exception finding). In process and in fresh-state runs. */
static void module_calls_do_not_break_the_runner(void **state)
{
    (void)state;
    const char *isolations[] = {"inproc --runs 40", "fresh --runs 6"};
    for (int i = 0; i < 2; i++) {
        char *t = e2e_scratch("lsprof");
        struct e2e_result r = e2e_run(
            "bin/ftfuzz fuzz --module _lsprof --isolation %s --time 0 --seed 1 --no-minimize "
            "--out %s/out; echo status=$?; grep -l harness %s/out/findings/*/meta.json "
            "2>/dev/null | wc -l | sed 's/^/harness_findings=/'", isolations[i], t, t);
        E2E_EXPECT(r, strstr(r.output, "CAMPAIGN: done:") != NULL);
        E2E_EXPECT(r, strstr(r.output, "KeyError") == NULL);
        E2E_EXPECT(r, strstr(r.output, "ERROR: harness") == NULL);
        E2E_EXPECT(r, strstr(r.output, "harness_findings=0") != NULL);
        free(r.output);
        e2e_cleanup(t);
    }
}

/* A crash while the next program is compiled, before any of its threads starts, is no race
 * of that program: poison_later's arm() makes the next compile() crash (standing in for an
 * earlier race's heap corruption), and the crash is stored marked after_fault. */
static void crash_while_loading_follows_a_fault(void **state)
{
    (void)state;
    char *t = e2e_scratch("poison");
    struct e2e_result r = e2e_run(
        "bin/ftfuzz fuzz --module poison_later --path build/fixtures --isolation inproc "
        "--runs 6 --time 0 --seed 1 --no-minimize --out %s/out; "
        "grep -l '\"after_fault\": true' %s/out/findings/crash-*/meta.json | "
        "xargs grep -l 'in hook poison_later.c' | wc -l | sed 's/^/marked=/'", t, t);
    E2E_EXPECT(r, strstr(r.output, "FINDING: new crash-") != NULL);
    E2E_EXPECT(r, strstr(r.output, "marked=1") != NULL);
    free(r.output);
    e2e_cleanup(t);
}

/* A fixture whose boom(list) crashes the process: the campaign survives it, restarted
 * workers replay a bounded sample of the corpus (never the input that killed the last
 * one), coverage goes on past the campaign's first status line (the first worker may die
 * on a seed before it prints one: libFuzzer's order of equal-sized seeds is the
 * directory's), and the crash is one bug whose hits count its repeats (one bug, not one
 * signature: boom reached through another C caller, call.c's callmethod, is a second
 * signature of the same crash). */
static void campaign_explores_past_a_crashing_op(void **state)
{
    (void)state;
    char *t = e2e_scratch("crash1");
    struct e2e_result r = e2e_run(
        "bin/ftfuzz fuzz --module crash_one --path build/fixtures --isolation inproc "
        "--runs 300 --time 0 --seed 1 --no-minimize --out %s/out > %s/log 2>&1; "
        "echo status=$?; grep -E '^CAMPAIGN|^INFO: restart:' %s/log; "
        "awk '/restart:/{r++} /cov: /{match($0,/cov: [0-9]+/); c=substr($0,RSTART+5,RLENGTH-5)+0;"
        " if(!b)b=c; if(r>0 && c>a)a=c} END{print \"cov before=\" b+0 \" after=\" a+0}' "
        "%s/log; bin/ftfuzz triage %s/out --all --format json | python3 -c \"import json,sys; "
        "b=[b for b in json.load(sys.stdin)['bugs'] if b['kind']=='crash' and "
        "(b['origin'] or '').startswith('crash_one.c:boom')]; "
        "print('crashes=%%d hits:%%d' %% (len(b), sum(x['hits'] for x in b)))\"",
        t, t, t, t, t);
    E2E_EXPECT(r, field(r.output, "CAMPAIGN: done:", "restarts") >= 2);
    E2E_EXPECT(r, strstr(r.output, "(--runs reached)") != NULL);
    /* every restart replays at most the sample (restart_corpus.h: 16) */
    for (const char *p = r.output; (p = strstr(p, "restart: the worker replays ")); p++)
        E2E_EXPECT(r, atol(p + strlen("restart: the worker replays ")) <= 16);
    long before = field(r.output, "cov", "before"), after = field(r.output, "cov", "after");
    E2E_EXPECT(r, before > 0 && after > before);
    const char *c = strstr(r.output, "crashes=");
    E2E_EXPECT(r, c && atol(c + 8) == 1);
    const char *h = c ? strstr(c, "hits:") : NULL;
    E2E_EXPECT(r, h && atol(h + 5) >= 2);
    free(r.output);
    e2e_cleanup(t);
}

/* --jobs 2 on crash_one, whose boom(list) kills its worker: two worker slots, each
 * restarted on its own. libFuzzer prints "Seed:" once per worker start, so the starts are
 * 2 + restarts (a restart of every slot at each crash would give twice the restarts), and
 * both slots keep starting. The --runs budget is the campaign's over both slots (each
 * worker checks the shared count before a run: at most one run over per other slot), the
 * crash is one bug, and nothing is left behind: no slot's restart directory, no
 * libFuzzer fuzz-N.log in the working directory, no process naming the output directory. */
static void job_slots_restart_on_their_own(void **state)
{
    (void)state;
    char *t = e2e_scratch("jobs");
    struct e2e_result r = e2e_run(
        "repo=$PWD; (cd %s && $repo/bin/ftfuzz fuzz --module crash_one --path "
        "$repo/build/fixtures --isolation inproc --runs 300 --time 0 --seed 1 --no-minimize "
        "--jobs 2 --out %s/out > %s/log 2>&1); echo status=$?; grep -E '^CAMPAIGN' %s/log; "
        "echo \"SLOTS: starts=$(grep -c '^\\[job [01]\\] INFO: Seed:' %s/log) "
        "job0=$(grep -c '^\\[job 0\\] INFO: Seed:' %s/log) "
        "job1=$(grep -c '^\\[job 1\\] INFO: Seed:' %s/log) "
        "restartdirs=$(ls -a %s/out/corpus | grep -c restart) logs=$(ls %s | grep -c '^fuzz-')\"; "
        "bin/ftfuzz triage %s/out --all --format json | python3 -c \"import json,sys; "
        "b=[b for b in json.load(sys.stdin)['bugs'] if b['kind']=='crash' and "
        "(b['origin'] or '').startswith('crash_one.c:boom')]; print('crashes=%%d' %% len(b))\"",
        t, t, t, t, t, t, t, t, t, t);
    const char *done = "CAMPAIGN: done:";
    long runs = field(r.output, done, "runs"), restarts = field(r.output, done, "restarts");
    E2E_EXPECT(r, strstr(r.output, "(--runs reached)") != NULL);
    E2E_EXPECT(r, runs >= 300 && runs <= 301);
    E2E_EXPECT(r, restarts >= 2);
    const char *slots = "SLOTS:";
    E2E_EXPECT(r, field(r.output, slots, "job0") >= 2 && field(r.output, slots, "job1") >= 2);
    E2E_EXPECT(r, field(r.output, slots, "starts") == 2 + restarts);
    E2E_EXPECT(r, field(r.output, slots, "restartdirs") == 0 &&
                      field(r.output, slots, "logs") == 0);
    const char *c = strstr(r.output, "crashes=");
    E2E_EXPECT(r, c && atol(c + 8) == 1);
    char out[512];
    snprintf(out, sizeof out, "%s/out", t);
    e2e_expect_no_process_naming(out);
    free(r.output);
    e2e_cleanup(t);
}

/* probe_crash's boom() kills the process whatever it is given, and the argument probe
 * calls it between add(int) and name(str): the probe names boom as the call that killed
 * it, runs again past it, and still probes and seeds the other two (their seeds call
 * them with an int and a str). */
static void probe_survives_a_crashing_callable(void **state)
{
    (void)state;
    char *t = e2e_scratch("probecrash");
    struct e2e_result r = e2e_run(
        "bin/ftfuzz fuzz --module probe_crash --path build/fixtures --isolation inproc "
        "--runs 10 --time 0 --seed 1 --no-minimize --out %s/out > %s/log 2>&1; "
        "grep 'argument probe' %s/log; grep 'probed the argument kinds' %s/log; "
        "cat %s/out/probe.txt; for f in %s/out/corpus/containers/seed-probe-*; do "
        "bin/ftfuzz show $f --module probe_crash --path build/fixtures 2>/dev/null; done | "
        "grep -o 'probe_crash[.][a-z]*([^)]*)' | sort -u | sed 's/^/CALL: /'",
        t, t, t, t, t, t);
    E2E_EXPECT(r, strstr(r.output, "the argument probe's call of boom killed it") != NULL);
    E2E_EXPECT(r, strstr(r.output, "probed the argument kinds of 2 of 3 callables") != NULL);
    E2E_EXPECT(r, strstr(r.output, "\nadd int,bool\n") != NULL);
    E2E_EXPECT(r, strstr(r.output, "\nname str\n") != NULL);
    E2E_EXPECT(r, strstr(r.output, "\nboom all\n") != NULL);
    E2E_EXPECT(r, strstr(r.output, "CALL: probe_crash.add(0)") != NULL);
    E2E_EXPECT(r, strstr(r.output, "CALL: probe_crash.name('") != NULL);
    free(r.output);
    e2e_cleanup(t);
}

/* A fleet simulated on one machine: two campaigns (--jobs 1 each, other seeds), then merged
 * into a third directory, twice. The union of their findings and corpora, each finding's
 * hits the sum of its hits there, and the second merge adds nothing. */
static void merged_campaigns_lose_and_double_nothing(void **state)
{
    (void)state;
    char *t = e2e_scratch("merge");
    struct e2e_result r = e2e_run(
        "for s in 1 2; do bin/ftfuzz fuzz --runs 60 --time 0 --seed $s --no-minimize "
        "--out %s/c$s > %s/c$s.log 2>&1; done; "
        "bin/ftfuzz merge %s/m %s/c1 %s/c2 && bin/ftfuzz merge %s/m %s/c1 %s/c2 && "
        "python3 - %s <<'PY'\n"
        "import json, os, sys\n"
        "t = sys.argv[1]\n"
        "def store(d):\n"
        "    f = os.path.join(t, d, 'findings')\n"
        "    return {n: json.load(open(os.path.join(f, n, 'meta.json')))['hits']\n"
        "            for n in os.listdir(f) if not n.startswith('.')}\n"
        "def corpus(d):\n"
        "    return set(os.listdir(os.path.join(t, d, 'corpus', 'containers')))\n"
        "a, b, m = store('c1'), store('c2'), store('m')\n"
        "print('union', set(m) == set(a) | set(b), len(m), len(a), len(b))\n"
        "print('hits', all(m[n] == a.get(n, 0) + b.get(n, 0) for n in m))\n"
        "print('corpus', corpus('m') == corpus('c1') | corpus('c2'))\n"
        "PY\n", t, t, t, t, t, t, t, t, t);
    E2E_EXPECT(r, strstr(r.output, "union True") != NULL);
    E2E_EXPECT(r, strstr(r.output, "hits True") != NULL);
    E2E_EXPECT(r, strstr(r.output, "corpus True") != NULL);
    /* the second merge: everything known, no hit added */
    const char *second = strstr(r.output, "MERGE: ");
    for (int i = 0; second && i < 3; i++) /* c1, c2, the bug line of the first merge */
        second = strstr(second + 1, "MERGE: ");
    E2E_EXPECT(r, second && strstr(second, "findings new=0") && strstr(second, "hits_added=0"));
    E2E_EXPECT(r, strstr(r.output, "ERROR") == NULL);
    free(r.output);
    e2e_cleanup(t);
}

/* The closing line accounts for replays: runs = new_runs + replayed, and the status line
 * shows the rate of new runs and the corpus size. */
static void replay_accounting_adds_up(void **state)
{
    (void)state;
    char *t = e2e_scratch("acct");
    struct e2e_result r = e2e_run("bin/ftfuzz fuzz --runs 120 --time 0 --seed 1 --no-minimize "
                                  "--out %s/out", t);
    const char *done = "CAMPAIGN: done:";
    long runs = field(r.output, done, "runs"), fresh = field(r.output, done, "new_runs"),
         replayed = field(r.output, done, "replayed");
    E2E_EXPECT(r, runs >= 120 && fresh >= 0 && replayed > 0);
    E2E_EXPECT(r, runs == fresh + replayed);
    E2E_EXPECT(r, field(r.output, done, "restarts") >= 0 && field(r.output, done, "corpus") >= 0);
    E2E_EXPECT(r, strstr(r.output, "new/s=") != NULL && strstr(r.output, " corpus=") != NULL);
    free(r.output);
    e2e_cleanup(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_disk_stops_the_campaign),
        cmocka_unit_test(killed_campaigns_leftovers_are_removed),
        cmocka_unit_test(killed_workers_run_is_stored),
        cmocka_unit_test(time_holds_through_stuck_runs),
        cmocka_unit_test(module_calls_do_not_break_the_runner),
        cmocka_unit_test(crash_while_loading_follows_a_fault),
        cmocka_unit_test(campaign_explores_past_a_crashing_op),
        cmocka_unit_test(job_slots_restart_on_their_own),
        cmocka_unit_test(probe_survives_a_crashing_callable),
        cmocka_unit_test(replay_accounting_adds_up),
        cmocka_unit_test(merged_campaigns_lose_and_double_nothing),
    };
    const char *filter = getenv("E2E_FILTER");
    if (filter)
        cmocka_set_test_filter(filter);
    return cmocka_run_group_tests_name("campaign", tests, NULL, NULL);
}
