#!/usr/bin/env bash
# `make run` on a machine where Wine has never run (scripts/run-example.sh
# with a fresh HOME, no WINEPREFIX, an empty cache): exit 0. The Wine prefix
# boot (`wineboot --init`, ~10-15 s cold) happens before any command's
# timeout starts and its time is reported as a fact of the Wine results.
. "$(dirname "$0")/env.inc"
need_tool bwrap bubblewrap
need_tool wine "wine wine64"
[ -d "$XV_FIXTURES/example/dist" ] || xv_skip "example release not built ($XV_FIXTURES/example/dist)"
xv_tmpdir
mkdir -p "$XV_TMP/home" "$XV_TMP/cache"
env -u WINEPREFIX HOME="$XV_TMP/home" XDG_CACHE_HOME="$XV_TMP/cache" \
  bash "$XV_SOURCE_DIR/scripts/run-example.sh" "$XV_BUILD_DIR" --color never \
  --json "$XV_TMP/r.json" > "$XV_TMP/out.txt" 2>&1
rc=$?
if [ $rc -eq 0 ]; then xv_pass; else xv_fail "make run exited $rc"; tail -30 "$XV_TMP/out.txt" >&2; fi
# The matrix run (the second) ran example.exe under Wine, with the boot time.
python3 - "$XV_TMP/r.json" <<'PY' && xv_pass || xv_fail "Wine result"
import json, sys
rs = [r for r in json.load(open(sys.argv[1]))["results"]
      if r["check"] == "smoke.run" and r.get("env") == "wine" and r["verdict"] == "pass"]
facts = [{f["key"]: f["value"] for f in r.get("facts") or []} for r in rs]
ok = rs and all(float(f.get("wineboot_seconds", "0")) > 0 for f in facts)
print("wine runs:", [(f.get("seconds"), f.get("wineboot_seconds")) for f in facts])
sys.exit(0 if ok else 1)
PY
xv_done
