#!/usr/bin/env bash
# Benchmark, not a test (nothing here passes or fails on time): the wall time
# one smoke job adds to a run, beside a bare `bwrap` run of the same command
# on the same cached Debian tree (the same bind list xverify builds: each
# top-level entry of the tree read-only, /proc, /dev, a /tmp tmpfs, the
# package read-only at /xv/pkg), median of RUNS runs each.
#
# Figures:
#   run overhead per job   (xverify with smoke - xverify --no-smoke) / jobs,
#                          extraction of the package included
#   in-process per job     the median "seconds" fact of the smoke results
#                          (fork to reap of one job, as the report records it)
#   bare bwrap             the same command, run by hand
#
# Usage: tests/bench/smoke.sh [XVERIFY] ; env RUNS (default 7), DISTRO
# (default debian:bookworm), XDG_CACHE_HOME (default /var/cache/xverify-ci).
set -u
here=$(cd "$(dirname "$0")" && pwd)
xv=${1:-${XVERIFY:-$here/../../build/xverify}}
runs=${RUNS:-7}
distro=${DISTRO:-debian:bookworm}
export XDG_CACHE_HOME=${XDG_CACHE_HOME:-/var/cache/xverify-ci}
export XVERIFY_DATA_DIR=${XVERIFY_DATA_DIR:-$here/../../matrices}
fx=${XV_FIXTURES:-$here/../../build/fixtures}
src=$fx/example/dist/example_1.0.0_linux_amd64.tar.gz
[ -x "$xv" ] || { echo "no xverify program at $xv (build first, or pass its path)" >&2; exit 2; }
[ -f "$src" ] || { echo "no $src (build the fixtures: make build)" >&2; exit 2; }
command -v bwrap >/dev/null || { echo "bwrap is not installed" >&2; exit 2; }
root=$XDG_CACHE_HOME/xverify/rootfs/${distro/:/_}_amd64/root
[ -d "$root" ] || { echo "no cached tree $root (bash scripts/prepare-smoke.sh)" >&2; exit 2; }

w=$(mktemp -d "${TMPDIR:-/tmp}/xv-bench-smoke.XXXXXX")
trap 'rm -rf "$w"' EXIT
mkdir -p "$w/rel" "$w/pkg"
cp "$src" "$w/rel/"
tar -xzf "$src" -C "$w/pkg"

now_us() { echo $(($(date +%s%N) / 1000)); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_us() { # runs "$@" RUNS times after a warm-up, prints the median in µs
  "$@" >/dev/null 2>&1
  local t=() i s
  for ((i = 0; i < runs; i++)); do
    s=$(now_us); "$@" >/dev/null 2>&1; t+=($(($(now_us) - s)))
  done
  median "${t[@]}"
}

# the job count and the commands, from one run's JSON report
"$xv" --distros "$distro" --jobs 1 --today 2026-11-30 --json "$w/r.json" "$w/rel" >/dev/null 2>&1
mapfile -t cmds < <(/usr/bin/python3 - "$w/r.json" <<'P'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    if r["check"].startswith("smoke.") and r.get("env"):
        f = {x["key"]: x["value"] for x in r.get("facts", [])}
        if "command" in f:
            print(f["command"])
P
)
jobs=${#cmds[@]}
[ "$jobs" -gt 0 ] || { echo "no smoke job ran (is $distro cached?)" >&2; exit 2; }
inproc=()
for ((i = 0; i < runs; i++)); do
  "$xv" --distros "$distro" --jobs 1 --today 2026-11-30 --json "$w/r$i.json" "$w/rel" >/dev/null 2>&1
  inproc+=($(/usr/bin/python3 - "$w/r$i.json" <<'P'
import json, sys
s = sorted(float(x["value"]) for r in json.load(open(sys.argv[1]))["results"]
           if r["check"].startswith("smoke.") for x in r.get("facts", []) if x["key"] == "seconds")
print(int(s[len(s) // 2] * 1e6) if s else 0)
P
))
done

with=$(time_us "$xv" --distros "$distro" --jobs 1 --today 2026-11-30 "$w/rel")
without=$(time_us "$xv" --no-smoke --today 2026-11-30 "$w/rel")

binds=()
for e in "$root"/*; do
  n=${e##*/}
  case $n in proc|dev|tmp|sys|xv) continue ;; esac
  if [ -L "$e" ]; then binds+=(--symlink "$(readlink "$e")" "/$n")
  elif [ -d "$e" ] || [ -f "$e" ]; then binds+=(--ro-bind "$e" "/$n"); fi
done
bare() {
  for c in "${cmds[@]}"; do
    # shellcheck disable=SC2086 # the command is words without quoting
    bwrap --unshare-all --die-with-parent "${binds[@]}" --proc /proc --dev /dev --tmpfs /tmp \
      --dir /xv --ro-bind "$w/pkg" /xv/pkg --remount-ro / --clearenv \
      --setenv PATH /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      --setenv LANG C --setenv HOME /tmp --chdir /tmp -- $c
  done
}
bare_all=$(time_us bare)
untar=$(time_us tar -xzf "$src" -C "$w/pkg")

per_job=$(((with - without) / jobs))
bare_job=$((bare_all / jobs))
in_job=$(median "${inproc[@]}")
echo "smoke benchmark: $jobs jobs on $distro (rootfs runner, --jobs 1), $runs runs, $(nproc) CPUs"
printf '  %-44s %8.1f ms\n' "xverify, smoke on (whole run)" "$(echo "$with / 1000" | bc -l)"
printf '  %-44s %8.1f ms\n' "xverify --no-smoke (whole run)" "$(echo "$without / 1000" | bc -l)"
printf '  %-44s %8.1f ms\n' "extraction of the package (tar -xzf)" "$(echo "$untar / 1000" | bc -l)"
printf '  %-44s %8.1f ms\n' "run overhead per job (extraction included)" "$(echo "$per_job / 1000" | bc -l)"
printf '  %-44s %8.1f ms\n' "in-process per job (fork to reap)" "$(echo "$in_job / 1000" | bc -l)"
printf '  %-44s %8.1f ms\n' "bare bwrap per job, same command" "$(echo "$bare_job / 1000" | bc -l)"
printf '  %-44s %8.2fx\n' "in-process / bare" "$(echo "$in_job / $bare_job" | bc -l)"
printf '  %-44s %8.2fx\n' "run overhead / (bare + extraction / jobs)" \
  "$(echo "$per_job / ($bare_job + $untar / $jobs)" | bc -l)"
