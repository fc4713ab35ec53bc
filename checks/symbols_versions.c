/* symbols.versions: the highest GLIBC_/GLIBCXX_/CXXABI_ symbol version an ELF
 * binary requires is within the platform's floor (matrix platforms.<id>.glibc
 * / glibcxx / cxxabi, or the floor of a manylinux_X_Y wheel tag). */
#include <stdio.h>
#include <string.h>

#include "checks/util.h"
#include "common/strbuf.h"

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

static void run(xv_check_ctx *ctx, const xv_check *self)
{
    const xv_dist *d = xv_ctx_dist(ctx);
    size_t n = xv_dist_artifact_count(d);
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
        if (b->libc == XV_LIBC_MUSL || p.libc == XV_LIBC_MUSL)
            continue;
        char wheel[32] = "";
        if (p.floor.major && p.libc != XV_LIBC_MUSL && p.os == XV_OS_LINUX)
            snprintf(wheel, sizeof wheel, "%u.%u", p.floor.major, p.floor.minor);
        vfloor fl[3] = {
            { "GLIBC_", "glibc", mp && mp->glibc ? mp->glibc : (wheel[0] ? wheel : NULL) },
            { "GLIBCXX_", "glibcxx", mp ? mp->glibcxx : NULL },
            { "CXXABI_", "cxxabi", mp ? mp->cxxabi : NULL },
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
            xv_strbuf who;
            xv_sb_init(&who);
            offenders(b, fl[k].prefix, fl[k].floor, &who);
            xv_sb_printf(&bad, "%srequires %s but the floor is %s%s (%s)", nbad ? "; " : "",
                         maxv[k], fl[k].prefix, fl[k].floor,
                         who.len ? xv_sb_str(&who) : "see verneed");
            xv_sb_free(&who);
            if (!nbad) {
                snprintf(hintbuf, sizeof hintbuf,
                         "build on (or against the sysroot of) a distribution whose %s is at most "
                         "%s (e.g. a manylinux container), or raise the floor "
                         "(matrix platforms.%s.%s) if you really drop older systems",
                         k == 0 ? "glibc" : "libstdc++", fl[k].floor, p.id[0] ? p.id : "<id>",
                         fl[k].key);
                hint = hintbuf;
            }
            nbad++;
        }
        xv_result *r;
        if (nbad) {
            r = xv_emit(ctx, self, NULL, a, XV_FAIL, hint, "%s", xv_sb_str(&bad));
        } else if (!have.len) {
            r = xv_emit(ctx, self, NULL, a, XV_PASS, NULL, "no versioned glibc/libstdc++ symbols required");
        } else if (!fl[0].floor && !fl[1].floor && !fl[2].floor) {
            r = xv_emit(ctx, self, NULL, a, XV_PASS, NULL,
                        "requires %s (no floor declared for %s)", xv_sb_str(&have),
                        p.id[0] ? p.id : "this platform");
        } else {
            r = xv_emit(ctx, self, NULL, a, XV_PASS, NULL, "requires %s, within the floor",
                        xv_sb_str(&have));
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
        xv_sb_free(&bad);
        xv_sb_free(&have);
    }
}

const xv_check xv_check_symbols_versions = {
    "symbols.versions",
    "Symbol versions within the platform floor",
    "The highest GLIBC_, GLIBCXX_ and CXXABI_ symbol versions an ELF binary requires are no "
    "newer than the floor of its platform (matrix platforms.<id>.glibc/glibcxx/cxxabi, or the "
    "manylinux_X_Y tag of a wheel).",
    "Build against an older glibc/libstdc++ (an older distribution or a manylinux container).",
    run,
};
