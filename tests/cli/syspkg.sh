#!/usr/bin/env bash
# System packages (.deb, .rpm) judged as the system installs them, on
# packages built by dpkg-deb, rpmbuild and CMake+CPack (fixtures/syspkg):
# the distro layouts resolve without RPATH, a package's own ld.so.conf.d
# counts, a need is never met by a package of another format, declared
# Depends/Requires count, and every result names the package file.
. "$(dirname "$0")/../lib.sh"
fx=$XV_FIXTURES/syspkg
[ -d "$fx/good" ] || xv_skip "fixtures/syspkg not built"
xv_tmpdir
cd "$fx" || exit 1

# verify_json NAME DIR...: the JSON report of DIR... in $XV_TMP/NAME.json
verify_json() {
  local name=$1; shift
  "$XVERIFY" --no-smoke --json "$XV_TMP/$name.json" "$@" >"$XV_TMP/$name.txt" 2>&1
  echo $? >"$XV_TMP/$name.rc"
}
verify_json good good
verify_json cpack cpack
verify_json ldconf ldconf
verify_json mixed mixed
verify_json declared declared
verify_json libarchive libarchive
verify_json rpm_alone mixed/greeter-only-1.0.0-1.x86_64.rpm

if python3 - "$XV_TMP" <<'PY'
import json, sys
T = sys.argv[1]
bad = []
def check(cond, what):
    if not cond:
        bad.append(what)
def load(name):
    return json.load(open(f"{T}/{name}.json"))
def resolve(doc, subject):
    rs = [r for r in doc["results"] if r["check"] == "deps.resolve" and r["subject"] == subject]
    assert len(rs) == 1, (subject, [r["subject"] for r in doc["results"]])
    return rs[0], {f["key"]: f["value"] for f in rs[0]["facts"]}

# every result of a .deb/.rpm names the package file, never data.tar.*
for name in ("good", "cpack", "ldconf", "mixed", "declared", "libarchive"):
    doc = load(name)
    for r in doc["results"]:
        for k in ("subject", "package", "message"):
            v = r.get(k) or ""
            check("data.tar" not in v and "control.tar" not in v, f"{name}: {k} {v}")
        if r["package"]:
            check(r["package"].endswith((".deb", ".rpm")), f"{name}: package {r['package']}")
    for p in doc["packages"]:
        check(p["kind"] == "system" and p["path"].endswith((".deb", ".rpm")),
              f"{name}: package {p['path']} {p['kind']}")

# the distro layouts pass with no RPATH: multiarch .deb, lib64 .rpm (dpkg-deb,
# rpmbuild, CPack), each resolving within itself
for name, deb, rpm in (("good", "good/greet_1.0.0-1_amd64.deb", "good/greet-1.0.0-1.x86_64.rpm"),
                       ("cpack", "cpack/greet_1.0.0_amd64.deb", "cpack/greet-1.0.0-1.x86_64.rpm")):
    doc = load(name)
    r, f = resolve(doc, deb + "!/usr/bin/greeter")
    check(r["verdict"] == "pass", f"{name} deb: {r['verdict']} {r['message']}")
    check(f.get("libgreet.so.1") == "usr/lib/x86_64-linux-gnu/libgreet.so.1", f"{name} deb facts {f}")
    r, f = resolve(doc, rpm + "!/usr/bin/greeter")
    check(r["verdict"] == "pass", f"{name} rpm: {r['verdict']} {r['message']}")
    check(f.get("libgreet.so.1") == "usr/lib64/libgreet.so.1", f"{name} rpm facts {f}")
    check(not any(r["check"] == "deps.resolve" and r["verdict"] != "pass" for r in doc["results"]),
          f"{name}: a deps.resolve result is not a pass")

# the package's own etc/ld.so.conf.d names the folder of its library
doc = load("ldconf")
r, f = resolve(doc, "ldconf/greet-private_1.0.0-1_amd64.deb!/usr/bin/greeter")
check(r["verdict"] == "pass", f"ldconf: {r['verdict']} {r['message']}")
check(f.get("libgreet.so.1") == "usr/lib/greet/libgreet.so.1", f"ldconf facts {f}")

# an .rpm missing its library fails even beside a .deb that ships it, naming
# the .rpm's program, with an rpm hint
for name in ("mixed", "rpm_alone"):
    doc = load(name)
    r, f = resolve(doc, "mixed/greeter-only-1.0.0-1.x86_64.rpm!/usr/bin/greeter")
    check(r["verdict"] == "fail", f"{name}: rpm {r['verdict']}")
    check(r["message"].startswith("needs libgreet.so.1: not installed by greeter-only-1.0.0-1.x86_64.rpm"),
          f"{name}: message {r['message']}")
    check("/usr/lib64" in r["hint"] and "Requires: libgreet.so.1()(64bit)" in r["hint"],
          f"{name}: hint {r['hint']}")
    check("rpath" not in r["hint"].lower() and "beside" not in r["hint"], f"{name}: hint {r['hint']}")
    check(doc["exit_code"] == 1, f"{name}: exit {doc['exit_code']}")

# Depends on a library package of the release: resolved from it, and said so;
# the same program without Depends is not helped by that package
doc = load("declared")
r, f = resolve(doc, "declared/greeter_1.0.0-1_amd64.deb!/usr/bin/greeter")
check(r["verdict"] == "pass", f"declared: {r['verdict']} {r['message']}")
check(f.get("libgreet.so.1") == "usr/lib/x86_64-linux-gnu/libgreet.so.1 from "
      "libgreet1_1.0.0-1_amd64.deb, a declared dependency (Depends: libgreet1)", f"declared facts {f}")
r, f = resolve(doc, "declared/greeter-nodep_1.0.0-1_amd64.deb!/usr/bin/greeter")
check(r["verdict"] == "fail", f"nodep: {r['verdict']}")
check("Depends: libgreet1" in r["hint"] and "/usr/lib/x86_64-linux-gnu/" in r["hint"], f"nodep hint {r['hint']}")
pk = {p["path"]: p for p in doc["packages"]}
g = pk["declared/greeter_1.0.0-1_amd64.deb"]
check(g.get("project") in (None, "greeter"), f"project {g.get('project')}")

# Depends: libarchive13 (a distro package) provides libarchive.so.13
doc = load("libarchive")
r, f = resolve(doc, "libarchive/arc_1.0.0-1_amd64.deb!/usr/bin/arc")
check(r["verdict"] == "pass", f"libarchive: {r['verdict']} {r['message']}")
check(f.get("libarchive.so.13") == "the distro package libarchive13, a declared dependency "
      "(Depends: libarchive13)", f"libarchive facts {f}")
r, f = resolve(doc, "libarchive/arc-nodep_1.0.0-1_amd64.deb!/usr/bin/arc")
check(r["verdict"] == "fail" and "Depends: libarchive13" in r["hint"], f"arc-nodep {r['verdict']} {r['hint']}")

for b in bad:
    print("FAIL:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
then xv_pass; else xv_fail "system package verdicts"; fi

# the JSON report of system packages is valid against docs/report.schema.json
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || xv_skip "python3-jsonschema not installed for /usr/bin/python3"
if /usr/bin/python3 -m jsonschema -i "$XV_TMP/declared.json" "$XV_SOURCE_DIR/docs/report.schema.json" 2>&1; then xv_pass
else xv_fail "JSON report of system packages invalid against docs/report.schema.json"; fi

for n in good cpack ldconf; do
  [ "$(cat "$XV_TMP/$n.rc")" = 0 ] && xv_pass || xv_fail "$n: exit $(cat "$XV_TMP/$n.rc") (want 0)"
done
[ "$(cat "$XV_TMP/mixed.rc")" = 1 ] && xv_pass || xv_fail "mixed: exit $(cat "$XV_TMP/mixed.rc") (want 1)"

# the terminal report's headers and messages name the package file
out=$(cat "$XV_TMP/mixed.txt")
xv_contains "$out" "✗ greeter-only-1.0.0-1.x86_64.rpm (linux_amd64)"
xv_contains "$out" "FAIL  deps.resolve usr/bin/greeter: needs libgreet.so.1: not installed by greeter-only-1.0.0-1.x86_64.rpm"
xv_lacks "$out" "data.tar"

# terminal golden of a real run (-q: failures and headers only): the .rpm and
# the undeclared .deb fail, each under its own package file's header
XV_DETERMINISTIC=1 "$XVERIFY" -q --no-smoke --today 2026-11-30 mixed declared >"$XV_TMP/q.txt" 2>&1
xv_golden "$XV_TMP/q.txt" "$XV_SOURCE_DIR/tests/cli/golden/syspkg-release-q.txt"

# the control's Architecture is the platform (the name states none): an
# x86-64 program in an arm64 .deb fails arch.match under the .deb's header
xv_expect_rc 1 "$XVERIFY" -q --no-smoke wrongarch
xv_contains "$XV_OUT" "✗ wrongtool_1.0.0-1.deb (linux_arm64)"
xv_contains "$XV_OUT" "FAIL  arch.match usr/bin/wrongtool: is x86_64 but linux_arm64 promises aarch64"
xv_lacks "$XV_OUT" "data.tar"

# a .deb inside a tarball or inside a folder package is still a system
# package (an ar archive by its name, not a static library)
mkdir -p "$XV_TMP/nest/dist/debs"
tar -czf "$XV_TMP/nest/bundle_1.0.tar.gz" -C good greet_1.0.0-1_amd64.deb
cp good/greet_1.0.0-1_amd64.deb "$XV_TMP/nest/dist/debs/"
xv_expect_rc 0 "$XVERIFY" list "$XV_TMP/nest/bundle_1.0.tar.gz" "$XV_TMP/nest/dist"
xv_contains "$XV_OUT" "bundle_1.0.tar.gz!/greet_1.0.0-1_amd64.deb  system  linux_amd64"
xv_contains "$XV_OUT" "bundle_1.0.tar.gz!/greet_1.0.0-1_amd64.deb!/usr/bin/greeter  elf x86_64 pie"
xv_contains "$XV_OUT" "debs/greet_1.0.0-1_amd64.deb!/usr/lib/x86_64-linux-gnu/libgreet.so.1.0.0  elf x86_64 shared"
xv_lacks "$XV_OUT" "static-lib"
xv_expect_rc 0 "$XVERIFY" -q --no-smoke "$XV_TMP/nest/bundle_1.0.tar.gz" "$XV_TMP/nest/dist"

# xverify list: one package per .deb/.rpm, the platform from its metadata
xv_expect_rc 0 "$XVERIFY" list good declared
xv_contains "$XV_OUT" "good/greet_1.0.0-1_amd64.deb  system  linux_amd64"
xv_contains "$XV_OUT" "(Debian binary package)  platform from control  greet 1.0.0-1"
xv_contains "$XV_OUT" "good/greet-1.0.0-1.x86_64.rpm  system  linux_amd64"
xv_contains "$XV_OUT" "(RPM package)  platform from rpm  greet 1.0.0-1"
xv_lacks "$XV_OUT" "data.tar"
xv_expect_rc 0 "$XVERIFY" list --json declared/greeter_1.0.0-1_amd64.deb good/greet-1.0.0-1.x86_64.rpm
printf '%s' "$XV_OUT" >"$XV_TMP/list.json"
if python3 - "$XV_TMP/list.json" <<'PY'
import json, sys
pk = {p["path"]: p for p in json.load(open(sys.argv[1]))["packages"]}
d = pk["declared/greeter_1.0.0-1_amd64.deb"]
assert d["platform_source"] == "control" and d["project"] == "greeter", d
assert d["version"] == "1.0.0-1" and d["depends"] == ["libc6", "libgreet1"], d
r = pk["good/greet-1.0.0-1.x86_64.rpm"]
assert r["platform_source"] == "rpm" and r["platform"] == "linux_amd64", r
assert r["project"] == "greet" and r["version"] == "1.0.0-1", r
# rpmbuild's automatic requirements: sonames with (64bit), rpmlib() dropped
assert "libc.so.6()(64bit)" in r["depends"], r["depends"]
assert not any(x.startswith("rpmlib(") for x in r["depends"]), r["depends"]
PY
then xv_pass; else xv_fail "list --json declared metadata"; fi
xv_done
