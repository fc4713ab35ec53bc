/* Where the loader of an installed system package (.deb, .rpm) looks for
 * libraries by default, per distro family and arch: shared by deps.resolve
 * (which judges a need the way that loader will) and the smoke runners
 * (which run the extracted package as if it were installed). */
#ifndef XV_DIST_SYSDIRS_H
#define XV_DIST_SYSDIRS_H

#include <stddef.h>
#include "xverify/dist.h"

#define XV_SYSDIR_MAX 16   /* folders xv_sys_default_dirs can give */

/* 0 not a system package, 1 a .deb (Debian family), 2 an .rpm. */
int xv_sys_family(const xv_package *p);
/* Debian's multiarch triplets for an ELF arch ("x86_64-linux-gnu"); *nt <= 2. */
void xv_sys_deb_triplets(const char *arch, const char **t, size_t *nt);
int xv_sys_is_64bit_arch(const char *arch);
/* The default folders, package-relative ("usr/lib/x86_64-linux-gnu"), in
 * search order, into dirs (each at most dirlen bytes). Debian: usr/local/lib,
 * the multiarch folders its ld.so.conf.d lists, then lib and usr/lib; rpm
 * distros: lib64 and usr/lib64 for 64-bit code, lib and usr/lib else.
 * Returns the count (<= XV_SYSDIR_MAX). */
size_t xv_sys_default_dirs(int family, const char *arch, char dirs[][1024]);

#endif
