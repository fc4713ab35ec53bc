#!/usr/bin/env bash
# Regenerates the seed corpus of fuzz_syspkg (tests/fuzz/corpus/syspkg/):
# a tiny .deb from dpkg-deb (control with Depends, an ld.so.conf.d file), a
# hand-made .rpm header with NAME/VERSION/ARCH/REQUIRENAME, the same header
# with an index entry pointing past the store, and bare control and
# ld.so.conf texts. Usage: make_syspkg_corpus.sh [OUTDIR]
set -euo pipefail
out=${1:-$(cd "$(dirname "$0")" && pwd)/corpus/syspkg}
mkdir -p "$out"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=0
d=$work/deb
mkdir -p "$d/DEBIAN" "$d/etc/ld.so.conf.d"
printf '/opt/x/lib\ninclude /etc/ld.so.conf.d/*.conf\n' >"$d/etc/ld.so.conf.d/x.conf"
printf 'Package: x\nVersion: 1-1\nArchitecture: amd64\nMaintainer: m <m@example.invalid>\nDepends: libc6 (>= 2.34), liba1 | libb2:any\nDescription: d\n' >"$d/DEBIAN/control"
dpkg-deb --root-owner-group -Zgzip -z9 --build "$d" "$out/tiny.deb" >/dev/null
printf 'Package: y\nArchitecture: arm64\nPre-Depends: libz1\nDepends: libfoo1 (= 1),\n libbar2,\n\nPackage: second\n' >"$out/control.txt"
printf '# comment\n/usr/lib/a:/usr/lib/b, relative\n\ninclude x\n' >"$out/ld.so.conf"
/usr/bin/python3 - "$out" <<'PY'
import struct, sys
out = sys.argv[1]
def header(entries, bad=False):
    store = b""; index = b""
    for tag, typ, val in entries:
        off = len(store)
        if typ == 8:
            data = b"".join(v.encode() + b"\0" for v in val); count = len(val)
        else:
            data = val.encode() + b"\0"; count = 1
        store += data
        index += struct.pack(">IIII", tag, typ, off + (4096 if bad else 0), count)
    return b"\x8e\xad\xe8\x01\0\0\0\0" + struct.pack(">II", len(entries), len(store)) + index + store
lead = b"\xed\xab\xee\xdb" + b"\0" * 92
sig = header([(1000, 6, "sig")])
sig += b"\0" * ((8 - len(sig) % 8) % 8)
main = header([(1000, 6, "tiny"), (1001, 6, "1.0"), (1002, 6, "1"), (1022, 6, "aarch64"),
               (1049, 8, ["libc.so.6()(64bit)", "rpmlib(PayloadIsXz)", "libfoo.so.1()(64bit)"])])
open(out + "/tiny.rpm", "wb").write(lead + sig + main)
open(out + "/bad_offset.rpm", "wb").write(lead + sig + header([(1000, 6, "x")], bad=True))
PY
