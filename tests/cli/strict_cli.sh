#!/usr/bin/env bash
# Strict input and atomic reports through the program.
# - Options anywhere before "--" (GNU permutation), "--name=value";
#   typos get "did you mean", a bare word that is no path is an unknown
#   command, bad dates and matrices exit 2 naming the argument or key.
# - Every subcommand takes --color, -q, -v.
# - Reports are replaced only by a complete run: a bad matrix, a missing
#   input, a bad date or an unwritable report (/dev/full) leave an existing
#   report byte for byte as it was, and leave no temporary file behind.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
T=$XV_TMP
dist=$XV_FIXTURES/example/dist
[ -f "$dist/checksums.txt" ] || xv_skip "example release not built: $dist"
cd "$dist/.."
c=(--no-smoke --today 2026-11-30)

# ---- permutation and typos
xv_expect_rc 0 "$XVERIFY" dist --junit "$T/r.xml" "${c[@]}"
[ -s "$T/r.xml" ] && xv_pass || xv_fail "--junit after the path: no report"
xv_expect_rc 0 "$XVERIFY" --junit="$T/r2.xml" dist -q "${c[@]}"
[ -s "$T/r2.xml" ] && xv_pass || xv_fail "--junit=FILE: no report"
xv_expect_rc 2 "$XVERIFY" dist --junt "$T/r.xml" "${c[@]}"
xv_contains "$XV_OUT" "unknown option '--junt': did you mean --junit?" "option typo"
xv_expect_rc 2 "$XVERIFY" --fail-on=warning2 dist "${c[@]}"
xv_contains "$XV_OUT" "--fail-on: expected error, warn or skip, got 'warning2'" "bad --fail-on"
xv_expect_rc 2 "$XVERIFY" inspekt dist/checksums.txt
xv_contains "$XV_OUT" "unknown command 'inspekt': did you mean 'xverify inspect'?" "command typo"
xv_expect_rc 2 "$XVERIFY" frobnicate
xv_contains "$XV_OUT" "unknown command 'frobnicate'" "unknown command"
xv_expect_rc 2 "$XVERIFY" --today 2027-13-45 dist "${c[@]:0:1}"
xv_contains "$XV_OUT" "--today: expected a real calendar date like 2026-06-30, got \"2027-13-45\"" "bad --today"
xv_expect_rc 2 "$XVERIFY" --today 2027-02-29 dist --no-smoke
xv_contains "$XV_OUT" "2027-02-29" "no 29 February in 2027"
xv_expect_rc 0 "$XVERIFY" dist --fail-o error --no-sm --tod 2026-11-30
xv_expect_rc 2 "$XVERIFY" dist --s
xv_contains "$XV_OUT" "option '--s' is ambiguous: --sarif --smoke" "ambiguous prefix"
xv_expect_rc 2 "$XVERIFY" dist --matrix
xv_contains "$XV_OUT" "--matrix needs a value (FILE)" "missing value"
# "--" ends options: a file named like an option is an operand.
xv_expect_rc 2 "$XVERIFY" "${c[@]}" -- --junit
xv_contains "$XV_OUT" "--junit" "operand after --"

# ---- the common options on every subcommand
xv_expect_rc 0 "$XVERIFY" list --color never dist
xv_contains "$XV_OUT" "example_1.0.0_linux_arm64.tar.gz" "list --color never"
xv_expect_rc 0 "$XVERIFY" list dist -q
xv_lacks "$XV_OUT" "bin/example" "list -q: packages only"
xv_expect_rc 0 "$XVERIFY" list -v dist
xv_contains "$XV_OUT" "README.md" "list -v: every member"
xv_expect_rc 2 "$XVERIFY" list --jsn dist
xv_contains "$XV_OUT" "did you mean --json?" "list typo"
tar -xzf dist/example_1.0.0_linux_amd64.tar.gz -C "$T"
xv_expect_rc 0 "$XVERIFY" inspect "$T/example_1.0.0_linux_amd64/bin/example" --color=never --json
xv_contains "$XV_OUT" '"format"' "inspect options after the file"
xv_expect_rc 0 "$XVERIFY" inspect -q "$T/example_1.0.0_linux_amd64/bin/example"
xv_expect_rc 2 "$XVERIFY" diff dist dist --jsn x
xv_contains "$XV_OUT" "did you mean --json?" "diff typo"
xv_expect_rc 0 "$XVERIFY" diff dist dist --color never -q
xv_expect_rc 2 "$XVERIFY" init --frobnicate
xv_contains "$XV_OUT" "xverify init: unknown option '--frobnicate'" "init unknown option"
xv_expect_rc 2 "$XVERIFY" dif dist dist
xv_contains "$XV_OUT" "unknown command 'dif': did you mean 'xverify diff'?" "diff command typo"
xv_expect_rc 0 "$XVERIFY" rootfs --cache-dir "$T/cache" list --color never -q
xv_expect_rc 2 "$XVERIFY" rootfs list --cahce-dir x
xv_contains "$XV_OUT" "did you mean --cache-dir?" "rootfs typo"

# ---- strict matrices through the program
printf '{ "severity": { "hardning": "fail" } }\n' > "$T/typo.json"
xv_expect_rc 2 "$XVERIFY" "${c[@]}" --matrix "$T/typo.json" dist
xv_contains "$XV_OUT" 'severity.hardning: unknown check id: did you mean "hardening"?' "severity typo"
printf '{ "name": "x" }\n{ "severity": { "*": "off" } }\n' > "$T/trail.json"
xv_expect_rc 2 "$XVERIFY" "${c[@]}" --matrix "$T/trail.json" dist
xv_contains "$XV_OUT" "trail.json:2:1: content after the end of the matrix object" "trailing content"
printf '{ "severity": { "hardening": "warn" }, "severity": { "hardening": "off" } }\n' > "$T/dup.json"
xv_expect_rc 2 "$XVERIFY" "${c[@]}" --matrix "$T/dup.json" dist
xv_contains "$XV_OUT" "dup.json: severity: duplicate key" "duplicate key"
printf '{ "name": "a\001" }\n' > "$T/ctl.json"
xv_expect_rc 2 "$XVERIFY" "${c[@]}" --matrix "$T/ctl.json" dist
xv_contains "$XV_OUT" "raw control character 0x01" "control character"
printf '{ "name": "a" }\0{ "severity": { "*": "off" } }\n' > "$T/nul.json"
xv_expect_rc 2 "$XVERIFY" "${c[@]}" --matrix "$T/nul.json" dist
xv_contains "$XV_OUT" "(NUL)" "NUL byte"
printf '{ "waivers": [ { "check": "hardening", "reason": "r", "expires": "2027-02-30" } ] }\n' > "$T/date.json"
xv_expect_rc 2 "$XVERIFY" "${c[@]}" --matrix "$T/date.json" dist
xv_contains "$XV_OUT" "waivers[0].expires: expected a real calendar date" "calendar date"

# ---- atomic reports
mkdir -p "$T/out"
for f in junit.xml r.json r.sarif r.md r.html; do printf 'previous %s\n' "$f" > "$T/out/$f"; done
untouched() { # what
  local f
  for f in junit.xml r.json r.sarif r.md r.html; do
    [ "$(cat "$T/out/$f")" = "previous $f" ] && xv_pass || xv_fail "$1: $f was touched"
  done
  [ "$(ls -A "$T/out" | wc -l)" = 5 ] && xv_pass || xv_fail "$1: left files behind: $(ls -A "$T/out")"
}
reps=(--junit "$T/out/junit.xml" --json "$T/out/r.json" --sarif "$T/out/r.sarif"
      --markdown "$T/out/r.md" --html "$T/out/r.html")
xv_expect_rc 2 "$XVERIFY" "${c[@]}" "${reps[@]}" --matrix "$T/typo.json" dist
untouched "bad matrix"
xv_expect_rc 2 "$XVERIFY" "${c[@]}" "${reps[@]}" "$T/no-such-release"
untouched "missing input"
xv_expect_rc 2 "$XVERIFY" --today 2027-02-30 "${reps[@]}" dist
untouched "bad --today"
if [ -w /dev/full ]; then
  xv_expect_rc 3 "$XVERIFY" "${c[@]}" "${reps[@]}" --json /dev/full dist
  xv_contains "$XV_OUT" "--json /dev/full: could not write the report" "full disk named"
  untouched "full disk"
else
  xv_skip "/dev/full not writable here"
fi
# diff's reports are replaced the same way.
if [ -w /dev/full ]; then
  xv_expect_rc 3 "$XVERIFY" diff --json "$T/out/r.json" --markdown /dev/full dist dist
  untouched "diff with a full disk"
fi
xv_expect_rc 2 "$XVERIFY" diff --json "$T/out/r.json" dist "$T/no-such-release"
untouched "diff of a missing release"
xv_expect_rc 0 "$XVERIFY" "${c[@]}" "${reps[@]}" dist
grep -q '<testsuites' "$T/out/junit.xml" && xv_pass || xv_fail "a good run replaces the report"
[ "$(ls -A "$T/out" | wc -l)" = 5 ] && xv_pass || xv_fail "temporary files left: $(ls -A "$T/out")"
perm=$(stat -c %a "$T/out/r.json")
[ "$perm" = "$(printf '%o' $((0666 & ~$(umask))))" ] && xv_pass || xv_fail "report mode $perm ignores the umask"
xv_done
