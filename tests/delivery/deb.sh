#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` from this build, its computed Depends
# (dpkg-shlibdeps) and Recommends shown by dpkg-deb -I; installed with
# dpkg -i + apt-get -f install into copies of the cached Debian bookworm
# and trixie trees (scripts/prepare-smoke.sh), where `xverify --version`
# and the example release (zero configuration, exit 0) run; then xverify's
# own gate on its own .deb. The libxverify of this (dynamic) build, shared
# and static, serves the pkg-config and CMake consumers. (The release
# tarball is the portable build's: tests/delivery/install.sh.)
# Needs root (chroot) and apt access to the Debian mirror from the tree.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
cache=${XV_SMOKE_CACHE:-/var/cache/xverify-ci}
[ "$(id -u)" -eq 0 ] || xv_skip "needs root to chroot into a Debian tree"
[ -x "$cache/xverify/rootfs/debian_bookworm_amd64/root/usr/bin/apt-get" ] ||
  xv_skip "no cached Debian trees in $cache (scripts/prepare-smoke.sh)"
for t in cpack dpkg-deb dpkg-shlibdeps unshare cmake cc pkg-config readelf; do
  command -v $t >/dev/null || xv_skip "$t not installed (scripts/deps.sh)"
done
build=$XV_BUILD_DIR
ex=$XV_FIXTURES/example/dist
[ -d "$ex" ] || xv_skip "example release not built ($ex)"

if ! (cd "$XV_TMP" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$XV_TMP/pkg") \
     >"$XV_TMP/cpack.log" 2>&1; then
  tail -30 "$XV_TMP/cpack.log" >&2; xv_fail "cpack failed"; xv_done; exit
fi
deb=$(ls "$XV_TMP"/pkg/xverify_*_amd64.deb 2>/dev/null | head -1)
[ -f "$deb" ] || { xv_fail "no .deb made"; xv_done; exit; }
# No tarball of this dynamic build: it would not run without the build
# machine's libraries (the release tarball is the portable build's).
xv_expect_rc 1 sh -c "cd '$XV_TMP' && cpack --config '$build/CPackConfig.cmake' -G TGZ -B '$XV_TMP/no-tgz'"
xv_contains "$XV_OUT" "made from a portable build" "cpack -G TGZ of the dynamic build"

info=$(dpkg-deb -I "$deb")
echo "$info" | sed -n '/Depends/p;/Recommends/p'
# Depends come from the libraries the binaries link (dpkg-shlibdeps), with
# the versions their symbols need.
for p in "libc6 (>=" "libelf1 (>=" "libarchive13 (>=" "libcjson1 (>=" "libssl3 (>=" "libseccomp2 (>="; do
  xv_contains "$(echo "$info" | grep '^ Depends:')" "$p" "Depends"
done
xv_contains "$(echo "$info" | grep '^ Recommends:')" "qemu-user, bubblewrap, podman, mmdebstrap, wine64" "Recommends"

# The .deb ships the shared libxverify beside the static one.
deb_files=$(dpkg-deb -c "$deb" | awk '{print $6}')
xv_contains "$deb_files" "/libxverify.so.0" ".deb contents"
xv_contains "$deb_files" "/libxverify.a" ".deb contents"

# Install into a throwaway copy of each cached tree: bookworm (the build's
# own distribution) and trixie. (Not bullseye: the package needs glibc 2.34.)
install_in() {  # DIST
  local dist=$1 tree=$cache/xverify/rootfs/debian_$1_amd64/root
  [ -x "$tree/usr/bin/apt-get" ] || { xv_fail "no cached $dist tree at $tree (scripts/prepare-smoke.sh)"; return; }
  root=$XV_TMP/root-$dist
  cp -a "$tree" "$root" || { xv_fail "copying $tree"; return; }
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
  cp "$deb" "$root/tmp/xverify.deb"
  mkdir -p "$root/tmp/dist" && cp -a "$ex/." "$root/tmp/dist/"
  inroot sh -c 'dpkg -i /tmp/xverify.deb >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get -f install -y -qq --no-install-recommends' >"$XV_TMP/apt-$dist.log" 2>&1
  local rc=$?
  [ $rc -eq 0 ] && xv_pass || { tail -20 "$XV_TMP/apt-$dist.log" >&2; xv_fail "$dist: dpkg -i + apt-get -f install exited $rc"; }
  xv_expect_rc 0 inroot dpkg-query -W -f '${Status}' xverify
  xv_contains "$XV_OUT" "install ok installed" "$dist: dpkg status"
  xv_expect_rc 0 inroot /usr/bin/xverify --version
  xv_contains "$XV_OUT" "xverify 0.1.0" "$dist: --version"
  xv_contains "$XV_OUT" "libarchive 3." "$dist: --version"
  xv_expect_rc 0 inroot env -u XVERIFY_DATA_DIR /usr/bin/xverify --color never /tmp/dist
  xv_contains "$XV_OUT" "Ready to publish" "$dist: example release"
  rm -rf "$root"
}
inroot() {
  unshare -m -- sh -c 'mount -t proc proc "$1/proc" && mount --rbind /dev "$1/dev" &&
    shift && exec chroot "$@"' sh "$root" "$root" "$@"
}
install_in bookworm
install_in trixie

# xverify's gate on its own .deb, zero configuration: nothing about its own
# hardening or libraries; its libraries resolve through the computed
# Depends (libcrypto.so.3 through libssl3, which ships it) and its static
# library is judged by the arch of its objects. No finding at all.
xv_expect_rc 0 "$XVERIFY" --color never --json "$XV_TMP/self.json" "$deb"
xv_contains "$XV_OUT" "Ready to publish" "xverify on its own .deb"
if /usr/bin/python3 - "$XV_TMP/self.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
bad = [r for r in doc["results"] if r.get("verdict") not in ("pass", "skip")]
for r in bad:
    print("finding:", json.dumps(r)[:400], file=sys.stderr)
sys.exit(1 if bad else 0)
PY
then xv_pass; else xv_fail "xverify on its own .deb: findings (above)"; fi

# The consumers of the shared and static libxverify, installed from this build.
if cmake --install "$build" --prefix "$XV_TMP/dyn" >"$XV_TMP/install.log" 2>&1; then
  . "$XV_SOURCE_DIR/tests/delivery/consumer/check.sh"
  xv_check_consumers "$XV_TMP/dyn" shared
else
  tail -20 "$XV_TMP/install.log" >&2; xv_fail "cmake --install $build failed"
fi
xv_done
