#!/usr/bin/env bash
# GitHub Actions: with GITHUB_STEP_SUMMARY the Markdown sign-off is appended
# to that file (earlier content kept); with GITHUB_ACTIONS=true each failure
# is printed as a ::error workflow command naming the file and the check.
# Neither variable: no annotation and no summary.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
broken=$XV_FIXTURES/example/broken/missing-lib/dist
[ -d "$broken" ] || xv_skip "broken copy not built: $broken"
T=$XV_TMP
cd "$broken/.."   # relative logical paths: dist/...
printf 'earlier step\n' > "$T/summary.md"
GITHUB_STEP_SUMMARY=$T/summary.md GITHUB_ACTIONS=true \
  xv_expect_rc 1 "$XVERIFY" --no-smoke --today 2026-11-30 dist
out=$XV_OUT
xv_contains "$out" "::error file=dist/example_1.0.0_linux_amd64.tar.gz!/example_1.0.0_linux_amd64/bin/example,title=xverify deps.resolve (linux_amd64)::" "annotation"
n=$(printf '%s\n' "$out" | grep -c '^::error ')
[ "$n" -ge 2 ] && [ "$n" -le 50 ] && xv_pass || xv_fail "expected 2..50 ::error lines, got $n"
xv_contains "$(head -1 "$T/summary.md")" "earlier step" "summary keeps earlier content"
xv_contains "$(sed -n 2p "$T/summary.md")" "## ❌ Not ready:" "summary verdict"
xv_contains "$(cat "$T/summary.md")" "deps.resolve" "summary failure"

env -u GITHUB_STEP_SUMMARY -u GITHUB_ACTIONS "$XVERIFY" --no-smoke --today 2026-11-30 dist > "$T/plain.txt" 2>&1
xv_lacks "$(cat "$T/plain.txt")" "::error" "output outside GitHub"
xv_done
