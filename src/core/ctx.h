/* Private: extra accessors of the check context beyond checks/check.h, for
 * the checks in checks/ (implemented in src/core/run.c). */
#ifndef XV_CORE_CTX_H
#define XV_CORE_CTX_H

#include "checks/check.h"
#include "config/matrix.h"
#include "config/distros.h"

/* The data folder holding system-libs/ (resolved once per run: opts.data_dir,
 * $XVERIFY_DATA_DIR, share/xverify beside the installed program or library,
 * the configured XV_DATA_DIR, the source XV_SOURCE_DATA_DIR). */
const char *xv_ctx_data_dir(const xv_check_ctx *ctx);
/* The system library list of a family ("glibc-linux", "musl-linux", "macos",
 * "windows"), loaded on first use and cached; NULL when it cannot be loaded
 * (the reason in *why if non-NULL). */
const xv_syslist *xv_ctx_syslist(xv_check_ctx *ctx, const char *family, const char **why);
/* The run's date "YYYY-MM-DD" (--today, else the clock). */
const char *xv_ctx_today(const xv_check_ctx *ctx);
/* The distro catalogue (<data dir>/distros/), loaded on first use; NULL when
 * it cannot be loaded (the reason in *why if non-NULL). */
const xv_catalog *xv_ctx_catalog(xv_check_ctx *ctx, const char **why);
/* Family of a platform / binary: by OS and libc. NULL when unknown. */
const char *xv_syslist_family(xv_os os, xv_libc libc);
/* Copies a string into the run's arena. */
const char *xv_ctx_strdup(xv_check_ctx *ctx, const char *s);
/* printf into the run's arena. */
const char *xv_ctx_printf(xv_check_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The baseline release (--baseline, else matrix baseline.path) compared with
 * this release, computed once per run on first use (include/xverify/diff.h:
 * OLD = the baseline, NEW = this release). *path gets the baseline path (NULL
 * when none is configured, and then NULL is returned). When the baseline
 * cannot be read, NULL is returned and *why says why. Owned by the run. */
struct xv_diff;
const struct xv_diff *xv_ctx_baseline_diff(xv_check_ctx *ctx, const char **path, const char **why);

/* The platform an artifact is judged against: the matrix platform whose
 * "package" glob matches the package name (or whose id equals the inferred
 * one), else the platform inferred from the names. Fills *out; *mp gets the
 * matrix platform or NULL. Returns 1 when a platform is known (out->os set). */
int xv_ctx_platform_of(const xv_check_ctx *ctx, const xv_artifact *art, xv_platform *out,
                       const xv_mx_platform **mp);
/* True when package pkg belongs to matrix platform mp. */
int xv_mx_platform_has_package(const xv_mx_platform *mp, const xv_package *pkg);
/* The package path of an artifact (never NULL). */
const char *xv_ctx_package_path(const xv_check_ctx *ctx, const xv_artifact *art);

#endif
