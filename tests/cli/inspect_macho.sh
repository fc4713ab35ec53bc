#!/usr/bin/env bash
# xverify inspect (text and --json) on Mach-O fixtures: one entry per slice of
# a universal file, the same facts as unit.macho asserts, and a clear error
# line for a hostile file.
. "$(dirname "$0")/../lib.sh"
fx="$XV_FIXTURES/macho"
[ -f "$fx/universal/main" ] || xv_skip "fixture set macho not built ($fx)"
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
command -v "$PY" >/dev/null || xv_skip "python3 not installed (needed to read the JSON)"

# text: one block per slice
xv_expect_rc 0 "$XVERIFY" inspect "$fx/universal/main"
out=$XV_OUT
xv_contains "$out" "macho-fat"
xv_contains "$out" "slice 1/2:"
xv_contains "$out" "slice 2/2:"
xv_contains "$out" "macho pie x86_64, 64-bit little endian"
xv_contains "$out" "macho pie aarch64, 64-bit little endian"
xv_contains "$out" "@rpath/libweak.dylib (weak)"
xv_contains "$out" "@executable_path/../lib"
xv_contains "$out" "/usr/lib/dyld"
xv_contains "$out" "___stack_chk_fail (/usr/lib/libSystem.B.dylib)"
xv_lacks "$out" "slice 3/"

# JSON: binaries[] has one object per slice, in fat-table order
for f in universal/main universal/main.fat64; do
  xv_expect_rc 0 "$XVERIFY" inspect --json "$fx/$f"
  res=$(printf '%s' "$XV_OUT" | "$PY" -c '
import json, sys
d = json.loads(sys.stdin.read())
b = d["binaries"]
assert d["format"] == "macho-fat", d["format"]
assert len(b) == 2, len(b)
assert [x["arch"] for x in b] == ["x86_64", "aarch64"], [x["arch"] for x in b]
assert all(x["format"] == "macho" for x in b)
offs = [x["macho"]["slice_offset"] for x in b]
sizes = [x["macho"]["slice_size"] for x in b]
assert offs[0] > 0 and offs[1] >= offs[0] + sizes[0], (offs, sizes)
assert offs[1] + sizes[1] <= d["size"]
assert all(x["macho"]["platform"] == "macos" for x in b)
names = [[n["name"] if isinstance(n, dict) else n for n in x["needed"]] for x in b]
for n in names:
    assert n == ["@rpath/libfoo.dylib", "@rpath/libweak.dylib", "/usr/lib/libSystem.B.dylib"], n
print("ok")
' 2>&1)
  xv_contains "$res" "ok" "JSON check of $f"
done

# a thin dylib: install name
xv_expect_rc 0 "$XVERIFY" inspect --json "$fx/arm64/libfoo.dylib"
xv_contains "$XV_OUT" '"@rpath/libfoo.dylib"'
xv_contains "$XV_OUT" '"_foo_add"'
xv_contains "$XV_OUT" '"current_version":"1.2.3"'
xv_contains "$XV_OUT" '"compatibility_version":"1.0.0"'

# a hostile file: exit 1, one line naming the file and the fault
bad="$XV_SOURCE_DIR/tests/fuzz/corpus/macho/hostile/lc_cmdsize_zero"
xv_expect_rc 1 "$XVERIFY" inspect "$bad"
xv_contains "$XV_OUT" "lc_cmdsize_zero"
xv_contains "$XV_OUT" "load command 0 (LC_UUID): cmdsize 0 is under 8"
xv_done
