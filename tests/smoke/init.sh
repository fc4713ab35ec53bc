#!/usr/bin/env bash
# The smoke section `xverify init` writes runs: on this machine the example
# release gets `--version` (exit any) on linux_amd64 natively, linux_arm64
# under qemu (cross libc folder) and windows_amd64 under Wine, and the
# release passes with them.
. "$(dirname "$0")/env.inc"
need_tool qemu-aarch64 qemu-user
need_tool wine wine64
[ -d /usr/aarch64-linux-gnu ] || xv_skip "no aarch64 cross libc folder (apt-get install libc6-arm64-cross)"
E=$XV_FIXTURES/example
xv_tmpdir
"$XVERIFY" init "$E/dist" >"$XV_TMP/m.json" 2>"$XV_TMP/err" || xv_fail "init: $(cat "$XV_TMP/err")"
M=$(cat "$XV_TMP/m.json")
xv_contains "$M" '"linux_amd64": ["native"]'
xv_contains "$M" '"linux_arm64": ["qemu"]'
xv_contains "$M" '"windows_amd64": ["wine"]'
xv_expect_rc 0 "$XVERIFY" --color never --json "$XV_TMP/r.json" --matrix "$XV_TMP/m.json" "$E/dist"
/usr/bin/python3 - "$XV_TMP/r.json" <<'PY' && xv_pass || xv_fail "init's smoke commands did not run on every runner"
import json, sys
runs = {(r["platform"], r["env"], r["verdict"]) for r in json.load(open(sys.argv[1]))["results"]
        if r["check"] == "smoke.run"}
want = {("linux_amd64", "native", "pass"), ("linux_arm64", "qemu", "pass"), ("windows_amd64", "wine", "pass")}
missing = want - runs
if missing:
    print("missing: %r; got %r" % (missing, runs), file=sys.stderr); sys.exit(1)
PY
xv_done
