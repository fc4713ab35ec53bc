#!/usr/bin/env bash
# `make run`: verifies the bundled example release (fixtures/example) with
# the freshly built xverify, first with zero configuration, then against its
# matrix (matrices/example.json), printing both reports. Exits non-zero when
# either run does not pass clean.
#   bash scripts/run-example.sh BUILD_DIR [extra xverify options...]
set -uo pipefail
build=${1:?usage: scripts/run-example.sh BUILD_DIR [xverify options...]}
shift
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd) || exit 2
xverify=$build/xverify
[ -x "$xverify" ] || { echo "run-example: $xverify not built (make build)" >&2; exit 2; }
fixtures=$build/fixtures
if [ ! -d "$fixtures/example/dist" ]; then
  echo "run-example: building the example release (fixtures/build.sh $fixtures)" >&2
  bash "$src/fixtures/build.sh" "$fixtures" || exit 2
fi
dist=$fixtures/example/dist
# Run from the source tree without installing: the system library lists.
export XVERIFY_DATA_DIR=${XVERIFY_DATA_DIR:-$src/matrices}

rc=0
echo "== xverify $dist   (zero configuration)"
"$xverify" "$@" "$dist"
r=$?; [ $r -eq 0 ] || { echo "run-example: zero-configuration run exited $r" >&2; rc=1; }
echo
echo "== xverify --matrix matrices/example.json $dist"
"$xverify" --matrix "$src/matrices/example.json" "$@" "$dist"
r=$?; [ $r -eq 0 ] || { echo "run-example: matrix run exited $r" >&2; rc=1; }
echo
if [ $rc -eq 0 ]; then
  echo "run-example: the example release passes clean, with and without its matrix"
fi
exit $rc
