#!/usr/bin/env bash
# The diff judgements as checks of a normal run (--baseline / matrix
# baseline.path): abi.exports, deps.baseline, floors.baseline,
# hardening.baseline on the example release pair 1.0.0 -> 1.1.0, each on its
# member; nothing from them on 1.0.0 -> 1.0.1 (renamed only); a raise the
# matrix allows passes; a member that cannot be read is an error naming it.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
E=$XV_FIXTURES/example
[ -d "$E/diff/next/dist" ] || xv_fail "no diff fixture pair built: $E/diff"

judge() { # judge REPORT.json EXPECTED... ("verdict check subject-suffix :: message part")
  /usr/bin/python3 - "$@" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
ids = ("abi.exports", "deps.baseline", "floors.baseline", "hardening.baseline", "size.baseline")
got = [(r["verdict"], r["check"], r["subject"], r["message"]) for r in doc["results"]
       if r["check"] in ids and r["verdict"] != "pass"]
want = []
for w in sys.argv[2:]:
    head, _, needle = w.partition(" :: ")
    v, c, suffix = head.split()
    want.append((v, c, suffix, needle))
ok, used = True, set()
for g in got:
    hits = [i for i, w in enumerate(want) if g[0] == w[0] and g[1] == w[1] and g[2].endswith(w[2]) and w[3] in g[3]]
    if not hits:
        print("unexpected: %r" % (g,), file=sys.stderr); ok = False
    used.update(hits)
for i, w in enumerate(want):
    if i not in used:
        print("missing: %r" % (w,), file=sys.stderr); ok = False
passes = sum(1 for r in doc["results"] if r["check"] in ids[:4] and r["verdict"] == "pass")
if passes == 0:
    print("no pass result from the baseline checks", file=sys.stderr); ok = False
sys.exit(0 if ok else 1)
PY
}

xv_expect_rc 1 "$XVERIFY" --no-smoke --baseline "$E/dist" --json "$XV_TMP/next.json" "$E/diff/next/dist"
judge "$XV_TMP/next.json" \
  "fail abi.exports linux_amd64/lib/libexcore.so :: 1 exported symbol removed since the baseline: excore_features" \
  "fail abi.exports windows_arm64/exutil.dll :: missing from this release" \
  "warn size.baseline windows_arm64/exutil.dll :: missing from this release" \
  "fail size.baseline windows_amd64/exutil.dll :: grew" \
  "fail floors.baseline linux_amd64/bin/example :: glibc GLIBC_2.34 -> GLIBC_2.38" \
  "fail floors.baseline darwin_arm64/bin/example :: macos 11.0 -> 13.0" \
  "fail floors.baseline darwin_arm64/lib/libexcore.dylib :: macos 11.0 -> 13.0" \
  "fail floors.baseline darwin_arm64/lib/libexutil.dylib :: macos 11.0 -> 13.0" \
  "warn deps.baseline linux_arm64/lib/libexcore.so :: libcurl.so.4" \
  "fail hardening.baseline linux_arm64/bin/example :: pie yes -> no" \
  && xv_pass || xv_fail "1.0.0 -> 1.1.0: baseline checks"

# Renamed only: every baseline check passes.
xv_expect_rc 0 "$XVERIFY" --no-smoke --baseline "$E/dist" --json "$XV_TMP/same.json" "$E/diff/same/dist"
judge "$XV_TMP/same.json" && xv_pass || xv_fail "1.0.0 -> 1.0.1: baseline checks not clean"

# A raise the matrix allows passes: promise glibc 2.38 and macOS 13.0.
cat >"$XV_TMP/m.json" <<J
{ "baseline": { "path": "$E/dist" },
  "platforms": { "linux_amd64": { "glibc": "2.38" }, "darwin_arm64": { "macos_min": "13.0" } } }
J
xv_expect_rc 1 "$XVERIFY" --no-smoke --matrix "$XV_TMP/m.json" --json "$XV_TMP/m.out.json" "$E/diff/next/dist"
/usr/bin/python3 - "$XV_TMP/m.out.json" <<'PY' && xv_pass || xv_fail "matrix floors do not allow the raise"
import json, sys
doc = json.load(open(sys.argv[1]))
fl = [r for r in doc["results"] if r["check"] == "floors.baseline" and r["verdict"] != "pass"]
ok = [r for r in doc["results"] if r["check"] == "floors.baseline" and "within the matrix" in r["message"]]
sys.exit(0 if not fl and len(ok) == 4 else 1)
PY

# A binary that cannot be read: an error naming it, never "missing".
mkdir -p "$XV_TMP/old/linux_amd64/lib" "$XV_TMP/new/linux_amd64/lib"
tar -xzf "$E/dist/example_1.0.0_linux_amd64.tar.gz" -C "$XV_TMP"
cp "$XV_TMP/example_1.0.0_linux_amd64/lib/libexcore.so" "$XV_TMP/old/linux_amd64/lib/"
head -c 3000 "$XV_TMP/example_1.0.0_linux_amd64/lib/libexcore.so" >"$XV_TMP/new/linux_amd64/lib/libexcore.so"
xv_expect_rc 1 "$XVERIFY" --no-smoke --baseline "$XV_TMP/old" --json "$XV_TMP/cut.json" "$XV_TMP/new"
xv_lacks "$(cat "$XV_TMP/cut.json")" "missing from this release"
xv_contains "$(cat "$XV_TMP/cut.json")" "lib/libexcore.so cannot be read in the new release"
# ... and the same in the baseline.
xv_expect_rc 1 "$XVERIFY" --no-smoke --baseline "$XV_TMP/new" --json "$XV_TMP/cut2.json" "$XV_TMP/old"
xv_contains "$(cat "$XV_TMP/cut2.json")" "baseline member $XV_TMP/new/linux_amd64/lib/libexcore.so cannot be read"
xv_lacks "$(cat "$XV_TMP/cut2.json")" "new file"
xv_done
