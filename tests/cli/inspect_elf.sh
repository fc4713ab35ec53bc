#!/usr/bin/env bash
# `xverify inspect` on the ELF fixtures: text for a person, --json checked
# field by field with python's json module; a truncated or malformed file gets
# one line on stderr naming it, exit 1, and the other files are still shown;
# hostile inputs terminate; --help, --version and an unknown option.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
fx=$XV_FIXTURES/elf
[ -s "$fx/LIST" ] || xv_skip "ELF fixtures not built ($fx/LIST missing)"
[ -s "$fx/MISSING" ] && xv_skip "some ELF fixtures were not built: $(tr '\n' ' ' <"$fx/MISSING")"
py=/usr/bin/python3
[ -x "$py" ] || xv_skip "/usr/bin/python3 missing"

# ---- program options ----
xv_expect_rc 0 "$XVERIFY" --version
xv_contains "$XV_OUT" "xverify 0.1.0" "--version"
xv_expect_rc 0 "$XVERIFY" --help
xv_contains "$XV_OUT" "Usage: xverify" "--help"
xv_expect_rc 0 "$XVERIFY" inspect --help
xv_contains "$XV_OUT" "Usage: xverify inspect" "inspect --help"
xv_expect_rc 2 "$XVERIFY" inspect --no-such-option "$fx/x86_64/hello-pie"
xv_contains "$XV_OUT" "--no-such-option" "unknown option message"
xv_expect_rc 2 "$XVERIFY" --no-such-option
xv_expect_rc 2 "$XVERIFY" inspect

# ---- text ----
xv_expect_rc 0 "$XVERIFY" inspect "$fx/x86_64/libxvfoo.so.1"
t=$XV_OUT
xv_contains "$t" "$fx/x86_64/libxvfoo.so.1: elf," "text header"
xv_contains "$t" "elf shared x86_64, 64-bit little endian" "text type"
xv_contains "$t" "soname:       libxvfoo.so.1" "text soname"
xv_contains "$t" "needed:       libxvdep.so.1" "text first needed"
xv_contains "$t" 'runpath:      $ORIGIN:$ORIGIN/../lib' "text runpath"
xv_contains "$t" "GLIBC_2.34" "text needs"
xv_lacks "$t" "rpath:        " "text (no DT_RPATH)"
xv_expect_rc 0 "$XVERIFY" inspect "$fx/x86_64/libxvrpath.so.1"
xv_contains "$XV_OUT" 'rpath:        /opt/xverify/lib:$ORIGIN' "text rpath"
xv_expect_rc 0 "$XVERIFY" inspect "$fx/musl/hello"
xv_contains "$XV_OUT" "libc musl" "text musl"
xv_contains "$XV_OUT" "interpreter:  /lib/ld-musl-x86_64.so.1" "text musl interpreter"
xv_expect_rc 0 "$XVERIFY" inspect "$fx/x86_64/hardened"
xv_contains "$XV_OUT" "relro=full" "text hardened"
xv_contains "$XV_OUT" "canary=yes" "text hardened"
xv_expect_rc 0 "$XVERIFY" inspect "$fx/be/ppc64-libxvbe.so"
xv_contains "$XV_OUT" "ppc64, 64-bit big endian" "text ppc64"
# Every fixture reads cleanly, in one run.
mapfile -t all < <(sed "s|^|$fx/|" "$fx/LIST")
xv_expect_rc 0 "$XVERIFY" inspect "${all[@]}"
n=$(printf '%s\n' "$XV_OUT" | grep -c "^$fx/.*: elf, [0-9]* bytes$")
[ "$n" = "${#all[@]}" ] && xv_pass || xv_fail "text: $n headers for ${#all[@]} fixtures"

# ---- JSON, field by field ----
"$XVERIFY" inspect --json "${all[@]}" >"$XV_TMP/all.jsonl" 2>"$XV_TMP/all.err"
rc=$?
[ $rc = 0 ] && xv_pass || { xv_fail "inspect --json over all fixtures: exit $rc"; cat "$XV_TMP/all.err" >&2; }
if FX="$fx" "$py" - "$XV_TMP/all.jsonl" <<'EOF'
import json, os, sys
fx = os.environ['FX']
objs = {}
for line in open(sys.argv[1]):
    o = json.loads(line)
    objs[os.path.relpath(o['file'], fx)] = o
bad = []
def want(rel, path, expect):
    o = objs.get(rel)
    if o is None:
        bad.append('%s: missing' % rel); return
    cur = o
    for k in path.split('.'):
        if isinstance(cur, list):
            cur = cur[int(k)] if int(k) < len(cur) else '<absent>'
        elif isinstance(cur, dict):
            cur = cur.get(k, '<absent>')
    if callable(expect):
        ok = expect(cur)
    else:
        ok = cur == expect
    if not ok:
        bad.append('%s: %s = %r, want %r' % (rel, path, cur, expect if not callable(expect) else expect.__doc__))
def b0(rel, path, expect):
    want(rel, 'binaries.0.' + path, expect)
def names(v):
    return [d['name'] for d in v] if isinstance(v, list) else v
for rel, o in objs.items():
    want(rel, 'format', 'elf')
    want(rel, 'binaries', lambda v: isinstance(v, list) and len(v) == 1)
    want(rel, 'error', '<absent>')
b0('x86_64/hello-pie', 'kind', 'pie')
b0('x86_64/hello-pie', 'arch', 'x86_64')
b0('x86_64/hello-pie', 'bits', 64)
b0('x86_64/hello-pie', 'endian', 'little')
b0('x86_64/hello-pie', 'os', 'linux')
b0('x86_64/hello-pie', 'libc', 'glibc')
b0('x86_64/hello-pie', 'interpreter', '/lib64/ld-linux-x86-64.so.2')
b0('x86_64/hello-pie', 'max_glibc', 'GLIBC_2.34')
b0('x86_64/hello-pie', 'hardening.pie', True)
b0('x86_64/hello-nopie', 'kind', 'exe')
b0('x86_64/hello-nopie', 'hardening.pie', False)
b0('x86_64/hello-static', 'kind', 'exe')
b0('x86_64/hello-static', 'libc', 'none')
b0('x86_64/hello-static', 'interpreter', '<absent>')
b0('x86_64/hello-static', 'needed', [])
b0('x86_64/libxvfoo.so.1', 'kind', 'shared')
b0('x86_64/libxvfoo.so.1', 'soname', 'libxvfoo.so.1')
want('x86_64/libxvfoo.so.1', 'binaries.0.needed', lambda v: names(v) == ['libxvdep.so.1', 'libm.so.6', 'libc.so.6'])
b0('x86_64/libxvfoo.so.1', 'runpath', ['$ORIGIN', '$ORIGIN/../lib'])
b0('x86_64/libxvfoo.so.1', 'rpath', [])
b0('x86_64/libxvfoo.so.1', 'max_glibc', 'GLIBC_2.34')
b0('x86_64/libxvfoo.so.1', 'version_needs', lambda v: {'library': 'libc.so.6', 'version': 'GLIBC_2.34'} in v)
b0('x86_64/libxvfoo.so.1', 'exports', lambda v: {'name': 'xv_foo_compute', 'type': 'func'} in v)
b0('x86_64/libxvfoo.so.1', 'exports', lambda v: {'name': 'xv_foo_counter', 'type': 'data'} in v)
b0('x86_64/libxvfoo.so.1', 'imports', lambda v: any(s['name'] == 'pthread_detach' and s.get('version') == 'GLIBC_2.34' for s in v))
b0('x86_64/libxvfoo-noshdr.so.1', 'soname', 'libxvfoo.so.1')
want('x86_64/libxvfoo-noshdr.so.1', 'binaries.0.needed', lambda v: names(v) == ['libxvdep.so.1', 'libm.so.6', 'libc.so.6'])
b0('x86_64/libxvfoo-noshdr.so.1', 'runpath', ['$ORIGIN', '$ORIGIN/../lib'])
b0('x86_64/libxvrpath.so.1', 'rpath', ['/opt/xverify/lib', '$ORIGIN'])
b0('x86_64/libxvrpath.so.1', 'runpath', [])
b0('x86_64/libxvcxx.so', 'max_glibcxx', 'GLIBCXX_3.4.21')
b0('x86_64/libxvcxx.so', 'max_cxxabi', 'CXXABI_1.3.9')
b0('x86_64/libxvcxx.so', 'max_glibc', 'GLIBC_2.34')
b0('aarch64/libxvcxx.so', 'max_glibcxx', 'GLIBCXX_3.4.21')
b0('aarch64/libxvcxx.so', 'arch', 'aarch64')
for k in ('pie', 'nx', 'bind_now', 'canary', 'fortify'):
    b0('x86_64/hardened', 'hardening.' + k, True)
b0('x86_64/hardened', 'hardening.relro', 'full')
b0('x86_64/hardened', 'hardening.textrel', False)
for k in ('pie', 'bind_now', 'canary', 'fortify'):
    b0('x86_64/unhardened', 'hardening.' + k, False)
b0('x86_64/unhardened', 'hardening.relro', 'none')
b0('x86_64/execstack', 'hardening.nx', False)
b0('x86_64/execstack', 'elf.exec_stack', True)
b0('x86_64/hello-pie', 'elf.exec_stack', False)
b0('x86_64/libxvcet.so', 'hardening.ibt', True)
b0('x86_64/libxvcet.so', 'hardening.shstk', True)
b0('aarch64/libxvbti.so', 'hardening.bti', True)
b0('aarch64/libxvbti.so', 'hardening.pac', True)
b0('i686/libxvtextrel.so', 'hardening.textrel', True)
b0('i686/hello-pie', 'arch', 'i386')
b0('i686/hello-pie', 'bits', 32)
b0('armhf/hello-pie', 'arch', 'arm')
b0('armhf/hello-pie', 'interpreter', '/lib/ld-linux-armhf.so.3')
b0('riscv64/hello-pie', 'arch', 'riscv64')
b0('musl/hello', 'libc', 'musl')
b0('musl/hello', 'interpreter', '/lib/ld-musl-x86_64.so.1')
want('musl/hello', 'binaries.0.needed', lambda v: names(v) == ['libc.so'])
b0('musl/hello', 'max_glibc', '<absent>')
b0('x86_64/debug', 'debug_info', True)
b0('x86_64/debug', 'stripped', False)
b0('x86_64/debug', 'sizes.debug', lambda v: isinstance(v, (int, float)) and v > 0)
b0('x86_64/debug', 'build_id', lambda v: isinstance(v, str) and len(v) == 40)
b0('x86_64/stripped', 'debug_info', False)
b0('x86_64/stripped', 'stripped', True)
want('x86_64/stripped', 'binaries.0.build_id', lambda v: v == objs['x86_64/debug']['binaries'][0].get('build_id'))
b0('x86_64/debuglink', 'elf.debuglink', 'debuglink.debug')
b0('x86_64/debuglink', 'debug_info', False)
b0('be/ppc64-libxvbe.so', 'arch', 'ppc64')
b0('be/ppc64-libxvbe.so', 'endian', 'big')
b0('be/ppc64-libxvbe.so', 'soname', 'libxvbe.so.1')
want('be/ppc64-libxvbe.so', 'binaries.0.needed', lambda v: names(v) == ['libxvbedep.so'])
b0('be/mips-libxvbe.so', 'arch', 'mips')
b0('be/mips-libxvbe.so', 'bits', 32)
b0('be/mips-libxvbe.so', 'endian', 'big')
b0('be/mips-libxvbe.so', 'runpath', ['$ORIGIN'])
for rel, o in sorted(objs.items()):
    b = o['binaries'][0]
    if b['sizes']['file'] != os.path.getsize(os.path.join(fx, rel)):
        bad.append('%s: sizes.file %r != file size' % (rel, b['sizes']['file']))
    # (gcc -O2 puts main in .text.startup, so the object's .text is empty)
    # (and a file without section headers has no section sizes at all)
    if b['sizes']['text'] <= 0 and b['kind'] != 'object' and 'noshdr' not in rel:
        bad.append('%s: sizes.text is 0' % rel)
for m in bad:
    print('JSON: ' + m)
print('json checks: %d objects, %d failures' % (len(objs), len(bad)))
sys.exit(1 if bad else 0)
EOF
then xv_pass; else xv_fail "inspect --json facts (listing above)"; fi

# ---- a truncated and a malformed file between two good ones ----
head -c 300 "$fx/x86_64/hello-pie" >"$XV_TMP/truncated-elf"
printf '\177ELF\002\001\001garbage that is not an ELF header' >"$XV_TMP/bad-header"
for bad in truncated-elf bad-header; do
  "$XVERIFY" inspect "$fx/x86_64/hello-pie" "$XV_TMP/$bad" "$fx/x86_64/libxvfoo.so.1" \
      >"$XV_TMP/out" 2>"$XV_TMP/err"
  rc=$?
  [ $rc = 1 ] && xv_pass || xv_fail "$bad: exit $rc (want 1)"
  [ "$(wc -l <"$XV_TMP/err")" = 1 ] && xv_pass || { xv_fail "$bad: stderr is not one line"; cat "$XV_TMP/err" >&2; }
  xv_contains "$(cat "$XV_TMP/err")" "$XV_TMP/$bad: " "$bad: stderr names the file"
  xv_contains "$(cat "$XV_TMP/out")" "$fx/x86_64/hello-pie: elf" "$bad: first good file shown"
  xv_contains "$(cat "$XV_TMP/out")" "soname:       libxvfoo.so.1" "$bad: good file after it shown"
  "$XVERIFY" inspect --json "$fx/x86_64/hello-pie" "$XV_TMP/$bad" >"$XV_TMP/out.json" 2>/dev/null
  rc=$?
  [ $rc = 1 ] && xv_pass || xv_fail "$bad --json: exit $rc (want 1)"
  if "$py" -c '
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
assert len(objs) == 2, len(objs)
assert "error" not in objs[0] and objs[1]["error"], objs[1]
' "$XV_TMP/out.json"; then xv_pass; else xv_fail "$bad --json: want 2 objects, the second with an error"; fi
done
# A missing file: the same one-line error, exit 1.
xv_expect_rc 1 "$XVERIFY" inspect "$XV_TMP/no-such-file"
xv_contains "$XV_OUT" "$XV_TMP/no-such-file" "missing file message"

# ---- hostile inputs terminate with a finding, never a crash ----
corpus=$XV_SOURCE_DIR/tests/fuzz/corpus/elf
for f in "$corpus"/elf64le-verneed-next-loops-back "$corpus"/elf64le-vernaux-next-loops-back \
         "$corpus"/elf64le-shnum-huge "$corpus"/elf64le-dynamic-no-dt-null; do
  timeout 20 "$XVERIFY" inspect --json "$f" >"$XV_TMP/h.json" 2>"$XV_TMP/h.err"
  rc=$?
  case $rc in 0|1) xv_pass ;; *) xv_fail "$(basename "$f"): exit $rc (crash or hang)"; cat "$XV_TMP/h.err" >&2 ;; esac
  "$py" -c 'import json,sys; json.loads(open(sys.argv[1]).read())' "$XV_TMP/h.json" 2>/dev/null \
    && xv_pass || xv_fail "$(basename "$f"): output is not one JSON object"
done
# "--" ends the options: what follows is a file even when it looks like one.
xv_expect_rc 0 "$XVERIFY" inspect -- "$XV_FIXTURES/elf/x86_64/hello-pie"
xv_contains "$XV_OUT" "hello-pie: elf" "inspect -- FILE"
xv_expect_rc 1 "$XVERIFY" inspect -- --json
xv_contains "$XV_OUT" "xverify: --json: cannot open" "inspect -- --json"
xv_done
