#!/usr/bin/env bash
# Zero-config smoke.load with --distros (no matrix): the good amd64 fixture
# on bullseye, bookworm and trixie; an environment that is not cached is a
# skip naming the command that adds it, never a pass.
. "$(dirname "$0")/env.inc"
need_tool bwrap bubblewrap
need_rootfs debian:bullseye amd64 debian:bookworm amd64 debian:trixie amd64
fx=$XV_FIXTURES/smoke
[ -d "$fx/dist" ] || xv_skip "smoke fixtures not built ($fx)"
xv_tmpdir
pkg=$fx/dist/smoke-good_1.0_linux_amd64.tar.gz
xv_expect_rc 1 "$XVERIFY" --color never --distros debian:bullseye,debian:bookworm,debian:trixie \
  --json "$XV_TMP/r.json" "$pkg"
expect "$XV_TMP/r.json" \
  'smoke.load|!/bin/hello|debian:bullseye|fail|symbol version not found|GLIBC_2.34' \
  'smoke.load|!/lib/libgreet.so|debian:bullseye|pass|ok' \
  'smoke.load|!/bin/hello|debian:bookworm|pass|ok' \
  'smoke.load|!/bin/hello|debian:trixie|pass|ok'
# No smoke.run without commands in a matrix.
xv_lacks "$(grep -o '"smoke.run"' "$XV_TMP/r.json")" smoke.run "report"

# (exit 1: the fixture is not hardened, which other checks report)
XDG_CACHE_HOME=$XV_TMP/empty-cache xv_expect_rc 1 "$XVERIFY" --color never \
  --distros debian:sid --json "$XV_TMP/s.json" "$pkg"
expect "$XV_TMP/s.json" \
  'smoke.load|!/bin/hello|debian:sid|skip||xverify rootfs add debian:sid'
xv_done
