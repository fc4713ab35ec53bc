#!/usr/bin/env bash
# Hostile inputs make valid reports: every committed fuzz corpus (truncated
# and malformed ELF, PE, Mach-O, archives) and the hostile archives fixture
# (traversal names, links, devices, bombs) go through the program with all
# five report files; each run ends in a verdict (exit 0 or 1, never a crash
# or 3), JUnit validates against the Jenkins schema, SARIF against SARIF
# 2.1.0, JSON against docs/report.schema.json, and every report decodes as
# strict UTF-8.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
schemas=$XV_SOURCE_DIR/tests/schemas
[ -f "$schemas/junit-10.xsd" ] || xv_skip "no $schemas/junit-10.xsd"
command -v xmllint >/dev/null || xv_skip "xmllint not installed (libxml2-utils)"
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || xv_skip "python3-jsonschema not installed for /usr/bin/python3"
T=$XV_TMP
inputs=()
for p in elf pe macho archive; do
  d=$XV_SOURCE_DIR/tests/fuzz/corpus/$p
  [ -d "$d" ] && inputs+=("$d")
done
[ -d "$XV_FIXTURES/archives/hostile" ] && inputs+=("$XV_FIXTURES/archives/hostile")
[ "${#inputs[@]}" -ge 2 ] || xv_fail "fewer than two hostile input folders found"
for d in "${inputs[@]}"; do
  echo "== $d"
  "$XVERIFY" --no-smoke -q --today 2026-11-30 --junit "$T/r.xml" --json "$T/r.json" \
    --sarif "$T/r.sarif" --markdown "$T/r.md" --html "$T/r.html" "$d" > "$T/out.txt" 2>&1
  rc=$?
  if [ "$rc" = 0 ] || [ "$rc" = 1 ]; then xv_pass; else xv_fail "$d: exit $rc"; tail -5 "$T/out.txt" >&2; fi
  if xmllint --noout --schema "$schemas/junit-10.xsd" "$T/r.xml" 2>"$T/err"; then xv_pass
  else xv_fail "$d: JUnit invalid"; tail -5 "$T/err" >&2; fi
  if /usr/bin/python3 -m jsonschema -i "$T/r.sarif" "$schemas/sarif-schema-2.1.0.json" >"$T/err" 2>&1; then xv_pass
  else xv_fail "$d: SARIF invalid"; head -5 "$T/err" >&2; fi
  if /usr/bin/python3 -m jsonschema -i "$T/r.json" "$XV_SOURCE_DIR/docs/report.schema.json" >"$T/err" 2>&1; then xv_pass
  else xv_fail "$d: JSON invalid"; head -5 "$T/err" >&2; fi
  if /usr/bin/python3 -c '
import sys
for f in sys.argv[1:]:
    open(f, "rb").read().decode("utf-8")' "$T/r.xml" "$T/r.json" "$T/r.sarif" "$T/r.md" "$T/r.html"; then xv_pass
  else xv_fail "$d: a report is not valid UTF-8"; fi
done
xv_done
