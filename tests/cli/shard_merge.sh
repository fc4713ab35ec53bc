#!/usr/bin/env bash
# A release verified over a CI job matrix: --shard 1/3, 2/3 and 3/3, then
# `xverify merge`, give the results, verdict and exit code of one unsharded
# run, on the example release and on broken copies (their own matrix when
# they have one). No shard alone fails on what only the whole release shows:
# the missing platform (platforms) and the checksum list (checksums) are
# "judged at merge" in every shard, and only the merge fails them.
# Compared: the whole JSON report (packages with every binary's facts,
# results, summary, waivers, verdict), except two things that legitimately
# differ: each result's "seconds" (timings, 0 here under XV_DETERMINISTIC)
# and the "saved" section (stage, shard, command line). Every other report
# is byte-identical but for the SARIF invocation's commandLine, which is the
# first shard's. `xverify report` re-renders each run's reports to the same
# bytes. Then the merges that must fail with exit 2, naming the problem.
. "$(dirname "$0")/../lib.sh"
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || xv_skip "python3-jsonschema not installed for /usr/bin/python3"
xv_tmpdir
ex=$XV_FIXTURES/example
[ -f "$ex/dist/checksums.txt" ] || xv_skip "example release not built: $ex/dist"
export XV_DETERMINISTIC=1
W=$XV_TMP/w
common=(--no-smoke --today 2026-11-30 --matrix matrix.json)
reports() { echo "--json $1.json --junit $1.xml --sarif $1.sarif --markdown $1.md --html $1.html"; }

# same_json A B: equal documents once "saved" and the results' "seconds" are
# set aside
same_json() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
for d in (a, b):
    d.pop("saved", None)
    for r in d.get("results", []):
        r.pop("seconds", None)
if a != b:
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            print("differs: %s" % k, file=sys.stderr)
    sys.exit(1)
PY
}

# sarif_same A B: equal but for invocations[].commandLine
sarif_same() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
for d in (a, b):
    for run in d["runs"]:
        for inv in run.get("invocations", []):
            inv.pop("commandLine", None)
sys.exit(0 if a == b else 1)
PY
}

# one NAME DIST WANT: full run, the three shards, the merge, the re-renders
one() {
  local name=$1 src=$2 want=$3
  rm -rf "$W" && mkdir -p "$W" && cp -r "$src" "$W/dist"
  if [ -f "$src/../matrix.json" ]; then cp "$src/../matrix.json" "$W/matrix.json"
  else cp "$XV_SOURCE_DIR/matrices/example.json" "$W/matrix.json"; fi
  cd "$W" || return
  xv_expect_rc "$want" "$XVERIFY" "${common[@]}" $(reports full) dist
  printf '%s\n' "$XV_OUT" > full.txt
  local k
  for k in 1 2 3; do
    # A shard fails only on its own packages; a release-wide finding is
    # never its failure.
    "$XVERIFY" "${common[@]}" --shard $k/3 --json s$k.json dist > s$k.txt 2>&1
    local rc=$?
    if [ $rc -le 1 ]; then xv_pass; else xv_fail "$name: shard $k/3 exit $rc"; fi
    if /usr/bin/python3 - s$k.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
bad = [r for r in d["results"] if r["check"] in ("platforms", "size.consistency", "checksums")
       and r["package"] is None and r["verdict"] != "skip"]
marks = [r for r in d["results"] if {"key": "judged_at", "value": "merge"} in r["facts"]]
ok = not bad and marks and all(r["verdict"] == "skip" and r["message"].startswith("judged at merge")
                               for r in marks)
# a waiver unused in this share may cover another share's finding
ok = ok and not any(r["message"].startswith("unused waiver") for r in d["results"])
sys.exit(0 if ok else 1)
PY
    then xv_pass; else xv_fail "$name: shard $k/3 judged a release-wide check itself"; fi
  done
  for f in s1.json s2.json; do
    if /usr/bin/python3 -m jsonschema -i "$f" "$XV_SOURCE_DIR/docs/report.schema.json" >/dev/null 2>&1
    then xv_pass; else xv_fail "$name: $f invalid against docs/report.schema.json"; fi
  done
  # the shards given in any order
  xv_expect_rc "$want" "$XVERIFY" merge s3.json s1.json s2.json $(reports merged)
  printf '%s\n' "$XV_OUT" > merged.txt
  if /usr/bin/python3 -m jsonschema -i merged.json "$XV_SOURCE_DIR/docs/report.schema.json" >/dev/null 2>&1
  then xv_pass; else xv_fail "$name: merged.json invalid against docs/report.schema.json"; fi
  if same_json full.json merged.json; then xv_pass; else xv_fail "$name: merged results differ from the unsharded run"; fi
  local e
  for e in xml md html txt; do
    if cmp -s full.$e merged.$e; then xv_pass; else xv_fail "$name: merged .$e report differs"; diff full.$e merged.$e | head -10 >&2; fi
  done
  if sarif_same full.sarif merged.sarif; then xv_pass; else xv_fail "$name: merged SARIF differs"; fi
  # re-render: the unsharded run and one shard, every format, same bytes and exit code
  xv_expect_rc "$want" "$XVERIFY" report full.json $(reports again)
  printf '%s\n' "$XV_OUT" > again.txt
  for e in json xml sarif md html txt; do
    if cmp -s full.$e again.$e; then xv_pass; else xv_fail "$name: report re-render of .$e differs"; diff full.$e again.$e | head -10 >&2; fi
  done
  "$XVERIFY" "${common[@]}" --shard 2/3 $(reports s2all) dist > s2all.txt 2>&1
  local src2=$?
  xv_expect_rc "$src2" "$XVERIFY" report s2all.json $(reports s2again)
  printf '%s\n' "$XV_OUT" > s2again.txt
  for e in json xml sarif md html txt; do
    if cmp -s s2all.$e s2again.$e; then xv_pass; else xv_fail "$name: shard re-render of .$e differs"; fi
  done
  cd "$XV_TMP" || return
}

one example "$ex/dist" 0
# "judged at merge" never blocks, not even under --fail-on skip
cd "$W" || exit 1
for k in 1 2 3; do
  xv_expect_rc 0 "$XVERIFY" "${common[@]}" --fail-on skip --shard $k/3 dist
  xv_contains "$XV_OUT" "judged at merge"
done
cd "$XV_TMP" || exit 1
for b in missing-platform checksum-mismatch arch-elf expired-waiver missing-manifest; do
  [ -d "$ex/broken/$b/dist" ] || { xv_fail "broken copy not built: $b"; continue; }
  one "$b" "$ex/broken/$b/dist" 1
done

# missing-platform: no shard fails, the merge fails platforms.
rm -rf "$W" && mkdir -p "$W" && cp -r "$ex/broken/missing-platform/dist" "$W/dist"
cp "$ex/broken/missing-platform/matrix.json" "$W/matrix.json" 2>/dev/null ||
  cp "$XV_SOURCE_DIR/matrices/example.json" "$W/matrix.json"
cd "$W" || exit 1
for k in 1 2 3; do
  xv_expect_rc 0 "$XVERIFY" "${common[@]}" --shard $k/3 --json p$k.json dist
done
xv_expect_rc 1 "$XVERIFY" merge p1.json p2.json p3.json --json pm.json
if /usr/bin/python3 -c '
import json, sys
d = json.load(open("pm.json"))
sys.exit(0 if any(r["check"] == "platforms" and r["verdict"] == "fail" for r in d["results"]) else 1)'
then xv_pass; else xv_fail "the merge did not fail platforms on the release missing a platform"; fi

# --platform: only those platforms' packages; an unknown one is exit 2
xv_expect_rc 0 "$XVERIFY" "${common[@]}" --platform linux_amd64,windows_arm64 --json plat.json dist
pk=$(/usr/bin/python3 -c '
import json; d = json.load(open("plat.json"))
print(" ".join(sorted(p["platform"]["id"] for p in d["packages"])))')
xv_contains "$pk" "linux_amd64 windows_arm64" "--platform share"
xv_expect_rc 2 "$XVERIFY" "${common[@]}" --platform linux_s390x --json x.json dist
xv_contains "$XV_OUT" 'no package of the release is for platform "linux_s390x"'

# ---- merges that are no whole release: exit 2, naming the problem
cd "$XV_TMP/w" 2>/dev/null || cd "$W"
xv_expect_rc 2 "$XVERIFY" merge p1.json p2.json
xv_contains "$XV_OUT" "shard 3/3 is missing"
xv_expect_rc 2 "$XVERIFY" merge p1.json p2.json p2.json p3.json
xv_contains "$XV_OUT" "shard 2/3 given twice"
"$XVERIFY" "${common[@]}" --json whole.json dist >/dev/null 2>&1
xv_expect_rc 2 "$XVERIFY" merge whole.json p2.json p3.json
xv_contains "$XV_OUT" "not a shard's result"
"$XVERIFY" "${common[@]}" --shard 1/2 --json h1.json dist >/dev/null 2>&1
xv_expect_rc 2 "$XVERIFY" merge h1.json p2.json p3.json
xv_contains "$XV_OUT" "shards of different splits"
# another release (the example, with all its platforms) in the set
mkdir -p other && cp -r "$ex/dist" other/dist && cp matrix.json other/
(cd other && "$XVERIFY" "${common[@]}" --shard 3/3 --json ../o3.json dist >/dev/null 2>&1)
xv_expect_rc 2 "$XVERIFY" merge p1.json p2.json o3.json
xv_contains "$XV_OUT" "different releases"
# another matrix
/usr/bin/python3 -c '
import sys; t = open("matrix.json").read(); open("matrix2.json", "w").write(t + "\n")'
"$XVERIFY" --no-smoke --today 2026-11-30 --matrix matrix2.json --shard 3/3 --json m3.json dist >/dev/null 2>&1
xv_expect_rc 2 "$XVERIFY" merge p1.json p2.json m3.json
xv_contains "$XV_OUT" "different matrices"
# another --fail-on
"$XVERIFY" "${common[@]}" --fail-on warn --shard 3/3 --json f3.json dist >/dev/null 2>&1
xv_expect_rc 2 "$XVERIFY" merge p1.json p2.json f3.json
xv_contains "$XV_OUT" "different options"
# unreadable and invalid results name the file and the field
head -c 300 p1.json > cut.json
xv_expect_rc 2 "$XVERIFY" merge cut.json p2.json p3.json
xv_contains "$XV_OUT" "cut.json: not valid JSON"
/usr/bin/python3 -c '
import json; d = json.load(open("p1.json")); d["packages"][0]["artifacts"][1]["size"] = "big"
json.dump(d, open("bad.json", "w"))'
xv_expect_rc 2 "$XVERIFY" merge bad.json p2.json p3.json
xv_contains "$XV_OUT" "bad.json: packages[0].artifacts[1].size: expected a number"
xv_expect_rc 2 "$XVERIFY" report bad.json
xv_contains "$XV_OUT" "bad.json: packages[0].artifacts[1].size"
xv_expect_rc 2 "$XVERIFY" report "$XV_SOURCE_DIR/tests/cli/golden/json-example.json"
xv_contains "$XV_OUT" 'no "saved" section'
xv_expect_rc 2 "$XVERIFY" "${common[@]}" --shard 1/3 --baseline dist dist
xv_contains "$XV_OUT" "a run against a baseline (--baseline) compares the whole release"
# a re-render elsewhere: the JUnit hostname and the timestamps are the run's
if unshare --uts true 2>/dev/null; then
  env -u XV_DETERMINISTIC "$XVERIFY" "${common[@]}" --junit live.xml --json live.json dist >/dev/null 2>&1
  env -u XV_DETERMINISTIC unshare --uts sh -c 'hostname xv-elsewhere && "$0" report live.json --junit again.xml' "$XVERIFY" >/dev/null 2>&1
  if cmp -s live.xml again.xml; then xv_pass; else xv_fail "JUnit re-rendered on another host differs"; diff live.xml again.xml | head -5 >&2; fi
fi
xv_expect_rc 2 "$XVERIFY" --shard 0/3 dist
xv_contains "$XV_OUT" "--shard: expected K/N"
xv_expect_rc 2 "$XVERIFY" --shard 4/3 dist
xv_done
