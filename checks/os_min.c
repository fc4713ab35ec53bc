/* os.min: the minimum OS version a binary declares (Mach-O LC_BUILD_VERSION /
 * LC_VERSION_MIN minos, PE subsystem version) is no newer than the platform's
 * floor (matrix platforms.<id>.macos_min / windows_min, or a macosx_X_Y tag). */
#include <stdio.h>
#include <string.h>

#include "checks/util.h"

static void osver_str(xv_osver v, char *buf, size_t n)
{
    snprintf(buf, n, "%u.%u", v.major, v.minor);
    if (v.patch)
        snprintf(buf + strlen(buf), n - strlen(buf), ".%u", v.patch);
}

static void run(xv_check_ctx *ctx, const xv_check *self)
{
    const xv_dist *d = xv_ctx_dist(ctx);
    size_t n = xv_dist_artifact_count(d);
    for (size_t i = 0; i < n; i++) {
        const xv_artifact *a = xv_dist_artifact(d, i);
        if (!xv_cu_is_binary(a))
            continue;
        const xv_binary *b0 = xv_image_binary(a->image, 0);
        int macho = b0->format == XV_FMT_MACHO || b0->format == XV_FMT_MACHO_FAT;
        if (!macho && b0->format != XV_FMT_PE)
            continue;
        if (b0->kind == XV_KIND_OBJECT)
            continue;
        xv_platform p;
        const xv_mx_platform *mp = NULL;
        xv_ctx_platform_of(ctx, a, &p, &mp);
        char floorbuf[32] = "";
        const char *floor = NULL;
        const char *key = macho ? "macos_min" : "windows_min";
        if (macho) {
            if (mp && mp->macos_min)
                floor = mp->macos_min;
            else if (p.os == XV_OS_MACOS && p.floor.major) {
                osver_str(p.floor, floorbuf, sizeof floorbuf);
                floor = floorbuf;
            }
        } else if (mp && mp->windows_min) {
            floor = mp->windows_min;
        }
        char worst[32] = "", worst_arch[32] = "";
        xv_osver wv = { 0, 0, 0 };
        for (size_t s = 0; s < xv_image_count(a->image); s++) {
            const xv_binary *b = xv_image_binary(a->image, s);
            xv_osver v = b->min_os;
            if (!v.major && !v.minor)
                continue;
            if (v.major > wv.major || (v.major == wv.major && (v.minor > wv.minor ||
                                                               (v.minor == wv.minor && v.patch > wv.patch)))) {
                wv = v;
                snprintf(worst_arch, sizeof worst_arch, "%s", b->arch ? b->arch : "");
            }
        }
        if (!wv.major && !wv.minor) {
            xv_emit(ctx, self, NULL, a, XV_SKIP, NULL, "the binary declares no minimum %s version",
                    macho ? "macOS" : "Windows");
            continue;
        }
        osver_str(wv, worst, sizeof worst);
        xv_result *r;
        if (floor && xv_version_cmp(worst, floor) > 0) {
            char hint[512];
            snprintf(hint, sizeof hint,
                     macho ? "build with -mmacosx-version-min=%s (or MACOSX_DEPLOYMENT_TARGET=%s), "
                             "or raise matrix platforms.%s.macos_min"
                           : "link with --subsystem-version / -Wl,--minor-subsystem-version for %s (set "
                             "_WIN32_WINNT accordingly, %s), or raise matrix platforms.%s.windows_min",
                     floor, floor, p.id[0] ? p.id : "<id>");
            r = xv_emit(ctx, self, NULL, a, XV_FAIL, hint,
                        "requires %s %s%s%s%s but the floor is %s", macho ? "macOS" : "Windows",
                        worst, worst_arch[0] && xv_image_count(a->image) > 1 ? " (" : "",
                        xv_image_count(a->image) > 1 ? worst_arch : "",
                        worst_arch[0] && xv_image_count(a->image) > 1 ? " slice)" : "", floor);
        } else if (floor) {
            r = xv_emit(ctx, self, NULL, a, XV_PASS, NULL, "requires %s %s, within the floor %s",
                        macho ? "macOS" : "Windows", worst, floor);
        } else {
            r = xv_emit(ctx, self, NULL, a, XV_PASS, NULL, "requires %s %s (no floor declared)",
                        macho ? "macOS" : "Windows", worst);
        }
        xv_result_add_fact(ctx, r, "min_os", worst);
        if (floor)
            xv_result_add_fact(ctx, r, key, floor);
    }
}

const xv_check xv_check_os_min = {
    "os.min",
    "Minimum OS version within the floor",
    "The minimum macOS version (LC_BUILD_VERSION/LC_VERSION_MIN_MACOSX minos) or Windows "
    "subsystem version a binary declares is no newer than the platform's floor (matrix "
    "platforms.<id>.macos_min / windows_min, or a macosx_X_Y wheel tag).",
    "Set the deployment target when building (MACOSX_DEPLOYMENT_TARGET, --subsystem-version).",
    run,
};
