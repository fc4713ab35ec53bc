/* A release as its users receive it: packages (archives, folders, loose files)
 * holding artifacts (members), each with a logical path and an inferred
 * platform, and binary facts for the members that are binaries. */
#ifndef XVERIFY_DIST_H
#define XVERIFY_DIST_H

#include "xverify/common.h"
#include "xverify/binary.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A platform as promised by a name or a matrix. */
typedef struct xv_platform {
    xv_os os;              /* XV_OS_UNKNOWN when no platform was recognised */
    const char *arch;      /* canonical binary arch ("x86_64", "aarch64", "i386",
                              "arm", "riscv64", ...), "universal" for a macOS
                              universal build, NULL when unknown. Static string. */
    xv_libc libc;          /* GLIBC / MUSL for Linux when stated; UCRT/MSVCRT
                              for -msvc/-gnu Windows targets; else UNKNOWN */
    char id[40];           /* "linux_arm64", "linux_amd64_musl", "darwin_universal",
                              "windows_arm64", ""; the key used in matrices/reports */
    char token[64];        /* the part of the name it was inferred from
                              ("aarch64-unknown-linux-musl"), "" for a matrix */
    xv_osver floor;        /* glibc floor from manylinux_X_Y (2.28), musllinux
                              (1.2) or macOS floor from macosx_X_Y; else zero */
} xv_platform;

/* Infers a platform from one name (a file or folder base name, or a whole
 * path whose components are tried from the last to the first).
 * Returns 1 when recognised, 0 when not (p->os == XV_OS_UNKNOWN). */
XV_API int xv_platform_from_name(const char *name, xv_platform *p);
/* Parses a platform id or alias as written in a matrix ("linux_arm64",
 * "linux-x64", "aarch64-apple-darwin", "win_amd64"...). 1 on success. */
XV_API int xv_platform_parse(const char *id, xv_platform *p);

typedef enum xv_entry_type {
    XV_ENTRY_FILE = 0,
    XV_ENTRY_DIR,
    XV_ENTRY_SYMLINK,
    XV_ENTRY_HARDLINK,
    XV_ENTRY_DEVICE,       /* char or block device */
    XV_ENTRY_FIFO,
    XV_ENTRY_SOCKET,
    XV_ENTRY_OTHER
} xv_entry_type;

typedef enum xv_pkg_kind {
    XV_PKG_DIR = 0,        /* a top-level folder of the inputs */
    XV_PKG_ARCHIVE,        /* an archive that unpacks anywhere (tar.*, zip, npm, wheel) */
    XV_PKG_FILE,           /* a loose file given or found at the top of a folder */
    XV_PKG_SYSTEM          /* a system package installed at '/' (.deb, .udeb, .rpm):
                              its members are the files it installs ("usr/bin/app"),
                              read from the .deb's data.tar.* or the .rpm's payload;
                              its needs resolve through the loader's folders */
} xv_pkg_kind;

typedef struct xv_artifact {
    const char *path;      /* logical path: "dist/a.tar.gz!/bin/app",
                              "dist/a.zip!/b.tgz!/lib/libx.so" */
    const char *member;    /* path relative to its package: "bin/app" */
    size_t package;        /* index in xv_dist_package() */
    xv_entry_type type;
    const char *link_target; /* symlink/hardlink target as stored, else NULL */
    uint32_t mode;         /* permission bits incl. setuid/setgid */
    uint64_t size;
    xv_platform platform;  /* from the package name, then folders, then file */
    const xv_image *image; /* binary facts, or NULL when not a binary */
    int nested_depth;      /* 0 for a member of a top-level package */
} xv_artifact;

typedef struct xv_package {
    const char *path;      /* "dist/app_1.0_linux_arm64.tar.gz", "dist/linux_amd64" */
    const char *name;      /* base name */
    xv_pkg_kind kind;
    const char *format;    /* libarchive's format name ("GNU tar format",
                              "ZIP 2.0 (deflation)"), "directory" or "file" */
    xv_platform platform;
    uint64_t size;         /* bytes on disk (the archive), 0 for a folder */
    uint64_t expanded;     /* sum of member sizes */
    size_t first, count;   /* its artifacts: xv_dist_artifact(first .. first+count-1) */
    int has_sha256;
    unsigned char sha256[32];   /* of the archive or loose file */
    unsigned char sha512[64];   /* only when has_sha512: computed when a
                                   checksum list of the release uses SHA-512 */
    int has_sha512;
    const char *error;     /* unreadable/truncated archive message, else NULL */
    /* What the package declares about itself, read from its release metadata
     * (npm package.json, wheel WHEEL, .deb control, .rpm header) or from a
     * release-level file that lists it (goreleaser artifacts.json, cargo-dist
     * dist-manifest.json). All NULL/0 when nothing declares them. Strings are
     * owned by the dist and live until xv_dist_free(). */
    const char *platform_source; /* where `platform` came from: "name",
                              "package.json", "artifacts.json",
                              "dist-manifest.json", "WHEEL", "control",
                              "rpm", "matrix"; NULL when unknown */
    const char *project;   /* declared name ("@img/sharp-linuxmusl-x64", "libfoo1") */
    const char *version;   /* declared version ("0.33.5", "1.0.0-1") */
    const char *const *depends; /* declared runtime dependencies as written,
                              one name each: .deb Depends package names
                              (alternatives and version constraints dropped),
                              .rpm Requires entries ("libfoo.so.1()(64bit)"),
                              npm dependencies + optionalDependencies names */
    size_t ndepends;
    /* A system package's own loader configuration: the folders listed by its
     * etc/ld.so.conf.d/NAME.conf (and etc/ld.so.conf) members, absolute as
     * written ("/opt/app/lib"). NULL/0 for other kinds or when none. */
    const char *const *ld_dirs;
    size_t nld_dirs;
} xv_package;

/* A finding the walker itself makes (unsafe entries, caps, corrupt archives):
 * reported by the archive.safe check. Symlinks inside .deb/.rpm payloads may
 * point anywhere (those packages install at '/'); entry names may not. */
typedef struct xv_dist_finding {
    const char *check;     /* "archive.safe" (or "binary.parse" for a member over the cap) */
    const char *subject;   /* logical path of the entry or archive */
    const char *package;
    const char *message;
    const char *hint;
    int severity;          /* xv_verdict value (XV_WARN, XV_FAIL, XV_ERROR) */
    const char *limit;     /* set when something was not inspected: the limit or
                              reason that stopped the reading ("depth 3",
                              "total 8589934592 bytes", "decode error"); such a
                              finding is an XV_ERROR that no severity may lower */
} xv_dist_finding;

/* A checksum list found among the inputs (checksums.txt, SHA256SUMS,
 * *.sha256, *.sha512), with its text kept for the checksums check. */
typedef struct xv_checksum_file {
    const char *path;
    const char *text;      /* contents, NUL-terminated (capped at 4 MiB) */
    size_t len;
} xv_checksum_file;

/* What the release states about itself, from a release-level file
 * (goreleaser metadata.json, cargo-dist dist-manifest.json) or, when there
 * is none, from the one project its packages declare (npm package.json,
 * wheel). Fields are NULL when not stated; strings live until xv_dist_free. */
typedef struct xv_release_info {
    const char *project;   /* "myapp", "@img/sharp-linuxmusl-x64" */
    const char *version;   /* "1.2.0" */
    const char *tag;       /* "v1.2.0" */
    const char *commit;    /* full commit id as stated */
    const char *source;    /* "metadata.json", "dist-manifest.json", "package.json",
                              "WHEEL"; NULL when nothing was stated */
} xv_release_info;

/* The package rule (xv_dist_open):
 * - an input folder whose own name states a platform with an arch
 *   ("dist/linux_amd64") is one XV_PKG_DIR package; so is an install tree
 *   (a prefix such as /usr/local or an unpacked relocatable tarball: only
 *   folders named bin, sbin, lib, lib32, lib64, libx32, libexec, include,
 *   share, etc, man, doc, var, games, src, local, at least one of the first
 *   seven, and beside them no archive, checksum list, link or other folder;
 *   loose files such as a README may be there);
 * - otherwise each entry at the top of an input folder is a package: a
 *   sub-folder is XV_PKG_DIR, an archive (by extension: .tar[.gz|.xz|.zst|.bz2|
 *   .lz4], .tgz, .zip, .whl, .nupkg, .jar, .vsix, .deb, .rpm, .cpio, .7z, ...)
 *   is XV_PKG_ARCHIVE (XV_PKG_SYSTEM for .deb/.udeb/.rpm), any other file (or a
 *   link) is XV_PKG_FILE;
 * - a .deb is one package: its control.tar.* is read as its metadata and its
 *   data.tar.* as its members ("app.deb!/usr/bin/app"); neither is a package
 *   or an artifact of its own. xv_dist_extract() of a .deb unpacks data.tar.*;
 * - an input file is an XV_PKG_ARCHIVE or XV_PKG_FILE package;
 * - checksum lists (checksums.txt, SHA256SUMS, SHA512SUMS, SHASUMS256.txt,
 *   sha256sums.txt, *.sha256, *.sha512, *_checksums.txt; names compared
 *   without case) at the top are not packages: they are xv_checksum_file
 *   entries (inside a folder package they are both an artifact and a list);
 * - an archive inside a package (a member, or a file in a folder package) is
 *   a package of its own, XV_PKG_ARCHIVE, whose path is the logical path of
 *   that member ("a.zip!/b.tgz", "x.deb!/data.tar.xz"); its members are its
 *   artifacts, with member paths relative to it and nested_depth = the number
 *   of archives around them minus one. The nested archive itself also stays
 *   an artifact (image NULL) of its parent. A nested package without a platform
 *   in its name inherits its parent's. xv_dist_extract() of a nested package
 *   extracts that innermost archive only.
 * Folder entries of archives and folders are not artifacts. Symlinks are
 * never followed (lstat); folder loops are detected by dev/ino. Top-level
 * archives and loose files get sha256/sha512 computed in the same pass as the
 * walk. Packages' artifacts are contiguous (first/count). */
typedef struct xv_dist xv_dist;

/* Where the walk is, for a progress display. The totals are counted before
 * the first package is read (the entries at the top of the inputs and their
 * sizes on disk); bytes_done counts the bytes of the top-level packages read
 * so far, and inside an archive the compressed bytes consumed. */
typedef enum xv_dist_event {
    XV_DIST_START,          /* the totals are known, nothing read yet */
    XV_DIST_MEMBER,         /* a member of a top-level archive was read */
    XV_DIST_PACKAGE_DONE    /* a top-level entry is read */
} xv_dist_event;

typedef struct xv_dist_progress {
    xv_dist_event event;
    size_t pkgs_done, pkgs_total;
    uint64_t bytes_done, bytes_total;
    const char *current;    /* the top-level entry being read, or NULL */
} xv_dist_progress;

typedef struct xv_dist_opts {
    /* Limits of the walk. They count across the whole release and across
     * nesting: every byte expanded at any archive level adds to the total,
     * every entry of any archive or folder to the entry count. Reading stops
     * at the first limit reached; whatever was not read is a finding with
     * `limit` set. A zero byte, count or ratio limit takes the default;
     * max_depth 0 opens no archive inside another. */
    uint64_t max_member;   /* bytes one member may expand to (default 1 GiB) */
    uint64_t max_total;    /* bytes the whole release may expand to, all levels
                              of nesting counted (default 32 GiB) */
    uint32_t max_ratio;    /* expanded/compressed ratio cap (default 200), tested
                              only once an archive (or everything under one
                              top-level archive) expanded past ratio_min */
    int max_depth;         /* archives inside archives (default 3) */
    xv_read_opts read;     /* options for binary reading */
    uint64_t ratio_min;    /* expanded bytes before the ratio test applies
                              (default 64 MiB) */
    uint64_t max_entries;  /* entries of all archives and folders (default 2^20) */
    /* Called as the walk goes; may be NULL. With jobs > 1 it is called from
     * the reading threads, one call at a time (never two at once). */
    void (*progress)(void *ud, const xv_dist_progress *p);
    void *progress_ud;
    /* Threads that read top-level packages at once (0 = the number of
     * online CPUs, 1 = the calling thread only; xv_dist_opts_init sets 1). The result is the same for
     * any value: packages, artifacts and findings come out in the walk's
     * order, and the release-wide limits are decided in that order. */
    int jobs;
    /* Bytes of members held in memory at once by all reading threads
     * (default 256 MiB): a thread waits for room rather than going over; a
     * member larger than the cap is read while no other member is held. */
    uint64_t max_inflight;
    /* Polled between packages, folder entries and archive members (from any
     * reading thread); non-zero stops the walk where it is, adding no
     * finding: the caller says the run was interrupted. May be NULL. */
    int (*cancelled)(void);
} xv_dist_opts;

XV_API void xv_dist_opts_init(xv_dist_opts *o);
/* Walks folders/archives/files. Never fails for a bad input file: that becomes
 * a finding. XV_EUSAGE when a path does not exist (message in xv_dist_error). */
XV_API xv_status xv_dist_open(const char *const *paths, size_t npaths,
                              const xv_dist_opts *opts, xv_dist **out);
XV_API const char *xv_dist_error(const xv_dist *d);
XV_API size_t xv_dist_package_count(const xv_dist *d);
XV_API const xv_package *xv_dist_package(const xv_dist *d, size_t i);
XV_API size_t xv_dist_artifact_count(const xv_dist *d);
XV_API const xv_artifact *xv_dist_artifact(const xv_dist *d, size_t i);
XV_API size_t xv_dist_finding_count(const xv_dist *d);
XV_API const xv_dist_finding *xv_dist_finding_at(const xv_dist *d, size_t i);
XV_API size_t xv_dist_checksum_file_count(const xv_dist *d);
XV_API const xv_checksum_file *xv_dist_checksum_file(const xv_dist *d, size_t i);
/* The release's declared identity; never NULL for a non-NULL d. */
XV_API const xv_release_info *xv_dist_release(const xv_dist *d);
XV_API void xv_dist_free(xv_dist *d); /* accepts NULL */

/* Extracts package `pkg` into a fresh private directory (mode 0700) under
 * `parent` (NULL = $TMPDIR or /tmp) with libarchive's secure flags. A folder
 * package is copied. On success *dir_out is a malloc'd path the caller passes
 * to xv_extract_remove() and frees. No signal handler is installed (an
 * ignored signal stays ignored); after xv_interrupt_install() an interrupted
 * run returns normally and removes its folders.
 * Details: a nested package ("a.zip!/b.tgz") extracts that innermost archive
 * (read from its parents in memory), so member paths match the artifacts'
 * `member`. Files get owner-only permissions (no setuid/setgid, nothing for
 * group/other); device nodes, FIFOs, sockets and links leaving the package
 * are not created. The walker's max_total/max_ratio caps apply. On any error
 * nothing is left behind and *dir_out stays NULL: XV_EFORMAT truncated or
 * corrupt archive, XV_ENOMEM over a cap, XV_EIO I/O error, XV_EUSAGE bad
 * argument. The calling thread unpacks the archive from a working directory
 * of its own (unshare(CLONE_FS), then back), so the process's working
 * directory is never changed and no child is forked from a threaded caller. */
XV_API xv_status xv_dist_extract(const xv_dist *d, size_t pkg, const char *parent,
                                 char **dir_out);
XV_API void xv_extract_remove(const char *dir);

#ifdef __cplusplus
}
#endif
#endif
