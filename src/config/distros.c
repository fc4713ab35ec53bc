/* The distro catalogue: matrices/distros/<family>.json read with cJSON into
 * arena-owned structs (config/distros.h). Every string and list is capped:
 * the files are data a user may edit. */
#include "config/distros.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "common/arena.h"

#define CAT_MAX_FILE (1u << 20)
#define CAT_MAX_FAMS 64
#define CAT_MAX_RELS 256
#define CAT_MAX_SONAMES 4096

typedef struct cpriv {
    xv_arena arena;
} cpriv;

static const char *const display_order[] = { "debian", "ubuntu", "rhel", "amazonlinux",
                                              "fedora", "sles", "alpine", NULL };

static int rank(const char *id)
{
    for (int i = 0; display_order[i]; i++)
        if (strcmp(display_order[i], id) == 0)
            return i;
    return 100;
}

static int cmp_fam(const void *pa, const void *pb)
{
    const xv_distro_family *a = pa, *b = pb;
    int ra = rank(a->id), rb = rank(b->id);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    return strcmp(a->id, b->id);
}

static const char *str_of(xv_arena *a, const cJSON *o, const char *key, int required,
                          const char *file, char *err, size_t errlen, int *bad)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (v && cJSON_IsString(v) && v->valuestring && strlen(v->valuestring) < 256)
        return xv_arena_strdup(a, v->valuestring);
    if ((v && !cJSON_IsNull(v)) || required) {
        snprintf(err, errlen, "%s: \"%s\": expected a string (matrices/distros/schema.json)",
                 file, key);
        *bad = 1;
    }
    return NULL;
}

static int add_names(xv_arena *a, const cJSON *arr, const char ***list, size_t *n)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, arr) {
        if (!cJSON_IsString(it) || !it->valuestring || strlen(it->valuestring) >= 256)
            return -1;
        const char *s = xv_arena_strdup(a, it->valuestring);
        const char **slot = xv_arena_push(a, list, n, sizeof *slot, CAT_MAX_SONAMES);
        if (!slot || !s)
            return -1;
        *slot = s;
    }
    return 0;
}

static int load_family(xv_arena *a, const char *path, const char *text, size_t len,
                       xv_distro_family *f, char *err, size_t errlen)
{
    cJSON *root = cJSON_ParseWithLength(text, len);
    int bad = 0;
    if (!root || !cJSON_IsObject(root)) {
        snprintf(err, errlen, "%s: not a JSON object (matrices/distros/schema.json)", path);
        cJSON_Delete(root);
        return -1;
    }
    f->id = str_of(a, root, "family", 1, path, err, errlen, &bad);
    f->name = bad ? NULL : str_of(a, root, "name", 1, path, err, errlen, &bad);
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(root, "kind");
    f->lts = !kind || (cJSON_IsString(kind) && strcmp(kind->valuestring, "lts") == 0);
    const cJSON *al = cJSON_GetObjectItemCaseSensitive(root, "aliases");
    if (cJSON_IsObject(al)) {
        const cJSON *it;
        const char **list = NULL;
        size_t n = 0;
        cJSON_ArrayForEach(it, al) {
            const char **slot = xv_arena_push(a, &list, &n, sizeof *slot, 64);
            if (!slot || !it->string)
                break;
            *slot = xv_arena_strdup(a, it->string);
        }
        f->aliases = list;
        f->naliases = n;
    }
    const cJSON *rels = cJSON_GetObjectItemCaseSensitive(root, "releases");
    if (!bad && !cJSON_IsArray(rels)) {
        snprintf(err, errlen, "%s: \"releases\": expected an array", path);
        bad = 1;
    }
    const cJSON *r;
    if (!bad) {
        cJSON_ArrayForEach(r, rels) {
            xv_distro_rel *d = xv_arena_push(a, &f->rels, &f->nrels, sizeof *d, CAT_MAX_RELS);
            if (!d || !cJSON_IsObject(r)) {
                snprintf(err, errlen, "%s: releases: expected at most %d objects", path,
                         CAT_MAX_RELS);
                bad = 1;
                break;
            }
            memset(d, 0, sizeof *d);
            d->family = f->id;
            d->family_name = f->name;
            d->version = str_of(a, r, "version", 1, path, err, errlen, &bad);
            d->codename = str_of(a, r, "codename", 0, path, err, errlen, &bad);
            const char *libc = str_of(a, r, "libc", 1, path, err, errlen, &bad);
            d->libc = libc && strcmp(libc, "musl") == 0 ? XV_LIBC_MUSL : XV_LIBC_GLIBC;
            d->libc_version = str_of(a, r, "libc_version", 1, path, err, errlen, &bad);
            d->glibcxx = str_of(a, r, "glibcxx", 0, path, err, errlen, &bad);
            d->cxxabi = str_of(a, r, "cxxabi", 0, path, err, errlen, &bad);
            d->eol = str_of(a, r, "eol", 1, path, err, errlen, &bad);
            const cJSON *so = cJSON_GetObjectItemCaseSensitive(r, "sonames");
            const char **list = NULL;
            size_t n = 0;
            if (!bad && (!cJSON_IsObject(so) ||
                         add_names(a, cJSON_GetObjectItemCaseSensitive(so, "minimal"), &list, &n) ||
                         add_names(a, cJSON_GetObjectItemCaseSensitive(so, "server"), &list, &n))) {
                snprintf(err, errlen, "%s: release %s: \"sonames\": expected "
                         "{\"minimal\": [names], \"server\": [names]}", path,
                         d->version ? d->version : "?");
                bad = 1;
            }
            d->sonames = list;
            d->nsonames = n;
            if (bad)
                break;
        }
    }
    cJSON_Delete(root);
    return bad ? -1 : 0;
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int xv_catalog_load(const char *data_dir, xv_catalog **out, char *err, size_t errlen)
{
    *out = NULL;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/distros", data_dir ? data_dir : ".");
    DIR *dh = opendir(dir);
    if (!dh) {
        snprintf(err, errlen, "%s: cannot open the distro catalogue (reinstall xverify or pass "
                 "--data-dir pointing at its matrices/ folder)", dir);
        return -1;
    }
    /* Sorted file names: the same catalogue order on every file system. */
    char *names[CAT_MAX_FAMS];
    size_t nn = 0;
    struct dirent *e;
    while ((e = readdir(dh)) && nn < CAT_MAX_FAMS) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, ".json") ||
            strcmp(e->d_name, "schema.json") == 0)
            continue;
        names[nn] = strdup(e->d_name);
        if (names[nn])
            nn++;
    }
    closedir(dh);
    qsort(names, nn, sizeof names[0], cmp_str);

    xv_catalog *c = calloc(1, sizeof *c);
    cpriv *pv = calloc(1, sizeof *pv);
    int rc = 0;
    if (!c || !pv) {
        snprintf(err, errlen, "%s: out of memory", dir);
        rc = -1;
    } else {
        xv_arena_init(&pv->arena);
        c->priv = pv;
    }
    for (size_t i = 0; i < nn && rc == 0; i++) {
        char path[4352];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *fp = fopen(path, "rb");
        if (!fp) {
            snprintf(err, errlen, "%s: cannot read", path);
            rc = -1;
            break;
        }
        char *buf = malloc(CAT_MAX_FILE);
        size_t len = buf ? fread(buf, 1, CAT_MAX_FILE, fp) : 0;
        int more = buf && len == CAT_MAX_FILE;
        fclose(fp);
        if (!buf || more) {
            snprintf(err, errlen, "%s: %s", path, buf ? "larger than 1 MiB" : "out of memory");
            free(buf);
            rc = -1;
            break;
        }
        xv_distro_family *f = xv_arena_push(&pv->arena, &c->fams, &c->nfams, sizeof *f,
                                            CAT_MAX_FAMS);
        if (!f) {
            free(buf);
            rc = -1;
            break;
        }
        memset(f, 0, sizeof *f);
        rc = load_family(&pv->arena, path, buf, len, f, err, errlen);
        free(buf);
    }
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    if (rc != 0) {
        xv_catalog_free(c);
        return -1;
    }
    qsort(c->fams, c->nfams, sizeof *c->fams, cmp_fam);
    for (size_t i = 0; i < c->nfams; i++)
        for (size_t j = 0; j < c->fams[i].nrels; j++) {
            c->fams[i].rels[j].family = c->fams[i].id;
            c->fams[i].rels[j].family_name = c->fams[i].name;
        }
    *out = c;
    return 0;
}

int xv_catalog_parse(const char *text, size_t len, const char *name, xv_catalog **out,
                     char *err, size_t errlen)
{
    *out = NULL;
    if (len > CAT_MAX_FILE) {
        snprintf(err, errlen, "%s: larger than 1 MiB", name);
        return -1;
    }
    xv_catalog *c = calloc(1, sizeof *c);
    cpriv *pv = calloc(1, sizeof *pv);
    if (!c || !pv) {
        free(c);
        free(pv);
        snprintf(err, errlen, "%s: out of memory", name);
        return -1;
    }
    xv_arena_init(&pv->arena);
    c->priv = pv;
    xv_distro_family *f = xv_arena_push(&pv->arena, &c->fams, &c->nfams, sizeof *f, 1);
    if (!f || (memset(f, 0, sizeof *f), load_family(&pv->arena, name, text, len, f, err, errlen))) {
        if (!f)
            snprintf(err, errlen, "%s: out of memory", name);
        xv_catalog_free(c);
        return -1;
    }
    *out = c;
    return 0;
}

void xv_catalog_free(xv_catalog *c)
{
    if (!c)
        return;
    cpriv *pv = c->priv;
    if (pv) {
        xv_arena_free(&pv->arena);
        free(pv);
    }
    free(c);
}

const xv_distro_rel *xv_catalog_find(const xv_catalog *c, const char *spec)
{
    if (!c || !spec)
        return NULL;
    const char *colon = strchr(spec, ':');
    if (!colon || colon == spec || !colon[1])
        return NULL;
    size_t fl = (size_t)(colon - spec);
    const char *ver = colon + 1;
    for (size_t i = 0; i < c->nfams; i++) {
        const xv_distro_family *f = &c->fams[i];
        int hit = strlen(f->id) == fl && strncmp(f->id, spec, fl) == 0;
        for (size_t k = 0; !hit && k < f->naliases; k++)
            hit = strlen(f->aliases[k]) == fl && strncmp(f->aliases[k], spec, fl) == 0;
        if (!hit)
            continue;
        for (size_t j = 0; j < f->nrels; j++) {
            const xv_distro_rel *r = &f->rels[j];
            if (strcmp(r->version, ver) == 0 || (r->codename && strcmp(r->codename, ver) == 0))
                return r;
        }
    }
    return NULL;
}

int xv_distro_has(const xv_distro_rel *r, const char *soname)
{
    for (size_t i = 0; i < r->nsonames; i++)
        if (strcmp(r->sonames[i], soname) == 0)
            return 1;
    return 0;
}

int xv_catalog_knows(const xv_catalog *c, const char *soname)
{
    for (size_t i = 0; c && i < c->nfams; i++)
        for (size_t j = 0; j < c->fams[i].nrels; j++)
            if (xv_distro_has(&c->fams[i].rels[j], soname))
                return 1;
    return 0;
}

static int ver_ok(const char *have, const char *need)
{
    if (!need)
        return 1;
    return have && xv_version_cmp(need, have) <= 0;
}

/* The first need of n that r misses, for the message; "" when r satisfies n. */
static void missing(const xv_distro_rel *r, const xv_needs *n, char *out, size_t len)
{
    out[0] = 0;
    if (r->libc != n->libc)
        snprintf(out, len, "%s", n->libc == XV_LIBC_MUSL ? "musl" : "glibc");
    else if (!ver_ok(r->libc_version, n->glibc))
        snprintf(out, len, "%s %s", n->libc == XV_LIBC_MUSL ? "musl" : "glibc", n->glibc);
    else if (!ver_ok(r->glibcxx, n->glibcxx))
        snprintf(out, len, "GLIBCXX_%s", n->glibcxx);
    else if (!ver_ok(r->cxxabi, n->cxxabi))
        snprintf(out, len, "CXXABI_%s", n->cxxabi);
    else
        for (size_t i = 0; i < n->nlibs; i++)
            if (!xv_distro_has(r, n->libs[i])) {
                snprintf(out, len, "%s", n->libs[i]);
                break;
            }
}

int xv_distro_ok(const xv_distro_rel *r, const xv_needs *n)
{
    char m[128];
    missing(r, n, m, sizeof m);
    return m[0] == 0;
}

void xv_runs_on(const xv_catalog *c, const xv_needs *n, xv_strbuf *out)
{
    size_t start = out->len;
    if (n->libc == XV_LIBC_MUSL)
        xv_sb_printf(out, "musl%s%s", n->glibc ? " >= " : "", n->glibc ? n->glibc : "");
    else
        xv_sb_printf(out, "glibc >= %s", n->glibc ? n->glibc : "any");
    if (n->glibcxx)
        xv_sb_printf(out, ", GLIBCXX_%s", n->glibcxx);
    if (n->cxxabi)
        xv_sb_printf(out, ", CXXABI_%s", n->cxxabi);
    for (size_t i = 0; i < n->nlibs && i < 8; i++)
        xv_sb_printf(out, ", %s", n->libs[i]);
    xv_sb_puts(out, ": ");
    xv_strbuf nots;
    xv_sb_init(&nots);
    size_t nyes = 0;
    for (size_t i = 0; c && i < c->nfams; i++) {
        const xv_distro_family *f = &c->fams[i];
        size_t first = f->nrels, nok = 0;
        for (size_t j = 0; j < f->nrels; j++)
            if (xv_distro_ok(&f->rels[j], n)) {
                if (first == f->nrels)
                    first = j;
                nok++;
            }
        if (!nok) {
            char why[128] = "";
            if (f->nrels)
                missing(&f->rels[f->nrels - 1], n, why, sizeof why);
            xv_sb_printf(&nots, "%s%s%s%s%s", nots.len ? ", " : "", f->name, why[0] ? " (" : "",
                         why, why[0] ? ")" : "");
            continue;
        }
        xv_sb_printf(out, "%s%s ", nyes++ ? ", " : "", f->name);
        if (nok == f->nrels - first) {
            xv_sb_printf(out, "%s+", f->rels[first].version);
        } else {
            size_t k = 0;
            for (size_t j = first; j < f->nrels; j++)
                if (xv_distro_ok(&f->rels[j], n))
                    xv_sb_printf(out, "%s%s", k++ ? "/" : "", f->rels[j].version);
        }
    }
    if (!nyes)
        xv_sb_puts(out, "no catalogued distribution");
    if (nots.len)
        xv_sb_printf(out, "; not %s", xv_sb_str(&nots));
    xv_sb_free(&nots);
    (void)start;
}

size_t xv_runs_on_supported(const xv_catalog *c, const xv_needs *n, const char *today)
{
    size_t k = 0;
    for (size_t i = 0; c && i < c->nfams; i++) {
        const xv_distro_family *f = &c->fams[i];
        if (strcmp(f->id, "debian") != 0 && strcmp(f->id, "ubuntu") != 0 &&
            strcmp(f->id, "rhel") != 0)
            continue;
        for (size_t j = 0; j < f->nrels; j++) {
            const xv_distro_rel *r = &f->rels[j];
            /* Ubuntu interims are not long-term releases: they do not count. */
            if (strcmp(f->id, "ubuntu") == 0 &&
                (atoi(r->version) % 2 != 0 || !strstr(r->version, ".04")))
                continue;
            if (today && r->eol && strcmp(r->eol, today) < 0)
                continue;
            if (xv_distro_ok(r, n))
                k++;
        }
    }
    return k;
}
