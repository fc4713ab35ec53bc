#!/usr/bin/env bash
# Progress without a TTY (a CI log): a run over a release of 170 packages
# writes a plain progress line to stderr before it reads the first archive,
# naming the totals; -q silences it. The smoke runs done of their total, in
# the log and on a TTY. Only the lines are checked, never their timing.
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

# Smoke runs done of their total, with the native runner (no rootfs): two
# commands on each of two packages = 4 runs of smoke.run. XV_PROGRESS_EVERY=0
# writes a line at every step, so nothing here waits on the clock.
sm=$XV_FIXTURES/smoke/dist
[ -d "$sm" ] || xv_fail "smoke fixtures not built: $sm"
mkdir -p "$T/sdist"
cp "$sm/smoke-good_1.0_linux_amd64.tar.gz" "$T/sdist/a-1.0_linux_amd64.tar.gz"
cp "$sm/smoke-good_1.0_linux_amd64.tar.gz" "$T/sdist/b-1.0_linux_amd64.tar.gz"
cat > "$T/matrix.json" <<'J'
{ "smoke": { "load": false,
    "environments": { "linux_amd64": ["native"] },
    "commands": [
      { "match": "bin/hello", "argv": ["{file}", "a"], "exit": 0, "timeout": 20 },
      { "match": "bin/hello", "argv": ["{file}", "b"], "exit": 0, "timeout": 20 } ] } }
J
for j in 1 2; do
  XV_PROGRESS_EVERY=0 "$XVERIFY" --smoke --jobs $j --matrix "$T/matrix.json" --today 2026-11-30 \
    "$T/sdist" >/dev/null 2>"$T/serr.txt"
  xv_contains "$(cat "$T/serr.txt")" "smoke runs 0/4" "non-TTY smoke progress start, --jobs $j"
  xv_contains "$(cat "$T/serr.txt")" "smoke runs 4/4" "non-TTY smoke progress end, --jobs $j"
  xv_contains "$(cat "$T/serr.txt")" "xverify: check smoke.run (" "the check named, --jobs $j"
  n=$(grep -c "smoke runs [0-9]/4" "$T/serr.txt")
  [ "$n" -eq 5 ] && xv_pass || xv_fail "--jobs $j: $n smoke progress lines, want 5 (0/4 to 4/4)"
  XV_PROGRESS_EVERY=0 "$XVERIFY" -q --smoke --jobs $j --matrix "$T/matrix.json" --today 2026-11-30 \
    "$T/sdist" >/dev/null 2>"$T/serrq.txt"
  xv_lacks "$(cat "$T/serrq.txt")" "smoke runs" "smoke progress with -q"
done

# On a TTY (script(1) gives the run a terminal): the live line shows the
# reading and the smoke runs, redrawn in place.
command -v script >/dev/null || xv_fail "script(1) not installed (bsdutils)"
XV_PROGRESS_EVERY=0 script -qec "'$XVERIFY' --smoke --jobs 2 --matrix '$T/matrix.json' --today 2026-11-30 '$T/sdist' >/dev/null" \
  "$T/tty.txt" >/dev/null 2>&1 </dev/null
xv_contains "$(cat "$T/tty.txt")" "xverify: reading 2/2 packages" "TTY line while reading"
xv_contains "$(cat "$T/tty.txt")" "smoke runs 4/4" "TTY line with the smoke runs"
if grep -q $'\r\033\[Kxverify: smoke.run (' "$T/tty.txt"; then xv_pass
else xv_fail "TTY smoke line not redrawn in place: $(tr -d '\033' <"$T/tty.txt" | head -c 600)"; fi
xv_done
