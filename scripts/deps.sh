#!/usr/bin/env bash
# Installs every Debian package xverify's build, tests and smoke runners need.
# Idempotent: packages already present are left alone and apt is not called.
# Also the pinned npm test tool cli.action uses (into $XV_TOOLS_DIR).
#   scripts/deps.sh            build + tests + runners (what `make test` needs)
#   scripts/deps.sh --build    only what building xverify needs (not its
#                              portable configuration, XV_PORTABLE)
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
       libclang-rt-14-dev chromium file mandoc bash-completion man-db
       python3-yaml nodejs
       libarchive-tools    # bsdtar: the peer of tests/bench/release.sh
       libtsan2)           # gcc -fsanitize=thread: the ThreadSanitizer build
# Static archives the portable build (XV_PORTABLE: the release tarball,
# tests/delivery/install.sh) links besides the -dev packages above.
portable=(libzstd-dev liblz4-dev libacl1-dev)
runners=(qemu-user debootstrap mmdebstrap bubblewrap podman runc wine64
         wine uidmap)

want=("${build[@]}")
if [ "${1:-}" != "--build" ]; then
  want+=("${fixtures[@]}" "${tests[@]}" "${portable[@]}" "${runners[@]}")
fi

missing=()
for p in "${want[@]}"; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$st" = "install ok installed" ] || missing+=("$p")
done
# npm comes with some nodejs builds and is Debian's separate npm package
# for Debian's own nodejs.
if [ "${1:-}" != "--build" ] && ! command -v npm >/dev/null; then
  missing+=(npm)
fi

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # apt lists may be absent on a fresh machine; update once per install.
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ "${1:-}" = "--build" ] && exit 0

# Test tools from the npm registry, pinned, into a cache folder the tests
# read ($XV_TOOLS_DIR): the GitHub Action metadata validator (cli.action).
tools=${XV_TOOLS_DIR:-/var/cache/xverify-ci/tools}
if [ ! -x "$tools/node_modules/.bin/action-validator" ]; then
  echo "deps.sh: installing @action-validator/cli into $tools" >&2
  $SUDO mkdir -p "$tools"
  $SUDO npm install --silent --no-audit --no-fund --prefix "$tools" @action-validator/cli@0.6.0 >/dev/null
fi
