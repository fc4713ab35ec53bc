/* Root filesystems for smoke tests: a cache of distro trees ("debian:bookworm"
 * for amd64, arm64, ...) that the rootfs, qemu and oci runners use.
 *
 * Layout: <cache>/rootfs/<id>/root/ is the tree and <cache>/rootfs/<id>/info
 * holds "key=value" lines (name, arch, source, created), where <id> is the
 * name with every character outside [A-Za-z0-9._-] replaced by '_', then
 * "_<arch>" ("debian_bookworm_amd64"). An entry appears atomically (built in
 * a temporary folder, then renamed), so a present entry is complete.
 * <cache> is --cache-dir, else $XDG_CACHE_HOME/xverify, else
 * ~/.cache/xverify. The library never prints: messages go to `err`. */
#ifndef XVERIFY_ROOTFS_H
#define XVERIFY_ROOTFS_H

#include "xverify/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xv_rootfs_info {
    char id[160];          /* folder name under <cache>/rootfs */
    char name[128];        /* "debian:bookworm" */
    char arch[32];         /* Debian arch name: "amd64", "arm64", "armhf", "i386", "riscv64" */
    char root[4096];       /* absolute path of the tree */
    char source[512];      /* how it was made ("mmdebstrap --variant=minbase ...", "from FILE") */
    char created[32];      /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
} xv_rootfs_info;

typedef struct xv_rootfs_add_opts {
    const char *arch;      /* Debian arch; NULL = the host's */
    const char *from;      /* tarball (.tar, .tar.gz, .tar.zst, ...) to unpack instead of
                              building; NULL = build with mmdebstrap (or debootstrap) */
    const char *mirror;    /* NULL = $XV_DEBIAN_MIRROR, else the mirror apt uses
                              (/etc/apt/sources.list[.d]), else deb.debian.org */
    int force;             /* replace an existing entry */
    double timeout;        /* seconds for the build tool; 0 = 1800 */
    int dry_run;           /* write the build command into err and return XV_OK:
                              nothing is built or cached (without --from) */
} xv_rootfs_add_opts;

/* Resolves the cache folder: `cache_dir` if non-NULL, else $XDG_CACHE_HOME/xverify,
 * else $HOME/.cache/xverify. Writes into buf; returns buf, or NULL when it does not fit. */
XV_API const char *xv_rootfs_cache_dir(const char *cache_dir, char *buf, size_t buflen);

/* The host's Debian arch name ("amd64", "arm64", ...). Static string. */
XV_API const char *xv_rootfs_host_arch(void);

/* Maps a binary arch ("x86_64", "aarch64", "arm", "i386", "riscv64") to a
 * Debian arch name, or returns NULL. Static string. */
XV_API const char *xv_rootfs_debian_arch(const char *binary_arch);

/* Builds or unpacks `name` ("debian:bookworm"; for a build the part after
 * ':' is the suite, the part before the Debian-family distro) into the cache.
 * "ubuntu:SUITE" builds from $XV_UBUNTU_MIRROR (else archive.ubuntu.com, or
 * ports.ubuntu.com for other arches) with ubuntu-keyring's keyring.
 * XV_OK when created, or when already present and !force (*existed = 1 then;
 * existed may be NULL). XV_EUSAGE for a bad name/arch or a missing tool,
 * XV_EIO when the build or unpack failed (the tool's last output lines in err). */
XV_API xv_status xv_rootfs_add(const char *cache_dir, const char *name,
                               const xv_rootfs_add_opts *opts, int *existed,
                               char *err, size_t errlen);

/* Lists the cache entries sorted by id. *out is malloc'd (free with
 * xv_rootfs_list_free); an absent cache is an empty list. */
XV_API xv_status xv_rootfs_list(const char *cache_dir, xv_rootfs_info **out, size_t *count,
                                char *err, size_t errlen);
XV_API void xv_rootfs_list_free(xv_rootfs_info *list);

/* Finds an entry by name ("debian:bookworm") or id, for `arch` (NULL = host).
 * 1 when found (info filled), 0 when not. */
XV_API int xv_rootfs_find(const char *cache_dir, const char *name, const char *arch,
                          xv_rootfs_info *info);

/* Removes an entry (by name or id; arch NULL = any arch with that name).
 * XV_EUSAGE when nothing matched. */
XV_API xv_status xv_rootfs_remove(const char *cache_dir, const char *name, const char *arch,
                                  char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
