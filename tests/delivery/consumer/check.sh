# Sourced by tests/delivery/{install,deb}.sh: builds tests/delivery/consumer
# against the installed prefix $1, with pkg-config and with
# find_package(xverify CONFIG), and runs each program on a fixture.
# $2: "shared" (xverify::xverify and plain pkg-config link libxverify.so.0)
# or "static" (a portable prefix: only libxverify.a is installed).
xv_check_consumers() {
  local p=$1 kind=$2 fixture=$XV_FIXTURES/elf/x86_64/hello-pie
  local cons=$XV_SOURCE_DIR/tests/delivery/consumer out=$XV_TMP/consumer-$kind
  mkdir -p "$out"
  if cc -o "$out/consumer-pc" "$cons/consumer.c" \
       $(PKG_CONFIG_PATH=$p/lib/pkgconfig pkg-config --cflags --libs xverify) \
       -Wl,-rpath,"$p/lib" >"$out/pc.log" 2>&1; then
    xv_expect_rc 0 "$out/consumer-pc" "$fixture"
    xv_contains "$XV_OUT" "elf x86_64" "pkg-config consumer ($kind)"
  else
    cat "$out/pc.log" >&2; xv_fail "pkg-config consumer ($kind) did not build"
  fi
  if { cmake -S "$cons" -B "$out/build" -DCMAKE_PREFIX_PATH="$p" \
         -DCMAKE_BUILD_RPATH="$p/lib" && cmake --build "$out/build"; } >"$out/cm.log" 2>&1; then
    for exe in consumer consumer_static; do
      xv_expect_rc 0 "$out/build/$exe" "$fixture"
      xv_contains "$XV_OUT" "elf x86_64" "CMake consumer $exe ($kind)"
    done
    if [ "$kind" = shared ]; then
      xv_contains "$(readelf -d "$out/build/consumer")" "libxverify.so.0" "CMake consumer (shared)"
    else
      xv_lacks "$(readelf -d "$out/build/consumer")" "libxverify" "CMake consumer (static)"
    fi
    xv_lacks "$(readelf -d "$out/build/consumer_static")" "libxverify" "CMake consumer_static"
  else
    tail -30 "$out/cm.log" >&2; xv_fail "CMake consumer ($kind) did not build"
  fi
}
