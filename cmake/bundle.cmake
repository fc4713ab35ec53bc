# Install-time step of a portable build (XV_PORTABLE), the auditwheel way:
# every shared library the installed program needs that the zero-config
# glibc Linux list (XV_BUNDLE_SYSTEM_LIST) does not promise is copied, by
# its soname and with symlinks followed, into XV_BUNDLE_DEST, where the
# program's DT_RUNPATH ($ORIGIN/../lib/xverify) finds it. A copied library
# must itself need only system libraries: its own lookups do not use the
# program's RUNPATH, so anything else is an install error, not a tree that
# fails on the user's machine.
# Inputs: XV_BUNDLE_PROGRAM, XV_BUNDLE_DEST (relative to the prefix),
# XV_BUNDLE_SYSTEM_LIST, XV_BUNDLE_DIRS (where to look first).
set(root "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}")
set(program "${root}/${XV_BUNDLE_PROGRAM}")
file(READ "${XV_BUNDLE_SYSTEM_LIST}" json)
string(JSON n LENGTH "${json}" libraries)
set(system "")
math(EXPR last "${n} - 1")
foreach(i RANGE ${last})
  string(JSON lib GET "${json}" libraries ${i})
  list(APPEND system "${lib}")
endforeach()

function(xv_needed file out)
  file(GET_RUNTIME_DEPENDENCIES
    EXECUTABLES "${file}"
    RESOLVED_DEPENDENCIES_VAR resolved
    UNRESOLVED_DEPENDENCIES_VAR unresolved
    DIRECTORIES ${XV_BUNDLE_DIRS})
  if(unresolved)
    message(FATAL_ERROR "bundle: ${file} needs ${unresolved}, not found on this machine")
  endif()
  set(${out} "${resolved}" PARENT_SCOPE)
endfunction()

function(xv_is_system path out)
  get_filename_component(name "${path}" NAME)
  list(FIND system "${name}" at)
  if(at GREATER -1)
    set(${out} 1 PARENT_SCOPE)
  else()
    set(${out} 0 PARENT_SCOPE)
  endif()
endfunction()

xv_needed("${program}" needs)
foreach(dep ${needs})
  xv_is_system("${dep}" sys)
  if(sys)
    continue()
  endif()
  get_filename_component(name "${dep}" NAME)
  # Its own needs: system libraries only (see above).
  xv_needed("${dep}" sub)
  foreach(s ${sub})
    xv_is_system("${s}" ssys)
    get_filename_component(sname "${s}" NAME)
    if(NOT ssys)
      message(FATAL_ERROR "bundle: ${name} needs ${sname}, which is not a system "
        "library: link ${name} statically instead (cmake/portable.cmake)")
    endif()
  endforeach()
  file(REAL_PATH "${dep}" real)
  message(STATUS "Bundling ${name} (from ${real})")
  # A plain copy named by the soname: no symlink for a zip or a tar
  # extractor to mishandle. file(INSTALL) adds DESTDIR itself and lists
  # the file in install_manifest.txt.
  file(INSTALL DESTINATION "${CMAKE_INSTALL_PREFIX}/${XV_BUNDLE_DEST}" TYPE FILE
    FILES "${real}" RENAME "${name}"
    PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endforeach()
