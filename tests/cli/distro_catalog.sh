#!/usr/bin/env bash
# matrices/distros/: the schema is a valid draft-07 schema and validates every
# family file (the same check as `python3 -m jsonschema`); each file names its
# sources; ids are unique; a family's releases are listed oldest first with
# non-decreasing libc versions (the "runs on" answer picks the first release
# that satisfies a floor, so order matters).
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
$PY -c 'import jsonschema' 2>/dev/null || xv_skip "python3-jsonschema not installed"
D=$XV_SOURCE_DIR/matrices/distros
n=0
for f in "$D"/*.json; do
  [ "$(basename "$f")" = schema.json ] && continue
  n=$((n + 1))
  if out=$($PY -m jsonschema -i "$f" "$D/schema.json" 2>&1); then xv_pass
  else xv_fail "$(basename "$f") does not validate: $out"; fi
done
[ "$n" -ge 7 ] && xv_pass || xv_fail "expected >= 7 family files, found $n"
if out=$($PY - "$D" <<'P' 2>&1
import json, os, sys
d = sys.argv[1]
def vkey(v): return tuple(int(x) for x in v.split("."))
fams = set()
for name in sorted(os.listdir(d)):
    if not name.endswith(".json") or name == "schema.json":
        continue
    doc = json.load(open(os.path.join(d, name)))
    assert doc["family"] + ".json" == name, name + ": family id must be the file name"
    assert doc["family"] not in fams
    fams.add(doc["family"])
    assert doc["sources"], name + ": no sources"
    prev = None
    seen = set()
    for r in doc["releases"]:
        assert r["version"] not in seen, name + ": duplicate " + r["version"]
        seen.add(r["version"])
        if prev:
            assert vkey(r["version"]) > vkey(prev["version"]), name + ": releases not oldest first"
            assert vkey(r["libc_version"]) >= vkey(prev["libc_version"]), name + ": libc goes back at " + r["version"]
        prev = r
for need in ("debian", "ubuntu", "rhel", "amazonlinux", "fedora", "sles", "alpine"):
    assert need in fams, "missing family " + need
P
); then xv_pass; else xv_fail "catalogue consistency: $out"; fi
# A broken file is rejected by the schema (the test can fail).
printf '{"family":"x","name":"X","sources":[],"releases":[]}' > "${TMPDIR:-/tmp}/xv_bad_distro.$$.json"
if $PY -m jsonschema -i "${TMPDIR:-/tmp}/xv_bad_distro.$$.json" "$D/schema.json" >/dev/null 2>&1; then
  xv_fail "schema accepts a family without sources and releases"
else xv_pass; fi
rm -f "${TMPDIR:-/tmp}/xv_bad_distro.$$.json"
xv_done
