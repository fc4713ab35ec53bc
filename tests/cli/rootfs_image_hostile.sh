#!/usr/bin/env bash
# Hostile image archives for `rootfs add --from`: a manifest layer path with
# "..", a layer that is a link out of the image, and whiteouts that reach
# through a link a lower layer made (d -> a host folder) must not read or
# delete anything outside the tree being built.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
T=$XV_TMP
mkarch() { # DIR OUT: tar of DIR's content
  tar -C "$1" -cf "$2" .
}
# 1. ".." in a manifest layer path.
mkdir -p "$T/a1"
printf '[{"Layers":["../../etc/passwd"]}]' > "$T/a1/manifest.json"
mkarch "$T/a1" "$T/a1.tar"
xv_expect_rc 1 "$XVERIFY" rootfs add t:a1 --from "$T/a1.tar" --cache-dir "$T/c"
xv_contains "$XV_OUT" "bad or too many layers"
# 2. A layer that is a link to a file outside the image.
mkdir -p "$T/a2" "$T/outside/etc"
echo secret > "$T/outside/etc/secret"
tar -C "$T/outside" -cf "$T/outside.tar" .
ln -s "$T/outside.tar" "$T/a2/layer.tar"
printf '[{"Layers":["layer.tar"]}]' > "$T/a2/manifest.json"
mkarch "$T/a2" "$T/a2.tar"
xv_expect_rc 1 "$XVERIFY" rootfs add t:a2 --from "$T/a2.tar" --cache-dir "$T/c"
xv_contains "$XV_OUT" "outside the image"
[ ! -e "$T/c/rootfs/t_a2_amd64" ] && xv_pass || xv_fail "a2 left an entry"
# 3. Whiteouts through a link made by a lower layer.
mkdir -p "$T/victim" "$T/a3/one" "$T/a3/two/d"
echo keep > "$T/victim/keep"; echo other > "$T/victim/other"
ln -s "$T/victim" "$T/a3/one/d"
: > "$T/a3/two/d/.wh..wh..opq"; : > "$T/a3/two/d/.wh.keep"
mkdir -p "$T/a3/img/l1" "$T/a3/img/l2"
tar -C "$T/a3/one" -cf "$T/a3/img/l1/layer.tar" .
tar -C "$T/a3/two" -cf "$T/a3/img/l2/layer.tar" .
printf '[{"Layers":["l1/layer.tar","l2/layer.tar"]}]' > "$T/a3/img/manifest.json"
mkarch "$T/a3/img" "$T/a3.tar"
"$XVERIFY" rootfs add t:a3 --from "$T/a3.tar" --cache-dir "$T/c" >/dev/null 2>&1
[ -f "$T/victim/keep" ] && [ -f "$T/victim/other" ] && xv_pass ||
  xv_fail "a whiteout deleted files outside the tree through a link"
xv_done
