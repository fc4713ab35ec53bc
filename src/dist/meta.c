/* Release metadata readers: npm package.json, wheel WHEEL/RECORD, goreleaser
 * artifacts.json + metadata.json, cargo-dist dist-manifest.json. What a
 * release states about its packages beats what their names suggest: the
 * names are a convention, the metadata is what the package manager acts on
 * (npm installs by os/cpu/libc, pip by the WHEEL tags). See meta.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dist/dist_internal.h"
#include "dist/meta.h"

/* ---- parsers: JSON -> typed structs ---- */

static const char *jstr(xv_arena *ar, const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsString(v) || !v->valuestring)
        return NULL;
    if (strlen(v->valuestring) > 4096)
        return NULL;   /* no name or version is this long */
    return xv_arena_strdup(ar, v->valuestring);
}

/* A JSON string or array of strings into words[] (npm allows both). */
static size_t jwords(xv_arena *ar, const cJSON *o, const char *key, const char **words)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    size_t n = 0;
    if (cJSON_IsString(v) && v->valuestring && strlen(v->valuestring) < 64) {
        words[n++] = xv_arena_strdup(ar, v->valuestring);
        return words[0] ? 1 : 0;
    }
    if (!cJSON_IsArray(v))
        return 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, v) {
        if (n >= XV_META_MAX_WORDS)
            break;
        if (!cJSON_IsString(e) || !e->valuestring || strlen(e->valuestring) >= 64)
            continue;
        const char *s = xv_arena_strdup(ar, e->valuestring);
        if (s)
            words[n++] = s;
    }
    return n;
}

static cJSON *parse_capped(const char *json, size_t len, size_t cap)
{
    if (!json || len == 0 || len > cap)
        return NULL;
    return cJSON_ParseWithLength(json, len);
}

static void add_dep_names(xv_arena *ar, const cJSON *o, const char *key, xv_npm_meta *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsObject(v))
        return;
    const cJSON *e;
    cJSON_ArrayForEach(e, v) {
        if (!e->string || !*e->string || strlen(e->string) > 214)   /* npm's name limit */
            continue;
        int dup = 0;
        for (size_t i = 0; i < out->ndeps && !dup; i++)
            dup = strcmp(out->deps[i], e->string) == 0;
        if (dup)
            continue;
        const char **slot = xv_arena_push(ar, &out->deps, &out->ndeps, sizeof *out->deps,
                                          XV_META_MAX_DEPS);
        if (!slot)
            return;
        *slot = xv_arena_strdup(ar, e->string);
        if (!*slot)
            out->ndeps--;
    }
}

int xv_meta_parse_npm(const char *json, size_t len, xv_arena *ar, xv_npm_meta *out)
{
    memset(out, 0, sizeof *out);
    cJSON *root = parse_capped(json, len, XV_META_MAX_JSON);
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return -1;
    }
    out->name = jstr(ar, root, "name");
    out->version = jstr(ar, root, "version");
    out->nos = jwords(ar, root, "os", out->os);
    out->ncpu = jwords(ar, root, "cpu", out->cpu);
    out->nlibc = jwords(ar, root, "libc", out->libc);
    add_dep_names(ar, root, "dependencies", out);
    add_dep_names(ar, root, "optionalDependencies", out);
    cJSON_Delete(root);
    return 0;
}

int xv_meta_npm_platform(const xv_npm_meta *m, xv_platform *p)
{
    memset(p, 0, sizeof *p);
    /* a package for several platforms (or none) states no single one; a
     * negated entry ("!win32") excludes rather than names */
    if (m->nos != 1 || m->ncpu != 1 || m->os[0][0] == '!' || m->cpu[0][0] == '!')
        return 0;
    char buf[160];
    const char *libc = m->nlibc == 1 && m->libc[0][0] != '!' ? m->libc[0] : NULL;
    snprintf(buf, sizeof buf, "%s-%s%s%s", m->os[0], m->cpu[0], libc ? "-" : "", libc ? libc : "");
    if (!xv_platform_from_name(buf, p) || !p->arch) {
        memset(p, 0, sizeof *p);
        return 0;
    }
    return 1;
}

int xv_meta_parse_wheel(const char *text, size_t len, xv_arena *ar, xv_wheel_meta *out)
{
    memset(out, 0, sizeof *out);
    if (!text || len > XV_META_MAX_WHEEL)
        return -1;
    size_t i = 0;
    int seen_version = 0;
    while (i < len) {
        size_t st = i;
        while (i < len && text[i] != '\n')
            i++;
        size_t end = i;
        if (i < len)
            i++;
        while (end > st && (text[end - 1] == '\r' || text[end - 1] == ' '))
            end--;
        const char *colon = memchr(text + st, ':', end - st);
        if (!colon)
            continue;
        size_t klen = (size_t)(colon - (text + st));
        const char *v = colon + 1;
        while (v < text + end && *v == ' ')
            v++;
        size_t vlen = (size_t)(text + end - v);
        if (memchr(v, '\0', vlen))
            continue;
        if (klen == 3 && strncasecmp(text + st, "Tag", 3) == 0 && vlen && vlen < 256 &&
            out->ntags < sizeof out->tags / sizeof out->tags[0]) {
            const char *t = xv_arena_strndup(ar, v, vlen);
            if (t)
                out->tags[out->ntags++] = t;
        } else if (klen == 15 && strncasecmp(text + st, "Root-Is-Purelib", 15) == 0 && vlen < 16) {
            out->root_is_purelib = xv_arena_strndup(ar, v, vlen);
        } else if (klen == 13 && strncasecmp(text + st, "Wheel-Version", 13) == 0) {
            seen_version = 1;
        }
    }
    return seen_version || out->ntags ? 0 : -1;
}

static int add_art(xv_arena *ar, xv_release_list *out, const char *name, const char *path,
                   const char *platform, const char *type)
{
    xv_list_art *a = xv_arena_push(ar, &out->arts, &out->narts, sizeof *out->arts,
                                   XV_META_MAX_ARTS);
    if (!a)
        return -1;
    a->name = name;
    a->path = path;
    a->platform = platform;
    a->type = type;
    return 0;
}

/* goreleaser's dist/artifacts.json: an array of {name, path, goos, goarch,
 * goarm, goamd64, type, extra}. */
int xv_meta_parse_goreleaser_artifacts(const char *json, size_t len, xv_arena *ar,
                                       xv_release_list *out)
{
    cJSON *root = parse_capped(json, len, XV_META_MAX_LIST);
    if (!cJSON_IsArray(root)) {
        cJSON_Delete(root);
        return -1;
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, root) {
        if (!cJSON_IsObject(e))
            continue;
        const char *name = jstr(ar, e, "name");
        const char *goos = jstr(ar, e, "goos");
        const char *goarch = jstr(ar, e, "goarch");
        if (!name || !goos || !goarch || strlen(goos) > 32 || strlen(goarch) > 32)
            continue;   /* checksums, source archives, metadata: no platform */
        const char *plat = xv_arena_printf(ar, "%s_%s", goos, goarch);
        /* GOARM / GOAMD64 / GOARM64 / GO386 say which CPU level the build needs */
        const char *var = NULL;
        static const char *const vkeys[] = {"goarm", "goamd64", "goarm64", "go386", "gomips"};
        for (size_t k = 0; k < sizeof vkeys / sizeof vkeys[0] && !var; k++)
            var = jstr(ar, e, vkeys[k]);
        if (var && strlen(var) > 16)
            var = NULL;
        if (!plat || add_art(ar, out, name, jstr(ar, e, "path"), plat, jstr(ar, e, "type")) != 0)
            break;
        const char *tok = var ? xv_arena_printf(ar, "%s_%s", plat, var) : NULL;
        out->arts[out->narts - 1].token = tok ? tok : plat;
    }
    cJSON_Delete(root);
    return 0;
}

/* goreleaser's dist/metadata.json: {project_name, tag, version, commit, ...}. */
int xv_meta_parse_goreleaser_metadata(const char *json, size_t len, xv_arena *ar,
                                      xv_release_list *out)
{
    cJSON *root = parse_capped(json, len, XV_META_MAX_JSON);
    if (!cJSON_IsObject(root) || !cJSON_GetObjectItemCaseSensitive(root, "project_name")) {
        cJSON_Delete(root);
        return -1;
    }
    out->project = jstr(ar, root, "project_name");
    out->version = jstr(ar, root, "version");
    out->tag = jstr(ar, root, "tag");
    out->commit = jstr(ar, root, "commit");
    cJSON_Delete(root);
    return 0;
}

/* cargo-dist's dist-manifest.json: {announcement_tag, releases: [{app_name,
 * app_version}], artifacts: {NAME: {name, kind, target_triples: [...]}}}. */
int xv_meta_parse_cargo_dist(const char *json, size_t len, xv_arena *ar, xv_release_list *out)
{
    cJSON *root = parse_capped(json, len, XV_META_MAX_LIST);
    const cJSON *arts = cJSON_GetObjectItemCaseSensitive(root, "artifacts");
    if (!cJSON_IsObject(root) || !cJSON_IsObject(arts)) {
        cJSON_Delete(root);
        return -1;
    }
    out->tag = jstr(ar, root, "announcement_tag");
    const cJSON *rels = cJSON_GetObjectItemCaseSensitive(root, "releases");
    /* one app: its name and version are the release's */
    if (cJSON_IsArray(rels) && cJSON_GetArraySize(rels) == 1) {
        const cJSON *r0 = cJSON_GetArrayItem(rels, 0);
        out->project = jstr(ar, r0, "app_name");
        out->version = jstr(ar, r0, "app_version");
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, arts) {
        if (!cJSON_IsObject(e) || !e->string)
            continue;
        const cJSON *tt = cJSON_GetObjectItemCaseSensitive(e, "target_triples");
        /* one triple: an artifact for several targets is not one platform */
        if (!cJSON_IsArray(tt) || cJSON_GetArraySize(tt) != 1)
            continue;
        const cJSON *t0 = cJSON_GetArrayItem(tt, 0);
        if (!cJSON_IsString(t0) || !t0->valuestring || strlen(t0->valuestring) > 64)
            continue;
        const char *name = jstr(ar, e, "name");
        if (!name && strlen(e->string) <= 4096)
            name = xv_arena_strdup(ar, e->string);
        if (!name || add_art(ar, out, name, NULL, xv_arena_strdup(ar, t0->valuestring),
                             jstr(ar, e, "kind")) != 0)
            break;
        out->arts[out->narts - 1].token = out->arts[out->narts - 1].platform;
    }
    cJSON_Delete(root);
    return 0;
}

/* ---- what the walker hands over ---- */

typedef enum meta_kind { META_NPM, META_WHEEL, META_RECORD } meta_kind;

typedef struct pkg_meta {
    size_t pkg;
    meta_kind kind;
    const char *member;
    xv_npm_meta npm;
    xv_wheel_meta wheel;
    const char *dist_info;     /* "pkg-1.0.dist-info" */
    const char *text;          /* RECORD text */
} pkg_meta;

typedef struct rel_file {
    const char *source;        /* "artifacts.json", "metadata.json", "dist-manifest.json" */
    xv_release_list list;
} rel_file;

struct xv_meta_state {
    pkg_meta *pm;
    size_t npm;
    rel_file *rf;
    size_t nrf;
};

static struct xv_meta_state *state(xv_dist *d)
{
    if (!d->meta)
        d->meta = xv_arena_alloc(&d->arena, sizeof *d->meta);
    return d->meta;
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* "x-1.0.dist-info/WHEEL" at the root of the wheel: the folder name. */
static int dist_info_file(const char *member, const char *file)
{
    const char *slash = strchr(member, '/');
    return slash && slash > member && strcmp(slash + 1, file) == 0 &&
           (size_t)(slash - member) > 10 && strncmp(slash - 10, ".dist-info", 10) == 0;
}

int xv_meta_is_member(const char *member)
{
    if (!member)
        return 0;
    return strcmp(member, "package/package.json") == 0 || dist_info_file(member, "WHEEL") ||
           dist_info_file(member, "RECORD");
}

int xv_meta_is_release_file(const char *base)
{
    return base && (strcmp(base, "artifacts.json") == 0 || strcmp(base, "metadata.json") == 0 ||
                     strcmp(base, "dist-manifest.json") == 0);
}

static int is_wheel(const xv_dist *d, size_t pkg)
{
    return ends_with(d->pkgs[pkg].name, ".whl") || ends_with(d->pkgs[pkg].name, ".WHL");
}

void xv_meta_member(xv_dist *d, size_t pkg, const char *member, const void *data, size_t len)
{
    struct xv_meta_state *s = state(d);
    if (!s || pkg >= d->npkgs || !member)
        return;
    pkg_meta m;
    memset(&m, 0, sizeof m);
    m.pkg = pkg;
    if (strcmp(member, "package/package.json") == 0) {
        m.kind = META_NPM;
        if (xv_meta_parse_npm(data, len, &d->arena, &m.npm) != 0)
            return;
    } else if (is_wheel(d, pkg) && dist_info_file(member, "WHEEL")) {
        m.kind = META_WHEEL;
        if (xv_meta_parse_wheel(data, len, &d->arena, &m.wheel) != 0)
            return;
        m.dist_info = xv_arena_strndup(&d->arena, member, (size_t)(strchr(member, '/') - member));
    } else if (is_wheel(d, pkg) && dist_info_file(member, "RECORD")) {
        if (len > XV_META_MAX_RECORD || memchr(data, '\0', len))
            return;
        m.kind = META_RECORD;
        m.text = xv_arena_strndup(&d->arena, data, len);
        if (!m.text)
            return;
    } else {
        return;
    }
    m.member = xv_arena_strdup(&d->arena, member);
    pkg_meta *slot = xv_arena_push(&d->arena, &s->pm, &s->npm, sizeof *s->pm, XV_DIST_MAX_PACKAGES);
    if (slot)
        *slot = m;
}

int xv_meta_release_file(xv_dist *d, const char *path, const void *data, size_t len)
{
    struct xv_meta_state *s = state(d);
    if (!s)
        return 0;
    const char *base = xv_dist_basename(path);
    rel_file f;
    memset(&f, 0, sizeof f);
    int rc = -1;
    if (strcmp(base, "artifacts.json") == 0) {
        f.source = "artifacts.json";
        rc = xv_meta_parse_goreleaser_artifacts(data, len, &d->arena, &f.list);
    } else if (strcmp(base, "metadata.json") == 0) {
        f.source = "metadata.json";
        rc = xv_meta_parse_goreleaser_metadata(data, len, &d->arena, &f.list);
    } else if (strcmp(base, "dist-manifest.json") == 0) {
        f.source = "dist-manifest.json";
        rc = xv_meta_parse_cargo_dist(data, len, &d->arena, &f.list);
    }
    if (rc != 0)
        return 0;
    rel_file *slot = xv_arena_push(&d->arena, &s->rf, &s->nrf, sizeof *s->rf, 64);
    if (slot)
        *slot = f;
    return 1;
}

/* ---- applying it ---- */

/* The platform of a wheel: the first tag whose platform part names one. */
static int wheel_platform(const xv_wheel_meta *w, xv_platform *p)
{
    for (size_t i = 0; i < w->ntags; i++) {
        /* python-abi-platform: the platform is after the second dash */
        const char *t = strchr(w->tags[i], '-');
        t = t ? strchr(t + 1, '-') : NULL;
        if (!t)
            continue;
        if (xv_platform_from_name(t + 1, p) && p->arch) {
            snprintf(p->token, sizeof p->token, "%s", t + 1);
            return 1;
        }
    }
    memset(p, 0, sizeof *p);
    return 0;
}

/* Does a listed artifact stand for package p? By file name, or for a
 * goreleaser binary by the folder holding it (dist/app_linux_amd64_v1/app). */
static int list_matches(const xv_list_art *a, const xv_package *p)
{
    if (strcmp(a->name, p->name) == 0)
        return 1;
    if (p->kind == XV_PKG_DIR && a->path) {
        const char *slash = strrchr(a->path, '/');
        if (slash) {
            const char *st = slash;
            while (st > a->path && st[-1] != '/')
                st--;
            size_t n = (size_t)(slash - st);
            if (n && strlen(p->name) == n && strncmp(p->name, st, n) == 0)
                return 1;
        }
    }
    return 0;
}

static void set_platform(xv_package *p, const xv_platform *pf, const char *source)
{
    p->platform = *pf;
    p->platform_source = source;
}

void xv_meta_apply(xv_dist *d)
{
    struct xv_meta_state *s = d->meta;
    xv_release_info *rel = &d->release;
    if (!s)
        goto names;

    /* release-level lists: goreleaser, cargo-dist */
    for (size_t f = 0; f < s->nrf; f++) {
        const rel_file *rf = &s->rf[f];
        const xv_release_list *L = &rf->list;
        if (L->project && !rel->project) {
            rel->project = L->project;
            rel->version = L->version;
            rel->tag = L->tag;
            rel->commit = L->commit;
            rel->source = rf->source;
        } else if (rel->project && rel->source && L->tag && !rel->tag) {
            rel->tag = L->tag;
        }
        for (size_t k = 0; k < L->narts; k++) {
            const xv_list_art *a = &L->arts[k];
            xv_platform pf;
            if (!a->platform || !xv_platform_parse(a->platform, &pf))
                continue;
            snprintf(pf.token, sizeof pf.token, "%s", a->token ? a->token : a->platform);
            /* a system package's control/header (read while walking) stays */
            for (size_t i = 0; i < d->npkgs; i++)
                if (list_matches(a, &d->pkgs[i]) &&
                    (!d->pkgs[i].platform_source ||
                     strcmp(d->pkgs[i].platform_source, rf->source) == 0))
                    set_platform(&d->pkgs[i], &pf, rf->source);
        }
    }

    /* in-package metadata: npm, wheels (these beat release-level lists) */
    for (size_t k = 0; k < s->npm; k++) {
        pkg_meta *m = &s->pm[k];
        xv_package *p = &d->pkgs[m->pkg];
        xv_platform pf;
        if (m->kind == META_NPM) {
            p->project = m->npm.name;
            p->version = m->npm.version;
            p->depends = m->npm.deps;
            p->ndepends = m->npm.ndeps;
            if (xv_meta_npm_platform(&m->npm, &pf))
                set_platform(p, &pf, "package.json");
        } else if (m->kind == META_WHEEL) {
            /* name-version.dist-info (wheel names escape '-' in both parts) */
            size_t stem = strlen(m->dist_info) - strlen(".dist-info");
            const char *dash = memchr(m->dist_info, '-', stem);
            if (dash && dash > m->dist_info) {
                size_t nl = (size_t)(dash - m->dist_info);
                p->project = xv_arena_strndup(&d->arena, m->dist_info, nl);
                p->version = xv_arena_strndup(&d->arena, dash + 1, stem - nl - 1);
            }
            if (wheel_platform(&m->wheel, &pf))
                set_platform(p, &pf, "WHEEL");
        }
    }


names:
    /* nested archives without a platform of their own follow their parent
     * (parents come first); the rest got theirs from their names */
    for (size_t i = 0; i < d->npkgs; i++) {
        size_t par = d->srcs[i].parent;
        xv_platform own;
        if (par < i && !d->pkgs[i].platform_source &&
            !xv_platform_from_name(d->pkgs[i].name, &own)) {
            d->pkgs[i].platform = d->pkgs[par].platform;
            d->pkgs[i].platform_source = d->pkgs[par].platform_source;
        }
        if (!d->pkgs[i].platform_source && d->pkgs[i].platform.os != XV_OS_UNKNOWN)
            d->pkgs[i].platform_source = "name";
    }

    /* no release-level file: the one project that npm or wheel packages
     * declare names the release (system packages are named by their lists) */
    if (!rel->project && s) {
        const pkg_meta *only = NULL;
        int many = 0;
        for (size_t k = 0; k < s->npm && !many; k++) {
            const pkg_meta *m = &s->pm[k];
            const char *proj = d->pkgs[m->pkg].project;
            if (m->kind == META_RECORD || !proj)
                continue;
            if (only && strcmp(d->pkgs[only->pkg].project, proj) != 0)
                many = 1;
            else if (!only)
                only = m;
        }
        if (only && !many) {
            rel->project = d->pkgs[only->pkg].project;
            rel->version = d->pkgs[only->pkg].version;
            rel->source = only->kind == META_WHEEL ? "WHEEL" : "package.json";
        }
    }
}

const char *xv_meta_record(const xv_dist *d, size_t pkg, const char **member)
{
    const struct xv_meta_state *s = d ? d->meta : NULL;
    if (!s)
        return NULL;
    for (size_t k = 0; k < s->npm; k++)
        if (s->pm[k].pkg == pkg && s->pm[k].kind == META_RECORD) {
            if (member)
                *member = s->pm[k].member;
            return s->pm[k].text;
        }
    return NULL;
}

void xv_meta_free(xv_dist *d)
{
    /* everything lives in the dist's arena */
    if (d)
        d->meta = NULL;
}

void xv_meta_counts(const xv_dist *d, size_t *npm, size_t *nrf)
{
    const struct xv_meta_state *s = d ? d->meta : NULL;
    *npm = s ? s->npm : 0;
    *nrf = s ? s->nrf : 0;
}

int xv_meta_splice(xv_dist *d, const xv_dist *sub, size_t pkgoff)
{
    const struct xv_meta_state *from = sub->meta;
    if (!from || (!from->npm && !from->nrf))
        return 0;
    struct xv_meta_state *s = state(d);
    if (!s)
        return -1;
    /* the strings stay in the sub-walk's arena, which d adopts */
    for (size_t k = 0; k < from->npm; k++) {
        pkg_meta *slot = xv_arena_push(&d->arena, &s->pm, &s->npm, sizeof *s->pm,
                                       XV_DIST_MAX_PACKAGES);
        if (!slot)
            return -1;
        *slot = from->pm[k];
        slot->pkg += pkgoff;
    }
    for (size_t k = 0; k < from->nrf; k++) {
        rel_file *slot = xv_arena_push(&d->arena, &s->rf, &s->nrf, sizeof *s->rf, 64);
        if (!slot)
            return -1;
        *slot = from->rf[k];
    }
    return 0;
}
