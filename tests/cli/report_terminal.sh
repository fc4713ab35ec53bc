#!/usr/bin/env bash
# Terminal report through the program: failures first, grouped by package;
# colour only with --color always (never with --color never, NO_COLOR or a
# non-TTY under auto); -q prints only the failing lines and the verdict,
# -v every result. Member names from a hostile archive (control characters,
# an ANSI escape, XML and Markdown metacharacters, invalid UTF-8) cannot
# inject escapes into the terminal and keep the JUnit report valid.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
dist=$XV_FIXTURES/example/dist
broken=$XV_FIXTURES/example/broken/arch-elf/dist
[ -d "$broken" ] || xv_skip "broken copy not built: $broken"
T=$XV_TMP
common=(--no-smoke --today 2026-11-30)
ESC=$(printf '\033')

xv_expect_rc 1 "$XVERIFY" "${common[@]}" --color never "$broken"
out=$XV_OUT
xv_lacks "$out" "$ESC" "--color never output"
xv_contains "$out" "FAIL  arch.match" "failure line"
xv_contains "$out" "Not ready: 1 failure" "verdict"
# The failing package is listed first.
first=$(printf '%s\n' "$out" | grep -m1 -E '^(✗|✓) ')
xv_contains "$first" "✗ example_1.0.0_linux_arm64.tar.gz (linux_arm64)" "first package"
xv_lacks "$out" "PASS " "default output (passes only counted)"

xv_expect_rc 1 "$XVERIFY" "${common[@]}" --color always "$broken"
xv_contains "$XV_OUT" "${ESC}[31mFAIL" "--color always output"
# auto: stdout is not a TTY here, so no colour.
xv_expect_rc 1 "$XVERIFY" "${common[@]}" "$broken"
xv_lacks "$XV_OUT" "$ESC" "--color auto on a pipe"
NO_COLOR=1 xv_expect_rc 1 "$XVERIFY" "${common[@]}" "$broken"
xv_lacks "$XV_OUT" "$ESC" "NO_COLOR output"

xv_expect_rc 1 "$XVERIFY" "${common[@]}" -q "$broken"
q=$XV_OUT
xv_contains "$q" "FAIL  arch.match" "-q failure line"
xv_lacks "$q" "passed," "-q package counts"
xv_lacks "$q" "✓ " "-q passing packages"
xv_contains "$(printf '%s\n' "$q" | tail -1)" "Not ready: 1 failure" "-q verdict last"

xv_expect_rc 0 "$XVERIFY" "${common[@]}" -v "$dist"
xv_contains "$XV_OUT" "PASS  arch.match" "-v lists passes"
xv_contains "$XV_OUT" "Ready to publish" "-v verdict"
xv_expect_rc 0 "$XVERIFY" "${common[@]}" -q "$dist"
xv_contains "$XV_OUT" "Ready to publish" "-q clean verdict"
xv_lacks "$XV_OUT" "PASS " "-q clean"

# A hostile archive, built here from the example program: the linux_amd64
# binary under a hostile name in a linux_arm64 tarball (so it fails).
mkdir -p "$T/hostile"
/usr/bin/python3 - "$dist/example_1.0.0_linux_amd64.tar.gz" "$T/hostile/evil_1.0.0_linux_arm64.tar.gz" <<'PY' || xv_fail "could not build the hostile tarball"
import io, sys, tarfile
src = tarfile.open(sys.argv[1])
data = next(src.extractfile(m).read() for m in src.getmembers() if m.name.endswith("/bin/example"))
name = b"evil/bin/a\x01<b>&\"'\x1b[31m]]>%20 #*_|\xff.x"
with tarfile.open(sys.argv[2], "w:gz", format=tarfile.GNU_FORMAT, encoding="utf-8",
                  errors="surrogateescape") as t:
    ti = tarfile.TarInfo(name.decode("utf-8", "surrogateescape"))
    ti.size = len(data); ti.mode = 0o755
    t.addfile(ti, io.BytesIO(data))
PY
xv_expect_rc 1 "$XVERIFY" "${common[@]}" --color always --junit "$T/h.xml" --markdown "$T/h.md" \
  --json "$T/h.json" --sarif "$T/h.sarif" --html "$T/h.html" "$T/hostile"
h=$XV_OUT
printf '%s\n' "$h" | head -20
xv_contains "$h" "a?<b>&\"'?[31m]]>%20 #*_|" "hostile name shown with escapes neutralised"
xv_lacks "$h" "'${ESC}[31m]]>" "injected escape"
if [ -f "$XV_SOURCE_DIR/tests/schemas/junit-10.xsd" ] && command -v xmllint >/dev/null; then
  if xmllint --noout --schema "$XV_SOURCE_DIR/tests/schemas/junit-10.xsd" "$T/h.xml" 2>&1; then xv_pass
  else xv_fail "JUnit of the hostile archive invalid"; fi
else
  xv_skip "no junit-10.xsd or xmllint for the hostile JUnit check"
fi
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
  if /usr/bin/python3 -m jsonschema -i "$T/h.json" "$XV_SOURCE_DIR/docs/report.schema.json" 2>&1; then xv_pass
  else xv_fail "JSON of the hostile archive invalid"; fi
  if [ -f "$XV_SOURCE_DIR/tests/schemas/sarif-schema-2.1.0.json" ]; then
    if /usr/bin/python3 -m jsonschema -i "$T/h.sarif" "$XV_SOURCE_DIR/tests/schemas/sarif-schema-2.1.0.json" 2>&1; then xv_pass
    else xv_fail "SARIF of the hostile archive invalid"; fi
  fi
  # Strict UTF-8 decoding of every report; the name survives in JSON (the
  # bad byte as U+FFFD) and is percent-encoded in the SARIF URI.
  if /usr/bin/python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
for f in ("h.xml", "h.md", "h.html", "h.json", "h.sarif"):
    open(f"{t}/{f}", "rb").read().decode("utf-8")
names = [r["subject"] for r in json.load(open(f"{t}/h.json"))["results"] if "evil/bin/" in (r["subject"] or "")]
assert any("a\x01<b>&\"'\x1b[31m]]>%20 #*_|\ufffd.x" in n for n in names), names
uris = [l["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.load(open(f"{t}/h.sarif"))["runs"][0]["results"] for l in r.get("locations", [])]
assert any("a%01%3Cb%3E&%22'%1B%5B31m%5D%5D%3E%2520%20%23*_%7C%EF%BF%BD.x" in u for u in uris), uris
PY
  then xv_pass; else xv_fail "hostile name not preserved/escaped in JSON/SARIF, or a report is not UTF-8"; fi
else
  xv_skip "python3-jsonschema not installed for /usr/bin/python3"
fi
xv_contains "$(cat "$T/h.md")" "a &lt;b&gt;&amp;\"' \\[31m\\]\\]&gt;%20 \\#\\*\\_\\|" "Markdown escaping"
# Skips with the same check and reason fold into one line per package at the
# default verbosity (a runner missing for every binary is one line); -v lists
# each. An empty rootfs cache makes every distro environment a skip.
xv_expect_rc 0 "$XVERIFY" --color never --matrix "$XV_SOURCE_DIR/matrices/example.json" \
  --cache-dir "$XV_TMP/nocache" "$dist"
xv_contains "$XV_OUT" "(and 2 more like it; -v lists them)" "folded skips"
n_default=$(printf '%s\n' "$XV_OUT" | grep -c '^  SKIP ')
xv_expect_rc 0 "$XVERIFY" --color never -v --matrix "$XV_SOURCE_DIR/matrices/example.json" \
  --cache-dir "$XV_TMP/nocache" "$dist"
xv_lacks "$XV_OUT" "more like it" "-v output"
n_verbose=$(printf '%s\n' "$XV_OUT" | grep -c '^  SKIP ')
[ "$n_verbose" -gt "$n_default" ] && xv_pass || xv_fail "-v lists $n_verbose skips, default $n_default"
xv_done
