#!/usr/bin/env bash
# Makes a minimal musl root filesystem tarball for the smoke tests, without
# the internet: the musl loader/libc from Debian's `musl` package and a shell
# from `busybox-static`, both as installed on this machine (scripts/deps.sh
# installs them); with --download, from the .deb files `apt-get download`
# fetches from the Debian mirror instead. Add it with
#   xverify rootfs add musl:debian --from musl-rootfs.tar
# Usage: scripts/musl-rootfs.sh [--download] OUT.tar
set -euo pipefail
download=0
[ "${1:-}" = --download ] && { download=1; shift; }
out=${1:?usage: musl-rootfs.sh [--download] OUT.tar}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root"
arch=$(dpkg --print-architecture)
triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -dumpmachine)
mtrip=${triplet%-gnu*}-musl
mtrip=${mtrip/-linux-/-linux-}
if [ $download = 1 ]; then
  (cd "$tmp" && apt-get download musl busybox-static >/dev/null)
  for d in "$tmp"/*.deb; do dpkg-deb -x "$d" "$root"; done
else
  for pkg in musl busybox-static; do
    dpkg -L "$pkg" >/dev/null 2>&1 || { echo "musl-rootfs: $pkg is not installed (apt-get install $pkg)" >&2; exit 1; }
    dpkg -L "$pkg" | while read -r f; do
      [ -d "$f" ] && continue
      [ -f "$f" ] || [ -L "$f" ] || continue
      case $f in /usr/share/*) continue ;; esac
      mkdir -p "$root$(dirname "$f")"
      cp -a "$f" "$root$f"
    done
  done
fi
# The loader link the musl postinst would make, and the usual shell names.
ldname=$(basename "$(ls "$root"/etc/ld-musl-*.path | head -1)" .path)
libc=$(cd "$root" && ls lib/*-linux-musl/libc.so usr/lib/*-linux-musl/libc.so 2>/dev/null | head -1 || true)
[ -n "$libc" ] || { echo "musl-rootfs: no musl libc.so in the packages" >&2; exit 1; }
mkdir -p "$root/lib" "$root/bin" "$root/usr/bin" "$root/tmp" "$root/etc"
ln -sf "/$libc" "$root/lib/$ldname.so.1"
[ -x "$root/bin/busybox" ] || { echo "musl-rootfs: no /bin/busybox" >&2; exit 1; }
for t in sh ls cat echo env true false uname; do ln -sf busybox "$root/bin/$t"; done
chmod 1777 "$root/tmp"
echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
tar --numeric-owner -C "$root" -cf "$out" .
echo "musl-rootfs: $out ($arch, $ldname, $(du -sh "$root" | cut -f1))"
