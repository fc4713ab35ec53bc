/* Shared by the checks that judge the release against the baseline release
 * (abi_exports.c, deps_baseline.c, floors_baseline.c, hardening_baseline.c):
 * the comparison is computed once per run (xv_ctx_baseline_diff); each
 * check reads its kinds of change from it (checks/baseline.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/baseline.h"


/* Index of the NEW artifact of each pair, for "pass" results; per new
 * artifact whether it had a baseline counterpart. */
static unsigned char *paired_new(const xv_diff *df, size_t nart)
{
    unsigned char *v = calloc(nart ? nart : 1, 1);
    if (!v)
        return NULL;
    for (size_t i = 0; i < xv_diff_pair_count(df); i++) {
        size_t o, n;
        if (xv_diff_pair(df, i, &o, &n) && n < nart)
            v[n] = 1;
    }
    return v;
}

/* The diff, or NULL after emitting why (only the first baseline check emits
 * the unreadable-baseline error, so it is reported once). */
const xv_diff *xv_cb_diff(xv_check_ctx *ctx, const xv_check *self, int report_error)
{
    const char *path, *why;
    const xv_diff *df = xv_ctx_baseline_diff(ctx, &path, &why);
    if (!path)
        return NULL;
    if (!df && report_error)
        xv_emit_pkg(ctx, self, path, NULL, NULL, NULL, XV_ERROR,
                    "point --baseline / matrix baseline.path at the previous release's folder or archives",
                    "%s", why ? why : "cannot read the baseline release");
    return df;
}

/* Joins the `what` (or "what old -> new") of changes idx[0..n) of one member. */
void xv_cb_names(const xv_diff *df, const size_t *idx, size_t n, int with_values, xv_strbuf *sb)
{
    for (size_t k = 0; k < n; k++) {
        const xv_change *c = xv_diff_change(df, idx[k]);
        if (k == XV_BASELINE_NAMES) {
            xv_sb_printf(sb, " and %zu more", n - k);
            break;
        }
        if (k > 0)
            xv_sb_puts(sb, ", ");
        if (with_values)
            xv_sb_printf(sb, "%s %s -> %s", c->what ? c->what : "", c->old_value ? c->old_value : "",
                         c->new_value ? c->new_value : "");
        else
            xv_sb_puts(sb, c->what ? c->what : "");
    }
}

/* Calls judge once per NEW artifact with the indices of its changes of
 * `kinds` (bit mask); the diff lists one member's changes contiguously (sizes
 * apart, which no check here reads). Paired binaries without such a change
 * get a pass. */
void xv_cb_per_member(xv_check_ctx *ctx, const xv_check *self, const xv_diff *df, unsigned kinds,
                       xv_cb_judge_fn judge, const char *pass_msg, int libs_only)
{
    const xv_dist *d = xv_ctx_dist(ctx);
    size_t nart = xv_dist_artifact_count(d);
    unsigned char *paired = paired_new(df, nart);
    unsigned char *judged = calloc(nart ? nart : 1, 1);
    if (!paired || !judged) {
        free(paired);
        free(judged);
        return;
    }
    size_t n = xv_diff_count(df);
    size_t *idx = calloc(n ? n : 1, sizeof *idx);
    if (!idx) {
        free(paired);
        free(judged);
        return;
    }
    for (size_t i = 0; i < n;) {
        const xv_change *c = xv_diff_change(df, i);
        size_t j = i, m = 0;
        while (j < n && xv_diff_change(df, j)->new_index == c->new_index) {
            if (kinds & (1u << xv_diff_change(df, j)->kind))
                idx[m++] = j;
            j++;
        }
        if (m && c->new_index < nart) {
            judge(ctx, self, xv_dist_artifact(d, c->new_index), df, idx, m);
            judged[c->new_index] = 1;
        }
        i = j;
    }
    free(idx);
    for (size_t k = 0; k < nart; k++) {
        const xv_artifact *a = xv_dist_artifact(d, k);
        if (!paired[k] || judged[k] || !xv_cu_is_binary(a) || xv_image_error(a->image))
            continue;
        const xv_binary *b = xv_image_binary(a->image, 0);
        if (libs_only && b->kind != XV_KIND_SHARED && b->kind != XV_KIND_BUNDLE)
            continue;
        xv_emit(ctx, self, NULL, a, XV_PASS, NULL, "%s", pass_msg);
    }
    free(paired);
    free(judged);
}

