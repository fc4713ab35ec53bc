#!/usr/bin/env bash
# Optional tier (XV_REAL=1): real MSVC-linked Windows binaries from npm
# platform packages, read by `xverify inspect --json` and by llvm-readobj, and
# compared: COFF machine, subsystem, DllCharacteristics, imported DLLs in order
# (delay-load flagged), imported functions per DLL in order, exports (ordinal,
# name, forwarder), CodeView PDB path. Needs the npm registry (network), so it
# is not part of CI. Packages: XV_PE_NPM_PACKAGES (space separated) or the list
# below.
. "$(dirname "$0")/../lib.sh"
if [ "${XV_REAL:-}" != 1 ]; then
  echo "SKIP: real-binary tier disabled (set XV_REAL=1; needs the npm registry)" >&2
  exit 77
fi
command -v npm >/dev/null || xv_skip "npm not installed"
command -v llvm-readobj >/dev/null || xv_skip "llvm-readobj not installed (package llvm)"
py=/usr/bin/python3
xv_tmpdir
pkgs=${XV_PE_NPM_PACKAGES:-"@rollup/rollup-win32-x64-msvc @rollup/rollup-win32-arm64-msvc @rollup/rollup-win32-ia32-msvc lightningcss-win32-x64-msvc @esbuild/win32-x64 @esbuild/win32-arm64"}
mkdir -p "$XV_TMP/pack" "$XV_TMP/x"
for p in $pkgs; do
  if (cd "$XV_TMP/pack" && timeout 300 npm pack --silent "$p" >/dev/null 2>"$XV_TMP/npm.err"); then
    xv_pass
  else
    xv_fail "npm pack $p failed: $(tail -1 "$XV_TMP/npm.err")"
  fi
done
for t in "$XV_TMP"/pack/*.tgz; do
  d="$XV_TMP/x/$(basename "$t" .tgz)"
  mkdir -p "$d" && tar -xzf "$t" -C "$d"
done
mapfile -t files < <(find "$XV_TMP/x" -type f \( -name '*.exe' -o -name '*.dll' -o -name '*.node' \) | sort)
[ "${#files[@]}" -ge 1 ] && xv_pass || xv_fail "no PE files in the packages"
for f in "${files[@]}"; do
  "$XVERIFY" inspect --json "$f" >"$XV_TMP/x.json" 2>"$XV_TMP/x.err" || xv_fail "$f: xverify: $(cat "$XV_TMP/x.err")"
  llvm-readobj --file-headers --coff-imports --coff-exports --coff-debug-directory "$f" >"$XV_TMP/r.txt" 2>&1 \
    || xv_fail "$f: llvm-readobj failed"
  if "$py" - "$f" "$XV_TMP/x.json" "$XV_TMP/r.txt" <<'EOF'
import json, re, sys
path, jpath, rpath = sys.argv[1:4]
x = json.load(open(jpath))
b = x['binaries'][0]
o = {'deps': [], 'imps': [], 'exps': [], 'pdb': None}
blk = None; dll = None; seen_sub = 0; exp_rva = exp_size = 0; cur = {}
for line in open(rpath, errors='replace'):
    line = line.rstrip('\n')
    t = line.strip()
    if not line.startswith(' '):
        if line.startswith('Import {'): blk = 'imp'
        elif line.startswith('DelayImport {'): blk = 'delay'
        elif line.startswith('Export {'): blk = 'exp'; cur = {}
        elif line.startswith('}'):
            if blk == 'exp' and cur.get('rva'):
                fwd = exp_rva <= cur['rva'] < exp_rva + exp_size
                nm = cur.get('name') or '#%d' % cur['ord']
                o['exps'].append('%d %s%s' % (cur['ord'], nm, ' fwd' if fwd else ''))
            blk = None
        continue
    m = re.match(r'Machine: .*\((0x[0-9A-Fa-f]+)\)', t)
    if m: o['machine'] = int(m.group(1), 16)
    m = re.match(r'Subsystem: .*\((0x[0-9A-Fa-f]+)\)', t)
    if m: o['subsystem'] = int(m.group(1), 16); seen_sub = 1
    m = re.match(r'Characteristics \[ \((0x[0-9A-Fa-f]+)\)', t)
    if m and seen_sub == 1: o['dllchar'] = int(m.group(1), 16); seen_sub = 2
    m = re.match(r'ExportTableRVA: (0x[0-9A-Fa-f]+)', t)
    if m: exp_rva = int(m.group(1), 16)
    m = re.match(r'ExportTableSize: (0x[0-9A-Fa-f]+)', t)
    if m: exp_size = int(m.group(1), 16)
    if t.startswith('PDBFileName: ') and o['pdb'] is None: o['pdb'] = t[len('PDBFileName: '):]
    if blk in ('imp', 'delay') and t.startswith('Name: ') and not line.startswith('   '):
        dll = t[6:]; o['deps'].append((dll, blk == 'delay'))
    if blk in ('imp', 'delay') and t.startswith('Symbol: '):
        m = re.match(r'Symbol: (.*) \((\d+)\)$', t)
        nm = m.group(1) if m and m.group(1) else '#%s' % (m.group(2) if m else '?')
        o['imps'].append('%s!%s%s' % (dll, nm, ' delay' if blk == 'delay' else ''))
    if blk == 'exp':
        if t.startswith('Ordinal: '): cur['ord'] = int(t[9:])
        elif t.startswith('Name: '): cur['name'] = t[6:]
        elif t.startswith('Name:'): cur['name'] = ''
        elif t.startswith('RVA: '): cur['rva'] = int(t[5:], 16)
pe = b['pe']
mine_deps = [(d['name'], bool(d.get('delay'))) for d in b['needed']]
mine_imps = ['%s!%s%s' % (s.get('library'), s['name'], ' delay' if s.get('delay') else '') for s in b['imports']]
mine_exps = sorted('%d %s%s' % (s.get('ordinal', 0), s['name'], ' fwd' if s.get('forward') else '') for s in b['exports'])
diffs = []
def cmp(what, a, c):
    if a != c: diffs.append('%s: xverify %r vs llvm %r' % (what, a, c))
cmp('machine', pe['machine'], o.get('machine'))
subsys = {1: 'native', 2: 'windows-gui', 3: 'windows-cui', 5: 'os2-cui', 7: 'posix-cui',
          8: 'native-windows', 9: 'windows-ce-gui', 10: 'efi-application',
          11: 'efi-boot-service-driver', 12: 'efi-runtime-driver', 13: 'efi-rom', 14: 'xbox',
          16: 'windows-boot-application'}
cmp('subsystem', pe['subsystem'], subsys.get(o.get('subsystem'), 'unknown'))
cmp('DllCharacteristics', pe['dll_characteristics'], o.get('dllchar'))
cmp('DLLs', mine_deps, o['deps'])
cmp('imports', mine_imps, o['imps'])
cmp('exports', mine_exps, sorted(o['exps']))
cmp('pdb', b.get('pdb_path'), o['pdb'])
if 'error' in x: diffs.append('xverify error: ' + x['error'])
name = path.split('/x/', 1)[-1]
print('%s: %s %s, %d DLLs, %d imports, %d exports, pdb %s, subsystem %s, cert %s, overlay %d, canary %s, cfg %s%s' % (
    name, b['arch'], pe['magic'], len(mine_deps), len(mine_imps), len(mine_exps), b.get('pdb_path'),
    pe['subsystem'], pe['certificate'], pe['overlay_size'], b['hardening'].get('canary'),
    b['hardening'].get('cfg'), (' DIFFS:\n  ' + '\n  '.join(diffs)) if diffs else ''))
sys.exit(1 if diffs else 0)
EOF
  then xv_pass; else xv_fail "$f differs from llvm-readobj"; fi
done
xv_done
