#!/usr/bin/env bash
# Prepares what the smoke tests (ctest -L smoke) need, reusing what a
# previous run on this machine left:
#   - debian bullseye, bookworm, trixie (amd64) and bookworm (arm64, files
#     only) root filesystems, built by `xverify rootfs add` (mmdebstrap from
#     the mirror apt uses) into $XV_SMOKE_CACHE/xverify/rootfs/ (default
#     /var/cache/xverify-ci, which the tests read as XDG_CACHE_HOME);
#   - the podman image the oci runner uses, imported from the bookworm tree;
#   - a Wine warm-up (wineboot in a throwaway prefix) so the first smoke run
#     does not pay for cold caches.
# Prints the time of each step. Usage: scripts/prepare-smoke.sh [BUILD_DIR]
set -uo pipefail
build=${1:-build}
cache=${XV_SMOKE_CACHE:-/var/cache/xverify-ci}
xverify=${XVERIFY:-$build/xverify}
if [ ! -x "$xverify" ] && [ -z "${XVERIFY:-}" ]; then
  # scripts/test.sh may name its build folder differently: the newest build.
  newest=$(ls -t build*/xverify 2>/dev/null | head -1)
  [ -n "$newest" ] && xverify=$newest
fi
[ -x "$xverify" ] || { echo "prepare-smoke: $xverify not built (cmake --build $build)" >&2; exit 1; }
mkdir -p "$cache" || exit 1
export XDG_CACHE_HOME=$cache
rc=0
t0=$(date +%s)
step() { echo "prepare-smoke: $1 ($(( $(date +%s) - t0 )) s)"; }

# Root filesystems, in parallel (mostly download time); reused when present.
pids=()
for spec in debian:bullseye/amd64 debian:bookworm/amd64 debian:trixie/amd64 debian:bookworm/arm64; do
  name=${spec%/*} arch=${spec#*/}
  ( out=$("$xverify" rootfs add "$name" --arch "$arch" 2>&1) || { echo "$out" >&2; exit 1; }
    echo "prepare-smoke: $out" ) &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || rc=1; done
step "root filesystems"
"$xverify" rootfs list

# The OCI image of the bookworm tree (the oci runner imports it on first use
# otherwise; done here so its time shows in the log).
if command -v podman >/dev/null; then
  conf=$(mktemp)
  printf '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]\n[engine]\nruntime = "runc"\n' > "$conf"
  img=localhost/xverify-rootfs/debian_bookworm_amd64:latest
  root=$cache/xverify/rootfs/debian_bookworm_amd64/root
  if ! CONTAINERS_CONF=$conf podman image exists "$img"; then
    if [ -d "$root" ]; then
      tar --numeric-owner -C "$root" -cf - . | CONTAINERS_CONF=$conf podman import - "$img" >/dev/null || rc=1
    fi
  fi
  rm -f "$conf"
  step "podman image $img"
else
  echo "prepare-smoke: podman not installed (scripts/deps.sh)" >&2
  rc=1
fi

# Wine: boot a throwaway prefix once (cold start ~10 s, later ones ~2 s).
if command -v wine >/dev/null; then
  wp=$(mktemp -d)
  WINEPREFIX=$wp WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" timeout 300 wine wineboot --init >/dev/null 2>&1 || rc=1
  WINEPREFIX=$wp wineserver -k >/dev/null 2>&1
  rm -rf "$wp"
  step "wine warm-up"
else
  echo "prepare-smoke: wine not installed (scripts/deps.sh)" >&2
  rc=1
fi
exit $rc
