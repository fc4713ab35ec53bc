#!/usr/bin/env bash
# Optional tier (XV_REAL=1): `xverify diff` and `xverify init` on real
# releases, esbuild's six npm platform packages of 0.19.0 and 0.24.0 (pinned),
# with what a person checked by hand:
# - 0.24.0 is built with a newer Go: the darwin x64 binary needs macOS 11.0
#   (0.19.0: 10.13), a floor raise that breaks (exit 1), and is now PIE;
# - every binary names its Go: 1.20.7 in 0.19.0, 1.23.1 in 0.24.0
#   (toolchain.changed, not breaking);
# - every platform's binary grew (sizes listed, none removed, no export: Go
#   programs export nothing);
# - init on 0.19.0 writes a matrix that passes on 0.19.0 with no waiver (Go's
#   static non-PIE executables are a fact under the toolchain policy, not a
#   finding to waive)
#   and fails 0.24.0 on exactly the macOS floor (os.min, floors.baseline).
# Needs the npm registry (network), so it is not part of CI.
. "$(dirname "$0")/../lib.sh"
if [ "${XV_REAL:-}" != 1 ]; then
  echo "SKIP: real-binary tier disabled (set XV_REAL=1; needs the npm registry)" >&2
  exit 77
fi
command -v npm >/dev/null || xv_skip "npm not installed"
xv_tmpdir
for v in 0.19.0 0.24.0; do
  mkdir -p "$XV_TMP/$v"
  for p in linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 win32-arm64; do
    if (cd "$XV_TMP/$v" && timeout 300 npm pack --silent "@esbuild/$p@$v" >/dev/null 2>"$XV_TMP/npm.err"); then xv_pass
    else xv_fail "npm pack @esbuild/$p@$v: $(tail -1 "$XV_TMP/npm.err")"; fi
  done
done
O=$XV_TMP/0.19.0 N=$XV_TMP/0.24.0

xv_expect_rc 1 "$XVERIFY" diff --json "$XV_TMP/d.json" --markdown "$XV_TMP/d.md" "$O" "$N"
printf '%s\n' "$XV_OUT"
xv_contains "$XV_OUT" "BREAK package/bin/esbuild: macOS minimum (minos) raised: 10.13 -> 11.0"
xv_contains "$XV_OUT" "package/bin/esbuild: kind changed: exe -> pie"
xv_contains "$XV_OUT" "package/esbuild.exe: toolchain changed: Go 1.20.7 -> Go 1.23.1"
xv_contains "$XV_OUT" "14 changes on 6 platforms, 1 breaking (6 binaries compared)"
/usr/bin/python3 - "$XV_TMP/d.json" <<'PY' && xv_pass || xv_fail "esbuild diff: unexpected changes"
import json, sys
ch = json.load(open(sys.argv[1]))["changes"]
kinds = sorted((c["platform"], c["kind"]) for c in ch)
want = sorted([("darwin_amd64", "binary.kind"), ("darwin_amd64", "floor.raised")] +
              [(p, "size.changed") for p in ("darwin_amd64", "darwin_arm64", "linux_amd64",
                                             "linux_arm64", "windows_amd64", "windows_arm64")] +
              [(p, "toolchain.changed") for p in ("darwin_amd64", "darwin_arm64", "linux_amd64",
                                                  "linux_arm64", "windows_amd64", "windows_arm64")])
if kinds != want:
    print(kinds, file=sys.stderr); sys.exit(1)
PY
cat "$XV_TMP/d.md"

xv_expect_rc 0 "$XVERIFY" init "$O"
printf '%s\n' "$XV_OUT" | grep -v '^xverify init:' >"$XV_TMP/m.json"
xv_contains "$XV_OUT" '"macos_min": "10.13"'
xv_lacks "$XV_OUT" '"waivers"'
xv_expect_rc 0 "$XVERIFY" --no-smoke --matrix "$XV_TMP/m.json" "$O"
xv_expect_rc 1 "$XVERIFY" --no-smoke --matrix "$XV_TMP/m.json" --json "$XV_TMP/v.json" "$N"
/usr/bin/python3 - "$XV_TMP/v.json" <<'PY' && xv_pass || xv_fail "0.24.0 against the 0.19.0 matrix: unexpected failures"
import json, sys
bad = sorted((r["check"], r["subject"].split("!/")[0].rsplit("/", 1)[-1])
             for r in json.load(open(sys.argv[1]))["results"] if r["verdict"] in ("fail", "error"))
want = [("floors.baseline", "esbuild-darwin-x64-0.24.0.tgz"), ("os.min", "esbuild-darwin-x64-0.24.0.tgz")]
if bad != want:
    print(bad, file=sys.stderr); sys.exit(1)
PY
xv_done
