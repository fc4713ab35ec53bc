#!/usr/bin/env bash
# Progress without a TTY (a CI log): a run over a release of 170 packages
# writes a plain progress line to stderr before it reads the first archive,
# naming the totals; -q silences it. Only the lines are checked, never their
# timing.
. "$(dirname "$0")/../lib.sh"
src=$XV_FIXTURES/example/dist/example_1.0.0_linux_amd64.tar.gz
[ -f "$src" ] || xv_skip "fixtures/example not built"
xv_tmpdir; T=$XV_TMP
mkdir -p "$T/rel"
for i in $(seq -w 1 170); do
  cp "$src" "$T/rel/app$i-1.0.0_linux_amd64.tar.gz"
done
bytes=$(cat "$T"/rel/*.tar.gz | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')

"$XVERIFY" --no-smoke --today 2026-11-30 "$T/rel" >"$T/out.txt" 2>"$T/err.txt"
rc=$?
[ "$rc" -le 1 ] && xv_pass || xv_fail "exit code $rc (want 0 or 1): $(head -c 400 "$T/err.txt")"
first=$(head -n 1 "$T/err.txt")
[ "$first" = "xverify: reading 170 packages, $mb MB" ] && xv_pass ||
  xv_fail "first stderr line: '$first' (want 'xverify: reading 170 packages, $mb MB')"
# no terminal control in a log
if grep -q $'\033\|\r' "$T/err.txt"; then xv_fail "escape or carriage return in a non-TTY log"; else xv_pass; fi
xv_lacks "$(cat "$T/out.txt")" "xverify: read" "progress on stdout"

"$XVERIFY" --no-smoke -q --today 2026-11-30 "$T/rel" >/dev/null 2>"$T/errq.txt"
xv_lacks "$(cat "$T/errq.txt")" "xverify: read" "progress with -q"
xv_done
