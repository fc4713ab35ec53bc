/* abi.exports: no export of a shared library removed since the baseline
 * release; no library of it dropped; a member that cannot be read named. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/baseline.h"

static void judge_exports(xv_check_ctx *ctx, const xv_check *self, const xv_artifact *a, const xv_diff *df,
                          const size_t *idx, size_t n)
{
    /* removed exports fail; the other identity changes of a library warn */
    size_t *rm = calloc(n, sizeof *rm), *other = calloc(n, sizeof *other);
    size_t nrm = 0, nother = 0;
    if (!rm || !other) {
        free(rm);
        free(other);
        return;
    }
    for (size_t k = 0; k < n; k++) {
        if (xv_diff_change(df, idx[k])->kind == XV_CH_EXPORT_REMOVED)
            rm[nrm++] = idx[k];
        else
            other[nother++] = idx[k];
    }
    xv_strbuf sb;
    xv_sb_init(&sb);
    if (nrm) {
        xv_sb_printf(&sb, "%zu exported symbol%s removed since the baseline: ", nrm, nrm == 1 ? "" : "s");
        xv_cb_names(df, rm, nrm, 0, &sb);
    }
    if (nother) {
        xv_sb_puts(&sb, nrm ? "; also " : "");
        for (size_t k = 0; k < nother; k++) {
            const xv_change *c = xv_diff_change(df, other[k]);
            if (k == XV_BASELINE_NAMES) {
                xv_sb_printf(&sb, " and %zu more", nother - k);
                break;
            }
            xv_sb_printf(&sb, "%s%s %s%s%s -> %s", k ? ", " : "",
                         c->kind == XV_CH_SYMVER_REMOVED ? "symbol version removed:"
                         : c->kind == XV_CH_ORDINAL ? "ordinal of" : "",
                         c->what ? c->what : "", c->kind == XV_CH_SYMVER_REMOVED ? "" : " ",
                         c->kind == XV_CH_SYMVER_REMOVED ? "" : (c->old_value ? c->old_value : ""),
                         c->kind == XV_CH_SYMVER_REMOVED ? "gone" : (c->new_value ? c->new_value : ""));
        }
    }
    xv_verdict v = nrm ? XV_FAIL : XV_WARN;
    xv_result *r = xv_emit(ctx, self, NULL, a, v,
                           nrm ? "programs linked against the baseline's library stop loading or crash: "
                                 "restore the symbols, or bump the soname / major version and waive "
                                 "this finding"
                               : "callers linked by ordinal, symbol version or the old install name "
                                 "may break: keep the old identity unless this is a new major version",
                           "%s", xv_sb_str(&sb));
    char nb[32];
    snprintf(nb, sizeof nb, "%zu", nrm);
    xv_result_add_fact(ctx, r, "exports.removed", nb);
    xv_sb_free(&sb);
    free(rm);
    free(other);
}

static void run_abi_exports(xv_check_ctx *ctx, const xv_check *self)
{
    const xv_diff *df = xv_cb_diff(ctx, self, 1);
    if (!df)
        return;
    /* Members the baseline had that cannot be read now (or then): named as
     * errors, never passed over as missing. */
    for (size_t i = 0; i < xv_diff_count(df); i++) {
        const xv_change *c = xv_diff_change(df, i);
        if (c->kind == XV_CH_UNREADABLE)
            xv_emit_pkg(ctx, self, c->old_value, NULL, c->platform, NULL, XV_ERROR,
                        "rebuild or re-download the file; xverify compares only what it can read",
                        "%s cannot be read in the %s release: %s", c->member, c->what, c->new_value);
        else if (c->kind == XV_CH_FILE_REMOVED && c->library)
            xv_emit_pkg(ctx, self, c->member, NULL, c->platform, NULL, XV_FAIL,
                        "programs linked against it no longer load: restore the library, or "
                        "waive this finding if it was dropped on purpose",
                        "library %s was in the baseline and is missing from this release: all its "
                        "exports are gone", c->member);
    }
    xv_cb_per_member(ctx, self, df,
               (1u << XV_CH_EXPORT_REMOVED) | (1u << XV_CH_SYMVER_REMOVED) | (1u << XV_CH_ORDINAL) |
                   (1u << XV_CH_INSTALL_NAME) | (1u << XV_CH_COMPAT_VERSION),
               judge_exports, "every export of the baseline's library is still exported", 1);
}

const xv_check xv_check_abi_exports = {
    "abi.exports",
    "No exported symbol removed since the baseline",
    "Each shared library exports every symbol the same library (same platform and path, versions "
    "in names ignored) exported in the baseline release (--baseline or matrix baseline.path): a "
    "removed export fails, as does a library the baseline had and this release lacks; removed ELF "
    "symbol versions, changed PE ordinals and Mach-O install names or compatibility versions warn. "
    "A baseline member that cannot be read is an error naming it.",
    "Restore the removed symbols, or make the break explicit: a new soname / major version.",
    run_abi_exports,
};
