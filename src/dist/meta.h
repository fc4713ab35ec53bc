/* Private to src/dist: release metadata that states what a package is, read
 * while the release is walked and applied once the walk is done. Files:
 * - in a package: npm `package/package.json`, a wheel's `*.dist-info/WHEEL`
 *   and `*.dist-info/RECORD`;
 * - beside the packages (release-level): goreleaser `artifacts.json` and
 *   `metadata.json`, cargo-dist `dist-manifest.json`.
 * Each JSON file is parsed with cJSON_ParseWithLength into the typed structs
 * below, and the tree deleted. A malformed or oversized file is ignored: the
 * package keeps the platform its name gives. */
#ifndef XV_DIST_META_H
#define XV_DIST_META_H

#include <stddef.h>

#include "common/arena.h"
#include "xverify/dist.h"

/* Size caps (bytes) on what is read; bigger files are ignored. */
#define XV_META_MAX_JSON ((size_t)1 << 20)          /* package.json, metadata.json */
#define XV_META_MAX_LIST ((size_t)16 << 20)         /* artifacts.json, dist-manifest.json */
#define XV_META_MAX_WHEEL ((size_t)64 << 10)        /* WHEEL */
#define XV_META_MAX_RECORD ((size_t)8 << 20)        /* RECORD */
#define XV_META_MAX_WORDS 16u     /* os / cpu / libc entries of package.json */
#define XV_META_MAX_DEPS 1024u    /* dependency names of one package */
#define XV_META_MAX_ARTS 65536u   /* entries of artifacts.json / dist-manifest.json */

/* npm package.json: only what says which platform and what it needs.
 * Strings live in the arena given to the parser. */
typedef struct xv_npm_meta {
    const char *name, *version;
    const char *os[XV_META_MAX_WORDS];
    size_t nos;
    const char *cpu[XV_META_MAX_WORDS];
    size_t ncpu;
    const char *libc[XV_META_MAX_WORDS];
    size_t nlibc;
    const char **deps;         /* dependencies then optionalDependencies names */
    size_t ndeps;
} xv_npm_meta;

/* A wheel's WHEEL file (RFC 822 style) and the name/version of its
 * *.dist-info folder. */
typedef struct xv_wheel_meta {
    const char *tags[16];      /* "cp312-cp312-manylinux_2_17_x86_64" */
    size_t ntags;
    const char *root_is_purelib; /* "true" / "false" / NULL */
} xv_wheel_meta;

/* One platform-specific artifact of a release-level list. */
typedef struct xv_list_art {
    const char *name;          /* file name ("app_1.0_linux_amd64.tar.gz") */
    const char *path;          /* as listed ("dist/app_linux_amd64_v1/app"), or NULL */
    const char *platform;      /* what the platform is parsed from: "linux_arm" for goos
                                  linux goarch arm, a target triple for cargo-dist */
    const char *type;          /* goreleaser type ("Archive", "Binary") / cargo-dist kind */
    const char *token;         /* what is shown as the platform's token: goreleaser's
                                  target with its variant ("linux_arm_7",
                                  "linux_amd64_v3"), the cargo-dist triple */
} xv_list_art;

/* goreleaser artifacts.json + metadata.json, cargo-dist dist-manifest.json. */
typedef struct xv_release_list {
    xv_list_art *arts;
    size_t narts;
    const char *project, *version, *tag, *commit;
} xv_release_list;

/* Parsers (also run by the fuzz targets). 0 on success, -1 when the bytes
 * are not the expected document (out untouched but possibly partly filled;
 * everything lives in `ar`). Never read past len. */
int xv_meta_parse_npm(const char *json, size_t len, xv_arena *ar, xv_npm_meta *out);
int xv_meta_parse_wheel(const char *text, size_t len, xv_arena *ar, xv_wheel_meta *out);
int xv_meta_parse_goreleaser_artifacts(const char *json, size_t len, xv_arena *ar,
                                       xv_release_list *out);
int xv_meta_parse_goreleaser_metadata(const char *json, size_t len, xv_arena *ar,
                                      xv_release_list *out);
int xv_meta_parse_cargo_dist(const char *json, size_t len, xv_arena *ar, xv_release_list *out);

/* The platform an npm package.json states: exactly one os and one cpu
 * (libc optional). 1 when stated, else 0. */
int xv_meta_npm_platform(const xv_npm_meta *m, xv_platform *p);

struct xv_dist;
/* Is this member of a package a metadata file the walker must hand over?
 * (package/package.json, *.dist-info/WHEEL, *.dist-info/RECORD) */
int xv_meta_is_member(const char *member);
/* Is this file beside the packages a release-level list? (artifacts.json,
 * metadata.json, dist-manifest.json) */
int xv_meta_is_release_file(const char *base);
/* Hands over a member's bytes (read as a whole). */
void xv_meta_member(struct xv_dist *d, size_t pkg, const char *member, const void *data,
                    size_t len);
/* Hands over a release-level file's bytes. 1 when it was the document its
 * name promises (then it is metadata, not a package), else 0. */
int xv_meta_release_file(struct xv_dist *d, const char *path, const void *data, size_t len);
/* After the walk: sets platform, platform_source, project, version and
 * depends of the packages, and the release's project/version/tag/commit. */
void xv_meta_apply(struct xv_dist *d);
void xv_meta_free(struct xv_dist *d);
/* How many package metadata records and release files d holds so far. */
void xv_meta_counts(const struct xv_dist *d, size_t *npm, size_t *nrf);
/* Appends what a sub-walk read (its packages numbered from pkgoff in d) to
 * d's metadata. The strings stay in sub's arena, which d must adopt.
 * 0 on success, -1 when out of memory or over the caps. */
int xv_meta_splice(struct xv_dist *d, const struct xv_dist *sub, size_t pkgoff);

/* Wheel RECORD of a package (NULL when none): its text and the member path
 * of the RECORD file. Lives until xv_dist_free. */
const char *xv_meta_record(const struct xv_dist *d, size_t pkg, const char **member);

#endif
