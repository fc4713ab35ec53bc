#!/usr/bin/env bash
# Runs every ctest tier in the normal build, then the same suite in the
# ASan+UBSan build (smoke tier excluded there: it runs foreign binaries
# through real runners, which the sanitizers do not make any safer, and it is
# the slow part; the delivery tier builds, installs and packages the normal
# build only). Then the unit and cli tiers in the ThreadSanitizer build: the
# packages are read, the checks run and the smoke commands are started on
# --jobs threads (default: every CPU, so every cli test runs threads), and a
# data race there makes the program or the unit test exit 66, which fails
# the test. Prints a summary line per build.
set -uo pipefail
build=${1:-build}
asan=${2:-build-asan}
tsan=${3:-build-tsan}
src=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)
rc=0

if [ "${CI:-}" = true ]; then
  # Smoke prerequisites (root filesystems) are prepared by their own script so
  # their time is visible in the log.
  [ -x scripts/prepare-smoke.sh ] && { bash scripts/prepare-smoke.sh || rc=1; }
fi

echo "== tests: $build"
(cd "$build" && ctest --output-on-failure -j "$jobs" -LE real) || rc=1
echo "== tests under ASan+UBSan: $asan"
(cd "$asan" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
   ctest --output-on-failure -j "$jobs" -LE 'smoke|real|delivery') || rc=1
echo "== tests under ThreadSanitizer: $tsan"
# cli.coverage is left out: it walks hostile releases of 10^5..10^6 entries
# (over ten minutes under the detector) to test the limits, which
# unit.dist_pool tests on threads.
(cd "$tsan" && TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 suppressions=$src/tests/tsan.supp" \
   ctest --output-on-failure -j "$jobs" -L 'unit|cli' -E '^cli\.coverage$') || rc=1
exit $rc
