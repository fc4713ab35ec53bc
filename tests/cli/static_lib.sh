#!/usr/bin/env bash
# A static library (.a) in a platform's package is judged by the arch of its
# first object member: the right arch passes arch.match, an aarch64 archive
# in the amd64 package fails naming it, and an archive holding no object is
# a skip that says why. Objects are compiled here with the host and aarch64
# cross compilers.
. "$(dirname "$0")/../lib.sh"
xv_tmpdir
T=$XV_TMP
command -v aarch64-linux-gnu-gcc >/dev/null || xv_skip "aarch64-linux-gnu-gcc not installed (scripts/deps.sh)"
echo 'int f(void) { return 1; }' >"$T/f.c"
cc -c "$T/f.c" -o "$T/x86.o"
aarch64-linux-gnu-gcc -c "$T/f.c" -o "$T/a64.o"
echo 'just text' >"$T/readme.txt"
for p in linux_amd64 linux_arm64; do mkdir -p "$T/good/lib_1.0_$p/lib" "$T/bad/lib_1.0_$p/lib"; done
ar rcs "$T/good/lib_1.0_linux_amd64/lib/libf.a" "$T/x86.o"
ar rcs "$T/good/lib_1.0_linux_arm64/lib/libf.a" "$T/a64.o"
ar rcs "$T/bad/lib_1.0_linux_amd64/lib/libf.a" "$T/a64.o"
ar rcs "$T/bad/lib_1.0_linux_arm64/lib/libf.a" "$T/readme.txt"

xv_expect_rc 0 "$XVERIFY" --no-smoke -v "$T/good"
xv_contains "$XV_OUT" "arch.match lib/libf.a: ar x86_64 matches linux_amd64"
xv_contains "$XV_OUT" "arch.match lib/libf.a: ar aarch64 matches linux_arm64"
xv_expect_rc 1 "$XVERIFY" --no-smoke -v "$T/bad"
xv_contains "$XV_OUT" "arch.match lib/libf.a: is aarch64 but linux_amd64 promises x86_64"
xv_contains "$XV_OUT" "no ELF, Mach-O or PE object member"
xv_done
