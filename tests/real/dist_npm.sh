#!/usr/bin/env bash
# Optional tier (XV_REAL=1): the walker on real npm platform packages
# (@esbuild/<os>-<arch>@0.28.2, ten platforms). For each .tgz, `xverify list
# --json` must name the platform the npm name promises and read the binary
# with the arch that file(1) — the oracle — reports for the same member
# unpacked by tar. Needs the npm registry (network), so it is not in CI.
. "$(dirname "$0")/../lib.sh"
if [ "${XV_REAL:-}" != 1 ]; then
  echo "SKIP: real-binary tier disabled (set XV_REAL=1; needs the npm registry)" >&2
  exit 77
fi
command -v npm >/dev/null || xv_skip "npm not installed"
command -v file >/dev/null || xv_skip "file(1) not installed"
xv_tmpdir
d=$XV_TMP/dist; mkdir -p "$d"
# npm name, platform id, file(1) arch word, xverify arch
cases="linux-arm64 linux_arm64 aarch64 aarch64
darwin-arm64 darwin_arm64 arm64 aarch64
win32-x64 windows_amd64 x86-64 x86_64
win32-arm64 windows_arm64 Aarch64 aarch64
linux-riscv64 linux_riscv64 RISC-V riscv64
freebsd-x64 freebsd_amd64 x86-64 x86_64
linux-loong64 linux_loong64 LoongArch loongarch64
linux-s390x linux_s390x S/390 s390x
linux-ia32 linux_386 80386 i386
linux-arm linux_arm ARM arm"
while read -r npmname _ _ _; do
  if (cd "$d" && timeout 300 npm pack --silent "@esbuild/$npmname@0.28.2" >/dev/null 2>"$XV_TMP/npm.err"); then xv_pass
  else xv_fail "npm pack @esbuild/$npmname: $(tail -1 "$XV_TMP/npm.err")"; fi
done <<<"$cases"
xv_expect_rc 0 "$XVERIFY" list --json "$d"
printf '%s' "$XV_OUT" >"$XV_TMP/list.json"
while read -r npmname pid filearch xvarch; do
  tgz=$d/esbuild-$npmname-0.28.2.tgz
  got=$(/usr/bin/python3 - "$XV_TMP/list.json" "$tgz" <<'P'
import json, sys
doc = json.load(open(sys.argv[1]))
for p in doc["packages"]:
    if p["path"] == sys.argv[2]:
        for b in p["binaries"]:
            print(p["platform"], b["member"], ",".join(b["arch"]), b["platform"])
P
)
  read -r gpid member garch bpid <<<"$got"
  [ "$gpid" = "$pid" ] && [ "$bpid" = "$pid" ] && xv_pass || xv_fail "$npmname: platform '$gpid'/'$bpid', want $pid"
  [ "$garch" = "$xvarch" ] && xv_pass || xv_fail "$npmname: arch '$garch', want $xvarch"
  mkdir -p "$XV_TMP/x/$npmname"
  tar -xzf "$tgz" -C "$XV_TMP/x/$npmname" "$member" 2>/dev/null
  oracle=$(file -b "$XV_TMP/x/$npmname/$member")
  case $oracle in *"$filearch"*) xv_pass ;; *) xv_fail "$npmname: file(1) says '$oracle', want $filearch" ;; esac
done <<<"$cases"
xv_done
