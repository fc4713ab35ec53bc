#!/usr/bin/env bash
# Signals during smoke runs (programs from tests/smoke/hostile/, built here):
# SIGINT and SIGTERM 1 s into a run on native, the bookworm tree and Wine
# end xverify with 130/143, leave no process and no temp folder, and the
# reports asked for are written with an "interrupted" result. Started with
# SIGINT ignored (a background job of a non-interactive shell), the same
# SIGINT changes nothing: the results equal those of a run without it.
. "$(dirname "$0")/env.inc"
need_tool bwrap bubblewrap
need_tool wine "wine wine64"
need_tool x86_64-w64-mingw32-gcc gcc-mingw-w64
need_rootfs debian:bookworm amd64
xv_tmpdir
H=$XV_SOURCE_DIR/tests/smoke/hostile
rel=$XV_TMP/rel
mkdir -p "$rel/sleeper_1.0_linux_amd64/bin" "$rel/sleeper_1.0_windows_amd64"
gcc -O1 -o "$rel/sleeper_1.0_linux_amd64/bin/sleeper" "$H/sleeper.c" || xv_fail "gcc"
x86_64-w64-mingw32-gcc -O1 -o "$rel/sleeper_1.0_windows_amd64/sleeper.exe" "$H/sleeper_win.c" ||
  xv_fail "mingw gcc"
cat > "$XV_TMP/m.json" <<'JSON'
{
  "smoke": {
    "load": false,
    "environments": {
      "linux_amd64": ["native", "debian:bookworm"],
      "windows_amd64": ["wine"]
    },
    "commands": [
      { "match": "**/bin/sleeper", "argv": ["{file}", "3"], "timeout": 60, "stdout": "slept 3" },
      { "match": "**/sleeper.exe", "argv": ["{file}", "3"], "timeout": 60, "stdout": "slept 3" }
    ]
  }
}
JSON
mkdir -p "$XV_TMP/t"

# run NAME [ignore]: xverify in the background; its pid in $pid.
run() {
  local out=$XV_TMP/$1
  if [ "${2:-}" = ignore ]; then
    (trap '' INT; TMPDIR=$XV_TMP/t exec "$XVERIFY" --matrix "$XV_TMP/m.json" --color never \
       --jobs 2 --json "$out.json" --junit "$out.xml" "$rel" > "$out.txt" 2>&1) &
  else
    # A background job of a non-interactive shell starts with SIGINT
    # ignored: restore the default, as an interactive shell would have it.
    TMPDIR=$XV_TMP/t python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$XVERIFY" --matrix "$XV_TMP/m.json" --color never \
      --jobs 2 --json "$out.json" --junit "$out.xml" "$rel" > "$out.txt" 2>&1 &
  fi
  pid=$!
}
leftovers() {
  local pat="${XV_TMP%?}[${XV_TMP: -1}]" f a
  grep -l -e "$pat" /proc/[0-9]*/cmdline /proc/[0-9]*/environ 2>/dev/null |
    while read -r f; do
      a=$(tr '\0' ' ' < "${f%/*}/cmdline" 2>/dev/null)
      [ -n "$a" ] && echo "${f%/*}: $a"
    done
  ls -A "$XV_TMP/t"
}
# results FILE: "check subject env verdict" lines of the smoke results.
results() {
  python3 - "$1" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    if r["check"].startswith("smoke."):
        print(r["check"], r["subject"], r.get("env"), r["verdict"], r["message"])
PY
}

# The reference: no signal.
run plain
wait $pid
rc=$?
if [ $rc -le 1 ]; then xv_pass; else xv_fail "plain run: exit $rc"; cat "$XV_TMP/plain.txt" >&2; fi
n=$(results "$XV_TMP/plain.json" | grep -c " pass ")
if [ "$n" -eq 3 ]; then xv_pass; else xv_fail "plain run: $n passes, want 3"; results "$XV_TMP/plain.json" >&2; fi

for sig in INT TERM; do
  want=$([ $sig = INT ] && echo 130 || echo 143)
  run "$sig"
  sleep 1
  kill -s $sig $pid
  wait $pid
  rc=$?
  if [ $rc = "$want" ]; then xv_pass; else xv_fail "SIG$sig: exit $rc, want $want"; cat "$XV_TMP/$sig.txt" >&2; fi
  sleep 1
  left=$(leftovers)
  if [ -z "$left" ]; then xv_pass; else xv_fail "SIG$sig: left behind: $left"; fi
  python3 - "$XV_TMP/$sig.json" "SIG$sig" <<'PY' && xv_pass || xv_fail "SIG$sig: JSON report"
import json, sys
doc = json.load(open(sys.argv[1]))
rs = doc["results"]
hit = [r for r in rs if r["check"] == "run.interrupted" and r["verdict"] == "error"
       and "interrupted by " + sys.argv[2] in r["message"]]
# The gate says so too: interrupted, not ready, whatever passed so far,
# and the exit code the program gave (128 + the signal).
want = {"SIGINT": 130, "SIGTERM": 143}[sys.argv[2]]
hit = hit if doc["state"] == "interrupted" and not doc["ready"] and doc["exit_code"] == want else []
sys.exit(0 if hit else print([(r["check"], r["verdict"], r["message"]) for r in rs]) or 1)
PY
  if grep -q "run.interrupted" "$XV_TMP/$sig.xml" && grep -q "interrupted by SIG$sig" "$XV_TMP/$sig.xml"
  then xv_pass; else xv_fail "SIG$sig: JUnit report lacks the interruption"; fi
  xv_contains "$(cat "$XV_TMP/$sig.txt")" "interrupted" "SIG$sig terminal report"
done

# SIGINT ignored: the signal changes nothing.
run ignored ignore
sleep 1
kill -s INT $pid
wait $pid
rc=$?
if [ $rc -le 1 ]; then xv_pass; else xv_fail "ignored SIGINT: exit $rc"; cat "$XV_TMP/ignored.txt" >&2; fi
a=$(results "$XV_TMP/plain.json" | sed 's/[0-9.]* s)//' | sort)
b=$(results "$XV_TMP/ignored.json" | sed 's/[0-9.]* s)//' | sort)
if [ "$a" = "$b" ]; then xv_pass; else xv_fail "ignored SIGINT changed the results"; diff <(echo "$a") <(echo "$b") >&2; fi
left=$(leftovers)
if [ -z "$left" ]; then xv_pass; else xv_fail "ignored SIGINT: left behind: $left"; fi
xv_done
