#!/usr/bin/env bash
# The "runs on" table of the bundled example release, zero config: the
# Markdown section, the HTML table and the JSON runs_on facts equal their
# goldens (XV_UPDATE_GOLDEN=1 rewrites them; read the diff). Every Linux,
# macOS and Windows platform of the example has a row of its own.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
T=$XV_TMP
G=$XV_SOURCE_DIR/tests/cli/golden
dist=$XV_FIXTURES/example/dist
[ -d "$dist" ] || xv_fail "example release not built: $dist"
"$XVERIFY" --no-smoke --today 2026-11-30 --markdown "$T/r.md" --html "$T/r.html" \
  --json "$T/r.json" "$dist" >/dev/null 2>&1
sed -n '/^### Runs on$/,/^### /p' "$T/r.md" | sed '$d' > "$T/runs-on.md"
sed -n '/<h2 id="runs-on">/,/<\/table>/p' "$T/r.html" > "$T/runs-on.html"
/usr/bin/python3 - "$T/r.json" > "$T/runs-on.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
rows = []
for r in doc["results"]:
    facts = {f["key"]: f["value"] for f in r.get("facts") or []}
    if "runs_on" in facts:
        rows.append({"check": r["check"], "platform": r["platform"],
                     "subject": r["subject"].split("!/")[-1], "runs_on": facts["runs_on"],
                     "scope": facts.get("scope", "binary")})
rows.sort(key=lambda x: (x["platform"], x["scope"] != "platform", x["subject"]))
json.dump(rows, sys.stdout, indent=1, ensure_ascii=False)
print()
PY
for f in md html json; do
  [ -s "$T/runs-on.$f" ] && xv_pass || xv_fail "no runs-on section in the $f report"
  xv_golden "$T/runs-on.$f" "$G/example-runs-on.$f"
done
for p in linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_amd64 windows_arm64; do
  xv_contains "$(cat "$T/runs-on.md")" "| **${p/_/\\_}** | *all binaries* |" "Markdown platform row $p"
done
xv_contains "$(cat "$T/runs-on.md")" "glibc &gt;= 2.34: Debian 12+, Ubuntu 22.04+, RHEL 9+, Amazon Linux 2023+"
xv_done
