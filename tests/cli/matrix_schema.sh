#!/usr/bin/env bash
# matrices/schema.json against xverify's own matrix parser: the schema is a
# valid draft-07 schema; matrices/example.json and the annotated example of
# docs/matrix.md are accepted by both; each broken matrix below is rejected by
# both (xverify: exit 2 naming the key path). The smoke section is validated
# by matrices/schema-smoke.json (the smoke module's); until that file exists
# it is checked as an object only, and this test says so.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
T=$XV_TMP
PY=/usr/bin/python3
$PY -c 'import jsonschema' 2>/dev/null || xv_skip "python3-jsonschema not installed"
S=$XV_SOURCE_DIR/matrices
mkdir -p "$T/empty"

cat > "$T/validate.py" <<'P'
import json, os, sys, warnings
sys.path.insert(0, os.path.join(os.environ["XV_SOURCE_DIR"], "tests"))
from jsonc import strip
import jsonschema
warnings.simplefilter("ignore", DeprecationWarning)
sdir = sys.argv[1]
schema = json.load(open(os.path.join(sdir, "schema.json")))
jsonschema.Draft7Validator.check_schema(schema)
smoke = os.path.join(sdir, "schema-smoke.json")
store = {}
base = schema["$id"].rsplit("/", 1)[0] + "/"
if os.path.exists(smoke):
    s2 = json.load(open(smoke))
    jsonschema.Draft7Validator.check_schema(s2)
    store[base + "schema-smoke.json"] = s2
else:
    print("note: matrices/schema-smoke.json absent: smoke checked as an object", file=sys.stderr)
    store[base + "schema-smoke.json"] = {"type": "object"}
v = jsonschema.Draft7Validator(schema, resolver=jsonschema.RefResolver.from_schema(schema, store=store))
bad = 0
for f in sys.argv[2:]:
    doc = json.loads(strip(open(f).read()))
    errs = list(v.iter_errors(doc))
    print("%s %s" % ("invalid" if errs else "valid", os.path.basename(f)))
P

# The documented examples: docs/matrix.md's annotated matrix, and the
# README's, which must not drift apart from it.
$PY - "$XV_SOURCE_DIR/docs/matrix.md" "$T/doc.json" "$XV_SOURCE_DIR/README.md" "$T/readme.json" <<'P'
import re, sys
for src, dst in zip(sys.argv[1::2], sys.argv[2::2]):
    t = open(src).read()
    open(dst, "w").write(re.search(r"```jsonc\n(.*?)```", t, re.S).group(1))
P
if cmp -s "$T/doc.json" "$T/readme.json"; then xv_pass; else xv_fail "README.md matrix example differs from docs/matrix.md"; fi
sed -e 's#"path": "old-dist/"#"path": "empty"#' "$T/doc.json" > "$T/doc2.json"
out=$($PY "$T/validate.py" "$S" "$S/example.json" "$T/doc2.json" 2>&1)
xv_contains "$out" "valid example.json" "schema on example.json"
xv_contains "$out" "valid doc2.json" "schema on docs/matrix.md example"
xv_lacks "$out" "invalid" "schema verdicts"
for m in "$S/example.json" "$T/doc2.json"; do
  xv_expect_rc 1 "$XVERIFY" --no-smoke --matrix "$m" "$T/empty"   # parses; platforms missing -> 1
  xv_lacks "$XV_OUT" "xverify: " "parser on $(basename "$m")"
done

# Every registered check id (from --help) is a known key to both the schema
# and the parser, as itself and, for dotted ids, as a prefix and "prefix.*".
ids=$("$XVERIFY" --help | sed -n '/^Checks:/,/(matrix/p' | sed -e 's/^Checks://' -e '/(matrix/d' | tr -s ' \n' ' ')
[ -n "$ids" ] && xv_pass || xv_fail "no check ids in --help"
{
  printf '{ "severity": {'
  sep=""
  for id in $ids; do
    printf '%s "%s": "warn"' "$sep" "$id"; sep=","
    case $id in *.*) printf ', "%s": "warn", "%s.*": "warn"' "${id%%.*}" "${id%%.*}" ;; esac
  done
  printf ' }, "require": ['
  sep=""
  for id in $ids; do printf '%s "%s"' "$sep" "$id"; sep=","; done
  printf ' ] }\n'
} | $PY -c 'import json,sys; d=json.load(sys.stdin, object_pairs_hook=lambda p: dict(p)); print(json.dumps(d))' > "$T/ids.json"
r=$($PY "$T/validate.py" "$S" "$T/ids.json" 2>&1)
xv_contains "$r" "valid ids.json" "schema knows every check id: $ids"
xv_lacks "$r" "invalid" "schema check ids"
xv_expect_rc 0 "$XVERIFY" --no-smoke --matrix "$T/ids.json" "$T/empty"  # parses (nothing to require on an empty folder)
xv_lacks "$XV_OUT" "unknown check id" "parser knows every check id"

# Broken matrices: both must reject, xverify naming the key.
i=0
while IFS='|' read -r want json; do
  [ -n "$json" ] || continue
  i=$((i + 1))
  printf '%s\n' "$json" > "$T/bad$i.json"
  r=$($PY "$T/validate.py" "$S" "$T/bad$i.json" 2>/dev/null)
  xv_contains "$r" "invalid bad$i.json" "schema rejects $json"
  xv_expect_rc 2 "$XVERIFY" --no-smoke --matrix "$T/bad$i.json" "$T/empty"
  xv_contains "$XV_OUT" "$want" "parser message for $json"
done <<'CASES'
platforms.linux_arm64.glibc|{ "platforms": { "linux_arm64": { "glibc": 2.31 } } }
platforms.linux_arm64.glibc|{ "platforms": { "linux_arm64": { "glibc": "2.x" } } }
platforms.linux_amd64.libc|{ "platforms": { "linux_amd64": { "libc": "uclibc" } } }
platforms.linux_amd64.manifset|{ "platforms": { "linux_amd64": { "manifset": [] } } }
platforms.linux_amd64.allowed_libs[0]|{ "platforms": { "linux_amd64": { "allowed_libs": [1] } } }
files[0].match|{ "files": [ { "size": { "max": "1MB" } } ] }
files[0].size.max|{ "files": [ { "match": "a", "size": { "max": "lots" } } ] }
files[0].exports.requried|{ "files": [ { "match": "a", "exports": { "requried": [] } } ] }
severity.hardening|{ "severity": { "hardening": "loud" } }
waivers[0].reason|{ "waivers": [ { "check": "hardening", "match": "x" } ] }
waivers[0].expires|{ "waivers": [ { "check": "hardening", "reason": "r", "expires": "tomorrow" } ] }
waivers[0].check|{ "waivers": [ { "check": "hardning", "reason": "r" } ] }
severity.hardning|{ "severity": { "hardning": "fail" } }
require[0]|{ "require": [ "smoke.runn" ] }
size.consistency_ratio|{ "size": { "consistency_ratio": "4" } }
baseline.max_growth_percent|{ "baseline": { "max_growth_percent": -5 } }
colour|{ "colour": "red" }
CASES
xv_done
