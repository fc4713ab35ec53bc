#!/usr/bin/env bash
# Without bubblewrap (forced here with XV_SMOKE_NO_BWRAP=1): strict
# isolation (the default) skips the rootfs runner, naming the package; with
# "isolation": "relaxed" the root-only unshare + chroot fallback runs, says
# it is unconfined, gives the same classes as under bubblewrap, leaves the
# tree unwritten (by these well-behaved programs) and nothing behind.
. "$(dirname "$0")/env.inc"
[ "$(id -u)" = 0 ] || xv_skip "the chroot fallback needs root"
need_rootfs debian:bullseye amd64 debian:bookworm amd64
fx=$XV_FIXTURES/smoke
[ -d "$fx/dist" ] || xv_skip "smoke fixtures not built ($fx)"
xv_tmpdir
mkdir "$XV_TMP/tmp"
tree=$("$XVERIFY" rootfs list | awk '$1=="debian:bookworm" && $2=="amd64" {print $4}')
snap() { ls -la --time-style=+%s "$tree" "$tree/tmp" "$tree/usr" | sort; }
before=$(snap)
# Strict (no matrix: the default): a skip naming bubblewrap, no chroot.
XV_SMOKE_NO_BWRAP=1 TMPDIR=$XV_TMP/tmp "$XVERIFY" --color never --jobs 2 \
  --distros debian:bookworm --json "$XV_TMP/s.json" \
  "$fx/dist/smoke-good_1.0_linux_amd64.tar.gz" > /dev/null 2>&1
expect "$XV_TMP/s.json" \
  'smoke.load|good_1.0_linux_amd64.tar.gz!/bin/hello|debian:bookworm|skip||apt-get install bubblewrap'
# bubblewrap installed but unable to make its sandbox (here: xverify itself
# in a user namespace that forbids new ones, as in an unprivileged
# container): the same skip, with bubblewrap's own reason.
if command -v bwrap >/dev/null; then
  bwrap --unshare-user --disable-userns --dev-bind / / env TMPDIR="$XV_TMP/tmp" \
    "$XVERIFY" --color never --distros debian:bookworm --json "$XV_TMP/u.json" \
    "$fx/dist/smoke-good_1.0_linux_amd64.tar.gz" > /dev/null 2>&1
  expect "$XV_TMP/u.json" \
    'smoke.load|good_1.0_linux_amd64.tar.gz!/bin/hello|debian:bookworm|skip||bubblewrap cannot make its sandbox here (bwrap: '
fi
cat > "$XV_TMP/l.json" <<'JSON'
{ "smoke": { "isolation": "relaxed",
    "environments": { "linux_amd64": ["debian:bullseye", "debian:bookworm"] } } }
JSON
XV_SMOKE_NO_BWRAP=1 TMPDIR=$XV_TMP/tmp xv_expect_rc 1 "$XVERIFY" --color never --jobs 2 \
  --matrix "$XV_TMP/l.json" --json "$XV_TMP/r.json" \
  "$fx/dist/smoke-good_1.0_linux_amd64.tar.gz" "$fx/dist/smoke-missing_1.0_linux_amd64.tar.gz"
R=$XV_TMP/r.json
expect "$R" \
  'smoke.load|good_1.0_linux_amd64.tar.gz!/bin/hello|debian:bookworm|pass|ok' \
  'smoke.load|good_1.0_linux_amd64.tar.gz!/bin/hello|debian:bullseye|fail|symbol version not found|GLIBC_2.34' \
  'smoke.load|missing_1.0_linux_amd64.tar.gz!/bin/needs-gone|debian:bookworm|fail|missing library|libgone.so'
python3 - "$R" <<'PY' && xv_pass || xv_fail "not run by the chroot fallback, or not said unconfined"
import json, sys
rs = [r for r in json.load(open(sys.argv[1]))["results"] if r["check"] == "smoke.load"]
runners = {f["value"] for r in rs for f in r.get("facts") or [] if f["key"] == "runner"}
iso = {f["value"][:5] for r in rs for f in r.get("facts") or [] if f["key"] == "isolation"}
sys.exit(0 if runners == {"chroot"} and iso == {"none:"} else print("runners:", runners, iso) or 1)
PY
# The command runs as in the distro, with the network gone and the package read-only.
cat > "$XV_TMP/m.json" <<'JSON'
{ "smoke": { "isolation": "relaxed",
    "environments": { "linux_amd64": ["debian:bookworm"] },
    "commands": [ { "match": "bin/hello", "argv": ["sh", "-c",
      "grep -c : /proc/net/dev; touch {dir}/x 2>/dev/null && echo writable || echo readonly; cat /etc/debian_version"],
      "stdout_regex": "^1$", "stdout": "readonly" } ] } }
JSON
XV_SMOKE_NO_BWRAP=1 TMPDIR=$XV_TMP/tmp xv_expect_rc 1 "$XVERIFY" --color never --matrix "$XV_TMP/m.json" \
  --json "$XV_TMP/c.json" "$fx/dist/smoke-good_1.0_linux_amd64.tar.gz"
expect "$XV_TMP/c.json" 'smoke.run|good_1.0_linux_amd64.tar.gz!/bin/hello|debian:bookworm|pass|ok'
grep -q '12\.' "$XV_TMP/c.json" && xv_pass || xv_fail "not bookworm's /etc/debian_version"
after=$(snap)
[ "$before" = "$after" ] && xv_pass || xv_fail "the tree changed: $(diff <(echo "$before") <(echo "$after"))"
left=$(ls -A "$XV_TMP/tmp")
[ -z "$left" ] && xv_pass || xv_fail "temp dirs left: $left"
xv_done
