#!/usr/bin/env bash
# The gate: one verdict, read by the exit code and by every report. A table
# of --fail-on levels, severities and waivers over the example release with
# one real finding (a non-PIE program); for each row the exit code is
# asserted, then JUnit (failures + errors), JSON (exit_code, blocking,
# waived, waivers), SARIF (error-level results, suppressions, invocation
# exit code), Markdown and HTML (headline, waiver table) and the terminal
# headline must all tell the same counts. Also the reproducers: --fail-on
# warn exits 1 and the JUnit says so; a required smoke check that never ran
# fails naming the platform; a waiver about to expire warns.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
rel=$XV_FIXTURES/example/broken/no-pie
[ -d "$rel/dist" ] || xv_skip "broken copy not built: $rel"
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || xv_skip "python3-jsonschema not installed for /usr/bin/python3"
command -v xmllint >/dev/null || xv_skip "xmllint not installed (libxml2-utils)"
T=$XV_TMP
schemas=$XV_SOURCE_DIR/tests/schemas
cd "$rel"

# name | fail-on | matrix body (inside { }) | exit code | blocking | waived | waivers
while IFS='|' read -r name level body want_rc want_block want_waived want_waivers; do
  [ -n "$name" ] || continue
  printf '{ %s }\n' "$body" > "$T/$name.json"
  rm -f "$T/$name".{xml,js,sarif,md,html,txt}
  xv_expect_rc "$want_rc" "$XVERIFY" --no-smoke --today 2026-11-30 --color never \
    --fail-on "$level" --matrix "$T/$name.json" --junit "$T/$name.xml" --json "$T/$name.js" \
    --sarif "$T/$name.sarif" --markdown "$T/$name.md" --html "$T/$name.html" dist
  printf '%s\n' "$XV_OUT" > "$T/$name.txt"
  if xmllint --noout --schema "$schemas/junit-10.xsd" "$T/$name.xml" 2>"$T/xmllint.err"; then xv_pass
  else xv_fail "$name: JUnit invalid"; cat "$T/xmllint.err" >&2; fi
  if /usr/bin/python3 -m jsonschema -i "$T/$name.sarif" "$schemas/sarif-schema-2.1.0.json" 2>&1; then xv_pass
  else xv_fail "$name: SARIF invalid"; fi
  if /usr/bin/python3 -m jsonschema -i "$T/$name.js" "$XV_SOURCE_DIR/docs/report.schema.json" 2>&1; then xv_pass
  else xv_fail "$name: JSON invalid"; fi
  got=$(/usr/bin/python3 - "$T/$name" <<'PY'
import json, re, sys, xml.etree.ElementTree as ET
b = sys.argv[1]
out = {}
root = ET.parse(b + ".xml").getroot()
suites = root.findall("testsuite")
f = int(root.get("failures")) + int(root.get("errors"))
sf = sum(int(s.get("failures")) + int(s.get("errors")) for s in suites)
cases = sum(c.find("failure") is not None or c.find("error") is not None
            for s in suites for c in s.findall("testcase"))
out["junit"] = f if f == sf == cases else "MISMATCH %d %d %d" % (f, sf, cases)
props = {p.get("name"): p.get("value") for p in suites[0].iter("property")}
out["junit_exit"] = props["xverify.exit_code"]
out["junit_waived"] = props["xverify.waived"]
out["junit_waivers"] = props["xverify.waivers"]
j = json.load(open(b + ".js"))
out["json"] = "%d %d %s" % (j["exit_code"], j["summary"]["blocking"], j["ready"])
out["json_waived"] = j["summary"]["waived"]
out["json_waivers"] = len(j["waivers"])
s = json.load(open(b + ".sarif"))["runs"][0]
res = s["results"]
out["sarif"] = sum(r["level"] == "error" for r in res)
out["sarif_exit"] = s["invocations"][0]["exitCode"]
out["sarif_waived"] = sum(1 for r in res if r.get("suppressions"))
out["sarif_waivers"] = len(s["invocations"][0]["properties"]["waivers"])
md = open(b + ".md", encoding="utf-8").read()
first = md.splitlines()[0]
m = re.search(r"Not ready: (\d+) failure", first)
out["md"] = m.group(1) if m else ("0" if "Ready to publish" in first else "?")
wsec = md.split("### Waivers")[1].split("\n#")[0] if "### Waivers" in md else ""
out["md_waivers"] = len(re.findall(r"^\| (?!Check \|)", wsec, re.M))
html = open(b + ".html", encoding="utf-8").read()
h1 = re.search(r'<h1 id="verdict" class="(\w+)">[^<]*?(Ready to publish|Not ready: (\d+) failure)', html)
out["html"] = (h1.group(3) or "0") + " " + h1.group(1)
txt = open(b + ".txt", encoding="utf-8").read().strip().splitlines()[-1]
m = re.search(r"Not ready: (\d+) failure", txt)
out["term"] = m.group(1) if m else ("0" if txt.startswith("Ready to publish") else "?")
for k in sorted(out):
    print(k, out[k])
PY
) || xv_fail "$name: reading the reports back failed"
  ready=$([ "$want_rc" = 0 ] && echo True || echo False)
  state=$([ "$want_rc" = 0 ] && echo ok || echo bad)
  for want in "junit $want_block" "junit_exit $want_rc" "json $want_rc $want_block $ready" \
              "sarif $want_block" "sarif_exit $want_rc" "md $want_block" "html $want_block $state" \
              "term $want_block" "junit_waived $want_waived" "json_waived $want_waived" \
              "sarif_waived $want_waived" "junit_waivers $want_waivers" "json_waivers $want_waivers" \
              "sarif_waivers $want_waivers" "md_waivers $want_waivers"; do
    xv_contains "$got" "$want" "$name: $want"
  done
done <<'ROWS'
plain|error|"name": "x"|1|1|0|0
plain_warn|warn|"name": "x"|1|1|0|0
plain_skip|skip|"name": "x"|1|1|0|0
sev_warn|error|"severity": { "hardening": "warn" }|0|0|0|0
sev_warn_warn|warn|"severity": { "hardening": "warn" }|1|1|0|0
sev_warn_skip|skip|"severity": { "hardening": "warn" }|1|1|0|0
off_error|error|"severity": { "hardening": "off" }|0|0|0|0
off_warn|warn|"severity": { "hardening": "off" }|0|0|0|0
off_skip|skip|"severity": { "hardening": "off" }|1|18|0|0
waived|error|"waivers": [ { "check": "hardening", "match": "**/bin/example", "reason": "PIE in 1.1", "expires": "2027-06-30" } ]|0|0|1|1
waived_warn|warn|"waivers": [ { "check": "hardening", "match": "**/bin/example", "reason": "PIE in 1.1", "expires": "2027-06-30" } ]|0|0|1|1
expiring|error|"waivers": [ { "check": "hardening", "match": "**/bin/example", "reason": "PIE in 1.1", "expires": "2026-12-05" } ]|0|0|1|1
expiring_warn|warn|"waivers": [ { "check": "hardening", "match": "**/bin/example", "reason": "PIE in 1.1", "expires": "2026-12-05" } ]|1|1|1|1
window_short|warn|"waiver_warning_days": 3, "waivers": [ { "check": "hardening", "match": "**/bin/example", "reason": "PIE in 1.1", "expires": "2026-12-05" } ]|0|0|1|1
expired|error|"waivers": [ { "check": "hardening", "match": "**/bin/example", "reason": "PIE in 1.1", "expires": "2026-11-29" } ]|1|1|0|1
req_off|error|"severity": { "hardening": "off" }, "require": ["hardening"]|1|18|0|0
req_waived|error|"require": ["smoke.load"], "waivers": [ { "check": "smoke.load", "match": "*_*", "reason": "no loader here", "expires": "2027-06-30" } ]|1|1|6|1
unused|warn|"waivers": [ { "check": "deps.resolve", "reason": "old", "expires": "2027-06-30" } ]|1|2|0|1
ROWS

# The named results behind the rows above.
xv_contains "$(cat "$T/expiring.txt")" "waiver expires on 2026-12-05 (in 5 days)" "expiring waiver warns"
xv_contains "$(cat "$T/expiring.txt")" 'hardening **/bin/example: "PIE in 1.1", expires 2026-12-05 (in 5 days), covers 1 result' "terminal lists the waiver"
xv_contains "$(cat "$T/waived.md")" "| hardening | \*\*/bin/example | PIE in 1.1 | expires 2027-06-30 (in 212 days) | 1: linux\_amd64 bin/example |" "Markdown lists the waiver and what it covered"
xv_contains "$(cat "$T/waived.html")" "<td>1: linux_amd64 bin/example</td>" "HTML lists what the waiver covered"
xv_contains "$(cat "$T/waived.txt")" "    hardening linux_amd64 bin/example" "terminal lists what the waiver covered"
xv_contains "$(cat "$T/expired.txt")" "waiver expired on 2026-11-29" "expired waiver fails"
xv_contains "$(cat "$T/plain_warn.xml")" 'failures="1" errors="0"' "JUnit failures under --fail-on warn"
xv_contains "$(cat "$T/sev_warn_warn.xml")" '<failure message="not PIE' "a blocking warning is a JUnit failure"
xv_contains "$(cat "$T/sev_warn.xml")" "WARNING: not PIE" "a non-blocking warning stays a passing testcase"
xv_contains "$(cat "$T/off_skip.xml")" '<failure message="disabled by matrix severity' "a blocking skip is a JUnit failure"
xv_contains "$(sed -n '/### Failures/,/### /p' "$T/sev_warn_warn.md")" "not PIE" "Markdown lists a blocking warning under Failures"
xv_lacks "$(sed -n '/### Failures/,/### /p' "$T/sev_warn.md")" "not PIE" "a non-blocking warning is no failure"
xv_contains "$(sed -n '/### Failures/,/### /p' "$T/off_skip.md")" "disabled by matrix severity" "Markdown lists blocking skips under Failures"

# The terminal marks and, with -q, shows what blocks under the fail level.
printf '{ "severity": { "hardening": "warn" } }\n' > "$T/q.json"
xv_expect_rc 1 "$XVERIFY" --no-smoke --today 2026-11-30 --color never -q --fail-on warn --matrix "$T/q.json" dist
xv_contains "$XV_OUT" "✗ example_1.0.0_linux_amd64.tar.gz" "blocking warning marks its package"
xv_contains "$XV_OUT" "WARN  hardening" "-q shows the blocking warning"
xv_expect_rc 0 "$XVERIFY" --no-smoke --today 2026-11-30 --color never -q --matrix "$T/q.json" dist
xv_lacks "$XV_OUT" "WARN" "-q hides a warning that does not block"

# require: smoke checks that never ran fail on every platform with binaries.
printf '{ "require": ["smoke.run"] }\n' > "$T/req.json"
xv_expect_rc 1 "$XVERIFY" --no-smoke --today 2026-11-30 --matrix "$T/req.json" \
  --junit "$T/req.xml" "$XV_FIXTURES/example/dist"
xv_contains "$XV_OUT" "required check smoke.run did not run on linux_amd64" "require names the platform"
xv_contains "$XV_OUT" "required check smoke.run did not run on darwin_arm64" "require on every platform"
xv_contains "$(cat "$T/req.xml")" 'name="smoke.run linux_arm64"' "require result in JUnit"
xv_contains "$(cat "$T/req_off.txt")" "required check did not run: disabled by matrix severity" "a skipped required check fails"
xv_done
