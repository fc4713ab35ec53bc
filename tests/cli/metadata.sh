#!/usr/bin/env bash
# Release metadata beats names: a wheel built by pip/setuptools (its WHEEL
# tags and RECORD), a goreleaser dist/ (artifacts.json + metadata.json) and a
# cargo-dist release (dist-manifest.json), arranged from real fixture
# binaries; the metadata files are written the way those tools write them.
# Checks: `xverify list` names where each platform came from; the platform
# the metadata states is the one arch.match judges; a wheel whose RECORD
# does not match its files fails `checksums`; the release's project, version
# and commit reach the report header.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
F=$XV_FIXTURES/checks
[ -f "$F/elf/app" ] && [ -f "$F/elf/hello-aarch64" ] || xv_skip "checks fixtures not built: $F"
T=$XV_TMP
c=(--no-smoke)

# ---- a wheel with a C extension, built offline by pip + setuptools + gcc
command -v gcc >/dev/null || xv_skip "gcc not installed"
/usr/bin/python3 -c "import setuptools, wheel, pip" 2>/dev/null || xv_skip "python3-setuptools/wheel/pip not installed"
mkdir -p "$T/src/mylib" "$T/whl"
cat >"$T/src/setup.py" <<'PY'
from setuptools import setup, Extension
setup(name="mylib", version="1.0", packages=["mylib"],
      ext_modules=[Extension("mylib._speed", ["speed.c"])])
PY
cat >"$T/src/speed.c" <<'C'
#include <Python.h>
static PyObject *twice(PyObject *self, PyObject *arg) { return PyNumber_Add(arg, arg); }
static PyMethodDef m[] = {{"twice", twice, METH_O, ""}, {0}};
static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "_speed", 0, -1, m};
PyMODINIT_FUNC PyInit__speed(void) { return PyModule_Create(&mod); }
C
printf 'from ._speed import twice\n' >"$T/src/mylib/__init__.py"
if ! (cd "$T/src" && PIP_NO_CACHE_DIR=1 /usr/bin/python3 -m pip wheel -q --no-deps --no-index \
        --no-build-isolation -w "$T/whl" . >"$T/pip.log" 2>&1); then
  xv_fail "pip wheel: $(tail -3 "$T/pip.log")"
  xv_done
fi
whl=$(ls "$T"/whl/mylib-1.0-*.whl)
wname=$(basename "$whl")
case $wname in *linux_x86_64.whl) xv_pass ;; *) xv_fail "unexpected wheel name $wname" ;; esac
xv_expect_rc 0 "$XVERIFY" list "$whl"
xv_contains "$XV_OUT" "$wname  archive  linux_amd64"
xv_contains "$XV_OUT" "platform from WHEEL  mylib 1.0"
xv_expect_rc 0 "$XVERIFY" "${c[@]}" --json "$T/w.json" "$whl"
xv_contains "$(cat "$T/w.json")" "files match mylib-1.0.dist-info/RECORD"

# the same wheel with one file changed after it was built: RECORD no longer
# matches, checksums fails and names the file
mkdir -p "$T/bad"
/usr/bin/python3 - "$whl" "$T/bad/$wname" <<'PY'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
    for info in zi.infolist():
        data = zi.read(info)
        if info.filename == "mylib/__init__.py":
            data += b"import os\n"
        zo.writestr(info, data)
PY
xv_expect_rc 1 "$XVERIFY" "${c[@]}" --json "$T/b.json" "$T/bad/$wname"
out=$(/usr/bin/python3 - "$T/b.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    if r["check"] == "checksums":
        print("%s|%s|%s" % (r["verdict"], r["subject"].split("!/")[-1], r["message"]))
PY
)
xv_contains "$out" "fail|mylib/__init__.py|sha256 hash of mylib/__init__.py does not match mylib-1.0.dist-info/RECORD"
xv_lacks "$out" "fail|mylib/_speed"

# a RECORD that lists a file the wheel lacks
/usr/bin/python3 - "$whl" "$T/bad/missing-$wname" <<'PY'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
    for info in zi.infolist():
        if info.filename != "mylib/__init__.py":
            zo.writestr(info, zi.read(info))
PY
xv_expect_rc 1 "$XVERIFY" "${c[@]}" "$T/bad/missing-$wname"
xv_contains "$XV_OUT" "lists mylib/__init__.py"

# ---- a goreleaser dist/: binaries in goreleaser's folders, archives (one
# with a custom name that states no platform), artifacts.json + metadata.json
# as goreleaser writes them
G=$T/gr/dist
mkdir -p "$G/myapp_linux_amd64_v1" "$G/myapp_linux_arm64_v8.0" "$T/gr/stage/amd64" "$T/gr/stage/arm64"
cp "$F/elf/app" "$G/myapp_linux_amd64_v1/myapp"
cp "$F/elf/hello-aarch64" "$G/myapp_linux_arm64_v8.0/myapp"
cp "$F/elf/app" "$T/gr/stage/amd64/myapp"
cp "$F/elf/hello-aarch64" "$T/gr/stage/arm64/myapp"
tar -C "$T/gr/stage/amd64" -czf "$G/myapp_1.2.0_linux_amd64.tar.gz" myapp
tar -C "$T/gr/stage/arm64" -czf "$G/myapp-server-edge.tar.gz" myapp
commit=0123456789abcdef0123456789abcdef01234567
cat >"$G/metadata.json" <<J
{"project_name":"myapp","tag":"v1.2.0","previous_tag":"v1.1.0","version":"1.2.0",
 "commit":"$commit","date":"2026-12-01T12:00:00Z","runtime":{"goos":"linux","goarch":"amd64"}}
J
cat >"$G/artifacts.json" <<'J'
[{"name":"metadata.json","path":"dist/metadata.json","internal_type":30,"type":"Metadata"},
 {"name":"myapp","path":"dist/myapp_linux_amd64_v1/myapp","goos":"linux","goarch":"amd64","goamd64":"v1",
  "target":"linux_amd64_v1","internal_type":4,"type":"Binary","extra":{"Binary":"myapp","Ext":"","ID":"myapp"}},
 {"name":"myapp","path":"dist/myapp_linux_arm64_v8.0/myapp","goos":"linux","goarch":"arm64","goarm64":"v8.0",
  "target":"linux_arm64_v8.0","internal_type":4,"type":"Binary","extra":{"Binary":"myapp","Ext":"","ID":"myapp"}},
 {"name":"myapp_1.2.0_linux_amd64.tar.gz","path":"dist/myapp_1.2.0_linux_amd64.tar.gz","goos":"linux",
  "goarch":"amd64","goamd64":"v1","target":"linux_amd64_v1","internal_type":1,"type":"Archive",
  "extra":{"Binaries":["myapp"],"Format":"tar.gz","ID":"default","WrappedIn":""}},
 {"name":"myapp-server-edge.tar.gz","path":"dist/myapp-server-edge.tar.gz","goos":"linux","goarch":"arm64",
  "target":"linux_arm64_v8.0","internal_type":1,"type":"Archive","extra":{"Format":"tar.gz","ID":"edge"}},
 {"name":"myapp_1.2.0_checksums.txt","path":"dist/myapp_1.2.0_checksums.txt","internal_type":12,"type":"Checksum"}]
J
xv_expect_rc 0 "$XVERIFY" list "$G"
out=$XV_OUT
xv_contains "$out" "release: myapp 1.2.0, tag v1.2.0, commit $commit (from metadata.json)"
xv_contains "$out" "dist/myapp-server-edge.tar.gz  archive  linux_arm64"
xv_contains "$out" "dist/myapp-server-edge.tar.gz!/myapp  elf aarch64"
xv_contains "$out" "dist/myapp_linux_arm64_v8.0  folder  linux_arm64"
for p in myapp-server-edge.tar.gz myapp_1.2.0_linux_amd64.tar.gz myapp_linux_amd64_v1 myapp_linux_arm64_v8.0; do
  xv_contains "$(printf '%s\n' "$out" | grep -F "dist/$p  ")" "platform from artifacts.json" "$p"
done
xv_lacks "$out" "metadata.json  file"
xv_lacks "$out" "artifacts.json  file"
# arch.match judges the platform artifacts.json states (the fixture
# binaries need a library not shipped here, so deps.resolve fails: exit 1)
archmatch() {
  /usr/bin/python3 - "$1" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    if r["check"] == "arch.match":
        print("%s|%s|%s" % (r["verdict"], r["subject"], r["message"]))
PY
}
xv_expect_rc 1 "$XVERIFY" "${c[@]}" --json "$T/g.json" --markdown "$T/g.md" --junit "$T/g.xml" \
  --sarif "$T/g.sarif" --html "$T/g.html" "$G"
xv_contains "$XV_OUT" "Release: myapp 1.2.0 (tag v1.2.0, commit $commit)"
xv_contains "$(cat "$T/g.md")" "Release: myapp 1"
xv_contains "$(cat "$T/g.md")" "commit $commit"
xv_contains "$(cat "$T/g.html")" "Release: myapp 1.2.0 (tag v1.2.0, commit $commit)"
xv_contains "$(cat "$T/g.xml")" "<property name=\"release.commit\" value=\"$commit\"/>"
xv_contains "$(cat "$T/g.xml")" "<property name=\"platform.token\" value=\"linux_arm64_v8.0\"/>"
rel=$(/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["release"]; print(r["project"], r["version"], r["tag"], r["commit"], r["source"])' "$T/g.json")
[ "$rel" = "myapp 1.2.0 v1.2.0 $commit metadata.json" ] && xv_pass || xv_fail "json release: $rel"
rel=$(/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["runs"][0]["properties"]["release"]; print(r["project"], r["commit"])' "$T/g.sarif")
[ "$rel" = "myapp $commit" ] && xv_pass || xv_fail "sarif release: $rel"
# the reports with a release stay valid against their schemas
schemas=$XV_SOURCE_DIR/tests/schemas
if xmllint --noout --schema "$schemas/junit-10.xsd" "$T/g.xml" 2>"$T/xmllint.err"; then xv_pass
else xv_fail "JUnit report invalid: $(cat "$T/xmllint.err")"; fi
if /usr/bin/python3 -m jsonschema -i "$T/g.sarif" "$schemas/sarif-schema-2.1.0.json" 2>&1; then xv_pass
else xv_fail "SARIF report invalid"; fi
if /usr/bin/python3 -m jsonschema -i "$T/g.json" "$XV_SOURCE_DIR/docs/report.schema.json" 2>&1; then xv_pass
else xv_fail "JSON report invalid against docs/report.schema.json"; fi
am=$(archmatch "$T/g.json")
[ "$(printf '%s\n' "$am" | grep -c '^pass|')" = 4 ] && xv_pass || xv_fail "arch.match: $am"
xv_lacks "$am" "fail|"
# artifacts.json says the edge archive is arm64: an amd64 binary in it is
# judged against that, whatever the name says
cp "$G/myapp_1.2.0_linux_amd64.tar.gz" "$G/myapp-server-edge.tar.gz"
xv_expect_rc 1 "$XVERIFY" "${c[@]}" --json "$T/g2.json" "$G"
xv_contains "$(archmatch "$T/g2.json")" "fail|$G/myapp-server-edge.tar.gz!/myapp|"

# a system package listed by goreleaser (nfpm): what dpkg acts on, its
# control, decides over the list
if [ -f "$XV_FIXTURES/syspkg/wrongarch/wrongtool_1.0.0-1.deb" ]; then
  mkdir -p "$T/gr2"
  cp "$XV_FIXTURES/syspkg/wrongarch/wrongtool_1.0.0-1.deb" "$T/gr2/"
  cat >"$T/gr2/artifacts.json" <<'J'
[{"name":"wrongtool_1.0.0-1.deb","path":"dist/wrongtool_1.0.0-1.deb","goos":"linux","goarch":"amd64",
  "goamd64":"v1","internal_type":9,"type":"Linux Package","extra":{"Format":"deb","ID":"default"}}]
J
  xv_expect_rc 0 "$XVERIFY" list "$T/gr2"
  xv_contains "$XV_OUT" "linux_arm64"
  xv_contains "$XV_OUT" "platform from control"
  xv_lacks "$XV_OUT" "platform from artifacts.json"
fi

# ---- a cargo-dist release: dist-manifest.json names the target triple of
# each archive (one renamed so its name states none)
D=$T/cd
mkdir -p "$D/stage/mytool-x86_64-unknown-linux-gnu" "$D/stage/mytool-aarch64-unknown-linux-gnu" "$D/out"
cp "$F/elf/app" "$D/stage/mytool-x86_64-unknown-linux-gnu/mytool"
cp "$F/elf/hello-aarch64" "$D/stage/mytool-aarch64-unknown-linux-gnu/mytool"
tar -C "$D/stage" -cJf "$D/out/mytool-x86_64-unknown-linux-gnu.tar.xz" mytool-x86_64-unknown-linux-gnu
tar -C "$D/stage" -cJf "$D/out/mytool-server.tar.xz" mytool-aarch64-unknown-linux-gnu
cat >"$D/out/dist-manifest.json" <<'J'
{"dist_version":"0.28.0","announcement_tag":"v0.3.1","announcement_tag_is_implicit":false,
 "announcement_is_prerelease":false,"announcement_title":"v0.3.1",
 "releases":[{"app_name":"mytool","app_version":"0.3.1",
   "artifacts":["mytool-x86_64-unknown-linux-gnu.tar.xz","mytool-server.tar.xz","source.tar.gz","mytool-installer.sh"]}],
 "artifacts":{
   "mytool-x86_64-unknown-linux-gnu.tar.xz":{"name":"mytool-x86_64-unknown-linux-gnu.tar.xz","kind":"executable-zip",
     "target_triples":["x86_64-unknown-linux-gnu"],"assets":[{"name":"mytool","path":"mytool","kind":"executable"}]},
   "mytool-server.tar.xz":{"name":"mytool-server.tar.xz","kind":"executable-zip",
     "target_triples":["aarch64-unknown-linux-gnu"],"assets":[{"name":"mytool","path":"mytool","kind":"executable"}]},
   "mytool-installer.sh":{"name":"mytool-installer.sh","kind":"installer",
     "target_triples":["aarch64-unknown-linux-gnu","x86_64-unknown-linux-gnu"]},
   "source.tar.gz":{"name":"source.tar.gz","kind":"source-tarball"}}}
J
xv_expect_rc 0 "$XVERIFY" list "$D/out"
out=$XV_OUT
xv_contains "$out" "release: mytool 0.3.1, tag v0.3.1 (from dist-manifest.json)"
xv_contains "$out" "out/mytool-server.tar.xz  archive  linux_arm64"
xv_contains "$(printf '%s\n' "$out" | grep -F "out/mytool-server.tar.xz  ")" "platform from dist-manifest.json"
xv_contains "$(printf '%s\n' "$out" | grep -F "out/mytool-x86_64-unknown-linux-gnu.tar.xz  ")" "platform from dist-manifest.json"
xv_expect_rc 1 "$XVERIFY" "${c[@]}" --json "$T/d.json" "$D/out"
xv_contains "$XV_OUT" "Release: mytool 0.3.1 (tag v0.3.1)"
am=$(archmatch "$T/d.json")
[ "$(printf '%s\n' "$am" | grep -c '^pass|')" = 2 ] && xv_pass || xv_fail "arch.match: $am"

# ---- npm platform packages on musl, built here with musl-gcc: an addon
# package and the sibling that ships its library, named like sharp's. The
# addon needs libstdc++.so.6 and libgcc_s.so.1 (linked against stand-ins
# that are not shipped: on musl the node process provides both).
command -v musl-gcc >/dev/null || xv_skip "musl-gcc not installed (musl-tools)"
N=$T/npm
mkdir -p "$N/stub" "$N/addon/package/lib" "$N/vips/package/lib" "$N/plain/package/lib" "$N/dist"
printf 'int demo_value(void) { return 42; }\n' >"$N/libdemo.c"
printf 'int demo_value(void);\nint napi_register_module_v1(void) { return demo_value(); }\n' >"$N/addon.c"
printf 'void stand_in(void) {}\n' >"$N/stub.c"
musl-gcc -shared -fPIC -Wl,-soname,libgcc_s.so.1 -o "$N/stub/libgcc_s.so.1" "$N/stub.c"
musl-gcc -shared -fPIC -Wl,-soname,libstdc++.so.6 -o "$N/stub/libstdc++.so.6" "$N/stub.c"
musl-gcc -shared -fPIC -Wl,-z,relro,-z,now -Wl,-soname,libdemo.so.1 -o "$N/vips/package/lib/libdemo.so.1" "$N/libdemo.c"
musl-gcc -shared -fPIC -Wl,-z,relro,-z,now -o "$N/addon/package/lib/demo-linuxmusl-x64.node" "$N/addon.c" \
  -L"$N/vips/package/lib" -l:libdemo.so.1 -L"$N/stub" -Wl,--no-as-needed -l:libstdc++.so.6 -l:libgcc_s.so.1
readelf -d "$N/addon/package/lib/demo-linuxmusl-x64.node" | grep -q 'NEEDED.*libgcc_s.so.1' && xv_pass ||
  xv_fail "addon fixture lacks the libgcc_s.so.1 need"
cat >"$N/addon/package/package.json" <<'J'
{"name":"@demo/addon-linuxmusl-x64","version":"1.0.0","os":["linux"],"cpu":["x64"],"libc":["musl"],
 "optionalDependencies":{"@demo/vips-linuxmusl-x64":"1.0.0"}}
J
# the sibling states no platform (no os/cpu, a name without one): only the
# declaration ties it to the addon
cat >"$N/vips/package/package.json" <<'J'
{"name":"@demo/vips-linuxmusl-x64","version":"1.0.0"}
J
(cd "$N/addon" && tar -czf "$N/dist/demo-addon-1.0.0.tgz" package)
(cd "$N/vips" && tar -czf "$N/dist/demo-vips-1.0.0.tgz" package)
xv_expect_rc 0 "$XVERIFY" list "$N/dist"
xv_contains "$XV_OUT" "demo-addon-1.0.0.tgz  archive  linux_amd64_musl"
xv_contains "$XV_OUT" "platform from package.json  @demo/addon-linuxmusl-x64 1.0.0"
resolve() {
  /usr/bin/python3 - "$1" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    if r["check"] == "deps.resolve":
        print("%s|%s|%s|%s" % (r["verdict"], r["subject"].split("!/")[-1], r["message"],
              " ".join("%s=%s" % (f["key"], f["value"]) for f in r["facts"])))
PY
}
"$XVERIFY" "${c[@]}" --json "$T/n.json" "$N/dist" >/dev/null 2>&1
out=$(resolve "$T/n.json")
xv_contains "$out" "pass|package/lib/demo-linuxmusl-x64.node|"
xv_contains "$out" "libdemo.so.1=$N/dist/demo-vips-1.0.0.tgz!/package/lib/libdemo.so.1 (provided by @demo/vips-linuxmusl-x64, a declared dependency)"
xv_contains "$out" "libstdc++.so.6=host process (Node.js)"
xv_contains "$out" "libgcc_s.so.1=host process (Node.js)"
# the addon package alone: its declared dependency is published separately,
# so the need is a warning that says to verify them together
mkdir -p "$N/solo" && cp "$N/dist/demo-addon-1.0.0.tgz" "$N/solo/"
"$XVERIFY" "${c[@]}" --json "$T/n1.json" "$N/solo" >/dev/null 2>&1
xv_contains "$(resolve "$T/n1.json")" "warn|package/lib/demo-linuxmusl-x64.node|needs libdemo.so.1: not in this release; @demo/addon-linuxmusl-x64 declares @demo/vips-linuxmusl-x64, which is not among the inputs"
# without the declaration the sibling (no platform of its own) is not used
sed -i 's/"optionalDependencies"/"devDependencies"/' "$N/addon/package/package.json"
(cd "$N/addon" && tar -czf "$N/dist/demo-addon-1.0.0.tgz" package)
"$XVERIFY" "${c[@]}" --json "$T/n2.json" "$N/dist" >/dev/null 2>&1
xv_contains "$(resolve "$T/n2.json")" "fail|package/lib/demo-linuxmusl-x64.node|needs libdemo.so.1"

xv_done
