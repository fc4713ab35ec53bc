# What `cmake --install` and cpack ship: the program, libxverify (shared and
# static) with its headers, pkg-config file and CMake package, the data
# folder (matrices, system library lists), man pages, shell completions and
# the licence. Every path is relative to the prefix, so the tree can be moved.

install(TARGETS xverify RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
set_target_properties(xverify_static PROPERTIES EXPORT_NAME xverify_static)
set(xv_lib_targets xverify_static)
if(XV_PORTABLE)
  # The libraries the program needs that are neither linked in nor on every
  # glibc Linux (matrices/system-libs/glibc-linux.json), copied from the
  # build machine into lib/xverify, where the program's RUNPATH points.
  install(CODE "set(XV_BUNDLE_PROGRAM \"${CMAKE_INSTALL_BINDIR}/xverify\")
    set(XV_BUNDLE_DEST \"${XV_BUNDLE_DIR}\")
    set(XV_BUNDLE_SYSTEM_LIST \"${PROJECT_SOURCE_DIR}/matrices/system-libs/glibc-linux.json\")
    set(XV_BUNDLE_DIRS \"${CJSON_LIBRARY_DIRS}\")
    include(\"${PROJECT_SOURCE_DIR}/cmake/bundle.cmake\")")
  foreach(notice ${XV_THIRD_PARTY_NOTICES})
    string(REGEX MATCH "^[^:]*" file "${notice}")
    string(REGEX REPLACE "^[^:]*:" "" pkg "${notice}")
    install(FILES ${file} DESTINATION ${CMAKE_INSTALL_DOCDIR}/third-party RENAME ${pkg}.copyright)
  endforeach()
else()
  set_target_properties(xverify_shared PROPERTIES EXPORT_NAME xverify)
  list(APPEND xv_lib_targets xverify_shared)
endif()
install(TARGETS ${xv_lib_targets} EXPORT xverifyTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/xverify DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY matrices/ DESTINATION ${CMAKE_INSTALL_DATADIR}/xverify)

# CMake package: find_package(xverify CONFIG) -> xverify::xverify (shared;
# in a portable install, where there is no shared library, the static one)
# and xverify::xverify_static (which needs the dependencies' pkg-config).
include(CMakePackageConfigHelpers)
set(XV_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/xverify)
install(EXPORT xverifyTargets NAMESPACE xverify:: DESTINATION ${XV_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/packaging/xverifyConfig.cmake.in
  ${PROJECT_BINARY_DIR}/xverifyConfig.cmake INSTALL_DESTINATION ${XV_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/xverifyConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/xverifyConfig.cmake
  ${PROJECT_BINARY_DIR}/xverifyConfigVersion.cmake DESTINATION ${XV_CMAKE_DIR})

# pkg-config: prefix computed from the .pc file's own place (pcfiledir), so
# a moved prefix keeps working.
file(RELATIVE_PATH XV_PC_TO_PREFIX "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
string(REGEX REPLACE "/$" "" XV_PC_TO_PREFIX "${XV_PC_TO_PREFIX}")
set(XV_PC_DL "")
if(CMAKE_DL_LIBS)
  set(XV_PC_DL "-l${CMAKE_DL_LIBS}")
endif()
# With only the static library installed, its dependencies are needed by
# every consumer: plain `pkg-config --libs xverify` lists them.
set(XV_PC_REQUIRES "Requires.private")
set(XV_PC_LIBS_PRIVATE "Libs.private: -lpthread ${XV_PC_DL}")
set(XV_PC_LIBS_EXTRA "")
if(XV_PORTABLE)
  set(XV_PC_REQUIRES "Requires")
  set(XV_PC_LIBS_PRIVATE "")
  set(XV_PC_LIBS_EXTRA " -lpthread ${XV_PC_DL}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/packaging/xverify.pc.in ${PROJECT_BINARY_DIR}/xverify.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/xverify.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(FILES docs/man/xverify.1 docs/man/xverify-rootfs.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES docs/man/xverify-matrix.5 DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)

install(FILES completions/xverify.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME xverify)
install(FILES completions/_xverify DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
install(FILES completions/xverify.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

install(FILES LICENSE README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# Packages: `cpack -G DEB` from the default, dynamic build (Debian/Ubuntu,
# installed under /usr, Depends computed) and `cpack -G TGZ` from a portable
# build (XV_PORTABLE: the relocatable release tarball, `make dist`); each
# refuses the other's build (packaging/cpack-options.cmake). The data
# folder is found beside the program, whatever prefix was configured.
set(CPACK_XV_PORTABLE ${XV_PORTABLE})
set(CPACK_PACKAGE_NAME xverify)
set(CPACK_PACKAGE_VENDOR "The xverify authors")
set(CPACK_PACKAGE_CONTACT "The xverify authors <xverify@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "verify a software release before it is published")
set(CPACK_PACKAGE_DESCRIPTION "xverify checks a release (folders or archives of ELF, Mach-O and PE\nbinaries) before it is published: static checks, smoke tests under\nQEMU, bubblewrap, podman and Wine, and reports for CI.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGE_FILE_NAME "xverify-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")
set(CPACK_STRIP_FILES OFF)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qemu-user, bubblewrap, podman, mmdebstrap, wine64")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/xverify/xverify")
set(CPACK_DEB_COMPONENT_INSTALL OFF)
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_SOURCE_DIR}/packaging/cpack-options.cmake)
# The tarball is the portable build's; the .deb the dynamic build's.
if(XV_PORTABLE)
  set(CPACK_GENERATOR "TGZ")
else()
  set(CPACK_GENERATOR "DEB")
endif()
set(CPACK_SOURCE_GENERATOR "")
include(CPack)
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} PATTERN man EXCLUDE)
