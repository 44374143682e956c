#!/usr/bin/env bash
# sched_effect.sh - what schedule points are worth: each finding whose program has them is
# replayed N times as found and N times without them (repro --no-sched); a point earns its
# place if the first rate beats the second. Timing-dependent kinds (crash, atomicity) are
# what the points are for; races are listed too.
# Usage: bench/sched_effect.sh [FINDINGS_DIR|CAMPAIGN_SECONDS] [RUNS]
#   default: a 240 s containers campaign (seed 11), then 10 runs each way.
set -u
cd "$(dirname "$0")/.."
arg=${1:-240}
runs=${2:-10}
if [ -d "$arg" ]; then
  dir=$arg
else
  dir=$(mktemp -d)
  bin/ftfuzz fuzz --time "$arg" --seed 11 --no-minimize --out "$dir" > "$dir.log" 2>&1
  dir=$dir/findings
fi
rate() { bin/ftfuzz repro "$1" --runs "$runs" $2 2>/dev/null |
         sed -n 's/^reproduced \([0-9]*\)\/.*/\1/p' | tail -1; }
printf '%-10s %-60s %6s %8s %8s\n' kind summary points with without
tw=0; two=0; n=0
for f in "$dir"/*/; do
  kind=$(basename "$f" | cut -d- -f1)
  case $kind in crash|atomicity|race) ;; *) continue ;; esac
  points=$(bin/ftfuzz repro "$f" --runs 1 --no-sched 2>/dev/null |
           sed -n "s/^INFO: replaying without the program's \([0-9]*\) schedule points/\1/p")
  [ "${points:-0}" -gt 0 ] || continue
  w=$(rate "$f" ""); wo=$(rate "$f" --no-sched)
  summary=$(sed -n 's/.*"summary": "\(.*\)",*$/\1/p' "$f/meta.json" | cut -c1-60)
  printf '%-10s %-60s %6s %5s/%s %5s/%s\n' "$kind" "$summary" "$points" "${w:-0}" "$runs" "${wo:-0}" "$runs"
  tw=$((tw + ${w:-0})); two=$((two + ${wo:-0})); n=$((n + 1))
done
echo "findings with schedule points: $n; reproduced with them: $tw/$((n * runs)), without: $two/$((n * runs))"
