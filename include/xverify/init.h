/* A starter release matrix from a release the user says is good
 * (`xverify init`): everything the release holds today written down as the
 * promise, for a person to review and commit. */
#ifndef XVERIFY_INIT_H
#define XVERIFY_INIT_H

#include "xverify/common.h"
#include "xverify/dist.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xv_init_opts {
    const char *label;          /* the release as the user named it, for the header comment */
    const char *baseline_path;  /* written as baseline.path (an absolute path is best), or NULL */
    /* Smoke runners available here, by platform id: "linux_amd64=native",
     * "linux_arm64=qemu", "windows_amd64=wine"; NULL = detect (host arch,
     * qemu-<arch> with a cross libc folder /usr/<triple>, wine in PATH). */
    const char *const *runners;
    size_t nrunners;
    /* Waivers to write ({check, match, reason} triples), e.g. from
     * xv_init_release; may be NULL. */
    const char *const (*waivers)[3];
    size_t nwaivers;
} xv_init_opts;

/* Writes the matrix as JSON with // comments (matrices/schema.json):
 * - platforms: one per platform id found, with "package" (the package name,
 *   versions globbed) when the platform has one package, "libc", the floors
 *   at the release's current maximum (glibc/glibcxx/cxxabi, macos_min,
 *   windows_min; each with the distro releases it admits in a comment) and
 *   the manifest (executables and libraries, member paths with versions
 *   globbed);
 * - files: per shared library the exports it has today as required globs
 *   (names, or "prefix_*" where at least four share a prefix), per
 *   executable and library a size budget of today's size +50 % (rounded up
 *   to two significant digits);
 * - baseline.path; smoke: a "--version" command (exit any) per executable
 *   of the platforms that have a runner here.
 * Returns a malloc'd string the caller frees, or NULL on OOM. */
XV_API char *xv_init_matrix(const xv_dist *d, const xv_init_opts *opts);

/* The whole `xverify init`: reads the release at `path`, writes the matrix,
 * verifies the release against it (static checks, no smoke) and, for each
 * finding that still fails — a defect no promise in the matrix can express,
 * such as a non-PIE program — writes a waiver naming the check, the member
 * (versions globbed) and the finding as its reason, so the starter matrix
 * passes on the release it describes while the accepted findings stay
 * visible. *text gets the matrix (malloc'd, the caller frees it),
 * *nwaived the number of waivers written. XV_EUSAGE when the release
 * cannot be read (message in err). */
XV_API xv_status xv_init_release(const char *path, const xv_init_opts *opts, char **text,
                                 size_t *nwaived, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
