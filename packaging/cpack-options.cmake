# Per-generator settings, read by cpack for each generator: the .deb
# installs under /usr; the tarball unpacks to xverify-<version>-<os>-<arch>/
# with bin/, lib/, share/ directly inside (a relocatable prefix).
if(CPACK_GENERATOR STREQUAL "DEB")
  set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
else()
  set(CPACK_PACKAGING_INSTALL_PREFIX /)
endif()
