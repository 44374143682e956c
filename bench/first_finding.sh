#!/usr/bin/env bash
# first_finding.sh - seconds to the first finding attributed to each fixture module's own
# source (meta.json's origin; median of SEEDS seeds, default 5, each campaign capped at
# 300 s). Covers the racy_* fixtures and the extension shapes of tests/fixtures/ext (a
# module named by its PyInit_, a C++ module, a package with a C submodule), built here.
# Usage: bench/first_finding.sh [MODULE...]   (default: all; ext shapes: fastcore,
#        cxx_tally, pkg)
set -u
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-5}
ext=$(mktemp -d)
trap 'rm -rf "$ext"' EXIT
# name -> the sources its origin may name, and how it is built into $ext
declare -A ext_sources=([fastcore]="renamed.c" [cxx_tally]="cxx_tally.cpp" [pkg]="pkg_core.c")
build_ext() {
  case "$1" in
  fastcore) bin/ftfuzz build-ext tests/fixtures/ext/renamed.c -o "$ext" ;;
  cxx_tally) bin/ftfuzz build-ext tests/fixtures/ext/cxx_tally.cpp -o "$ext" ;;
  pkg) bin/ftfuzz build-ext tests/fixtures/ext/pkg_core.c --name pkg._core -o "$ext" &&
       cp tests/fixtures/ext/pkg/__init__.py "$ext/pkg/" ;;
  esac > /dev/null
}
mods=("$@")
[ ${#mods[@]} -gt 0 ] ||
  mods=($(ls tests/fixtures/racy_*.c | xargs -n1 basename | sed 's/\.c$//') fastcore cxx_tally pkg)
# The module's own source files: the fixture and the header templates it includes.
sources_of() { echo "$1.c $(sed -n 's/^#include "\(.*\)"/\1/p' "tests/fixtures/$1.c")"; }
for m in "${mods[@]}"; do
  if [ -n "${ext_sources[$m]:-}" ]; then
    build_ext "$m" || { echo "$m: build-ext failed"; continue; }
    path=$ext pattern=${ext_sources[$m]}
  else
    path=build/fixtures pattern=$(sources_of "$m" | tr ' ' '\n' | grep . | paste -sd'|')
  fi
  times=()
  for seed in $(seq 1 "$SEEDS"); do
    out=$(mktemp -d)
    start=$(date +%s.%N)
    setsid bin/ftfuzz fuzz --module "$m" --path "$path" --seed "$seed" --time 300 \
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
  median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (SEEDS + 1) / 2 ))p")
  printf '%-18s median %8s s   (all: %s)\n' "$m" "$median" "${times[*]}"
done
