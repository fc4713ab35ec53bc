#!/usr/bin/env bash
# The bundled example release (fixtures/example) passes clean: exit 0 with
# no failure, with and without its matrix (matrices/example.json), and every
# archive of the six platforms was judged. Then its programs are run where
# this machine can, to check they print what the matrix promises.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
dist=$XV_FIXTURES/example/dist
matrix=$XV_SOURCE_DIR/matrices/example.json
[ -f "$dist/checksums.txt" ] || xv_fail "example release not built: $dist"

# summary JSON: prints "verdict<TAB>check<TAB>subject" for every non-pass,
# non-skip result, then "judged <N>" (artifacts) and "platforms <ids>".
summary() {
  /usr/bin/python3 - "$1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
for r in doc.get("results", []):
    if r.get("verdict") not in ("pass", "skip"):
        print("%s\t%s\t%s" % (r.get("verdict"), r.get("check"), r.get("subject")))
subjects = {r.get("subject") for r in doc.get("results", []) if r.get("check") == "binary.parse"}
print("judged %d" % len(subjects))
plats = sorted({r.get("platform") for r in doc.get("results", []) if r.get("platform")})
print("platforms " + " ".join(plats))
PY
}

for mode in zero matrix; do
  args=(--no-smoke --today 2026-11-30 --json "$XV_TMP/$mode.json")
  [ "$mode" = matrix ] && args+=(--matrix "$matrix")
  xv_expect_rc 0 "$XVERIFY" "${args[@]}" "$dist"
  out=$XV_OUT
  s=$(summary "$XV_TMP/$mode.json") || { xv_fail "$mode: unreadable JSON report"; continue; }
  echo "[$mode]"; printf '%s\n' "$s"
  # Clean means clean: not even a warning.
  if printf '%s\n' "$s" | grep -qE '^(fail|error|warn)'; then
    xv_fail "$mode: findings on the example release"; printf '%s\n' "$out" | tail -40 >&2
  else xv_pass; fi
  # 6 platforms x (1 program + 2 libraries) judged as binaries.
  xv_contains "$s" "judged 18" "$mode binary count"
  xv_contains "$s" "platforms darwin_amd64 darwin_arm64 linux_amd64 linux_arm64 windows_amd64 windows_arm64" "$mode platforms"
done

# The matrix run judged the matrix checks too (they are not skipped).
for c in symbols.versions symbols.exports manifest platforms os.min size.budget \
         size.consistency checksums deps.resolve deps.paths hardening arch.match; do
  if /usr/bin/python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
sys.exit(0 if any(r.get("check") == sys.argv[2] and r.get("verdict") == "pass"
                  for r in doc.get("results", [])) else 1)' "$XV_TMP/matrix.json" "$c"
  then xv_pass; else xv_fail "matrix run has no passing $c result"; fi
done

# The example matrix is valid against matrices/schema.json (JSON Schema,
# with the smoke section's schema-smoke.json resolved locally).
if /usr/bin/python3 - "$matrix" "$XV_SOURCE_DIR/matrices" <<'PY'
import json, os, sys
import jsonschema
sys.path.insert(0, os.path.join(os.environ["XV_SOURCE_DIR"], "tests"))
import jsonc
m = jsonc.load(sys.argv[1])
store = {}
for f in os.listdir(sys.argv[2]):
    if f.startswith("schema") and f.endswith(".json"):
        d = json.load(open(os.path.join(sys.argv[2], f), encoding="utf-8"))
        store[d.get("$id", f)] = d
schema = json.load(open(os.path.join(sys.argv[2], "schema.json"), encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
v = cls(schema, resolver=jsonschema.RefResolver.from_schema(schema, store=store))
errs = list(v.iter_errors(m))
for e in errs[:10]:
    print("matrices/example.json: %s: %s" % ("/".join(map(str, e.path)), e.message), file=sys.stderr)
sys.exit(1 if errs else 0)
PY
then xv_pass; else xv_fail "matrices/example.json does not validate against matrices/schema.json"; fi

# The release is reproducible (README): a second build in another folder
# gives byte-identical archives, so no build path or time leaked in.
if bash "$XV_SOURCE_DIR/fixtures/example/recipe.sh" "$XV_TMP/rebuild" 2>"$XV_TMP/rebuild.log"; then
  if diff "$dist/checksums.txt" "$XV_TMP/rebuild/dist/checksums.txt" >&2; then xv_pass
  else xv_fail "a second build of the example release differs (not reproducible)"; fi
else
  xv_fail "second build of the example release failed"; tail -20 "$XV_TMP/rebuild.log" >&2
fi
rm -rf "$XV_TMP/rebuild"

# --- The programs really print what the matrix promises: run them directly
# (not through xverify) where this machine can: linux_amd64 natively,
# linux_arm64 under qemu-aarch64 with the cross glibc, windows_amd64 under
# Wine; compare stdout with the matrix's smoke commands ("stdout" exactly,
# "stdout_regex" as a regex). Without these tools the test is skipped, which
# fails under CI=true.
[ "$XV_FAILS" -eq 0 ] || xv_done
for t in qemu-aarch64 wine; do
  command -v "$t" >/dev/null || xv_skip "$t not installed (scripts/deps.sh)"
done
[ -d /usr/aarch64-linux-gnu/lib ] || xv_skip "no aarch64 cross glibc (libc6-arm64-cross)"
mkdir -p "$XV_TMP/x"
for f in "$dist"/*.tar.gz; do tar -xzf "$f" -C "$XV_TMP/x"; done
for f in "$dist"/*.zip; do (cd "$XV_TMP/x" && unzip -q "$f"); done

# The commands of the matrix, as "match arg exact regex" lines (fields
# separated by US, 0x1f: a tab would merge empty fields).
cmds=$(/usr/bin/python3 - "$matrix" <<'PY'
import json, os, sys
sys.path.insert(0, os.path.join(os.environ["XV_SOURCE_DIR"], "tests"))
import jsonc
m = jsonc.load(sys.argv[1])
for c in m["smoke"]["commands"]:
    print("\x1f".join([c["match"], c["argv"][1], c.get("stdout", ""), c.get("stdout_regex", "")]))
PY
) || xv_fail "cannot read the smoke commands of $matrix"
[ -n "$cmds" ] || xv_fail "no smoke commands in $matrix"

run() { # run PLATFORM FILE ARG
  case $1 in
    linux_amd64) "$2" "$3" ;;
    linux_arm64) qemu-aarch64 -L /usr/aarch64-linux-gnu "$2" "$3" ;;
    windows_amd64) WINEPREFIX=$XV_TMP/wine WINEDEBUG=-all timeout 300 wine "$2" "$3" ;;
  esac
}

n=0
for plat in linux_amd64 linux_arm64 windows_amd64; do
  root=$XV_TMP/x/example_1.0.0_$plat
  while IFS=$'\x1f' read -r match arg exact regex; do
    case $match in
      */bin/example) [ "$plat" = windows_amd64 ] && continue; f=$root/bin/example ;;
      *example.exe) [ "$plat" = windows_amd64 ] || continue; f=$root/example.exe ;;
      *) continue ;;
    esac
    got=$(run "$plat" "$f" "$arg" 2>"$XV_TMP/err"); rc=$?
    echo "$plat: example $arg -> exit $rc: $got"
    n=$((n + 1))
    if [ $rc -eq 0 ]; then xv_pass; else xv_fail "$plat $arg: exit $rc"; cat "$XV_TMP/err" >&2; fi
    if [ -n "$exact" ]; then
      if [ "$got" = "$exact" ]; then xv_pass
      else xv_fail "$plat $arg: stdout \"$got\", the matrix wants \"$exact\""; fi
    fi
    if [ -n "$regex" ]; then
      if /usr/bin/python3 -c 'import re,sys; sys.exit(0 if re.search(sys.argv[1], sys.argv[2]) else 1)' \
           "$regex" "$got"; then xv_pass
      else xv_fail "$plat $arg: stdout \"$got\" does not match /$regex/"; fi
    fi
  done <<<"$cmds"
done
[ $n -ge 4 ] && xv_pass || xv_fail "only $n smoke commands ran"
# The same work gives the same answer on every platform.
a=$(run linux_amd64 "$XV_TMP/x/example_1.0.0_linux_amd64/bin/example" probe)
b=$(run linux_arm64 "$XV_TMP/x/example_1.0.0_linux_arm64/bin/example" probe)
c=$(run windows_amd64 "$XV_TMP/x/example_1.0.0_windows_amd64/example.exe" probe)
if [ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" = "$c" ]; then xv_pass
else xv_fail "platforms disagree: amd64 \"$a\", arm64 \"$b\", windows \"$c\""; fi
xv_done
