#!/usr/bin/env bash
# deps.sh - install what ftfuzz needs from Debian, quietly and only when something is missing.
set -euo pipefail

# Toolchain and libraries ftfuzz links against.
PKGS=(clang-19 llvm-19 libclang-rt-19-dev lld-19 libxxhash-dev xxhash libcmocka-dev libjansson-dev
      dpkg-dev xz-utils util-linux)
# gdb: C stacks of every thread in a hang finding (harness/worker/stuck_run.c).
PKGS+=(gdb)
# CPython's own build dependencies (headers for the stdlib's C modules).
PKGS+=(pkg-config libffi-dev zlib1g-dev libssl-dev libbz2-dev liblzma-dev libsqlite3-dev
       libreadline-dev libncurses-dev libexpat1-dev uuid-dev)

# `deps.sh --test`: also what the end-to-end tests use (python3 reads the JSON and XML they
# check, headless chromium renders the HTML report: tests/e2e/test_nightly.c).
if [ "${1:-}" = "--test" ]; then
  PKGS+=(python3 chromium)
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# deb-src entries, derived from the machine's own Debian sources (no mirror is named here).
SRC_LIST=/etc/apt/sources.list.d/ftfuzz-deb-src.sources
need_update=0
if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  tmp=$(mktemp)
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    grep -qi 'debian' "$f" || continue
    # Keep the main Debian archive stanza (not -security), as deb-src for the suites that
    # carry python3.13 and newer: the machine's release is older than free-threading.
    awk 'BEGIN{RS=""; ORS="\n\n"}
         /Types:[ \t]*deb/ && /debian/ && !/security/ {
           sub(/Types:[ \t]*deb[^\n]*/, "Types: deb-src")
           sub(/Suites:[^\n]*/, "Suites: trixie sid")
           print }' "$f" >> "$tmp"
  done
  if [ ! -s "$tmp" ] && [ -f /etc/apt/sources.list ]; then
    sed -n '/security/d; s/^deb \([^ ]*\) [^ ]* \(.*\)$/deb-src \1 trixie \2\ndeb-src \1 sid \2/p' \
      /etc/apt/sources.list > "$tmp.list"
    [ -s "$tmp.list" ] && { $SUDO install -m 644 "$tmp.list" /etc/apt/sources.list.d/ftfuzz-deb-src.list; need_update=1; }
    rm -f "$tmp.list"
  elif [ -s "$tmp" ]; then
    $SUDO install -m 644 "$tmp" "$SRC_LIST"
    need_update=1
  fi
  rm -f "$tmp"
fi

if [ ${#missing[@]} -gt 0 ] || [ $need_update -eq 1 ]; then
  echo "deps: installing ${missing[*]:-deb-src entries}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  if [ ${#missing[@]} -gt 0 ]; then
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
