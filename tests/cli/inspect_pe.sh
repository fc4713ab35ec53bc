#!/usr/bin/env bash
# `xverify inspect` on PE files: text and --json on an exe and a DLL built by
# fixtures/pe/recipe.sh, a golden text of the hand-made tiny_valid.exe, and
# the hostile PE inputs: each a one-line error and exit 1, never a crash.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
fx=$XV_FIXTURES/pe
for f in hello.exe exports.dll nocrt_arm64.exe signed.exe; do
  [ -s "$fx/$f" ] || xv_skip "PE fixture $fx/$f not built (fixtures/pe/recipe.sh)"
done
py=/usr/bin/python3
[ -x "$py" ] || xv_skip "/usr/bin/python3 missing"
corpus=$XV_SOURCE_DIR/tests/fuzz/corpus/pe

# ---- text ----
xv_expect_rc 0 "$XVERIFY" inspect "$fx/hello.exe"
t=$XV_OUT
xv_contains "$t" "$fx/hello.exe: pe," "text header"
xv_contains "$t" "pe pie x86_64, 64-bit little endian" "text type"
xv_contains "$t" "windows, libc msvcrt" "text os/libc"
xv_contains "$t" "needed:       greet.dll" "text first DLL"
xv_contains "$t" "PE32+" "text magic"
xv_contains "$t" "subsystem windows-cui" "text subsystem"
xv_contains "$t" "greet (greet.dll)" "text import"
xv_expect_rc 0 "$XVERIFY" inspect "$fx/exports.dll"
t=$XV_OUT
xv_contains "$t" "pe shared x86_64" "dll type"
xv_contains "$t" "soname:       exports.dll" "dll soname"
xv_contains "$t" "FwdTick -> kernel32.GetTickCount #4" "dll forwarder"
xv_contains "$t" "#7 #7" "dll export by ordinal"
xv_expect_rc 0 "$XVERIFY" inspect "$fx/nocrt_arm64.exe"
xv_contains "$XV_OUT" "delayed.dll (delay-load)" "delay-load dep"
xv_contains "$XV_OUT" 'C:\Users\runner\work\app\nocrt_arm64.pdb' "pdb path"
xv_contains "$XV_OUT" "aarch64" "arm64 arch"
xv_expect_rc 0 "$XVERIFY" inspect "$fx/signed.exe"
xv_contains "$XV_OUT" ", signed" "signed"

# golden: the committed hand-made image (fully deterministic)
"$XVERIFY" inspect "$corpus/tiny_valid.exe" | sed "s|$corpus/||" >"$XV_TMP/tiny.txt"
xv_golden "$XV_TMP/tiny.txt" "$XV_SOURCE_DIR/tests/cli/golden/inspect_pe_tiny.txt"

# ---- JSON ----
"$XVERIFY" inspect --json "$fx/hello.exe" "$fx/exports.dll" "$fx/nocrt_arm64.exe" \
  "$fx/hello32.exe" "$fx/unhardened.exe" "$fx/signed.exe" >"$XV_TMP/all.jsonl" 2>"$XV_TMP/err"
rc=$?
[ $rc = 0 ] && xv_pass || { xv_fail "inspect --json: exit $rc"; cat "$XV_TMP/err" >&2; }
if "$py" - "$XV_TMP/all.jsonl" <<'EOF'
import json, os, sys
objs = {}
for line in open(sys.argv[1]):
    o = json.loads(line)
    objs[os.path.basename(o['file'])] = o
bad = []
def want(f, path, expect):
    cur = objs.get(f, {})
    for k in path.split('.'):
        if isinstance(cur, list):
            cur = cur[int(k)] if int(k) < len(cur) else '<absent>'
        elif isinstance(cur, dict):
            cur = cur.get(k, '<absent>')
    ok = expect(cur) if callable(expect) else cur == expect
    if not ok:
        bad.append('%s: %s = %r' % (f, path, cur))
for f in objs:
    want(f, 'format', 'pe')
    want(f, 'error', '<absent>')
    want(f, 'binaries.0.os', 'windows')
want('hello.exe', 'binaries.0.kind', 'pie')
want('hello.exe', 'binaries.0.arch', 'x86_64')
want('hello.exe', 'binaries.0.bits', 64)
want('hello.exe', 'binaries.0.libc', 'msvcrt')
want('hello.exe', 'binaries.0.needed', [{'name': 'greet.dll'}, {'name': 'KERNEL32.dll'}, {'name': 'msvcrt.dll'}])
want('hello.exe', 'binaries.0.imports', lambda v: {'name': 'greet', 'library': 'greet.dll', 'type': 'func'} in v)
want('hello.exe', 'binaries.0.pe.magic', 'PE32+')
want('hello.exe', 'binaries.0.pe.subsystem', 'windows-cui')
want('hello.exe', 'binaries.0.pe.overlay_size', lambda v: v > 0)
want('hello.exe', 'binaries.0.hardening.pie', True)
want('hello.exe', 'binaries.0.hardening.nx', True)
want('hello.exe', 'binaries.0.hardening.high_entropy_va', True)
want('hello.exe', 'binaries.0.hardening.cfg', False)
want('hello.exe', 'binaries.0.hardening.code_signed', False)
want('exports.dll', 'binaries.0.kind', 'shared')
want('exports.dll', 'binaries.0.soname', 'exports.dll')
want('exports.dll', 'binaries.0.pe.export_name', 'exports.dll')
want('exports.dll', 'binaries.0.exports', lambda v: {'name': 'FwdTick', 'forward': 'kernel32.GetTickCount', 'ordinal': 4} in v)
want('exports.dll', 'binaries.0.exports', lambda v: {'name': '#7', 'ordinal': 7, 'type': 'func', 'by_ordinal': True} in v)
want('exports.dll', 'binaries.0.exports', lambda v: {'name': 'exp_data', 'ordinal': 3, 'type': 'data'} in v)
want('nocrt_arm64.exe', 'binaries.0.arch', 'aarch64')
want('nocrt_arm64.exe', 'binaries.0.libc', 'none')
want('nocrt_arm64.exe', 'binaries.0.needed.2', {'name': 'delayed.dll', 'delay': True})
want('nocrt_arm64.exe', 'binaries.0.imports', lambda v: {'name': 'delayed_fn', 'library': 'delayed.dll', 'type': 'func', 'delay': True} in v)
want('nocrt_arm64.exe', 'binaries.0.pdb_path', 'C:\\Users\\runner\\work\\app\\nocrt_arm64.pdb')
want('hello32.exe', 'binaries.0.arch', 'i386')
want('hello32.exe', 'binaries.0.bits', 32)
want('hello32.exe', 'binaries.0.pe.magic', 'PE32')
want('hello32.exe', 'binaries.0.pe.large_address_aware', True)
want('unhardened.exe', 'binaries.0.kind', 'exe')
want('unhardened.exe', 'binaries.0.hardening.pie', False)
want('unhardened.exe', 'binaries.0.hardening.nx', False)
want('signed.exe', 'binaries.0.pe.certificate', True)
want('signed.exe', 'binaries.0.hardening.code_signed', True)
for m in bad:
    print('JSON: ' + m)
print('json checks: %d objects, %d failures' % (len(objs), len(bad)))
sys.exit(1 if bad or len(objs) != 6 else 0)
EOF
then xv_pass; else xv_fail "inspect --json facts (listing above)"; fi

# ---- hostile inputs: one error line naming the file, exit 1, valid JSON ----
n=0
for f in "$corpus"/*; do
  case $(basename "$f") in tiny_*|seed_*|codeview_past_end.exe) continue ;; esac
  n=$((n + 1))
  timeout 20 "$XVERIFY" inspect "$f" >"$XV_TMP/h.txt" 2>"$XV_TMP/h.err"
  rc=$?
  [ $rc = 1 ] && xv_pass || { xv_fail "$(basename "$f"): exit $rc (want 1)"; cat "$XV_TMP/h.err" >&2; }
  [ "$(wc -l <"$XV_TMP/h.err")" = 1 ] && xv_pass || xv_fail "$(basename "$f"): stderr is not one line"
  xv_contains "$(cat "$XV_TMP/h.err")" "$f" "$(basename "$f"): error names the file"
  timeout 20 "$XVERIFY" inspect --json "$f" >"$XV_TMP/h.json" 2>/dev/null
  "$py" -c 'import json,sys; o=json.loads(open(sys.argv[1]).read()); assert o["error"]' "$XV_TMP/h.json" \
    && xv_pass || xv_fail "$(basename "$f"): JSON without an error"
done
[ $n -ge 15 ] && xv_pass || xv_fail "only $n hostile PE inputs found in $corpus"
xv_done
