/* The share of a release one CI job judges (--shard K/N, --platform).
 *
 * The unit dealt to the shards is a platform, not a package: the checks
 * that look across the packages of one platform (the "runs on" line of
 * symbols.versions, deps.resolve of a library shipped in a sibling
 * package) must see all of them in the same job. Units are sorted by name
 * and dealt round-robin, so a share depends on the release's content only
 * (never on the order of a directory listing), every shard gets work when
 * there are at least N units, and shard sizes differ by one unit at most.
 * A hash of the name would keep a unit's shard when others are added, but
 * leaves shards empty or doubled for the handful of platforms a release
 * has; a release is verified as a whole, so balance wins. */
#include <stdlib.h>
#include <string.h>

#include "core/saved.h"
#include "config/matrix.h"
#include "core/ctx.h"
#include "dist/restore.h"

const char *const xv_deferred_checks[] = { "platforms", "size.consistency", "checksums", NULL };

int xv_result_deferred(const xv_result *r)
{
    for (size_t i = 0; r && i < r->nfacts; i++)
        if (r->facts[i].key && strcmp(r->facts[i].key, XV_FACT_JUDGED_AT) == 0)
            return 1;
    return 0;
}

/* Shard: everything but the checks deferred as a whole (checksums and the
 * rule checks run, minus their release-wide parts: see the checks).
 * Merge: only the checks with a release-wide part. */
int xv_stage_runs(int stage, const char *id)
{
    if (stage == XV_STAGE_FULL)
        return 1;
    int whole = strcmp(id, "platforms") == 0 || strcmp(id, "size.consistency") == 0;
    int part = strcmp(id, "checksums") == 0 || strcmp(id, "size.budget") == 0 ||
               strcmp(id, "symbols.exports") == 0;
    if (stage == XV_STAGE_SHARD)
        return !whole;
    return whole || part;
}

int xv_shard_parse(const char *s, int *k, int *n)
{
    if (!s)
        return -1;
    char *end;
    long a = strtol(s, &end, 10);
    if (end == s || *end != '/' || s[0] < '0' || s[0] > '9')
        return -1;
    const char *t = end + 1;
    if (*t < '0' || *t > '9')
        return -1;
    long b = strtol(t, &end, 10);
    if (*end || b < 1 || b > 1000 || a < 1 || a > b)
        return -1;
    *k = (int)a;
    *n = (int)b;
    return 0;
}

int xv_run_opts_partial(const xv_run_opts *o)
{
    return o && (o->shard_n > 0 || (o->platform_filter && *o->platform_filter));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void xv_shard_units_free(char **units, size_t n)
{
    for (size_t i = 0; units && i < n; i++)
        free(units[i]);
    free(units);
}

/* The unit of package i: its top-level package's platform. */
static const char *unit_of(const xv_dist *d, const struct xv_matrix *m, size_t i)
{
    const xv_package *p = xv_dist_package(d, xv_dist_top(d, i));
    if (p->platform.id[0])
        return p->platform.id;
    for (size_t k = 0; m && k < m->nplatforms; k++)
        if (m->platforms[k].package && xv_mx_platform_has_package(&m->platforms[k], p))
            return m->platforms[k].id;
    return p->name ? p->name : p->path;
}

static int listed(const char *list, const char *id)
{
    size_t n = strlen(id);
    for (const char *s = list; s && *s;) {
        const char *e = strchr(s, ',');
        size_t l = e ? (size_t)(e - s) : strlen(s);
        if (l == n && strncmp(s, id, n) == 0)
            return 1;
        s = e ? e + 1 : NULL;
    }
    return 0;
}

int xv_shard_select(xv_dist *d, const struct xv_matrix *m, const xv_run_opts *o,
                    char ***units_out, size_t *nunits_out, size_t **orig_out, char *err,
                    size_t errlen)
{
    size_t *orig = NULL;
    size_t np = xv_dist_package_count(d);
    const char **all = malloc((np ? np : 1) * sizeof *all);
    unsigned char *keep = calloc(np ? np : 1, 1);
    char **units = NULL;
    size_t nu = 0;
    int rc = -1;
    if (!all || !keep) {
        snprintf(err, errlen, "out of memory choosing the shard");
        goto out;
    }
    const char *filter = o->platform_filter && *o->platform_filter ? o->platform_filter : NULL;
    /* every listed platform must exist: a typo must not make an empty,
     * green shard */
    for (const char *s = filter; s && *s;) {
        const char *e = strchr(s, ',');
        size_t l = e ? (size_t)(e - s) : strlen(s);
        int found = 0;
        for (size_t i = 0; i < np && !found; i++) {
            const char *u = unit_of(d, m, i);
            found = strlen(u) == l && strncmp(u, s, l) == 0;
        }
        if (!found) {
            snprintf(err, errlen, "--platform: no package of the release is for platform \"%.*s\" "
                     "(xverify list shows the platforms found)", (int)(l > 200 ? 200 : l), s);
            goto out;
        }
        s = e ? e + 1 : NULL;
    }
    size_t na = 0;
    for (size_t i = 0; i < np; i++) {
        const char *u = unit_of(d, m, i);
        if (filter && !listed(filter, u))
            continue;
        all[na++] = u;
    }
    qsort(all, na, sizeof *all, cmp_str);
    units = calloc(na ? na : 1, sizeof *units);
    if (!units) {
        snprintf(err, errlen, "out of memory choosing the shard");
        goto out;
    }
    for (size_t i = 0; i < na; i++) {
        if (nu && strcmp(units[nu - 1], all[i]) == 0)
            continue;
        if (!(units[nu] = strdup(all[i]))) {
            snprintf(err, errlen, "out of memory choosing the shard");
            goto out;
        }
        nu++;
    }
    for (size_t i = 0; i < np; i++) {
        const char *u = unit_of(d, m, i);
        if (filter && !listed(filter, u))
            continue;
        if (o->shard_n > 0) {
            const char *const *hit = bsearch(&u, units, nu, sizeof *units, cmp_str);
            size_t idx = hit ? (size_t)(hit - (const char *const *)units) : 0;
            if ((int)(idx % (size_t)o->shard_n) + 1 != o->shard_k)
                continue;
        }
        keep[i] = 1;
    }
    size_t nk = 0;
    orig = malloc((np ? np : 1) * sizeof *orig);
    if (!orig) {
        snprintf(err, errlen, "out of memory choosing the shard");
        goto out;
    }
    for (size_t i = 0; i < np; i++)
        if (keep[i])
            orig[nk++] = i;
    if (xv_dist_keep(d, keep) != XV_OK) {
        snprintf(err, errlen, "out of memory choosing the shard");
        goto out;
    }
    *units_out = units;
    *nunits_out = nu;
    *orig_out = orig;
    orig = NULL;
    units = NULL;
    rc = 0;
out:
    xv_shard_units_free(units, nu);
    free(orig);
    free(all);
    free(keep);
    return rc;
}
