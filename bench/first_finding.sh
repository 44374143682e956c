#!/usr/bin/env bash
# first_finding.sh - seconds to the first finding attributed to each fixture module's own
# source (meta.json's origin; median of 5 seeds, each campaign capped at 300 s).
# Usage: bench/first_finding.sh [MODULE...]   (default: every racy_* fixture)
set -u
cd "$(dirname "$0")/.."
mods=("$@")
[ ${#mods[@]} -gt 0 ] || mods=($(ls tests/fixtures/racy_*.c | xargs -n1 basename | sed 's/\.c$//'))
# The module's own source files: the fixture and the header templates it includes.
sources_of() { echo "$1.c $(sed -n 's/^#include "\(.*\)"/\1/p' "tests/fixtures/$1.c")"; }
for m in "${mods[@]}"; do
  pattern=$(sources_of "$m" | tr ' ' '\n' | grep . | paste -sd'|')
  times=()
  for seed in 1 2 3 4 5; do
    out=$(mktemp -d)
    start=$(date +%s.%N)
    setsid bin/ftfuzz fuzz --module "$m" --path build/fixtures --seed "$seed" --time 300 \
      --out "$out" > "$out.log" 2>&1 &
    pid=$!
    found=inf
    while kill -0 "$pid" 2>/dev/null; do
      if grep -qsE "\"origin\": \"($pattern):" "$out"/findings/*/meta.json; then
        found=$(echo "$(date +%s.%N) - $start" | bc); break
      fi
      sleep 0.5
    done
    kill -INT -- -"$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    times+=("$found")
    rm -rf "$out" "$out.log"
  done
  median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 3p)
  printf '%-18s median %8s s   (all: %s)\n' "$m" "$median" "${times[*]}"
done
