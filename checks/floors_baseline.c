/* floors.baseline: no GLIBC_/GLIBCXX_/CXXABI_, macOS minos or Windows
 * subsystem floor raised since the baseline release, unless the matrix
 * platform's promise allows the new value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/baseline.h"

/* The matrix promise for a floor kind of the artifact's platform, or NULL. */
static const char *promise(xv_check_ctx *ctx, const xv_artifact *a, const char *what)
{
    xv_platform p;
    const xv_mx_platform *mp = NULL;
    if (!xv_ctx_platform_of(ctx, a, &p, &mp) || !mp)
        return NULL;
    if (strcmp(what, "glibc") == 0) return mp->glibc;
    if (strcmp(what, "glibcxx") == 0) return mp->glibcxx;
    if (strcmp(what, "cxxabi") == 0) return mp->cxxabi;
    if (strcmp(what, "macos") == 0) return mp->macos_min;
    if (strcmp(what, "windows") == 0) return mp->windows_min;
    return NULL;
}

/* "GLIBC_2.38" against the promise "2.38": compares the numbers only. */
static int within(const char *value, const char *limit)
{
    const char *u = strrchr(value, '_');
    return xv_version_cmp(u ? u + 1 : value, limit) <= 0;
}

static void judge_floors(xv_check_ctx *ctx, const xv_check *self, const xv_artifact *a, const xv_diff *df,
                         const size_t *idx, size_t n)
{
    xv_strbuf bad, ok;
    xv_sb_init(&bad);
    xv_sb_init(&ok);
    for (size_t k = 0; k < n; k++) {
        const xv_change *c = xv_diff_change(df, idx[k]);
        const char *lim = promise(ctx, a, c->what);
        xv_strbuf *sb = lim && c->new_value && within(c->new_value, lim) ? &ok : &bad;
        if (sb->len)
            xv_sb_puts(sb, ", ");
        xv_sb_printf(sb, "%s %s -> %s", c->what, c->old_value, c->new_value);
        if (sb == &ok)
            xv_sb_printf(sb, " (the matrix allows %s)", lim);
    }
    if (bad.len)
        xv_emit(ctx, self, NULL, a, XV_FAIL,
                "users on the older systems the baseline ran on can no longer run it: build on the "
                "older system / SDK (or with -mmacosx-version-min, a manylinux image), or raise the "
                "platform's promise in the matrix (glibc, macos_min, windows_min) to allow it",
                "floor raised since the baseline: %s%s%s", xv_sb_str(&bad), ok.len ? "; " : "", xv_sb_str(&ok));
    else
        xv_emit(ctx, self, NULL, a, XV_PASS, NULL, "floor raised within the matrix's promise: %s",
                xv_sb_str(&ok));
    xv_sb_free(&bad);
    xv_sb_free(&ok);
}

static void run_floors_baseline(xv_check_ctx *ctx, const xv_check *self)
{
    const xv_diff *df = xv_cb_diff(ctx, self, 0);
    if (df)
        xv_cb_per_member(ctx, self, df, 1u << XV_CH_FLOOR, judge_floors, "no floor raised since the baseline", 0);
}

const xv_check xv_check_floors_baseline = {
    "floors.baseline",
    "No floor raised since the baseline",
    "Each binary's highest GLIBC_/GLIBCXX_/CXXABI_ version, macOS minos and Windows subsystem "
    "version are no higher than the same binary's in the baseline release; a raise fails unless "
    "the matrix platform promises a floor (glibc, glibcxx, cxxabi, macos_min, windows_min) that "
    "allows the new value.",
    "Build against the older system, or raise the matrix promise on purpose.",
    run_floors_baseline,
};
