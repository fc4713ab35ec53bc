#!/usr/bin/env python3
"""Writes the tiny hand-made Mach-O inputs of tests/fuzz/corpus/macho/hostile/:
each file is named after the fault it carries (the reader must report it
clearly, never crash or hang), plus a few valid files of kinds no Debian
linker makes (big-endian PowerPC, armv6) into corpus/macho/handmade/.
test_macho.c asserts the message for each hostile file and the facts of each
handmade one; fuzz.macho replays them all. Usage:
  make_macho_inputs.py [CORPUS_DIR]   (default and committed: corpus/macho)"""
import os
import struct
import sys

top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus/macho")
out = os.path.join(top, "hostile")
os.makedirs(out, exist_ok=True)

CPU_X86_64, CPU_ARM64, CPU_PPC, CPU_PPC64, CPU_ARM = 0x01000007, 0x0100000C, 18, 0x01000012, 12
MH_EXECUTE, MH_DYLIB = 2, 6
LC_SEGMENT_64, LC_SEGMENT, LC_SYMTAB, LC_LOAD_DYLIB, LC_ID_DYLIB = 0x19, 0x1, 0x2, 0xC, 0xD
LC_RPATH, LC_UUID, LC_DYLD_INFO_ONLY, LC_VERSION_MIN_MACOSX = 0x8000001C, 0x1B, 0x80000022, 0x24
LC_DYLD_EXPORTS_TRIE, LC_BUILD_VERSION = 0x80000033, 0x32


def pad(b, n=8):
    return b + b"\0" * (-len(b) % n)


def lc(cmd, body, e="<", align=8):
    body = pad(body, align) if len(body) % align else body
    # cmdsize includes the 8-byte header; keep it aligned
    size = 8 + len(body)
    size += -size % align
    return struct.pack(e + "II", cmd, size) + body + b"\0" * (size - 8 - len(body))


def lc_str(cmd, s, e="<", align=8, fixed=b""):
    off = 8 + 4 + len(fixed)
    return lc(cmd, struct.pack(e + "I", off) + fixed + s.encode() + b"\0", e, align)


def dylib(cmd, name, cur=0x10000, compat=0x10000, e="<", align=8):
    return lc_str(cmd, name, e, align, struct.pack(e + "III", 2, cur, compat))


def header(cmds, cputype=CPU_X86_64, sub=3, ftype=MH_EXECUTE, flags=0x200085, e="<", is64=True,
           ncmds=None, sizeofcmds=None):
    magic = 0xFEEDFACF if is64 else 0xFEEDFACE
    n = len(cmds) if ncmds is None else ncmds
    s = sum(len(c) for c in cmds) if sizeofcmds is None else sizeofcmds
    h = struct.pack(e + "IiiIIII", magic, cputype, sub, ftype, n, s, flags)
    if is64:
        h += struct.pack(e + "I", 0)
    return h + b"".join(cmds)


def write(name, data):
    assert len(data) < 20000, name
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def trie_file(trie):
    """A 64-bit dylib whose LC_DYLD_EXPORTS_TRIE points at `trie` after the commands."""
    cmds = [dylib(LC_ID_DYLIB, "@rpath/libt.dylib"), None]
    cmds[1] = lc(LC_DYLD_EXPORTS_TRIE, struct.pack("<II", 0, len(trie)))
    base = 32 + sum(len(c) for c in cmds)
    cmds[1] = lc(LC_DYLD_EXPORTS_TRIE, struct.pack("<II", base, len(trie)))
    return header(cmds, ftype=MH_DYLIB) + trie


# --- load command faults -------------------------------------------------
write("lc_cmdsize_zero", header([struct.pack("<II", LC_UUID, 0) + b"\0" * 16]))
write("lc_cmdsize_past_sizeofcmds", header([struct.pack("<II", LC_UUID, 4096) + b"\0" * 16]))
write("sizeofcmds_past_end", header([lc(LC_UUID, b"\x11" * 16)], sizeofcmds=0x100000))
write("ncmds_2p31", header([lc(LC_UUID, b"\x11" * 16)], ncmds=0x80000000))
write("lc_rpath_string_unterminated",
      header([struct.pack("<III", LC_RPATH, 24, 12) + b"@loader_path"]))
write("lc_rpath_string_offset_outside", header([struct.pack("<III", LC_RPATH, 16, 4000) + b"abc\0"]))
write("lc_segment_nsects_2p31",
      header([struct.pack("<II16sQQQQIIII", LC_SEGMENT_64, 72, b"__TEXT", 0, 0x1000, 0, 0, 5, 5, 0x80000000, 0)]))
write("truncated_header", header([lc(LC_UUID, b"\x11" * 16)])[:20])
write("segment_past_end",
      header([struct.pack("<II16sQQQQIIII", LC_SEGMENT_64, 72, b"__LINKEDIT", 0x4000, 0x1000, 0x10000000, 0x1000, 1, 1, 0, 0)]))

# --- symbol table faults -------------------------------------------------
# A 2^31 symbol count (an object without an export trie: the count of the
# exports read from nlist).
write("symtab_nsyms_2p31_export_count",
      header([lc(LC_SYMTAB, struct.pack("<IIII", 52, 0x80000000, 52, 4))], ftype=1, flags=0))
write("symtab_strtab_past_end",
      header([lc(LC_SYMTAB, struct.pack("<IIII", 64, 0, 0x7FFFFFF0, 0x100))], ftype=1, flags=0))

# --- export trie faults --------------------------------------------------
# root: no terminal, one child "_a" -> offset 0 (the root itself)
write("export_trie_points_back_at_itself", trie_file(b"\x00\x01_a\x00\x00" + b"\0" * 2))
# root -> node 6 -> node 0 : a two-node loop
write("export_trie_two_node_loop", trie_file(b"\x00\x01_\x00\x06\x00" + b"\x00\x01a\x00\x00\x00"))
# a chain deeper than the depth limit: node k at 5*k has child "x" -> 5*(k+1)
n = 300
# use 2-byte ulebs so every node has the same size (6 bytes)
def uleb2(v):
    return bytes([(v & 0x7F) | 0x80, (v >> 7) & 0x7F])
deep = b"".join(b"\x00\x01x\x00" + uleb2(6 * (k + 1)) for k in range(n)) + b"\x02\x00\x00\x00"
write("export_trie_deeper_than_limit", trie_file(deep))
write("export_trie_255_children_in_4_bytes", trie_file(b"\x00\xff_\x00"))
write("export_trie_child_offset_outside", trie_file(b"\x00\x01_\x00\xff\x7f" + b"\0" * 2))
write("export_trie_label_unterminated", trie_file(b"\x00\x01_abcdefgh"))
f = bytearray(trie_file(b"\x00\x00"))
write("export_trie_past_end", bytes(f[:-2]) + b"")  # trie size says 2, file ends before

# --- fat faults ----------------------------------------------------------
thin = header([lc(LC_UUID, b"\x22" * 16)])
def fat(archs, body_at, body, magic=0xCAFEBABE):
    h = struct.pack(">II", magic, len(archs))
    for cpu, sub, off, size, align in archs:
        if magic == 0xCAFEBABE:
            h += struct.pack(">iiIII", cpu, sub, off, size, align)
        else:
            h += struct.pack(">iiQQII", cpu, sub, off, size, align, 0)
    data = bytearray(h + b"\0" * (body_at - len(h)))
    data[body_at:body_at] = body
    return bytes(data)

write("fat_slice_out_of_range", fat([(CPU_X86_64, 3, 0x1000, 0x7FFF0000, 12)], 0x1000, thin))
write("fat_slices_overlap", fat([(CPU_X86_64, 3, 0x100, len(thin), 8), (CPU_ARM64, 0, 0x110, len(thin), 4)],
                                0x100, thin + b"\0" * 0x40))
write("fat_slice_overlaps_fat_header", fat([(CPU_X86_64, 3, 4, 0x40, 0)], 0x40, b"\0" * 0x40))
inner = fat([(CPU_X86_64, 3, 0x40, len(thin), 6)], 0x40, thin)
write("fat_header_inside_fat_slice", fat([(CPU_X86_64, 3, 0x80, len(inner), 7)], 0x80, inner))
# (a 2^31 slice count is not even detected as Mach-O: xv_detect takes a
# count >= 45 for a Java class file)
write("fat_40_slices_table_past_end", struct.pack(">II", 0xCAFEBABE, 40) + b"\0" * 64)
write("fat64_slice_offset_2p63", fat([(CPU_ARM64, 0, 1 << 63, 0x100, 14)], 0x40, b"", magic=0xCAFEBABF))

# --- valid inputs no Debian linker makes ---------------------------------
out = os.path.join(top, "handmade")
os.makedirs(out, exist_ok=True)
# 32-bit big-endian PowerPC executable (macOS 10.4 era): header, a segment,
# LC_VERSION_MIN_MACOSX, libSystem, a UUID.
ppc_cmds = [
    lc(LC_SEGMENT, struct.pack(">16sIIIIIIII", b"__TEXT", 0x1000, 0x1000, 0, 0, 5, 5, 0, 0), ">", 4),
    lc(LC_VERSION_MIN_MACOSX, struct.pack(">II", 0x000A0400, 0x000A0500), ">", 4),
    dylib(LC_LOAD_DYLIB, "/usr/lib/libSystem.B.dylib", 0x00580000, 0x00010000, ">", 4),
    lc(LC_UUID, bytes(range(16)), ">", 4),
]
write("valid_ppc_bigendian_exe", header(ppc_cmds, CPU_PPC, 10, MH_EXECUTE, 0x85, ">", False))
ppc64_cmds = [
    lc(LC_SEGMENT_64, struct.pack(">16sQQQQIIII", b"__TEXT", 0x1000, 0x1000, 0, 0, 5, 5, 0, 0), ">"),
    dylib(LC_LOAD_DYLIB, "/usr/lib/libSystem.B.dylib", 0x00580000, 0x00010000, ">"),
]
write("valid_ppc64_bigendian_exe", header(ppc64_cmds, CPU_PPC64, 0, MH_EXECUTE, 0x85, ">", True))
write("valid_armv6_dylib",
      header([dylib(LC_ID_DYLIB, "/usr/lib/libarm6.dylib", 0x00020300, 0x00010000, "<", 4)],
             CPU_ARM, 6, MH_DYLIB, 0x85, "<", False))

# A dylib with LC_DYLD_EXPORTS_TRIE (what ld64 writes for newer floors; lld 14
# never does), every dylib load kind, encryption, and header flags that turn
# NX off and heap-NX on. Trie: "_" -> {"foo": address 0x1000, "bar": re-export
# of "_baz" from ordinal 1, "w": weak definition}.
def trie_nodes():
    root = b"\x00\x01_\x00" + b"\x05"            # 0..4, child at 5
    a_children = [(b"foo", None), (b"bar", None), (b"w", None)]
    a_len = 1 + 1 + sum(len(l) + 1 + 1 for l, _ in a_children)
    b_node = b"\x03\x00\x80\x20\x00"             # term size 3: flags 0, addr 0x1000; 0 children
    c_node = b"\x07\x08\x01_baz\x00\x00"         # re-export, ordinal 1, "_baz"
    d_node = b"\x02\x04\x10\x00"                 # weak definition, addr 0x10
    off_b = 5 + a_len
    off_c = off_b + len(b_node)
    off_d = off_c + len(c_node)
    a_node = b"\x00\x03" + b"foo\x00" + bytes([off_b]) + b"bar\x00" + bytes([off_c]) + b"w\x00" + bytes([off_d])
    assert len(a_node) == a_len
    return root + a_node + b_node + c_node + d_node

trie = trie_nodes()
cmds = [
    lc(LC_SEGMENT_64, struct.pack("<16sQQQQIIII", b"__TEXT", 0, 0x2000, 0, 0, 5, 5, 0, 0)),
    dylib(LC_ID_DYLIB, "@rpath/libkinds.dylib", 0x00030000, 0x00010000),
    lc(LC_BUILD_VERSION, struct.pack("<IIII", 2, 0x000E0000, 0x00100000, 0)),
    dylib(LC_LOAD_DYLIB, "/usr/lib/libSystem.B.dylib", 0x05000000, 0x00010000),
    dylib(0x8000001F, "@rpath/libreexported.dylib"),
    dylib(0x20, "@rpath/liblazy.dylib"),
    dylib(0x80000023, "@rpath/libupward.dylib"),
    lc(0x2C, struct.pack("<IIII", 0x4000, 0x1000, 1, 0)),
    None,
]
cmds[-1] = lc(LC_DYLD_EXPORTS_TRIE, struct.pack("<II", 0, 0))
base = 32 + sum(len(c) for c in cmds)
cmds[-1] = lc(LC_DYLD_EXPORTS_TRIE, struct.pack("<II", base, len(trie)))
write("valid_exports_trie_dylib_kinds",
      header(cmds, CPU_ARM64, 0, MH_DYLIB, 0x85 | 0x20000 | 0x1000000) + trie)

# Oddities that are warnings, not errors: a cmdsize that is not a multiple of
# 8 in a 64-bit file, and a fat table whose CPU type disagrees with the slice.
odd = header([struct.pack("<III", LC_RPATH, 20, 12) + b"@x/\0\0\0\0\0"[:8]])
write("warn_cmdsize_not_multiple_of_8", odd)
thin_arm = header([lc(LC_UUID, b"\x33" * 16)], cputype=CPU_ARM64, sub=0)
write("warn_fat_cputype_disagrees", fat([(CPU_X86_64, 3, 0x40, len(thin_arm), 6)], 0x40, thin_arm))
