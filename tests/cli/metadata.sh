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
xv_contains "$XV_OUT" "platform from WHEEL  declares mylib 1.0"
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

xv_done
