#!/usr/bin/env bash
# Optional tier (XV_REAL=1): the checks on real npm platform packages (pinned
# versions), judged as one release, with what a person checked by hand:
# - sharp's addon (@img/sharp-linux-x64, -darwin-arm64) needs libvips-cpp,
#   shipped in the sibling package @img/sharp-libvips-*: deps.resolve passes
#   through the sibling, not the system list;
# - the Windows addon imports node.exe (the host process) and libvips-42.dll
#   imports bcryptprimitives.dll (a Windows system DLL): both resolve;
# - MSVC/MinGW PDB paths under D:\a\ and /var/tmp/ are warnings (deps.paths);
# - @rollup/rollup-darwin-x64's addon carries an install name under
#   /Users/runner/work/...: a build path leak, but nothing links to the
#   addon (node loads it by path): deps.paths warns;
# - @swc/core-linux-x64-musl needs libgcc_s.so.1, not on the musllinux list
#   but loaded by the node process that loads the addon: deps.resolve passes;
# - esbuild's Linux binary is a static Go executable, not PIE: Go's default
#   build mode, a fact in a hardening pass.
# Nothing fails: exit 0.
# Needs the npm registry (network), so it is not part of CI.
. "$(dirname "$0")/../lib.sh"
if [ "${XV_REAL:-}" != 1 ]; then
  echo "SKIP: real-binary tier disabled (set XV_REAL=1; needs the npm registry)" >&2
  exit 77
fi
command -v npm >/dev/null || xv_skip "npm not installed"
xv_tmpdir
d=$XV_TMP/dist; mkdir -p "$d"
for p in @img/sharp-linux-x64@0.35.5 @img/sharp-libvips-linux-x64@1.3.4 @img/sharp-darwin-arm64@0.35.5 \
         @img/sharp-libvips-darwin-arm64@1.3.4 @img/sharp-win32-x64@0.35.5 @rollup/rollup-darwin-x64@4.68.8 \
         @swc/core-linux-x64-musl@1.16.22 @esbuild/linux-x64@0.28.2; do
  if (cd "$d" && timeout 300 npm pack --silent "$p" >/dev/null 2>"$XV_TMP/npm.err"); then xv_pass
  else xv_fail "npm pack $p: $(tail -1 "$XV_TMP/npm.err")"; fi
done
"$XVERIFY" --no-smoke --json "$XV_TMP/r.json" "$d" >/dev/null 2>&1
rc=$?
[ "$rc" = 0 ] && xv_pass || xv_fail "exit $rc (want 0)"
out=$(/usr/bin/python3 - "$XV_TMP/r.json" <<'P'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["results"]:
    facts = " ".join("%s=%s" % (f["key"], f["value"]) for f in r["facts"])
    print("%s|%s|%s|%s|%s" % (r["check"], r["verdict"], r["subject"].split("!/")[-1], r["message"], facts))
P
)
want() { if printf '%s\n' "$out" | grep -qF -- "$1"; then xv_pass; else xv_fail "no result line with: $1"; fi; }
want "deps.resolve|pass|package/lib/sharp-linux-x64-0.35.5.node|"
want "libvips-cpp.so.8.18.7=/"
want "deps.resolve|pass|package/lib/sharp-darwin-arm64-0.35.5.node|"
want "deps.resolve|pass|package/lib/sharp-win32-x64-0.35.5.node|"
want "node.exe=host process (Node.js)"
want "deps.resolve|pass|package/lib/libvips-42.dll|"
want "deps.paths|warn|package/lib/libvips-cpp-8.18.7.dll|PDB path \"D:\\a\\sharp"
want "deps.paths|warn|package/rollup.darwin-x64.node|install name \"/Users/runner/work/rollup"
want "deps.resolve|pass|package/swc.linux-x64-musl.node|"
want "libgcc_s.so.1=host process (Node.js)"
want "hardening|pass|package/bin/esbuild|NX stack, no TEXTREL, not PIE: Go's default build mode"
xv_done
