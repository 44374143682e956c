#!/usr/bin/env bash
# cpython.sh - build a free-threaded CPython with TSan and libFuzzer coverage into the cache.
#
# Usage: ci/build/cpython.sh OUT.mk CACHEKEY-TOOL   (the Makefile's `cpython` target runs this)
#   CPYTHON_SRC   a tarball or a source checkout (default: newest python3.13 Debian source
#                 package that downloads)
#   FTFUZZ_CACHE  where builds live (default ~/.cache/ftfuzz)
#   PY            CPython series for the Debian source package (default 3.13)
#   CPYTHON_KEY_ONLY=1  print cpython-VERSION-KEY (the cache entry's name) and stop
# Writes OUT.mk (make variables naming the prefix) only when it changes.
# Exit codes: 0 ok, 2 bad input (CPYTHON_SRC) or a failed build.
set -euo pipefail

OUT_MK=${1:?usage: ci/build/cpython.sh OUT.mk CACHEKEY-TOOL}
CACHEKEY=${2:?usage: ci/build/cpython.sh OUT.mk CACHEKEY-TOOL}
OUT_MK=$(realpath -m "$OUT_MK"); CACHEKEY=$(realpath -m "$CACHEKEY")
CACHE=${FTFUZZ_CACHE:-$HOME/.cache/ftfuzz}
PY=${PY:-3.13}
CC=${CC_CPYTHON:-clang-19}
CXX=${CXX_CPYTHON:-clang++-19}
# Everything that changes the build's output feeds the cache key: the source, these flags,
# the compiler's version and RECIPE (bump it when a change below alters what gets built).
RECIPE=1
CONFIG_FLAGS=(--disable-gil --with-thread-sanitizer --with-ensurepip=no --disable-test-modules)
COV_FLAGS="-fsanitize=fuzzer-no-link"
# The parser and the compiler go without TSan's access checks (why: that file's header).
# CFLAGS_NODIST reaches CPython's own objects only, never extension builds.
IGNORELIST=$(cd "$(dirname "$0")" && pwd)/cpython-tsan-ignore.txt

die() { echo "cpython: error: $*" >&2; exit 2; }


# --- 1. find the source -----------------------------------------------------------------
debian_source() {
  # Newest python$PY source package whose files actually download, cached once fetched.
  local versions v dl
  versions=$(apt-cache showsrc "python$PY" 2>/dev/null | sed -n 's/^Version: //p' | sort -rV | uniq)
  [ -n "$versions" ] || die "no python$PY source package known to apt (run: make deps)"
  for v in $versions; do
    dl="$CACHE/src/python$PY-$v"
    mkdir -p "$CACHE/src"
    if [ -f "$dl/.complete" ]; then echo "$dl"; return; fi
    rm -rf "$dl.tmp"; mkdir -p "$dl.tmp"
    if (cd "$dl.tmp" && apt-get source --download-only -qq "python$PY=$v" >/dev/null 2>&1) \
       && ls "$dl.tmp"/*.orig.tar.* >/dev/null 2>&1; then
      rm -rf "$dl"; mv "$dl.tmp" "$dl"; touch "$dl/.complete"; echo "$dl"; return
    fi
    rm -rf "$dl.tmp"
    echo "cpython: python$PY=$v does not download; trying an older one" >&2
  done
  die "no python$PY source package downloads"
}

if [ -n "${CPYTHON_SRC:-}" ]; then
  SRC=$(realpath -m "$CPYTHON_SRC")
  [ -e "$SRC" ] || die "CPYTHON_SRC=$CPYTHON_SRC does not exist"
else
  SRC=$(ls "$(debian_source)"/*.orig.tar.* | head -n1)
fi

# --- 2. the cache key: xxh3 of the source and of everything that shapes the build --------
if [ -d "$SRC" ]; then
  [ -f "$SRC/Include/patchlevel.h" ] && [ -f "$SRC/configure" ] \
    || die "CPYTHON_SRC=$SRC is not a CPython source tree (no Include/patchlevel.h or configure)"
  PATCHLEVEL=$(cat "$SRC/Include/patchlevel.h")
elif [ -f "$SRC" ]; then
  PATCHLEVEL=$(tar -xOf "$SRC" --wildcards '*/Include/patchlevel.h' 2>/dev/null) \
    || die "CPYTHON_SRC=$SRC is not a readable CPython tarball (no */Include/patchlevel.h)"
else
  die "CPYTHON_SRC=$SRC is neither a file nor a directory"
fi
VERSION=$(printf '%s\n' "$PATCHLEVEL" | sed -n 's/^#define PY_VERSION[[:space:]]*"\([^"]*\)".*/\1/p')
[ -n "$VERSION" ] || die "$SRC: no PY_VERSION in Include/patchlevel.h"
MAJOR=$(echo "$VERSION" | cut -d. -f1); MINOR=$(echo "$VERSION" | cut -d. -f2)
if [ "$MAJOR" -lt 3 ] || { [ "$MAJOR" -eq 3 ] && [ "$MINOR" -lt 13 ]; }; then
  die "$SRC is CPython $VERSION; free-threading needs 3.13 or newer"
fi
KEY=$("$CACHEKEY" "$SRC" "${CONFIG_FLAGS[*]} $COV_FLAGS" "$("$CC" --version | head -n1)" \
        "recipe $RECIPE" "$(grep -v '^#' "$IGNORELIST")") || die "cannot hash $SRC"
NAME="cpython-$VERSION-$KEY"
PREFIX="$CACHE/$NAME"
# CPYTHON_KEY_ONLY=1 (make cpython-key): print the build's name and stop, so a CI cache can
# be keyed on it before anything is built.
if [ -n "${CPYTHON_KEY_ONLY:-}" ]; then echo "$NAME"; exit 0; fi
LOG="$CACHE/logs/$NAME.log"

write_mk() {
  local series="$MAJOR.$MINOR" tmp
  tmp=$(mktemp "$OUT_MK.XXXXXX")
  {
    echo "# written by ci/build/cpython.sh: the CPython build ftfuzz links against"
    echo "PY_PREFIX := $PREFIX"
    echo "PY_VERSION := $VERSION"
    echo "PY_SERIES := $series"
    echo "PY_LIBPYTHON := $PREFIX/lib/libpython${series}t.a"
    echo "PY_INCLUDE := $PREFIX/include/python${series}t"
    echo "PY_EXE := $PREFIX/bin/python${series}t"
  } > "$tmp"
  if cmp -s "$tmp" "$OUT_MK"; then rm -f "$tmp"; else mv "$tmp" "$OUT_MK"; fi
}

# --- 3. reuse, or build under a lock ------------------------------------------------------
# A prefix is valid only once .ftfuzz-complete exists; it is renamed into place last.
if [ -f "$PREFIX/.ftfuzz-complete" ]; then write_mk; echo "cpython: reusing $PREFIX" >&2; exit 0; fi

mkdir -p "$CACHE/logs"
exec 9>"$CACHE/.lock-$KEY"
flock 9
if [ -f "$PREFIX/.ftfuzz-complete" ]; then write_mk; echo "cpython: reusing $PREFIX" >&2; exit 0; fi

WORK=$(mktemp -d "$CACHE/.build-$KEY.XXXXXX")
STAGE="$PREFIX.partial.$$"
cleanup() { rm -rf "$WORK" "$STAGE"; }
trap cleanup EXIT
trap 'exit 2' INT TERM

fail() {
  # A full disk also cuts the log short, so say so from df before the cleanup frees space.
  local free_kb
  free_kb=$(df -Pk "$CACHE" 2>/dev/null | awk 'NR == 2 {print $4}')
  echo "cpython: error: $1 failed; log: $LOG" >&2
  if [ -n "$free_kb" ] && [ "$free_kb" -lt 1024 ]; then
    echo "cpython: error: the disk holding $CACHE is full (${free_kb} kB free)" >&2
  fi
  grep -nE '(error|Error|No space left)' "$LOG" | tail -n 15 >&2 || tail -n 15 "$LOG" >&2
  exit 2
}

echo "cpython: building CPython $VERSION into $PREFIX (log: $LOG)" >&2
: > "$LOG"
if [ -d "$SRC" ]; then
  mkdir -p "$WORK/src"
  (cd "$SRC" && tar --exclude=.git -cf - .) | (cd "$WORK/src" && tar -xf -) >>"$LOG" 2>&1 || fail "copy"
else
  tar -xf "$SRC" -C "$WORK" >>"$LOG" 2>&1 || die "CPYTHON_SRC=$SRC: broken tarball (see $LOG)"
  mv "$WORK"/*/ "$WORK/src" 2>/dev/null || die "$SRC: unexpected tarball layout"
fi
[ -f "$WORK/src/Tools/tsan/suppressions_free_threading.txt" ] \
  || echo "cpython: warning: no Tools/tsan/suppressions_free_threading.txt in $SRC" >&2

mkdir -p "$WORK/build"
cd "$WORK/build"
echo "== configure" >>"$LOG"
CC=$CC CXX=$CXX CFLAGS="$COV_FLAGS" LDFLAGS="$COV_FLAGS" \
  CFLAGS_NODIST="-fsanitize-ignorelist=$IGNORELIST" ../src/configure "${CONFIG_FLAGS[@]}" --prefix="$PREFIX" >>"$LOG" 2>&1 || fail "configure"
echo "== make" >>"$LOG"
make -j"$(nproc)" >>"$LOG" 2>&1 || fail "make"
echo "== install" >>"$LOG"
# Install into a staging root, then move it to the final name: a half prefix never
# carries the final name.
make install DESTDIR="$WORK/dest" >>"$LOG" 2>&1 || fail "make install"
mv "$WORK/dest$PREFIX" "$STAGE"
if [ -f "$WORK/src/Tools/tsan/suppressions_free_threading.txt" ]; then
  cp "$WORK/src/Tools/tsan/suppressions_free_threading.txt" "$STAGE/tsan-suppressions.txt"
else
  : > "$STAGE/tsan-suppressions.txt"
fi
"$STAGE/bin/python${MAJOR}.${MINOR}t" -c 'import sys; sys.exit(sys._is_gil_enabled())' >>"$LOG" 2>&1 \
  || echo "cpython: warning: staged interpreter did not run from staging path" >&2
echo "$VERSION $KEY $SRC" > "$STAGE/.ftfuzz-complete"
rm -rf "$PREFIX"
mv "$STAGE" "$PREFIX"
write_mk
echo "cpython: built $PREFIX" >&2
