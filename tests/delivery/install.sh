#!/usr/bin/env bash
# The install as a user gets it, in the portable configuration the release
# tarball is built with (XV_PORTABLE: the distribution libraries linked
# statically into the program, cJSON bundled in lib/xverify): configure and
# build a copy of the source, `cmake --install` it to a temporary prefix and
# `cpack -G TGZ` the tarball, move the source, build and prefix away (so
# nothing can be found through a configure-time path), then:
#   - the installed xverify runs (--version) and passes the example release
#     with zero configuration (exit 0), finding its data beside itself;
#   - the program needs only the C library and the bundled cJSON (RUNPATH
#     $ORIGIN/../lib/xverify): no libxverify, libarchive, libxml2, ICU...;
#   - xverify passes its own zero-configuration gate on its own install
#     tree and on the release tarball: exit 0 and not one failure, error or
#     warning; the tarball holds the files of the install;
#   - unpacked, the tarball runs (and passes the example release) in the
#     cached bare Debian bookworm tree, where the dynamic build cannot start;
#   - `man -l` renders each installed page;
#   - a consumer builds against the prefix (the static libxverify) with
#     pkg-config and with find_package(xverify CONFIG), and reads a fixture.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
for t in cmake cpack make cc pkg-config man readelf; do
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
         -DXV_BUILD_TESTS=OFF -DXV_PORTABLE=ON -DCMAKE_INSTALL_PREFIX=/opt/xverify-configured &&
       cmake --build "$XV_TMP/build" -j 2 &&
       cmake --install "$XV_TMP/build" --prefix "$XV_TMP/prefix" &&
       (cd "$XV_TMP" && cpack --config "$XV_TMP/build/CPackConfig.cmake" -B "$XV_TMP/pkg"); } >"$log" 2>&1; then
  tail -30 "$log" >&2; xv_fail "configure, build, install or cpack failed"; xv_done; exit
fi
# No .deb of the portable build (Debian's libraries belong in Depends).
xv_expect_rc 1 sh -c "cd '$XV_TMP' && cpack --config '$XV_TMP/build/CPackConfig.cmake' -G DEB -B '$XV_TMP/no-deb'"
xv_contains "$XV_OUT" "made from the default (dynamic) build" "cpack -G DEB of the portable build"
mkdir "$XV_TMP/away"
mv "$XV_TMP/src" "$XV_TMP/build" "$XV_TMP/away/"
mv "$XV_TMP/prefix" "$XV_TMP/moved-prefix"
p=$XV_TMP/moved-prefix
unset XVERIFY_DATA_DIR

xv_expect_rc 0 "$p/bin/xverify" --version
xv_contains "$XV_OUT" "xverify 0.1.0" "--version"
xv_contains "$XV_OUT" "libarchive 3." "--version"
xv_contains "$XV_OUT" "cJSON 1." "--version"
xv_contains "$XV_OUT" "libelf 0." "--version"
# Linked in: the program needs the C library and the bundled cJSON only,
# found through its own RUNPATH.
dyn=$(readelf -d "$p/bin/xverify")
needed=$(echo "$dyn" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
[ "$needed" = "ld-linux-x86-64.so.2 libc.so.6 libcjson.so.1 " ] && xv_pass ||
  xv_fail "bin/xverify needs: $needed (want only the C library and libcjson.so.1)"
xv_contains "$dyn" "(RUNPATH)            Library runpath: [\$ORIGIN/../lib/xverify]" "bin/xverify dynamic section"
[ -f "$p/lib/xverify/libcjson.so.1" ] && [ ! -L "$p/lib/xverify/libcjson.so.1" ] && xv_pass ||
  xv_fail "lib/xverify/libcjson.so.1 not bundled as a file"
if ls "$p"/lib/libxverify.so* >/dev/null 2>&1; then xv_fail "a portable install ships libxverify.so"
else xv_pass; fi
[ -f "$p/share/doc/xverify/third-party/libarchive-dev.copyright" ] && xv_pass ||
  xv_fail "the licence of the static libarchive is not installed (share/doc/xverify/third-party)"

xv_expect_rc 0 "$p/bin/xverify" --color never "$ex"
xv_contains "$XV_OUT" "Ready to publish" "example release"
xv_lacks "$XV_OUT" "no system library list" "example release"

# xverify's gate, zero configuration, on its own install tree and on the
# release tarball: exit 0 and no failure, error or warning of any check.
no_findings() {  # JSON WHAT
  if /usr/bin/python3 - "$1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
bad = [r for r in doc["results"] if r.get("verdict") not in ("pass", "skip")]
for r in bad:
    print("finding:", json.dumps(r)[:400], file=sys.stderr)
passed = sum(1 for r in doc["results"] if r.get("verdict") == "pass")
sys.exit(1 if bad or passed == 0 else 0)
PY
  then xv_pass; else xv_fail "xverify on $2: findings (above)"; fi
}
xv_expect_rc 0 "$p/bin/xverify" --color never --json "$XV_TMP/self.json" "$p"
xv_contains "$XV_OUT" "Ready to publish" "xverify on its own prefix"
xv_contains "$XV_OUT" ": 1 package," "xverify on its own prefix (an install tree is one package)"
no_findings "$XV_TMP/self.json" "its own prefix"

tgz=$(ls "$XV_TMP"/pkg/xverify-*.tar.gz 2>/dev/null | head -1)
if [ -f "$tgz" ]; then
  xv_expect_rc 0 "$p/bin/xverify" --color never --json "$XV_TMP/tgz.json" "$tgz"
  xv_contains "$XV_OUT" "Ready to publish" "xverify on the release tarball"
  no_findings "$XV_TMP/tgz.json" "the release tarball"
  # The tarball holds the files of the install, under one top folder.
  tgz_files=$(tar -tzf "$tgz" | sed 's|^[^/]*/||' | grep -v '/$' | grep . | sort)
  pfx_files=$(cd "$p" && find . ! -type d | sed 's|^\./||' | sort)
  if [ "$tgz_files" = "$pfx_files" ]; then xv_pass
  else xv_fail "the tarball and the install differ"; diff <(echo "$tgz_files") <(echo "$pfx_files") >&2; fi
  # Portable: the unpacked tarball runs in a bare Debian tree that has none
  # of the libraries it links (the dynamic build/xverify cannot start there,
  # which shows the tree is bare), with zero configuration.
  tree=${XV_SMOKE_CACHE:-/var/cache/xverify-ci}/xverify/rootfs/debian_bookworm_amd64/root
  if [ -x "$tree/bin/sh" ] && command -v bwrap >/dev/null; then
    mkdir "$XV_TMP/unpacked" && tar -C "$XV_TMP/unpacked" -xzf "$tgz"
    top=$(ls "$XV_TMP/unpacked")
    bare() {
      bwrap --ro-bind "$tree" / --tmpfs /mnt --ro-bind "$XV_TMP/unpacked/$top" /mnt/xverify \
        --ro-bind "$ex" /mnt/dist --ro-bind "$XVERIFY" /mnt/dynamic-xverify \
        --proc /proc --dev /dev --tmpfs /tmp --unshare-all --die-with-parent "$@"
    }
    xv_expect_rc 127 bare /mnt/dynamic-xverify --version
    xv_contains "$XV_OUT" "libelf.so.1" "the dynamic build in a bare Debian tree"
    xv_expect_rc 0 bare /mnt/xverify/bin/xverify --version
    xv_contains "$XV_OUT" "xverify 0.1.0" "the tarball's xverify in a bare Debian tree"
    xv_expect_rc 0 bare /mnt/xverify/bin/xverify --color never /mnt/dist
    xv_contains "$XV_OUT" "Ready to publish" "the tarball's xverify in a bare Debian tree, example release"
  elif [ "${CI:-}" = true ]; then
    xv_fail "no bare Debian tree at $tree or no bwrap (scripts/prepare-smoke.sh, scripts/deps.sh)"
  else
    echo "note: not run in a bare Debian tree (no $tree or no bwrap)" >&2
  fi
else
  xv_fail "cpack made no release tarball"
fi

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

# Consumers: pkg-config and the CMake package, on the static libxverify.
. "$XV_SOURCE_DIR/tests/delivery/consumer/check.sh"
xv_check_consumers "$p" static
xv_done
