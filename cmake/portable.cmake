# XV_PORTABLE: the static archives of the distribution libraries xverify
# links, in the order pkg-config --static gives (libarchive's compressors,
# libelf's zlib, libcrypto, libseccomp). libxml2 is left out: only
# libarchive's xar reader uses it, and xverify does not enable that reader
# (src/dist/arformats.c), so nothing of libxml2 (nor the ICU and libstdc++
# it needs) is linked. A missing archive is a configure error naming the
# Debian package that ships it (scripts/deps.sh installs them).
set(XV_BUNDLE_DIR "${CMAKE_INSTALL_LIBDIR}/xverify")
set(XV_PORTABLE_ARCHIVES "")
set(XV_PORTABLE_NOTICES "")
set(xv_dev_package_archive libarchive-dev)
set(xv_dev_package_nettle nettle-dev)
set(xv_dev_package_acl libacl1-dev)
set(xv_dev_package_lzma liblzma-dev)
set(xv_dev_package_zstd libzstd-dev)
set(xv_dev_package_lz4 liblz4-dev)
set(xv_dev_package_bz2 libbz2-dev)
set(xv_dev_package_z zlib1g-dev)
set(xv_dev_package_elf libelf-dev)
set(xv_dev_package_crypto libssl-dev)
set(xv_dev_package_seccomp libseccomp-dev)
set(xv_static_names "")
foreach(pc LIBARCHIVE LIBELF LIBCRYPTO LIBSECCOMP)
  foreach(lib ${${pc}_STATIC_LIBRARIES})
    if(lib STREQUAL "xml2" OR lib STREQUAL "dl" OR lib STREQUAL "pthread" OR lib STREQUAL "m")
      continue()
    endif()
    list(APPEND xv_static_names ${lib})
  endforeach()
endforeach()
# zlib is named by both libarchive and libelf: keep its last place, after
# everything that uses it.
list(REVERSE xv_static_names)
list(REMOVE_DUPLICATES xv_static_names)
list(REVERSE xv_static_names)
find_program(XV_DPKG_QUERY dpkg-query)
foreach(lib ${xv_static_names})
  find_library(XV_STATIC_${lib} NAMES lib${lib}.a)
  if(NOT XV_STATIC_${lib})
    set(hint "")
    if(DEFINED xv_dev_package_${lib})
      set(hint " (Debian: apt-get install ${xv_dev_package_${lib}}; scripts/deps.sh installs it)")
    endif()
    message(FATAL_ERROR "XV_PORTABLE: no static archive lib${lib}.a${hint}; "
      "or configure with -DXV_PORTABLE=OFF to link the shared libraries")
  endif()
  list(APPEND XV_PORTABLE_ARCHIVES ${XV_STATIC_${lib}})
  list(APPEND XV_PORTABLE_NOTICES ${XV_STATIC_${lib}})
endforeach()
message(STATUS "XV_PORTABLE: static ${xv_static_names}; bundled: cjson")

# The licences of what the release tarball carries inside: the Debian
# copyright file of the package each archive (or bundled library) comes
# from, installed as share/doc/xverify/third-party/<package>.copyright.
find_library(XV_CJSON_SHARED NAMES cjson HINTS ${CJSON_LIBRARY_DIRS})
list(APPEND XV_PORTABLE_NOTICES ${XV_CJSON_SHARED})
set(XV_THIRD_PARTY_NOTICES "")
if(XV_DPKG_QUERY)
  foreach(f ${XV_PORTABLE_NOTICES})
    file(REAL_PATH "${f}" real)
    foreach(cand "${real}" "${f}")
      execute_process(COMMAND ${XV_DPKG_QUERY} -S "${cand}" OUTPUT_VARIABLE owner
        ERROR_QUIET RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
      if(rc EQUAL 0)
        break()
      endif()
    endforeach()
    string(REGEX REPLACE "[:,].*" "" owner "${owner}")
    if(owner AND EXISTS "/usr/share/doc/${owner}/copyright")
      list(APPEND XV_THIRD_PARTY_NOTICES "/usr/share/doc/${owner}/copyright:${owner}")
    else()
      message(WARNING "XV_PORTABLE: no Debian copyright file found for ${f}: "
        "add its licence to share/doc/xverify/third-party by hand")
    endif()
  endforeach()
  list(REMOVE_DUPLICATES XV_THIRD_PARTY_NOTICES)
else()
  message(WARNING "XV_PORTABLE: dpkg-query not found: the licences of the static "
    "libraries are not installed; add them to share/doc/xverify/third-party")
endif()
