/* deps.baseline: no needed library the baseline release did not need (warn). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/baseline.h"

static void judge_deps(xv_check_ctx *ctx, const xv_check *self, const xv_artifact *a, const xv_diff *df,
                       const size_t *idx, size_t n)
{
    xv_strbuf sb;
    xv_sb_init(&sb);
    xv_cb_names(df, idx, n, 0, &sb);
    xv_emit(ctx, self, NULL, a, XV_WARN,
            "each new library must be on every user's machine or shipped: check that it is meant "
            "(a new dependency) and declared in the release notes and package metadata",
            "needs %zu librar%s the baseline did not: %s", n, n == 1 ? "y" : "ies", xv_sb_str(&sb));
    xv_sb_free(&sb);
}

static void run_deps_baseline(xv_check_ctx *ctx, const xv_check *self)
{
    const xv_diff *df = xv_cb_diff(ctx, self, 0);
    if (df)
        xv_cb_per_member(ctx, self, df, 1u << XV_CH_NEED_ADDED, judge_deps,
                   "needs no library the baseline did not", 0);
}

const xv_check xv_check_deps_baseline = {
    "deps.baseline",
    "No new needed library since the baseline",
    "Each binary needs no library (DT_NEEDED, dylib, DLL) that the same binary in the baseline "
    "release did not need: a new one is a new requirement on users' machines (warn).",
    "Check that the new dependency is meant and declared.",
    run_deps_baseline,
};
