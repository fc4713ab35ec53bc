#!/usr/bin/env bash
# Smoke results in the reports, end to end with the native runner (no
# rootfs, QEMU or Wine needed): JUnit has a <testsuite> per (package,
# environment) named "<package> [native]" with counts that add up, a passing
# smoke.run testcase carries the program's output in <system-out>, the
# missing-library one a <failure> naming the library; the JSON results carry
# env "native"; the Markdown failure line names the environment.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
sm=$XV_FIXTURES/smoke/dist
[ -d "$sm" ] || xv_skip "smoke fixtures not built: $sm"
schemas=$XV_SOURCE_DIR/tests/schemas
[ -f "$schemas/junit-10.xsd" ] || xv_skip "no $schemas/junit-10.xsd"
command -v xmllint >/dev/null || xv_skip "xmllint not installed (libxml2-utils)"
T=$XV_TMP
mkdir -p "$T/dist"
cp "$sm/smoke-good_1.0_linux_amd64.tar.gz" "$sm/smoke-missing_1.0_linux_amd64.tar.gz" "$T/dist/"
cat > "$T/matrix.json" <<'J'
// only the native runner: fast, and present on every Linux host
{ "smoke": {
    "environments": { "linux_amd64": ["native"] },
    "commands": [
      { "match": "bin/hello", "argv": ["{file}", "world"], "stdout": "hello, world", "exit": 0, "timeout": 20 },
      { "match": "bin/needs-gone", "argv": ["{file}"], "timeout": 20 } ] } }
J
cd "$T"
xv_expect_rc 1 "$XVERIFY" --smoke --matrix matrix.json --today 2026-11-30 \
  --junit r.xml --json r.json --markdown r.md dist
if xmllint --noout --schema "$schemas/junit-10.xsd" r.xml 2>xmllint.err; then xv_pass
else xv_fail "JUnit with smoke results invalid"; cat xmllint.err >&2; fi

seen=$(/usr/bin/python3 - r.xml r.json <<'PY'
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
for s in root.findall("testsuite"):
    cases = s.findall("testcase")
    bad = (int(s.get("tests")) != len(cases) or
           int(s.get("failures")) != sum(c.find("failure") is not None for c in cases))
    print("SUITE", s.get("name"), "BADCOUNT" if bad else "ok")
    for c in cases:
        if c.get("classname") != "xverify.linux_amd64.smoke_run" or not c.get("name").endswith(" [native]"):
            continue
        out = c.findtext("system-out") or ""
        f = c.find("failure")
        if "smoke-good" in s.get("name") and f is None and "hello, world" in out:
            print("PASSOUT good")
        if "smoke-missing" in s.get("name") and f is not None and "libgone.so" in f.get("message"):
            print("FAILMSG missing")
doc = json.load(open(sys.argv[2]))
envs = sorted({r["env"] for r in doc["results"] if r["env"]})
print("ENVS", " ".join(envs))
PY
)
printf '%s\n' "$seen"
# Suites are named by the package without its version (docs/identities.md).
xv_contains "$seen" "SUITE smoke-good_linux_amd64.tar.gz [native] ok" "native suite of the good package"
xv_contains "$seen" "SUITE smoke-missing_linux_amd64.tar.gz [native] ok" "native suite of the broken package"
xv_lacks "$seen" "BADCOUNT" "suite counts"
xv_contains "$seen" "PASSOUT good" "program output in system-out"
xv_contains "$seen" "FAILMSG missing" "missing library failure"
xv_contains "$seen" "ENVS native" "JSON env"
xv_contains "$(cat r.md)" "**smoke.run** · linux\\_amd64 · native · dist/smoke-missing\\_1.0\\_linux\\_amd64.tar.gz!/" "Markdown smoke failure"
xv_done
