/* abi.exports, deps.baseline, floors.baseline, hardening.baseline: the
 * judgements of `xverify diff` as checks of a normal run, against the
 * baseline release (--baseline or matrix baseline.path). The comparison is
 * computed once per run (xv_ctx_baseline_diff); each check reads its kinds
 * of change from it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/util.h"
#include "common/strbuf.h"
#include "xverify/diff.h"

/* Up to this many names in one message; the rest are counted. */
#define XV_BASELINE_NAMES 8u

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
static const xv_diff *get_diff(xv_check_ctx *ctx, const xv_check *self, int report_error)
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
static void names(const xv_diff *df, const size_t *idx, size_t n, int with_values, xv_strbuf *sb)
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

typedef void (*judge_fn)(xv_check_ctx *ctx, const xv_check *self, const xv_artifact *a,
                         const xv_diff *df, const size_t *idx, size_t n);

/* Calls judge once per NEW artifact with the indices of its changes of
 * `kinds` (bit mask); the diff lists one member's changes contiguously (sizes
 * apart, which no check here reads). Paired binaries without such a change
 * get a pass. */
static void per_member(xv_check_ctx *ctx, const xv_check *self, const xv_diff *df, unsigned kinds,
                       judge_fn judge, const char *pass_msg, int libs_only)
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

/* ---- abi.exports ---- */

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
        names(df, rm, nrm, 0, &sb);
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
    const xv_diff *df = get_diff(ctx, self, 1);
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
    per_member(ctx, self, df,
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

/* ---- deps.baseline ---- */

static void judge_deps(xv_check_ctx *ctx, const xv_check *self, const xv_artifact *a, const xv_diff *df,
                       const size_t *idx, size_t n)
{
    xv_strbuf sb;
    xv_sb_init(&sb);
    names(df, idx, n, 0, &sb);
    xv_emit(ctx, self, NULL, a, XV_WARN,
            "each new library must be on every user's machine or shipped: check that it is meant "
            "(a new dependency) and declared in the release notes and package metadata",
            "needs %zu librar%s the baseline did not: %s", n, n == 1 ? "y" : "ies", xv_sb_str(&sb));
    xv_sb_free(&sb);
}

static void run_deps_baseline(xv_check_ctx *ctx, const xv_check *self)
{
    const xv_diff *df = get_diff(ctx, self, 0);
    if (df)
        per_member(ctx, self, df, 1u << XV_CH_NEED_ADDED, judge_deps,
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

/* ---- floors.baseline ---- */

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
    const xv_diff *df = get_diff(ctx, self, 0);
    if (df)
        per_member(ctx, self, df, 1u << XV_CH_FLOOR, judge_floors, "no floor raised since the baseline", 0);
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

/* ---- hardening.baseline ---- */

static void judge_hardening(xv_check_ctx *ctx, const xv_check *self, const xv_artifact *a, const xv_diff *df,
                            const size_t *idx, size_t n)
{
    xv_strbuf sb;
    xv_sb_init(&sb);
    names(df, idx, n, 1, &sb);
    xv_emit(ctx, self, NULL, a, XV_FAIL,
            "a build flag was lost (-fPIE -pie, -z relro -z now, -z noexecstack, "
            "-fstack-protector-strong, /guard:cf): compare the build logs of both releases",
            "hardening lost since the baseline: %s", xv_sb_str(&sb));
    xv_sb_free(&sb);
}

static void run_hardening_baseline(xv_check_ctx *ctx, const xv_check *self)
{
    const xv_diff *df = get_diff(ctx, self, 0);
    if (df)
        per_member(ctx, self, df, 1u << XV_CH_HARDENING, judge_hardening,
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
