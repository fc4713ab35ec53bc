#!/usr/bin/env bash
# The bundled example release (fixtures/example) passes clean: exit 0 with
# no failure, with and without its matrix (matrices/example.json), and every
# archive of the six platforms was judged.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
dist=$XV_FIXTURES/example/dist
matrix=$XV_SOURCE_DIR/matrices/example.json
[ -f "$dist/checksums.txt" ] || xv_fail "example release not built: $dist"

# summary JSON: prints "verdict<TAB>check<TAB>subject" for every non-pass,
# non-skip result, then "judged <N>" (artifacts) and "platforms <ids>".
summary() {
  /usr/bin/python3 - "$1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
for r in doc.get("results", []):
    if r.get("verdict") not in ("pass", "skip"):
        print("%s\t%s\t%s" % (r.get("verdict"), r.get("check"), r.get("subject")))
subjects = {r.get("subject") for r in doc.get("results", []) if r.get("check") == "binary.parse"}
print("judged %d" % len(subjects))
plats = sorted({r.get("platform") for r in doc.get("results", []) if r.get("platform")})
print("platforms " + " ".join(plats))
PY
}

for mode in zero matrix; do
  args=(--no-smoke --today 2026-11-30 --json "$XV_TMP/$mode.json")
  [ "$mode" = matrix ] && args+=(--matrix "$matrix")
  xv_expect_rc 0 "$XVERIFY" "${args[@]}" "$dist"
  out=$XV_OUT
  s=$(summary "$XV_TMP/$mode.json") || { xv_fail "$mode: unreadable JSON report"; continue; }
  echo "[$mode]"; printf '%s\n' "$s"
  # Clean means clean: not even a warning.
  if printf '%s\n' "$s" | grep -qE '^(fail|error|warn)'; then
    xv_fail "$mode: findings on the example release"; printf '%s\n' "$out" | tail -40 >&2
  else xv_pass; fi
  # 6 platforms x (1 program + 2 libraries) judged as binaries.
  xv_contains "$s" "judged 18" "$mode binary count"
  xv_contains "$s" "platforms darwin_amd64 darwin_arm64 linux_amd64 linux_arm64 windows_amd64 windows_arm64" "$mode platforms"
done

# The matrix run judged the matrix checks too (they are not skipped).
for c in symbols.versions symbols.exports manifest platforms os.min; do
  if /usr/bin/python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
sys.exit(0 if any(r.get("check") == sys.argv[2] and r.get("verdict") == "pass"
                  for r in doc.get("results", [])) else 1)' "$XV_TMP/matrix.json" "$c"
  then xv_pass; else xv_fail "matrix run has no passing $c result"; fi
done
xv_done
