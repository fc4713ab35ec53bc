/* Private: extra accessors of the check context beyond checks/check.h, for
 * the checks in checks/ (implemented in src/core/run.c). */
#ifndef XV_CORE_CTX_H
#define XV_CORE_CTX_H

#include "checks/check.h"
#include "config/matrix.h"

/* The data folder holding system-libs/ (resolved once per run: opts.data_dir,
 * $XVERIFY_DATA_DIR, the installed XV_DATA_DIR, the source XV_SOURCE_DATA_DIR). */
const char *xv_ctx_data_dir(const xv_check_ctx *ctx);
/* The system library list of a family ("glibc-linux", "musl-linux", "macos",
 * "windows"), loaded on first use and cached; NULL when it cannot be loaded
 * (the reason in *why if non-NULL). */
const xv_syslist *xv_ctx_syslist(xv_check_ctx *ctx, const char *family, const char **why);
/* Family of a platform / binary: by OS and libc. NULL when unknown. */
const char *xv_syslist_family(xv_os os, xv_libc libc);
/* Copies a string into the run's arena. */
const char *xv_ctx_strdup(xv_check_ctx *ctx, const char *s);
/* printf into the run's arena. */
const char *xv_ctx_printf(xv_check_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
