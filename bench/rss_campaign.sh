#!/usr/bin/env bash
# rss_campaign.sh - RSS of the fuzzing worker over a campaign (default 30 minutes), sampled
# every 10 s. A worker is replaced after a crash, a hang, or when it passes --worker-rss
# (default 2048 MB); on the containers target CPython's own crashes replace it every
# half minute or so, so no single worker shows a trend. The figure for "flat" is the
# median of all samples in each 5-minute window, and the growth from the 5-10 minute
# window to the last; also the peak, and growth within the worker alive at 5 minutes.
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
  sleep 10; t=$((t + 10))
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
# Median RSS per 5-minute window (every worker's samples in it).
printf '%s\n' "${samples[@]}" | awk -F: '{ print int(($1 - 1) / 300), $3 }' | sort -n -k1,1 -k2,2 |
  awk '{ v[$1, n[$1]++] = $2; if ($1 > last) last = $1 }
    END {
      for (w = 0; w <= last; w++) {
        if (!n[w]) continue
        m = v[w, int(n[w] / 2)]; med[w] = m
        printf "window %2d-%2d min: median RSS %d kB over %d samples\n", w * 5, w * 5 + 5, m, n[w]
      }
      if (last >= 2 && med[1]) printf "median RSS growth from the 5-10 min window to the last: %d%%\n", (med[last] - med[1]) * 100 / med[1]
    }'
grep -h '^CAMPAIGN: done' "$out.log"
echo "findings:"; bin/ftfuzz triage "$out" | head -40
echo "log: $out.log"
