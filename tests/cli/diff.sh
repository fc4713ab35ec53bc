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

# --- the matrix tunes it: floors the platforms promise are allowed, a check's
# severity makes its changes breaking or not
cat >"$XV_TMP/m.json" <<'J'
{ "platforms": { "darwin_arm64": { "macos_min": "13.0" }, "linux_amd64": { "glibc": "2.38" } },
  "severity": { "hardening.baseline": "warn", "abi.exports": "off", "deps.baseline": "fail" } }
J
xv_expect_rc 1 "$XVERIFY" diff -q --matrix "$XV_TMP/m.json" --json "$XV_TMP/m.out.json" "$OLD" "$NEXT"
/usr/bin/python3 - "$XV_TMP/m.out.json" <<'PY' && xv_pass || xv_fail "--matrix: wrong breaking changes"
import json, sys
doc = json.load(open(sys.argv[1]))
brk = sorted((c["kind"], c["platform"]) for c in doc["changes"] if c["breaking"])
if brk != [("needs.added", "linux_arm64")] or doc["breaking"] != 1:
    print(brk, file=sys.stderr); sys.exit(1)
PY
echo '{ "severity": { "floors.baseline": "never" } }' >"$XV_TMP/bad-m.json"
xv_expect_rc 2 "$XVERIFY" diff --matrix "$XV_TMP/bad-m.json" "$OLD" "$NEXT"
xv_contains "$XV_OUT" "severity"

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

# --- C++: names demangled (c++filt), raw names kept; one library's removals
# grouped into one Markdown row
C=$E/diff/cxx
command -v c++filt >/dev/null || xv_skip "c++filt (binutils) not installed"
xv_expect_rc 1 "$XVERIFY" diff --markdown "$XV_TMP/cxx.md" --json "$XV_TMP/cxx.json" "$C/old" "$C/new"
xv_contains "$XV_OUT" "export removed: ex::g(double) [_ZN2ex1gEd]"
xv_contains "$XV_OUT" "export removed: ex::f19(int) [_ZN2ex3f19Ei]"
xv_lacks "$XV_OUT" "ex::keep"
xv_contains "$(cat "$XV_TMP/cxx.md")" "21 exports removed: ex::g(double) \\[\\_ZN2ex1gEd\\], ex::f0(int) \\[\\_ZN2ex2f0Ei\\], "
xv_contains "$(cat "$XV_TMP/cxx.md")" " and 9 more |"
xv_contains "$(cat "$XV_TMP/cxx.json")" '"what": "_ZN2ex1gEd", "demangled": "ex::g(double)"'

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
# A big diff (two reports: 400 libraries on 4 platforms, each losing 60 C
# exports) still makes a comment under GitHub's 65,536 characters that
# counts what it leaves out.
/usr/bin/python3 - "$XV_TMP" <<'PY'
import json, sys
def report(nexp):
    pkgs = []
    for plat in ("linux_amd64", "linux_arm64", "darwin_arm64", "windows_amd64"):
        arts = []
        for i in range(100):
            path = "dist/big_%s.tgz!/lib/libbig%03d_component_with_a_long_name.so" % (plat, i)
            exports = [{"name": "big%03d_function_number_%04d" % (i, k)} for k in range(nexp)]
            arts.append({"path": path, "member": path.split("!/")[1], "type": "file", "size": 1000,
                         "platform": {"id": plat},
                         "binary": {"format": "elf", "binaries": [{"format": "elf", "kind": "shared",
                                    "arch": "x86_64", "exports": exports}]}})
        pkgs.append({"path": "dist/big_%s.tgz" % plat, "artifacts": arts})
    return {"schema_version": 1, "packages": pkgs}
json.dump(report(61), open(sys.argv[1] + "/big-old.json", "w"))
json.dump(report(1), open(sys.argv[1] + "/big-new.json", "w"))
PY
xv_expect_rc 1 "$XVERIFY" diff -q --markdown "$XV_TMP/big.md" --json "$XV_TMP/big.json" "$XV_TMP/big-old.json" "$XV_TMP/big-new.json"
n=$(wc -c <"$XV_TMP/big.md")
[ "$n" -lt 65536 ] && [ "$n" -gt 30000 ] && xv_pass || xv_fail "big markdown comment is $n bytes"
xv_contains "$(cat "$XV_TMP/big.md")" "60 exports removed: big000_function_number_0001, "
xv_contains "$(tail -3 "$XV_TMP/big.md")" "more changes not shown ("
/usr/bin/python3 -c 'import json,sys; sys.exit(0 if len(json.load(open(sys.argv[1]))["changes"]) == 24000 else 1)' \
  "$XV_TMP/big.json" && xv_pass || xv_fail "big diff: JSON does not hold all 24000 changes"

echo '{"schema_version": 2, "packages": []}' >"$XV_TMP/not-report.json"
xv_expect_rc 2 "$XVERIFY" diff "$XV_TMP/not-report.json" "$OLD"
xv_contains "$XV_OUT" "not an xverify JSON report"

# --- a truncated archive: unreadable (breaking), its members not "removed"
mkdir -p "$XV_TMP/trunc"
cp "$NEXT"/*.tar.gz "$NEXT"/*.zip "$XV_TMP/trunc/"
f=$XV_TMP/trunc/example_1.1.0_linux_arm64.tar.gz
head -c $(( $(stat -c %s "$f") / 2 )) "$f" >"$f.cut" && mv "$f.cut" "$f"
xv_expect_rc 1 "$XVERIFY" diff "$OLD" "$XV_TMP/trunc"
xv_contains "$XV_OUT" "BREAK example_1.1.0_linux_arm64.tar.gz: cannot be read in the new release"
/usr/bin/python3 - "$XV_OUT" <<'PY' && xv_pass || xv_fail "members of the truncated archive reported as removed"
import sys
sys.exit(1 if any("linux_arm64" in l and "removed" in l for l in sys.argv[1].splitlines()) else 0)
PY

# --- toolchain: the same program built by GCC, then by clang, is one
# toolchain.changed line that does not break unless asked to
T=$XV_TMP/tc
mkdir -p "$T/old/app_1.0_linux_amd64/bin" "$T/new/app_1.1_linux_amd64/bin"
echo 'int main(void) { return 0; }' >"$T/m.c"
hard=(-O2 -fstack-protector-strong -fPIE -pie -Wl,-z,relro,-z,now)
gcc "${hard[@]}" "$T/m.c" -o "$T/old/app_1.0_linux_amd64/bin/app"
clang "${hard[@]}" "$T/m.c" -o "$T/new/app_1.1_linux_amd64/bin/app"
xv_expect_rc 0 "$XVERIFY" diff "$T/old" "$T/new"
xv_contains "$XV_OUT" "bin/app: toolchain changed: GCC 1"
xv_contains "$XV_OUT" "-> clang 1"
xv_expect_rc 1 "$XVERIFY" diff --fail-on toolchain "$T/old" "$T/new"
xv_expect_rc 0 "$XVERIFY" diff "$T/old" "$T/old"
xv_lacks "$XV_OUT" "toolchain"

# --- usage
xv_expect_rc 2 "$XVERIFY" diff "$OLD"
xv_expect_rc 2 "$XVERIFY" diff "$OLD" "$XV_TMP/does-not-exist"
xv_contains "$XV_OUT" "does-not-exist"
xv_done
