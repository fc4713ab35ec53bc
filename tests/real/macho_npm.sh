#!/usr/bin/env bash
# Optional tier (XV_REAL=1): real Apple-linked Mach-O binaries from npm
# platform packages, read by `xverify inspect --json` and compared with
# llvm-lipo (slice archs), llvm-objdump --macho --private-headers (otool -l: dylibs in order with weak flag and
# versions, install name, LC_RPATH, UUID, minos) and llvm-nm (exported and
# imported names). Needs the npm registry (network), so it is not part of CI.
# Packages: XV_MACHO_NPM_PACKAGES (space separated) or the list below.
. "$(dirname "$0")/../lib.sh"
if [ "${XV_REAL:-}" != 1 ]; then
  echo "SKIP: real-binary tier disabled (set XV_REAL=1; needs the npm registry)" >&2
  exit 77
fi
command -v npm >/dev/null || xv_skip "npm not installed"
tool() { for c in "$@"; do command -v "$c" 2>/dev/null && return 0; done; return 1; }
LIPO=$(tool llvm-lipo llvm-lipo-14) || xv_skip "llvm-lipo not installed (package llvm)"
# llvm-objdump --macho --private-headers is otool -l that honours --arch
# (llvm-otool 14 ignores -arch and always shows the first slice).
OTOOL=$(tool llvm-objdump llvm-objdump-14) || xv_skip "llvm-objdump not installed (package llvm)"
NM=$(tool llvm-nm llvm-nm-14) || xv_skip "llvm-nm not installed (package llvm)"
py=/usr/bin/python3; [ -x "$py" ] || py=python3
xv_tmpdir
pkgs=${XV_MACHO_NPM_PACKAGES:-"@rollup/rollup-darwin-arm64 @rollup/rollup-darwin-x64 lightningcss-darwin-arm64 lightningcss-darwin-x64 @esbuild/darwin-arm64 @esbuild/darwin-x64 fsevents"}
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
# every Mach-O file in the packages (by magic, not by name)
mapfile -t files < <(find "$XV_TMP/x" -type f -size +1k -exec sh -c \
  'for f; do m=$(od -An -tx1 -N4 "$f" | tr -d " "); case $m in cffaedfe|cefaedfe|cafebabe|feedfacf|feedface) echo "$f";; esac; done' sh {} + | sort)
[ "${#files[@]}" -ge 1 ] && xv_pass || xv_fail "no Mach-O files in the packages"
for f in "${files[@]}"; do
  "$XVERIFY" inspect --json "$f" >"$XV_TMP/x.json" 2>"$XV_TMP/x.err" || { xv_fail "$f: xverify: $(cat "$XV_TMP/x.err")"; continue; }
  if "$py" - "$f" "$XV_TMP/x.json" "$LIPO" "$OTOOL" "$NM" <<'PYEOF'
import json, subprocess, sys
path, jpath, lipo, otool, nm = sys.argv[1:6]
x = json.load(open(jpath))
diffs = []
def run(*a):
    return subprocess.run(a, capture_output=True, text=True, errors="replace").stdout
def apple(b):
    v = b.get("arch_variant")
    if v and v != "arm64_32":
        return v
    return "arm64" if b["arch"] == "aarch64" else b["arch"]
bins = x["binaries"]
archs = run(lipo, "-archs", path).split()
ours = [apple(b) for b in bins]
if archs != ours:
    diffs.append(f"arch: lipo {archs} xverify {ours}")
fat = x["format"] == "macho-fat"
for b in bins:
    a = apple(b)
    af = [f"--arch={a}"] if fat else []
    o = run(otool, "--macho", *af, "--private-headers", path).splitlines()
    deps, rpaths, ids, uuid, minos = [], [], [], None, None
    cmd = None; name = None
    for line in o + ["Load command end"]:
        t = line.strip()
        if t.startswith("Load command") or t.startswith("Section"):
            if name is not None and cmd and "DYLIB" in cmd:
                (ids if cmd == "LC_ID_DYLIB" else deps).append((name, cmd == "LC_LOAD_WEAK_DYLIB"))
            name = None
            continue
        if t.startswith("cmd "):
            cmd = t[4:]
        elif t.startswith("name ") and cmd and "DYLIB" in cmd:
            name = t[5:].rsplit(" (offset", 1)[0]
        elif t.startswith("path ") and cmd == "LC_RPATH":
            rpaths.append(t[5:].rsplit(" (offset", 1)[0])
        elif t.startswith("uuid "):
            uuid = t[5:].replace("-", "").lower()
        elif t.startswith("minos ") and minos is None:
            minos = t[6:]
        elif t.startswith("version ") and cmd and cmd.startswith("LC_VERSION_MIN") and minos is None:
            minos = t[8:]
    xd = [((d["name"] if isinstance(d, dict) else d), bool(isinstance(d, dict) and d.get("weak"))) for d in b.get("needed", [])]
    if xd != deps:
        diffs.append(f"{a}: dylibs: otool {deps} xverify {xd}")
    xs = b.get("soname")
    if (ids[0][0] if ids else None) != xs:
        diffs.append(f"{a}: install name: otool {ids} xverify {xs}")
    if b.get("rpath", []) != rpaths:
        diffs.append(f"{a}: rpath: otool {rpaths} xverify {b.get('rpath')}")
    if (b.get("build_id") or None) != uuid:
        diffs.append(f"{a}: uuid: otool {uuid} xverify {b.get('build_id')}")
    xm = b.get("min_os")
    if minos and xm and [int(p) for p in xm.split(".")] + [0] * (3 - len(xm.split("."))) != [int(p) for p in minos.split(".")] + [0] * (3 - len(minos.split("."))):
        diffs.append(f"{a}: minos: otool {minos} xverify {xm}")
    def nmnames(*opts):
        out = set()
        for line in run(nm, *([f"--arch={a}"] if fat else []), *opts, "-m", path).splitlines():
            if "private external" in line or "external " not in line:
                continue
            n = line.split("external ", 1)[1]
            if n.startswith("[Thumb] "):
                n = n[8:]
            out.add(n.split(" (", 1)[0])
        return out
    def names(k):
        return {s["name"] if isinstance(s, dict) else s for s in b.get(k, [])}
    ne, xe = nmnames("--extern-only", "--defined-only"), names("exports")
    if ne != xe:
        diffs.append(f"{a}: exports: only nm {sorted(ne - xe)[:10]} ({len(ne - xe)}), only xverify {sorted(xe - ne)[:10]} ({len(xe - ne)})")
    ni, xi = nmnames("--undefined-only"), names("imports")
    if ni != xi:
        diffs.append(f"{a}: imports: only nm {sorted(ni - xi)[:10]} ({len(ni - xi)}), only xverify {sorted(xi - ni)[:10]} ({len(xi - ni)})")
    print(f"{path.split('/x/', 1)[-1]} [{a}]: {len(xd)} dylibs, {len(rpaths)} rpaths, {len(xe)} exports, {len(xi)} imports, minos {xm}")
for d in diffs:
    print("DIFF", path.split("/x/", 1)[-1], d)
sys.exit(1 if diffs else 0)
PYEOF
  then xv_pass; else xv_fail "$f differs from the llvm tools (DIFF lines above)"; fi
done
xv_done
