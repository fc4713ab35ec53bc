#!/usr/bin/env bash
# xverify list: packages, binary members with logical '!/' paths, formats,
# arches and inferred platforms, over fixtures/archives (real tar, zip,
# dpkg-deb, rpmbuild, cpio, 7z outputs).
. "$(dirname "$0")/../lib.sh"
fx=$XV_FIXTURES/archives
[ -d "$fx/release" ] || xv_skip "fixtures/archives not built"
cd "$fx" || exit 1

xv_expect_rc 0 "$XVERIFY" list release nested pkgs
out=$XV_OUT
for a in tar.gz tar.zst tar.lz4; do
  xv_contains "$out" "release/app_1.0.0_linux_amd64.$a!/bin/app  elf x86_64 pie  linux_amd64"
done
for a in tar.gz tar.xz tar.bz2 zip; do
  xv_contains "$out" "release/app_1.0.0_linux_arm64.$a!/lib/libgreet.so  elf aarch64 shared  linux_arm64"
done
xv_contains "$out" "release/app_1.0.0_linux_amd64.tar.gz  archive  linux_amd64"
xv_contains "$out" "release/linux_amd64  folder  linux_amd64"
xv_contains "$out" "release/linux_amd64/bin/app  elf x86_64 pie  linux_amd64"
xv_contains "$out" "nested/bundle_linux_arm64.zip!/inner.tgz!/bin/app  elf aarch64 pie  linux_arm64"
xv_contains "$out" "pkgs/app_1.0.0_arm64.deb!/usr/bin/app  elf aarch64 pie  linux_arm64"
# a .deb is one system package: its control.tar/data.tar are not packages
xv_contains "$out" "pkgs/app_1.0.0_arm64.deb  system  linux_arm64"
xv_contains "$out" "(Debian binary package)  platform from control  app 1.0.0"
xv_contains "$out" "(RPM package)  platform from rpm  app 1.0.0-1"
xv_lacks "$out" "data.tar"
xv_lacks "$out" "control.tar"
xv_contains "$out" "pkgs/app-1.0.0-1.x86_64.rpm!/usr/bin/app  elf x86_64 pie  linux_amd64"
xv_contains "$out" "pkgs/app_linux_amd64.cpio!/lib/libgreet.so  elf x86_64 shared  linux_amd64"
xv_contains "$out" "pkgs/app_linux_arm64.7z!/bin/app  elf aarch64 pie  linux_arm64"
xv_contains "$out" "pkgs/mylib-1.0-cp311-cp311-manylinux_2_28_x86_64.whl!/mylib/_native.so  elf x86_64 shared  linux_amd64"
xv_contains "$out" "pkgs/Greet.Native.1.0.0.nupkg!/runtimes/linux-arm64/native/libgreet.so  elf aarch64 shared  linux_arm64"
xv_contains "$out" "pkgs/greet-1.0.0.tgz!/package/prebuilds/linux-x64/greet.node  elf x86_64 shared  linux_amd64"
xv_contains "$out" "pkgs/greet-1.0.0.tgz  archive  -  "
xv_contains "$out" "(1 other member)"
xv_contains "$out" "checksums: release/checksums.txt"
xv_lacks "$out" "archive.safe"
# the paths are those typed: an absolute input stays absolute
xv_expect_rc 0 "$XVERIFY" list "$fx/nested/"
xv_contains "$XV_OUT" "$fx/nested/bundle_linux_arm64.zip!/inner.tgz!/lib/libgreet.so"
xv_lacks "$XV_OUT" "nested//"

# hostile archives: each finding names its entry
xv_expect_rc 0 "$XVERIFY" list hostile
out=$XV_OUT
xv_contains "$out" "fail: archive.safe: hostile/traversal.tar!/../evil:"
xv_contains "$out" "fail: archive.safe: hostile/absolute.tar!/etc/x:"
xv_contains "$out" "fail: archive.safe: hostile/symlink_escape.tar!/pkg/bin/passwd:"
xv_contains "$out" "fail: archive.safe: hostile/hardlink_escape.tar!/steal:"
xv_contains "$out" "fail: archive.safe: hostile/setuid.tar!/su-app:"
# 50 MB of zeros is under the 64 MiB the ratio limit starts at: read and listed
xv_lacks "$out" "hostile/bomb.zip: compression ratio"
xv_contains "$out" "error: archive.safe: hostile/truncated.tar.gz: truncated or corrupt archive"
xv_contains "$out" "error: truncated or corrupt archive"

# --json: one document, parsed by python's json module
xv_expect_rc 0 "$XVERIFY" list --json release pkgs/app_1.0.0_arm64.deb
printf '%s' "$XV_OUT" >"${TMPDIR:-/tmp}/xv-list-$$.json"
if python3 - "${TMPDIR:-/tmp}/xv-list-$$.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
pk = {p["path"]: p for p in doc["packages"]}
p = pk["release/app_1.0.0_linux_arm64.zip"]
assert p["kind"] == "archive" and p["platform"] == "linux_arm64", p
assert len(p["sha256"]) == 64 and p["non_binary"] == 1, p
bins = {b["member"]: b for b in p["binaries"]}
assert bins["bin/app"]["arch"] == ["aarch64"] and bins["bin/app"]["format"] == "elf", bins
assert bins["bin/app"]["path"] == "release/app_1.0.0_linux_arm64.zip!/bin/app"
d = pk["pkgs/app_1.0.0_arm64.deb"]
assert d["kind"] == "system" and d["platform"] == "linux_arm64", d
assert d["platform_source"] == "control" and d["project"] == "app", d
assert d["version"] == "1.0.0" and d["depends"] == [], d
assert d["binaries"][0]["path"] == "pkgs/app_1.0.0_arm64.deb!/usr/bin/app", d
assert not any("data.tar" in k or "control.tar" in k for k in pk), list(pk)
assert doc["checksum_files"] == ["release/checksums.txt"], doc["checksum_files"]
assert doc["findings"] == []
PY
then xv_pass; else xv_fail "list --json structure"; fi
rm -f "${TMPDIR:-/tmp}/xv-list-$$.json"

# usage errors
xv_expect_rc 2 "$XVERIFY" list
xv_expect_rc 2 "$XVERIFY" list does/not/exist
xv_contains "$XV_OUT" "does/not/exist"
xv_expect_rc 2 "$XVERIFY" list --bogus release
xv_expect_rc 0 "$XVERIFY" list --help
xv_done
