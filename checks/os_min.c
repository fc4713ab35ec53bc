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

/* The release names a minimum version stands for: "macOS 11 Big Sur+",
 * "Windows 7+" (PE subsystem versions 6.1 = 7, 6.2 = 8, 6.3 = 8.1, 10.0 = 10). */
static void runs_on(int macho, const char *arch, xv_osver v, char *out, size_t n)
{
    if (macho) {
        static const char *const tens[] = { "Cheetah", "Puma", "Jaguar", "Panther", "Tiger",
            "Leopard", "Snow Leopard", "Lion", "Mountain Lion", "Mavericks", "Yosemite",
            "El Capitan", "Sierra", "High Sierra", "Mojave", "Catalina" };
        static const char *const big[] = { "Big Sur", "Monterey", "Ventura", "Sonoma", "Sequoia" };
        if (v.major == 10 && v.minor < 16)
            snprintf(out, n, "%s 10.%u %s+", v.minor < 8 ? "Mac OS X" : v.minor < 12 ? "OS X" : "macOS",
                     v.minor, tens[v.minor]);
        else if (v.major >= 11 && v.major <= 15)
            snprintf(out, n, "macOS %u %s+", v.major, big[v.major - 11]);
        else if (v.major == 26)
            snprintf(out, n, "macOS 26 Tahoe+");
        else
            snprintf(out, n, "macOS %u.%u+", v.major, v.minor);
        return;
    }
    const char *w = NULL;
    if (v.major < 5) w = "Windows NT 4";
    else if (v.major == 5) w = v.minor == 0 ? "Windows 2000" : v.minor == 1 ? "Windows XP"
                                            : "Windows XP x64 / Server 2003";
    else if (v.major == 6) w = v.minor == 0 ? "Windows Vista" : v.minor == 1 ? "Windows 7"
                             : v.minor == 2 ? "Windows 8" : "Windows 8.1";
    else if (v.major == 10 && v.minor == 0) w = "Windows 10";
    /* Windows on Arm starts with Windows 10, whatever an arm64 PE declares. */
    if (arch && strcmp(arch, "aarch64") == 0 && v.major < 10) {
        snprintf(out, n, "Windows 10+ (arm64; subsystem %u.%u)", v.major, v.minor);
        return;
    }
    if (w)
        snprintf(out, n, "%s+ (subsystem %u.%u)", w, v.major, v.minor);
    else
        snprintf(out, n, "Windows with subsystem version %u.%u+", v.major, v.minor);
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
        char ro[96];
        runs_on(macho, b0->arch, wv, ro, sizeof ro);
        xv_result_add_fact(ctx, r, "runs_on", ro);
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
