#!/usr/bin/env bash
# A system package is loaded as if installed at '/': smoke.load passes its
# loader the folders that loader searches once installed (the multiarch or
# lib64 folders, and the package's own ld.so.conf.d entries), so a good .deb
# or .rpm whose program needs its own library loads on bookworm, and the
# failure that remains on bullseye is the real one (GLIBC_2.34). Fixtures:
# fixtures/syspkg (dpkg-deb, rpmbuild).
. "$(dirname "$0")/env.inc"
need_tool bwrap bubblewrap
need_rootfs debian:bullseye amd64 debian:bookworm amd64
F=$XV_FIXTURES/syspkg
[ -f "$F/good/greet_1.0.0-1_amd64.deb" ] || xv_fail "fixture not built: $F/good"
xv_tmpdir
for rel in good ldconf; do
  "$XVERIFY" --color never -v --distros debian:bullseye,debian:bookworm \
    --json "$XV_TMP/$rel.json" "$F/$rel" >"$XV_TMP/$rel.txt" 2>&1
  out=$(grep 'smoke.load usr/bin/greeter' "$XV_TMP/$rel.txt")
  xv_contains "$out" "PASS  smoke.load usr/bin/greeter [debian:bookworm]: loads on debian:bookworm" "$rel"
  xv_contains "$out" "FAIL  smoke.load usr/bin/greeter [debian:bullseye]: symbol version not found on debian:bullseye: GLIBC_2.34" "$rel"
  xv_lacks "$out" "missing library" "$rel"
done
xv_done
