# Shared helpers for shell tests. Source it: . "$(dirname "$0")/../lib.sh"
set -u
: "${XVERIFY:?run through ctest (XVERIFY unset)}"
: "${XV_FIXTURES:?run through ctest (XV_FIXTURES unset)}"
: "${XV_SOURCE_DIR:?}"

XV_FAILS=0
XV_PASSES=0

# Skip the whole test with a reason. Under CI=true a skip is a failure:
# every tier must run in CI.
xv_skip() {
  if [ "${CI:-}" = "true" ]; then
    echo "FAIL (would skip in CI): $*" >&2
    exit 1
  fi
  echo "SKIP: $*" >&2
  exit 77
}

xv_fail() { echo "FAIL: $*" >&2; XV_FAILS=$((XV_FAILS + 1)); }
xv_pass() { XV_PASSES=$((XV_PASSES + 1)); }

# xv_expect_rc WANT CMD...   runs CMD, checks its exit code; output in $XV_OUT
xv_expect_rc() {
  local want=$1; shift
  XV_OUT=$("$@" 2>&1); local rc=$?
  if [ "$rc" != "$want" ]; then
    xv_fail "exit $rc (want $want): $*"; printf '%s\n' "$XV_OUT" | head -40 >&2
  else
    xv_pass
  fi
}

# xv_contains TEXT NEEDLE [what]
xv_contains() {
  if printf '%s' "$1" | grep -qF -- "$2"; then xv_pass
  else xv_fail "${3:-output} lacks: $2"; printf '%s\n' "$1" | head -40 >&2; fi
}
xv_lacks() {
  if printf '%s' "$1" | grep -qF -- "$2"; then
    xv_fail "${3:-output} has: $2"; printf '%s\n' "$1" | head -40 >&2
  else xv_pass; fi
}

# Compare a file against a golden; XV_UPDATE_GOLDEN=1 rewrites the golden.
xv_golden() {
  local got=$1 golden=$2
  if [ "${XV_UPDATE_GOLDEN:-}" = 1 ]; then cp "$got" "$golden"; xv_pass; return; fi
  if diff -u "$golden" "$got" >&2; then xv_pass; else xv_fail "differs from golden $golden"; fi
}

xv_tmpdir() {
  XV_TMP=$(mktemp -d "${TMPDIR:-/tmp}/xvtest.XXXXXX")
  trap 'rm -rf "$XV_TMP"' EXIT
}

xv_done() {
  echo "$XV_PASSES passed, $XV_FAILS failed"
  [ "$XV_FAILS" -eq 0 ]
  exit $?
}
