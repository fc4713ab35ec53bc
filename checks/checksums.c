/* checksums: checksums.txt / SHA256SUMS / SHA512SUMS / *.sha256 / *.sha512
 * match the bytes; listed files exist; shipped archives are listed. */
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "dist/checksums.h"
#include "dist/record.h"
#include "core/saved.h"

typedef struct sum_ctx {
    xv_check_ctx *ctx;
    const xv_check *self;
    const xv_dist *d;
    const xv_package **idx;   /* top-level packages sorted by path */
    size_t n;
} sum_ctx;

static int cmp_pkg(const void *a, const void *b)
{
    const xv_package *x = *(const xv_package *const *)a, *y = *(const xv_package *const *)b;
    return strcmp(x->path, y->path);
}

static const char *platform_of(const sum_ctx *s, const char *pkgpath)
{
    if (!pkgpath || !s->idx)
        return NULL;
    xv_package key;
    memset(&key, 0, sizeof key);
    key.path = pkgpath;
    const xv_package *kp = &key;
    const xv_package **hit = bsearch(&kp, s->idx, s->n, sizeof *s->idx, cmp_pkg);
    return hit && (*hit)->platform.id[0] ? (*hit)->platform.id : NULL;
}

static void emit(void *ud, xv_verdict v, const char *subject, const char *package,
                 const char *hint, const char *message)
{
    sum_ctx *s = ud;
    xv_emit_pkg(s->ctx, s->self, subject, package, platform_of(s, package), NULL, v, hint,
                "%s", message);
}

static void run(xv_check_ctx *ctx, const xv_check *self)
{
    sum_ctx s = {ctx, self, xv_ctx_dist(ctx), NULL, 0};
    s.n = xv_dist_package_count(s.d);
    s.idx = s.n ? malloc(s.n * sizeof *s.idx) : NULL;
    if (s.idx) {
        for (size_t i = 0; i < s.n; i++)
            s.idx[i] = xv_dist_package(s.d, i);
        qsort(s.idx, s.n, sizeof *s.idx, cmp_pkg);
    }
    /* The lists cover every package: a shard leaves them to the merge,
     * which has no archive bytes, only the RECORD verdicts of the shards. */
    int stage = xv_ctx_stage(ctx);
    if (xv_dist_checksum_file_count(s.d) > 0 && stage != XV_STAGE_SHARD)
        xv_checksums_judge(s.d, emit, &s);
    /* a wheel's RECORD is a checksum list of its own files */
    if (stage != XV_STAGE_MERGE)
        xv_record_judge(s.d, emit, &s);
    free(s.idx);
}

const xv_check xv_check_checksums = {
    "checksums",
    "Checksum lists match the files",
    "Every line of checksums.txt, SHA256SUMS, SHA512SUMS and *.sha256 and *.sha512 sidecars "
    "names a shipped file whose SHA-256/SHA-512 matches; every archive is listed. A wheel's "
    "*.dist-info/RECORD lists every file of the wheel with a hash that matches.",
    "Regenerate the lists from the final files (sha256sum * > SHA256SUMS) after the last "
    "change, and upload lists and files together.",
    run,
};
