#!/usr/bin/env bash
# The container image: Containerfile built with podman from this build's
# .deb on the locally imported Debian bookworm image (the one
# scripts/prepare-smoke.sh makes from the cached tree, so no registry is
# needed), with one runner (qemu-user) to keep the apt step short; then the
# image's entry point runs --version and verifies the example release
# mounted at /dist (zero configuration, exit 0).
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
command -v podman >/dev/null || xv_skip "podman not installed (scripts/deps.sh)"
command -v cpack >/dev/null || xv_skip "cpack not installed"
ex=$XV_FIXTURES/example/dist
[ -d "$ex" ] || xv_skip "example release not built ($ex)"
# As scripts/prepare-smoke.sh: runc, and ulimits podman can set here.
export CONTAINERS_CONF=$XV_TMP/containers.conf
printf '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]\n[engine]\nruntime = "runc"\n' >"$CONTAINERS_CONF"
base=localhost/xverify-rootfs/debian_bookworm_amd64:latest
podman image exists "$base" || xv_skip "no $base image (scripts/prepare-smoke.sh imports it)"

ctx=$XV_TMP/ctx
if ! (cd "$XV_TMP" && cpack --config "$XV_BUILD_DIR/CPackConfig.cmake" -G DEB -B "$ctx") >"$XV_TMP/cpack.log" 2>&1; then
  tail -20 "$XV_TMP/cpack.log" >&2; xv_fail "cpack failed"; xv_done; exit
fi
mv "$ctx"/xverify_*.deb "$XV_TMP/" && rm -rf "$ctx" && mkdir "$ctx" && mv "$XV_TMP"/xverify_*.deb "$ctx/"
tag=localhost/xverify-test:$$
if podman build -q -f "$XV_SOURCE_DIR/Containerfile" --build-arg BASE="$base" \
     --build-arg RUNNERS=qemu-user -t "$tag" "$ctx" >"$XV_TMP/build.log" 2>&1; then
  xv_pass
  xv_expect_rc 0 podman run --rm "$tag" --version
  xv_contains "$XV_OUT" "xverify 0.1.0" "container --version"
  xv_expect_rc 0 podman run --rm "$tag" inspect --help
  xv_expect_rc 0 podman run --rm -v "$ex:/dist:ro" "$tag" --color never /dist
  xv_contains "$XV_OUT" "Ready to publish" "container run on the example release"
  xv_expect_rc 0 podman run --rm --entrypoint sh "$tag" -c 'command -v qemu-aarch64'
  podman rmi -f "$tag" >/dev/null 2>&1
else
  tail -30 "$XV_TMP/build.log" >&2; xv_fail "podman build failed"
fi
xv_done
