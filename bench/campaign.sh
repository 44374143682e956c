#!/bin/sh
# campaign.sh - does the default campaign explore? replayed/runs, new runs/s against the
# throughput limit at the campaign's own program shape, and edge coverage and bugs at 1, 5
# and 10 minutes; with FTFUZZ_OLD=BINARY the same figures for an older ftfuzz, side by side.
# usage: [FTFUZZ_OLD=path/to/old/bin/ftfuzz] [FTFUZZ_FLAGS='-- -fork=1 ...'] \
#        bench/campaign.sh [SECONDS]        (default 600; the campaigns run one after the other)
# FTFUZZ_OLD must be the bin/ftfuzz of a checkout (a git worktree of the old commit): ftfuzz
# reads fuzz/<target>.options beside its bin/, and a copy elsewhere runs without them.
set -eu
seconds=${1:-600}
tmp=$(mktemp -d /tmp/ftfuzz-bench-campaign-XXXXXX)
export DEBUGINFOD_URLS=
flags=${FTFUZZ_FLAGS:-}

# run NAME BINARY: one default campaign into $tmp/NAME (its log: $tmp/NAME.log)
run() {
    # shellcheck disable=SC2086 # FTFUZZ_FLAGS is a list of flags
    "$2" fuzz --time "$seconds" --out "$tmp/$1" $flags > "$tmp/$1.log" 2>&1 || [ $? -le 1 ]
}

# shape NAME: median threads and iterations of the programs in its corpus (ftfuzz show)
shape() {
    for f in $(ls "$tmp/$1/corpus/containers" | head -40); do
        bin/ftfuzz show "$tmp/$1/corpus/containers/$f" 2>/dev/null |
            awk '/^def t[0-9]+\(\):/{t++} /for _i in range\(/{match($0,/range\([0-9]+/);
                 it+=substr($0,RSTART+6,RLENGTH-6); n++} END{if (t) print t, int(it/(n?n:1))}'
    done | sort -n | awk '{t[NR]=$1; i[NR]=$2} END{if (NR) print t[int((NR+1)/2)], i[int((NR+1)/2)]; else print 4, 50}'
}

run new bin/ftfuzz
[ -n "${FTFUZZ_OLD:-}" ] && run old "$FTFUZZ_OLD"
set -- $(shape new)
threads=$1 iters=$2
make -s build/bench/throughput
limit=$(build/bench/throughput 100 "$threads" "$iters" | sed -n 's/^physical limit: *\([0-9.]*\).*/\1/p')
echo "campaign program shape (median of its corpus): $threads threads x $iters iterations;" \
     "throughput limit $limit programs/s"

python3 - "$tmp" "$seconds" "$limit" ${FTFUZZ_OLD:+old} <<'PY'
import re, sys
tmp, seconds, limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3] or 0)
names = ["new"] + sys.argv[4:]

def figures(name):
    log = open(f"{tmp}/{name}.log", errors="replace").read().splitlines()
    f = {}
    done = [l for l in log if l.startswith("CAMPAIGN: done:")]
    kv = dict(re.findall(r"(\w+)=([0-9.]+)", done[-1])) if done else {}
    runs = int(kv.get("runs", 0))
    if "replayed" in kv:
        replayed = int(kv["replayed"])
    else:
        # An older binary: each worker replayed one empty input and its corpus files, or
        # as many as it ran before dying (libFuzzer's final stats).
        replayed, queued = 0, None
        for l in log:
            m = re.search(r"INFO: seed corpus: files: (\d+)", l)
            if m:
                queued = int(m.group(1)) + 1
            m = re.search(r"stat::number_of_executed_units: (\d+)", l)
            if m and queued is not None:
                replayed += min(queued, int(m.group(1)))
                queued = None
    elapsed = float(kv.get("elapsed", seconds) or seconds)
    f["runs"] = runs
    f["replayed/runs"] = f"{100.0 * replayed / runs:.1f}%" if runs else "-"
    new_rate = (runs - replayed) / elapsed if elapsed else 0
    f["new runs/s"] = f"{new_rate:.1f}"
    f["new runs/s / limit"] = f"1/{limit / new_rate:.1f}" if new_rate and limit else "-"
    f["restarts"] = kv.get("restarts", "-")
    f["corpus"] = kv.get("corpus", "-")
    # edge coverage (the highest a worker, or fork mode's parent, printed so far) and bugs
    # (the FINDINGS: status lines) at 1, 5 and 10 minutes
    cov, bugs, t = 0, 0, 0.0
    marks = [m for m in (60, 300, 600) if m <= seconds] or [seconds]
    at = {}
    for l in log:
        m = re.search(r"cov: (\d+)", l)
        if m:
            cov = max(cov, int(m.group(1)))
        m = re.match(r"FINDINGS: bugs=(\d+).* elapsed=(\d+)s", l)
        if m:
            bugs, t = int(m.group(1)), float(m.group(2))
            for mk in marks:
                if t <= mk + 5:
                    at[mk] = (cov, bugs)
    for mk in marks:
        c, b = at.get(mk, (cov, bugs))
        f[f"cov @{mk // 60}min"] = c
        f[f"bugs @{mk // 60}min"] = b
    return f

table = {n: figures(n) for n in names}
keys = list(table["new"].keys())
print(f"{'':22}" + "".join(f"{n:>14}" for n in names))
for k in keys:
    print(f"{k:22}" + "".join(f"{str(table[n].get(k, '-')):>14}" for n in names))
PY
echo "logs and outputs: $tmp"
