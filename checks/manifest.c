/* manifest: every file the matrix expects in a platform's package is there.
 * platforms: every platform the matrix requires has a package; with no
 * matrix, one pass per platform found (a summary of what the release holds). */
#include <stdio.h>
#include <string.h>

#include "checks/util.h"
#include "common/strbuf.h"

/* True when package i holds at least one file and belongs to matrix
 * platform mp (by glob or id, or when one of its members was inferred for
 * that platform). */
static int pkg_of(const xv_dist *d, size_t i, const xv_mx_platform *mp)
{
    const xv_package *pkg = xv_dist_package(d, i);
    /* an empty package (or one with folders only) delivers no platform */
    size_t files = 0;
    for (size_t k = pkg->first; k < pkg->first + pkg->count && !files; k++)
        files += xv_dist_artifact(d, k)->type != XV_ENTRY_DIR;
    if (!files)
        return 0;
    if (xv_mx_platform_has_package(mp, pkg))
        return 1;
    if (mp->package)
        return 0;
    for (size_t k = pkg->first; k < pkg->first + pkg->count; k++) {
        const xv_artifact *a = xv_dist_artifact(d, k);
        if (a->platform.id[0] && strcmp(a->platform.id, mp->plat.id) == 0)
            return 1;
    }
    return 0;
}

static void run_manifest(xv_check_ctx *ctx, const xv_check *self)
{
    const struct xv_matrix *m = xv_ctx_matrix(ctx);
    if (!m)
        return;
    const xv_dist *d = xv_ctx_dist(ctx);
    size_t np = xv_dist_package_count(d);
    for (size_t pi = 0; pi < m->nplatforms; pi++) {
        const xv_mx_platform *mp = &m->platforms[pi];
        if (!mp->nmanifest)
            continue;
        for (size_t i = 0; i < np; i++) {
            if (!pkg_of(d, i, mp))
                continue;
            const xv_package *pkg = xv_dist_package(d, i);
            for (size_t g = 0; g < mp->nmanifest; g++) {
                const char *glob = mp->manifest[g];
                const xv_artifact *hit = NULL, *undecided = NULL;
                for (size_t k = pkg->first; k < pkg->first + pkg->count && !hit; k++) {
                    const xv_artifact *a = xv_dist_artifact(d, k);
                    if (a->type == XV_ENTRY_DIR || !a->member)
                        continue;
                    int r = xv_glob_match_budget(glob, a->member);
                    if (r == 1)
                        hit = a;
                    else if (r < 0 && !undecided)
                        undecided = a;
                }
                char subject[2048];
                snprintf(subject, sizeof subject, "%s!/%s", pkg->path, glob);
                if (!hit && undecided) {
                    /* not a miss: the glob could not be decided on that member */
                    xv_result *r = xv_emit_pkg(
                        ctx, self, subject, pkg->path, mp->id, NULL, XV_ERROR,
                        "write the glob with whole-segment \"**\" (\"**/bin/app\") instead of "
                        "\"**\" inside a segment",
                        "manifest glob \"%s\" is too costly to decide on %s (matching budget "
                        "exhausted); not judged (platforms.%s.manifest)", glob, undecided->member,
                        mp->id);
                    xv_result_add_fact(ctx, r, XV_FACT_NOT_INSPECTED, "glob budget");
                } else if (hit)
                    xv_emit_pkg(ctx, self, subject, pkg->path, mp->id, NULL, XV_PASS, NULL,
                                "%s present (%s)", glob, hit->member);
                else
                    xv_emit_pkg(ctx, self, subject, pkg->path, mp->id, NULL, XV_FAIL,
                                "add the file to the package in the release job, or remove it from "
                                "matrix platforms.<id>.manifest",
                                "missing %s in %s (platforms.%s.manifest)", glob,
                                pkg->name ? pkg->name : pkg->path, mp->id);
            }
        }
    }
}

const xv_check xv_check_manifest = {
    "manifest",
    "Expected files present",
    "Every file glob of a platform's manifest (matrix platforms.<id>.manifest) matches a "
    "member of that platform's package.",
    "Add the missing file to the package, or update the manifest.",
    run_manifest,
};

static void run_platforms(xv_check_ctx *ctx, const xv_check *self)
{
    const struct xv_matrix *m = xv_ctx_matrix(ctx);
    const xv_dist *d = xv_ctx_dist(ctx);
    size_t np = xv_dist_package_count(d);
    if (m && m->nplatforms) {
        for (size_t pi = 0; pi < m->nplatforms; pi++) {
            const xv_mx_platform *mp = &m->platforms[pi];
            xv_strbuf names;
            xv_sb_init(&names);
            size_t found = 0;
            for (size_t i = 0; i < np; i++) {
                if (!pkg_of(d, i, mp))
                    continue;
                const xv_package *pkg = xv_dist_package(d, i);
                xv_sb_printf(&names, "%s%s", found ? ", " : "", pkg->name ? pkg->name : pkg->path);
                found++;
            }
            if (found)
                xv_emit_pkg(ctx, self, mp->id, NULL, mp->id, NULL, XV_PASS, NULL, "%s: %s", mp->id,
                            xv_sb_str(&names));
            else if (mp->package)
                xv_emit_pkg(ctx, self, mp->id, NULL, mp->id, NULL, XV_FAIL,
                            "build and publish the package of this platform, or remove it from "
                            "matrix platforms",
                            "no package for required platform %s (expected a name matching \"%s\")",
                            mp->id, mp->package);
            else
                xv_emit_pkg(ctx, self, mp->id, NULL, mp->id, NULL, XV_FAIL,
                            "build and publish the package of this platform (its name must carry "
                            "the platform, e.g. app_1.0_linux_arm64.tar.gz), or remove it from "
                            "matrix platforms",
                            "no package for required platform %s", mp->id);
            xv_sb_free(&names);
        }
        return;
    }
    /* Zero configuration: a summary of the platforms found. */
    char seen[256][40];
    size_t ns = 0;
    for (size_t i = 0; i < np; i++) {
        const xv_package *pkg = xv_dist_package(d, i);
        if (pkg->count == 0)
            continue;   /* an empty package delivers no platform */
        const char *ids[2] = { pkg->platform.id, NULL };
        for (size_t k = pkg->first; k < pkg->first + pkg->count && !ids[0][0]; k++) {
            const xv_artifact *a = xv_dist_artifact(d, k);
            if (a->platform.id[0]) {
                ids[1] = a->platform.id;
                break;
            }
        }
        const char *id = ids[0][0] ? ids[0] : ids[1];
        if (!id || !id[0])
            continue;
        size_t s;
        for (s = 0; s < ns; s++)
            if (strcmp(seen[s], id) == 0)
                break;
        if (s < ns || ns >= 256)
            continue;
        snprintf(seen[ns++], sizeof seen[0], "%s", id);
    }
    for (size_t s = 0; s < ns; s++) {
        xv_strbuf names;
        xv_sb_init(&names);
        size_t found = 0;
        for (size_t i = 0; i < np; i++) {
            const xv_package *pkg = xv_dist_package(d, i);
            if (strcmp(pkg->platform.id, seen[s]) != 0)
                continue;
            xv_sb_printf(&names, "%s%s", found++ ? ", " : "", pkg->name ? pkg->name : pkg->path);
        }
        xv_emit_pkg(ctx, self, seen[s], NULL, seen[s], NULL, XV_PASS, NULL, "%s: %s", seen[s],
                    found ? xv_sb_str(&names) : "(files inside packages)");
        xv_sb_free(&names);
    }
}

const xv_check xv_check_platforms = {
    "platforms",
    "Every required platform has a package",
    "Each platform of the matrix (platforms.<id>) has at least one package in the release; "
    "without a matrix, lists the platforms found.",
    "Publish the missing platform's package, or drop the platform from the matrix.",
    run_platforms,
};
