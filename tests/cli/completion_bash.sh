#!/usr/bin/env bash
# Drives the bash completion function (completions/xverify.bash) the way
# bash does on <TAB>: COMP_WORDS/COMP_CWORD set, _xverify called, COMPREPLY
# read. Needs the bash-completion package (its _init_completion, _filedir).
. "$(dirname "$0")/../lib.sh"
bc=/usr/share/bash-completion/bash_completion
[ -f "$bc" ] || xv_skip "bash-completion not installed (scripts/deps.sh)"
xv_tmpdir
mkdir -p "$XV_TMP/d/sub" && touch "$XV_TMP/d/release.json" "$XV_TMP/d/app.tar.gz"

# complete LINE -> the candidates, one per line, sorted
complete_line() {
  ( cd "$XV_TMP/d" && bash --norc --noprofile -c '
      . "$1"; . "$2"; shift 2
      line=$1
      read -r -a COMP_WORDS <<<"$line"
      [[ $line == *" " ]] && COMP_WORDS+=("")
      COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
      COMP_LINE=$line; COMP_POINT=${#line}
      _xverify xverify "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
      printf "%s\n" "${COMPREPLY[@]}"' sh "$bc" "$XV_SOURCE_DIR/completions/xverify.bash" "$1" ) | sort
}

expect() {  # LINE WANT...  (every WANT among the candidates)
  local line=$1; shift
  local got; got=$(complete_line "$line")
  for w in "$@"; do
    if printf '%s\n' "$got" | grep -qxF -- "$w"; then xv_pass
    else xv_fail "'$line<TAB>' lacks $w; got: $(echo $got)"; fi
  done
}
refuse() {  # LINE NOTWANT...
  local line=$1; shift
  local got; got=$(complete_line "$line")
  for w in "$@"; do
    if printf '%s\n' "$got" | grep -qxF -- "$w"; then xv_fail "'$line<TAB>' offers $w"
    else xv_pass; fi
  done
}

expect "xverify " inspect list rootfs diff init release.json app.tar.gz sub
expect "xverify diff --" --json --markdown --fail-on --max-growth --matrix
expect "xverify diff --fail-on " exports.removed floor.raised hardening.lost
expect "xverify diff --fail-on exports.removed,fl" exports.removed,floor.raised exports.removed,floor
expect "xverify diff old " app.tar.gz sub
expect "xverify init " sub
expect "xverify " report merge
expect "xverify --sh" --shard
expect "xverify --shard " 1/3 2/3 3/3
expect "xverify --pl" --platform
expect "xverify merge --" --junit --json --sarif --markdown --html --quiet
expect "xverify merge " release.json sub
refuse "xverify merge " app.tar.gz
expect "xverify report --" --html --markdown --help
expect "xverify report " release.json
expect "xverify --f" --fail-on
refuse "xverify --f" --json --matrix
expect "xverify --fail-on " error warn
expect "xverify --color " auto always never
expect "xverify --matrix " release.json sub
refuse "xverify --matrix " app.tar.gz
# bash splits "debian:b" at the colon; the candidates drop the "debian:" typed.
expect "xverify --distros debian:b" bullseye bookworm
expect "xverify --distros " debian:bullseye debian:trixie
expect "xverify --data-dir " sub
refuse "xverify --data-dir " release.json
expect "xverify --ma" --matrix
expect "xverify inspect --" --json --no-symbols --help
expect "xverify inspect " app.tar.gz release.json
expect "xverify list --" --json --help
refuse "xverify list --" --no-symbols
expect "xverify rootfs " add list rm
expect "xverify rootfs add --arch " amd64 arm64
expect "xverify --junit out.xml --" --sarif --markdown --version
xv_done
