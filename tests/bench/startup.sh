#!/usr/bin/env bash
# Benchmark, not a test (nothing here passes or fails on time): what starting
# xverify costs before it reads a byte. For each program given (e.g. the
# dynamic build/xverify and a portable install's bin/xverify, XV_PORTABLE):
# its size, the shared objects the loader maps for it, and the median wall
# and CPU time of `xverify --version`, beside /bin/true (the cost of any
# process start on this machine).
#
# Usage: tests/bench/startup.sh [XVERIFY...]   (default: $XVERIFY, else build/xverify)
# Env: RUNS batches (default 5) of BATCH runs each (default 200); the
# median of the batch means is reported. Uses `perf stat` when installed,
# else the shell's clock (which adds the shell's own fork cost).
set -u
here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || set -- "${XVERIFY:-$here/../../build/xverify}"
runs=${RUNS:-5}
batch=${BATCH:-200}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Mean wall and CPU (task-clock) microseconds of one run of "$@" over
# $batch runs. CPU time is the steadier figure on a loaded machine.
batch_us() {
  if command -v perf >/dev/null; then
    perf stat -r "$batch" -e task-clock "$@" 2>&1 >/dev/null |
      awk '/task-clock/ {cpu = $1 * 1000} /seconds time elapsed/ {wall = $1 * 1000000}
           END {printf "%d %d\n", wall, cpu}'
  else
    local s e i
    s=$(date +%s%N)
    for ((i = 0; i < batch; i++)); do "$@" >/dev/null 2>&1; done
    e=$(date +%s%N)
    echo "$(((e - s) / 1000 / batch)) -"
  fi
}
measure() {  # NAME CMD...
  local name=$1; shift
  "$@" >/dev/null 2>&1   # warm-up: the files in the page cache
  local wall=() cpu=() i w c
  for ((i = 0; i < runs; i++)); do
    read -r w c < <(batch_us "$@")
    wall+=("$w"); cpu+=("$c")
  done
  printf '%-44s wall %6s us, cpu %6s us (medians of %d x %d runs)\n' \
    "$name" "$(median "${wall[@]}")" "$(median "${cpu[@]}")" "$runs" "$batch"
}

measure "/bin/true" /bin/true
for xv in "$@"; do
  [ -x "$xv" ] || { echo "no program at $xv" >&2; exit 2; }
  # The loader's own list (ldd's): every object but the vDSO.
  objs=$(LD_TRACE_LOADED_OBJECTS=1 "$xv" 2>/dev/null | grep -vc 'linux-vdso')
  printf '%s: %s bytes, %s shared objects mapped (with the loader)\n' \
    "$xv" "$(stat -c %s "$xv")" "$objs"
  measure "$xv --version" "$xv" --version
done
