#!/bin/sh
# bugs_campaign.sh - a default campaign in bugs: signatures, bugs, new, known, the share of
# new bugs minimised within the campaign, and the median minimisation time.
# usage: bench/bugs_campaign.sh [SECONDS] [OUT]   (default 600 s, a fresh temporary OUT)
set -eu
seconds=${1:-600}
out=${2:-$(mktemp -d /tmp/ftfuzz-bench-bugs-XXXXXX)}
export DEBUGINFOD_URLS=
bin/ftfuzz fuzz --time "$seconds" --out "$out" > "$out.log" 2>&1 || [ $? -le 1 ]
grep '^CAMPAIGN: done' "$out.log" || true
bin/ftfuzz triage "$out" --format json > "$out/bugs-list.json" || [ $? -le 1 ]
python3 - "$out" <<'PY'
import json, statistics, sys
out = sys.argv[1]
d = json.load(open(out + "/bugs-list.json"))
c = d["counts"]
new = [b for b in d["bugs"] if b["status"] == "new"]
minimised = [b for b in new if b["minimised"]]
times = []
try:
    for line in open(out + "/minimize-times.tsv"):
        bug, secs, how, _ = line.rstrip("\n").split("\t", 3)
        if how == "done":
            times.append(float(secs))
except FileNotFoundError:
    pass
print("signatures=%d bugs=%d new=%d known=%d" % (c["signatures"], c["bugs"], c["new"], c["known"]))
print("bugs per signature: %.2f" % (c["bugs"] / c["signatures"] if c["signatures"] else 0))
print("new bugs minimised: %d of %d (%.1f%%)" % (len(minimised), len(new),
      100.0 * len(minimised) / len(new) if new else 0))
print("minimisations: %d done, median %.1f s" % (len(times), statistics.median(times) if times else 0))
PY
echo "output: $out"
