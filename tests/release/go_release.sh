#!/usr/bin/env bash
# Real releases built from source by fixtures/release/recipe.sh, verified
# with zero configuration as a new user would:
#   - the goreleaser-style Go release (six platforms + darwin_all, CGO off)
#     passes with exit 0 and no warning; every binary's toolchain is read
#     (inspect --json) and named in the reports;
#   - the cgo build linking libgreet.so.1 through $ORIGIN/lib passes with at
#     most warnings, which name the go build flags that fix them;
#   - a Rust release hello passes without any hardening warning (when rustc
#     was found; otherwise that part is skipped, naming rustc: rustc is not a
#     CI requirement, so this part never fails the tier);
#   - the broken copies fail, each with exactly its one defect on its member.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
r=$XV_FIXTURES/release
[ -f "$r/MISSING" ] && xv_skip "release fixtures not built, missing: $(cat "$r/MISSING")"
[ -d "$r/go/dist" ] || xv_skip "no Go release built: $r/go/dist (fixtures/release/recipe.sh needs golang-go)"
command -v go >/dev/null || xv_skip "go not found (scripts/deps.sh installs golang-go)"
gover=$(go env GOVERSION)       # go1.19.8: what the recipe built with
want_tc="Go ${gover#go}, module example.com/hello, CGO off"

# results_of JSON CHECK...: "verdict check subject :: message" lines
results_of() {
  /usr/bin/python3 - "$@" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
checks = set(sys.argv[2:])
for r in doc.get("results", []):
    if not checks or r.get("check") in checks:
        facts = {f["key"]: f["value"] for f in r.get("facts") or []}
        print("%s %s %s :: %s :: %s :: %s" % (r.get("verdict"), r.get("check"), r.get("subject"),
              r.get("message"), facts.get("toolchain", ""), r.get("hint") or ""))
PY
}

# ---- the Go release: exit 0, nothing but passes ----
xv_expect_rc 0 "$XVERIFY" --json "$XV_TMP/go.json" --markdown "$XV_TMP/go.md" \
  --html "$XV_TMP/go.html" "$r/go/dist"
xv_contains "$XV_OUT" "0 failed, 0 errors, 0 warnings" "Go release summary"
res=$(results_of "$XV_TMP/go.json")
xv_lacks "$res" "warn " "Go release results"
nbin=$(results_of "$XV_TMP/go.json" hardening | grep -c "^pass hardening ")
[ "$nbin" -eq 14 ] && xv_pass || xv_fail "want 14 Go binaries judged by hardening (7 archives + 7 dist folders), got $nbin"
# Every binary is known as Go with its module, and CGO off.
ngo=$(results_of "$XV_TMP/go.json" hardening | grep -cF ":: $want_tc ::")
[ "$ngo" -eq 14 ] && xv_pass || xv_fail "want 14 hardening results naming \"$want_tc\", got $ngo"
# The non-PIE static Linux executables pass as a fact, not a finding.
xv_contains "$res" "pass hardening $r/go/dist/hello_1.2.0_linux_amd64.tar.gz!/hello :: NX stack, no TEXTREL, not PIE: Go's default build mode" "linux_amd64 hardening"
xv_contains "$res" "pass hardening $r/go/dist/hello_1.2.0_darwin_amd64.tar.gz!/hello :: not PIE (MH_PIE unset): Go's default" "darwin_amd64 hardening"
# The JSON report carries the build info of every Go binary it read.
/usr/bin/python3 - "$XV_TMP/go.json" "$gover" <<'PY' && xv_pass || xv_fail "JSON report: Go build info of the binaries"
import json, sys
doc, gover = json.load(open(sys.argv[1])), sys.argv[2]
n = 0
for p in doc["packages"]:
    for a in p["artifacts"]:
        for b in (a.get("binary") or {}).get("binaries", []):
            g = b["toolchain"]["go"]
            assert g["version"] == gover and g["module"] == "example.com/hello", g
            n += 1
assert n == 16, n   # 7 archives + 7 folders, darwin_all twice (two slices each)
PY
# The sign-off reports name the toolchain.
xv_contains "$(cat "$XV_TMP/go.md")" "$want_tc" "Markdown sign-off"
xv_contains "$(cat "$XV_TMP/go.html")" "$want_tc" "HTML sign-off"

# inspect --json: the build info of each platform's binary.
for d in "$r"/go/dist/hello_*_*/; do
  dir=$(basename "$d")                         # hello_linux_amd64_v1, hello_darwin_all
  os=$(echo "$dir" | cut -d_ -f2) arch=$(echo "$dir" | cut -d_ -f3)
  f=$(ls "$d"* | head -1)
  "$XVERIFY" inspect --json "$f" >"$XV_TMP/i.json" || { xv_fail "inspect $f"; continue; }
  /usr/bin/python3 - "$XV_TMP/i.json" "$os" "$arch" "$gover" <<'PY' && xv_pass || xv_fail "inspect --json toolchain of $f"
import json, sys
doc, os_, arch, gover = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]
bins = doc["binaries"]
assert len(bins) == (2 if arch == "all" else 1), len(bins)
for b in bins:
    t = b["toolchain"]
    assert t["language"] == "go", t
    g = t["go"]
    assert g["version"] == gover, g
    assert g["module"] == "example.com/hello" and g["path"] == "example.com/hello", g
    assert g["module_version"] == "(devel)", g
    assert g["cgo"] is False and g["trimpath"] is True, g
    assert g["goos"] == os_, (g, os_)
    want_arch = {"amd64": "x86_64", "arm64": "aarch64"}
    assert arch == "all" or g["goarch"] == arch, (g, arch)
    assert want_arch[g["goarch"]] == b["arch"], (g, b["arch"])
    if b["format"] == "elf":
        assert g.get("build_id"), g      # .note.go.buildid
PY
done

# ---- cgo: passes, at most warnings, each naming its go build flag ----
xv_expect_rc 0 "$XVERIFY" --json "$XV_TMP/cgo.json" "$r/cgo/dist"
res=$(results_of "$XV_TMP/cgo.json")
xv_lacks "$res" "fail " "cgo results"
xv_contains "$res" "pass deps.resolve" "cgo deps.resolve"
h=$(results_of "$XV_TMP/cgo.json" hardening | grep "!/hellocgo ")
xv_contains "$h" "warn hardening" "cgo hardening verdict"
xv_contains "$h" "not PIE (Go cgo executable" "cgo hardening"
xv_contains "$h" "build with go build -buildmode=pie -ldflags=-extldflags=-Wl,-z,now" "cgo hint (both flags)"
xv_contains "$h" "Go ${gover#go}, module example.com/hellocgo, CGO on" "cgo toolchain"
xv_contains "$(python3 -c 'import json,sys; print([r.get("detail") for r in json.load(open(sys.argv[1]))["results"] if r["check"]=="hardening" and r["subject"].endswith("/hellocgo")][0])' "$XV_TMP/cgo.json")" \
  "partial RELRO (no BIND_NOW) (Go's linker does not pass -z now; fix: go build -ldflags=-extldflags=-Wl,-z,now)" "cgo RELRO warning"
xv_contains "$(cat "$XV_SOURCE_DIR/docs/checks.md")" "-ldflags=-extldflags=-Wl,-z,now" "docs table"
# The shipped C library is judged as C: hardened, nothing to warn.
xv_contains "$res" "pass hardening $r/cgo/dist/hellocgo_1.2.0_linux_amd64.tar.gz!/lib/libgreet.so.1" "libgreet"

# ---- Rust (optional: rustc is not a CI requirement) ----
if [ -f "$r/rust/MISSING" ]; then
  echo "SKIP (part): Rust hello not built: $(cat "$r/rust/MISSING")" >&2
else
  xv_expect_rc 0 "$XVERIFY" --json "$XV_TMP/rust.json" "$r/rust/dist"
  res=$(results_of "$XV_TMP/rust.json")
  xv_lacks "$res" "warn " "Rust results"
  xv_lacks "$res" "fail " "Rust results"
  rv=$(sed -n 's/^rustc \([0-9.]*\).*/\1/p' "$r/rust/VERSION")
  xv_contains "$(results_of "$XV_TMP/rust.json" hardening)" ":: Rust $rv ::" "Rust toolchain fact"
fi

# ---- broken copies: each fails with its one defect, naming the member ----
broken() { # broken CASE CHECK SUBJECT_SUFFIX NEEDLE
  local c=$1 check=$2 suffix=$3 needle=$4
  xv_expect_rc 1 "$XVERIFY" --json "$XV_TMP/$c.json" "$r/go/broken/$c/dist"
  local bad
  bad=$(results_of "$XV_TMP/$c.json" | grep -E "^(fail|error|warn) ")
  if [ "$(printf '%s\n' "$bad" | grep -c .)" != 1 ]; then
    xv_fail "$c: want exactly one finding, got: $bad"; return
  fi
  case "$bad" in
    "fail $check "*"$suffix :: "*"$needle"*) xv_pass ;;
    *) xv_fail "$c: want fail $check on *$suffix with \"$needle\", got: $bad" ;;
  esac
}
broken wrong-arch arch.match "hello_1.2.0_linux_arm64.tar.gz!/hello" "is x86_64 but linux_arm64 promises aarch64"
broken checksum checksums "hello_1.2.0_linux_arm64.tar.gz" "sha256 mismatch"
broken c-nopie hardening "hello_1.2.0_linux_amd64.tar.gz!/helper" "not PIE (fixed load address"
xv_done
