#!/usr/bin/env bash
# xverify rootfs add/list/rm on a private cache: --from a tarball (arch
# detected from its shell), reuse of a cached entry, removal, usage errors.
. "$(dirname "$0")/env.inc"
need_rootfs debian:bookworm arm64
xv_tmpdir
C=$XV_TMP/cache
arm=$("$XVERIFY" rootfs list | awk '$1=="debian:bookworm" && $2=="arm64" {print $4}')
[ -n "$arm" ] || xv_skip "no arm64 rootfs"
# A minimal rootfs tarball: the arm64 tree's shell and loader only.
mkdir -p "$XV_TMP/mini/usr/bin" "$XV_TMP/mini/etc"
for c in usr/bin/dash bin/dash; do
  [ -f "$arm/$c" ] && [ ! -L "$arm/$c" ] && cp "$arm/$c" "$XV_TMP/mini/usr/bin/dash"
done
[ -f "$XV_TMP/mini/usr/bin/dash" ] || xv_fail "no dash in $arm"
echo mini > "$XV_TMP/mini/etc/hostname"
tar -C "$XV_TMP/mini" -czf "$XV_TMP/mini.tar.gz" .

xv_expect_rc 0 "$XVERIFY" rootfs list --cache-dir "$C"
xv_expect_rc 0 "$XVERIFY" rootfs add mini:1 --from "$XV_TMP/mini.tar.gz" --cache-dir "$C"
xv_expect_rc 0 "$XVERIFY" rootfs list --cache-dir "$C"
xv_contains "$XV_OUT" "mini:1" "list"
xv_contains "$XV_OUT" "arm64" "list (arch from the tarball's dash)"
[ -f "$C/rootfs/mini_1_arm64/root/etc/hostname" ] && xv_pass || xv_fail "tree not unpacked"
xv_expect_rc 0 "$XVERIFY" rootfs add mini:1 --from "$XV_TMP/mini.tar.gz" --cache-dir "$C"
xv_contains "$XV_OUT" "already cached"
# A tarball whose arch contradicts --arch is refused.
xv_expect_rc 2 "$XVERIFY" rootfs add mini:2 --arch amd64 --from "$XV_TMP/mini.tar.gz" --cache-dir "$C"
xv_contains "$XV_OUT" "arm64"
xv_expect_rc 1 "$XVERIFY" rootfs add bad:1 --from "$XV_TMP/nonexistent.tar" --cache-dir "$C"
# A hostile tarball (a member climbing out with ..) is refused, nothing written outside.
python3 - "$XV_TMP/dotdot.tar" <<'PY'
import io, sys, tarfile
with tarfile.open(sys.argv[1], "w") as t:
    for name in ("etc/ok", "../../xv-escaped"):
        data = b"x\n"
        info = tarfile.TarInfo(name)
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
PY
xv_expect_rc 1 "$XVERIFY" rootfs add evil:1 --from "$XV_TMP/dotdot.tar" --cache-dir "$C"
xv_contains "$XV_OUT" "unsafe member name"
[ ! -e "$C/xv-escaped" ] && [ ! -e "$XV_TMP/xv-escaped" ] && [ ! -d "$C/rootfs/evil_1_amd64" ] &&
  xv_pass || xv_fail "the hostile tarball left files"
xv_expect_rc 0 "$XVERIFY" rootfs rm mini:1 --cache-dir "$C"
xv_expect_rc 0 "$XVERIFY" rootfs list --cache-dir "$C"
xv_lacks "$XV_OUT" "mini:1" "list after rm"
xv_expect_rc 2 "$XVERIFY" rootfs rm mini:1 --cache-dir "$C"
xv_expect_rc 2 "$XVERIFY" rootfs add nosuite --cache-dir "$C"
xv_expect_rc 2 "$XVERIFY" rootfs frobnicate
xv_expect_rc 2 "$XVERIFY" rootfs add debian:bookworm --arch 'x/y' --cache-dir "$C"
# XDG_CACHE_HOME is honoured.
XDG_CACHE_HOME=$XV_TMP/xdg xv_expect_rc 0 "$XVERIFY" rootfs add mini:3 --from "$XV_TMP/mini.tar.gz"
[ -d "$XV_TMP/xdg/xverify/rootfs/mini_3_arm64/root" ] && xv_pass || xv_fail "XDG_CACHE_HOME not used"
xv_done
