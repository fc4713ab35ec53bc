/* A dist that is not walked but rebuilt (a saved JSON result read back by
 * src/core/result_load.c), and the share of a walked dist that one CI shard
 * judges (xv_dist_keep). Both live here because they reach into the dist's
 * private arrays. */
#include <stdlib.h>
#include <string.h>

#include "dist/dist_internal.h"
#include "dist/restore.h"
#include "formats/image.h"

xv_dist *xv_dist_blank(void)
{
    xv_dist *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    xv_arena_init(&d->arena);
    xv_dist_opts_init(&d->opts);
    return d;
}

const char *xv_dist_dup(xv_dist *d, const char *s)
{
    return s ? xv_arena_strdup(&d->arena, s) : NULL;
}

xv_package *xv_dist_restore_package(xv_dist *d)
{
    if (d->npkgs >= XV_DIST_MAX_PACKAGES)
        return NULL;
    size_t cap = d->pkgcap;
    if (xv_dist_reserve((void **)&d->pkgs, &cap, d->npkgs + 1, sizeof *d->pkgs) != 0)
        return NULL;
    size_t scap = d->pkgcap;
    if (xv_dist_reserve((void **)&d->srcs, &scap, d->npkgs + 1, sizeof *d->srcs) != 0)
        return NULL;
    d->pkgcap = cap < scap ? cap : scap;
    xv_package *p = &d->pkgs[d->npkgs];
    memset(p, 0, sizeof *p);
    memset(&d->srcs[d->npkgs], 0, sizeof d->srcs[0]);
    d->srcs[d->npkgs].parent = (size_t)-1;   /* not extractable: no bytes behind it */
    d->npkgs++;
    return p;
}

xv_status xv_dist_reserve_artifacts(xv_dist *d, size_t n)
{
    if (d->arts || n > XV_DIST_MAX_ARTIFACTS)
        return XV_ENOMEM;
    d->arts = xv_arena_alloc(&d->arena, (n ? n : 1) * sizeof *d->arts);
    return d->arts ? XV_OK : XV_ENOMEM;
}

xv_artifact *xv_dist_restore_artifact(xv_dist *d, size_t cap)
{
    if (!d->arts || d->narts >= cap)
        return NULL;
    xv_artifact *a = &d->arts[d->narts++];
    memset(a, 0, sizeof *a);
    return a;
}

xv_status xv_dist_restore_sumfile(xv_dist *d, const char *path, const char *text, size_t len)
{
    if (d->nsums >= XV_DIST_MAX_SUMFILES || len > XV_DIST_MAX_SUMTEXT)
        return XV_ENOMEM;
    if (xv_dist_reserve((void **)&d->sums, &d->sumcap, d->nsums + 1, sizeof *d->sums) != 0)
        return XV_ENOMEM;
    xv_checksum_file *f = &d->sums[d->nsums];
    f->path = xv_arena_strdup(&d->arena, path);
    char *t = xv_arena_alloc(&d->arena, len + 1);
    if (!f->path || !t)
        return XV_ENOMEM;
    memcpy(t, text, len);
    t[len] = 0;
    f->text = t;
    f->len = len;
    d->nsums++;
    return XV_OK;
}

void xv_dist_restore_release(xv_dist *d, const xv_release_info *ri)
{
    d->release.project = xv_dist_dup(d, ri->project);
    d->release.version = xv_dist_dup(d, ri->version);
    d->release.tag = xv_dist_dup(d, ri->tag);
    d->release.commit = xv_dist_dup(d, ri->commit);
    d->release.source = xv_dist_dup(d, ri->source);
}

xv_image *xv_dist_restore_image(xv_dist *d)
{
    size_t cap = d->imgcap;
    if (xv_dist_reserve((void **)&d->imgs, &cap, d->nimgs + 1, sizeof *d->imgs) != 0)
        return NULL;
    d->imgcap = cap;
    xv_image *img = calloc(1, sizeof *img);
    if (!img)
        return NULL;
    xv_arena_init(&img->arena);
    img->src_fd = -1;   /* no file behind it */
    d->imgs[d->nimgs++] = img;
    return img;
}

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The share: packages keep their order; artifacts, findings and the nested
 * packages' parent links are renumbered. A nested package goes with its
 * top-level package (the caller's keep[] says so for both). */
xv_status xv_dist_keep(xv_dist *d, const unsigned char *keep)
{
    size_t n = d->npkgs;
    size_t *map = malloc((n ? n : 1) * sizeof *map);
    if (!map)
        return XV_ENOMEM;
    size_t np = 0, na = 0;
    for (size_t i = 0; i < n; i++) {
        if (!keep[i]) {
            map[i] = (size_t)-1;
            continue;
        }
        map[i] = np;
        xv_package p = d->pkgs[i];
        xv_pkg_src s = d->srcs[i];
        size_t first = na;
        for (size_t k = 0; k < p.count; k++) {
            xv_artifact a = d->arts[p.first + k];
            a.package = np;
            d->arts[na++] = a;
        }
        p.first = first;
        if (s.parent != (size_t)-1)
            s.parent = s.parent < i ? map[s.parent] : (size_t)-1;
        d->pkgs[np] = p;
        d->srcs[np] = s;
        np++;
    }
    /* findings of the packages left out go with them; release-level ones
     * (no package) stay */
    const char **paths = malloc((np ? np : 1) * sizeof *paths);
    if (!paths) {
        free(map);
        return XV_ENOMEM;
    }
    size_t nk = 0;
    for (size_t i = 0; i < np; i++)
        if (d->pkgs[i].path)
            paths[nk++] = d->pkgs[i].path;
    qsort(paths, nk, sizeof *paths, cmp_strp);
    size_t nf = 0;
    for (size_t f = 0; f < d->nfinds; f++) {
        const char *pk = d->finds[f].package;
        if (!pk || bsearch(&pk, paths, nk, sizeof *paths, cmp_strp))
            d->finds[nf++] = d->finds[f];
    }
    free(paths);
    d->nfinds = nf;
    d->npkgs = np;
    d->narts = na;
    free(map);
    return XV_OK;
}

size_t xv_dist_top(const xv_dist *d, size_t i)
{
    size_t hops = 0;
    while (i < d->npkgs && d->srcs[i].parent < i && hops++ < XV_DIST_MAX_PACKAGES)
        i = d->srcs[i].parent;
    return i;
}

int xv_package_is_top(const xv_dist *d, size_t i)
{
    return i < d->npkgs && d->srcs[i].fspath && d->srcs[i].parent == (size_t)-1;
}

void xv_dist_restore_top(xv_dist *d, size_t i, int top)
{
    if (i < d->npkgs)
        d->srcs[i].fspath = top ? d->pkgs[i].path : NULL;
}
