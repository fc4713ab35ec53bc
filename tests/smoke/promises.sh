#!/usr/bin/env bash
# Promised distros (matrix "distros") are smoke environments where their tree
# is cached: debian:11 loads a library needing libssl.so.1.1 on the bullseye
# tree (its minbase has OpenSSL 1.1), debian:12 fails it on bookworm; a
# promised release without a cached tree (ubuntu:20.04) adds no environment.
. "$(dirname "$0")/env.inc"
need_tool bwrap bubblewrap
need_rootfs debian:bullseye amd64 debian:bookworm amd64
xv_tmpdir
T=$XV_TMP
F=$XV_FIXTURES/distros
mkdir -p "$T/rel/tool_1.0_linux_amd64/lib"
cp "$F/libold.so" "$T/rel/tool_1.0_linux_amd64/lib/"
envs() {
  /usr/bin/python3 - "$1" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    if r["check"] == "smoke.load":
        print(r["verdict"], r.get("env"))
PY
}
printf '{ "distros": ["debian:11", "ubuntu:20.04"] }\n' > "$T/a.json"
"$XVERIFY" --smoke --today 2025-01-15 --matrix "$T/a.json" --json "$T/a.out" "$T/rel" >/dev/null 2>&1
got=$(envs "$T/a.out")
[ "$got" = "pass debian:bullseye" ] && xv_pass || xv_fail "debian:11 + ubuntu:20.04: got [$got], want [pass debian:bullseye]"
printf '{ "platforms": { "linux_amd64": { "distros": ["debian:bookworm"] } } }\n' > "$T/b.json"
"$XVERIFY" --smoke --today 2025-01-15 --matrix "$T/b.json" --json "$T/b.out" "$T/rel" >/dev/null 2>&1
got=$(envs "$T/b.out")
[ "$got" = "fail debian:bookworm" ] && xv_pass || xv_fail "debian:bookworm: got [$got], want [fail debian:bookworm]"
xv_done
