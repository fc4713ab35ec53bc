#!/usr/bin/env bash
# A sharded run splits the smoke jobs too: with the example's matrix (smoke
# on bookworm and trixie, podman, native, qemu, Wine), each of --shard 1/3,
# 2/3, 3/3 runs the smoke commands of its own platforms only, and the merge
# gives the unsharded run's results and exit code. What differs between any
# two runs of the same commands is set aside: run times (and Wine's start-up
# time), the temporary extraction folder and container names in the
# commands and their output, and the load addresses ld.so prints.
. "$(dirname "$0")/env.inc"
need_tool bwrap bubblewrap
need_tool qemu-aarch64 qemu-user
need_tool wine "wine wine64"
need_tool podman "podman runc"
need_rootfs debian:bookworm amd64 debian:trixie amd64 debian:bookworm arm64
ex=$XV_FIXTURES/example/dist
[ -d "$ex" ] || xv_skip "example release not built ($ex)"
xv_tmpdir
cd "$(dirname "$ex")"
export XV_DETERMINISTIC=1
m=$XV_SOURCE_DIR/matrices/example.json
xv_expect_rc 0 "$XVERIFY" --matrix "$m" --today 2026-11-30 --json "$XV_TMP/full.json" dist
for k in 1 2 3; do
  xv_expect_rc 0 "$XVERIFY" --matrix "$m" --today 2026-11-30 --shard $k/3 --json "$XV_TMP/s$k.json" dist
done
xv_expect_rc 0 "$XVERIFY" merge "$XV_TMP/s1.json" "$XV_TMP/s2.json" "$XV_TMP/s3.json" \
  --json "$XV_TMP/merged.json"
if /usr/bin/python3 - "$XV_TMP" <<'PY'
import json, re, sys
t = sys.argv[1]
def norm(path):
    d = json.load(open(path, encoding="utf-8"))
    d.pop("saved", None)
    def clean(s):
        if s is None:
            return s
        s = re.sub(r"xverify-extract\.[A-Za-z0-9]+", "X", s)
        s = re.sub(r"--name=xverify-[0-9]+-[0-9]+", "--name=xverify-N", s)
        return re.sub(r"0x[0-9a-f]+", "0x", s)
    for r in d["results"]:
        r.pop("seconds", None)
        if r["check"].startswith("smoke"):
            r["detail"] = clean(r["detail"])
            r["facts"] = [{"key": f["key"], "value": clean(f["value"])} for f in r["facts"]
                          if not f["key"].endswith("seconds")]
    return d
full, merged = norm(t + "/full.json"), norm(t + "/merged.json")
smoke = [r for r in full["results"] if r["check"].startswith("smoke")]
# each shard ran the smoke jobs of its own packages, and only those
shards = [json.load(open("%s/s%d.json" % (t, k), encoding="utf-8")) for k in (1, 2, 3)]
for s in shards:
    own = {p["path"] for p in s["packages"]}
    if any(r["package"] not in own for r in s["results"] if r["check"].startswith("smoke")):
        print("a shard ran another shard's smoke job", file=sys.stderr); sys.exit(1)
n = sum(1 for s in shards for r in s["results"] if r["check"].startswith("smoke"))
if n != len(smoke) or not smoke:
    print("smoke jobs: %d in the shards, %d unsharded" % (n, len(smoke)), file=sys.stderr); sys.exit(1)
if full != merged:
    for k in full:
        if full[k] != merged.get(k):
            print("differs: %s" % k, file=sys.stderr)
    for x, y in zip(full["results"], merged["results"]):
        if x != y:
            for f in x:
                if x[f] != y.get(f):
                    print("  %s: %r\n  vs %r" % (f, x[f], y.get(f)), file=sys.stderr)
            break
    sys.exit(1)
PY
then xv_pass; else xv_fail "sharded smoke runs differ from the unsharded run"; fi
xv_done
