/* The toolchain line of a package in the sign-off reports: "Go 1.19.8,
 * module example.com/x, CGO off". Shown for Go and Rust programs, whose
 * hardening is judged by their toolchain (checks/hardening.c), so the person
 * signing off sees why a fixed-address Go executable passed. */
#include <stdio.h>
#include <string.h>

#include "report/report_util.h"

#define TC_MAX_DISTINCT 3

const char *xv_rep_pkg_toolchain(const xv_rep *rep, const xv_package *p, char *buf, size_t size)
{
    char seen[TC_MAX_DISTINCT][160];
    size_t nseen = 0, used = 0;
    if (!buf || !size)
        return "";
    buf[0] = 0;
    if (!rep || !rep->dist || !p)
        return buf;
    for (size_t a = 0; a < p->count && nseen < TC_MAX_DISTINCT; a++) {
        const xv_artifact *art = xv_dist_artifact(rep->dist, p->first + a);
        const xv_binary *b = art && art->image ? xv_image_binary(art->image, 0) : NULL;
        if (!b || (b->toolchain.lang != XV_LANG_GO && b->toolchain.lang != XV_LANG_RUST))
            continue;
        char one[160];
        if (!*xv_toolchain_summary(b, one, sizeof one))
            continue;
        int dup = 0;
        for (size_t k = 0; k < nseen && !dup; k++)
            dup = strcmp(seen[k], one) == 0;
        if (dup)
            continue;
        memcpy(seen[nseen++], one, sizeof one);
        int w = snprintf(buf + used, size - used, "%s%s", used ? "; " : "", one);
        if (w < 0 || (size_t)w >= size - used)
            break;
        used += (size_t)w;
    }
    return buf;
}
