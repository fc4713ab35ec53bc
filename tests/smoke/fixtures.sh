#!/usr/bin/env bash
# The smoke fixtures (fixtures/smoke) through every runner: each broken copy
# fails with the right class, the good ones pass, nothing is left behind.
. "$(dirname "$0")/env.inc"
need_tool bwrap bubblewrap
need_tool qemu-aarch64 qemu-user
need_tool wine "wine wine64"
need_rootfs debian:bullseye amd64 debian:bookworm amd64 debian:trixie amd64
fx=$XV_FIXTURES/smoke
[ -d "$fx/dist" ] || xv_skip "smoke fixtures not built ($fx)"
xv_tmpdir
# A private TMPDIR: xverify's extraction and session folders must be gone
# after the run (other programs' temp folders cannot confuse the check).
mkdir "$XV_TMP/tmp"

TMPDIR=$XV_TMP/tmp xv_expect_rc 1 "$XVERIFY" --matrix "$fx/matrix.json" --color never --jobs 2 \
  --json "$XV_TMP/r.json" "$fx/dist"
R=$XV_TMP/r.json
# Good: hello + its library through RUNPATH $ORIGIN/../lib, natively and on
# the distros whose glibc is new enough (the host gcc is bookworm's: GLIBC_2.34).
expect "$R" \
  'smoke.load|good_1.0_linux_amd64.tar.gz!/bin/hello|native|pass|ok' \
  'smoke.load|good_1.0_linux_amd64.tar.gz!/bin/hello|debian:bookworm|pass|ok' \
  'smoke.load|good_1.0_linux_amd64.tar.gz!/bin/hello|debian:trixie|pass|ok' \
  'smoke.load|good_1.0_linux_amd64.tar.gz!/lib/libgreet.so|debian:trixie|pass|ok' \
  'smoke.run|good_1.0_linux_amd64.tar.gz!/bin/hello#1|debian:bookworm|pass|ok' \
  'smoke.run|good_1.0_linux_amd64.tar.gz!/bin/hello#1|debian:trixie|pass|ok' \
  'smoke.run|good_1.0_linux_amd64.tar.gz!/bin/hello#1|native|pass|ok'
# Too new for bullseye (glibc 2.31): the loader says which version.
expect "$R" \
  'smoke.load|good_1.0_linux_amd64.tar.gz!/bin/hello|debian:bullseye|fail|symbol version not found|GLIBC_2.34' \
  'smoke.run|good_1.0_linux_amd64.tar.gz!/bin/hello#1|debian:bullseye|fail|symbol version not found|GLIBC_2.34'
# Wrong expected output.
expect "$R" \
  'smoke.run|good_1.0_linux_amd64.tar.gz!/bin/hello#2|debian:bookworm|fail|output mismatch|^goodbye' \
  'smoke.run|good_1.0_linux_amd64.tar.gz!/bin/hello#2|native|fail|output mismatch'
# arm64 under qemu with the cross libc: runs; the crash is a named signal.
expect "$R" \
  'smoke.load|good_1.0_linux_arm64.tar.gz!/bin/hello|qemu|pass|ok' \
  'smoke.run|good_1.0_linux_arm64.tar.gz!/bin/hello#1|qemu|pass|ok' \
  'smoke.run|crash_1.0_linux_arm64.tar.gz!/bin/crash#3|qemu|fail|killed by signal|SIGSEGV'
# A needed .so not shipped: named, by the loader of each distro.
expect "$R" \
  'smoke.load|missing_1.0_linux_amd64.tar.gz!/bin/needs-gone|debian:bookworm|fail|missing library|libgone.so' \
  'smoke.load|missing_1.0_linux_amd64.tar.gz!/bin/needs-gone|native|fail|missing library|libgone.so' \
  'smoke.run|missing_1.0_linux_amd64.tar.gz!/bin/needs-gone#5|debian:trixie|fail|missing library|libgone.so'
# A hang (with a forked child) killed by the 2 s timeout, natively and in bwrap.
expect "$R" \
  'smoke.run|hang_1.0_linux_amd64.tar.gz!/bin/xvsmoke-hang#4|native|fail|timeout' \
  'smoke.run|hang_1.0_linux_amd64.tar.gz!/bin/xvsmoke-hang#4|debian:bookworm|fail|timeout'
# Wine: runs (CRLF output normalised), a DLL not shipped is named.
expect "$R" \
  'smoke.run|win_1.0_windows_amd64.zip!/hello.exe#6|wine|pass|ok' \
  'smoke.run|win_1.0_windows_amd64.zip!/needsdll.exe#6|wine|fail|missing library|nothere.dll'
no_leftovers "xvsmoke-han[g]"
left=$(ls -A "$XV_TMP/tmp")
if [ -n "$left" ]; then xv_fail "temp dirs left: $left"; else xv_pass; fi
xv_done
