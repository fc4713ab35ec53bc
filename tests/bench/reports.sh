#!/usr/bin/env bash
# Benchmark, not a test (nothing here passes or fails on time): what each
# report costs on a large input. Runs `xverify --no-smoke -q` over a folder
# of many binaries (default: the host's multiarch library folder) with no
# report, then with each of --junit/--json/--sarif/--markdown/--html, and
# prints the median wall time, peak RSS (GNU time) and report size.
#
# Usage: tests/bench/reports.sh [XVERIFY] [DIR]
# Env: RUNS (default 3; the median is reported after one warm-up run).
set -u
here=$(cd "$(dirname "$0")" && pwd)
xv=${1:-${XVERIFY:-$here/../../build/xverify}}
dir=${2:-/usr/lib/x86_64-linux-gnu}
runs=${RUNS:-3}
[ -x "$xv" ] || { echo "no xverify program at $xv (build first, or pass its path)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) not installed" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

"$xv" --no-smoke -q "$dir" >/dev/null 2>&1   # warm-up: page cache
printf '%-10s %10s %12s %14s\n' report "wall ms" "peak RSS KB" "bytes"
for kind in none junit json sarif markdown html; do
  args=(); [ "$kind" = none ] || args=("--$kind" "$tmp/out.$kind")
  ts=() rss=()
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %M' -o "$tmp/time" "$xv" --no-smoke -q "${args[@]}" "$dir" >/dev/null 2>&1
    read -r sec kb < <(tail -1 "$tmp/time")   # GNU time first notes a non-zero exit
    ts+=("$(awk -v s="$sec" 'BEGIN{printf "%d", s*1000}')"); rss+=("$kb")
  done
  size=-; [ "$kind" = none ] || size=$(stat -c %s "$tmp/out.$kind")
  printf '%-10s %10s %12s %14s\n' "$kind" "$(median "${ts[@]}")" "$(median "${rss[@]}")" "$size"
done
echo "input: $dir ($(find "$dir" -maxdepth 1 -type f | wc -l) files), runs: $runs"
