#!/usr/bin/env bash
# deps.resolve against the real ELF loader: for each layout of a small
# release (fixtures/checks), glibc's ld.so with LD_TRACE_LOADED_OBJECTS=1 (what ldd does:
# maps the libraries, runs no program code) says where each needed library
# is found, or "not found"; xverify's deps.resolve must agree on every need
# that is not a system library. Prints the number of needs compared.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
F=$XV_FIXTURES/checks/elf
[ -f "$F/app" ] || xv_skip "checks fixtures not built: $F"
LDSO=/lib64/ld-linux-x86-64.so.2
[ -x "$LDSO" ] || xv_skip "no x86_64 glibc loader at $LDSO"
[ "$(uname -m)" = x86_64 ] || xv_skip "the oracle runs x86_64 binaries natively"
T=$XV_TMP
compared=0
cat > "$T/cmp.py" <<'P'
import json, os, re, sys
jpath, rel, pkg, name = sys.argv[1:5]
loader = {}
for line in sys.stdin.read().splitlines():
    m = re.match(r"\s*(\S+) => (not found|(\S+) \(0x)", line)
    if not m: continue
    lib = m.group(1)
    if m.group(2) == "not found": loader[lib] = None
    else: loader[lib] = os.path.realpath(m.group(3))
d = json.load(open(jpath))
res = [r for r in d["results"] if r["check"] == "deps.resolve" and r["subject"].endswith("/" + rel)]
if len(res) != 1:
    print("FAIL %s %s: %d deps.resolve results" % (name, rel, len(res))); sys.exit()
facts = {f["key"]: f["value"] for f in res[0]["facts"]}
for lib, where in sorted(loader.items()):
    xv = facts.get(lib)
    if xv is not None and xv.startswith("system"):
        continue            # system libraries: the host's copies, not the release's
    if where is not None and not where.startswith(os.path.realpath(pkg) + "/"):
        continue            # found on the host outside the release: a system library
    if where is None:
        ok = xv is None
        want = "not found"
    else:
        want = os.path.relpath(where, os.path.realpath(pkg))
        # xverify names the member (a symlink member counts as found)
        ok = xv is not None and os.path.realpath(os.path.join(pkg, xv.split(" ")[0])) == where
    print("%s %s %s %s: loader %s, xverify %s" % ("ok" if ok else "FAIL", name, rel, lib, want, xv))
P

# layout NAME: files are set up in $T/NAME/dist/x_1.0_linux_amd64 by the caller
judge() {
  local name=$1 pkg=$T/$1/dist/x_1.0_linux_amd64
  local json=$T/$name.json
  "$XVERIFY" --no-smoke --json "$json" "$T/$name/dist" >/dev/null 2>&1
  local rc=$?
  if [ "$rc" -gt 1 ]; then xv_fail "$name: xverify exit $rc"; return; fi
  # Every ELF executable or library of the package, through the real loader.
  while IFS= read -r -d '' f; do
    [ -L "$f" ] && continue
    head -c4 "$f" | grep -q $'\x7fELF' || continue
    local rel=${f#"$pkg"/}
    local ld
    ld=$(cd "$(dirname "$f")" && env -i LD_TRACE_LOADED_OBJECTS=1 "$LDSO" "$f" 2>&1)
    printf '%s\n' "$ld" | /usr/bin/python3 "$T/cmp.py" "$json" "$rel" "$pkg" "$name" > "$T/cmp.out"
    while read -r verdict rest; do
      compared=$((compared + 1))
      echo "$verdict $rest"
      if [ "$verdict" = ok ]; then xv_pass; else xv_fail "$rest"; fi
    done < "$T/cmp.out"
  done < <(find "$pkg" -type f -print0 -o -type l -print0)
}

mk() { mkdir -p "$T/$1/dist/x_1.0_linux_amd64/$2"; }
put() { cp "$F/$2" "$T/$1/dist/x_1.0_linux_amd64/$3"; }

mk ok bin; mk ok lib; put ok app bin/app; put ok libgood.so.1 lib/libgood.so.1; judge ok
mk beside bin; put beside app bin/app; put beside libgood.so.1 bin/libgood.so.1; judge beside
mk norunpath .; put norunpath app-norunpath app; put norunpath libgood.so.1 libgood.so.1; judge norunpath
mk link bin; mk link lib; put link app bin/app; put link libgood.so.1 lib/libgood.so.1.0.0
ln -s libgood.so.1.0.0 "$T/link/dist/x_1.0_linux_amd64/lib/libgood.so.1"; judge link
mk rpath bin; mk rpath lib; put rpath app-rpath bin/app; put rpath libgood.so.1 lib/libgood.so.1; judge rpath
mk soname bin; mk soname lib; put soname app bin/app; put soname libgood.so.1 lib/libgood-renamed.so; judge soname
mk build bin; put build app-buildpath bin/app; put build libgood.so.1 bin/libgood.so.1; judge build
mk missing bin; put missing app bin/app; judge missing

echo "compared $compared needs with the loader"
[ "$compared" -ge 8 ] || xv_fail "only $compared needs compared"
xv_done
