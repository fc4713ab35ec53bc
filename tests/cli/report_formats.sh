#!/usr/bin/env bash
# Every report format, end to end through the program, on the example
# release (clean) and one broken copy (x86-64 program in the linux_arm64
# tarball): JUnit valid against the strict Jenkins schema (xmllint), SARIF
# against the OASIS 2.1.0 schema and JSON against docs/report.schema.json
# (Debian's python3-jsonschema), each read back for the failing result; the
# Markdown sign-off starts with the verdict; "-" writes to stdout.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
dist=$XV_FIXTURES/example/dist
broken=$XV_FIXTURES/example/broken/arch-elf/dist
schemas=$XV_SOURCE_DIR/tests/schemas
[ -f "$dist/checksums.txt" ] || xv_skip "example release not built: $dist"
[ -d "$broken" ] || xv_skip "broken copy not built: $broken"
[ -f "$schemas/junit-10.xsd" ] || xv_skip "no $schemas/junit-10.xsd"
command -v xmllint >/dev/null || xv_skip "xmllint not installed (libxml2-utils)"
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || xv_skip "python3-jsonschema not installed for /usr/bin/python3"

T=$XV_TMP
common=(--no-smoke --today 2026-11-30)
# Relative inputs give relative logical paths ("dist/...") in the reports.
cd "$broken/.."

# ---- broken copy: exit 1, every format names the failure
xv_expect_rc 1 "$XVERIFY" "${common[@]}" --junit "$T/b.xml" --json "$T/b.json" \
  --sarif "$T/b.sarif" --markdown "$T/b.md" --html "$T/b.html" dist
for f in b.xml b.json b.sarif b.md b.html; do
  if [ -s "$T/$f" ]; then xv_pass; else xv_fail "report $f not written"; fi
done

if xmllint --noout --schema "$schemas/junit-10.xsd" "$T/b.xml" 2>"$T/xmllint.err"; then xv_pass
else xv_fail "JUnit report invalid"; cat "$T/xmllint.err" >&2; fi
if /usr/bin/python3 -m jsonschema -i "$T/b.sarif" "$schemas/sarif-schema-2.1.0.json" 2>&1; then xv_pass
else xv_fail "SARIF report invalid"; fi
if /usr/bin/python3 -m jsonschema -i "$T/b.json" "$XV_SOURCE_DIR/docs/report.schema.json" 2>&1; then xv_pass
else xv_fail "JSON report invalid against docs/report.schema.json"; fi

# JUnit: the failing testcase, its classname, and suite counts that add up.
junit=$(/usr/bin/python3 - "$T/b.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
tests = fails = 0
for s in root.iter("testsuite"):
    cases = s.findall("testcase")
    if int(s.get("tests")) != len(cases):
        print("BADCOUNT tests", s.get("name"))
    nf = sum(1 for c in cases if c.find("failure") is not None)
    if int(s.get("failures")) != nf:
        print("BADCOUNT failures", s.get("name"))
    ns = sum(1 for c in cases if c.find("skipped") is not None)
    if int(s.get("skipped")) != ns:
        print("BADCOUNT skipped", s.get("name"))
    seen = set()
    for c in cases:
        key = (c.get("classname"), c.get("name"))
        if key in seen:
            print("DUPLICATE", key)
        seen.add(key)
        if not c.get("classname", "").startswith("xverify."):
            print("BADCLASS", key)
        f = c.find("failure")
        if f is not None:
            print("FAIL %s %s type=%s" % (c.get("classname"), c.get("name"), f.get("type")))
    tests += len(cases); fails += nf
print("suites", len(root.findall("testsuite")), "tests", tests, "failures", fails)
props = {p.get("name"): p.get("value") for p in root.iter("property")}
print("version", props.get("xverify.version"))
PY
)
printf '%s\n' "$junit"
xv_lacks "$junit" "BADCOUNT" "JUnit counts"
xv_lacks "$junit" "DUPLICATE" "JUnit (classname, name) pairs"
xv_lacks "$junit" "BADCLASS" "JUnit classnames"
# Testcase names are identities: check + member path without the package's top folder and version.
xv_contains "$junit" "FAIL xverify.linux_arm64.arch_match arch.match bin/example type=arch.match" "JUnit failure"
ver=$("$XVERIFY" --version | awk '{print $2}')
xv_contains "$junit" "version $ver" "JUnit xverify.version property"

# JSON and SARIF read back.
js=$(/usr/bin/python3 - "$T/b.json" "$T/b.sarif" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
print("schema", doc["schema_version"], "ready", doc["ready"], "verdict", doc["verdict"])
print("packages", len(doc["packages"]), "binaries",
      sum(1 for p in doc["packages"] for a in p["artifacts"] if a["binary"]))
for r in doc["results"]:
    if r["verdict"] == "fail":
        print("JSONFAIL", r["check"], r["platform"], r["subject"])
s = json.load(open(sys.argv[2], encoding="utf-8"))
run = s["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
for r in run["results"]:
    assert rules[r["ruleIndex"]] == r["ruleId"], r
    if r["level"] == "error":
        print("SARIF", r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
print("rules", " ".join(rules))
PY
) || xv_fail "JSON/SARIF read-back failed"
printf '%s\n' "$js"
xv_contains "$js" "schema 1 ready False verdict fail" "JSON verdict"
xv_contains "$js" "packages 6 binaries 18" "JSON packages"
xv_contains "$js" "JSONFAIL arch.match linux_arm64 dist/example_1.0.0_linux_arm64.tar.gz!/example_1.0.0_linux_arm64/bin/example" "JSON failure"
xv_contains "$js" "SARIF arch.match dist/example_1.0.0_linux_arm64.tar.gz!/example_1.0.0_linux_arm64/bin/example" "SARIF result"
xv_contains "$js" "arch.match" "SARIF rules"

md=$(cat "$T/b.md")
xv_contains "$(head -1 "$T/b.md")" "## ❌ Not ready: 1 failure" "Markdown verdict line"
xv_contains "$md" "| Check | darwin\\_amd64 | darwin\\_arm64 | linux\\_amd64 | linux\\_arm64 | windows\\_amd64 | windows\\_arm64 |" "Markdown matrix header"
xv_contains "$md" "- ❌ **arch.match** · linux\\_arm64 · dist/example\\_1.0.0\\_linux\\_arm64.tar.gz!/example\\_1.0.0\\_linux\\_arm64/bin/example" "Markdown failure"
xv_contains "$md" "### Sizes by platform" "Markdown sizes"

# ---- clean release: exit 0, zero failures everywhere
xv_expect_rc 0 "$XVERIFY" "${common[@]}" --junit "$T/c.xml" --markdown "$T/c.md" --sarif "$T/c.sarif" "$dist"
if xmllint --noout --schema "$schemas/junit-10.xsd" "$T/c.xml" 2>/dev/null; then xv_pass; else xv_fail "clean JUnit invalid"; fi
xv_contains "$(head -1 "$T/c.md")" "## ✅ Ready to publish" "clean Markdown verdict"
xv_contains "$(head -2 "$T/c.xml" | tail -1)" 'failures="0" errors="0"' "clean JUnit totals"

# ---- "-" is stdout: the JSON parses on its own
"$XVERIFY" "${common[@]}" -q --json - "$dist" > "$T/stdout.json" 2>/dev/null
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["ready"] else 1)' "$T/stdout.json"; then xv_pass
else xv_fail "--json - did not write a parseable report alone on stdout"; head -5 "$T/stdout.json" >&2; fi
xv_done
