#!/usr/bin/env bash
# A signal while the release is being read stops the reading there: xverify
# does not read the other packages first. The release is one bzip2 archive
# (a 39 MB member, ~0.5 s to decompress) under 12 names; SIGTERM comes as
# soon as the first progress line shows the walk has begun, and reading stops
# inside the member being decompressed. The run exits
# 143, every report says interrupted with that exit code, and the JSON
# report holds fewer packages than the release (before, all 12 were read and
# only then did the run notice the signal).
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
T=$XV_TMP
command -v bzip2 >/dev/null || xv_skip "bzip2 not installed (scripts/deps.sh)"
mkdir -p "$T/src" "$T/dist"
seq 1 5000000 >"$T/src/data.txt"
tar -C "$T/src" -cf - data.txt | bzip2 -1 >"$T/dist/p00-1.0_linux_amd64.tar.bz2"
for i in 01 02 03 04 05 06 07 08 09 10 11; do
  ln "$T/dist/p00-1.0_linux_amd64.tar.bz2" "$T/dist/p$i-1.0_linux_amd64.tar.bz2"
done
for j in 1 2; do
  XV_PROGRESS_EVERY=0 "$XVERIFY" --no-smoke --color never --jobs $j --json "$T/r$j.json" \
    --junit "$T/r$j.xml" "$T/dist" >"$T/out$j.txt" 2>"$T/err$j.txt" &
  pid=$!
  for _ in $(seq 1 600); do
    grep -q "reading 12 packages" "$T/err$j.txt" 2>/dev/null && break
    sleep 0.02
  done
  kill -TERM $pid
  wait $pid
  rc=$?
  if [ $rc = 143 ]; then xv_pass; else xv_fail "--jobs $j: exit $rc, want 143"; tail -5 "$T/err$j.txt" >&2; fi
  /usr/bin/python3 - "$T/r$j.json" <<'PY' && xv_pass || xv_fail "--jobs $j: JSON report (above)"
import json, sys
doc = json.load(open(sys.argv[1]))
bad = []
if doc["state"] != "interrupted": bad.append("state %r" % doc["state"])
if doc["exit_code"] != 143: bad.append("exit_code %r, the program exited 143" % doc["exit_code"])
n = len(doc["packages"])
if not n < 12: bad.append("%d packages read after the signal: reading went on" % n)
print("\n".join(bad), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
  xv_contains "$(cat "$T/r$j.xml")" 'name="xverify.exit_code" value="143"' "--jobs $j JUnit"
  xv_contains "$(cat "$T/out$j.txt")" "interrupted by SIGTERM" "--jobs $j terminal"
done
xv_done
