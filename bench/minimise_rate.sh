#!/usr/bin/env bash
# minimise_rate.sh - for raw race findings of a campaign: ops and threads before and after
# `ftfuzz minimize`, its rates before/after, and what `ftfuzz repro --runs 10` then says.
# Usage: bench/minimise_rate.sh [MODULE|containers] [SEED...]
#   MODULE: a fixture module (its first race in its own source is taken);
#   containers: the built-in containers target (its first race, CPython's own).
# Defaults: racy_global, seeds 1 2 3 4 5. A campaign stops at its first finding (at most
# 3000 runs, in process, without the module seeds, so the finding is a raw one). MIN_TIME
# (default 600) caps each minimisation, in seconds. FTFUZZ_OLD=<a checkout's bin/ftfuzz>
# minimises a copy of the same finding with that binary too, and prints its row below
# (the wall time of each minimisation is in its row). LOGS=DIR keeps each minimisation's log
# there, as seed-N-new.log and seed-N-old.log.
set -u
cd "$(dirname "$0")/.."
target=${1:-racy_global}
shift || true
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3 4 5)
if [ "$target" = containers ]; then
  fuzz_args=(--threads 6); pattern=.
else
  fuzz_args=(--module "$target" --path build/fixtures --threads 6 --no-seeds)
  pattern="$target"
fi
good=0; total=0
for seed in "${seeds[@]}"; do
  out=$(mktemp -d /tmp/ftfuzz-minrate-XXXXXX)
  bin/ftfuzz fuzz "${fuzz_args[@]}" --runs 3000 --seed "$seed" --time 0 --no-minimize \
    --stop-on-finding --isolation inproc --out "$out" > "$out/fuzz.log" 2>&1
  report=$(grep -l "$pattern" "$out"/findings/race-*/report.txt 2>/dev/null | head -1)
  if [ -z "$report" ]; then
    printf 'seed %-3s no race found in 3000 runs\n' "$seed"; rm -rf "$out"; continue
  fi
  finding=$(dirname "$report")
  module_args=()
  [ "$target" = containers ] || module_args=(--path build/fixtures)
  [ -n "${FTFUZZ_OLD:-}" ] && cp -r "$finding" "$out/old-finding"
  summary=$(sed -n 's/.*"summary": "\(.*\)",/\1/p' "$finding/meta.json")
  for which in new old; do
    exe=bin/ftfuzz dir=$finding
    if [ "$which" = old ]; then
      [ -n "${FTFUZZ_OLD:-}" ] || break
      exe=$FTFUZZ_OLD dir=$out/old-finding
    fi
    start=$(date +%s)
    "$exe" minimize "$dir" "${module_args[@]}" --time "${MIN_TIME:-600}" > "$out/min-$which.log" 2>&1
    took=$(( $(date +%s) - start ))
    [ -n "${LOGS:-}" ] && mkdir -p "$LOGS" && cp "$out/min-$which.log" "$LOGS/seed-$seed-$which.log"
    done_line=$(sed -n 's/.*MIN: done: //p' "$out/min-$which.log")
    rep=$("$exe" repro "$dir" "${module_args[@]}" --runs 10 2>&1 | sed -n 's/^reproduced //p')
    printf 'seed %-3s %-3s %4ss %s | repro %s | %s\n' "$seed" "$which" "$took" "$done_line" \
      "$rep" "$summary"
    [ "$which" = new ] || continue
    total=$((total + 1))
    [ "${rep%%/*}" -ge 9 ] 2>/dev/null && good=$((good + 1))
  done
  rm -rf "$out"
done
echo "minimised findings replaying >= 9/10: $good of $total"
