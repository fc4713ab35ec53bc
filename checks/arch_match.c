/* arch.match: format, arch, OS and libc of each binary agree with the platform
 * its package name (or the matrix) promises. */
#include <string.h>
#include "checks/util.h"
#include "core/ctx.h"

static int os_format_ok(xv_os os, const xv_binary *b)
{
    switch (os) {
    case XV_OS_LINUX:
    case XV_OS_ANDROID:
    case XV_OS_FREEBSD:
    case XV_OS_NETBSD:
    case XV_OS_OPENBSD:
    case XV_OS_SOLARIS:
        return b->format == XV_FMT_ELF && (b->os == os || b->os == XV_OS_UNKNOWN ||
                                           (os == XV_OS_LINUX && b->os == XV_OS_ANDROID));
    case XV_OS_MACOS:
        return (b->format == XV_FMT_MACHO || b->format == XV_FMT_MACHO_FAT) &&
               (b->os == XV_OS_MACOS || b->os == XV_OS_UNKNOWN);
    case XV_OS_IOS:
        return b->format == XV_FMT_MACHO || b->format == XV_FMT_MACHO_FAT;
    case XV_OS_WINDOWS:
        return b->format == XV_FMT_PE;
    default:
        return 1;
    }
}

static const char *fmt_of_os(xv_os os)
{
    switch (os) {
    case XV_OS_MACOS:
    case XV_OS_IOS:
        return "Mach-O";
    case XV_OS_WINDOWS:
        return "PE";
    default:
        return "ELF";
    }
}

static int has_slice(const xv_image *img, const char *arch)
{
    for (size_t i = 0; i < xv_image_count(img); i++) {
        const xv_binary *b = xv_image_binary(img, i);
        if (b->arch && strcmp(b->arch, arch) == 0)
            return 1;
    }
    return 0;
}

static void run(xv_check_ctx *ctx, const xv_check *self)
{
    const xv_dist *d = xv_ctx_dist(ctx);
    size_t n = xv_dist_artifact_count(d);
    for (size_t i = 0; i < n; i++) {
        const xv_artifact *a = xv_dist_artifact(d, i);
        if (!xv_cu_is_binary(a))
            continue;
        xv_platform p;
        const xv_mx_platform *mp = NULL;
        const xv_image *img = a->image;
        const xv_binary *b0 = xv_image_binary(img, 0);
        if (!xv_ctx_platform_of(ctx, a, &p, &mp)) {
            xv_emit(ctx, self, NULL, a, XV_SKIP, NULL,
                    "no platform known for this file: its package, folders and name carry no "
                    "platform token (GOOS_GOARCH, target triple, wheel tag) and no matrix platform "
                    "claims its package (found %s %s)",
                    xv_format_name(xv_image_format(img)), b0->arch ? b0->arch : "?");
            continue;
        }
        /* A static library is judged by the arch of its first object member
         * (its format is "ar", whatever the objects are). */
        int is_ar = xv_image_format(img) == XV_FMT_AR;
        if (is_ar && (!b0->arch || !strcmp(b0->arch, "unknown"))) {
            xv_emit(ctx, self, NULL, a, XV_SKIP, NULL,
                    "a static library with no ELF, Mach-O or PE object member that could be "
                    "read: its architecture is not known");
            continue;
        }
        char found[256] = "";
        size_t fl = 0;
        for (size_t k = 0; k < xv_image_count(img) && fl + 1 < sizeof found; k++) {
            const xv_binary *b = xv_image_binary(img, k);
            int w = snprintf(found + fl, sizeof found - fl, "%s%s", k ? "+" : "",
                             b->arch ? b->arch : "?");
            if (w < 0)
                break;
            fl += (size_t)w;
            if (fl >= sizeof found)
                fl = sizeof found - 1;
        }
        const char *fmtname = xv_format_name(xv_image_format(img));
        char problem[512] = "";
        if (!is_ar && !os_format_ok(p.os, b0)) {
            snprintf(problem, sizeof problem, "is a %s %s binary (%s) but %s promises %s %s",
                     fmtname, xv_os_name(b0->os), found, p.id[0] ? p.id : "its platform",
                     xv_os_name(p.os), fmt_of_os(p.os));
        } else if (p.arch && strcmp(p.arch, "universal") == 0) {
            const char *const defslices[] = { "x86_64", "aarch64" };
            const char *const *sl = defslices;
            size_t ns = 2;
            if (mp && mp->nslices) {
                sl = mp->slices;
                ns = mp->nslices;
            }
            for (size_t k = 0; k < ns && !problem[0]; k++)
                if (!has_slice(img, sl[k]))
                    snprintf(problem, sizeof problem,
                             "universal binary lacks the %s slice (has %s)", sl[k], found);
        } else if (p.arch && !has_slice(img, p.arch)) {
            snprintf(problem, sizeof problem, "is %s but %s promises %s", found,
                     p.id[0] ? p.id : "its platform", p.arch);
        } else if (p.os == XV_OS_LINUX) {
            for (size_t k = 0; k < xv_image_count(img) && !problem[0]; k++) {
                const xv_binary *b = xv_image_binary(img, k);
                if ((p.libc == XV_LIBC_GLIBC && b->libc == XV_LIBC_MUSL) ||
                    (p.libc == XV_LIBC_MUSL && b->libc == XV_LIBC_GLIBC))
                    snprintf(problem, sizeof problem, "is linked against %s but %s promises %s",
                             xv_libc_name(b->libc), p.id[0] ? p.id : "its platform",
                             xv_libc_name(p.libc));
            }
            /* A promised distro's C library (matrix "distros"): a glibc
             * program does not start on Alpine, nor a musl one on Debian. */
            const char *const *prom = NULL;
            size_t np = xv_matrix_distros(xv_ctx_matrix(ctx), mp, &prom);
            const xv_catalog *cat = np ? xv_ctx_catalog(ctx, NULL) : NULL;
            for (size_t k = 0; k < np && !problem[0]; k++) {
                const xv_distro_rel *r = xv_catalog_find(cat, prom[k]);
                for (size_t j = 0; r && j < xv_image_count(img) && !problem[0]; j++) {
                    const xv_binary *b = xv_image_binary(img, j);
                    if ((b->libc == XV_LIBC_GLIBC || b->libc == XV_LIBC_MUSL) && b->libc != r->libc)
                        snprintf(problem, sizeof problem,
                                 "is linked against %s but the promised %s (%s %s) has %s",
                                 xv_libc_name(b->libc), prom[k], r->family_name, r->version,
                                 xv_libc_name(r->libc));
                }
            }
        }
        xv_result *r;
        if (problem[0]) {
            r = xv_emit(ctx, self, NULL, a, XV_FAIL,
                        "put the file in the package of its own platform, or rebuild it for the "
                        "platform the package name promises (check the cross compiler / target "
                        "triple of this build job)",
                        "%s", problem);
        } else {
            r = xv_emit(ctx, self, NULL, a, XV_PASS, NULL, "%s %s matches %s", fmtname, found,
                        p.id[0] ? p.id : xv_os_name(p.os));
        }
        xv_result_add_fact(ctx, r, "arch", found);
        xv_result_add_fact(ctx, r, "platform", p.id);
    }
}

const xv_check xv_check_arch_match = {
    "arch.match",
    "Architecture matches the platform",
    "Format, CPU architecture, OS and libc (glibc/musl) of every binary agree with the "
    "platform promised by its package name or the matrix; a universal Mach-O holds every "
    "required slice.",
    "Put each binary in the package of its own platform, or fix the build job's target.",
    run,
};
