/* symbols.exports: per-file rules of the matrix (files[].exports): every
 * "required" glob matches at least one exported symbol, no export matches a
 * "forbidden" glob. Mach-O names carry a leading underscore: rules are matched
 * against the name with ONE leading '_' removed, so "excore_*" matches
 * "_excore_init" in a dylib and "excore_init" in an ELF or PE library. */
#include <stdio.h>
#include <string.h>

#include "checks/util.h"
#include "core/saved.h"
#include "common/strbuf.h"

static const char *sym_name(const xv_binary *b, const xv_sym *s)
{
    const char *n = s->name ? s->name : "";
    if ((b->format == XV_FMT_MACHO || b->format == XV_FMT_MACHO_FAT) && n[0] == '_')
        n++;
    return n;
}

static void run(xv_check_ctx *ctx, const xv_check *self)
{
    const struct xv_matrix *m = xv_ctx_matrix(ctx);
    if (!m || !m->nfiles)
        return;
    const xv_dist *d = xv_ctx_dist(ctx);
    size_t n = xv_dist_artifact_count(d);
    int stage = xv_ctx_stage(ctx);
    for (size_t ri = 0; ri < m->nfiles; ri++) {
        const xv_mx_file_rule *rule = &m->files[ri];
        if (!rule->nrequired && !rule->nforbidden)
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
            if (!xv_cu_is_binary(a)) {
                xv_emit(ctx, self, NULL, a, XV_FAIL,
                        "narrow the matrix rule's \"match\" glob to binaries",
                        "files[%zu] (\"%s\") asks for exports but this is not a readable binary",
                        ri, rule->match);
                continue;
            }
            xv_strbuf bad;
            xv_sb_init(&bad);
            size_t nmissing = 0, nforbidden = 0;
            const char *first_missing = NULL;
            char first_forbidden[512] = "";
            for (size_t s = 0; s < xv_image_count(a->image); s++) {
                const xv_binary *b = xv_image_binary(a->image, s);
                for (size_t q = 0; q < rule->nrequired; q++) {
                    int hit = 0;
                    for (size_t e = 0; e < b->nexports && !hit; e++)
                        hit = xv_sym_match(rule->required[q], sym_name(b, &b->exports[e]));
                    if (!hit) {
                        if (!first_missing)
                            first_missing = rule->required[q];
                        nmissing++;
                        xv_sb_printf(&bad, "missing%s%s: %s\n", xv_image_count(a->image) > 1 ? " in " : "",
                                     xv_image_count(a->image) > 1 ? b->arch : "", rule->required[q]);
                    }
                }
                for (size_t e = 0; e < b->nexports; e++) {
                    const char *nm = sym_name(b, &b->exports[e]);
                    for (size_t q = 0; q < rule->nforbidden; q++) {
                        if (!xv_sym_match(rule->forbidden[q], nm))
                            continue;
                        if (!first_forbidden[0])
                            snprintf(first_forbidden, sizeof first_forbidden, "%s (matches %s)",
                                     b->exports[e].name, rule->forbidden[q]);
                        if (nforbidden < 50)
                            xv_sb_printf(&bad, "forbidden: %s (matches %s)\n", b->exports[e].name,
                                         rule->forbidden[q]);
                        nforbidden++;
                        break;
                    }
                }
            }
            xv_result *r;
            if (nmissing) {
                r = xv_emit(ctx, self, NULL, a, XV_FAIL,
                            "export the symbol (check visibility attributes / the .def or version "
                            "script), or fix the matrix rule",
                            "no exported symbol matches required \"%s\"%s", first_missing,
                            nmissing + nforbidden > 1 ? " (and more, see detail)" : "");
            } else if (nforbidden) {
                r = xv_emit(ctx, self, NULL, a, XV_FAIL,
                            "hide it: -fvisibility=hidden, a version script or .def file, or strip "
                            "test code from release builds",
                            "exports forbidden symbol %s%s", first_forbidden,
                            nforbidden > 1 ? " (and more, see detail)" : "");
            } else {
                r = xv_emit(ctx, self, NULL, a, XV_PASS, NULL,
                            "%zu required export pattern%s present, no forbidden export (rule files[%zu])",
                            rule->nrequired, rule->nrequired == 1 ? "" : "s", ri);
            }
            if (bad.len)
                xv_result_set_detail(ctx, r, xv_sb_str(&bad));
            xv_result_add_fact(ctx, r, "rule", rule->match);
            xv_sb_free(&bad);
        }
        /* a shard holds only some files: "no file matches" is the merge's call */
        if (!matched && stage != XV_STAGE_SHARD)
            xv_emit_pkg(ctx, self, rule->match, NULL, NULL, NULL, XV_WARN,
                        "fix the glob in matrix files[].match (globs match the path inside the "
                        "package; a pattern without '/' matches the file name)",
                        "files[%zu]: no file matches \"%s\"", ri, rule->match);
    }
}

const xv_check xv_check_symbols_exports = {
    "symbols.exports",
    "Required exports present, forbidden ones absent",
    "For the files the matrix names (files[].match), every required export glob matches an "
    "exported symbol and no export matches a forbidden glob. Mach-O names are compared "
    "without their one leading underscore.",
    "Control exports with visibility attributes, a version script or a .def file.",
    run,
};
