#!/bin/sh
# bugs_campaign.sh - a default campaign in bugs: signatures, bugs, new, known, the share of
# new bugs minimised within the campaign, and the median minimisation time.
# usage: bench/bugs_campaign.sh [SECONDS] [OUT]   (default 600 s, a fresh temporary OUT)
# FTFUZZ_OLD=<a checkout's bin/ftfuzz> runs the same campaign with that binary afterwards
# (given this checkout's shipped known lists too, so both count the same bugs as known) and
# prints its figures below; both outputs are triaged by this checkout's binary.
set -eu
seconds=${1:-600}
out=${2:-$(mktemp -d /tmp/ftfuzz-bench-bugs-XXXXXX)}
export DEBUGINFOD_URLS=

figures() { # figures LABEL OUT
  bin/ftfuzz triage "$2" --format json > "$2/bugs-list.json" || [ $? -le 1 ]
  python3 - "$1" "$2" <<'PY'
import json, statistics, sys
label, out = sys.argv[1], sys.argv[2]
d = json.load(open(out + "/bugs-list.json"))
c = d["counts"]
new = [b for b in d["bugs"] if b["status"] == "new"]
minimised = [b for b in new if b["minimised"]]
times, tried = [], 0
try:
    for line in open(out + "/minimize-times.tsv"):
        bug, secs, how, _ = line.rstrip("\n").split("\t", 3)
        tried += 1
        if how == "done":
            times.append(float(secs))
except FileNotFoundError:
    pass
print("%s: signatures=%d bugs=%d new=%d known=%d" % (label, c["signatures"], c["bugs"], c["new"],
                                                    c["known"]))
print("%s: bugs per signature: %.2f" % (label, c["bugs"] / c["signatures"] if c["signatures"] else 0))
print("%s: new bugs minimised: %d of %d (%.1f%%)" % (label, len(minimised), len(new),
      100.0 * len(minimised) / len(new) if new else 0))
print("%s: minimisations: %d tried, %d done, median %.1f s" % (label, tried, len(times),
      statistics.median(times) if times else 0))
PY
}

bin/ftfuzz fuzz --time "$seconds" --out "$out" > "$out.log" 2>&1 || [ $? -le 1 ]
grep '^CAMPAIGN: done' "$out.log" || true
figures new "$out"
echo "output: $out"
if [ -n "${FTFUZZ_OLD:-}" ]; then
  old_out=$out-old
  mkdir -p "$old_out"
  known=""
  for f in corpus/known/*.txt; do known="$known --known $f"; done
  # shellcheck disable=SC2086 # one word per option
  "$FTFUZZ_OLD" fuzz --time "$seconds" --out "$old_out" $known > "$old_out.log" 2>&1 || [ $? -le 1 ]
  grep '^CAMPAIGN: done' "$old_out.log" || true
  figures old "$old_out"
  echo "output (old): $old_out"
fi
