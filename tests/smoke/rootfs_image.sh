#!/usr/bin/env bash
# `rootfs add NAME --from IMAGE.tar` for image archives: a `podman save` of
# the imported bookworm image (docker-archive, and --format oci-archive)
# re-added with --from gives the same tree as the original (device nodes
# aside: runners mount their own /dev) and the same smoke results; a
# two-layer archive made here checks that layers apply in order and that
# whiteouts (.wh.NAME, .wh..wh..opq) delete what the layers below made.
. "$(dirname "$0")/env.inc"
need_tool podman podman
need_tool runc runc
need_tool bwrap bubblewrap
need_rootfs debian:bookworm amd64
xv_tmpdir
T=$XV_TMP
conf=$T/containers.conf
printf '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]\n[engine]\nruntime = "runc"\n' > "$conf"
img=localhost/xverify-rootfs/debian_bookworm_amd64:latest
CONTAINERS_CONF=$conf podman image exists "$img" ||
  xv_skip "podman image $img not imported (bash scripts/prepare-smoke.sh)"
orig=$XDG_CACHE_HOME/xverify/rootfs/debian_bookworm_amd64/root
# Names, types, modes, link targets, and sizes of regular files (a folder's
# size is the file system's business).
listing() { (cd "$1" && find . -path ./dev -prune -o \( -type f -printf '%p f %m %s\n' \) \
               -o \( ! -type f -printf '%p %y %m %l\n' \) | LC_ALL=C sort); }
listing "$orig" > "$T/orig.lst"

for fmt in docker-archive oci-archive; do
  CONTAINERS_CONF=$conf podman save --format "$fmt" -o "$T/$fmt.tar" "$img" >/dev/null 2>&1 ||
    { xv_fail "podman save --format $fmt failed"; continue; }
  xv_expect_rc 0 "$XVERIFY" rootfs add "debian:$fmt" --from "$T/$fmt.tar" --cache-dir "$T/xdg/xverify"
  listing "$T/xdg/xverify/rootfs/debian_${fmt}_amd64/root" > "$T/$fmt.lst"
  if cmp -s "$T/orig.lst" "$T/$fmt.lst"; then xv_pass
  else xv_fail "$fmt tree differs from the original"; diff "$T/orig.lst" "$T/$fmt.lst" | head -10 >&2; fi
done

# Same smoke results: a program that loads and a library whose libssl.so.1.1
# bookworm lacks, on the original tree and on the re-added one.
F=$XV_FIXTURES/distros
mkdir -p "$T/rel/tool_1.0_linux_amd64/bin" "$T/rel/tool_1.0_linux_amd64/lib"
cp "$F/needs-glibc234" "$T/rel/tool_1.0_linux_amd64/bin/"
cp "$F/libold.so" "$T/rel/tool_1.0_linux_amd64/lib/"
smoke() { # JSON ENV -> "check verdict subject" of smoke results on ENV
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    if r["check"].startswith("smoke.") and r.get("env") == sys.argv[2]:
        print(r["check"], r["verdict"], r["subject"].rsplit("/", 2)[-2:])
PY
}
"$XVERIFY" --distros debian:bookworm --json "$T/a.json" "$T/rel" >/dev/null 2>&1
XDG_CACHE_HOME=$T/xdg "$XVERIFY" --distros debian:docker-archive --json "$T/b.json" "$T/rel" >/dev/null 2>&1
a=$(smoke "$T/a.json" debian:bookworm) b=$(smoke "$T/b.json" debian:docker-archive)
echo "$a"
xv_contains "$a" "smoke.load pass ['bin', 'needs-glibc234']"
xv_contains "$a" "smoke.load fail ['lib', 'libold.so']"
[ -n "$a" ] && [ "$a" = "$b" ] && xv_pass || xv_fail "smoke results differ: original [$a] re-added [$b]"

# Layers in order, whiteouts honoured (a docker-archive made by hand).
L=$T/layers
mkdir -p "$L/one/etc" "$L/one/d" "$L/two/etc" "$L/two/d" "$L/arch/l1" "$L/arch/l2"
echo a > "$L/one/etc/a"; echo b > "$L/one/etc/b"; echo x > "$L/one/d/x"; echo y > "$L/one/d/y"
cp /bin/busybox "$L/one/etc/sh" 2>/dev/null || cp /bin/sh "$L/one/etc/sh"
: > "$L/two/etc/.wh.a"; : > "$L/two/d/.wh..wh..opq"; echo z > "$L/two/d/z"; echo B > "$L/two/etc/b"
tar -C "$L/one" -cf "$L/arch/l1/layer.tar" .
tar -C "$L/two" -cf "$L/arch/l2/layer.tar" .
printf '[{"Config":"c.json","RepoTags":["x:1"],"Layers":["l1/layer.tar","l2/layer.tar"]}]' > "$L/arch/manifest.json"
echo '{}' > "$L/arch/c.json"
tar -C "$L/arch" -cf "$T/layers.tar" .
xv_expect_rc 0 "$XVERIFY" rootfs add test:layers --from "$T/layers.tar" --cache-dir "$T/xdg/xverify"
R=$T/xdg/xverify/rootfs/test_layers_amd64/root
got=$(cd "$R" && find . -type f | LC_ALL=C sort | tr '\n' ' '; cat etc/b)
xv_contains "$got" "./d/z ./etc/b ./etc/sh B" "layered tree"
xv_lacks "$got" "./etc/a" "layered tree"
xv_lacks "$got" "./d/x" "layered tree"
xv_lacks "$got" ".wh." "layered tree"
xv_done
