#!/usr/bin/env bash
# xverify init: the starter matrix written from the example release
# validates against matrices/schema.json (+ schema-smoke.json) and passes on
# that release; on broken copies (an export removed, a library dropped, a
# binary grown 3x, a floor raised) it fails each one, naming the member.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
T=$XV_TMP
PY=/usr/bin/python3
$PY -c 'import jsonschema' 2>/dev/null || xv_skip "python3-jsonschema not installed"
E=$XV_FIXTURES/example
S=$XV_SOURCE_DIR/matrices

xv_expect_rc 0 "$XVERIFY" init "$E/dist"
printf '%s\n' "$XV_OUT" >"$T/m.json"
M=$(cat "$T/m.json")
xv_contains "$M" '"glibc": "2.34"'
xv_contains "$M" 'runs on Debian 12+, Ubuntu 22.04+, RHEL 9+'
xv_contains "$M" '"macos_min": "11.0"'
xv_contains "$M" '"package": "example_*_linux_amd64.tar.gz"'
xv_contains "$M" '"example_*_linux_amd64/lib/libexcore.so"'
xv_contains "$M" '"required": ["excore_checksum", "excore_describe", "excore_features", "excore_version"]'
xv_contains "$M" "\"baseline\": { \"path\": \"$(cd "$E/dist" && pwd)\" }"
xv_contains "$M" '"argv": ["{file}", "--version"], "exit": "any"'

$PY - "$S" "$T/m.json" <<'P' && xv_pass || xv_fail "the generated matrix does not validate against matrices/schema.json"
import json, os, sys, warnings
sys.path.insert(0, os.path.join(os.environ["XV_SOURCE_DIR"], "tests"))
from jsonc import strip
import jsonschema
warnings.simplefilter("ignore", DeprecationWarning)
sdir = sys.argv[1]
schema = json.load(open(os.path.join(sdir, "schema.json")))
smoke = json.load(open(os.path.join(sdir, "schema-smoke.json")))
store = {schema["$id"].rsplit("/", 1)[0] + "/schema-smoke.json": smoke}
v = jsonschema.Draft7Validator(schema, resolver=jsonschema.RefResolver.from_schema(schema, store=store))
errs = list(v.iter_errors(json.loads(strip(open(sys.argv[2]).read()))))
for e in errs:
    print("schema: %s at %s" % (e.message, "/".join(map(str, e.path))), file=sys.stderr)
sys.exit(1 if errs else 0)
P

# The release it was written from passes (static checks; smoke runs in the
# smoke tier).
xv_expect_rc 0 "$XVERIFY" --no-smoke --matrix "$T/m.json" "$E/dist"
xv_contains "$XV_OUT" "Ready to publish"

# fails CASE DIST "check member-suffix"...: exit 1, and each named check fails on that member
fails() {
  local c=$1 dist=$2; shift 2
  xv_expect_rc 1 "$XVERIFY" --no-smoke --matrix "$T/m.json" --json "$T/$c.json" "$dist"
  $PY - "$T/$c.json" "$c" "$@" <<'P' && xv_pass || xv_fail "$c: the generated matrix misses a failure"
import json, sys
doc = json.load(open(sys.argv[1]))
bad = [(r["check"], r["subject"]) for r in doc["results"] if r["verdict"] in ("fail", "error")]
ok = True
for w in sys.argv[3:]:
    check, suffix = w.split()
    if not any(c == check and s.endswith(suffix) for c, s in bad):
        print("%s: no %s failure on ...%s; failures: %r" % (sys.argv[2], check, suffix, bad), file=sys.stderr)
        ok = False
sys.exit(0 if ok else 1)
P
}
fails export-removed "$E/broken/missing-export/dist" \
  "symbols.exports linux_amd64/lib/libexcore.so" "abi.exports linux_amd64/lib/libexcore.so"
fails library-dropped "$E/broken/missing-lib/dist" "manifest linux_amd64/lib/libexutil.so" \
  "abi.exports linux_amd64/lib/libexutil.so"
fails grown-3x "$E/diff/next/dist" "size.budget windows_amd64/exutil.dll"
fails floor-raised "$E/diff/next/dist" \
  "symbols.versions linux_amd64/bin/example" "os.min darwin_arm64/bin/example" \
  "floors.baseline linux_amd64/bin/example"

# A release with a finding no promise can express (a non-PIE program): the
# matrix waives it, naming the check, the platform's file and the finding,
# and says so on stderr; the release then passes, waived.
xv_expect_rc 0 "$XVERIFY" init "$E/broken/no-pie/dist"
xv_contains "$XV_OUT" "xverify init: the release fails 1 finding that no promise can express"
xv_contains "$XV_OUT" '{ "check": "hardening", "match": "**/example_*_linux_amd64.tar.gz!/example_*_linux_amd64/bin/example",'
printf '%s\n' "$XV_OUT" | grep -v '^xverify init:' >"$T/w.json"
xv_expect_rc 0 "$XVERIFY" --no-smoke --matrix "$T/w.json" --json "$T/w.out.json" "$E/broken/no-pie/dist"
xv_contains "$(cat "$T/w.out.json")" '"waiver":"found when the matrix was written: not PIE'


xv_expect_rc 2 "$XVERIFY" init "$T/does-not-exist"
xv_expect_rc 2 "$XVERIFY" init --bogus
xv_done
