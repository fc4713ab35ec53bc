#!/usr/bin/env bash
# The Debian entries of matrices/distros/debian.json equal what
# scripts/distro-catalog.sh generates from the minbase trees cached here
# (bullseye, bookworm, trixie; buster is archive-only and stays typed).
. "$(dirname "$0")/env.inc"
need_tool readelf binutils
need_rootfs debian:bullseye amd64 debian:bookworm amd64 debian:trixie amd64
xv_tmpdir
if XV_SMOKE_CACHE=$XDG_CACHE_HOME bash "$XV_SOURCE_DIR/scripts/distro-catalog.sh" > "$XV_TMP/debian.json" 2> "$XV_TMP/err"; then
  xv_pass
else
  xv_fail "distro-catalog.sh failed: $(cat "$XV_TMP/err")"
fi
xv_golden "$XV_TMP/debian.json" "$XV_SOURCE_DIR/matrices/distros/debian.json"
gen=$(python3 -c 'import json,sys; print(sum(1 for r in json.load(open(sys.argv[1]))["releases"] if r.get("generated")))' "$XV_TMP/debian.json")
[ "$gen" -ge 3 ] && xv_pass || xv_fail "only $gen Debian releases generated from trees (want bullseye, bookworm, trixie)"
xv_done
