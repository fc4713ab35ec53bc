/* archive.safe: the walker's findings on unsafe entries (.., absolute paths,
 * links leaving the package, devices, FIFOs, setuid/setgid, duplicates),
 * size/ratio caps and corrupt archives; a pass per archive or folder
 * package with none. */
#include <string.h>

#include "checks/check.h"

static const char *pkg_platform(const xv_dist *d, const char *pkgpath)
{
    if (!pkgpath)
        return NULL;
    size_t n = xv_dist_package_count(d);
    for (size_t i = 0; i < n; i++) {
        const xv_package *p = xv_dist_package(d, i);
        if (strcmp(p->path, pkgpath) == 0)
            return p->platform.id[0] ? p->platform.id : NULL;
    }
    return NULL;
}

static void run(xv_check_ctx *ctx, const xv_check *self)
{
    const xv_dist *d = xv_ctx_dist(ctx);
    size_t nf = xv_dist_finding_count(d);
    for (size_t i = 0; i < nf; i++) {
        const xv_dist_finding *f = xv_dist_finding_at(d, i);
        if (f->check && strcmp(f->check, self->id) != 0)
            continue;
        xv_verdict v = (xv_verdict)f->severity;
        if (v < XV_WARN || v > XV_ERROR)
            v = XV_FAIL;
        xv_emit_pkg(ctx, self, f->subject, f->package, pkg_platform(d, f->package), NULL, v,
                    f->hint ? f->hint : self->help, "%s", f->message);
    }
    size_t np = xv_dist_package_count(d);
    for (size_t i = 0; i < np; i++) {
        const xv_package *p = xv_dist_package(d, i);
        if (p->kind == XV_PKG_FILE)
            continue;
        int found = 0;
        for (size_t k = 0; k < nf && !found; k++) {
            const xv_dist_finding *f = xv_dist_finding_at(d, k);
            found = (f->package && strcmp(f->package, p->path) == 0) ||
                    strcmp(f->subject, p->path) == 0;
        }
        if (found)
            continue;
        xv_emit_pkg(ctx, self, p->path, p->path, p->platform.id[0] ? p->platform.id : NULL, NULL,
                    XV_PASS, NULL, "%zu entries, %llu bytes expanded, no unsafe entry", p->count,
                    (unsigned long long)p->expanded);
    }
}

const xv_check xv_check_archive_safe = {
    "archive.safe",
    "Archives are safe to unpack",
    "No entry with '..' or an absolute path, no symlink or hardlink leaving the package, "
    "no device node or FIFO, no setuid/setgid bit, no duplicate name; members and the "
    "whole archive within the size caps and the compression ratio cap; archives readable "
    "to the end.",
    "Repack the archive from a clean staging folder with relative paths (tar -C stage .), "
    "regular files, links inside the package and ordinary permissions.",
    run,
};
