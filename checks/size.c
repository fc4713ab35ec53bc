/* size.budget, size.baseline, size.consistency: absolute budgets from the
 * matrix (files[].size), growth against a previous release, and the same
 * library or program across platforms within a ratio. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/util.h"
#include "core/saved.h"
#include "xverify/diff.h"

/* ---- size.budget ---- */

static void run_budget(xv_check_ctx *ctx, const xv_check *self)
{
    const struct xv_matrix *m = xv_ctx_matrix(ctx);
    if (!m)
        return;
    const xv_dist *d = xv_ctx_dist(ctx);
    size_t n = xv_dist_artifact_count(d);
    int stage = xv_ctx_stage(ctx);
    for (size_t ri = 0; ri < m->nfiles; ri++) {
        const xv_mx_file_rule *rule = &m->files[ri];
        if (!rule->has_min && !rule->has_max)
            continue;
        size_t matched = 0;
        for (size_t i = 0; i < n; i++) {
            const xv_artifact *a = xv_dist_artifact(d, i);
            if (stage == XV_STAGE_MERGE) {
                /* the shards judged the files; the merge only asks whether
                 * any file of the release matches */
                matched += xv_cu_rule_matches(rule, a) == 1;
                continue;
            }
            if (!xv_cu_rule_applies(ctx, self, rule, ri, a))
                continue;
            matched++;
            char have[32], lim[32];
            xv_cu_size(a->size, have, sizeof have);
            xv_result *r;
            if (rule->has_max && a->size > rule->size_max) {
                xv_cu_size(rule->size_max, lim, sizeof lim);
                r = xv_emit(ctx, self, NULL, a, XV_FAIL,
                            "strip debug info (strip --strip-unneeded / -s), drop unused code "
                            "(-ffunction-sections -Wl,--gc-sections), or raise files[].size.max",
                            "%s is over the budget of %s (files[%zu] \"%s\")", have, lim, ri, rule->match);
            } else if (rule->has_min && a->size < rule->size_min) {
                xv_cu_size(rule->size_min, lim, sizeof lim);
                r = xv_emit(ctx, self, NULL, a, XV_FAIL,
                            "a file this small is usually a stub, a failed build or a Git LFS "
                            "pointer: check the build job, or lower files[].size.min",
                            "%s is under the minimum of %s (files[%zu] \"%s\")", have, lim, ri, rule->match);
            } else {
                r = xv_emit(ctx, self, NULL, a, XV_PASS, NULL, "%s within budget (files[%zu] \"%s\")",
                            have, ri, rule->match);
            }
            char bytes[32];
            snprintf(bytes, sizeof bytes, "%llu", (unsigned long long)a->size);
            xv_result_add_fact(ctx, r, "size", bytes);
        }
        /* a shard holds only some files: "no file matches" is the merge's call */
        if (!matched && stage != XV_STAGE_SHARD)
            xv_emit_pkg(ctx, self, rule->match, NULL, NULL, NULL, XV_WARN,
                        "fix the glob in matrix files[].match",
                        "files[%zu]: no file matches \"%s\"", ri, rule->match);
    }
}

const xv_check xv_check_size_budget = {
    "size.budget",
    "File sizes within budget",
    "Files matched by a matrix rule (files[].size) are no larger than max and no smaller than min.",
    "Strip debug info, garbage-collect sections, or adjust the budget.",
    run_budget,
};

/* ---- size.baseline ---- */

/* Key of an artifact across releases: platform id + member path inside the
 * top-level package, version numbers ignored (package names and their top
 * folders carry the version, so they differ between releases). */
static void art_key(xv_check_ctx *ctx, const xv_dist *d, const xv_artifact *a, char *out, size_t n)
{
    (void)ctx;
    xv_diff_member_key(d, a, out, n);
}

/* The member claims a binary format (magic numbers) but was not read whole. */
static int unreadable_binary(const xv_artifact *a)
{
    return a->type == XV_ENTRY_FILE && a->image && xv_image_format(a->image) != XV_FMT_NONE &&
           (xv_image_count(a->image) == 0 || xv_image_error(a->image));
}

/* The artifact of `d` whose key is `key`, or NULL (linear: only for the
 * few baseline members left unmatched). */
static const xv_artifact *find_by_key(xv_check_ctx *ctx, const xv_dist *d, const char *key)
{
    char k[600];
    for (size_t i = 0; i < xv_dist_artifact_count(d); i++) {
        const xv_artifact *a = xv_dist_artifact(d, i);
        if (a->type != XV_ENTRY_FILE)
            continue;
        art_key(ctx, d, a, k, sizeof k);
        if (strcmp(k, key) == 0)
            return a;
    }
    return NULL;
}

typedef struct kentry {
    char key[600];
    uint64_t size;
    const xv_artifact *art;
    int seen;
    int bad;               /* the baseline's copy cannot be read (reported once) */
} kentry;

static int cmp_kentry(const void *a, const void *b)
{
    return strcmp(((const kentry *)a)->key, ((const kentry *)b)->key);
}

static void run_baseline(xv_check_ctx *ctx, const xv_check *self)
{
    const struct xv_matrix *m = xv_ctx_matrix(ctx);
    const xv_run_opts *o = xv_ctx_opts(ctx);
    const char *bpath = o->baseline ? o->baseline : (m ? m->baseline_path : NULL);
    if (!bpath)
        return;
    double pct = m && m->has_growth_percent ? m->max_growth_percent : -1;
    int has_bytes = m && m->has_growth_bytes;
    uint64_t maxb = has_bytes ? m->max_growth_bytes : 0;
    if (pct < 0 && !has_bytes)
        pct = 50;
    xv_dist *old = NULL;
    xv_dist_opts dopts;
    xv_dist_opts_init(&dopts);
    dopts.read.no_symbols = 1;
    const char *paths[1] = { bpath };
    xv_status st = xv_dist_open(paths, 1, &dopts, &old);
    if (st != XV_OK) {
        xv_emit_pkg(ctx, self, bpath, NULL, NULL, NULL, XV_ERROR,
                    "point --baseline / matrix baseline.path at the previous release's folder or archives",
                    "cannot read the baseline release: %s",
                    old && xv_dist_error(old) ? xv_dist_error(old) : xv_status_str(st));
        xv_dist_free(old);
        return;
    }
    size_t no = xv_dist_artifact_count(old);
    kentry *ke = calloc(no ? no : 1, sizeof *ke);
    if (!ke) {
        xv_dist_free(old);
        return;
    }
    size_t nk = 0;
    for (size_t i = 0; i < no; i++) {
        const xv_artifact *a = xv_dist_artifact(old, i);
        if (unreadable_binary(a)) {
            const char *err = a->image ? xv_image_error(a->image) : NULL;
            xv_emit_pkg(ctx, self, a->path, NULL, a->platform.id[0] ? a->platform.id : NULL, NULL, XV_ERROR,
                        "the baseline release holds a damaged copy: point --baseline at an intact one",
                        "baseline member %s cannot be read (%s): its size is not compared", a->path,
                        err ? err : "no binary read");
            art_key(ctx, old, a, ke[nk].key, sizeof ke[nk].key);
            ke[nk].art = a;
            ke[nk].bad = 1;
            nk++;
            continue;
        }
        if (!xv_cu_is_binary(a))
            continue;
        art_key(ctx, old, a, ke[nk].key, sizeof ke[nk].key);
        ke[nk].size = a->size;
        ke[nk].art = a;
        nk++;
    }
    qsort(ke, nk, sizeof *ke, cmp_kentry);
    const xv_dist *d = xv_ctx_dist(ctx);
    size_t n = xv_dist_artifact_count(d);
    for (size_t i = 0; i < n; i++) {
        const xv_artifact *a = xv_dist_artifact(d, i);
        if (!xv_cu_is_binary(a))
            continue;
        kentry probe;
        art_key(ctx, d, a, probe.key, sizeof probe.key);
        kentry *hit = nk ? bsearch(&probe, ke, nk, sizeof *ke, cmp_kentry) : NULL;
        char now[32], was[32];
        xv_cu_size(a->size, now, sizeof now);
        if (!hit) {
            xv_emit(ctx, self, NULL, a, XV_PASS, NULL, "new file (%s), not in the baseline", now);
            continue;
        }
        hit->seen = 1;
        if (hit->bad)
            continue;
        xv_cu_size(hit->size, was, sizeof was);
        double growth = hit->size ? ((double)a->size - (double)hit->size) * 100.0 / (double)hit->size
                                  : (a->size ? 1e9 : 0);
        uint64_t gb = a->size > hit->size ? a->size - hit->size : 0;
        /* Over every threshold that is set: a small file growing by a large
         * percentage but a few bytes does not trip an absolute limit. */
        int over_pct = pct >= 0 && growth > pct;
        int over_bytes = has_bytes && gb > maxb;
        int over = (pct >= 0 && has_bytes) ? (over_pct && over_bytes) : (over_pct || over_bytes);
        xv_result *r;
        if (over) {
            char g[32];
            xv_cu_size(gb, g, sizeof g);
            r = xv_emit(ctx, self, NULL, a, XV_FAIL,
                        "find what grew (bloaty, size -A, a linker map); strip debug info or "
                        "raise baseline.max_growth_percent / max_growth_bytes",
                        "grew %.1f%% (+%s): %s → %s", growth, g, was, now);
        } else {
            r = xv_emit(ctx, self, NULL, a, XV_PASS, NULL, "%+.1f%%: %s → %s", growth, was, now);
        }
        char buf[32];
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)hit->size);
        xv_result_add_fact(ctx, r, "baseline.size", buf);
    }
    for (size_t k = 0; k < nk; k++) {
        if (ke[k].seen || ke[k].bad)
            continue;
        const xv_artifact *a = ke[k].art;
        xv_platform p = a->platform;
        const xv_artifact *now = find_by_key(ctx, d, ke[k].key);
        if (now && unreadable_binary(now)) {
            const char *err = now->image ? xv_image_error(now->image) : NULL;
            xv_emit(ctx, self, NULL, now, XV_ERROR,
                    "the file is damaged or truncated: rebuild or re-upload it",
                    "%s cannot be read (%s): its size is not compared with the baseline's",
                    now->member ? now->member : now->path, err ? err : "no binary read");
            continue;
        }
        if (now) {
            xv_emit(ctx, self, NULL, now, XV_WARN,
                    "if the file is meant to be a binary no more, nothing to do; else check the build",
                    "was a binary in the baseline (%s) and is not one now", a->path);
            continue;
        }
        xv_emit_pkg(ctx, self, a->path, NULL, p.id[0] ? p.id : NULL, NULL, XV_WARN,
                    "if the file was dropped on purpose, nothing to do; else restore it in the build",
                    "%s was in the baseline (%s) and is missing from this release",
                    a->member ? a->member : a->path, a->path);
    }
    free(ke);
    xv_dist_free(old);
}

const xv_check xv_check_size_baseline = {
    "size.baseline",
    "Growth against the previous release",
    "Each binary's size against the same file (same platform and path) in the baseline release "
    "(--baseline or matrix baseline.path): growth over max_growth_percent (default 50) and/or "
    "max_growth_bytes fails; a binary missing from the new release warns.",
    "Find what grew with a linker map or bloaty; strip debug info.",
    run_baseline,
};

/* ---- size.consistency ---- */

#define XV_CONSISTENCY_SLACK 1000000u

/* "libexcore.so.1" / "libexcore.dylib" / "excore.dll" / "libexcore-1.dll" ->
 * "excore"; "app" / "app.exe" -> "app". */
static void norm_name(const char *member, char *out, size_t n)
{
    const char *b = xv_cu_basename(member);
    if (strncmp(b, "lib", 3) == 0 && b[3])
        b += 3;
    size_t len = strlen(b);
    const char *so = strstr(b, ".so");
    const char *dot = NULL;
    if (so && (so[3] == 0 || so[3] == '.'))
        dot = so;
    else if ((dot = strrchr(b, '.')) != NULL) {
        const char *ext = dot + 1;
        if (strcmp(ext, "dll") && strcmp(ext, "DLL") && strcmp(ext, "dylib") && strcmp(ext, "exe") &&
            strcmp(ext, "EXE") && strcmp(ext, "node") && strcmp(ext, "pyd") && strcmp(ext, "bundle"))
            dot = NULL;
    }
    if (dot)
        len = (size_t)(dot - b);
    /* Drop a trailing "-<digits>" (MinGW: libfoo-1.dll). */
    size_t l2 = len;
    while (l2 > 0 && isdigit((unsigned char)b[l2 - 1]))
        l2--;
    if (l2 > 0 && l2 < len && b[l2 - 1] == '-')
        len = l2 - 1;
    if (len >= n)
        len = n - 1;
    for (size_t i = 0; i < len; i++)
        out[i] = (char)tolower((unsigned char)b[i]);
    out[len] = 0;
}

typedef struct centry {
    char name[256];
    char plat[40];
    int lib;
    uint64_t size;
    const xv_artifact *art;
} centry;

static int cmp_centry(const void *pa, const void *pb)
{
    const centry *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    if (a->lib != b->lib)
        return a->lib - b->lib;
    return strcmp(a->plat, b->plat);
}

static void run_consistency(xv_check_ctx *ctx, const xv_check *self)
{
    const struct xv_matrix *m = xv_ctx_matrix(ctx);
    double ratio = m && m->consistency_ratio >= 1 ? m->consistency_ratio : 4.0;
    const xv_dist *d = xv_ctx_dist(ctx);
    size_t n = xv_dist_artifact_count(d);
    centry *ce = calloc(n ? n : 1, sizeof *ce);
    if (!ce)
        return;
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) {
        const xv_artifact *a = xv_dist_artifact(d, i);
        if (!xv_cu_is_binary(a))
            continue;
        const xv_binary *b = xv_image_binary(a->image, 0);
        int lib = b->kind == XV_KIND_SHARED;
        if (!lib && !xv_cu_is_exe(b))
            continue;
        xv_platform p;
        if (!xv_ctx_platform_of(ctx, a, &p, NULL) || !p.id[0])
            continue;
        norm_name(a->member, ce[nc].name, sizeof ce[nc].name);
        snprintf(ce[nc].plat, sizeof ce[nc].plat, "%s", p.id);
        ce[nc].lib = lib;
        /* A universal file holds one copy per slice: compare per slice. */
        ce[nc].size = a->size / (xv_image_count(a->image) ? xv_image_count(a->image) : 1);
        ce[nc].art = a;
        nc++;
    }
    qsort(ce, nc, sizeof *ce, cmp_centry);
    for (size_t i = 0; i < nc;) {
        size_t j = i + 1;
        while (j < nc && strcmp(ce[j].name, ce[i].name) == 0 && ce[j].lib == ce[i].lib)
            j++;
        /* Distinct platforms only. */
        size_t nplat = 1;
        for (size_t k = i + 1; k < j; k++)
            if (strcmp(ce[k].plat, ce[k - 1].plat) != 0)
                nplat++;
        if (nplat >= 2) {
            size_t lo = i, hi = i;
            char list[2048] = "";
            size_t ll = 0;
            for (size_t k = i; k < j; k++) {
                if (ce[k].size < ce[lo].size)
                    lo = k;
                if (ce[k].size > ce[hi].size)
                    hi = k;
                char sz[32];
                xv_cu_size(ce[k].size, sz, sizeof sz);
                int w = snprintf(list + ll, sizeof list - ll, "%s%s %s", ll ? ", " : "", ce[k].plat, sz);
                if (w > 0 && (size_t)w < sizeof list - ll)
                    ll += (size_t)w;
            }
            double r = ce[lo].size ? (double)ce[hi].size / (double)ce[lo].size : 1e9;
            /* Small files differ by page alignment and runtime stubs more than by
             * content: a difference under XV_CONSISTENCY_SLACK bytes never fails. */
            int small = ce[hi].size - ce[lo].size < XV_CONSISTENCY_SLACK;
            const char *what = ce[i].lib ? "library" : "program";
            xv_result *res;
            if (r > ratio && !small) {
                res = xv_emit_pkg(ctx, self, ce[i].name, NULL, NULL, NULL, XV_FAIL,
                                  "compare the builds of the largest and smallest platform (debug info "
                                  "left in, static linking, a stub); or raise size.consistency_ratio",
                                  "%s %s differs %.1fx across platforms (over %.1fx): %s", what,
                                  ce[i].name, r, ratio, list);
            } else {
                res = xv_emit_pkg(ctx, self, ce[i].name, NULL, NULL, NULL, XV_PASS, NULL,
                                  r > ratio ? "%s %s differs %.1fx across %zu platforms, by under 1 MB: %s"
                                            : "%s %s within %.1fx across %zu platforms: %s",
                                  what, ce[i].name, r > ratio ? r : ratio, nplat, list);
            }
            char rb[32];
            snprintf(rb, sizeof rb, "%.2f", r);
            xv_result_add_fact(ctx, res, "ratio", rb);
        }
        i = j;
    }
    free(ce);
}

const xv_check xv_check_size_consistency = {
    "size.consistency",
    "Same file of similar size on every platform",
    "The same library or program (by name without lib prefix and platform extension) has "
    "sizes within size.consistency_ratio (default 4) across platforms; a universal Mach-O "
    "counts per slice; a difference under 1 MB never fails (page alignment dominates small files).",
    "A file far larger on one platform usually kept its debug info or linked statically.",
    run_consistency,
};
