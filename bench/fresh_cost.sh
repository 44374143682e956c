#!/usr/bin/env bash
# fresh_cost.sh - what a fresh-state run costs: programs per second of a bounded campaign on
# a fixture module with every run in process, every run fresh (a child of the zygote), and
# auto (in process, one run in 8 fresh). The mix in harness/worker/engine.c comes from this.
# Usage: bench/fresh_cost.sh [RUNS] [MODULE]   (default: 400 racy_lazy)
set -u
cd "$(dirname "$0")/.."
runs=${1:-400}
mod=${2:-racy_lazy}
for iso in inproc fresh auto; do
  out=$(mktemp -d)
  start=$(date +%s.%N)
  bin/ftfuzz fuzz --module "$mod" --path build/fixtures --isolation "$iso" --seed 1 \
    --runs "$runs" --time 0 --no-minimize --out "$out" > "$out.log" 2>&1
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  done_runs=$(sed -n 's/^CAMPAIGN: done: runs=\([0-9]*\).*/\1/p' "$out.log")
  printf '%-7s %5s runs in %7.1f s: %6.1f programs/s\n' "$iso" "${done_runs:-?}" "$secs" \
    "$(echo "${done_runs:-0} / $secs" | bc -l)"
  rm -rf "$out" "$out.log"
done
