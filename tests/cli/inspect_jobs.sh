#!/usr/bin/env bash
# `xverify inspect --jobs N` reads files on N threads and prints them in input
# order: stdout, stderr and the exit code are the same bytes for --jobs 1
# (one at a time, streamed), 2, 8 and 0 (one per CPU), in every mode (text,
# --json, --json --no-symbols, -q), on every ELF, Mach-O and PE fixture, the
# hostile corpora, unreadable paths, and a folder of the host's libraries
# (more files than the read-ahead window, so the workers wait on the
# printer). The threaded runs are repeated to give a race a chance to show.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
fxd=$XV_FIXTURES
[ -s "$fxd/elf/LIST" ] || xv_skip "ELF fixtures not built ($fxd/elf/LIST missing)"

files=()
for f in "$fxd"/elf/LIST "$fxd"/macho/LIST "$fxd"/pe/LIST; do
  [ -s "$f" ] && mapfile -t -O "${#files[@]}" files < <(sed "s|^|$(dirname "$f")/|" "$f")
done
for c in elf image macho pe; do
  d=$XV_SOURCE_DIR/tests/fuzz/corpus/$c
  [ -d "$d" ] && mapfile -t -O "${#files[@]}" files < <(find "$d" -type f | LC_ALL=C sort)
done
# unreadable and odd inputs, between the others
: >"$XV_TMP/empty"
head -c 100 "${files[0]}" >"$XV_TMP/truncated"
files+=("$XV_TMP/empty" "$XV_TMP/no-such-file" "$XV_TMP" "$XV_TMP/truncated")
# real libraries of this host: big symbol tables, and more than 4 x 8 files
libdir=/usr/lib/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)
[ -d "$libdir" ] || xv_fail "no host library folder $libdir"
mapfile -t -O "${#files[@]}" files < <(find "$libdir" -maxdepth 1 -type f -name 'lib*.so*' |
  LC_ALL=C sort | head -80)
[ "${#files[@]}" -gt 120 ] && xv_pass || xv_fail "only ${#files[@]} input files"

run() {  # run NAME ARGS...: stdout, stderr, exit code into $XV_TMP/NAME.*
  local name=$1; shift
  "$XVERIFY" inspect "$@" "${files[@]}" >"$XV_TMP/$name.out" 2>"$XV_TMP/$name.err"
  echo $? >"$XV_TMP/$name.rc"
}

for mode in text json nosym quiet; do
  case $mode in
    text) args=() ;;
    json) args=(--json) ;;
    nosym) args=(--json --no-symbols) ;;
    quiet) args=(-q) ;;
  esac
  run "$mode-j1" "${args[@]}" --jobs 1
  # the inputs include unreadable files: exit 1, and stderr names them
  [ "$(cat "$XV_TMP/$mode-j1.rc")" = 1 ] && xv_pass || xv_fail "$mode --jobs 1: exit $(cat "$XV_TMP/$mode-j1.rc"), want 1"
  xv_contains "$(cat "$XV_TMP/$mode-j1.err")" "$XV_TMP/no-such-file: cannot open: No such file or directory" "$mode stderr"
  for j in 2 8 0 8 2 8; do
    run "$mode-j$j" "${args[@]}" -j "$j"
    for part in out err rc; do
      if cmp -s "$XV_TMP/$mode-j1.$part" "$XV_TMP/$mode-j$j.$part"; then xv_pass
      else xv_fail "$mode: --jobs $j std$part differs from --jobs 1"
        diff "$XV_TMP/$mode-j1.$part" "$XV_TMP/$mode-j$j.$part" | head -5 >&2
      fi
    done
  done
done
# one JSON object per input, in input order
n=$(wc -l <"$XV_TMP/json-j1.out")
[ "$n" = "${#files[@]}" ] && xv_pass || xv_fail "--json: $n lines for ${#files[@]} files"
first=$(head -1 "$XV_TMP/json-j8.out" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["file"])')
[ "$first" = "${files[0]}" ] && xv_pass || xv_fail "--json --jobs 8: first object is $first, want ${files[0]}"
last=$(tail -1 "$XV_TMP/json-j8.out" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["file"])')
[ "$last" = "${files[-1]}" ] && xv_pass || xv_fail "--json --jobs 8: last object is $last, want ${files[-1]}"
[ -s "$XV_TMP/quiet-j1.out" ] && xv_fail "-q printed to stdout" || xv_pass

# --jobs takes a count
for bad in x -1 1025 2.5 ''; do
  xv_expect_rc 2 "$XVERIFY" inspect --jobs "$bad" "${files[0]}"
  xv_contains "$XV_OUT" "--jobs: expected a number 0..1024" "--jobs '$bad'"
done
xv_expect_rc 0 "$XVERIFY" inspect --jobs=3 --json "${files[0]}"
xv_done
