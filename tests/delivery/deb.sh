#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` from this build, its computed Depends
# (dpkg-shlibdeps) and Recommends shown by dpkg-deb -I; installed with
# dpkg -i + apt-get -f install into copies of the cached Debian bookworm
# and trixie trees (scripts/prepare-smoke.sh), where `xverify --version`
# and the example release (zero configuration, exit 0) run; then xverify's
# own gate on its own .deb. The release tarball (cpack -G TGZ) holds the
# same files.
# Needs root (chroot) and apt access to the Debian mirror from the tree.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
cache=${XV_SMOKE_CACHE:-/var/cache/xverify-ci}
[ "$(id -u)" -eq 0 ] || xv_skip "needs root to chroot into a Debian tree"
[ -x "$cache/xverify/rootfs/debian_bookworm_amd64/root/usr/bin/apt-get" ] ||
  xv_skip "no cached Debian trees in $cache (scripts/prepare-smoke.sh)"
for t in cpack dpkg-deb dpkg-shlibdeps unshare; do
  command -v $t >/dev/null || xv_skip "$t not installed (scripts/deps.sh)"
done
build=$XV_BUILD_DIR
ex=$XV_FIXTURES/example/dist
[ -d "$ex" ] || xv_skip "example release not built ($ex)"

if ! (cd "$XV_TMP" && cpack --config "$build/CPackConfig.cmake" -G "DEB;TGZ" -B "$XV_TMP/pkg") \
     >"$XV_TMP/cpack.log" 2>&1; then
  tail -30 "$XV_TMP/cpack.log" >&2; xv_fail "cpack failed"; xv_done; exit
fi
deb=$(ls "$XV_TMP"/pkg/xverify_*_amd64.deb 2>/dev/null | head -1)
tgz=$(ls "$XV_TMP"/pkg/xverify-*.tar.gz 2>/dev/null | head -1)
[ -f "$deb" ] || { xv_fail "no .deb made"; xv_done; exit; }
[ -f "$tgz" ] && xv_pass || xv_fail "no release tarball made"

info=$(dpkg-deb -I "$deb")
echo "$info" | sed -n '/Depends/p;/Recommends/p'
# Depends come from the libraries the binaries link (dpkg-shlibdeps), with
# the versions their symbols need.
for p in "libc6 (>=" "libelf1 (>=" "libarchive13 (>=" "libcjson1 (>=" "libssl3 (>=" "libseccomp2 (>="; do
  xv_contains "$(echo "$info" | grep '^ Depends:')" "$p" "Depends"
done
xv_contains "$(echo "$info" | grep '^ Recommends:')" "qemu-user, bubblewrap, podman, mmdebstrap, wine64" "Recommends"

# The .deb and the tarball ship the same files.
deb_files=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./usr/||' | grep -v '/$' | grep -v '^\./$' | grep . | sort)
tgz_files=$(tar -tzf "$tgz" | sed 's|^[^/]*/||' | grep -v '/$' | grep . | sort)
if [ "$deb_files" = "$tgz_files" ]; then xv_pass
else xv_fail ".deb and tarball differ"; diff <(echo "$deb_files") <(echo "$tgz_files") >&2; fi

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
"$XVERIFY" --color never --json "$XV_TMP/self.json" "$deb" >"$XV_TMP/self.txt" 2>&1
/usr/bin/python3 - "$XV_TMP/self.json" <<'PY' || xv_fail "xverify on its own .deb: unexpected findings (above)"
import json, re, sys
doc = json.load(open(sys.argv[1]))
distro = set()
bad = []
for r in doc["results"]:
    if r.get("verdict") not in ("fail", "error", "warn"):
        continue
    said = (r.get("message") or "") + " " + (r.get("detail") or "")
    if r["check"] == "deps.resolve":
        libs = set(re.findall(r"needs (lib[\w+.-]*\.so\.\d+)", said))
        if libs and libs <= distro:
            continue
    bad.append(json.dumps(r))
for b in bad:
    print("unexpected:", b[:400], file=sys.stderr)
sys.exit(1 if bad else 0)
PY
xv_pass
self=$(cat "$XV_TMP/self.txt")
xv_lacks "$self" "hardening" "xverify on its own .deb"
xv_lacks "$self" "libxverify.so.0: not shipped" "xverify on its own .deb"
xv_done
