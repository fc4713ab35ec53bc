#!/usr/bin/env bash
# `xverify rootfs add ubuntu:SUITE` builds with mmdebstrap from an Ubuntu
# mirror with ubuntu-keyring's keyring. No Ubuntu mirror is reachable from
# CI, so this checks the command it builds (--dry-run): the mirror
# (XV_UBUNTU_MIRROR, else archive.ubuntu.com for amd64 and ports.ubuntu.com
# for other arches), the keyring, the variant; Debian names keep their
# command; nothing is created in the cache.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
T=$XV_TMP
K=--keyring=/usr/share/keyrings/ubuntu-archive-keyring.gpg
xv_expect_rc 0 env -u XV_UBUNTU_MIRROR "$XVERIFY" rootfs add ubuntu:jammy --arch amd64 --dry-run --cache-dir "$T/c"
[ "$XV_OUT" = "mmdebstrap --variant=minbase --mode=root --architectures=amd64 $K jammy $T/c/rootfs/ubuntu_jammy_amd64/root http://archive.ubuntu.com/ubuntu" ] &&
  xv_pass || xv_fail "ubuntu:jammy command: $XV_OUT"
xv_expect_rc 0 env XV_UBUNTU_MIRROR=http://mirror.example/ubuntu "$XVERIFY" rootfs add ubuntu:noble --arch amd64 --dry-run --cache-dir "$T/c"
xv_contains "$XV_OUT" " noble $T/c/rootfs/ubuntu_noble_amd64/root http://mirror.example/ubuntu"
xv_expect_rc 0 env -u XV_UBUNTU_MIRROR "$XVERIFY" rootfs add ubuntu:noble --arch arm64 --dry-run --cache-dir "$T/c"
xv_contains "$XV_OUT" "--variant=extract"
xv_contains "$XV_OUT" "$K"
xv_contains "$XV_OUT" "http://ports.ubuntu.com/ubuntu-ports"
xv_expect_rc 0 env XV_DEBIAN_MIRROR=http://deb.example/debian "$XVERIFY" rootfs add debian:bookworm --arch amd64 --dry-run --cache-dir "$T/c"
[ "$XV_OUT" = "mmdebstrap --variant=minbase --mode=root --architectures=amd64 bookworm $T/c/rootfs/debian_bookworm_amd64/root http://deb.example/debian" ] &&
  xv_pass || xv_fail "debian:bookworm command: $XV_OUT"
xv_lacks "$XV_OUT" "keyring"
[ ! -e "$T/c" ] && xv_pass || xv_fail "--dry-run created $T/c"
xv_expect_rc 2 "$XVERIFY" rootfs add debian:x --from /nonexistent.tar --dry-run --cache-dir "$T/c"
xv_done
