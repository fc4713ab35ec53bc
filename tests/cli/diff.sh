#!/usr/bin/env bash
# xverify diff on the release pairs of fixtures/example/recipe.sh: 1.0.0 ->
# 1.1.0 (one change of each kind, each on a known platform and member; exit
# 1) and 1.0.0 -> 1.0.1 (the same binaries under new names and dates: no
# change, exit 0). Also the output formats, --fail-on and usage errors.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
E=$XV_FIXTURES/example
[ -d "$E/diff/next/dist" ] || xv_fail "no diff fixture pair built: $E/diff"
OLD=$E/dist NEXT=$E/diff/next/dist SAME=$E/diff/same/dist

# --- the changed release: every expected change, nothing unexpected breaking
xv_expect_rc 1 "$XVERIFY" diff --json "$XV_TMP/next.json" --markdown "$XV_TMP/next.md" \
  --html "$XV_TMP/next.html" "$OLD" "$NEXT"
TEXT=$XV_OUT
xv_contains "$TEXT" "BREAK example_1.1.0_linux_amd64/lib/libexcore.so: export removed: excore_features"
xv_contains "$TEXT" "linux_amd64/bin/example: glibc floor (highest GLIBC_ version needed) raised: GLIBC_2.34 -> GLIBC_2.38"
/usr/bin/python3 - "$XV_TMP/next.json" <<'PY' || xv_fail "diff JSON lacks an expected change or has an unexpected breaking one"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
want = [  # kind, platform, member suffix, what, old, new, breaking
    ("exports.removed", "linux_amd64", "/lib/libexcore.so", "excore_features", None, None, True),
    ("floor.raised", "linux_amd64", "/bin/example", "glibc", "GLIBC_2.34", "GLIBC_2.38", True),
    ("needs.added", "linux_arm64", "/lib/libexcore.so", "libcurl.so.4", None, None, False),
    ("hardening.lost", "linux_arm64", "/bin/example", "pie", "yes", "no", True),
    ("binary.kind", "linux_arm64", "/bin/example", "kind", "pie", "exe", False),
    ("floor.raised", "darwin_arm64", "/bin/example", "macos", "11.0", "13.0", True),
    ("floor.raised", "darwin_arm64", "/lib/libexcore.dylib", "macos", "11.0", "13.0", True),
    ("floor.raised", "darwin_arm64", "/lib/libexutil.dylib", "macos", "11.0", "13.0", True),
    ("size.changed", "windows_amd64", "/exutil.dll", None, None, None, False),
    ("file.removed", "windows_arm64", "/exutil.dll", None, "library", None, True),
]
got = doc["changes"]
ok = True
used = set()
for w in want:
    hits = [i for i, c in enumerate(got)
            if c["kind"] == w[0] and c["platform"] == w[1] and c["member"].endswith(w[2])
            and (w[3] is None or c["what"] == w[3]) and (w[4] is None or c["old"] == w[4])
            and (w[5] is None or c["new"] == w[5]) and c["breaking"] == w[6]]
    if not hits:
        print("missing: %r" % (w,), file=sys.stderr); ok = False
    used.update(hits)
for i, c in enumerate(got):
    if i not in used:
        print("unexpected: %r" % c, file=sys.stderr); ok = False
size = [c for c in got if c["kind"] == "size.changed"][0]
growth = size["new_size"] / size["old_size"]
if not 2.5 < growth < 3.5:
    print("exutil.dll grew %.2fx, want about 3x" % growth, file=sys.stderr); ok = False
if doc["breaking"] != sum(1 for c in got if c["breaking"]) or doc["breaking"] != 7:
    print("breaking count %r" % doc["breaking"], file=sys.stderr); ok = False
sys.exit(0 if ok else 1)
PY
MD=$(cat "$XV_TMP/next.md")
xv_contains "$MD" "### linux_amd64"
xv_contains "$MD" "| :x: breaking | example_1.1.0_linux_amd64/lib/libexcore.so | export removed: excore_features |"
[ "$(wc -c <"$XV_TMP/next.md")" -lt 65536 ] && xv_pass || xv_fail "markdown over 65,536 bytes"
xv_contains "$(cat "$XV_TMP/next.html")" '<section class="xv-diff">'
xv_contains "$(cat "$XV_TMP/next.html")" "export removed: excore_features"

# --- policy: --fail-on tunes what breaks
xv_expect_rc 0 "$XVERIFY" diff -q --fail-on none "$OLD" "$NEXT"
xv_expect_rc 1 "$XVERIFY" diff -q --fail-on needs.added "$OLD" "$NEXT"
xv_expect_rc 0 "$XVERIFY" diff -q --fail-on size --max-growth 300 "$OLD" "$NEXT"
xv_expect_rc 1 "$XVERIFY" diff -q --fail-on size --max-growth 150 "$OLD" "$NEXT"
xv_expect_rc 2 "$XVERIFY" diff --fail-on exports.gone "$OLD" "$NEXT"
xv_contains "$XV_OUT" 'unknown change kind "exports.gone"'

# --- versions in names and dates only: no change
xv_expect_rc 0 "$XVERIFY" diff --json "$XV_TMP/same.json" "$OLD" "$SAME"
xv_contains "$XV_OUT" "no change (18 binaries compared)"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["changes"]==[] and d["compared"]==18 else 1)' \
  "$XV_TMP/same.json" && xv_pass || xv_fail "same pair: JSON lists changes"

# --- a member that cannot be read is named, never reported as removed
mkdir -p "$XV_TMP/cut/linux_amd64/lib" "$XV_TMP/whole/linux_amd64/lib"
tar -xzf "$OLD/example_1.0.0_linux_amd64.tar.gz" -C "$XV_TMP"
cp "$XV_TMP/example_1.0.0_linux_amd64/lib/libexcore.so" "$XV_TMP/whole/linux_amd64/lib/"
head -c 3000 "$XV_TMP/example_1.0.0_linux_amd64/lib/libexcore.so" >"$XV_TMP/cut/linux_amd64/lib/libexcore.so"
xv_expect_rc 1 "$XVERIFY" diff "$XV_TMP/whole" "$XV_TMP/cut"
xv_contains "$XV_OUT" "lib/libexcore.so: cannot be read in the new release"
xv_lacks "$XV_OUT" "removed"

# --- JSON reports of earlier runs as either side: the same changes
"$XVERIFY" --no-smoke --json "$XV_TMP/r-old.json" "$OLD" >/dev/null 2>&1
"$XVERIFY" --no-smoke --json "$XV_TMP/r-next.json" "$NEXT" >/dev/null 2>&1
xv_expect_rc 1 "$XVERIFY" diff -q --json "$XV_TMP/from-reports.json" "$XV_TMP/r-old.json" "$XV_TMP/r-next.json"
xv_expect_rc 1 "$XVERIFY" diff -q --json "$XV_TMP/mixed.json" "$XV_TMP/r-old.json" "$NEXT"
/usr/bin/python3 - "$XV_TMP/next.json" "$XV_TMP/from-reports.json" "$XV_TMP/mixed.json" <<'PY' \
  && xv_pass || xv_fail "a diff read from JSON reports differs from the diff of the releases"
import json, sys
ref = json.load(open(sys.argv[1]))["changes"]
for f in sys.argv[2:]:
    if json.load(open(f))["changes"] != ref:
        print("differs: " + f, file=sys.stderr); sys.exit(1)
PY
echo '{"schema_version": 2, "packages": []}' >"$XV_TMP/not-report.json"
xv_expect_rc 2 "$XVERIFY" diff "$XV_TMP/not-report.json" "$OLD"
xv_contains "$XV_OUT" "not an xverify JSON report"

# --- usage
xv_expect_rc 2 "$XVERIFY" diff "$OLD"
xv_expect_rc 2 "$XVERIFY" diff "$OLD" "$XV_TMP/does-not-exist"
xv_contains "$XV_OUT" "does-not-exist"
xv_done
