#!/usr/bin/env python3
"""Writes the ELF fuzz seed corpus (tests/fuzz/corpus/elf/).

A tiny, valid dynamic ELF is assembled here byte by byte (ELF64/ELF32, little
and big endian): program headers (PT_LOAD, PT_INTERP, PT_DYNAMIC,
PT_GNU_STACK, PT_NOTE), .interp, .dynstr, .dynsym, .gnu.version,
.gnu.version_r (two libraries, two versions each), .dynamic (NEEDED x2,
SONAME, RUNPATH, VERNEED...), a build-id note and .shstrtab. Each hostile
input is that file with one fault, named after what it breaks. Every output is
a few hundred bytes (< 16 KB). Deterministic: rerunning rewrites the same
bytes.

Usage: make_elf_corpus.py [OUTDIR]   (default: the corpus folder beside it)
"""
import os
import struct
import sys

PT_LOAD, PT_DYNAMIC, PT_INTERP, PT_NOTE, PT_GNU_STACK = 1, 2, 3, 4, 0x6474E551
SHT_PROGBITS, SHT_STRTAB, SHT_DYNAMIC, SHT_NOTE, SHT_DYNSYM = 1, 3, 6, 7, 11
SHT_GNU_VERNEED, SHT_GNU_VERSYM = 0x6FFFFFFE, 0x6FFFFFFF
DT = dict(NULL=0, NEEDED=1, STRTAB=5, SYMTAB=6, STRSZ=10, SYMENT=11, SONAME=14,
          RUNPATH=29, FLAGS_1=0x6FFFFFFB, VERSYM=0x6FFFFFF0, VERNEED=0x6FFFFFFE,
          VERNEEDNUM=0x6FFFFFFF)


class Elf:
    """Builds the valid file and remembers where every structure is."""

    def __init__(self, bits=64, big=False, machine=62):
        self.bits, self.big, self.machine = bits, big, machine
        self.e = '>' if big else '<'
        self.off = {}
        self.build()

    def p(self, fmt, *v):
        return struct.pack(self.e + fmt, *v)

    # sizes of the fixed structures
    @property
    def ehsize(self):
        return 64 if self.bits == 64 else 52

    @property
    def phentsize(self):
        return 56 if self.bits == 64 else 32

    @property
    def shentsize(self):
        return 64 if self.bits == 64 else 40

    @property
    def dynent(self):
        return 16 if self.bits == 64 else 8

    @property
    def symsize(self):
        return 24 if self.bits == 64 else 16

    def dyn(self, tag, val):
        return self.p('qQ' if self.bits == 64 else 'iI', tag, val)

    def sym(self, name, info, shndx, value, size):
        if self.bits == 64:
            return self.p('IBBHQQ', name, info, 0, shndx, value, size)
        return self.p('IIIBBH', name, value, size, info, 0, shndx)

    def phdr(self, typ, flags, off, filesz, memsz, align):
        if self.bits == 64:
            return self.p('IIQQQQQQ', typ, flags, off, off, off, filesz, memsz, align)
        return self.p('IIIIIIII', typ, off, off, off, filesz, memsz, flags, align)

    def shdr(self, name, typ, flags, off, size, link, info, align, entsize):
        if self.bits == 64:
            return self.p('IIQQQQIIQQ', name, typ, flags, off, off, size, link, info, align, entsize)
        return self.p('IIIIIIIIII', name, typ, flags, off, off, size, link, info, align, entsize)

    def build(self):
        strs = [b'', b'libc.so.6', b'libm.so.6', b'libxvfuzz.so.1', b'$ORIGIN/lib',
                b'GLIBC_2.2.5', b'GLIBC_2.34', b'GLIBC_2.29', b'puts', b'cbrt',
                b'xv_fuzz_export']
        dynstr, self.stroff = b'', {}
        for s in strs:
            self.stroff[s] = len(dynstr)
            dynstr += s + b'\0'
        so = self.stroff
        interp = b'/lib64/ld-linux-x86-64.so.2\0'
        nph = 5
        pos = self.ehsize + nph * self.phentsize
        body = bytearray()

        def place(name, data, align=8):
            nonlocal pos
            pad = (-pos) % align
            body.extend(b'\0' * pad)
            pos += pad
            self.off[name] = (pos, len(data))
            body.extend(data)
            pos += len(data)

        place('interp', interp, 1)
        place('dynstr', dynstr, 1)
        text_addr = 0  # filled after layout; symbols point into .text
        # .dynsym: null, puts (UND, GLIBC_2.34), cbrt (UND, GLIBC_2.29),
        # xv_fuzz_export (defined FUNC, global)
        place('dynsym', b'\0' * (4 * self.symsize))
        place('versym', self.p('HHHH', 0, 2, 3, 1), 2)
        # .gnu.version_r: libc.so.6 {GLIBC_2.2.5, GLIBC_2.34}, libm.so.6 {GLIBC_2.29}
        vn = (self.p('HHIII', 1, 2, so[b'libc.so.6'], 16, 48) +
              self.p('IHHII', 0x09691A75, 0, 4, so[b'GLIBC_2.2.5'], 16) +
              self.p('IHHII', 0x069691B4, 0, 2, so[b'GLIBC_2.34'], 0) +
              self.p('HHIII', 1, 1, so[b'libm.so.6'], 16, 0) +
              self.p('IHHII', 0x069691B9, 0, 3, so[b'GLIBC_2.29'], 0))
        place('verneed', vn, 4)
        place('text', b'\xc3' * 16, 16)
        note = self.p('III', 4, 20, 3) + b'GNU\0' + bytes(range(1, 21))
        place('note', note, 4)
        place('dynamic', b'\0' * (14 * self.dynent))
        shstr_names = [b'', b'.interp', b'.dynstr', b'.dynsym', b'.gnu.version',
                       b'.gnu.version_r', b'.text', b'.note.gnu.build-id',
                       b'.dynamic', b'.shstrtab']
        shstr, self.shname = b'', {}
        for s in shstr_names:
            self.shname[s] = len(shstr)
            shstr += s + b'\0'
        place('shstrtab', shstr, 1)
        pad = (-pos) % 8
        body.extend(b'\0' * pad)
        pos += pad
        self.shoff = pos
        img = bytearray(self.ehsize + nph * self.phentsize) + body

        # fill symbols now that .text is placed
        t = self.off['text'][0]
        d = self.off['dynsym'][0]
        syms = (self.sym(0, 0, 0, 0, 0) + self.sym(so[b'puts'], 0x12, 0, 0, 0) +
                self.sym(so[b'cbrt'], 0x12, 0, 0, 0) +
                self.sym(so[b'xv_fuzz_export'], 0x12, 6, t, 16))
        img[d:d + len(syms)] = syms
        o = self.off
        dyn = b''.join(self.dyn(DT[k], v) for k, v in [
            ('NEEDED', so[b'libc.so.6']), ('NEEDED', so[b'libm.so.6']),
            ('SONAME', so[b'libxvfuzz.so.1']), ('RUNPATH', so[b'$ORIGIN/lib']),
            ('STRTAB', o['dynstr'][0]), ('STRSZ', o['dynstr'][1]),
            ('SYMTAB', o['dynsym'][0]), ('SYMENT', self.symsize),
            ('VERSYM', o['versym'][0]), ('VERNEED', o['verneed'][0]),
            ('VERNEEDNUM', 2), ('FLAGS_1', 0x08000000), ('NULL', 0), ('NULL', 0)])
        img[o['dynamic'][0]:o['dynamic'][0] + len(dyn)] = dyn

        total = self.shoff + 10 * self.shentsize
        ph = (self.phdr(PT_LOAD, 7, 0, total, total, 0x1000) +
              self.phdr(PT_INTERP, 4, o['interp'][0], o['interp'][1], o['interp'][1], 1) +
              self.phdr(PT_DYNAMIC, 6, o['dynamic'][0], o['dynamic'][1], o['dynamic'][1], 8) +
              self.phdr(PT_NOTE, 4, o['note'][0], o['note'][1], o['note'][1], 4) +
              self.phdr(PT_GNU_STACK, 6, 0, 0, 0, 16))
        img[self.ehsize:self.ehsize + len(ph)] = ph

        n = self.shname
        secs = [self.shdr(0, 0, 0, 0, 0, 0, 0, 0, 0)]
        # index: 1 interp 2 dynstr 3 dynsym 4 versym 5 verneed 6 text 7 note 8 dynamic 9 shstrtab
        secs.append(self.shdr(n[b'.interp'], SHT_PROGBITS, 2, *o['interp'], 0, 0, 1, 0))
        secs.append(self.shdr(n[b'.dynstr'], SHT_STRTAB, 2, *o['dynstr'], 0, 0, 1, 0))
        secs.append(self.shdr(n[b'.dynsym'], SHT_DYNSYM, 2, *o['dynsym'], 2, 1, 8, self.symsize))
        secs.append(self.shdr(n[b'.gnu.version'], SHT_GNU_VERSYM, 2, *o['versym'], 3, 0, 2, 2))
        secs.append(self.shdr(n[b'.gnu.version_r'], SHT_GNU_VERNEED, 2, *o['verneed'], 2, 2, 4, 0))
        secs.append(self.shdr(n[b'.text'], SHT_PROGBITS, 6, *o['text'], 0, 0, 16, 0))
        secs.append(self.shdr(n[b'.note.gnu.build-id'], SHT_NOTE, 2, *o['note'], 0, 0, 4, 0))
        secs.append(self.shdr(n[b'.dynamic'], SHT_DYNAMIC, 3, *o['dynamic'], 2, 0, 8, self.dynent))
        secs.append(self.shdr(n[b'.shstrtab'], SHT_STRTAB, 0, *o['shstrtab'], 0, 0, 1, 0))
        img += b''.join(secs)

        ident = (b'\x7fELF' + bytes([2 if self.bits == 64 else 1, 2 if self.big else 1, 1, 0])
                 + b'\0' * 8)
        if self.bits == 64:
            eh = self.p('16sHHIQQQIHHHHHH', ident, 3, self.machine, 1, 0, self.ehsize,
                        self.shoff, 0, self.ehsize, self.phentsize, nph,
                        self.shentsize, 10, 9)
        else:
            eh = self.p('16sHHIIIIIHHHHHH', ident, 3, self.machine, 1, 0, self.ehsize,
                        self.shoff, 0, self.ehsize, self.phentsize, nph,
                        self.shentsize, 10, 9)
        img[0:self.ehsize] = eh
        self.img = img

    # ---- helpers for mutations ----
    def copy(self):
        return bytearray(self.img)

    def put(self, b, off, fmt, *v):
        data = self.p(fmt, *v)
        b[off:off + len(data)] = data
        return b

    def word(self):
        return 'Q' if self.bits == 64 else 'I'

    def eh_field(self, name):
        """(offset, fmt) of an Ehdr field."""
        w = self.bits == 64
        table = {'e_phoff': (32, 'Q') if w else (28, 'I'),
                 'e_shoff': (40, 'Q') if w else (32, 'I'),
                 'e_phentsize': (54, 'H') if w else (42, 'H'),
                 'e_phnum': (56, 'H') if w else (44, 'H'),
                 'e_shentsize': (58, 'H') if w else (46, 'H'),
                 'e_shnum': (60, 'H') if w else (48, 'H'),
                 'e_shstrndx': (62, 'H') if w else (50, 'H')}
        return table[name]

    def set_eh(self, b, name, v):
        off, fmt = self.eh_field(name)
        return self.put(b, off, fmt, v)

    def sh_at(self, idx):
        return self.shoff + idx * self.shentsize

    def set_sh(self, b, idx, field, v):
        w = self.bits == 64
        fields64 = {'name': (0, 'I'), 'type': (4, 'I'), 'offset': (24, 'Q'), 'size': (32, 'Q'),
                    'link': (40, 'I'), 'info': (44, 'I'), 'entsize': (56, 'Q')}
        fields32 = {'name': (0, 'I'), 'type': (4, 'I'), 'offset': (16, 'I'), 'size': (20, 'I'),
                    'link': (24, 'I'), 'info': (28, 'I'), 'entsize': (36, 'I')}
        off, fmt = (fields64 if w else fields32)[field]
        return self.put(b, self.sh_at(idx) + off, fmt, v)

    def set_ph(self, b, idx, field, v):
        w = self.bits == 64
        fields64 = {'offset': (8, 'Q'), 'filesz': (32, 'Q'), 'memsz': (40, 'Q'), 'type': (0, 'I')}
        fields32 = {'offset': (4, 'I'), 'filesz': (16, 'I'), 'memsz': (20, 'I'), 'type': (0, 'I')}
        off, fmt = (fields64 if w else fields32)[field]
        return self.put(b, self.ehsize + idx * self.phentsize + off, fmt, v)

    def set_dyn(self, b, idx, tag, val):
        off = self.off['dynamic'][0] + idx * self.dynent
        b[off:off + self.dynent] = self.dyn(tag, val)
        return b


def mutations(E):
    """(name, bytes) of each hostile variant of the valid file E."""
    big = (1 << 64) - 1 if E.bits == 64 else (1 << 32) - 1
    vn = E.off['verneed'][0]
    out = []

    def m(name, b):
        out.append((name, bytes(b)))

    b = E.copy(); m('truncated-ident', b[:10])
    b = E.copy(); m('truncated-ehdr', b[:E.ehsize - 12])
    b = E.copy(); m('truncated-phdrs', b[:E.ehsize + E.phentsize + 7])
    b = E.copy(); m('truncated-before-shdrs', b[:E.shoff + 3])
    b = E.copy(); m('truncated-mid-dynamic', b[:E.off['dynamic'][0] + 20])
    m('shoff-past-end', E.set_eh(E.copy(), 'e_shoff', len(E.img) + 4096))
    m('shoff-max', E.set_eh(E.copy(), 'e_shoff', big - 8))
    m('shnum-huge', E.set_eh(E.copy(), 'e_shnum', 0xFFFF))
    m('shentsize-tiny', E.set_eh(E.copy(), 'e_shentsize', 1))
    m('phoff-past-end', E.set_eh(E.copy(), 'e_phoff', len(E.img) + 64))
    m('phnum-huge', E.set_eh(E.copy(), 'e_phnum', 0xFFFE))
    m('shstrndx-out-of-range', E.set_eh(E.copy(), 'e_shstrndx', 200))
    # SHN_XINDEX / PN_XNUM redirect into section 0's sh_link / sh_info
    b = E.set_eh(E.copy(), 'e_shstrndx', 0xFFFF)
    m('shstrndx-xindex-huge-link', E.set_sh(b, 0, 'link', 0x7FFFFFFF))
    b = E.set_eh(E.copy(), 'e_phnum', 0xFFFF)
    m('phnum-xnum-huge-info', E.set_sh(b, 0, 'info', 0x7FFFFFFF))
    b = E.copy()
    for i in range(10):
        E.set_sh(b, i, 'name', 0x00FFFFF0 + i)
    m('section-names-out-of-range', b)
    b = E.copy(); o, n = E.off['shstrtab']; b[o:o + n] = b'A' * n
    m('shstrtab-no-nul', b)
    b = E.copy(); o, n = E.off['dynstr']; b[o:o + n] = b'B' * n
    m('dynstr-no-nul', b)
    b = E.set_dyn(E.copy(), 0, DT['NEEDED'], 0x7FFFFFF0)
    m('needed-offset-outside-dynstr', b)
    b = E.set_dyn(E.copy(), 2, DT['SONAME'], E.off['dynstr'][1])
    m('soname-offset-at-strsz', b)
    b = E.set_dyn(E.copy(), 5, DT['STRSZ'], 0x7FFFFFFF)
    m('dt-strsz-huge', b)
    b = E.set_dyn(E.copy(), 4, DT['STRTAB'], big - 4)
    m('dt-strtab-unmapped', b)
    # The second verneed's vn_next wraps (32-bit) back onto the first: a loop.
    m('verneed-next-loops-back', E.put(E.copy(), vn + 48 + 12, 'I', (1 << 32) - 48))
    b = E.set_dyn(E.copy(), 10, DT['VERNEEDNUM'], 0xFFFFFFFF)
    E.put(b, vn + 48 + 12, 'I', (1 << 32) - 48)
    m('verneednum-huge-loop', b)
    # The second vernaux's vna_next wraps back onto the first aux.
    m('vernaux-next-loops-back', E.put(E.copy(), vn + 32 + 12, 'I', (1 << 32) - 16))
    m('vernaux-count-huge', E.put(E.copy(), vn + 2, 'H', 0xFFFF))
    m('vernaux-name-out-of-range', E.put(E.copy(), vn + 16 + 8, 'I', 0x7FFFFF00))
    m('verneed-file-out-of-range', E.put(E.copy(), vn + 4, 'I', 0x7FFFFF00))
    m('verneed-aux-past-end', E.put(E.copy(), vn + 8, 'I', 0x7FFFFF00))
    m('verneed-section-size-huge', E.set_sh(E.copy(), 5, 'size', big - 16))
    m('dynsym-size-huge', E.set_sh(E.copy(), 3, 'size', big & ~0xF))
    m('dynsym-entsize-zero', E.set_sh(E.copy(), 3, 'entsize', 0))
    m('dynsym-link-out-of-range', E.set_sh(E.copy(), 3, 'link', 999))
    m('dynsym-offset-overflows', E.set_sh(E.set_sh(E.copy(), 3, 'offset', big - 0xFF), 3, 'size', 0x200))
    m('versym-too-short', E.set_sh(E.copy(), 4, 'size', 2))
    m('dynamic-section-size-huge', E.set_sh(E.copy(), 8, 'size', big - 7))
    b = E.copy(); o, n = E.off['dynamic']
    for i in range(n // E.dynent):
        E.set_dyn(b, i, DT['NEEDED'], E.stroff[b'libc.so.6'])
    m('dynamic-no-dt-null', b)
    m('pt-dynamic-filesz-huge', E.set_ph(E.copy(), 2, 'filesz', big - 15))
    b = E.copy(); o, n = E.off['interp']; b[o:o + n] = b'/' * n
    m('interp-no-nul', b)
    m('interp-offset-past-end', E.set_ph(E.copy(), 1, 'offset', len(E.img) + 100))
    m('note-namesz-huge', E.put(E.copy(), E.off['note'][0], 'I', 0xFFFFFFF0))
    m('note-descsz-huge', E.put(E.copy(), E.off['note'][0] + 4, 'I', 0xFFFFFFF0))
    b = E.copy(); b[4] = 3
    m('ei-class-invalid', b)
    b = E.copy(); b[5] = 0
    m('ei-data-invalid', b)
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, 'corpus', 'elf')
    os.makedirs(outdir, exist_ok=True)
    files = {}
    flavours = [('elf64le', Elf(64, False, 62)),   # x86_64
                ('elf32be', Elf(32, True, 20))]    # PowerPC, big endian
    for tag, E in flavours:
        files['valid-%s' % tag] = bytes(E.img)
    files['valid-elf64be'] = bytes(Elf(64, True, 21).img)  # ppc64
    files['valid-elf32le'] = bytes(Elf(32, False, 3).img)  # i386
    for tag, E in flavours:
        for name, data in mutations(E):
            # The full set on ELF64 LE; a selection on ELF32 BE (the byte
            # order and the 32-bit layouts are what differ).
            if tag == 'elf32be' and name not in (
                    'verneed-next-loops-back', 'vernaux-next-loops-back',
                    'dynstr-no-nul', 'needed-offset-outside-dynstr',
                    'truncated-phdrs', 'shnum-huge', 'dynamic-no-dt-null'):
                continue
            files['%s-%s' % (tag, name)] = data
    for name, data in sorted(files.items()):
        assert len(data) < 16384, name
        with open(os.path.join(outdir, name), 'wb') as f:
            f.write(data)
    print('%d files in %s' % (len(files), outdir))


if __name__ == '__main__':
    main()
