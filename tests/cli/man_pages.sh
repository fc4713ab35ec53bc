#!/usr/bin/env bash
# The man pages stay in step with --help: every option that 'xverify --help'
# and each subcommand's --help print appears in the page that documents it,
# and in the bash, zsh and fish completions; each page is clean under
# `mandoc -T lint` (warnings and worse).
. "$(dirname "$0")/../lib.sh"
command -v mandoc >/dev/null || xv_skip "mandoc not installed (scripts/deps.sh)"
man=$XV_SOURCE_DIR/docs/man
comp=$XV_SOURCE_DIR/completions

for page in "$man"/xverify.1 "$man"/xverify-rootfs.1 "$man"/xverify-matrix.5; do
  out=$(mandoc -T lint -W warning "$page" 2>&1); rc=$?
  if [ $rc -eq 0 ] && [ -z "$out" ]; then xv_pass; else xv_fail "mandoc -T lint $page: $out"; fi
done

# Options named in a help text: long options and the short ones (-q, -v, -h, -V).
opts_of() { grep -oE -- '(^|[ ,(|\[])--?[a-zA-Z][a-zA-Z-]*' | sed -E 's/^[ ,(|\[]//' | sort -u; }
# A page's text with roff's \- turned into -.
text_of() { sed 's/\\-/-/g' "$1"; }

check() {  # HELP_TEXT PAGE WHAT
  local help=$1 page=$2 what=$3 o
  local ptext; ptext=$(text_of "$page")
  [ -n "$(printf '%s\n' "$help" | opts_of)" ] || { xv_fail "$what: no options found in --help"; return; }
  while read -r o; do
    if printf '%s' "$ptext" | grep -qF -- "$o"; then xv_pass
    else xv_fail "$what: option $o of --help missing from $(basename "$page")"; fi
    for c in xverify.bash _xverify xverify.fish; do
      local needle=$o
      # fish names options without dashes: -l quiet / -s q.
      if [ $c = xverify.fish ]; then
        case $o in --*) needle="-l ${o#--}" ;; -*) needle="-s ${o#-}" ;; esac
      fi
      case "$o" in -[a-zA-Z]) [ $c = xverify.bash ] && continue ;; esac
      if grep -qF -- "$needle" "$comp/$c"; then xv_pass
      else xv_fail "$what: option $o of --help missing from completions/$c"; fi
    done
  done < <(printf '%s\n' "$help" | opts_of)
}

check "$("$XVERIFY" --help)" "$man/xverify.1" "xverify --help"
check "$("$XVERIFY" inspect --help)" "$man/xverify.1" "xverify inspect --help"
check "$("$XVERIFY" list --help)" "$man/xverify.1" "xverify list --help"
check "$("$XVERIFY" rootfs --help)" "$man/xverify-rootfs.1" "xverify rootfs --help"
check "$("$XVERIFY" diff --help)" "$man/xverify.1" "xverify diff --help"
check "$("$XVERIFY" init --help)" "$man/xverify.1" "xverify init --help"
check "$("$XVERIFY" report --help)" "$man/xverify.1" "xverify report --help"
check "$("$XVERIFY" merge --help)" "$man/xverify.1" "xverify merge --help"
# Every subcommand of the usages (--help, and the one printed without PATH)
# has its section in the page.
for sub in $({ "$XVERIFY" --help; "$XVERIFY" 2>&1; } | sed -n 's/^ *xverify \([a-z]\{2,\}\) .*/\1/p' | sort -u); do
  if text_of "$man/xverify.1" | grep -q "^\.B $sub "; then xv_pass
  else xv_fail "subcommand $sub has no section in xverify.1"; fi
  if grep -qw -- "$sub" "$comp/xverify.bash"; then xv_pass
  else xv_fail "subcommand $sub missing from completions/xverify.bash"; fi
done
# The check ids of --help are listed in the page too.
for id in $("$XVERIFY" --help | sed -n '/^Checks:/,/^  (matrix/p' | grep -oE '[a-z]+\.[a-z]+|\b(checksums|hardening|manifest|platforms)\b' | sort -u); do
  if text_of "$man/xverify.1" | grep -qF -- "$id"; then xv_pass; else xv_fail "check id $id missing from xverify.1"; fi
done
xv_done
