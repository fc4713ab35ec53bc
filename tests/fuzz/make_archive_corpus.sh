#!/usr/bin/env bash
# Writes the tiny seed inputs of tests/fuzz/corpus/archive/ (committed; rerun
# only to refresh them). Each is named after what it exercises.
set -euo pipefail
out=$(cd "$(dirname "$0")" && pwd)/corpus/archive
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
mkdir -p "$out" "$w/t/bin"
export SOURCE_DATE_EPOCH=0
printf '\177ELF\002\001\001\000' >"$w/t/bin/app"      # an ELF header start: parsed, fails cleanly
printf 'hello\n' >"$w/t/readme.txt"
ln -s ../readme.txt "$w/t/bin/link"
tarx() { tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner "$@"; }
(cd "$w/t" && tarx -cf "$out/plain_tar_with_elf_and_link.tar" bin readme.txt)
(cd "$w/t" && tarx -czf "$w/inner.tgz" bin)
(cd "$w" && tarx -czf "$out/tgz_nested_tgz.tgz" inner.tgz)
(cd "$w" && zip -q -X "$out/zip_nested_tgz.zip" inner.tgz)
(cd "$w/t" && zip -q -X -r "$out/zip_deflate.zip" bin readme.txt)
(cd "$w/t" && find bin readme.txt | cpio --quiet -o -H newc --reproducible >"$out/cpio_newc.cpio")
(cd "$w" && printf '2.0\n' >debian-binary && cp inner.tgz data.tar.gz && ar rcD "$out/deb_like.ar" debian-binary data.tar.gz)
(cd "$w/t" && 7z a -bd -bso0 -bsp0 -mf=off "$out/sevenzip.7z" readme.txt >/dev/null)
(cd "$w/t" && tarx -cJf "$out/tar_xz.txz" readme.txt)
head -c 100 "$w/inner.tgz" >"$out/truncated_gzip.gz"
python3 - "$out" <<'PY'
import io, sys, tarfile
o = sys.argv[1]
with tarfile.open(o + "/tar_dotdot_abs_hardlink_dev.tar", "w", format=tarfile.GNU_FORMAT) as tf:
    for name, typ, link in [("../evil", tarfile.REGTYPE, ""), ("/etc/x", tarfile.REGTYPE, ""),
                            ("h", tarfile.LNKTYPE, "../../x"), ("dev", tarfile.CHRTYPE, ""),
                            ("dup", tarfile.REGTYPE, ""), ("dup", tarfile.REGTYPE, "")]:
        ti = tarfile.TarInfo(name); ti.type = typ; ti.linkname = link
        if typ == tarfile.REGTYPE:
            ti.size = 2; ti.mode = 0o4755; tf.addfile(ti, io.BytesIO(b"x\n"))
        else:
            tf.addfile(ti)
PY
python3 - "$out" <<'PY'
import io, sys, tarfile
o = sys.argv[1]
# links inside by their text that leave through each other (a loop too)
with tarfile.open(o + "/tar_symlink_chain.tar", "w", format=tarfile.GNU_FORMAT) as tf:
    for name, link in [("a/b", ".."), ("c", "a/b/.."), ("e", "c/.."), ("l1", "l2"), ("l2", "l1/x")]:
        ti = tarfile.TarInfo(name); ti.type = tarfile.SYMTYPE; ti.linkname = link
        tf.addfile(ti)
PY
(cd "$w/t" && zip -q -X -P pw "$out/zip_encrypted_member.zip" readme.txt)
(cd "$w/t" && zip -q -X -0 "$w/crc.zip" readme.txt)
python3 - "$w/crc.zip" "$out/zip_crc_mismatch.zip" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
d[d.index(b"hello")] = ord("H")
open(sys.argv[2], "wb").write(bytes(d))
PY
printf 'not an archive at all' >"$out/garbage.bin"
: >"$out/empty"
# an npm platform package: package/package.json read as release metadata
mkdir -p "$w/npm/package"
printf '{"name":"@x/y-linuxmusl-x64","version":"1.0.0","os":["linux"],"cpu":["x64"],"libc":["musl"],"optionalDependencies":{"@x/z":"1"}}' >"$w/npm/package/package.json"
(cd "$w/npm" && tarx -czf "$out/npm_package_json.tgz" package)
