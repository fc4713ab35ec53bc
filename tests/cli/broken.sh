#!/usr/bin/env bash
# The broken copies of the example release (fixtures/example/recipe.sh makes
# $XV_FIXTURES/example/broken/<case>/dist, each with ONE defect): each fails
# with exactly the expected check(s) on exactly the expected member(s), and
# nothing else fails. Expectations: tests/cli/broken/<case>.expect, one
# "<check> <subject suffix>[ :: <substring of message or detail>]" per line; a case with a matrix.json is judged
# against it. Runs with --no-smoke (static checks) and --today 2026-11-30.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
root=$XV_FIXTURES/example/broken
expdir=$(cd "$(dirname "$0")" && pwd)/broken
[ -d "$root" ] || xv_fail "no broken copies built: $root"

# Every expectation has a case and every case an expectation.
for e in "$expdir"/*.expect; do
  c=$(basename "$e" .expect)
  [ -d "$root/$c" ] || xv_fail "expectation without a broken copy: $c"
done

check_case() { # check_case CASE TODAY WANT_RC EXPECTFILE
  local c=$1 today=$2 want=$3 exp=$4 d=$root/$1
  local args=(--no-smoke --today "$today" --json "$XV_TMP/$c.$today.json")
  [ -f "$d/matrix.json" ] && args+=(--matrix "$d/matrix.json")
  xv_expect_rc "$want" "$XVERIFY" "${args[@]}" "$d/dist"
  if [ ! -s "$XV_TMP/$c.$today.json" ]; then xv_fail "$c ($today): no JSON report"; return; fi
  /usr/bin/python3 - "$XV_TMP/$c.$today.json" "$exp" "$c" <<'PY' || xv_fail "$c ($today): unexpected results"
import json, sys
report, expfile, case = sys.argv[1:4]
doc = json.load(open(report, encoding="utf-8"))
want = []
for line in open(expfile, encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if line:
        line, _, needle = line.partition(" :: ")
        check, suffix = line.split(None, 1)
        want.append((check, suffix.strip(), needle.strip()))
got = [(r.get("check"), r.get("subject") or "",
        (r.get("message") or "") + "\n" + (r.get("detail") or ""))
       for r in doc.get("results", []) if r.get("verdict") in ("fail", "error")]
ok = True
used = set()
for g in got:
    hits = [i for i, (c, s, m) in enumerate(want)
            if c == g[0] and g[1].endswith(s) and m in g[2]]
    if not hits:
        print("%s: unexpected %s on %s: %s" % (case, g[0], g[1], g[2]), file=sys.stderr)
        ok = False
    used.update(hits)
for i, (c, s, m) in enumerate(want):
    if i not in used:
        print("%s: expected %s on ...%s (%r) did not fail" % (case, c, s, m), file=sys.stderr)
        ok = False
for g in got:
    print("  %s: fail %s %s: %s" % (case, g[0], g[1], g[2].split("\n")[0]))
sys.exit(0 if ok else 1)
PY
}

n=0
for d in "$root"/*/; do
  c=$(basename "$d")
  exp=$expdir/$c.expect
  if [ ! -f "$exp" ]; then xv_fail "broken copy without expectation: $c"; continue; fi
  echo "== $c: $(cat "$d/about")"
  check_case "$c" 2026-11-30 1 "$exp"
  n=$((n + 1))
done

# The expired waiver is the only defect of its copy: before the expiry the
# same copy passes clean (the waiver excuses the no-PIE finding).
if [ -d "$root/expired-waiver" ]; then
  : >"$XV_TMP/none.expect"
  check_case expired-waiver 2026-06-01 0 "$XV_TMP/none.expect"
  /usr/bin/python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
sys.exit(0 if any(r.get("waiver") for r in doc.get("results", [])) else 1)' \
    "$XV_TMP/expired-waiver.2026-06-01.json" && xv_pass || xv_fail "expired-waiver: waiver not applied before expiry"
fi
echo "$n broken copies judged"
xv_done
