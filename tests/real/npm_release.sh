#!/usr/bin/env bash
# Optional tier (XV_REAL=1): a release made of real npm platform packages
# (pinned versions) judged zero-config as one release: esbuild on six
# platforms, sharp (with its libvips siblings, glibc, musl, macOS, Windows)
# and swc. What a person checked by hand:
# - every package gets its platform from package/package.json (os, cpu,
#   libc), whatever its name says;
# - sharp's musl addons need libvips-cpp.so, shipped in the sibling package
#   @img/sharp-libvips-linuxmusl-* that package.json declares in
#   optionalDependencies: deps.resolve passes through it and says so;
# - on musl, libstdc++.so.6 / libgcc_s.so.1 of an addon (and of the libvips
#   it loads) come from the node process that loads it;
# - the only failure is real: @swc/core-win32-arm64-msvc's addon imports
#   VCRUNTIME140.dll, which Windows on Arm does not ship and the package does
#   not carry (node.exe does not export it).
# Needs the npm registry (network), so it is not part of CI.
. "$(dirname "$0")/../lib.sh"
if [ "${XV_REAL:-}" != 1 ]; then
  echo "SKIP: real-binary tier disabled (set XV_REAL=1; needs the npm registry)" >&2
  exit 77
fi
command -v npm >/dev/null || xv_skip "npm not installed"
xv_tmpdir
d=$XV_TMP/dist; mkdir -p "$d"
pkgs=""
for p in linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 win32-arm64; do
  pkgs="$pkgs @esbuild/$p@0.28.2"
done
for p in linux-x64 linuxmusl-x64 linuxmusl-arm64 darwin-arm64; do
  pkgs="$pkgs @img/sharp-$p@0.35.5 @img/sharp-libvips-$p@1.3.4"
done
pkgs="$pkgs @img/sharp-win32-x64@0.35.5"
for p in linux-x64-musl linux-x64-gnu darwin-arm64 win32-x64-msvc win32-arm64-msvc; do
  pkgs="$pkgs @swc/core-$p@1.16.22"
done
for p in $pkgs; do
  if (cd "$d" && timeout 300 npm pack --silent "$p" >/dev/null 2>"$XV_TMP/npm.err"); then xv_pass
  else xv_fail "npm pack $p: $(tail -1 "$XV_TMP/npm.err")"; fi
done

# every package: a platform, from package.json, agreeing with the npm name
xv_expect_rc 0 "$XVERIFY" list --json "$d"
printf '%s' "$XV_OUT" >"$XV_TMP/list.json"
bad=$(/usr/bin/python3 - "$XV_TMP/list.json" <<'P'
import json, sys
doc = json.load(open(sys.argv[1]))
n = 0
for p in doc["packages"]:
    n += 1
    if not p["platform"] or p["platform_source"] != "package.json" or not p["project"]:
        print("%s: platform %s from %s, project %s" % (p["path"], p["platform"], p["platform_source"], p["project"]))
    for b in p["binaries"]:
        if b["platform"] != p["platform"]:
            print("%s: binary platform %s, package %s" % (b["path"], b["platform"], p["platform"]))
if n != 20:
    print("want 20 packages, got %d" % n)
P
)
[ -z "$bad" ] && xv_pass || xv_fail "platforms: $bad"
xv_expect_rc 0 "$XVERIFY" list "$d"
xv_contains "$XV_OUT" "img-sharp-linuxmusl-x64-0.35.5.tgz  archive  linux_amd64_musl"
xv_contains "$XV_OUT" "platform from package.json  @img/sharp-linuxmusl-x64 0.35.5"

"$XVERIFY" --no-smoke --json "$XV_TMP/r.json" "$d" >"$XV_TMP/term.txt" 2>&1
rc=$?
[ "$rc" = 1 ] && xv_pass || xv_fail "exit $rc (want 1)"
out=$(/usr/bin/python3 - "$XV_TMP/r.json" <<'P'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["results"]:
    facts = " ".join("%s=%s" % (f["key"], f["value"]) for f in r["facts"])
    print("%s|%s|%s|%s|%s" % (r["check"], r["verdict"], r["subject"].split("!/")[-1], r["message"], facts))
P
)
want() { if printf '%s\n' "$out" | grep -qF -- "$1"; then xv_pass; else xv_fail "no result line with: $1"; fi; }
for a in x64 arm64; do
  want "deps.resolve|pass|package/lib/sharp-linuxmusl-$a-0.35.5.node|"
  want "(provided by @img/sharp-libvips-linuxmusl-$a, a declared dependency)"
done
want "deps.resolve|pass|package/swc.linux-x64-musl.node|"
want "libgcc_s.so.1=host process (Node.js)"
want "libstdc++.so.6=host process (Node.js)"
# the one failure, and nothing else fails or errs
want "deps.resolve|fail|package/swc.win32-arm64-msvc.node|needs VCRUNTIME140.dll"
others=$(printf '%s\n' "$out" | grep -E '^[^|]+\|(fail|error)\|' | grep -vF "deps.resolve|fail|package/swc.win32-arm64-msvc.node|needs VCRUNTIME140.dll")
[ -z "$others" ] && xv_pass || xv_fail "unexpected failures: $others"
xv_done
