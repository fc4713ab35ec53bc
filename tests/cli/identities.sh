#!/usr/bin/env bash
# Stable identities (docs/identities.md): the same release verified from two
# different workspaces, and a copy re-packed as the next version (archive
# names, top folders and checksums all say 1.1.0), give the same JUnit
# testcase names, classnames and suite names and the same SARIF
# partialFingerprints; SARIF URIs are relative to %SRCROOT%; the invocation,
# automationDetails and driver fields are there. The broken copy (a non-PIE
# program) gives a real failing result to fingerprint.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
src=$XV_FIXTURES/example/broken/no-pie/dist
[ -d "$src" ] || xv_skip "broken copy not built: $src"
T=$XV_TMP
schemas=$XV_SOURCE_DIR/tests/schemas

# Workspace A and B: the same files; C: re-packed as version 1.1.0.
mkdir -p "$T/ws-a/ci/dist" "$T/other/place/ws-b/dist" "$T/ws-c/dist"
cp "$src"/* "$T/ws-a/ci/dist/"
cp "$src"/* "$T/other/place/ws-b/dist/"
/usr/bin/python3 - "$src" "$T/ws-c/dist" <<'PY' || xv_fail "re-packing as 1.1.0 failed"
import hashlib, io, os, sys, tarfile, zipfile
src, dst = sys.argv[1:]
sums = []
for name in sorted(os.listdir(src)):
    if name == "checksums.txt":
        continue
    new = name.replace("1.0.0", "1.1.0")
    out = os.path.join(dst, new)
    if name.endswith(".tar.gz"):
        with tarfile.open(os.path.join(src, name)) as tin, tarfile.open(out, "w:gz") as tout:
            for m in tin.getmembers():
                data = tin.extractfile(m).read() if m.isfile() else None
                m.name = m.name.replace("1.0.0", "1.1.0")
                tout.addfile(m, io.BytesIO(data) if data is not None else None)
    elif name.endswith(".zip"):
        with zipfile.ZipFile(os.path.join(src, name)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for i in zin.infolist():
                data = zin.read(i.filename)
                i.filename = i.filename.replace("1.0.0", "1.1.0")
                zout.writestr(i, data)
    sums.append("%s  %s\n" % (hashlib.sha256(open(out, "rb").read()).hexdigest(), new))
open(os.path.join(dst, "checksums.txt"), "w").write("".join(sums))
PY

run_in() { # folder, input as given, tag
  (cd "$1" && "$XVERIFY" --no-smoke --today 2026-11-30 --junit "$T/$3.xml" --sarif "$T/$3.sarif" "$2" \
     >"$T/$3.out" 2>&1); echo $? > "$T/$3.rc"
}
run_in "$T/ws-a/ci" dist a                       # relative input
run_in "$T" "$T/other/place/ws-b/dist" b         # absolute input, another folder
run_in "$T/ws-c" dist c                          # next version
for t in a b c; do
  if [ "$(cat "$T/$t.rc")" = 1 ]; then xv_pass; else xv_fail "run $t: exit $(cat "$T/$t.rc"), want 1"; cat "$T/$t.out" >&2; fi
  xv_contains "$(cat "$T/$t.out")" "not PIE" "run $t names the finding"
  if xmllint --noout --schema "$schemas/junit-10.xsd" "$T/$t.xml" 2>"$T/x.err"; then xv_pass
  else xv_fail "run $t: JUnit invalid"; cat "$T/x.err" >&2; fi
  if /usr/bin/python3 -m jsonschema -i "$T/$t.sarif" "$schemas/sarif-schema-2.1.0.json" 2>&1; then xv_pass
  else xv_fail "run $t: SARIF invalid"; fi
done

ids() { /usr/bin/python3 - "$T/$1.xml" "$T/$1.sarif" <<'PY'
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
for s in root.findall("testsuite"):
    for c in s.findall("testcase"):
        print("JUNIT", s.get("name"), "|", c.get("classname"), "|", c.get("name"),
              "failure" if c.find("failure") is not None else "")
run = json.load(open(sys.argv[2]))["runs"][0]
for r in run["results"]:
    print("SARIF", r["ruleId"], r["level"], r["partialFingerprints"]["xverifyIdentity/v1"])
PY
}
ids a > "$T/a.ids"; ids b > "$T/b.ids"; ids c > "$T/c.ids"
n=$(grep -c '^JUNIT' "$T/a.ids")
[ "$n" -ge 100 ] && xv_pass || xv_fail "only $n testcases read"
distinct=$(grep '^JUNIT' "$T/a.ids" | sort -u | wc -l)
[ "$distinct" = "$n" ] && xv_pass || xv_fail "$n testcases but $distinct distinct (classname, name)"
grep -q '^SARIF hardening error [0-9a-f]\{32\}$' "$T/a.ids" && xv_pass || xv_fail "no fingerprinted SARIF error"
if cmp -s "$T/a.ids" "$T/b.ids"; then xv_pass; else xv_fail "identities differ between workspaces"; diff "$T/a.ids" "$T/b.ids" | head >&2; fi
if cmp -s "$T/a.ids" "$T/c.ids"; then xv_pass; else xv_fail "identities differ between versions"; diff "$T/a.ids" "$T/c.ids" | head >&2; fi
xv_contains "$(cat "$T/a.ids")" "JUNIT example_linux_amd64.tar.gz | xverify.linux_amd64.hardening | hardening bin/example failure" "testcase named check + member"

# SARIF: relative URIs against %SRCROOT%, invocation, automation id, driver.
sarif=$(/usr/bin/python3 - "$T/b.sarif" "$T/other/place/ws-b" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
d = run["tool"]["driver"]
print("DRIVER", d["name"], d["fullName"], d["version"], d["semanticVersion"], d["informationUri"])
print("BASE", run["originalUriBaseIds"]["SRCROOT"]["uri"])
inv = run["invocations"][0]
print("INV", inv["exitCode"], inv["executionSuccessful"], inv["properties"]["verdict"],
      "start" in json.dumps(inv) and inv["startTimeUtc"] <= inv["endTimeUtc"])
print("CMD", inv["commandLine"])
print("AUTO", run["automationDetails"]["id"].rsplit("/", 1)[0])
for r in run["results"]:
    al = r["locations"][0]["physicalLocation"]["artifactLocation"]
    print("URI", al.get("uriBaseId"), al["uri"])
PY
)
printf '%s\n' "$sarif" | head -8
xv_contains "$sarif" "BASE file://$T/" "SRCROOT is the run's folder"
xv_contains "$sarif" "URI SRCROOT other/place/ws-b/dist/example_1.0.0_linux_amd64.tar.gz!/example_1.0.0_linux_amd64/bin/example" "absolute input made relative"
xv_lacks "$sarif" "URI None" "every URI relative to SRCROOT"
xv_contains "$sarif" "INV 1 True not-ready True" "invocation exit code and verdict"
xv_contains "$sarif" "CMD xverify --no-smoke --today 2026-11-30 --junit $T/b.xml" "invocation command line"
xv_contains "$sarif" "AUTO xverify/release" "automationDetails.id"
xv_contains "$sarif" "DRIVER xverify xverify " "driver fullName"
xv_lacks "$sarif" "github.com/xverify" "no placeholder informationUri"
xv_contains "$(grep -c "<testsuite " "$T/a.xml")" "7" "a testsuite per platform package, and release"
xv_contains "$(cat "$T/a.xml")" 'hostname="' "JUnit hostname"
xv_lacks "$(cat "$T/a.xml")" 'timestamp="1970' "JUnit real timestamp"
xv_done
