#!/usr/bin/env bash
# Exit codes, black box: 0 all passed, 1 findings at or above --fail-on
# (a warning passes by default and fails with --fail-on warn), 2 usage or
# configuration error (unknown option, bad --color value, missing input,
# bad matrix), 3 internal error (a report that cannot be written: /dev/full).
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
dist=$XV_FIXTURES/example/dist
broken=$XV_FIXTURES/example/broken/arch-elf/dist
[ -f "$dist/checksums.txt" ] || xv_skip "example release not built: $dist"
[ -d "$broken" ] || xv_skip "broken copy not built: $broken"
T=$XV_TMP
common=(--no-smoke --today 2026-11-30)

# 0
xv_expect_rc 0 "$XVERIFY" "${common[@]}" "$dist"
# 1
xv_expect_rc 1 "$XVERIFY" "${common[@]}" "$broken"
xv_expect_rc 1 "$XVERIFY" "${common[@]}" --fail-on error "$broken"

# --fail-on: a release whose only finding is a warning. The example's
# linux_amd64 tarball, with a severity turning hardening into a warning, on
# the no-pie copy (hardening fails there by default).
nopie=$XV_FIXTURES/example/broken/no-pie/dist
if [ -d "$nopie" ]; then
  cat > "$T/warn.json" <<'J'
{ "severity": { "hardening": "warn" } }
J
  xv_expect_rc 0 "$XVERIFY" "${common[@]}" --matrix "$T/warn.json" "$nopie"
  xv_contains "$XV_OUT" "WARN  hardening" "warning shown with exit 0"
  xv_contains "$XV_OUT" "Ready to publish (1 warning)" "verdict with a warning"
  xv_expect_rc 1 "$XVERIFY" "${common[@]}" --matrix "$T/warn.json" --fail-on warn "$nopie"
  xv_contains "$XV_OUT" "Not ready: 1 failure" "--fail-on warn verdict"
else
  xv_fail "broken copy no-pie not built: $nopie"
fi

# 2
xv_expect_rc 2 "$XVERIFY" --no-such-option "$dist"
xv_expect_rc 2 "$XVERIFY" --color sometimes "$dist"
xv_expect_rc 2 "$XVERIFY" "${common[@]}" "$T/does-not-exist"
printf '{ "platforms": { "linux_amd64": { "glibc": 2.31 } } }\n' > "$T/bad.json"
xv_expect_rc 2 "$XVERIFY" "${common[@]}" --matrix "$T/bad.json" "$dist"
xv_contains "$XV_OUT" "platforms.linux_amd64.glibc" "bad matrix message names the key"
xv_expect_rc 2 "$XVERIFY" "${common[@]}" --junit "$T/no/such/dir/r.xml" "$dist"

# 3: the report cannot be written (the device is full).
[ -w /dev/full ] || xv_skip "/dev/full not available"
for opt in --junit --json --sarif --markdown --html; do
  xv_expect_rc 3 "$XVERIFY" "${common[@]}" $opt /dev/full "$dist"
done
# The same for the job summary.
GITHUB_STEP_SUMMARY=/dev/full xv_expect_rc 3 "$XVERIFY" "${common[@]}" "$dist"
xv_done
