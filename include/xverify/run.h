/* A verification run: inputs + policy -> results. */
#ifndef XVERIFY_RUN_H
#define XVERIFY_RUN_H

#include "xverify/common.h"
#include "xverify/result.h"
#include "xverify/dist.h"
#include "xverify/verdict.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xv_run_opts {
    const char *matrix_path;   /* release matrix JSON, or NULL for zero config */
    const char *data_dir;      /* where matrices/ system lists live; NULL = built-in default
                                  ($XVERIFY_DATA_DIR, else share/xverify beside the
                                  installed program or library, else XV_DATA_DIR) */
    xv_verdict fail_on;        /* XV_FAIL (default: fail and error block), XV_WARN
                                  (warnings block too) or XV_SKIP (skips too) */
    int jobs;                  /* threads reading packages, running checks and smoke
                                  runs; 0 = number of CPUs. Results are the same
                                  for any value. */
    int smoke;                 /* 0 = no smoke tests, 1 = when runners/rootfs are available,
                                  -1 = auto: on when the matrix has a "smoke" section or
                                  distros is set (resolved by xv_run_execute) */
    const char *distros;       /* "debian:bullseye,debian:bookworm" or NULL */
    const char *cache_dir;     /* rootfs cache; NULL = $XDG_CACHE_HOME/xverify */
    double smoke_timeout;      /* seconds per smoke command; 0 = 30 */
    const char *baseline;      /* previous release path for size.baseline, or NULL */
    const char *today;         /* "YYYY-MM-DD" for waiver expiry; NULL = the clock */
    /* Release-wide walk limits (xv_dist_opts): each beats the matrix
     * "limits"; 0 (max_depth: -1, as set by xv_run_opts_init) = the matrix's,
     * else the default. */
    uint64_t max_total, max_member, max_entries, ratio_min;
    uint32_t max_ratio;
    int max_depth;
    const char *command_line;  /* how the run was started, for reports (SARIF
                                  invocations); NULL = not reported */
    /* Called as each check starts (`what`: its id; `done`: checks started
     * before it) and once with "done" at the end; may be NULL. With jobs
     * other than 1 it is called from the check threads, one call at a time. */
    void (*progress)(void *ud, const char *what, size_t done, size_t total);
    /* Called while the release is read, before the checks: packages and
     * bytes done of the totals; may be NULL. With jobs other than 1 it is
     * called from the reading threads, one call at a time. */
    void (*read_progress)(void *ud, const xv_dist_progress *p);
    /* Called as the smoke runs of a smoke check (`check`: "smoke.load",
     * "smoke.run") end: runs done of the check's total, once with done 0
     * before the first; from the smoke threads, one call at a time; may be
     * NULL. */
    void (*smoke_progress)(void *ud, const char *check, size_t done, size_t total);
    void *progress_ud;
    /* A share of the release, for a CI job matrix (docs/ci.md): shard_k of
     * shard_n (1-based; 0/0 = the whole release) and/or only the platforms
     * listed in platform_filter ("linux_amd64,linux_arm64", NULL = all).
     * The checks that look across platforms are then "judged at merge"
     * (xverify merge), never failed. */
    int shard_k, shard_n;
    const char *platform_filter;
} xv_run_opts;

/* Fills opts with defaults. */
XV_API void xv_run_opts_init(xv_run_opts *opts);

/* Creates a run. Inputs are folders, files or archives. Returns NULL on OOM. */
XV_API xv_run *xv_run_new(const xv_run_opts *opts);
XV_API xv_status xv_run_add_input(xv_run *run, const char *path);

/* Loads the matrix (if any), walks the inputs, judges everything and runs the
 * smoke tests. XV_EUSAGE: configuration error (message in xv_run_error);
 * XV_OK otherwise, even when findings fail: read the verdict. */
XV_API xv_status xv_run_execute(xv_run *run);

/* Last error message of the run (configuration, usage), or NULL. */
XV_API const char *xv_run_error(const xv_run *run);

XV_API size_t xv_run_result_count(const xv_run *run);
XV_API const xv_result *xv_run_result(const xv_run *run, size_t i);
/* The walked release (packages, artifacts, facts). Owned by the run. */
XV_API const xv_dist *xv_run_dist(const xv_run *run);
/* Worst verdict after severities and waivers (xv_run_gate(run)->worst). */
XV_API xv_verdict xv_run_verdict(const xv_run *run);
/* 0 all passed, 1 findings at/above fail_on (xv_run_gate(run)->exit_code). */
XV_API int xv_run_exit_code(const xv_run *run);
XV_API const xv_run_opts *xv_run_options(const xv_run *run);
/* Process-wide: SIGINT, SIGTERM and SIGHUP (unless ignored: an ignored
 * signal stays ignored) kill every command a smoke run started and stop the
 * run; xv_run_execute then returns the results so far plus one
 * "run.interrupted" error, and the caller writes its reports. */
XV_API void xv_interrupt_install(void);
/* The signal that interrupted the run (SIGINT = 2, SIGTERM = 15), or 0. */
XV_API int xv_run_interrupted(const xv_run *run);
/* Wall-clock start and end of xv_run_execute, seconds since the Unix epoch
 * (0 before it ran). Either pointer may be NULL. */
XV_API void xv_run_times(const xv_run *run, double *start, double *end);
XV_API void xv_run_free(xv_run *run); /* accepts NULL */

#ifdef __cplusplus
}
#endif
#endif
