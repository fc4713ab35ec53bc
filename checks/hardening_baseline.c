/* hardening.baseline: no hardening property lost since the baseline release. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/baseline.h"

static void judge_hardening(xv_check_ctx *ctx, const xv_check *self, const xv_artifact *a, const xv_diff *df,
                            const size_t *idx, size_t n)
{
    xv_strbuf sb;
    xv_sb_init(&sb);
    xv_cb_names(df, idx, n, 1, &sb);
    xv_emit(ctx, self, NULL, a, XV_FAIL,
            "a build flag was lost (-fPIE -pie, -z relro -z now, -z noexecstack, "
            "-fstack-protector-strong, /guard:cf): compare the build logs of both releases",
            "hardening lost since the baseline: %s", xv_sb_str(&sb));
    xv_sb_free(&sb);
}

static void run_hardening_baseline(xv_check_ctx *ctx, const xv_check *self)
{
    const xv_diff *df = xv_cb_diff(ctx, self, 0);
    if (df)
        xv_cb_per_member(ctx, self, df, 1u << XV_CH_HARDENING, judge_hardening,
                   "every hardening property of the baseline still holds", 0);
}

const xv_check xv_check_hardening_baseline = {
    "hardening.baseline",
    "No hardening lost since the baseline",
    "Each hardening property that held for the same binary in the baseline release still holds "
    "(PIE, NX, RELRO, BIND_NOW, stack canary, CFG, HIGH_ENTROPY_VA, CET/BTI, no TEXTREL); "
    "FORTIFY is not compared (its *_chk imports come and go with the code).",
    "Compare the build flags of both releases.",
    run_hardening_baseline,
};
