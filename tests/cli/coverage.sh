#!/usr/bin/env bash
# Nothing passes uninspected: hostile releases (generated here, too large or
# too many to commit) end in an exit code of 1 and a result naming what was
# not read and the limit that stopped it. Also: empty archives, link chains,
# special files and links in folders, checksum lines through links, FIFOs
# given as inputs, and globs that cannot be decided.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
T=$XV_TMP
gen="python3 $XV_SOURCE_DIR/tests/cli/gen_hostile.py"
common=(--no-smoke --today 2026-11-30)
command -v python3 >/dev/null || xv_skip "python3 missing (scripts/deps.sh installs it)"

# ---- depth: 20 levels; the innermost holds setuid, '..', a device node ----
$gen nested "$T/nest" 20
xv_expect_rc 1 "$XVERIFY" "${common[@]}" "$T/nest"
xv_contains "$XV_OUT" "ERROR archive.safe level05.tar.gz: archive nested deeper than the depth limit of 3; not inspected"
xv_lacks "$XV_OUT" "Ready to publish"
# no severity turns "not inspected" into a pass
for sev in warn off; do
  printf '{ "severity": { "archive.safe": "%s" } }\n' "$sev" > "$T/sev.json"
  xv_expect_rc 1 "$XVERIFY" "${common[@]}" --matrix "$T/sev.json" "$T/nest"
  xv_contains "$XV_OUT" "ERROR archive.safe level05.tar.gz: archive nested deeper" "severity $sev"
done
# a waiver by glob does not excuse it; one naming the member does
cat > "$T/wglob.json" <<'J'
{ "waivers": [ { "check": "archive.safe", "match": "**", "reason": "all of it" } ] }
J
xv_expect_rc 1 "$XVERIFY" "${common[@]}" --matrix "$T/wglob.json" "$T/nest"
xv_contains "$XV_OUT" "ERROR archive.safe level05.tar.gz"
cat > "$T/wname.json" <<'J'
{ "waivers": [ { "check": "archive.safe", "match": "level05.tar.gz", "reason": "reviewed by hand" } ] }
J
xv_expect_rc 0 "$XVERIFY" "${common[@]}" --matrix "$T/wname.json" "$T/nest"
# the depth is configurable: option and matrix; then the content is judged
for how in opt matrix; do
  if [ $how = opt ]; then args=(--max-depth 25); else
    echo '{ "limits": { "depth": 25 } }' > "$T/depth.json"; args=(--matrix "$T/depth.json"); fi
  xv_expect_rc 1 "$XVERIFY" "${common[@]}" "${args[@]}" "$T/nest"
  xv_contains "$XV_OUT" "bin/su-tool has the setuid bit set" "depth by $how"
  xv_contains "$XV_OUT" "entry escapes the package with '..': ../escape" "depth by $how"
  xv_contains "$XV_OUT" "dev/sda is a device node" "depth by $how"
  xv_contains "$XV_OUT" "entry has an absolute path: /etc/cron.d/evil" "depth by $how"
  xv_lacks "$XV_OUT" "nested deeper" "depth by $how"
done
echo '{ "limits": { "depth": 1.5 } }' > "$T/bad.json"
xv_expect_rc 2 "$XVERIFY" "${common[@]}" --matrix "$T/bad.json" "$T/nest"
xv_contains "$XV_OUT" "limits.depth"
xv_expect_rc 2 "$XVERIFY" "${common[@]}" --max-depth -1 "$T/nest"

# ---- findings cap: 100,001 empty nested zips, then a hostile archive ----
$gen findings "$T/finds" 100001
xv_expect_rc 1 "$XVERIFY" "${common[@]}" -q "$T/finds"
xv_contains "$XV_OUT" "ERROR archive.safe $T/finds/a_1.0_linux_amd64.zip: 90001 more findings in this input were not listed"
xv_contains "$XV_OUT" "FAIL  archive.safe bin/su-tool: bin/su-tool has the setuid bit set"
xv_contains "$XV_OUT" "FAIL  archive.safe ../escape: entry escapes the package with '..'"
xv_contains "$XV_OUT" "FAIL  archive.safe dev/sda: dev/sda is a device node"
xv_contains "$XV_OUT" "entry has an absolute path: /etc/cron.d/evil"
xv_lacks "$XV_OUT" "Ready to publish"

# ---- empty archives fail and satisfy no platform ----
mkdir -p "$T/empty"
: > "$T/empty/a_1.0_linux_amd64.tar.gz"; : > "$T/empty/b_1.0_linux_amd64.zip"
: > "$T/empty/c_1.0_amd64.deb"; : > "$T/empty/d_1.0_linux_amd64.7z"
head -c 1024 /dev/zero > "$T/empty/e_1.0_linux_amd64.zip"
printf '' | gzip > "$T/empty/f_1.0_linux_amd64.tar.gz"
echo '{ "platforms": { "linux_amd64": {} } }' > "$T/plat.json"
xv_expect_rc 1 "$XVERIFY" "${common[@]}" --matrix "$T/plat.json" "$T/empty"
for f in a_1.0_linux_amd64.tar.gz b_1.0_linux_amd64.zip c_1.0_amd64.deb d_1.0_linux_amd64.7z \
         e_1.0_linux_amd64.zip f_1.0_linux_amd64.tar.gz; do
  xv_contains "$XV_OUT" "FAIL  archive.safe $T/empty/$f: empty archive" "$f"
done
xv_contains "$XV_OUT" "FAIL  platforms linux_amd64: no package for required platform linux_amd64"

# ---- release-wide limits: a ratio-padded nested bomb (scaled down) ----
# 16 identical inner .tar.gz of 8 x 32 MiB zeros + 1.5 MiB of random bytes:
# each archive's own ratio stays under 200; 4 GiB in all.
$gen bomb "$T/bomb" 16 8 32 1536 > "$T/bomb.txt"
xv_expect_rc 1 "$XVERIFY" "${common[@]}" --max-total 512MiB "$T/bomb"
xv_contains "$XV_OUT" "the release expands to more than 536870912 bytes, all archive levels counted"
xv_contains "$XV_OUT" "bomb_1.0_linux_amd64.tar: not inspected past"
xv_lacks "$XV_OUT" "inner05.tar.gz" "reading stopped at the first limit"
echo '{ "limits": { "total": "512MiB" } }' > "$T/total.json"
xv_expect_rc 1 "$XVERIFY" "${common[@]}" --matrix "$T/total.json" "$T/bomb"
xv_contains "$XV_OUT" "more than 536870912 bytes"
# the ratio of everything under the top-level archive, past ratio_min
xv_expect_rc 1 "$XVERIFY" "${common[@]}" --max-ratio 50 --ratio-min 16MiB "$T/bomb"
xv_contains "$XV_OUT" "compression ratio over the limit of 50"
# the same inner archives in a tar.xz that dedupes them (like the 54 MB
# .tar.zst of 16 x 8 GiB): the ratio of everything under it gives it away
# with the default limits, inside the second inner archive
$gen bomb "$T/bombxz" 16 8 32 1536 xz > "$T/bombxz.txt"
xv_expect_rc 1 "$XVERIFY" "${common[@]}" "$T/bombxz"
xv_contains "$XV_OUT" "bomb_1.0_linux_amd64.tar.xz: compression ratio over the limit of 200:"
xv_contains "$XV_OUT" "expanded at all nesting levels"
xv_contains "$XV_OUT" "inner01.tar.gz: not inspected past"
xv_contains "$XV_OUT" "went over the ratio limit" "the nested archive cut short says so"
xv_lacks "$XV_OUT" "inner02.tar.gz" "reading stopped at the first limit"
# with the defaults it is read (4 GiB from 29 MB: under the 32 GiB total and a
# ratio of 148 under 200) and passes
xv_expect_rc 0 "$XVERIFY" "${common[@]}" -q "$T/bomb"
# --max-member: a member over it in a compressed stream ends that archive
xv_expect_rc 1 "$XVERIFY" "${common[@]}" --max-member 16MiB "$T/bomb"
xv_contains "$XV_OUT" "over the member limit of 16777216; not inspected"

# an ordinary library of zero-filled tables (8 MB, ratio far over 200) is
# read and judged, not called a bomb
if command -v cc >/dev/null; then
  mkdir -p "$T/lib/tables_1.0_linux_amd64/lib"
  printf 'const unsigned char xv_tables[8u << 20] = { 1 };\nint xv_t(int i) { return xv_tables[i]; }\n' > "$T/lib/t.c"
  cc -shared -fPIC -O2 -o "$T/lib/tables_1.0_linux_amd64/lib/libtables.so" "$T/lib/t.c"
  tar -C "$T/lib" -czf "$T/lib/tables_1.0_linux_amd64.tar.gz" tables_1.0_linux_amd64
  mkdir -p "$T/libd" && mv "$T/lib/tables_1.0_linux_amd64.tar.gz" "$T/libd/"
  "$XVERIFY" "${common[@]}" -v "$T/libd" > "$T/lib.out" 2>&1
  out=$(cat "$T/lib.out")
  xv_contains "$out" "PASS  archive.safe $T/libd/tables_1.0_linux_amd64.tar.gz"
  xv_lacks "$out" "compression ratio"
  xv_contains "$out" "binary.parse tables_1.0_linux_amd64/lib/libtables.so" "the library was inspected"
else
  xv_fail "no C compiler for the zero-filled library"
fi

# ---- link chains inside an archive ----
$gen links "$T/links"
xv_expect_rc 1 "$XVERIFY" "${common[@]}" "$T/links"
xv_contains "$XV_OUT" "symlink c -> a/b/.. resolves outside the package through other links"
xv_contains "$XV_OUT" "symlink e -> c/.. resolves outside the package through other links"
xv_lacks "$XV_OUT" "symlink ok ->"
xv_lacks "$XV_OUT" "symlink a/b ->"

# ---- folders: links leaving the input, special files, checksum lines ----
d=$T/fs/dist
mkdir -p "$d/pkg_linux_amd64/a"
ln -s /etc "$d/sub"
ln -s /proc "$d/p"
mkfifo "$d/pipe" "$d/pkg_linux_amd64/pipe"
ln -s .. "$d/pkg_linux_amd64/a/b"
ln -s a/b/.. "$d/pkg_linux_amd64/c"
python3 -c "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" "$d/pkg_linux_amd64/sock"
zero=0000000000000000000000000000000000000000000000000000000000000000
printf '%s  sub/shadow\n%s  p/kmsg\n' "$zero" "$zero" > "$d/checksums.txt"
xv_expect_rc 1 timeout 120 "$XVERIFY" "${common[@]}" "$d"
xv_contains "$XV_OUT" "sub/shadow is reached through the link $d/sub; not read"
xv_contains "$XV_OUT" "p/kmsg is reached through the link $d/p; not read"
xv_contains "$XV_OUT" "symlink sub -> /etc leaves the input folder"
xv_contains "$XV_OUT" "symlink p -> /proc leaves the input folder"
xv_contains "$XV_OUT" "pipe is a FIFO; not opened"
xv_contains "$XV_OUT" "sock is a socket; not opened"
xv_contains "$XV_OUT" "symlink c -> a/b/.. resolves outside the package through other links"
if [ -r /etc/shadow ]; then
  xv_lacks "$XV_OUT" "$(sha256sum /etc/shadow | cut -c1-64)" "hash of /etc/shadow"
fi

# ---- a FIFO given as input never blocks ----
mkfifo "$T/fifo"
xv_expect_rc 1 timeout 20 "$XVERIFY" inspect "$T/fifo"
xv_contains "$XV_OUT" "a FIFO, not a regular file"
xv_expect_rc 2 timeout 20 "$XVERIFY" list "$T/fifo"
xv_contains "$XV_OUT" "a FIFO, not a file or folder; not opened"
xv_expect_rc 2 timeout 20 "$XVERIFY" "${common[@]}" "$T/fifo"

# ---- globs: decided in linear time, or an error naming the pattern ----
python3 - "$T/glob" <<'P'
import io, os, sys, tarfile
out = sys.argv[1]; os.makedirs(out)
name = "g_1.0_linux_amd64/" + "".join("d/" + "a" * 97 + "/" for _ in range(40)) + "a" * 30 + "b"
with tarfile.open(os.path.join(out, "g_1.0_linux_amd64.tar"), "w", format=tarfile.PAX_FORMAT) as tf:
    ti = tarfile.TarInfo(name); ti.size = 4; tf.addfile(ti, io.BytesIO(b"data"))
P
cat > "$T/glob.json" <<'J'
{ "platforms": { "linux_amd64": { "manifest": [ "**/a*a*a*a*a*a*b", "g_1.0_linux_amd64/**a**a**a**a**a**a**a**c" ] } },
  "files": [ { "match": "**/a*a*a*a*a*a*b", "size": { "max": 1 } } ] }
J
xv_expect_rc 1 "$XVERIFY" "${common[@]}" -v --matrix "$T/glob.json" "$T/glob"
xv_contains "$XV_OUT" "PASS  manifest **/a*a*a*a*a*a*b" "realistic glob decided"
xv_lacks "$XV_OUT" "missing **/a*a*a*a*a*a*b"
xv_contains "$XV_OUT" "FAIL  size.budget" "files[].size rule applied"
xv_contains "$XV_OUT" "manifest glob \"g_1.0_linux_amd64/**a**a**a**a**a**a**a**c\" is too costly to decide"
xv_done
