#!/usr/bin/env bash
# A hostile release (tests/smoke/hostile/, built here from C) run on every
# runner: native, qemu (x86_64 on the host, arm64 with the cross libc), the
# bookworm tree under bubblewrap, podman, Wine; then without bubblewrap
# (XV_SMOKE_NO_BWRAP=1), where strict isolation must skip rather than fall
# back to chroot. Its programs try to remount and write the tree, escape a
# chroot, setns into the parent's network namespace, reach a listener on the
# host's 127.0.0.1, write /etc, /usr and /tmp, leave a setsid() daemon and
# ptrace their parent. After each run: the tree's checksum is unchanged, no
# marker exists, the listener saw nothing, no process of the run is alive,
# no temp folder is left.
. "$(dirname "$0")/env.inc"
need_tool bwrap bubblewrap
need_tool qemu-aarch64 qemu-user
need_tool qemu-x86_64 qemu-user
need_tool wine "wine wine64"
need_tool podman "podman runc"
need_tool aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
need_tool x86_64-w64-mingw32-gcc gcc-mingw-w64
need_rootfs debian:bookworm amd64
xv_tmpdir
H=$XV_SOURCE_DIR/tests/smoke/hostile
tag=t$$x$RANDOM
tree=$("$XVERIFY" rootfs list | awk '$1 == "debian:bookworm" && $2 == "amd64" { print $NF }')
[ -d "$tree/usr" ] || xv_fail "bookworm tree not found ($tree)"

rel=$XV_TMP/rel
mkdir -p "$rel/hostile_1.0_linux_amd64/bin" "$rel/hostile_1.0_linux_arm64/bin" \
         "$rel/hostile_1.0_windows_amd64"
gcc -O1 -o "$rel/hostile_1.0_linux_amd64/bin/hostile" "$H/hostile.c" || xv_fail "gcc"
aarch64-linux-gnu-gcc -O1 -o "$rel/hostile_1.0_linux_arm64/bin/hostile" "$H/hostile.c" ||
  xv_fail "aarch64 gcc"
x86_64-w64-mingw32-gcc -O1 -o "$rel/hostile_1.0_windows_amd64/hostile.exe" "$H/hostile_win.c" \
  -lws2_32 || xv_fail "mingw gcc"

# The listener: every connection is one line in its log.
python3 - "$XV_TMP/port" "$XV_TMP/listener.log" <<'PY' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    c, _ = s.accept()
    with open(sys.argv[2], "a") as f:
        f.write("connection\n")
    c.close()
PY
listener=$!
trap 'kill $listener 2>/dev/null; rm -rf "$XV_TMP"' EXIT
for _ in $(seq 50); do [ -s "$XV_TMP/port" ] && break; sleep 0.1; done
port=$(cat "$XV_TMP/port")
# The listener works: this test could see a connection.
python3 -c "import socket; socket.create_connection(('127.0.0.1', $port)).close()"
for _ in $(seq 50); do [ -s "$XV_TMP/listener.log" ] && break; sleep 0.1; done
if [ -s "$XV_TMP/listener.log" ]; then xv_pass; else xv_fail "listener self-check"; fi
: > "$XV_TMP/listener.log"

cat > "$XV_TMP/m.json" <<JSON
{
  "smoke": {
    "load": false,
    "environments": {
      "linux_amd64": ["native", "qemu", "debian:bookworm", "oci:debian:bookworm"],
      "linux_arm64": ["qemu"],
      "windows_amd64": ["wine"]
    },
    "commands": [
      { "match": "**/bin/hostile", "argv": ["{file}", "$tag", "$port"], "timeout": 60 },
      { "match": "**/hostile.exe", "argv": ["{file}", "$tag", "$port"], "timeout": 120 }
    ]
  }
}
JSON

tree_sum() { (cd "$tree" && find . -xdev -printf '%p %s %T@ %m %U %G\n' | sort | sha256sum); }
markers() {
  local d
  for d in / /etc /usr /usr/lib /tmp /var/tmp "$tree" "$tree/usr" "$tree/usr/lib" \
           "$tree/etc" "$tree/tmp" "$XV_TMP"; do
    [ -e "$d/xv-marker-$tag" ] && echo "$d/xv-marker-$tag"
  done
  find "$XV_TMP" -name "xv-marker-$tag" 2>/dev/null
}
alive() {
  local f
  for f in /proc/[0-9]*/comm; do
    grep -qx xvhostiled "$f" 2>/dev/null && echo "daemon ${f%/comm}"
  done
  # Any process whose command line or environment names this test's
  # folder (Wine's have WINEPREFIX there), but the listener. The pattern is
  # bracketed so grep's own command line does not match it.
  local pat="${XV_TMP%?}[${XV_TMP: -1}]"
  grep -l -e "$pat" /proc/[0-9]*/cmdline /proc/[0-9]*/environ 2>/dev/null |
    while read -r f; do
      f=${f%/*}
      [ "$f" = "/proc/$listener" ] && continue
      a=$(tr '\0' ' ' < "$f/cmdline" 2>/dev/null)
      [ -n "$a" ] && echo "process $f: $a"
    done
}
# check LABEL: the host after a run.
check() {
  sleep 3 # the daemon, if it lived, retries every second
  local m a
  m=$(markers)
  if [ -z "$m" ]; then xv_pass; else xv_fail "$1: markers written: $m"; fi
  if [ "$(tree_sum)" = "$sum0" ]; then xv_pass; else xv_fail "$1: the bookworm tree changed"; fi
  if [ -s "$XV_TMP/listener.log" ]; then
    xv_fail "$1: the listener saw $(wc -l < "$XV_TMP/listener.log") connection(s)"
  else xv_pass; fi
  a=$(alive)
  if [ -z "$a" ]; then xv_pass; else xv_fail "$1: still alive: $a"; fi
  if [ -z "$(ls -A "$XV_TMP/t")" ]; then xv_pass
  else xv_fail "$1: temp folders left: $(ls -A "$XV_TMP/t")"; fi
}

sum0=$(tree_sum)
mkdir -p "$XV_TMP/t"
TMPDIR=$XV_TMP/t "$XVERIFY" --matrix "$XV_TMP/m.json" --color never --json "$XV_TMP/r.json" \
  "$rel" > "$XV_TMP/out.txt" 2>&1
rc=$?
if [ "$rc" -le 1 ]; then xv_pass; else xv_fail "xverify exit $rc"; cat "$XV_TMP/out.txt" >&2; fi
A=hostile_1.0_linux_amd64/bin/hostile
B=hostile_1.0_linux_arm64/bin/hostile
W=hostile_1.0_windows_amd64/hostile.exe
expect "$XV_TMP/r.json" "smoke.run|$A#1|native|pass" "smoke.run|$A#1|qemu|pass" \
  "smoke.run|$A#1|debian:bookworm|pass" "smoke.run|$A#1|oci:debian:bookworm|pass" \
  "smoke.run|$B#1|qemu|pass" "smoke.run|$W#2|wine|pass"
# Every attempt was made and none succeeded (the output is in the details).
python3 - "$XV_TMP/r.json" <<'PY' && xv_pass || xv_fail "attempts"
import json, sys
rs = [r for r in json.load(open(sys.argv[1]))["results"] if r["check"] == "smoke.run"]
bad = 0
want_linux = ["remount /usr", "chroot", "setns parent net", "connect 127.0.0.1",
              "ptrace parent", "write /etc", "write /usr", "daemon"]
for r in rs:
    d = r.get("detail") or ""
    win = "hostile.exe" in r["subject"]
    want = ["write Z:\\tmp", "connect 127.0.0.1"] if win else want_linux
    for w in want:
        if "ATTEMPT " + w not in d:
            print("%s on %s: no attempt %r" % (r["subject"], r.get("env"), w)); bad = 1
    for line in d.splitlines():
        if line.startswith("ATTEMPT") and "SUCCEEDED" in line and not line.startswith("ATTEMPT daemon") \
           and not line.startswith("ATTEMPT write Z:\\tmp") and not line.startswith("ATTEMPT write /tmp") \
           and not line.startswith("ATTEMPT detached process") \
           and not (r.get("env", "").startswith("oci:") and line.startswith("ATTEMPT unshare user")):
            print("%s on %s: %s" % (r["subject"], r.get("env"), line)); bad = 1
    facts = {f["key"]: f["value"] for f in r.get("facts") or []}
    if facts.get("isolation") not in ("sandbox", "container"):
        print("%s on %s: isolation %r" % (r["subject"], r.get("env"), facts.get("isolation"))); bad = 1
if len(rs) < 6:
    print("only %d smoke.run results" % len(rs)); bad = 1
sys.exit(bad)
PY
check "sandboxed runners"

# No bubblewrap: strict isolation (the default) skips every runner that
# would run the program on the host kernel, naming the package to install;
# podman still runs.
: > "$XV_TMP/listener.log"
XV_SMOKE_NO_BWRAP=1 TMPDIR=$XV_TMP/t "$XVERIFY" --matrix "$XV_TMP/m.json" --color never \
  --json "$XV_TMP/n.json" "$rel" > "$XV_TMP/out.txt" 2>&1
rc=$?
if [ "$rc" -le 1 ]; then xv_pass; else xv_fail "xverify exit $rc (no bwrap)"; fi
expect "$XV_TMP/n.json" "smoke.run|$A#1|native|skip||apt-get install bubblewrap" \
  "smoke.run|$A#1|qemu|skip||apt-get install bubblewrap" \
  "smoke.run|$A#1|debian:bookworm|skip||apt-get install bubblewrap" \
  "smoke.run|$B#1|qemu|skip||apt-get install bubblewrap" \
  "smoke.run|$W#2|wine|skip||apt-get install bubblewrap" \
  "smoke.run|$A#1|oci:debian:bookworm|pass"
check "without bubblewrap"
xv_done
