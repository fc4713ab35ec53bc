/* symbols.versions: the highest GLIBC_/GLIBCXX_/CXXABI_ symbol version an ELF
 * binary requires is within the platform's floor (matrix platforms.<id>.glibc
 * / glibcxx / cxxabi, the oldest of the promised distros, or the floor of a
 * manylinux_X_Y wheel tag). Every result states the "runs on" answer: the
 * oldest release of each catalogued distro family that satisfies the
 * binary's libc floor, C++ floor and system libraries. */
#include <stdio.h>
#include <string.h>

#include "checks/util.h"
#include "common/strbuf.h"
#include "core/ctx.h"

#define SV_MAX_LIBS 32

/* The DT_NEEDED names the catalogue knows as system libraries and the
 * package does not ship itself (a bundled libz.so.1 is not a promise). */
static size_t system_needs(const xv_dist *d, const xv_artifact *a, const xv_binary *b,
                           const xv_catalog *cat, const char **libs)
{
    size_t n = 0, na = xv_dist_artifact_count(d);
    for (size_t i = 0; i < b->ndeps && n < SV_MAX_LIBS; i++) {
        const char *name = b->deps[i].name;
        if (!name || !xv_catalog_knows(cat, name))
            continue;
        if (strcmp(name, "libc.so.6") == 0 || strncmp(name, "ld-linux", 8) == 0 ||
            strncmp(name, "libc.musl", 9) == 0 || strncmp(name, "ld-musl", 7) == 0)
            continue;
        int shipped = 0;
        for (size_t j = 0; j < na && !shipped; j++) {
            const xv_artifact *o = xv_dist_artifact(d, j);
            if (o->package == a->package && o->member &&
                strcmp(xv_cu_basename(o->member), name) == 0)
                shipped = 1;
        }
        if (!shipped)
            libs[n++] = name;
    }
    return n;
}

/* What every binary of one platform needs together: the platform's answer. */
typedef struct plat_acc {
    char id[64];
    xv_libc libc;
    char v[3][32];             /* highest glibc / glibcxx / cxxabi version (no prefix) */
    const char *libs[SV_MAX_LIBS];
    size_t nlibs;
} plat_acc;

#define SV_MAX_PLATS 64

static void acc_add(plat_acc *acc, size_t *nacc, const char *pid, const xv_needs *n)
{
    plat_acc *pa = NULL;
    for (size_t i = 0; i < *nacc && !pa; i++)
        if (strcmp(acc[i].id, pid) == 0)
            pa = &acc[i];
    if (!pa) {
        if (*nacc >= SV_MAX_PLATS)
            return;
        pa = &acc[(*nacc)++];
        memset(pa, 0, sizeof *pa);
        snprintf(pa->id, sizeof pa->id, "%s", pid);
        pa->libc = n->libc;
    }
    if (n->libc == XV_LIBC_MUSL)
        pa->libc = XV_LIBC_MUSL;
    const char *v[3] = { n->glibc, n->glibcxx, n->cxxabi };
    for (int k = 0; k < 3; k++)
        if (v[k] && (!pa->v[k][0] || xv_version_cmp(v[k], pa->v[k]) > 0))
            snprintf(pa->v[k], sizeof pa->v[k], "%s", v[k]);
    for (size_t i = 0; i < n->nlibs; i++) {
        size_t j = 0;
        while (j < pa->nlibs && strcmp(pa->libs[j], n->libs[i]) != 0)
            j++;
        if (j == pa->nlibs && pa->nlibs < SV_MAX_LIBS)
            pa->libs[pa->nlibs++] = n->libs[i];
    }
}

/* The lowest version of a field over the promised glibc releases. */
static const char *promise_floor(const xv_distro_rel *const *rels, size_t n, int field)
{
    const char *lo = NULL;
    for (size_t i = 0; i < n; i++) {
        if (rels[i]->libc != XV_LIBC_GLIBC)
            continue;
        const char *v = field == 0 ? rels[i]->libc_version : field == 1 ? rels[i]->glibcxx
                                                                         : rels[i]->cxxabi;
        if (v && (!lo || xv_version_cmp(v, lo) < 0))
            lo = v;
    }
    return lo;
}

typedef struct vfloor {
    const char *prefix;    /* "GLIBC_" */
    const char *key;       /* matrix key */
    const char *floor;     /* "2.31" or NULL */
} vfloor;

/* Symbols needing more than the floor, for the message. */
static void offenders(const xv_binary *b, const char *prefix, const char *floorver,
                      xv_strbuf *sb)
{
    size_t shown = 0, total = 0;
    size_t pl = strlen(prefix);
    for (size_t i = 0; i < b->nimports; i++) {
        const char *v = b->imports[i].version;
        if (!v || strncmp(v, prefix, pl) != 0 || xv_version_cmp(v + pl, floorver) <= 0)
            continue;
        total++;
        if (shown < 5) {
            xv_sb_printf(sb, "%s%s@%s", shown ? ", " : "", b->imports[i].name, v);
            shown++;
        }
    }
    if (total > shown)
        xv_sb_printf(sb, ", ... (%zu symbols)", total);
}

/* One result per promised list: a release past its end of life warns (its
 * users get no security fixes; the promise is probably stale). */
static void promise_eol(xv_check_ctx *ctx, const xv_check *self, const xv_catalog *cat,
                        const char *subject, const char *platform, const char *const *l,
                        size_t n, const char *today)
{
    if (!n)
        return;
    xv_strbuf old, ok;
    xv_sb_init(&old);
    xv_sb_init(&ok);
    for (size_t i = 0; i < n; i++) {
        const xv_distro_rel *r = xv_catalog_find(cat, l[i]);
        if (!r)
            continue;
        if (today && r->eol && strcmp(r->eol, today) < 0)
            xv_sb_printf(&old, "%s%s (%s %s, end of life %s)", old.len ? ", " : "", l[i],
                         r->family_name, r->version, r->eol);
        else
            xv_sb_printf(&ok, "%s%s until %s", ok.len ? ", " : "", l[i], r->eol);
    }
    if (old.len)
        xv_emit_pkg(ctx, self, subject, NULL, platform, NULL, XV_WARN,
                    "drop the release from the matrix's \"distros\" (or keep it knowingly: "
                    "matrix severity or a waiver for symbols.versions on this subject)",
                    "promised distro past its end of life: %s", xv_sb_str(&old));
    else
        xv_emit_pkg(ctx, self, subject, NULL, platform, NULL, XV_PASS, NULL,
                    "promised distros are supported: %s", xv_sb_str(&ok));
    xv_sb_free(&old);
    xv_sb_free(&ok);
}

static void run(xv_check_ctx *ctx, const xv_check *self)
{
    {
        const struct xv_matrix *mx = xv_ctx_matrix(ctx);
        const xv_catalog *c = mx ? xv_ctx_catalog(ctx, NULL) : NULL;
        if (mx && c) {
            promise_eol(ctx, self, c, "distros", NULL, mx->distros, mx->ndistros,
                        xv_ctx_today(ctx));
            for (size_t i = 0; i < mx->nplatforms; i++) {
                char subj[300];
                snprintf(subj, sizeof subj, "platforms.%s.distros", mx->platforms[i].id);
                promise_eol(ctx, self, c, subj, mx->platforms[i].id, mx->platforms[i].distros,
                            mx->platforms[i].ndistros, xv_ctx_today(ctx));
            }
        }
    }
    const xv_dist *d = xv_ctx_dist(ctx);
    const struct xv_matrix *m = xv_ctx_matrix(ctx);
    const char *today = xv_ctx_today(ctx);
    const xv_catalog *lcat = xv_ctx_catalog(ctx, NULL);
    size_t n = xv_dist_artifact_count(d);
    plat_acc acc[SV_MAX_PLATS];
    size_t nacc = 0;
    for (size_t i = 0; i < n; i++) {
        const xv_artifact *a = xv_dist_artifact(d, i);
        if (!xv_cu_is_binary(a))
            continue;
        const xv_binary *b = xv_image_binary(a->image, 0);
        if (b->format != XV_FMT_ELF || (!xv_cu_is_exe(b) && b->kind != XV_KIND_SHARED))
            continue;
        xv_platform p;
        const xv_mx_platform *mp = NULL;
        xv_ctx_platform_of(ctx, a, &p, &mp);
        /* The distro answer is for Linux (an ELF without an OS note counts:
         * most Linux binaries carry none); other ELF systems keep the floors. */
        int linux_bin = p.os == XV_OS_LINUX ||
                        (p.os == XV_OS_UNKNOWN && (b->os == XV_OS_LINUX || b->os == XV_OS_UNKNOWN));
        const xv_catalog *cat = linux_bin ? lcat : NULL;
        const char *libs[SV_MAX_LIBS];
        xv_needs need = { 0 };
        need.libc = b->libc == XV_LIBC_MUSL || p.libc == XV_LIBC_MUSL ? XV_LIBC_MUSL
                                                                       : XV_LIBC_GLIBC;
        need.libs = libs;
        need.nlibs = cat ? system_needs(d, a, b, cat, libs) : 0;
        xv_strbuf runs;
        xv_sb_init(&runs);
        need.glibc = b->max_glibc && need.libc == XV_LIBC_GLIBC &&
                     strncmp(b->max_glibc, "GLIBC_", 6) == 0 ? b->max_glibc + 6 : NULL;
        need.glibcxx = b->max_glibcxx && strncmp(b->max_glibcxx, "GLIBCXX_", 8) == 0
                           ? b->max_glibcxx + 8 : NULL;
        need.cxxabi = b->max_cxxabi && strncmp(b->max_cxxabi, "CXXABI_", 7) == 0
                          ? b->max_cxxabi + 7 : NULL;
        if (cat) {
            xv_runs_on(cat, &need, &runs);
            if (p.id[0])
                acc_add(acc, &nacc, p.id, &need);
        }
        if (need.libc == XV_LIBC_MUSL) {
            if (runs.len) {
                xv_result *r = xv_emit(ctx, self, NULL, a, XV_PASS, NULL,
                                       "musl-linked (no glibc symbol versions); runs on %s",
                                       xv_sb_str(&runs));
                xv_result_add_fact(ctx, r, "runs_on", xv_sb_str(&runs));
            }
            xv_sb_free(&runs);
            continue;
        }
        const char *const *prom = NULL;
        size_t nprom = xv_matrix_distros(m, mp, &prom);
        const xv_distro_rel *rels[64];
        size_t nrels = 0;
        for (size_t k = 0; k < nprom && nrels < 64; k++) {
            const xv_distro_rel *r = xv_catalog_find(cat, prom[k]);
            if (r)
                rels[nrels++] = r;
        }
        char wheel[32] = "";
        if (p.floor.major && p.libc != XV_LIBC_MUSL && p.os == XV_OS_LINUX)
            snprintf(wheel, sizeof wheel, "%u.%u", p.floor.major, p.floor.minor);
        vfloor fl[3] = {
            { "GLIBC_", "glibc", mp && mp->glibc ? mp->glibc : nrels ? promise_floor(rels, nrels, 0)
                                 : (wheel[0] ? wheel : NULL) },
            { "GLIBCXX_", "glibcxx", mp && mp->glibcxx ? mp->glibcxx : promise_floor(rels, nrels, 1) },
            { "CXXABI_", "cxxabi", mp && mp->cxxabi ? mp->cxxabi : promise_floor(rels, nrels, 2) },
        };
        const char *maxv[3] = { b->max_glibc, b->max_glibcxx, b->max_cxxabi };
        xv_strbuf bad, have;
        xv_sb_init(&bad);
        xv_sb_init(&have);
        size_t nbad = 0;
        const char *hint = NULL;
        char hintbuf[512];
        for (int k = 0; k < 3; k++) {
            if (!maxv[k])
                continue;
            xv_sb_printf(&have, "%s%s", have.len ? ", " : "", maxv[k]);
            if (!fl[k].floor)
                continue;
            const char *ver = maxv[k] + strlen(fl[k].prefix);
            if (strncmp(maxv[k], fl[k].prefix, strlen(fl[k].prefix)) != 0 ||
                xv_version_cmp(ver, fl[k].floor) <= 0)
                continue;
            int from_promise = nrels && !(mp && (k == 0 ? mp->glibc : k == 1 ? mp->glibcxx : mp->cxxabi));
            xv_strbuf who;
            xv_sb_init(&who);
            offenders(b, fl[k].prefix, fl[k].floor, &who);
            xv_sb_printf(&bad, "%srequires %s but the floor is %s%s%s (%s)", nbad ? "; " : "",
                         maxv[k], fl[k].prefix, fl[k].floor,
                         from_promise ? " (the oldest promised distro)" : "",
                         who.len ? xv_sb_str(&who) : "see verneed");
            xv_sb_free(&who);
            if (!nbad) {
                char raise[160];
                snprintf(raise, sizeof raise, "raise the floor (matrix platforms.%s.%s)",
                         p.id[0] ? p.id : "<id>", fl[k].key);
                snprintf(hintbuf, sizeof hintbuf,
                         "build on (or against the sysroot of) a distribution whose %s is at most "
                         "%s (e.g. a manylinux container), or %s if you really drop older systems",
                         k == 0 ? "glibc" : "libstdc++", fl[k].floor,
                         from_promise ? "drop the old distros from the matrix's \"distros\""
                                      : raise);
                hint = hintbuf;
            }
            nbad++;
        }
        const char *pid = p.id[0] ? p.id : "this platform";
        xv_result *r;
        int declared = fl[0].floor || fl[1].floor || fl[2].floor;
        size_t supported = cat && today ? xv_runs_on_supported(cat, &need, today) : 1;
        if (nbad) {
            r = xv_emit(ctx, self, NULL, a, XV_FAIL, hint, "%s%s%s", xv_sb_str(&bad),
                        runs.len ? "; runs on " : "", xv_sb_str(&runs));
        } else if (!have.len) {
            r = xv_emit(ctx, self, NULL, a, XV_PASS, NULL,
                        "no versioned glibc/libstdc++ symbols required%s%s",
                        runs.len ? "; runs on " : "", xv_sb_str(&runs));
        } else if (!declared && !supported) {
            /* A floor newer than every supported LTS release is almost always
             * the build machine's glibc (a rolling or brand-new distro), not a
             * decision. */
            r = xv_emit(ctx, self, NULL, a, XV_WARN,
                        "build on the oldest distribution you support (or in a manylinux "
                        "container); if the floor is meant, state it (matrix platforms.<id>.glibc "
                        "or \"distros\") to turn this warning off",
                        "requires %s: runs on no supported release of Debian, Ubuntu LTS or RHEL "
                        "(runs on %s)", xv_sb_str(&have), xv_sb_str(&runs));
        } else if (!declared) {
            r = xv_emit(ctx, self, NULL, a, XV_PASS, NULL,
                        "requires %s (no floor declared for %s)%s%s", xv_sb_str(&have), pid,
                        runs.len ? "; runs on " : "", xv_sb_str(&runs));
        } else {
            r = xv_emit(ctx, self, NULL, a, XV_PASS, NULL, "requires %s, within the floor%s%s",
                        xv_sb_str(&have), runs.len ? "; runs on " : "", xv_sb_str(&runs));
        }
        for (int k = 0; k < 3; k++) {
            if (maxv[k])
                xv_result_add_fact(ctx, r, fl[k].key, maxv[k]);
            if (fl[k].floor) {
                char key[32];
                snprintf(key, sizeof key, "%s.floor", fl[k].key);
                xv_result_add_fact(ctx, r, key, fl[k].floor);
            }
        }
        if (runs.len)
            xv_result_add_fact(ctx, r, "runs_on", xv_sb_str(&runs));
        xv_sb_free(&runs);
        xv_sb_free(&bad);
        xv_sb_free(&have);
    }
    /* Per platform: what all its binaries need together (the line a release
     * note can copy). */
    for (size_t i = 0; i < nacc; i++) {
        xv_needs pn = { acc[i].libc, acc[i].v[0][0] ? acc[i].v[0] : NULL,
                        acc[i].v[1][0] ? acc[i].v[1] : NULL, acc[i].v[2][0] ? acc[i].v[2] : NULL,
                        acc[i].libs, acc[i].nlibs };
        xv_strbuf runs;
        xv_sb_init(&runs);
        xv_runs_on(lcat, &pn, &runs);
        xv_result *r = xv_emit_pkg(ctx, self, acc[i].id, NULL, acc[i].id, NULL, XV_PASS, NULL,
                                   "%s (all its binaries) runs on %s", acc[i].id,
                                   xv_sb_str(&runs));
        xv_result_add_fact(ctx, r, "runs_on", xv_sb_str(&runs));
        xv_result_add_fact(ctx, r, "scope", "platform");
        xv_sb_free(&runs);
    }
}

const xv_check xv_check_symbols_versions = {
    "symbols.versions",
    "Symbol versions within the platform floor",
    "The highest GLIBC_, GLIBCXX_ and CXXABI_ symbol versions an ELF binary requires are no "
    "newer than the floor of its platform (matrix platforms.<id>.glibc/glibcxx/cxxabi, the oldest "
    "promised distro of \"distros\", or the manylinux_X_Y tag of a wheel). Each result states "
    "the distros the binary runs on; with no floor declared it warns when none is a supported "
    "release of Debian, Ubuntu LTS or RHEL.",
    "Build against an older glibc/libstdc++ (an older distribution or a manylinux container).",
    run,
};
