#!/usr/bin/env bash
# rss_campaign.sh - RSS of the fuzzing worker over a campaign (default 30 minutes), sampled
# every 30 s. A worker is replaced after a crash, a hang, or when it passes --worker-rss
# (default 2048 MB), so the figures are per worker: growth from the 5-minute mark within
# the first worker that lived that long, the peak over all workers, and the replacements.
# Usage: bench/rss_campaign.sh [SECONDS] [OUT] [extra fuzz options...]
set -u
cd "$(dirname "$0")/.."
secs=${1:-1800}
out=${2:-$(mktemp -d)}
shift 2 2>/dev/null || shift $#
bin/ftfuzz fuzz --time "$secs" --out "$out" "$@" > "$out.log" 2>&1 &
parent=$!
samples=()
t=0
while kill -0 "$parent" 2>/dev/null; do
  sleep 30; t=$((t + 30))
  w=$(pgrep -P "$parent" -f -- '-max_total_time' | head -1)
  [ -n "$w" ] || continue
  rss=$(awk '/VmRSS/ {print $2}' /proc/"$w"/status 2>/dev/null)
  [ -n "$rss" ] && samples+=("$t:$w:$rss") &&
    echo "t=${t}s worker=$w rss=${rss}kB corpus=$(ls "$out"/corpus/containers | wc -l)"
done
printf '%s\n' "${samples[@]}" | awk -F: '
  { if ($3 > peak) peak = $3 }
  $1 >= 300 && !w5 { w5 = $2; at5 = $3 }
  w5 && $2 == w5 { last = $3; lt = $1 }
  END {
    printf "peak RSS over all workers: %d kB\n", peak
    if (w5) printf "worker alive at 5 min: %d kB then, %d kB at %ds: growth %d%%\n", at5, last, lt, (last - at5) * 100 / at5
  }'
grep -h '^CAMPAIGN: done' "$out.log"
echo "findings:"; bin/ftfuzz triage "$out" | head -40
echo "log: $out.log"
