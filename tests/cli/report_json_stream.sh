#!/usr/bin/env bash
# The JSON report is streamed by the project's own writer (common/jsonw.c):
# its bytes equal the goldens written by the earlier cJSON-tree writer
# (tests/cli/golden/json-*.json, kept as that writer made them: this test
# never rewrites them), on the example release (with its matrix) and on
# broken copies (a failing arch.match, a missing platform, a checksum
# mismatch), up to the "saved" section added last (what `xverify report`
# and `xverify merge` read back); the document reads back with Python's
# json module equal to the golden but for "saved".
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
  if /usr/bin/python3 - "$XV_TMP/$name.json" "$golden/json-$name.json" <<'PY'
import json, sys
new = open(sys.argv[1], "rb").read()
old = open(sys.argv[2], "rb").read()
# old ends with "]}\n": the new text is the same up to "]", then the saved section
assert old.endswith(b"]}\n"), "golden does not end the old way"
head = old[:-2]
if not new.startswith(head + b',\n"saved":{'):
    i = next((k for k in range(min(len(new), len(head))) if new[k] != head[k]), min(len(new), len(head)))
    print("bytes differ from the golden at offset %d: %r" % (i, new[max(0, i - 40):i + 40]), file=sys.stderr)
    sys.exit(1)
a = json.loads(new)
b = json.loads(old)
saved = a.pop("saved")
if a != b or saved.get("version") != 1:
    print("document differs from the golden", file=sys.stderr)
    sys.exit(1)
PY
  then xv_pass; else xv_fail "$name: JSON report differs from the cJSON writer's golden"; fi
}

run_one example "$ex/dist" 0
for b in arch-elf missing-platform checksum-mismatch; do
  [ -d "$ex/broken/$b/dist" ] || { xv_fail "broken copy not built: $b"; continue; }
  run_one "$b" "$ex/broken/$b/dist" 1
done
xv_done
