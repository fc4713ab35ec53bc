#!/usr/bin/env bash
# Differential test of the ELF reader against two independent readers:
# GNU readelf (binutils) and llvm-readobj/llvm-readelf (LLVM). For every ELF
# fixture (fixtures/elf, $XV_FIXTURES/elf/LIST) and for the first 200 shared
# libraries of the host's multiarch folder (sorted by name, regular ELF files
# named *.so*, symlinks not followed), it compares what `xverify inspect
# --json` reports with what each oracle prints:
#   arch, NEEDED (in order), SONAME, RPATH and RUNPATH (entries, in order),
#   interpreter, highest GLIBC_ version required (.gnu.version_r); and,
#   against readelf only, the exported and imported dynamic symbols with
#   their versions (as sorted "name@version" lists).
# It prints the counts compared and differing; any difference fails with a
# listing (file, field, xverify's value, the oracle's value).
# Env: XV_ORACLE_LIBDIR (default /usr/lib/x86_64-linux-gnu), XV_ORACLE_MAX (200).
. "$(dirname "$0")/../lib.sh"

for t in readelf llvm-readobj llvm-readelf; do
  command -v "$t" >/dev/null || xv_skip "$t not installed (scripts/deps.sh: binutils, llvm)"
done
py=/usr/bin/python3
[ -x "$py" ] || xv_skip "/usr/bin/python3 missing"
fx=$XV_FIXTURES/elf
[ -s "$fx/LIST" ] || xv_skip "ELF fixtures not built ($fx/LIST missing)"
if [ -s "$fx/MISSING" ]; then
  xv_skip "some ELF fixtures were not built: $(tr '\n' ' ' <"$fx/MISSING")"
fi
libdir=${XV_ORACLE_LIBDIR:-/usr/lib/x86_64-linux-gnu}
[ -d "$libdir" ] || xv_skip "no multiarch lib folder $libdir"

XVERIFY="$XVERIFY" FX="$fx" LIBDIR="$libdir" MAXLIBS="${XV_ORACLE_MAX:-200}" "$py" - <<'EOF'
import json, os, re, subprocess, sys

XV, FX, LIBDIR = os.environ['XVERIFY'], os.environ['FX'], os.environ['LIBDIR']
MAXLIBS = int(os.environ['MAXLIBS'])

def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')

def is_elf(path):
    try:
        with open(path, 'rb') as f:
            return f.read(4) == b'\x7fELF'
    except OSError:
        return False

def vkey(v):
    return tuple(int(x) for x in re.findall(r'\d+', v))

def max_glibc(names):
    g = [n for n in names if re.match(r'GLIBC_\d', n)]
    return max(g, key=vkey) if g else None

def split_path(s):
    return s.split(':')

# ---- the file list ----
fixtures = [os.path.join(FX, l.strip()) for l in open(os.path.join(FX, 'LIST')) if l.strip()]
host, non_elf = [], 0
for name in sorted(os.listdir(LIBDIR)):
    p = os.path.join(LIBDIR, name)
    if '.so' not in name or not re.search(r'\.so(\.|$)', name):
        continue
    if os.path.islink(p) or not os.path.isfile(p):
        continue
    if not is_elf(p):          # linker scripts such as libc.so
        non_elf += 1
        continue
    host.append(p)
    if len(host) >= MAXLIBS:
        break
files = fixtures + host
if len(host) < min(MAXLIBS, 20):
    print('only %d ELF shared libraries in %s' % (len(host), LIBDIR), file=sys.stderr)
    sys.exit(1)

# ---- xverify: one run over every file, one JSON object per line ----
rc, out, err = run([XV, 'inspect', '--json'] + files)
xv = {}
for line in out.splitlines():
    if line.strip():
        o = json.loads(line)
        xv[o['file']] = o
if err.strip():
    print('xverify stderr:\n' + err, file=sys.stderr)

ARCH_README = {'Advanced Micro Devices X86-64': 'x86_64', 'Intel 80386': 'i386',
               'AArch64': 'aarch64', 'ARM': 'arm', 'PowerPC': 'ppc', 'IBM S/390': 's390x',
               'MIPS R3000': 'mips', 'LoongArch': 'loongarch64', 'Sparc v9': 'sparc64'}
ARCH_LLVM = {'x86_64': 'x86_64', 'i386': 'i386', 'aarch64': 'aarch64', 'arm': 'arm',
             'riscv64': 'riscv64', 'riscv32': 'riscv32', 'powerpc64': 'ppc64',
             'powerpc64le': 'ppc64le', 'powerpc': 'ppc', 'systemz': 's390x', 's390x': 's390x',
             'mips': 'mips', 'mipsel': 'mipsel', 'mips64': 'mips64', 'mips64el': 'mips64el',
             'loongarch64': 'loongarch64', 'sparcv9': 'sparc64', 'sparc': 'sparc'}

def readelf_facts(path):
    rc, out, err = run(['readelf', '-hldW', '-V', '--dyn-syms', path])
    f = {'needed': [], 'soname': None, 'rpath': [], 'runpath': [], 'interpreter': None}
    cls = re.search(r'Class:\s+ELF(\d+)', out)
    data = re.search(r'Data:\s+.*(little|big) endian', out)
    m = re.search(r'^\s*Machine:\s+(.*?)\s*$', out, re.M)
    mach = m.group(1) if m else None
    arch = ARCH_README.get(mach)
    if mach == 'RISC-V':
        arch = 'riscv64' if cls and cls.group(1) == '64' else 'riscv32'
    elif mach == 'PowerPC64':
        arch = 'ppc64le' if data and data.group(1) == 'little' else 'ppc64'
    elif mach == 'MIPS R3000':
        le = data and data.group(1) == 'little'
        b64 = cls and cls.group(1) == '64'
        arch = ('mips64' if b64 else 'mips') + ('el' if le else '')
    f['arch'] = arch or ('?' + str(mach))
    for tag, val in re.findall(r'^\s*0x[0-9a-f]+ \((NEEDED|SONAME|RPATH|RUNPATH)\)\s+.*?: \[(.*)\]\s*$', out, re.M):
        if tag == 'NEEDED':
            f['needed'].append(val)
        elif tag == 'SONAME':
            f['soname'] = val
        elif tag == 'RPATH':
            f['rpath'] += split_path(val)
        else:
            f['runpath'] += split_path(val)
    m = re.search(r'\[Requesting program interpreter: (.*)\]', out)
    if m:
        f['interpreter'] = m.group(1)
    vr = re.search(r"Version needs section '\.gnu\.version_r'.*?(?=\n\S|\Z)", out, re.S)
    f['max_glibc'] = max_glibc(re.findall(r'Name: (\S+)', vr.group(0))) if vr else None
    f['exports'], f['imports'] = readelf_syms(out, vr)
    return f

def readelf_syms(out, vr):
    # Version indexes that name a requirement (.gnu.version_r): a defined
    # symbol with one of them is a copy relocation, listed as an import.
    need_idx = set(int(x) for x in re.findall(r'Version: (\d+)\s*$', vr.group(0), re.M)) if vr else set()
    m = re.search(r"Symbol table '\.dynsym'.*?(?=\n\S|\Z)", out, re.S)
    exp, imp = [], []
    if not m:
        return exp, imp
    for line in m.group(0).replace('<OS specific>: 10', 'UNIQUE').splitlines():
        f = line.split(None, 7)
        if len(f) < 8 or not re.match(r'^\d+:$', f[0]) or f[0] == '0:':
            continue
        typ, bind, vis, ndx, rest = f[3], f[4], f[5], f[6], f[7]
        if bind not in ('GLOBAL', 'WEAK', 'UNIQUE') or typ in ('SECTION', 'FILE'):
            continue
        mm = re.match(r'^(\S+?)(?:@@?(\S+))?(?: \((\d+)\))?$', rest)
        if not mm:
            exp.append('?unparsed:' + rest)
            continue
        name, ver, idx = mm.groups()
        undef = ndx == 'UND'
        if not undef and vis not in ('DEFAULT', 'PROTECTED'):
            continue
        if idx and int(idx) in need_idx:
            undef = True
        (imp if undef else exp).append(name + ('@' + ver if ver else ''))
    return sorted(exp), sorted(imp)

def xv_syms(syms):
    # readelf prints a version-definition marker symbol (GLIBC_2.2.5, an ABS
    # symbol versioned GLIBC_2.2.5) without its version: the same here.
    return sorted(s['name'] + ('@' + s['version'] if s.get('version') and s['version'] != s['name'] else '')
                  for s in syms)

def llvm_facts(path):
    rc, out, err = run(['llvm-readobj', '--file-headers', '--dynamic-table', '--version-info', path])
    f = {'needed': [], 'soname': None, 'rpath': [], 'runpath': []}
    m = re.search(r'^Arch: (\S+)', out, re.M)
    f['arch'] = ARCH_LLVM.get(m.group(1), '?' + m.group(1)) if m else None
    for tag, val in re.findall(r'^\s+0x[0-9A-F]+ (NEEDED|SONAME|RPATH|RUNPATH)\s+.*?: \[(.*)\]\s*$', out, re.M):
        if tag == 'NEEDED':
            f['needed'].append(val)
        elif tag == 'SONAME':
            f['soname'] = val
        elif tag == 'RPATH':
            f['rpath'] += split_path(val)
        else:
            f['runpath'] += split_path(val)
    vr = re.search(r'^VersionRequirements \[.*?^\]', out, re.S | re.M)
    f['max_glibc'] = max_glibc(re.findall(r'Name: (\S+)', vr.group(0))) if vr else None
    rc, out, err = run(['llvm-readelf', '--program-headers', path])
    m = re.search(r'\[Requesting program interpreter: (.*)\]', out)
    f['interpreter'] = m.group(1) if m else None
    return f

def xv_facts(o):
    if o is None:
        return None
    b = o['binaries'][0] if o.get('binaries') else {}
    return {'arch': b.get('arch'),
            'needed': [d['name'] for d in b.get('needed', [])],
            'soname': b.get('soname'), 'rpath': b.get('rpath', []),
            'runpath': b.get('runpath', []), 'interpreter': b.get('interpreter'),
            'max_glibc': b.get('max_glibc'), 'error': o.get('error'),
            'exports': xv_syms(b.get('exports', [])), 'imports': xv_syms(b.get('imports', []))}

FIELDS = ['arch', 'needed', 'soname', 'rpath', 'runpath', 'interpreter', 'max_glibc']
diffs, ncmp, files_diff = [], 0, set()
for path in files:
    x = xv_facts(xv.get(path))
    if x is None:
        diffs.append((path, 'output', 'no JSON object for this file', '-', '-'))
        files_diff.add(path)
        continue
    if x['error']:
        diffs.append((path, 'error', x['error'], '(readable)', '-'))
        files_diff.add(path)
    for oname, facts in (('readelf', readelf_facts(path)), ('llvm', llvm_facts(path))):
        for k in FIELDS + (['exports', 'imports'] if oname == 'readelf' else []):
            ncmp += 1
            if x[k] != facts[k]:
                a, b = x[k], facts[k]
                if k in ('exports', 'imports'):  # show what differs, not 40000 names
                    a, b = ('only in xverify: %s (%d in all)' % (sorted(set(a) - set(b))[:5], len(a)),
                            'only in readelf: %s (%d in all)' % (sorted(set(b) - set(a))[:5], len(b)))
                diffs.append((path, k, a, b, oname))
                files_diff.add(path)

print('elf_oracle: %d files (%d fixtures, %d host libraries of %s; %d non-ELF *.so skipped), '
      '%d field comparisons against readelf and llvm-readobj (symbols: readelf)' %
      (len(files), len(fixtures), len(host), LIBDIR, non_elf, ncmp))
print('elf_oracle: %d files differ, %d differences' % (len(files_diff), len(diffs)))
for path, k, a, b, oname in diffs[:200]:
    print('  DIFF %s: %s: xverify=%r %s=%r' % (path, k, a, oname, b))
if len(diffs) > 200:
    print('  ... %d more' % (len(diffs) - 200))
sys.exit(1 if diffs else 0)
EOF
rc=$?
if [ $rc -eq 0 ]; then xv_pass; else xv_fail "xverify differs from readelf/llvm-readobj (listing above)"; fi
xv_done
