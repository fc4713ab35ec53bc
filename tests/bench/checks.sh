#!/usr/bin/env bash
# Benchmark, not a test (nothing here passes or fails on time): the cost of
# judging a release — `xverify` with every static check (smoke off) — beside
# `xverify list` (walk + parse only) on the same input, so the checks' own
# share shows. The input: a folder package of the host's shared libraries and
# programs (hostile to deps.resolve: hundreds of needs, most not on the
# manylinux list) and the same as a .tar.zst archive.
#
# Usage: tests/bench/checks.sh [XVERIFY] ; env NLIBS (400), NBINS (600), RUNS (3)
set -u
here=$(cd "$(dirname "$0")" && pwd)
xv=${1:-${XVERIFY:-$here/../../build/xverify}}
runs=${RUNS:-3}
[ -x "$xv" ] || { echo "no xverify program at $xv (build first, or pass its path)" >&2; exit 2; }
export XVERIFY_DATA_DIR=${XVERIFY_DATA_DIR:-$here/../../matrices}
w=$(mktemp -d "${TMPDIR:-/tmp}/xv-bench-checks.XXXXXX")
trap 'rm -rf "$w"' EXIT
pkg=$w/in/host_1.0_linux_amd64
mkdir -p "$pkg/lib" "$pkg/bin"
find /usr/lib/x86_64-linux-gnu -maxdepth 1 -type f -name '*.so*' -size -20M | LC_ALL=C sort \
  | head -n "${NLIBS:-400}" | xargs -r cp -t "$pkg/lib"
find /usr/bin -maxdepth 1 -type f -size -5M -exec sh -c 'head -c4 "$1" | grep -q ELF' _ {} \; -print \
  | LC_ALL=C sort | head -n "${NBINS:-600}" | xargs -r cp -t "$pkg/bin"
(cd "$w/in" && tar -cf - host_1.0_linux_amd64 | zstd -q -3 -o "$w/host_1.0_linux_amd64.tar.zst")
mkdir -p "$w/arc" && mv "$w/host_1.0_linux_amd64.tar.zst" "$w/arc/"
bytes=$(du -sb "$pkg" | cut -f1)
nbin=$(ls "$pkg/bin" | wc -l); nlib=$(ls "$pkg/lib" | wc -l)

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
  printf '  %-44s median %9.1f ms\n' "$name" "$(echo "$(median "${t[@]}") / 1000" | bc -l)"
}
echo "checks benchmark: $nbin programs + $nlib libraries, $((bytes / 1024 / 1024)) MiB, $runs runs, $(nproc) CPUs"
bench "list (walk + parse), folder" "$xv" list "$w/in"
bench "verify (all static checks), folder" "$xv" --no-smoke -q "$w/in"
bench "list (walk + parse), .tar.zst" "$xv" list "$w/arc"
bench "verify (all static checks), .tar.zst" "$xv" --no-smoke -q "$w/arc"
"$xv" --no-smoke --json "$w/r.json" "$w/in" >/dev/null 2>&1
/usr/bin/python3 - "$w/r.json" <<'P'
import json, sys, collections
d = json.load(open(sys.argv[1]))
t = collections.Counter(); n = collections.Counter()
for r in d["results"]:
    t[r["check"]] += r.get("seconds") or 0; n[r["check"]] += 1
print("  time per check (from the JSON report):")
for c, s in sorted(t.items(), key=lambda x: -x[1]):
    print("    %-18s %8.1f ms  %6d results" % (c, s * 1000, n[c]))
P
