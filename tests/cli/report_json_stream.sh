#!/usr/bin/env bash
# The JSON report is streamed by the project's own writer (common/jsonw.c):
# its bytes equal the goldens written by the earlier cJSON-tree writer, on
# the example release (with its matrix) and on broken copies (a failing
# arch.match, a missing platform, a checksum mismatch), and every report
# reads back with Python's json module to the same document.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
ex=$XV_FIXTURES/example
[ -f "$ex/dist/checksums.txt" ] || xv_skip "example release not built: $ex/dist"
golden=$XV_SOURCE_DIR/tests/cli/golden

# Relative inputs and a matrix copied beside them, so the report (which
# names both) is the same on every machine.
run_one() {
  local name=$1 src=$2 rc=$3
  rm -rf "$XV_TMP/w" && mkdir -p "$XV_TMP/w"
  cp -r "$src" "$XV_TMP/w/dist"
  cp "$XV_SOURCE_DIR/matrices/example.json" "$XV_TMP/w/matrix.json"
  ( cd "$XV_TMP/w" && XV_DETERMINISTIC=1 "$XVERIFY" --no-smoke --today 2026-11-30 \
      --matrix matrix.json --json "$XV_TMP/$name.json" dist >/dev/null 2>&1 )
  local got=$?
  if [ "$got" = "$rc" ]; then xv_pass; else xv_fail "$name: exit $got, expected $rc"; fi
  xv_golden "$XV_TMP/$name.json" "$golden/json-$name.json"
  if /usr/bin/python3 - "$XV_TMP/$name.json" "$golden/json-$name.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))
b = json.load(open(sys.argv[2], encoding="utf-8"))
sys.exit(0 if a == b else 1)
PY
  then xv_pass; else xv_fail "$name: JSON document differs from golden"; fi
}

run_one example "$ex/dist" 0
for b in arch-elf missing-platform checksum-mismatch; do
  [ -d "$ex/broken/$b/dist" ] || { xv_fail "broken copy not built: $b"; continue; }
  run_one "$b" "$ex/broken/$b/dist" 1
done
xv_done
