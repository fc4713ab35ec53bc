/* checksums: checksums.txt / SHA256SUMS / SHA512SUMS / *.sha256 / *.sha512
 * match the bytes; listed files exist; shipped archives are listed. */
#include <string.h>

#include "checks/check.h"
#include "dist/checksums.h"

typedef struct sum_ctx {
    xv_check_ctx *ctx;
    const xv_check *self;
    const xv_dist *d;
} sum_ctx;

static const char *platform_of(const xv_dist *d, const char *pkgpath)
{
    size_t n = xv_dist_package_count(d);
    for (size_t i = 0; pkgpath && i < n; i++) {
        const xv_package *p = xv_dist_package(d, i);
        if (strcmp(p->path, pkgpath) == 0)
            return p->platform.id[0] ? p->platform.id : NULL;
    }
    return NULL;
}

static void emit(void *ud, xv_verdict v, const char *subject, const char *package,
                 const char *hint, const char *message)
{
    sum_ctx *s = ud;
    xv_emit_pkg(s->ctx, s->self, subject, package, platform_of(s->d, package), NULL, v, hint,
                "%s", message);
}

static void run(xv_check_ctx *ctx, const xv_check *self)
{
    sum_ctx s = {ctx, self, xv_ctx_dist(ctx)};
    xv_checksums_judge(s.d, emit, &s);
}

const xv_check xv_check_checksums = {
    "checksums",
    "Checksum lists match the files",
    "Every line of checksums.txt, SHA256SUMS, SHA512SUMS and *.sha256 and *.sha512 sidecars "
    "names a shipped file whose SHA-256/SHA-512 matches; every archive is listed.",
    "Regenerate the lists from the final files (sha256sum * > SHA256SUMS) after the last "
    "change, and upload lists and files together.",
    run,
};
