#!/usr/bin/env bash
# Benchmark, not a test (nothing here passes or fails on time): how long
# `xverify inspect --json` takes over every ELF shared library of the host's
# multiarch folder, side by side in the same run with readelf, llvm-readobj
# and scanelf reading comparable tables of the same file list, and the peak
# RSS of `inspect --json` on the largest real binary found.
#
# Usage: tests/bench/inspect.sh [XVERIFY] [LIBDIR]
#   XVERIFY  the program (default: $XVERIFY, else build/xverify)
#   LIBDIR   default /usr/lib/x86_64-linux-gnu
# Env: RUNS (default 5; the median is reported, after one warm-up run of
#      each command that brings the files into the page cache)
#      BEFORE another xverify program (an older build) timed in the same
#      rounds, for a before/after comparison
#      BIG    the large binary for the peak RSS (default: /usr/lib/chromium/
#      chromium if present, else the largest file of the list)
# The commands run in rounds (each command once per round, in turn), so a
# load that comes and goes on a shared machine falls on all of them alike.
set -u
here=$(cd "$(dirname "$0")" && pwd)
xv=${1:-${XVERIFY:-$here/../../build/xverify}}
libdir=${2:-/usr/lib/x86_64-linux-gnu}
runs=${RUNS:-5}
before=${BEFORE:-}
[ -x "$xv" ] || { echo "no xverify program at $xv (build first, or pass its path)" >&2; exit 2; }
[ "$runs" -ge 5 ] || echo "note: RUNS=$runs; the figures in docs/performance.md use at least 5" >&2

# Regular files named *.so or *.so.*, ELF magic, sorted; symlinks not followed.
mapfile -t files < <(find "$libdir" -maxdepth 1 -type f \( -name '*.so' -o -name '*.so.*' \) -print |
  LC_ALL=C sort | while IFS= read -r f; do
    [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] && printf '%s\n' "$f"
  done)
n=${#files[@]}
[ "$n" -gt 0 ] || { echo "no ELF shared libraries in $libdir" >&2; exit 2; }
bytes=$(cat "${files[@]}" | wc -c)

now_ns() { date +%s%N; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

names=()
declare -A cmd times cpus med cmed
add() {  # add NAME CMD...: a command run over all the files
  local name=$1; shift
  names+=("$name")
  cmd[$name]=$(printf '%q ' "$@")
  times[$name]=""
  cpus[$name]=""
}
add "xverify inspect --json" "$xv" inspect --json
add "xverify inspect --json --jobs 1" "$xv" inspect --json --jobs 1
add "xverify inspect --json --no-symbols" "$xv" inspect --json --no-symbols
add "xverify inspect --json --no-symbols --jobs 1" "$xv" inspect --json --no-symbols --jobs 1
if [ -n "$before" ]; then
  add "before: inspect --json" "$before" inspect --json
  add "before: inspect --json --no-symbols" "$before" inspect --json --no-symbols
fi
command -v llvm-readobj >/dev/null &&
  add "llvm-readobj --needed-libs --dyn-syms --version-info" llvm-readobj --needed-libs --dyn-syms --version-info
command -v scanelf >/dev/null && add "scanelf -qn" scanelf -qn
command -v readelf >/dev/null && add "readelf -dW --dyn-syms -V" readelf -dW --dyn-syms -V

echo "inspect benchmark: $n ELF shared libraries in $libdir, $((bytes / 1024 / 1024)) MiB, $runs rounds (median), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
for k in "${names[@]}"; do eval "${cmd[$k]}" '"${files[@]}"' >/dev/null 2>&1; done   # warm-up
# Wall time, and the CPU time (user + system, bash's `time`, ms) each run
# took: on a machine shared with other sessions the wall time follows the
# load, the CPU time much less.
TIMEFORMAT='%3U %3S'
for ((i = 0; i < runs; i++)); do
  for k in "${names[@]}"; do
    s=$(now_ns)
    c=$( { time eval "${cmd[$k]}" '"${files[@]}"' >/dev/null 2>&1; } 2>&1 )
    e=$(now_ns)
    times[$k]+=" $(((e - s) / 1000))"
    cpus[$k]+=" $(echo "$c" | awk '{printf "%d", ($1 + $2) * 1000000}')"
  done
done
for k in "${names[@]}"; do
  # shellcheck disable=SC2086
  med[$k]=$(median ${times[$k]})
  # shellcheck disable=SC2086
  cmed[$k]=$(median ${cpus[$k]})
  printf '  %-52s median %8.1f ms, CPU %8.1f ms   runs (us):%s\n' "$k" "$(echo "${med[$k]} / 1000" | bc -l)" \
    "$(echo "${cmed[$k]} / 1000" | bc -l)" "${times[$k]}"
done

ratio() {  # ratio A B GOAL: A's median / B's median, wall and CPU
  [ -n "${med[$1]:-}" ] && [ -n "${med[$2]:-}" ] || return 0
  printf '  %-52s %6.3fx  (CPU %6.3fx)   goal %s\n' "$1 / $2" "$(echo "${med[$1]} / ${med[$2]}" | bc -l)" \
    "$(echo "${cmed[$1]} / (${cmed[$2]} + 0.001)" | bc -l)" "$3"
}
echo "ratios (xverify's wall time / the peer's; in parentheses the same for CPU time):"
ratio "xverify inspect --json" "llvm-readobj --needed-libs --dyn-syms --version-info" "<= 0.1"
ratio "xverify inspect --json --jobs 1" "llvm-readobj --needed-libs --dyn-syms --version-info" "-"
ratio "xverify inspect --json" "readelf -dW --dyn-syms -V" "-"
ratio "xverify inspect --json --no-symbols" "scanelf -qn" "<= 3"
ratio "xverify inspect --json --no-symbols --jobs 1" "scanelf -qn" "-"
if [ -n "$before" ]; then
  ratio "xverify inspect --json" "before: inspect --json" "after / before"
  ratio "xverify inspect --json --no-symbols" "before: inspect --json --no-symbols" "after / before"
fi

# Peak RSS (GNU time's %M, KiB).
if [ -x /usr/bin/time ]; then
  rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
  big=${BIG:-}
  if [ -z "$big" ]; then
    if [ -f /usr/lib/chromium/chromium ]; then big=/usr/lib/chromium/chromium
    else big=$(ls -S "${files[@]}" | head -1); fi
  fi
  bsize=$(stat -c %s "$big")
  echo "peak RSS:"
  for args in "--json" "--json --jobs 1" "--json --no-symbols"; do
    # shellcheck disable=SC2086
    k=$(rss "$xv" inspect $args "${files[@]}")
    printf '  %-52s %8.1f MB (all %d files, %d MB)\n' "inspect $args" "$(echo "$k / 1024" | bc -l)" "$n" "$((bytes / 1000000))"
  done
  k=$(rss "$xv" inspect --json "$big")
  printf '  %-52s %8.1f MB = %.3fx its size (%d MB; goal <= 2x)\n' "inspect --json $big" \
    "$(echo "$k / 1024" | bc -l)" "$(echo "$k * 1024 / $bsize" | bc -l)" "$((bsize / 1000000))"
else
  echo "peak RSS: /usr/bin/time (GNU time) not installed"
fi
