#!/usr/bin/env bash
# 200 small packages (archives, each with a program built here) with smoke
# runs: every run is judged. Packages are extracted when their first run
# starts and removed after their last, so the count is bounded by disk use,
# not by a table size; nothing is left in the temp folder.
. "$(dirname "$0")/env.inc"
need_tool bwrap bubblewrap
xv_tmpdir
rel=$XV_TMP/rel
mkdir -p "$rel" "$XV_TMP/src" "$XV_TMP/t"
printf '#include <stdio.h>\nint main(int c, char **v) { printf("pkg %%s\\n", c > 1 ? v[1] : "?"); return 0; }\n' \
  > "$XV_TMP/src/p.c"
gcc -O1 -o "$XV_TMP/src/p" "$XV_TMP/src/p.c" || xv_fail "gcc"
for i in $(seq -w 1 200); do
  d=$XV_TMP/src/many$i-1.0-linux-amd64
  mkdir -p "$d/bin"
  cp "$XV_TMP/src/p" "$d/bin/prog"
  tar -C "$XV_TMP/src" -czf "$rel/many${i}_1.0_linux_amd64.tar.gz" "many$i-1.0-linux-amd64"
done
cat > "$XV_TMP/m.json" <<'JSON'
{
  "smoke": {
    "load": false,
    "environments": { "linux_amd64": ["native"] },
    "commands": [ { "match": "**/bin/prog", "argv": ["{file}", "ok"], "stdout": "pkg ok" } ]
  }
}
JSON
TMPDIR=$XV_TMP/t "$XVERIFY" --matrix "$XV_TMP/m.json" --color never --jobs 2 \
  --json "$XV_TMP/r.json" "$rel" > "$XV_TMP/out.txt" 2>&1
rc=$?
if [ $rc -le 1 ]; then xv_pass; else xv_fail "exit $rc"; tail -20 "$XV_TMP/out.txt" >&2; fi
python3 - "$XV_TMP/r.json" <<'PY' && xv_pass || xv_fail "200 smoke runs"
import json, sys
rs = [r for r in json.load(open(sys.argv[1]))["results"] if r["check"] == "smoke.run"]
pkgs = {r["package"] for r in rs if r["verdict"] == "pass"}
bad = [(r["package"], r["verdict"], r["message"]) for r in rs if r["verdict"] != "pass"]
print("smoke.run results: %d, passed packages: %d" % (len(rs), len(pkgs)))
for b in bad[:5]:
    print("not passed:", b)
sys.exit(0 if len(rs) == 200 and len(pkgs) == 200 and not bad else 1)
PY
if [ -z "$(ls -A "$XV_TMP/t")" ]; then xv_pass; else xv_fail "left: $(ls -A "$XV_TMP/t" | head)"; fi
xv_done
