#!/usr/bin/env bash
# Every report is byte-identical for any --jobs: the example release (with
# its matrix) and broken copies of it (fixtures/example/recipe.sh: a missing
# library, a platform missing from the matrix's promise, a checksum list
# that does not match), each verified with --jobs 1, 2 and 8, ten times
# each, writing the JSON, JUnit, SARIF, Markdown and HTML reports and the
# terminal report (-v: every result). All bytes are compared with the first
# --jobs 1 run.
#
# What is masked: XV_DETERMINISTIC=1 (the switch the goldens use) writes
# the fields that are times or places by nature as fixed values: durations
# (`seconds`, JUnit `time`), timestamps, the host name and the working
# folder. Three fields echo the --jobs option itself and are the only ones
# rewritten here: `"jobs":N` in the JSON report's options, and `--jobs N` in
# the SARIF invocation's command line and in the JSON report's saved
# command line.
. "$(dirname "$0")/../lib.sh"
ex=$XV_FIXTURES/example
[ -d "$ex/dist" ] || xv_fail "example release not built: $ex/dist"
xv_tmpdir; T=$XV_TMP
export XV_DETERMINISTIC=1
REPS=${XV_JOBS_REPS:-10}

# NAME DIST [xverify options...]
releases=(
  "example|$ex/dist|--matrix|$XV_SOURCE_DIR/matrices/example.json"
  "missing-lib|$ex/broken/missing-lib/dist"
  "missing-platform|$ex/broken/missing-platform/dist|--matrix|$ex/broken/missing-platform/matrix.json"
  "checksum-mismatch|$ex/broken/checksum-mismatch/dist"
)

run_one() { # run_one OUTDIR DIST JOBS [options...]: the reports are written in
  # one folder for every run (the SARIF report holds the command line, with
  # the report paths), then moved to OUTDIR
  local out=$1 dist=$2 jobs=$3; shift 3
  rm -rf "$T/cur" && mkdir -p "$T/cur" "$out"
  (cd "$T/cur" && "$XVERIFY" --no-smoke -v --color never --today 2026-11-30 --jobs "$jobs" "$@" \
    --json r.json --junit r.xml --sarif r.sarif --markdown r.md --html r.html "$dist" \
    >terminal.txt 2>/dev/null; echo $? >rc)
  sed -i 's/"jobs":[0-9][0-9]*/"jobs":N/' "$T/cur/r.json"
  sed -i 's/--jobs [0-9][0-9]*/--jobs N/g' "$T/cur/r.sarif" "$T/cur/r.json"
  mv "$T/cur"/* "$out/"
}

for rel in "${releases[@]}"; do
  IFS='|' read -r -a f <<<"$rel"
  name=${f[0]} dist=${f[1]} opts=("${f[@]:2}")
  [ -d "$dist" ] || { xv_fail "$name: no release at $dist"; continue; }
  ref=$T/$name/ref
  run_one "$ref" "$dist" 1 "${opts[@]}"
  # the reference is a real report: results in it, and the verdict expected
  n=$(grep -c '"check":' "$ref/r.json")
  [ "$n" -gt 20 ] && xv_pass || xv_fail "$name: only $n results in the JSON report"
  want=0; [ "$name" = example ] || want=1
  [ "$(cat "$ref/rc")" = "$want" ] && xv_pass || xv_fail "$name: exit $(cat "$ref/rc"), want $want"
  for f2 in r.json r.xml r.sarif r.md r.html terminal.txt; do
    [ -s "$ref/$f2" ] || xv_fail "$name: empty $f2"
  done
  diffs=0
  for ((rep = 1; rep <= REPS; rep++)); do
    for jobs in 1 2 8; do
      out=$T/$name/j$jobs-$rep
      run_one "$out" "$dist" "$jobs" "${opts[@]}"
      for f2 in rc r.json r.xml r.sarif r.md r.html terminal.txt; do
        if ! cmp -s "$ref/$f2" "$out/$f2"; then
          diffs=$((diffs + 1))
          xv_fail "$name: $f2 with --jobs $jobs (run $rep) differs from --jobs 1"
          diff "$ref/$f2" "$out/$f2" | head -10 >&2
        fi
      done
      rm -rf "$out"
    done
  done
  [ "$diffs" -eq 0 ] && xv_pass
done
xv_done
