#!/usr/bin/env bash
# Toolchain facts of PE files that no toolchain here makes: MSVC's link.exe
# writes a "Rich" header into the DOS stub area (lld-link and MinGW's ld do
# not). The hand-made tiny_valid.exe of the PE fuzz corpus is rebuilt here
# with a Rich header before its PE header (every file offset moved by one
# FileAlignment), then: the header is read ("msvc_rich_header", compiler
# MSVC), the rest of the file reads the same, and a Rich header whose "DanS"
# start does not decode with its key is not taken for one.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
tiny=$XV_SOURCE_DIR/tests/fuzz/corpus/pe/tiny_valid.exe
mk() { # mk OUT GOOD(1|0)
  /usr/bin/python3 - "$tiny" "$1" "$2" <<'PY'
import struct, sys
src, dst, good = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
b = bytearray(open(src, 'rb').read())
lf = struct.unpack_from('<I', b, 0x3c)[0]
nsec = struct.unpack_from('<H', b, lf + 6)[0]
optsz = struct.unpack_from('<H', b, lf + 20)[0]
opt = lf + 24
magic = struct.unpack_from('<H', b, opt)[0]
ddir = opt + (112 if magic == 0x20b else 96)
sect = opt + optsz
secs = []
for i in range(nsec):
    o = sect + 40 * i
    vsz, va, rsz, roff = struct.unpack_from('<IIII', b, o + 8)
    secs.append((o, va, vsz, rsz, roff))
def rva2off(rva):
    for o, va, vsz, rsz, roff in secs:
        if va <= rva < va + max(vsz, rsz):
            return roff + rva - va
    raise SystemExit('rva outside sections')
SHIFT = 0x200
# debug directory entries: PointerToRawData (file offset) at +24
drva, dsz = struct.unpack_from('<II', b, ddir + 6 * 8)
if drva:
    d = rva2off(drva)
    for k in range(dsz // 28):
        p = struct.unpack_from('<I', b, d + 28 * k + 24)[0]
        if p:
            struct.pack_into('<I', b, d + 28 * k + 24, p + SHIFT)
assert struct.unpack_from('<II', b, ddir + 4 * 8) == (0, 0), 'certificate table not handled'
for o, va, vsz, rsz, roff in secs:
    if roff:
        struct.pack_into('<I', b, o + 20, roff + SHIFT)
struct.pack_into('<I', b, opt + 60, struct.unpack_from('<I', b, opt + 60)[0] + SHIFT)
# MSVC's DOS stub area: "DanS" ^ key, three padding words, (comp id, count) pairs,
# "Rich", key. Entries: linker 14.29 (product 0x0104, build 30148) x1, C compiler x3.
key = 0x1234abcd
ents = [(0x0104 << 16 | 30148, 1), (0x0105 << 16 | 30148, 3)]
rich = struct.pack("<IIII", (0x536e6144 if good else 0x536e6145) ^ key, key, key, key)
for cid, cnt in ents:
    rich += struct.pack('<II', cid ^ key, cnt ^ key)
rich += b'Rich' + struct.pack('<I', key)
stub = bytearray(SHIFT)
stub[0x40:0x40 + len(rich)] = rich
out = b[:lf] + stub + b[lf:]
struct.pack_into('<I', out, 0x3c, lf + SHIFT)
open(dst, 'wb').write(out)
PY
}
mk "$XV_TMP/rich.exe" 1 || xv_fail "could not build rich.exe"
mk "$XV_TMP/badrich.exe" 0 || xv_fail "could not build badrich.exe"

xv_expect_rc 0 "$XVERIFY" inspect --json "$XV_TMP/rich.exe"
printf '%s' "$XV_OUT" | /usr/bin/python3 -c '
import json, sys
b = json.load(sys.stdin)["binaries"][0]
t = b["toolchain"]
assert t.get("msvc_rich_header") is True and t["compiler"] == "MSVC" and t["language"] == "c", t
assert t["linker"] == "linker 14.0", t          # MajorLinkerVersion 14, minor 0 of tiny_valid
assert b["pdb_path"] == "C:\\build\\tiny.pdb", b["pdb_path"]   # the moved debug directory still reads
' && xv_pass || xv_fail "rich.exe: toolchain facts"
xv_contains "$("$XVERIFY" inspect "$XV_TMP/rich.exe")" "toolchain:    C/C++ (MSVC)" "inspect text"

xv_expect_rc 0 "$XVERIFY" inspect --json "$XV_TMP/badrich.exe"
printf '%s' "$XV_OUT" | /usr/bin/python3 -c '
import json, sys
t = json.load(sys.stdin)["binaries"][0]["toolchain"]
assert "msvc_rich_header" not in t and "compiler" not in t, t
' && xv_pass || xv_fail "badrich.exe: a Rich marker without its DanS start is not a Rich header"

# The original has no Rich header at all.
xv_expect_rc 0 "$XVERIFY" inspect --json "$tiny"
xv_lacks "$XV_OUT" "msvc_rich_header" "tiny_valid.exe"
xv_done
