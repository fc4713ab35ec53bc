#!/usr/bin/env bash
# The verify command line (src/cli/cmd_verify.c): help, option errors (exit
# 2), a zero-configuration run on a small release arranged from the checks
# fixtures, reports on stdout, --baseline and --today.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
F=$XV_FIXTURES/checks
[ -f "$F/elf/app" ] || xv_skip "checks fixtures not built: $F"
T=$XV_TMP
mkdir -p "$T/dist/app_1.0_linux_amd64/bin" "$T/dist/app_1.0_linux_amd64/lib"
cp "$F/elf/app" "$T/dist/app_1.0_linux_amd64/bin/app"
cp "$F/elf/libgood.so.1" "$T/dist/app_1.0_linux_amd64/lib/"
c=(--no-smoke)

xv_expect_rc 0 "$XVERIFY" --help
for w in "--matrix FILE" "--fail-on" "--junit FILE" "--baseline PATH" "--today" "deps.resolve" \
         "size.consistency" "Exit codes: 0 all passed"; do
  xv_contains "$XV_OUT" "$w" "--help"
done
xv_expect_rc 0 "$XVERIFY" --version
xv_contains "$XV_OUT" "xverify 0." "--version"

xv_expect_rc 2 "$XVERIFY"
xv_contains "$XV_OUT" "no PATH given"
xv_expect_rc 2 "$XVERIFY" "${c[@]}" --fail-on sometimes "$T/dist"
xv_expect_rc 2 "$XVERIFY" "${c[@]}" --jobs many "$T/dist"
xv_expect_rc 2 "$XVERIFY" "${c[@]}" --timeout -3 "$T/dist"
xv_expect_rc 2 "$XVERIFY" "${c[@]}" --today 30.06.2027 "$T/dist"
xv_contains "$XV_OUT" "--today"
xv_expect_rc 2 "$XVERIFY" "${c[@]}" --baseline "$T/no-old-release" "$T/dist"
xv_contains "$XV_OUT" "no-old-release"
xv_expect_rc 2 "$XVERIFY" "${c[@]}" --matrix "$T/missing.json" "$T/dist"
xv_contains "$XV_OUT" "missing.json"
printf '{ "platforms": { "linux_amd64": { "manifset": [] } } }' > "$T/typo.json"
xv_expect_rc 2 "$XVERIFY" "${c[@]}" --matrix "$T/typo.json" "$T/dist"
xv_contains "$XV_OUT" "platforms.linux_amd64.manifset: unknown key"

# Zero configuration: a clean release passes.
xv_expect_rc 0 "$XVERIFY" "${c[@]}" "$T/dist"
# The JSON report on stdout (no terminal report mixed in).
xv_expect_rc 0 "$XVERIFY" "${c[@]}" --json - "$T/dist"
if printf '%s' "$XV_OUT" | python3 -c 'import json,sys; json.load(sys.stdin)' 2>/dev/null; then xv_pass
else xv_fail "--json - is not one JSON document"; fi
xv_contains "$XV_OUT" "deps.resolve"

# A needed library removed: exit 1 and the loader's view in the message.
rm "$T/dist/app_1.0_linux_amd64/lib/libgood.so.1"
xv_expect_rc 1 "$XVERIFY" "${c[@]}" --color never "$T/dist"
xv_contains "$XV_OUT" 'needs libgood.so.1: not shipped in app_1.0_linux_amd64 and not a system library of linux_amd64 (searched: $ORIGIN/../lib → lib/)'
xv_contains "$XV_OUT" "platforms.linux_amd64.allowed_libs"
# ...allowed by the matrix: exit 0.
printf '{ "platforms": { "linux_amd64": { "allowed_libs": ["libgood.so.1"] } } }' > "$T/allow.json"
xv_expect_rc 0 "$XVERIFY" "${c[@]}" --matrix "$T/allow.json" "$T/dist"

# A waiver with an expiry date, judged against --today.
cp "$F/elf/app-nopie" "$T/dist/app_1.0_linux_amd64/bin/legacy"
cat > "$T/waive.json" <<'J'
{ "platforms": { "linux_amd64": { "allowed_libs": ["libgood.so.1"] } },
  "waivers": [ { "check": "hardening", "match": "**/legacy", "reason": "old loader", "expires": "2026-06-30" } ] }
J
xv_expect_rc 0 "$XVERIFY" "${c[@]}" --matrix "$T/waive.json" --today 2026-06-30 "$T/dist"
xv_expect_rc 1 "$XVERIFY" "${c[@]}" --matrix "$T/waive.json" --today 2026-07-01 "$T/dist"
xv_contains "$XV_OUT" 'waiver expired on 2026-06-30: "old loader"'
xv_done
