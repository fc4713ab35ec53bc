#!/usr/bin/env bash
# Benchmark, not a test (nothing here passes or fails on time): how long
# `xverify list` (walk + one streaming pass per archive + ELF parse of every
# binary member, symbols skipped) takes over archives of the host's shared
# libraries, beside the cost of only decompressing the same archive.
#
# Usage: tests/bench/dist.sh [XVERIFY] [LIBDIR]
# Env: NFILES (default 400 libraries), RUNS (default 3; median reported after
# one warm-up run).
set -u
here=$(cd "$(dirname "$0")" && pwd)
xv=${1:-${XVERIFY:-$here/../../build/xverify}}
libdir=${2:-/usr/lib/x86_64-linux-gnu}
runs=${RUNS:-3}
nfiles=${NFILES:-400}
[ -x "$xv" ] || { echo "no xverify program at $xv (build first, or pass its path)" >&2; exit 2; }
w=$(mktemp -d "${TMPDIR:-/tmp}/xv-bench-dist.XXXXXX")
trap 'rm -rf "$w"' EXIT

mapfile -t files < <(cd "$libdir" && find . -maxdepth 1 -type f -name '*.so*' | LC_ALL=C sort | head -n "$nfiles")
(cd "$libdir" && tar -cf "$w/libs_linux_amd64.tar" "${files[@]}")
zstd -q -3 -c "$w/libs_linux_amd64.tar" >"$w/libs_linux_amd64.tar.zst"
gzip -6 -c "$w/libs_linux_amd64.tar" >"$w/libs_linux_amd64.tar.gz"
(cd "$libdir" && zip -q -6 "$w/libs_linux_amd64.zip" "${files[@]}")
raw=$(stat -c %s "$w/libs_linux_amd64.tar")

now_ns() { date +%s%N; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
bench() {
  local name=$1; shift
  "$@" >/dev/null 2>&1
  local t=() i s e
  for ((i = 0; i < runs; i++)); do
    s=$(now_ns); "$@" >/dev/null 2>&1; e=$(now_ns)
    t+=($(((e - s) / 1000)))
  done
  printf '  %-40s median %9.1f ms\n' "$name" "$(echo "$(median "${t[@]}") / 1000" | bc -l)"
}

echo "dist benchmark: ${#files[@]} libraries from $libdir, $((raw / 1024 / 1024)) MiB expanded, $runs runs, $(nproc) CPUs"
for a in tar.zst tar.gz zip; do
  f=$w/libs_linux_amd64.$a
  echo " $a ($(($(stat -c %s "$f") / 1024 / 1024)) MiB):"
  bench "xverify list" "$xv" list "$f"
  case $a in
    tar.zst) bench "zstd -dc (decompress only)" zstd -dc "$f" ;;
    tar.gz) bench "gzip -dc (decompress only)" gzip -dc "$f" ;;
    zip) bench "unzip -p (decompress only)" unzip -p "$f" ;;
  esac
  case $a in
    zip) bench "unzip -l (list only)" unzip -l "$f" ;;
    *) bench "tar -tf (list only, decompresses)" tar -tf "$f" ;;
  esac
done
