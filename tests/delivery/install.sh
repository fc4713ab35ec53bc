#!/usr/bin/env bash
# The install as a user gets it: configure and build a copy of the source,
# `cmake --install` it to a temporary prefix, move the source, build and
# prefix away (so nothing can be found through a configure-time path), then:
#   - the installed xverify runs (--version) and passes the example release
#     with zero configuration (exit 0), finding its data beside itself;
#   - xverify on its own install tree finds nothing about its own hardening
#     or libraries; the only findings left are the distribution libraries
#     it links (libelf, libarchive, cJSON, libcrypto, libseccomp), which the
#     zero-configuration policy rightly does not count as system libraries
#     of a portable release;
#   - `man -l` renders each installed page;
#   - a consumer builds against the prefix with pkg-config and with
#     find_package(xverify CONFIG), and reads a fixture.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
for t in cmake make cc pkg-config man; do
  command -v $t >/dev/null || xv_skip "$t not installed (scripts/deps.sh)"
done
ex=$XV_FIXTURES/example/dist
[ -d "$ex" ] || xv_skip "example release not built ($ex; fixtures/build.sh)"

# A copy of the working tree (the build folders left out).
mkdir -p "$XV_TMP/src"
tar -C "$XV_SOURCE_DIR" --exclude='./build*' --exclude=./.git -cf - . | tar -C "$XV_TMP/src" -xf - \
  || { xv_fail "copying the source tree"; xv_done; exit; }
log=$XV_TMP/build.log
if ! { cmake -S "$XV_TMP/src" -B "$XV_TMP/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
         -DXV_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/opt/xverify-configured &&
       cmake --build "$XV_TMP/build" -j 2 &&
       cmake --install "$XV_TMP/build" --prefix "$XV_TMP/prefix"; } >"$log" 2>&1; then
  tail -30 "$log" >&2; xv_fail "configure, build or install failed"; xv_done; exit
fi
mkdir "$XV_TMP/away"
mv "$XV_TMP/src" "$XV_TMP/build" "$XV_TMP/away/"
mv "$XV_TMP/prefix" "$XV_TMP/moved-prefix"
p=$XV_TMP/moved-prefix
unset XVERIFY_DATA_DIR

xv_expect_rc 0 "$p/bin/xverify" --version
xv_contains "$XV_OUT" "xverify 0.1.0" "--version"
xv_contains "$XV_OUT" "libarchive " "--version"
xv_contains "$XV_OUT" "libelf " "--version"
# The program is self-contained: no libxverify.so to look for, no RPATH.
dyn=$(readelf -d "$p/bin/xverify")
xv_lacks "$dyn" "libxverify" "bin/xverify dynamic section"
xv_lacks "$dyn" "PATH" "bin/xverify dynamic section"

xv_expect_rc 0 "$p/bin/xverify" --color never "$ex"
xv_contains "$XV_OUT" "Ready to publish" "example release"
xv_lacks "$XV_OUT" "no system library list" "example release"

# Its own install tree, zero configuration.
"$p/bin/xverify" --color never --json "$XV_TMP/self.json" "$p" >"$XV_TMP/self.txt" 2>&1
/usr/bin/python3 - "$XV_TMP/self.json" <<'PY' || xv_fail "xverify on its own prefix: findings beyond the distribution libraries (above)"
import json, re, sys
doc = json.load(open(sys.argv[1]))
distro = {"libelf.so.1", "libarchive.so.13", "libcjson.so.1", "libcrypto.so.3", "libseccomp.so.2"}
bad = []
def walk(o):
    if isinstance(o, dict):
        if "check" in o and o.get("verdict") in ("fail", "error", "warn"):
            yield o
        for v in o.values():
            yield from walk(v)
    elif isinstance(o, list):
        for v in o:
            yield from walk(v)
for r in walk(doc):
    text = json.dumps(r)
    if r["check"] == "deps.resolve":
        said = (r.get("message") or "") + " " + (r.get("detail") or "")
        libs = set(re.findall(r"needs (lib[\w+.-]*\.so\.\d+)", said))
        if libs and libs <= distro:
            continue
    bad.append(text)
for b in bad:
    print("unexpected:", b[:400], file=sys.stderr)
sys.exit(1 if bad else 0)
PY
xv_pass
self=$(cat "$XV_TMP/self.txt")
xv_lacks "$self" "hardening" "xverify on its own prefix"
xv_lacks "$self" "RELRO" "xverify on its own prefix"
xv_lacks "$self" "libxverify.so.0: not shipped" "xverify on its own prefix"
xv_lacks "$self" "needs libxverify" "xverify on its own prefix"

# Man pages render.
for page in man1/xverify.1 man1/xverify-rootfs.1 man5/xverify-matrix.5; do
  f=$p/share/man/$page
  [ -f "$f" ] || { xv_fail "$page not installed"; continue; }
  out=$(MANWIDTH=80 MANPAGER=cat PAGER=cat man --warnings -l "$f" 2>"$XV_TMP/man.err"); rc=$?
  [ $rc -eq 0 ] && xv_pass || xv_fail "man -l $page exited $rc"
  xv_contains "$out" "NAME" "man -l $page"
  xv_lacks "$(cat "$XV_TMP/man.err")" "warning" "man --warnings -l $page (stderr)"
done
for f in share/bash-completion/completions/xverify share/zsh/site-functions/_xverify \
         share/fish/vendor_completions.d/xverify.fish share/doc/xverify/LICENSE \
         share/xverify/system-libs/glibc-linux.json; do
  [ -f "$p/$f" ] && xv_pass || xv_fail "$f not installed"
done

# Consumers: pkg-config and the CMake package.
fixture=$XV_FIXTURES/elf/x86_64/hello-pie
cons=$XV_SOURCE_DIR/tests/delivery/consumer
if cc -o "$XV_TMP/consumer-pc" "$cons/consumer.c" \
     $(PKG_CONFIG_PATH=$p/lib/pkgconfig pkg-config --cflags --libs xverify) \
     -Wl,-rpath,"$p/lib" >"$XV_TMP/pc.log" 2>&1; then
  xv_expect_rc 0 "$XV_TMP/consumer-pc" "$fixture"
  xv_contains "$XV_OUT" "elf x86_64" "pkg-config consumer"
else
  cat "$XV_TMP/pc.log" >&2; xv_fail "pkg-config consumer did not build"
fi
if { cmake -S "$cons" -B "$XV_TMP/cons-build" -DCMAKE_PREFIX_PATH="$p" \
       -DCMAKE_BUILD_RPATH="$p/lib" && cmake --build "$XV_TMP/cons-build"; } >"$XV_TMP/cm.log" 2>&1; then
  for exe in consumer consumer_static; do
    xv_expect_rc 0 "$XV_TMP/cons-build/$exe" "$fixture"
    xv_contains "$XV_OUT" "elf x86_64" "CMake consumer $exe"
  done
  xv_contains "$(readelf -d "$XV_TMP/cons-build/consumer")" "libxverify.so.0" "CMake consumer (shared)"
else
  tail -30 "$XV_TMP/cm.log" >&2; xv_fail "CMake consumer did not build"
fi
xv_done
