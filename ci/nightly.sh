#!/usr/bin/env bash
# nightly.sh - one night of CI fuzzing: restore the corpus, fuzz, minimise the new bugs,
# merge the night's inputs into the saved corpus, compare with the baseline, write results.
#
# Settings (environment variables; `make nightly VAR=...` passes them too):
#   NIGHTLY_TIME           seconds of fuzzing (default 3600; 0: bounded by NIGHTLY_RUNS only)
#   NIGHTLY_RUNS           programs to run, across worker restarts (default 0: no bound)
#   NIGHTLY_SEED           libFuzzer seed (default 0: a new one each night)
#   NIGHTLY_MINIMIZE_TIME  cap on minimising one new bug, seconds (default 300)
#   NIGHTLY_FUZZ_ARGS      more `ftfuzz fuzz` options, split on spaces (e.g. "--threads 8")
#   JOBS                   worker slots, ftfuzz fuzz --jobs (default 1)
#   CORPUS_DIR             the corpus kept from night to night (default ftfuzz-nightly/corpus);
#                          created when missing; the campaign adds to it as it runs
#   BASELINE               a known-bugs file, e.g. last night's known.txt (default: none)
#   OUT                    where the results go (default ftfuzz-nightly/out)
#   TARGET                 containers (default), report-parser or decoder
#   MODULE, MODULE_PATH, MODULE_SPEC   fuzz an extension module (ftfuzz fuzz --module ...)
#   NIGHTLY_SCOPE          all (default) or module: with module, a bug entirely in CPython's
#                          code is listed as known (reference cpython), so only the module's
#                          own new bugs fail the night (ftfuzz --scope module)
#   SOURCE_ROOT            SARIF paths under it are written relative to it (default:
#                          GITHUB_WORKSPACE, else the current directory)
#   FTFUZZ                 the ftfuzz binary (default: bin/ftfuzz of this checkout)
# Exit status: 0 no new bug, 1 new bugs, 2 a usage or environment error (before anything
# is fuzzed when the settings are wrong).
set -uo pipefail

log() { echo "NIGHTLY: $*"; }
die() {
  echo "ERROR: $*" >&2
  exit 2
}

if [ $# -gt 0 ]; then
  case "$1" in
  -h | --help) sed -n '2,/^# Exit status/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) die "nightly.sh takes no arguments, only environment settings (got '$1'; see --help)" ;;
  esac
fi

here=$(cd "$(dirname "$0")/.." && pwd)
NIGHTLY_TIME=${NIGHTLY_TIME:-3600}
NIGHTLY_RUNS=${NIGHTLY_RUNS:-0}
NIGHTLY_SEED=${NIGHTLY_SEED:-0}
NIGHTLY_MINIMIZE_TIME=${NIGHTLY_MINIMIZE_TIME:-300}
NIGHTLY_FUZZ_ARGS=${NIGHTLY_FUZZ_ARGS:-}
JOBS=${JOBS:-1}
CORPUS_DIR=${CORPUS_DIR:-ftfuzz-nightly/corpus}
BASELINE=${BASELINE:-}
OUT=${OUT:-ftfuzz-nightly/out}
TARGET=${TARGET:-containers}
MODULE=${MODULE:-}
MODULE_PATH=${MODULE_PATH:-}
MODULE_SPEC=${MODULE_SPEC:-}
NIGHTLY_SCOPE=${NIGHTLY_SCOPE:-all}
SOURCE_ROOT=${SOURCE_ROOT:-${GITHUB_WORKSPACE:-$PWD}}
FTFUZZ=${FTFUZZ:-$here/bin/ftfuzz}

# --- the settings, checked before anything runs --------------------------------------------
for v in NIGHTLY_TIME NIGHTLY_RUNS NIGHTLY_SEED NIGHTLY_MINIMIZE_TIME JOBS; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v=${!v}: not a whole number"
done
[ "$JOBS" -ge 1 ] || die "JOBS=0: at least one job"
[ "$NIGHTLY_MINIMIZE_TIME" -ge 1 ] || die "NIGHTLY_MINIMIZE_TIME=0: at least one second"
[ "$NIGHTLY_TIME" -gt 0 ] || [ "$NIGHTLY_RUNS" -gt 0 ] ||
  die "NIGHTLY_TIME=0 and NIGHTLY_RUNS=0: the campaign would never end"
case "$NIGHTLY_SCOPE" in
all | module) ;;
*) die "NIGHTLY_SCOPE=$NIGHTLY_SCOPE: all or module" ;;
esac
[ "$NIGHTLY_SCOPE" = all ] || [ -n "$MODULE" ] || die "NIGHTLY_SCOPE=module needs MODULE"
[ -x "$FTFUZZ" ] || die "$FTFUZZ: no ftfuzz binary (run make ftfuzz, or set FTFUZZ)"
FTFUZZ=$(realpath "$FTFUZZ")
if [ -n "$MODULE_PATH" ]; then
  [ -d "$MODULE_PATH" ] || die "MODULE_PATH=$MODULE_PATH: not a directory"
  MODULE_PATH=$(realpath "$MODULE_PATH")
fi
if [ -n "$MODULE_SPEC" ]; then
  [ -f "$MODULE_SPEC" ] || die "MODULE_SPEC=$MODULE_SPEC: no such file"
  MODULE_SPEC=$(realpath "$MODULE_SPEC")
fi
if [ -n "$BASELINE" ]; then
  { [ -f "$BASELINE" ] && [ -r "$BASELINE" ]; } || die "BASELINE=$BASELINE: no such readable file"
  BASELINE=$(realpath "$BASELINE")
fi

# OUT must be writable before the campaign starts: a night's results must not be lost.
mkdir -p "$OUT" 2>/dev/null || die "OUT=$OUT: cannot create the directory"
probe=$(mktemp "$OUT/.nightly-probe.XXXXXX" 2>/dev/null) || die "OUT=$OUT: not writable"
rm -f "$probe"
OUT=$(realpath "$OUT")
CAMPAIGN=$OUT/campaign
mkdir -p "$CAMPAIGN/corpus" || die "$CAMPAIGN: cannot create"

# A malformed baseline is FILE:LINE, exit 2, from ftfuzz's own parser (the shipped list too).
known_args=(--scope "$NIGHTLY_SCOPE")
[ -z "$BASELINE" ] || known_args+=(--known "$BASELINE")
"$FTFUZZ" triage "$CAMPAIGN" "${known_args[@]}" > /dev/null
[ $? -le 1 ] || die "the known-bugs files or $CAMPAIGN do not read (see above)"

# --- restore the corpus ----------------------------------------------------------------------
mkdir -p "$CORPUS_DIR" 2>/dev/null || die "CORPUS_DIR=$CORPUS_DIR: cannot create the directory"
CORPUS_DIR=$(realpath "$CORPUS_DIR")
PENDING=${CORPUS_DIR%/}.pending
if [ -d "$PENDING" ]; then
  # A night killed while merging: its new inputs were set aside here; they go back.
  log "corpus: $PENDING was left by an interrupted night; its inputs go back into the corpus"
  find "$PENDING" -mindepth 1 -maxdepth 1 -type f -exec mv -n -t "$CORPUS_DIR" {} +
  rm -rf "$PENDING"
fi
while IFS= read -r -d '' entry; do
  { [ -f "$entry" ] && [ -r "$entry" ]; } ||
    die "$entry: not a regular readable file (each corpus entry is one fuzzer input)"
done < <(find "$CORPUS_DIR" -mindepth 1 -maxdepth 1 ! -name '.*' -print0)
list_corpus() { find "$CORPUS_DIR" -mindepth 1 -maxdepth 1 -type f ! -name '.*' -printf '%f\n' | LC_ALL=C sort; }
list_corpus > "$OUT/corpus-before.txt"
n_before=$(wc -l < "$OUT/corpus-before.txt")
log "corpus: $n_before inputs restored from $CORPUS_DIR"

# The campaign's corpus directory is the saved one: each input libFuzzer keeps is on disk
# there at once, so a night killed at any point leaves it for the next one.
link=$CAMPAIGN/corpus/$TARGET
if [ -L "$link" ]; then
  rm -f "$link"
elif [ -e "$link" ]; then
  die "$link: exists and is not the link to CORPUS_DIR (an output directory of another kind?)"
fi
ln -s "$CORPUS_DIR" "$link" || die "$link: cannot link to $CORPUS_DIR"

# --- the campaign ------------------------------------------------------------------------------
target_args=(--target "$TARGET")
[ -z "$MODULE" ] || target_args+=(--module "$MODULE")
[ -z "$MODULE_PATH" ] || target_args+=(--path "$MODULE_PATH")
[ -z "$MODULE_SPEC" ] || target_args+=(--spec "$MODULE_SPEC")
fuzz_args=(fuzz --out "$CAMPAIGN" "${target_args[@]}" --time "$NIGHTLY_TIME"
           --runs "$NIGHTLY_RUNS" --jobs "$JOBS" --drain-minimize
           --minimize-time "$NIGHTLY_MINIMIZE_TIME" "${known_args[@]}")
[ "$NIGHTLY_SEED" -eq 0 ] || fuzz_args+=(--seed "$NIGHTLY_SEED")
# shellcheck disable=SC2206 # split on purpose: a list of options
extra=($NIGHTLY_FUZZ_ARGS)
fuzz_args+=("${extra[@]}")
log "campaign: ftfuzz ${fuzz_args[*]}"
# In OUT, so that whatever a worker writes into its working directory lands among the results.
(cd "$OUT" && "$FTFUZZ" "${fuzz_args[@]}") 2>&1 | tee "$OUT/campaign.log"
rc=${PIPESTATUS[0]}
[ "$rc" -le 1 ] || die "the campaign failed (exit $rc; $OUT/campaign.log)"

# --- merge the night's inputs into the saved corpus, keeping those that add coverage ----------
list_corpus | LC_ALL=C comm -13 "$OUT/corpus-before.txt" - > "$OUT/corpus-new.txt"
n_new=$(wc -l < "$OUT/corpus-new.txt")
if [ "$n_new" -gt 0 ]; then
  # Set aside (a night killed from here on gets them back at its next start), then
  # libFuzzer's -merge=1 copies back the ones that bring new coverage: the saved corpus
  # keeps every input it had, so it only grows.
  mkdir -p "$PENDING" || die "$PENDING: cannot create"
  (cd "$CORPUS_DIR" && xargs -d '\n' mv -t "$PENDING") < "$OUT/corpus-new.txt"
  if (cd "$OUT" && "$FTFUZZ" fuzz --out "$CAMPAIGN" "${target_args[@]}" --merge "$PENDING") \
       > "$OUT/merge.log" 2>&1; then
    rm -rf "$PENDING"
  else
    log "corpus: the merge failed ($OUT/merge.log); keeping all $n_new new inputs"
    find "$PENDING" -mindepth 1 -maxdepth 1 -type f -exec mv -n -t "$CORPUS_DIR" {} +
    rm -rf "$PENDING"
  fi
fi
n_after=$(list_corpus | wc -l)
log "corpus: $n_before -> $n_after inputs in $CORPUS_DIR ($n_new new tonight, $((n_after - n_before)) kept)"

# --- results ---------------------------------------------------------------------------------
triage=("$FTFUZZ" triage "$CAMPAIGN" --all "${known_args[@]}")
new_bugs=0
# write FILE TRIAGE-ARGS...: one output, written aside and renamed into place.
write() {
  local file=$1
  shift
  "${triage[@]}" "$@" > "$OUT/.$file.tmp"
  local st=$?
  [ $st -le 1 ] || die "ftfuzz triage $* failed (exit $st)"
  mv -f "$OUT/.$file.tmp" "$OUT/$file"
  new_bugs=$st
}
write results.sarif --format sarif --source-root "$SOURCE_ROOT"
write junit.xml --format junit
write summary.md --format summary
write report.html --format html
write bugs.json --format json
# The new baseline: tonight's bugs, then the baseline's entries not among them, so a bug
# that did not show up tonight stays known.
write known.txt --write-known
if [ -n "$BASELINE" ]; then
  {
    echo "# carried over from the previous baseline"
    grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$BASELINE" | grep -vxF -f "$OUT/known.txt"
  } > "$OUT/.carry.tmp"
  [ "$(wc -l < "$OUT/.carry.tmp")" -le 1 ] || cat "$OUT/.carry.tmp" >> "$OUT/known.txt"
  rm -f "$OUT/.carry.tmp"
fi
[ -z "${GITHUB_STEP_SUMMARY:-}" ] || cat "$OUT/summary.md" >> "$GITHUB_STEP_SUMMARY"

counts=$("${triage[@]}" | head -n 1)
log "done: ${counts#BUGS: } corpus=$n_before->$n_after out=$OUT"
[ "$new_bugs" -eq 1 ] && exit 1
exit 0
