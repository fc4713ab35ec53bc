#!/usr/bin/env bash
# Zero configuration: with root filesystems cached and neither a matrix nor
# --distros, smoke.load still loads every Linux binary on each cached distro
# of its arch. The example release needs GLIBC_2.34, so bullseye fails it
# (the one finding) and bookworm/trixie pass; --no-smoke turns it off.
. "$(dirname "$0")/env.inc"
need_tool bwrap bubblewrap
need_rootfs debian:bullseye amd64 debian:bookworm amd64 debian:trixie amd64
dist=$XV_FIXTURES/example/dist
[ -d "$dist" ] || xv_skip "example release not built ($dist)"
xv_tmpdir
xv_expect_rc 1 "$XVERIFY" --color never -q --json "$XV_TMP/r.json" "$dist"
xv_contains "$XV_OUT" "Not ready: 1 failure"
expect "$XV_TMP/r.json" \
  'smoke.load|linux_amd64.tar.gz!/example_1.0.0_linux_amd64/bin/example|debian:bullseye|fail|symbol version not found|GLIBC_2.34' \
  'smoke.load|linux_amd64.tar.gz!/example_1.0.0_linux_amd64/bin/example|debian:bookworm|pass|ok' \
  'smoke.load|linux_amd64.tar.gz!/example_1.0.0_linux_amd64/lib/libexcore.so|debian:trixie|pass|ok'
xv_expect_rc 0 "$XVERIFY" --color never -q --no-smoke --json "$XV_TMP/n.json" "$dist"
xv_lacks "$(grep -o '"smoke.load"' "$XV_TMP/n.json")" smoke.load "report with --no-smoke"
xv_done
