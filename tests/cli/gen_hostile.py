#!/usr/bin/env python3
"""Hostile releases generated at test time (too large or too many to commit).

  gen_hostile.py nested DIR LEVELS     an archive nested LEVELS deep whose
                                       innermost level holds a setuid file,
                                       /etc/cron.d/evil, a '..' entry and a
                                       device node
  gen_hostile.py findings DIR COUNT    a zip of COUNT empty nested zips, then
                                       a second archive with the same entries
                                       as the innermost level of `nested`
  gen_hostile.py bomb DIR INNER MEMBERS MIB PAD_KIB [xz]
                                       a tar (or tar.xz) of INNER identical .tar.gz, each
                                       holding MEMBERS zero-filled files of MIB
                                       MiB plus PAD_KIB KiB of random bytes so
                                       each archive's own ratio stays under 200
  gen_hostile.py links DIR             a tar whose links stay inside by their
                                       text but leave through each other:
                                       a/b -> .., c -> a/b/.., e -> c/..

Only the standard library; every archive is built in memory or streamed.
"""
import io
import os
import sys
import tarfile
import zipfile


def _add(tf, name, data=b"", mode=0o644, kind=tarfile.REGTYPE, link=""):
    ti = tarfile.TarInfo(name)
    ti.mode = mode
    ti.type = kind
    ti.linkname = link
    ti.mtime = 1700000000
    if kind == tarfile.REGTYPE:
        ti.size = len(data)
        tf.addfile(ti, io.BytesIO(data))
    else:
        if kind == tarfile.CHRTYPE:
            ti.devmajor, ti.devminor = 8, 0
        tf.addfile(ti)


def _evil_tar(tf):
    # an ELF header is enough for the setuid finding; the bytes are not run
    _add(tf, "bin/su-tool", b"\x7fELF" + b"\0" * 60, mode=0o4755)
    _add(tf, "/etc/cron.d/evil", b"* * * * * root sh -c 'id'\n")
    _add(tf, "../escape", b"x\n")
    _add(tf, "dev/sda", kind=tarfile.CHRTYPE, mode=0o600)


def nested(out, levels):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        _evil_tar(tf)
    for i in range(levels - 1, 0, -1):
        inner, buf = buf.getvalue(), io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz") as tf:
            _add(tf, "level%02d.tar.gz" % (i + 1), inner)
    with open(os.path.join(out, "nest_1.0_linux_amd64.tar.gz"), "wb") as f:
        f.write(buf.getvalue())


def findings(out, count):
    empty = io.BytesIO()
    zipfile.ZipFile(empty, "w").close()
    empty = empty.getvalue()          # 22 bytes: an end-of-central-directory only
    with zipfile.ZipFile(os.path.join(out, "a_1.0_linux_amd64.zip"), "w",
                         zipfile.ZIP_STORED) as z:
        for i in range(count):
            zi = zipfile.ZipInfo("e/%06d.zip" % i, (2024, 1, 1, 0, 0, 0))
            z.writestr(zi, empty)
    with tarfile.open(os.path.join(out, "b_1.0_linux_arm64.tar.gz"), "w:gz") as tf:
        _evil_tar(tf)


def bomb(out, inner, members, mib, pad_kib, outer="tar"):
    zeros = b"\0" * (mib << 20)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        _add(tf, "pad.bin", os.urandom(pad_kib << 10))
        for m in range(members):
            _add(tf, "z%02d.bin" % m, zeros)
    one = buf.getvalue()
    # outer "xz": a 4 MiB dictionary sees the copies, so the outer archive is
    # about one inner's size and the whole release's ratio is what gives it away
    name, mode, kw = (("bomb_1.0_linux_amd64.tar.xz", "w:xz", {"preset": 3}) if outer == "xz"
                      else ("bomb_1.0_linux_amd64.tar", "w", {}))
    with tarfile.open(os.path.join(out, name), mode, **kw) as tf:
        for i in range(inner):
            _add(tf, "inner%02d.tar.gz" % i, one)
    sys.stdout.write("%d %d\n" % (len(one), members * (mib << 20) + (pad_kib << 10)))


def links(out):
    with tarfile.open(os.path.join(out, "links_1.0_linux_amd64.tar"), "w") as tf:
        _add(tf, "a/", kind=tarfile.DIRTYPE, mode=0o755)
        _add(tf, "a/b", kind=tarfile.SYMTYPE, link="..")
        _add(tf, "c", kind=tarfile.SYMTYPE, link="a/b/..")
        _add(tf, "e", kind=tarfile.SYMTYPE, link="c/..")
        _add(tf, "ok", kind=tarfile.SYMTYPE, link="a/b/a")   # lands in a/: inside
        _add(tf, "f.txt", b"inside\n")


def main(argv):
    cmd, out = argv[1], argv[2]
    os.makedirs(out, exist_ok=True)
    if cmd == "nested":
        nested(out, int(argv[3]))
    elif cmd == "findings":
        findings(out, int(argv[3]))
    elif cmd == "bomb":
        bomb(out, *(int(a) for a in argv[3:7]), *argv[7:8])
    elif cmd == "links":
        links(out)
    else:
        raise SystemExit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
