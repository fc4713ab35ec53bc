# Per-generator settings, read by cpack for each generator: the .deb
# installs under /usr; the tarball unpacks to xverify-<version>-<os>-<arch>/
# with bin/, lib/, share/ directly inside (a relocatable prefix).
if(CPACK_GENERATOR STREQUAL "DEB")
  set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
else()
  set(CPACK_PACKAGING_INSTALL_PREFIX /)
endif()
# A tarball of the dynamic build would need the build machine's libraries
# on every user's machine; a .deb of the portable build would carry copies
# of libraries Debian ships and updates.
if(CPACK_GENERATOR STREQUAL "TGZ" AND NOT CPACK_XV_PORTABLE)
  message(FATAL_ERROR "the release tarball is made from a portable build: "
    "make dist (cmake -DXV_PORTABLE=ON, then cpack)")
elseif(CPACK_GENERATOR STREQUAL "DEB" AND CPACK_XV_PORTABLE)
  message(FATAL_ERROR "the .deb is made from the default (dynamic) build, "
    "not from XV_PORTABLE=ON: make build, then cpack -G DEB")
endif()
