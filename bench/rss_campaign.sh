#!/usr/bin/env bash
# rss_campaign.sh - RSS of the fuzzing worker over a campaign (default 30 minutes), sampled
# every 30 s; flat means growth under 10% after the first 5 minutes.
# Usage: bench/rss_campaign.sh [SECONDS] [OUT]
set -u
cd "$(dirname "$0")/.."
secs=${1:-1800}
out=${2:-$(mktemp -d)}
bin/ftfuzz fuzz --time "$secs" --out "$out" > "$out.log" 2>&1 &
parent=$!
samples=()
t=0
while kill -0 "$parent" 2>/dev/null; do
  sleep 30; t=$((t + 30))
  w=$(pgrep -P "$parent" | head -1)
  [ -n "$w" ] || continue
  rss=$(awk '/VmRSS/ {print $2}' /proc/"$w"/status 2>/dev/null)
  [ -n "$rss" ] && samples+=("$t:$rss") && echo "t=${t}s rss=${rss}kB corpus=$(ls "$out"/corpus/containers | wc -l)"
done
at5=$(printf '%s\n' "${samples[@]}" | awk -F: '$1>=300 {print $2; exit}')
last=$(printf '%s\n' "${samples[@]}" | tail -1 | cut -d: -f2)
if [ -n "$at5" ] && [ -n "$last" ]; then
  echo "RSS at 5 min: ${at5} kB, at end: ${last} kB, growth: $(( (last - at5) * 100 / at5 ))%"
fi
echo "findings:"; bin/ftfuzz triage "$out" | head -40
echo "log: $out.log"
