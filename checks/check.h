/* Private: the check registry. One file per check in checks/, each exporting
 * one `const xv_check xv_check_<name>` that registry.c lists in order. A check
 * reads the walked release and the policy through its context and emits one
 * result per subject it judged (a pass too: reports list every testcase). */
#ifndef XV_CHECKS_CHECK_H
#define XV_CHECKS_CHECK_H

#include "xverify/xverify.h"

typedef struct xv_check_ctx xv_check_ctx;   /* defined by src/core/run.c */
struct xv_matrix;                           /* src/config/matrix.h */

typedef struct xv_check {
    const char *id;           /* stable id: "deps.resolve" */
    const char *title;        /* short description (SARIF shortDescription) */
    const char *description;  /* what it judges (SARIF fullDescription, --help) */
    const char *help;         /* how to fix in general (SARIF help) */
    void (*run)(xv_check_ctx *ctx, const struct xv_check *self);
} xv_check;

/* The registry, in run order, NULL-terminated (checks/registry.c). */
extern const xv_check *const xv_checks[];
const xv_check *xv_check_find(const char *id);

/* Context accessors (src/core/run.c). All pointers owned by the run. */
const xv_dist *xv_ctx_dist(const xv_check_ctx *ctx);
const struct xv_matrix *xv_ctx_matrix(const xv_check_ctx *ctx); /* NULL: zero config */
const xv_run_opts *xv_ctx_opts(const xv_check_ctx *ctx);
xv_run *xv_ctx_run(xv_check_ctx *ctx);
/* Where the run stands: XV_STAGE_FULL, _SHARD or _MERGE (core/saved.h). A
 * check with a release-wide part leaves it out in a shard and judges only
 * it at the merge. */
int xv_ctx_stage(const xv_check_ctx *ctx);

/* Emits one result. subject/package/platform/env/hint may be NULL; strings
 * are copied. `fmt` makes the one-line message. Returns the stored result so
 * the caller can add facts or detail (xv_result_set_detail, xv_result_add_fact). */
xv_result *xv_emit(xv_check_ctx *ctx, const xv_check *check, const char *subject,
                   const xv_artifact *art, xv_verdict v, const char *hint,
                   const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Same for a result tied to a package or platform rather than an artifact. */
xv_result *xv_emit_pkg(xv_check_ctx *ctx, const xv_check *check, const char *subject,
                       const char *package, const char *platform, const char *env,
                       xv_verdict v, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));
void xv_result_set_detail(xv_check_ctx *ctx, xv_result *r, const char *detail);
void xv_result_add_fact(xv_check_ctx *ctx, xv_result *r, const char *key, const char *value);

/* The checks, one file each. */
extern const xv_check xv_check_archive_safe;     /* checks/archive_safe.c (dist) */
extern const xv_check xv_check_checksums;        /* checks/checksums.c (dist) */
extern const xv_check xv_check_binary_parse;     /* checks/binary_parse.c */
extern const xv_check xv_check_arch_match;       /* checks/arch_match.c */
extern const xv_check xv_check_deps_resolve;     /* checks/deps_resolve.c */
extern const xv_check xv_check_deps_paths;       /* checks/deps_paths.c */
extern const xv_check xv_check_symbols_versions; /* checks/symbols_versions.c */
extern const xv_check xv_check_symbols_exports;  /* checks/symbols_exports.c */
extern const xv_check xv_check_os_min;           /* checks/os_min.c */
extern const xv_check xv_check_hardening;        /* checks/hardening.c */
extern const xv_check xv_check_size_budget;      /* checks/size.c */
extern const xv_check xv_check_size_baseline;    /* checks/size.c */
extern const xv_check xv_check_size_consistency; /* checks/size.c */
extern const xv_check xv_check_abi_exports;      /* checks/abi_exports.c */
extern const xv_check xv_check_deps_baseline;    /* checks/deps_baseline.c */
extern const xv_check xv_check_floors_baseline;  /* checks/floors_baseline.c */
extern const xv_check xv_check_hardening_baseline; /* checks/hardening_baseline.c */
extern const xv_check xv_check_manifest;         /* checks/manifest.c */
extern const xv_check xv_check_platforms;        /* checks/manifest.c: "platforms" */
extern const xv_check xv_check_smoke_load;       /* checks/smoke_load.c (smoke) */
extern const xv_check xv_check_smoke_run;        /* checks/smoke_run.c (smoke) */

#endif
