#!/usr/bin/env bash
# Matrix promises by name ("distros": catalogue ids of matrices/distros/):
#   ubuntu:20.04 fails a program needing GLIBC_2.34 (symbols.versions) and a
#   library needing libssl.so.3 (deps.resolve), passes a library needing
#   GLIBC_2.30 and libssl.so.1.1 (which the manylinux list alone rejects);
#   alpine:3.18 fails a glibc program in arch.match (libc);
#   a promised release past its end of life warns; an unknown id is a usage
#   error (exit 2) naming the key; codenames and rebuild aliases resolve;
#   zero config states "runs on" and warns when no supported LTS qualifies.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
T=$XV_TMP
F=$XV_FIXTURES/distros
for f in needs-glibc234 libneedsssl3.so libold.so hello-musl; do
  [ -f "$F/$f" ] || xv_fail "fixture not built: $F/$f"
done

# verdicts JSON CHECK SUBJECT-SUFFIX -> "verdict<TAB>message" of the matching results
verdicts() {
  /usr/bin/python3 - "$@" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
for r in doc["results"]:
    if r["check"] == sys.argv[2] and (r.get("subject") or "").endswith(sys.argv[3]):
        print("%s\t%s" % (r["verdict"], r["message"]))
PY
}
mkrel() { # NAME FILES... -> $T/NAME/tool_1.0_linux_amd64/{bin,lib}/
  local d=$T/$1/tool_1.0_linux_amd64; shift
  mkdir -p "$d/bin" "$d/lib"
  for f in "$@"; do
    case $f in lib*) cp "$F/$f" "$d/lib/" ;; *) cp "$F/$f" "$d/bin/" ;; esac
  done
}
mkrel new needs-glibc234 libneedsssl3.so
mkrel old libold.so
printf '{ "distros": ["ubuntu:20.04"] }\n' > "$T/focal.json"

# ubuntu:20.04 (supported on 2025-01-15): the new release fails twice.
xv_expect_rc 1 "$XVERIFY" --no-smoke --today 2025-01-15 --matrix "$T/focal.json" \
  --json "$T/new.json" "$T/new"
v=$(verdicts "$T/new.json" symbols.versions bin/needs-glibc234)
xv_contains "$v" "fail	requires GLIBC_2.34 but the floor is GLIBC_2.31 (the oldest promised distro)" "glibc 2.34 under ubuntu:20.04"
v=$(verdicts "$T/new.json" deps.resolve lib/libneedsssl3.so)
xv_contains "$v" "fail" "libssl.so.3 under ubuntu:20.04"
xv_contains "$v" "libssl.so.3" "libssl.so.3 under ubuntu:20.04"
v=$(verdicts "$T/new.json" symbols.versions distros)
xv_contains "$v" "pass	promised distros are supported: ubuntu:20.04 until 2025-05-31" "supported promise"

# The old release passes under ubuntu:20.04 ...
xv_expect_rc 0 "$XVERIFY" --no-smoke --today 2025-01-15 --matrix "$T/focal.json" \
  --json "$T/old.json" "$T/old"
xv_contains "$(verdicts "$T/old.json" symbols.versions lib/libold.so)" "pass	requires GLIBC_2.30, within the floor"
xv_contains "$(verdicts "$T/old.json" deps.resolve lib/libold.so)" "pass"
# ... and under a newer promise libssl.so.1.1 fails (Debian 12 has no OpenSSL 1.1).
printf '{ "platforms": { "linux_amd64": { "distros": ["debian:bookworm", "ubuntu:20.04"] } } }\n' > "$T/mixed.json"
xv_expect_rc 1 "$XVERIFY" --no-smoke --today 2025-01-15 --matrix "$T/mixed.json" \
  --json "$T/mixed.json.out" "$T/old"
xv_contains "$(verdicts "$T/mixed.json.out" deps.resolve lib/libold.so)" "fail" "libssl.so.1.1 under debian:bookworm"
# Without a promise the manylinux list decides: libssl.so.1.1 is not a system library.
xv_expect_rc 1 "$XVERIFY" --no-smoke --today 2025-01-15 --json "$T/zero-old.json" "$T/old"
xv_contains "$(verdicts "$T/zero-old.json" deps.resolve lib/libold.so)" "fail" "zero config libssl.so.1.1"

# alpine:3.18: a glibc program fails arch.match on its libc.
printf '{ "distros": ["alpine:3.18"] }\n' > "$T/alpine.json"
xv_expect_rc 1 "$XVERIFY" --no-smoke --today 2025-01-15 --matrix "$T/alpine.json" \
  --json "$T/alpine.out" "$T/new"
xv_contains "$(verdicts "$T/alpine.out" arch.match bin/needs-glibc234)" \
  "fail	is linked against glibc but the promised alpine:3.18 (Alpine 3.18) has musl"

# End of life: ubuntu:20.04 on 2026-11-30 warns (exit 0 unless --fail-on warn).
xv_expect_rc 0 "$XVERIFY" --no-smoke --today 2026-11-30 --matrix "$T/focal.json" \
  --json "$T/eol.json" "$T/old"
xv_contains "$(verdicts "$T/eol.json" symbols.versions distros)" \
  "warn	promised distro past its end of life: ubuntu:20.04 (Ubuntu 20.04, end of life 2025-05-31)"

# Unknown ids are usage errors naming the key; codenames and aliases resolve.
printf '{ "platforms": { "linux_amd64": { "distros": ["ubuntu:19.04"] } } }\n' > "$T/bad.json"
xv_expect_rc 2 "$XVERIFY" --no-smoke --matrix "$T/bad.json" "$T/old"
xv_contains "$XV_OUT" 'platforms.linux_amd64.distros: "ubuntu:19.04" is not in the distro catalogue'
printf '{ "distros": ["ubuntu"] }\n' > "$T/bad2.json"
xv_expect_rc 2 "$XVERIFY" --no-smoke --matrix "$T/bad2.json" "$T/old"
xv_contains "$XV_OUT" 'distros: expected "family:version"'
printf '{ "distros": ["ubuntu:focal", "rocky:9"] }\n' > "$T/alias.json"
xv_expect_rc 1 "$XVERIFY" --no-smoke --today 2025-01-15 --matrix "$T/alias.json" \
  --json "$T/alias.out" "$T/old"
xv_contains "$(verdicts "$T/alias.out" symbols.versions lib/libold.so)" "pass" "ubuntu:focal + rocky:9 floors"
xv_contains "$(verdicts "$T/alias.out" deps.resolve lib/libold.so)" "fail" "rocky:9 has no libssl.so.1.1"

# Zero config: runs on, and no warning for a binary that runs on supported LTS releases.
xv_expect_rc 1 "$XVERIFY" --no-smoke --today 2026-11-30 --json "$T/zero.json" "$T/new"
xv_contains "$(verdicts "$T/zero.json" symbols.versions bin/needs-glibc234)" \
  "pass	requires GLIBC_2.34 (no floor declared for linux_amd64); runs on glibc >= 2.34: Debian 12+, Ubuntu 22.04+, RHEL 9+, Amazon Linux 2023+"
xv_contains "$(verdicts "$T/zero.json" symbols.versions lib/libneedsssl3.so)" \
  "runs on glibc >= 2.2.5, libssl.so.3: Debian 12+, Ubuntu 22.04+, RHEL 9+, Amazon Linux 2023+"
xv_contains "$(verdicts "$T/zero.json" symbols.versions lib/libneedsssl3.so)" "not Alpine (glibc)"
# ... and a warning when no supported Debian / Ubuntu LTS / RHEL release qualifies:
# on 2030-07-01 only RHEL 9/10 and Ubuntu 24.04 are left; OpenSSL 1.1 is on none of them.
xv_expect_rc 1 "$XVERIFY" --no-smoke --today 2030-07-01 --json "$T/late.json" "$T/old"
xv_contains "$(verdicts "$T/late.json" symbols.versions lib/libold.so)" \
  "warn	requires GLIBC_2.30: runs on no supported release of Debian, Ubuntu LTS or RHEL"
# A declared floor turns the rule off (the floor is the decision).
printf '{ "platforms": { "linux_amd64": { "glibc": "2.31" } } }\n' > "$T/floor.json"
"$XVERIFY" --no-smoke --today 2030-07-01 --matrix "$T/floor.json" --json "$T/floor.out" "$T/old" >/dev/null 2>&1
xv_contains "$(verdicts "$T/floor.out" symbols.versions lib/libold.so)" "pass	requires GLIBC_2.30, within the floor"
# JSON facts carry the answer.
/usr/bin/python3 - "$T/zero.json" <<'PY' && xv_pass || xv_fail "runs_on fact missing in JSON"
import json, sys
doc = json.load(open(sys.argv[1]))
facts = [f for r in doc["results"] if r["check"] == "symbols.versions" for f in (r.get("facts") or [])]
print(facts[:3])
assert any((f.get("key") if isinstance(f, dict) else None) == "runs_on" for f in facts) or \
       any("runs_on" in (r.get("facts") or {}) for r in doc["results"] if isinstance(r.get("facts"), dict))
PY
xv_done
