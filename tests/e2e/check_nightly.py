#!/usr/bin/env python3
"""check_nightly.py - structural checks on one night's OUT (tests/e2e/test_nightly.c).

    check_nightly.py OUT new|known

Checks results.sarif (SARIF 2.1.0: $schema, version, the rules with their help, each
result's ruleId, location and fingerprint, one result per bug of bugs.json), junit.xml
(well-formed; one testcase per bug, failures = new bugs, skipped = known ones), and that
the planted module bug (origin racy_global.c:...) has the given status. Prints one line per
file and exits 1 on the first problem. Standard library only."""
import json
import sys
import xml.etree.ElementTree as ET

RULES = ["data-race", "heap-use-after-free", "lock-order-inversion", "crash", "hang",
         "atomicity", "exception", "oom"]


def fail(msg):
    print("CHECK FAILED: " + msg)
    sys.exit(1)


def main():
    out, want = sys.argv[1], sys.argv[2]
    bugs = json.load(open(out + "/bugs.json"))
    ids = sorted(b["id"] for b in bugs["bugs"])

    sarif = json.load(open(out + "/results.sarif"))
    if sarif.get("version") != "2.1.0" or "sarif-2.1.0" not in sarif.get("$schema", ""):
        fail("SARIF version or $schema")
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    rule_ids = [r["id"] for r in rules]
    for k in RULES:
        if k not in rule_ids:
            fail("no SARIF rule " + k)
    for r in rules:
        if not r.get("help", {}).get("text"):
            fail("rule %s has no help text" % r["id"])
    fps = []
    for res in run["results"]:
        if res["ruleId"] != rule_ids[res["ruleIndex"]]:
            fail("ruleId %s is not rule %d" % (res["ruleId"], res["ruleIndex"]))
        pl = res["locations"][0]["physicalLocation"]
        if not pl["artifactLocation"]["uri"] or pl["region"]["startLine"] < 1:
            fail("a result without a file:line")
        fps.append(res["partialFingerprints"]["ftfuzzBug/v1"])
    if sorted(fps) != ids:
        fail("SARIF fingerprints %s are not the bug ids %s" % (sorted(fps), ids))
    planted = [r for r in run["results"]
               if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
               .endswith("racy_global.c")]
    if not planted:
        fail("no SARIF result located in racy_global.c")
    print("sarif ok: %d rules, %d results, %d in racy_global.c"
          % (len(rules), len(run["results"]), len(planted)))

    root = ET.parse(out + "/junit.xml").getroot()  # raises on malformed XML
    cases = root.findall(".//testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    skipped = [c for c in cases if c.find("skipped") is not None]
    c = bugs["counts"]
    if (len(cases), len(failed), len(skipped)) != (c["bugs"], c["new"], c["known"]):
        fail("junit counts %d/%d/%d, bugs %d/%d/%d" % (len(cases), len(failed), len(skipped),
                                                       c["bugs"], c["new"], c["known"]))
    for f in failed:
        if "repro.py" not in f.find("failure").get("message", ""):
            fail("a failure without its repro: " + f.get("name"))
    print("junit ok: %d testcases, %d failures, %d skipped" % (len(cases), len(failed),
                                                              len(skipped)))

    mine = [b for b in bugs["bugs"] if b["origin"].startswith("racy_global.c:")]
    if not mine:
        fail("the planted bug is not in bugs.json")
    for b in mine:
        if b["status"] != want:
            fail("planted bug %s is %s, not %s" % (b["title"], b["status"], want))
        if want == "known" and b["reference"] != "baseline":
            fail("planted bug %s known as %s, not baseline" % (b["title"], b["reference"]))
    print("planted ok: %d bugs %s" % (len(mine), want))


main()
