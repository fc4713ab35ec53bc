#!/usr/bin/env bash
# The bundled example release with its matrix (matrices/example.json): loads
# and runs on bookworm and trixie (bwrap), in a podman container imported from
# the bookworm rootfs, natively, its arm64 build under qemu (cross libc and the
# arm64 bookworm rootfs), its Windows amd64 build under Wine. Its GLIBC_2.34
# floor excludes bullseye, which --distros shows.
. "$(dirname "$0")/env.inc"
need_tool bwrap bubblewrap
need_tool qemu-aarch64 qemu-user
need_tool wine "wine wine64"
need_tool podman "podman runc"
need_rootfs debian:bullseye amd64 debian:bookworm amd64 debian:trixie amd64 debian:bookworm arm64
ex=$XV_FIXTURES/example/dist
[ -d "$ex" ] || xv_skip "example release not built ($ex)"
xv_tmpdir
cd "$(dirname "$ex")"

xv_expect_rc 0 "$XVERIFY" --matrix "$XV_SOURCE_DIR/matrices/example.json" --color never \
  --json "$XV_TMP/r.json" --junit "$XV_TMP/r.xml" dist
R=$XV_TMP/r.json
A=example_1.0.0_linux_amd64.tar.gz!/example_1.0.0_linux_amd64
B=example_1.0.0_linux_arm64.tar.gz!/example_1.0.0_linux_arm64
W=example_1.0.0_windows_amd64.zip!/example_1.0.0_windows_amd64
for env in native debian:bookworm debian:trixie oci:debian:bookworm; do
  expect "$R" "smoke.load|$A/bin/example|$env|pass|ok" \
              "smoke.load|$A/lib/libexcore.so|$env|pass|ok" \
              "smoke.run|$A/bin/example#1|$env|pass|ok"
done
for env in qemu debian:bookworm; do
  expect "$R" "smoke.load|$B/bin/example|$env|pass|ok" "smoke.run|$B/bin/example#1|$env|pass|ok"
done
expect "$R" "smoke.run|$W/example.exe#2|wine|pass|ok"
# The runners said which they were.
python3 - "$R" <<'PY' && xv_pass || xv_fail "runner facts"
import json, sys
rs = [r for r in json.load(open(sys.argv[1]))["results"] if r["check"].startswith("smoke.")]
runners = {f["value"] for r in rs for f in r.get("facts") or [] if f["key"] == "runner"}
need = {"native", "rootfs", "oci", "qemu", "wine"}
sys.exit(0 if need <= runners else print("runners seen:", sorted(runners)) or 1)
PY
# One JUnit testcase per artifact x environment (x command).
n=$(grep -c '<testcase[^>]*smoke' "$XV_TMP/r.xml" || true)
if [ "${n:-0}" -ge 20 ]; then xv_pass; else xv_fail "JUnit smoke testcases: $n"; fi
# ... with the captured output in <system-out>.
python3 - "$XV_TMP/r.xml" <<'PY' && xv_pass || xv_fail "JUnit system-out of smoke.run"
import sys, xml.etree.ElementTree as ET
ok = False
for tc in ET.parse(sys.argv[1]).iter("testcase"):
    out = tc.find("system-out")
    if tc.get("name", "").endswith("[debian:trixie]") and "smoke_run" in tc.get("classname", "") \
       and out is not None and "example 1.0.0" in (out.text or ""):
        ok = True
sys.exit(0 if ok else 1)
PY

# bullseye named on the command line: the floor is too new for it.
xv_expect_rc 1 "$XVERIFY" --color never --distros debian:bullseye --json "$XV_TMP/b.json" \
  dist/example_1.0.0_linux_amd64.tar.gz
expect "$XV_TMP/b.json" \
  "smoke.load|$A/bin/example|debian:bullseye|fail|symbol version not found|GLIBC_2.34"
xv_done
