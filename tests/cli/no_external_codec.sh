#!/usr/bin/env bash
# A hostile release cannot make xverify run a program on the host: an
# archive whose bytes are lzop, lrzip or grzip data (codecs libarchive would
# hand to an external `lzop -d`, `lrzip -d`, `grzip -d`) is an error naming
# the file, and the decoy programs put first on PATH never run. The same
# release also passes its good package, so the run goes on past the bad one.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
T=$XV_TMP
mkdir -p "$T/bin" "$T/dist"
for p in lzop lrzip grzip; do
  printf '#!/bin/sh\necho ran >>"%s/ran-%s"\ncat >/dev/null\n' "$T" "$p" >"$T/bin/$p"
  chmod +x "$T/bin/$p"
done
# lzop: magic 89 'LZO' 00 0d 0a 1a 0a, then a version header.
printf '\x89LZO\x00\x0d\x0a\x1a\x0a\x10\x30\x20\xa0\x09\x40\x01\x05\x03\x00\x00\x01\x00\x00\x81\xa4' \
  >"$T/dist/a_1.0_linux_amd64.tar.gz"
head -c 4000 /dev/zero >>"$T/dist/a_1.0_linux_amd64.tar.gz"
# lrzip: 'LRZI', major 0, minor 6, then the rest of the header.
printf 'LRZI\x00\x06' >"$T/dist/b_1.0_linux_arm64.tar.xz"
head -c 4000 /dev/zero >>"$T/dist/b_1.0_linux_arm64.tar.xz"
# grzip: "GRZipII\0\2\4:)".
printf 'GRZipII\x00\x02\x04:)' >"$T/dist/c_1.0_linux_riscv64.tar.zst"
head -c 4000 /dev/zero >>"$T/dist/c_1.0_linux_riscv64.tar.zst"

PATH="$T/bin:$PATH" xv_expect_rc 1 "$XVERIFY" --no-smoke --color never "$T/dist"
for f in a_1.0_linux_amd64.tar.gz b_1.0_linux_arm64.tar.xz c_1.0_linux_riscv64.tar.zst; do
  xv_contains "$XV_OUT" "$f" "the bad archive is named"
done
for p in lzop lrzip grzip; do
  [ ! -e "$T/ran-$p" ] || xv_fail "xverify ran the release's choice of external program '$p'"
done
xv_done
