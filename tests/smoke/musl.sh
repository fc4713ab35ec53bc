#!/usr/bin/env bash
# A musl environment built here without the internet (scripts/musl-rootfs.sh:
# Debian's musl + busybox-static), added with `rootfs add --from`, runs a
# musl-linked program: smoke.load through `ld-musl-x86_64.so.1 --list`,
# smoke.run with its output checked. A glibc program fails smoke.load there
# (the tree has no glibc loader), so the tier can fail. Uses its own cache:
# the shared one must not get a musl tree that zero-config runs would load
# every glibc binary on.
. "$(dirname "$0")/env.inc"
need_tool musl-gcc musl-tools
need_tool busybox busybox-static
need_tool bwrap bubblewrap
xv_tmpdir
T=$XV_TMP
F=$XV_FIXTURES/distros
[ -f "$F/hello-musl" ] || xv_fail "fixture not built: $F/hello-musl"
if out=$(bash "$XV_SOURCE_DIR/scripts/musl-rootfs.sh" "$T/musl.tar" 2>&1); then xv_pass
else xv_fail "musl-rootfs.sh: $out"; fi
xv_expect_rc 0 "$XVERIFY" rootfs add musl:debian --from "$T/musl.tar" --cache-dir "$T/xdg/xverify"
mkdir -p "$T/rel/tool_1.0_linux_amd64_musl/bin" "$T/rel/tool_1.0_linux_amd64/bin"
cp "$F/hello-musl" "$T/rel/tool_1.0_linux_amd64_musl/bin/"
cp "$F/needs-glibc234" "$T/rel/tool_1.0_linux_amd64/bin/"
cat > "$T/m.json" <<'J'
{ "smoke": { "environments": { "linux_amd64_musl": ["musl:debian"], "linux_amd64": ["musl:debian"] },
  "commands": [ { "match": "**/hello-musl", "argv": ["{file}"], "exit": 0, "stdout": "hello from xverify" } ] } }
J
XDG_CACHE_HOME=$T/xdg "$XVERIFY" --matrix "$T/m.json" --json "$T/r.json" "$T/rel" >/dev/null 2>&1
got=$(/usr/bin/python3 - "$T/r.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    if r["check"].startswith("smoke."):
        print("%s %s %s %s" % (r["check"], r["verdict"], r.get("env"), r["subject"].rsplit("/", 1)[-1]))
PY
)
echo "$got"
xv_contains "$got" "smoke.load pass musl:debian hello-musl"
xv_contains "$got" "smoke.run pass musl:debian hello-musl"
xv_contains "$got" "smoke.load fail musl:debian needs-glibc234"
xv_done
