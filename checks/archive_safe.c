/* archive.safe: the walker's findings on unsafe entries (.., absolute paths,
 * links leaving the package, devices, FIFOs, setuid/setgid, duplicates),
 * the release-wide limits and whatever they left unread (an error naming
 * the limit, marked XV_FACT_NOT_INSPECTED), empty archives and corrupt
 * archives; a pass per archive or folder package with none. Lookups go through sorted indexes (no findings x
 * packages scan). */
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"

static int cmp_pkg(const void *a, const void *b)
{
    const xv_package *x = *(const xv_package *const *)a, *y = *(const xv_package *const *)b;
    return strcmp(x->path, y->path);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const xv_package *lookup(const xv_package **idx, size_t n, const char *path)
{
    if (!idx || !path)
        return NULL;
    xv_package key;
    memset(&key, 0, sizeof key);
    key.path = path;
    const xv_package *kp = &key;
    const xv_package **hit = bsearch(&kp, idx, n, sizeof *idx, cmp_pkg);
    return hit ? *hit : NULL;
}

static size_t files_of(const xv_dist *d, const xv_package *p)
{
    size_t n = 0;
    for (size_t k = p->first; k < p->first + p->count; k++)
        n += xv_dist_artifact(d, k)->type != XV_ENTRY_DIR;
    return n;
}

/* Is the package (or the top-level input it is nested in) one whose findings
 * went over the cap? */
static int in_capped(const char **capped, size_t n, const char *path)
{
    if (bsearch(&path, capped, n, sizeof *capped, cmp_str))
        return 1;
    const char *bang = strstr(path, "!/");
    if (!bang)
        return 0;
    char top[4096];
    snprintf(top, sizeof top, "%.*s", (int)(bang - path), path);
    const char *tp = top;
    return bsearch(&tp, capped, n, sizeof *capped, cmp_str) != NULL;
}

static void run(xv_check_ctx *ctx, const xv_check *self)
{
    const xv_dist *d = xv_ctx_dist(ctx);
    size_t np = xv_dist_package_count(d), nf = xv_dist_finding_count(d);
    const xv_package **idx = np ? malloc(np * sizeof *idx) : NULL;
    /* every package path a finding names (as its package or its subject) */
    const char **flagged = nf ? malloc(2 * nf * sizeof *flagged) : NULL;
    size_t nflag = 0;
    /* top-level inputs whose findings went over the cap: their packages are
     * neither passed nor listed one by one (the count is the result) */
    const char **capped = nf ? malloc(nf * sizeof *capped) : NULL;
    size_t ncapped = 0;
    if (idx) {
        for (size_t i = 0; i < np; i++)
            idx[i] = xv_dist_package(d, i);
        qsort(idx, np, sizeof *idx, cmp_pkg);
    }
    for (size_t i = 0; i < nf; i++) {
        const xv_dist_finding *f = xv_dist_finding_at(d, i);
        if (f->check && strcmp(f->check, self->id) != 0)
            continue;
        xv_verdict v = (xv_verdict)f->severity;
        if (v < XV_WARN || v > XV_ERROR)
            v = XV_FAIL;
        const xv_package *p = lookup(idx, np, f->package);
        if (f->limit)
            v = XV_ERROR;
        xv_result *r = xv_emit_pkg(ctx, self, f->subject, f->package,
                                   p && p->platform.id[0] ? p->platform.id : NULL, NULL, v,
                                   f->hint ? f->hint : self->help, "%s", f->message);
        /* what was not read stays an error whatever the severities say
         * (core/run.c): only a waiver naming the subject excuses it */
        if (f->limit)
            xv_result_add_fact(ctx, r, XV_FACT_NOT_INSPECTED, f->limit);
        if (f->limit && strcmp(f->limit, "findings cap") == 0 && capped && f->subject)
            capped[ncapped++] = f->subject;
        if (flagged) {
            if (f->package)
                flagged[nflag++] = f->package;
            flagged[nflag++] = f->subject;
        }
    }
    if (flagged && nflag)
        qsort(flagged, nflag, sizeof *flagged, cmp_str);
    if (capped && ncapped)
        qsort(capped, ncapped, sizeof *capped, cmp_str);
    for (size_t i = 0; i < np; i++) {
        const xv_package *p = xv_dist_package(d, i);
        if (p->kind == XV_PKG_FILE)
            continue;
        if (nf && (!flagged || bsearch(&p->path, flagged, nflag, sizeof *flagged, cmp_str)))
            continue;   /* judged above (or no memory to tell: no pass claimed) */
        if (ncapped && in_capped(capped, ncapped, p->path))
            continue;
        if (p->kind == XV_PKG_ARCHIVE && files_of(d, p) == 0) {
            xv_emit_pkg(ctx, self, p->path, p->path, p->platform.id[0] ? p->platform.id : NULL,
                        NULL, XV_FAIL, "build the package again: it holds no file",
                        "empty archive: %zu entries, no file in it", p->count);
            continue;
        }
        xv_emit_pkg(ctx, self, p->path, p->path, p->platform.id[0] ? p->platform.id : NULL, NULL,
                    XV_PASS, NULL, "%zu entries, %llu bytes expanded, no unsafe entry", p->count,
                    (unsigned long long)p->expanded);
    }
    free(idx);
    free(flagged);
    free(capped);
}

const xv_check xv_check_archive_safe = {
    "archive.safe",
    "Archives are safe to unpack",
    "No entry with '..' or an absolute path, no symlink or hardlink leaving the package "
    "(symlink chains resolved the way an extractor follows them), no device node, FIFO or "
    "socket, no setuid/setgid bit, no duplicate name, no empty archive; archives readable to "
    "the end and the release within its limits (matrix \"limits\": total and member bytes, "
    "entries, depth, ratio), counted across the whole release and every nesting level. "
    "Whatever was not read is an error naming the limit; no severity lowers it.",
    "Repack the archive from a clean staging folder with relative paths (tar -C stage .), "
    "regular files, links inside the package and ordinary permissions.",
    run,
};
