#!/usr/bin/env bash
# Installs every Debian package xverify's build, tests and smoke runners need.
# Idempotent: packages already present are left alone and apt is not called.
#   scripts/deps.sh            build + tests + runners (what `make test` needs)
#   scripts/deps.sh --build    only what building xverify needs
set -euo pipefail

build=(cmake make pkg-config gcc libc6-dev libelf-dev libarchive-dev
       libcjson-dev libcmocka-dev libssl-dev libseccomp-dev)
fixtures=(gcc-aarch64-linux-gnu g++-aarch64-linux-gnu gcc-arm-linux-gnueabihf
          gcc-riscv64-linux-gnu gcc-i686-linux-gnu g++ gcc-mingw-w64
          g++-mingw-w64 clang lld llvm musl-tools busybox-static libc6-dev-i386-cross osslsigncode
          libc6-dev-armhf-cross libc6-dev-riscv64-cross libc6-dev-arm64-cross
          golang-go)
tests=(liblief-dev pax-utils binutils libxml2-utils python3-jsonschema
       p7zip-full zip unzip rpm cpio dpkg-dev xz-utils zstd lz4 bzip2
       libclang-rt-14-dev chromium file mandoc bash-completion man-db)
runners=(qemu-user debootstrap mmdebstrap bubblewrap podman runc wine64
         wine uidmap)

want=("${build[@]}")
if [ "${1:-}" != "--build" ]; then
  want+=("${fixtures[@]}" "${tests[@]}" "${runners[@]}")
fi

missing=()
for p in "${want[@]}"; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$st" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps.sh: installing ${missing[*]}" >&2
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
# apt lists may be absent on a fresh machine; update once per install.
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
