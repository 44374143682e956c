#!/usr/bin/env bash
# corpus_growth.sh - corpus entries added per minute with edge-only features (ftfuzz's
# default, -use_counters=0) and with libFuzzer's hit-count buckets (-use_counters=1).
# Usage: bench/corpus_growth.sh [SECONDS]
set -u
cd "$(dirname "$0")/.."
secs=${1:-120}
for counters in 0 1; do
  out=$(mktemp -d)
  bin/ftfuzz fuzz --time "$secs" --seed 7 --out "$out" -- -use_counters=$counters > "$out.log" 2>&1
  n=$(ls "$out"/corpus/containers | wc -l)
  runs=$(grep -oE '^#[0-9]+' "$out.log" | tail -1 | tr -d '#')
  echo "use_counters=$counters: $n corpus entries in ${secs}s ($(( n * 60 / secs ))/min, ${runs:-?} runs)"
  rm -rf "$out" "$out.log"
done
