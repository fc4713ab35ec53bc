#!/usr/bin/env bash
# Benchmark, not a test (nothing here passes or fails on time): a whole run
# over a real-size release, side by side in one run with the peers that only
# decompress the same archives, plus the --jobs and scale ratios and the
# time and peak RSS per MB of input.
#
# The release is built by recipe from the host's shared libraries (no
# download): NPKG (17) packages named pkgNN-1.0.0_linux_amd64.tar.gz, the
# sorted libraries under 40 MB dealt round-robin, gzip -6. It is kept in
# BENCH_DIR (default build/bench-release) between runs.
#
# Usage: tests/bench/release.sh [XVERIFY] ; env RUNS (5), NPKG (17), LIBDIR,
# JOBS_N (the N of --jobs N, default nproc).
set -u
here=$(cd "$(dirname "$0")" && pwd)
xv=${1:-${XVERIFY:-$here/../../build/xverify}}
runs=${RUNS:-5}
npkg=${NPKG:-17}
libdir=${LIBDIR:-/usr/lib/x86_64-linux-gnu}
jn=${JOBS_N:-$(nproc)}
bd=${BENCH_DIR:-$here/../../build/bench-release}
export XVERIFY_DATA_DIR=${XVERIFY_DATA_DIR:-$here/../../matrices}
[ -x "$xv" ] || { echo "no xverify program at $xv (build first, or pass its path)" >&2; exit 2; }
for t in bsdtar gzip /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "$t is not installed (scripts/deps.sh)" >&2; exit 2; }
done

rel=$bd/rel1 rel4=$bd/rel4
if [ ! -f "$bd/.done-$npkg" ]; then
  rm -rf "$bd" && mkdir -p "$rel" "$rel4" "$bd/stage"
  mapfile -t libs < <(find "$libdir" -maxdepth 1 -type f -name '*.so*' -size -40M | LC_ALL=C sort)
  for ((p = 0; p < npkg; p++)); do
    name=$(printf 'pkg%02d-1.0.0_linux_amd64' "$p")
    mkdir -p "$bd/stage/$name/lib"
    for ((i = p; i < ${#libs[@]}; i += npkg)); do cp "${libs[$i]}" "$bd/stage/$name/lib/"; done
    tar -C "$bd/stage" -cf - "$name" | gzip -6 >"$rel/$name.tar.gz"
    for k in 1 2 3 4; do ln "$rel/$name.tar.gz" "$rel4/$(printf 'pkg%02d-%d' "$p" "$k")-1.0.0_linux_amd64.tar.gz"; done
  done
  rm -rf "$bd/stage"
  touch "$bd/.done-$npkg"
fi
arcs=("$rel"/*.tar.gz)
bytes=$(cat "${arcs[@]}" | wc -c)
mb=$(echo "$bytes / 1000000" | bc -l)
raw=$(for a in "${arcs[@]}"; do gzip -dc "$a"; done | wc -c)

now_us() { echo $(($(date +%s%N) / 1000)); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A med
bsdtar_all() { for a in "${arcs[@]}"; do bsdtar -xOf "$a"; done; }
gzip_all() { for a in "${arcs[@]}"; do gzip -dc "$a"; done; }
ratio() { echo "${med[$1]} / ${med[$2]}" | bc -l; }

echo "release benchmark: $npkg packages (${#arcs[@]} .tar.gz, $(printf '%.1f' "$mb") MB, $((raw / 1000000)) MB expanded), $runs runs each (median), $(nproc) CPUs"
echo "(side by side: each round runs every command once, so a busy machine slows them alike)"
# Interleaved rounds rather than one command's runs in a row: the machine is
# shared, and a burst of other work then lands on every command alike.
names=("xverify --jobs 1" "xverify --jobs $jn" "xverify --jobs $jn, 4x the release"
       "bsdtar -xOf (each archive)" "gzip -dc (each archive)")
cmd_of() {
  case $1 in
    0) "$xv" --no-smoke -q --jobs 1 "$rel" ;;
    1) "$xv" --no-smoke -q --jobs "$jn" "$rel" ;;
    2) "$xv" --no-smoke -q --jobs "$jn" "$rel4" ;;
    3) bsdtar_all ;;
    4) gzip_all ;;
  esac
}
declare -A runs_of
for k in 0 1 2 3 4; do cmd_of $k >/dev/null 2>&1; done   # warm-up: the archives in the page cache
for ((i = 0; i < runs; i++)); do
  for k in 0 1 2 3 4; do
    s=$(now_us); cmd_of $k >/dev/null 2>&1; runs_of[$k]+="$(($(now_us) - s)) "
  done
done
for k in 0 1 2 3 4; do
  # shellcheck disable=SC2086
  med[${names[$k]}]=$(median ${runs_of[$k]})
  printf '  %-40s median %9.1f ms   runs: %s ms\n' "${names[$k]}" "$(echo "${med[${names[$k]}]} / 1000" | bc -l)" \
    "$(printf '%s\n' ${runs_of[$k]} | awk '{printf "%s%d", (NR > 1 ? " " : ""), $1 / 1000}')"
done
peak_kb() { /usr/bin/time -f '%M' -o "$bd/rss" "$@" >/dev/null 2>&1; tail -n 1 "$bd/rss"; }
rss=$(peak_kb "$xv" --no-smoke -q --jobs 1 "$rel")
rssn=$(peak_kb "$xv" --no-smoke -q --jobs "$jn" "$rel")
echo "ratios:"
printf '  %-52s %6.2fx\n' "--jobs 1 / --jobs $jn (wall time; goal >= 1.7)" "$(ratio "xverify --jobs 1" "xverify --jobs $jn")"
printf '  %-52s %6.2fx\n' "4x the release / the release, --jobs $jn (linear = 4)" "$(ratio "xverify --jobs $jn, 4x the release" "xverify --jobs $jn")"
printf '  %-52s %6.2fx\n' "whole run --jobs $jn / bsdtar -xOf (goal <= 1.0)" "$(ratio "xverify --jobs $jn" "bsdtar -xOf (each archive)")"
printf '  %-52s %6.2fx\n' "whole run --jobs 1 / bsdtar -xOf" "$(ratio "xverify --jobs 1" "bsdtar -xOf (each archive)")"
printf '  %-52s %6.2fx\n' "whole run --jobs $jn / gzip -dc" "$(ratio "xverify --jobs $jn" "gzip -dc (each archive)")"
printf '  %-52s %6.1f ms/MB\n' "time per MB of input (--jobs 1)" "$(echo "${med["xverify --jobs 1"]} / 1000 / $mb" | bc -l)"
printf '  %-52s %6.1f ms/MB\n' "time per MB of input (--jobs $jn)" "$(echo "${med["xverify --jobs $jn"]} / 1000 / $mb" | bc -l)"
printf '  %-52s %6.0f MB (%.2f MB per MB of input)\n' "peak RSS (--jobs 1)" "$(echo "$rss / 1024" | bc -l)" \
  "$(echo "$rss * 1024 / $bytes" | bc -l)"
printf '  %-52s %6.0f MB (%.2f MB per MB of input)\n' "peak RSS (--jobs $jn)" "$(echo "$rssn / 1024" | bc -l)" \
  "$(echo "$rssn * 1024 / $bytes" | bc -l)"

# The largest real binary of the host: peak RSS of reading it, against its size.
big=$(find "$libdir" /usr/bin /usr/lib -maxdepth 2 -type f -size +20M -printf '%s %p\n' 2>/dev/null |
      sort -rn | while read -r _ f; do
        [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] && { printf '%s\n' "$f"; break; }
      done)
if [ -n "$big" ]; then
  bsz=$(stat -c %s "$big")
  r1=$(peak_kb "$xv" inspect --json "$big")
  mkdir -p "$bd/big/big-1.0_linux_amd64" && cp "$big" "$bd/big/big-1.0_linux_amd64/" &&
    tar -C "$bd/big" -czf "$bd/big-1.0_linux_amd64.tar.gz" big-1.0_linux_amd64
  r2=$(peak_kb "$xv" --no-smoke -q --jobs 1 "$bd/big-1.0_linux_amd64.tar.gz")
  r3=$(peak_kb "$xv" --no-smoke -q --jobs "$jn" "$bd/big-1.0_linux_amd64.tar.gz" "$rel")
  echo "largest binary: $big ($((bsz / 1000000)) MB)"
  printf '  %-52s %6.0f MB (%.2fx its size; goal <= 2)\n' "peak RSS, inspect --json" "$(echo "$r1 / 1024" | bc -l)" "$(echo "$r1 * 1024 / $bsz" | bc -l)"
  printf '  %-52s %6.0f MB (%.2fx its size; goal <= 2)\n' "peak RSS, verify of it in a .tar.gz" "$(echo "$r2 / 1024" | bc -l)" "$(echo "$r2 * 1024 / $bsz" | bc -l)"
  printf '  %-52s %6.0f MB (%.2fx its size; goal <= 2)\n' "peak RSS, it and the release, --jobs $jn" "$(echo "$r3 / 1024" | bc -l)" "$(echo "$r3 * 1024 / $bsz" | bc -l)"
fi
