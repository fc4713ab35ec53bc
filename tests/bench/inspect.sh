#!/usr/bin/env bash
# Benchmark, not a test (nothing here passes or fails on time): how long
# `xverify inspect --json` takes over every ELF shared library of the host's
# multiarch folder, side by side in the same run with readelf, llvm-readobj
# and scanelf reading comparable tables of the same file list.
#
# Usage: tests/bench/inspect.sh [XVERIFY] [LIBDIR]
#   XVERIFY  the program (default: $XVERIFY, else build/xverify)
#   LIBDIR   default /usr/lib/x86_64-linux-gnu
# Env: RUNS (default 3; the median is reported, after one warm-up run that
# brings the files into the page cache).
set -u
here=$(cd "$(dirname "$0")" && pwd)
xv=${1:-${XVERIFY:-$here/../../build/xverify}}
libdir=${2:-/usr/lib/x86_64-linux-gnu}
runs=${RUNS:-3}
[ -x "$xv" ] || { echo "no xverify program at $xv (build first, or pass its path)" >&2; exit 2; }

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

declare -A med
names=()
bench() {
  local name=$1; shift
  names+=("$name")
  "$@" >/dev/null 2>&1   # warm-up
  local t=() i s e
  for ((i = 0; i < runs; i++)); do
    s=$(now_ns); "$@" >/dev/null 2>&1; e=$(now_ns)
    t+=($(((e - s) / 1000)))
  done
  med[$name]=$(median "${t[@]}")
  printf '  %-44s median %9.1f ms   runs: %s us\n' "$name" "$(echo "${med[$name]} / 1000" | bc -l)" "${t[*]}"
}

echo "inspect benchmark: $n ELF shared libraries in $libdir, $((bytes / 1024 / 1024)) MiB, $runs runs each (median), $(nproc) CPUs"
bench "xverify inspect --json" "$xv" inspect --json "${files[@]}"
bench "xverify inspect --json --no-symbols" "$xv" inspect --json --no-symbols "${files[@]}"
command -v readelf >/dev/null && bench "readelf -dW --dyn-syms -V" readelf -dW --dyn-syms -V "${files[@]}"
command -v llvm-readobj >/dev/null &&
  bench "llvm-readobj --needed-libs --dyn-syms --version-info" llvm-readobj --needed-libs --dyn-syms --version-info "${files[@]}"
command -v scanelf >/dev/null && bench "scanelf -qn" scanelf -qn "${files[@]}"
base=${med["xverify inspect --json"]}
echo "ratios (tool time / xverify inspect --json time; above 1 means xverify is faster):"
for k in "${names[@]}"; do
  printf '  %-44s %6.2f\n' "$k" "$(echo "${med[$k]} / $base" | bc -l)"
done
