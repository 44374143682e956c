#!/usr/bin/env bash
# stdlib_sweep.sh - a --target stdlib sweep of SECONDS (default 600): its per-module table
# (turns, runs, new corpus inputs, findings) and the bugs whose origin is a stdlib module's
# own C code, by module. Usage: bench/stdlib_sweep.sh [SECONDS] [MODULES]  (MODULES: a,b,c;
# default every module the deny-list leaves). SWEEP_OUT=DIR keeps the sweep's output there
# (its findings, for telling new bugs from known ones) instead of a temporary directory.
set -u
cd "$(dirname "$0")/.."
seconds=${1:-600}
modules=${2:-}
if [ -n "${SWEEP_OUT:-}" ]; then
    out=$SWEEP_OUT
    mkdir -p "$out"
else
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
fi
args=(fuzz --target stdlib --time "$seconds" --seed 1 --no-minimize --out "$out")
# Without MODULES, a short slice (SWEEP_SLICE, default 7 s) spreads 600 s over as many of
# the ~85 modules as it reaches (a turn's probe and worker start come on top: 48 reached,
# bench/MEASUREMENTS.md); with MODULES, the sweep's own 60 s turns.
if [ -n "$modules" ]; then
    args+=(--modules "$modules")
else
    args+=(--slice "${SWEEP_SLICE:-7}")
fi
bin/ftfuzz "${args[@]}" > "$out/log" 2>&1
echo "sweep: $seconds s, exit $?"
grep '^SWEEP: ' "$out/log" | grep -v 'turn=' | sed 's/^SWEEP: //'
echo "bugs attributed to a module's own code (origin), by origin file:"
bin/ftfuzz triage "$out" --format json > "$out/bugs-list.json" 2>/dev/null
python3 - "$out/bugs-list.json" <<'PY'
import collections, json, sys
bugs = json.load(open(sys.argv[1])).get("bugs", [])
by = collections.Counter((b.get("origin") or "cpython").split(":")[0] for b in bugs)
for origin, n in sorted(by.items()):
    print(f"  {origin:32} {n}")
print(f"  bugs in all: {len(bugs)}")
print("the bugs in a module's own code (status, signatures, title):")
for b in sorted(bugs, key=lambda b: b.get("origin") or ""):
    if b.get("origin") not in (None, "cpython"):
        print(f"  {b.get('status', '?'):6} {b.get('signatures', 0):3} {b.get('title', '')}")
PY
