/* Release to release comparison (include/xverify/diff.h): pairs the members
 * of two walked releases and lists what changed for their users. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <strings.h>

#include "core/diff_internal.h"
#include "config/matrix.h"

/* A release with a million changes is not reviewed by anyone: the cap keeps
 * memory bounded on hostile input; the last change says it was hit. */
#define XV_DIFF_MAX_CHANGES 200000u

struct xv_diff {
    xv_change *ch;
    size_t n, cap;
    size_t breaking, compared;
    size_t (*pairs)[2];
    size_t npairs;
    int capped;
    xv_diff_opts opts;
    char err[512];
};

static const char *const kind_names[XV_CH__COUNT] = {
    "file.added", "file.removed", "binary.format", "binary.arch", "binary.kind",
    "needs.added", "needs.removed", "exports.removed", "exports.added",
    "symver.removed", "install_name.changed", "compat_version.changed",
    "ordinal.changed", "floor.raised", "hardening.lost", "size.changed",
    "unreadable", "toolchain.changed",
};

const char *xv_change_kind_name(xv_change_kind k)
{
    return (unsigned)k < XV_CH__COUNT ? kind_names[k] : "?";
}

#define BIT(k) (1u << (k))
static const unsigned default_mask = BIT(XV_CH_FILE_REMOVED) | BIT(XV_CH_EXPORT_REMOVED) |
                                     BIT(XV_CH_FLOOR) | BIT(XV_CH_HARDENING) |
                                     BIT(XV_CH_UNREADABLE);

void xv_diff_opts_init(xv_diff_opts *o)
{
    memset(o, 0, sizeof *o);
    o->fail_mask = default_mask;
    o->size_fail_percent = 50;
    xv_dist_opts_init(&o->dist);
}

xv_status xv_diff_parse_fail_on(xv_diff_opts *o, const char *list, char *err, size_t errlen)
{
    unsigned mask = 0;
    const char *p = list ? list : "";
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char w[64];
        if (len == 0 || len >= sizeof w) {
            snprintf(err, errlen, "--fail-on: empty or too long entry in \"%s\"", list);
            return XV_EUSAGE;
        }
        memcpy(w, p, len);
        w[len] = 0;
        int hit = 0;
        if (strcmp(w, "none") == 0) {
            hit = 1;
        } else if (strcmp(w, "default") == 0) {
            mask |= default_mask;
            hit = 1;
        } else {
            for (unsigned k = 0; k < XV_CH__COUNT; k++) {
                const char *n = kind_names[k];
                size_t wl = strlen(w);
                if (strcmp(n, w) == 0 || (strncmp(n, w, wl) == 0 && n[wl] == '.')) {
                    mask |= BIT(k);
                    hit = 1;
                }
            }
        }
        if (!hit) {
            snprintf(err, errlen,
                     "--fail-on: unknown change kind \"%s\" (use default, none, or kinds such as "
                     "exports.removed, file.removed, floor.raised, hardening.lost, needs.added, "
                     "size.changed; see docs/diff.md)", w);
            return XV_EUSAGE;
        }
        p = e ? e + 1 : p + len;
    }
    o->fail_mask = mask;
    return XV_OK;
}

/* ---- version numbers in names ---- */

void xv_diff_strip_versions(const char *s, const char *repl, char *out, size_t n)
{
    size_t o = 0, rl = strlen(repl);
    if (!n)
        return;
    for (size_t i = 0; s[i];) {
        size_t j = i;
        if ((s[j] == 'v' || s[j] == 'V') && isdigit((unsigned char)s[j + 1]) &&
            (j == 0 || !isalpha((unsigned char)s[j - 1])))
            j++;
        if (isdigit((unsigned char)s[j]) && (i == 0 || !isdigit((unsigned char)s[i - 1]))) {
            size_t k = j, dots = 0;
            while (isdigit((unsigned char)s[k]))
                k++;
            while (s[k] == '.' && isdigit((unsigned char)s[k + 1])) {
                dots++;
                k++;
                while (isdigit((unsigned char)s[k]))
                    k++;
            }
            if (dots) {
                /* "1.0.0-rc1", "2.1.3+git5": the pre-release tail belongs to the version */
                if ((s[k] == '-' || s[k] == '+' || s[k] == '~') && (isalnum((unsigned char)s[k + 1]))) {
                    size_t t = k + 1;
                    while (isalnum((unsigned char)s[t]) || s[t] == '.')
                        t++;
                    /* only a short tag (rc1, beta.2, git5), not "-linux-x64" */
                    int has_digit = 0;
                    for (size_t q = k + 1; q < t; q++)
                        has_digit |= isdigit((unsigned char)s[q]) != 0;
                    if (has_digit && t - k <= 12)
                        k = t;
                }
                for (size_t r = 0; r < rl && o + 1 < n; r++)
                    out[o++] = repl[r];
                i = k;
                continue;
            }
        }
        if (o + 1 < n)
            out[o++] = s[i];
        i++;
    }
    out[o] = 0;
}

/* The rest of a logical path after its top-level package ("a.zip!/b.tgz"
 * -> "a.zip"), and that package's base name. */
static const char *rest_after_top(const char *pkg_path, const char *art_path, const char *member,
                                  const char **topname, size_t *toplen)
{
    const char *pp = pkg_path ? pkg_path : "";
    const char *bang = strstr(pp, "!/");
    size_t tl = bang ? (size_t)(bang - pp) : strlen(pp);
    const char *rest = art_path ? art_path : "";
    if (art_path && strncmp(art_path, pp, tl) == 0) {
        rest = art_path + tl;
        while (*rest == '!' || *rest == '/')
            rest++;
    } else if (member) {
        rest = member;
    }
    const char *base = pp;
    for (size_t i = 0; i < tl; i++)
        if (pp[i] == '/')
            base = pp + i + 1;
    *topname = base;
    *toplen = tl - (size_t)(base - pp);
    return rest;
}

void xv_diff_key_parts(const char *platform_id, const char *pkg_path, const char *art_path,
                       const char *member, xv_diff_side *s)
{
    const char *top;
    size_t tl;
    s->shown = rest_after_top(pkg_path, art_path, member, &top, &tl);
    if (platform_id && platform_id[0]) {
        snprintf(s->group, sizeof s->group, "%s", platform_id);
    } else {
        char tmp[512];
        snprintf(tmp, sizeof tmp, "%.*s", (int)(tl < 500 ? tl : 500), top);
        xv_diff_strip_versions(tmp, "*", s->group, sizeof s->group);
    }
    char raw[4096];
    snprintf(raw, sizeof raw, "%s|%.*s!/%s", s->group, (int)(tl < 1000 ? tl : 1000), top, s->shown);
    xv_diff_strip_versions(raw, "#", s->key, sizeof s->key);
}

void xv_diff_member_key(const xv_dist *d, const xv_artifact *a, char *out, size_t n)
{
    xv_diff_side *s = calloc(1, sizeof *s);
    if (!s) {
        if (n)
            out[0] = 0;
        return;
    }
    const xv_package *pkg = xv_dist_package(d, a->package);
    xv_diff_key_parts(a->platform.id, pkg ? pkg->path : NULL, a->path, a->member, s);
    snprintf(out, n, "%s", s->key);
    free(s);
}

/* ---- the change list ---- */

static char *dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dupf(const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (s)
        vsnprintf(s, (size_t)len + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

static char *dups(const char *s)
{
    return s ? strdup(s) : NULL;
}

typedef xv_diff_side side;

static size_t s_count(const side *s)
{
    return s->img ? xv_image_count(s->img) : s->njb;
}

static const xv_binary *s_bin(const side *s, size_t i)
{
    return s->img ? xv_image_binary(s->img, i) : (i < s->njb ? &s->jb[i] : NULL);
}

static int claims_binary(const side *s)
{
    return s && s->fmt != XV_FMT_NONE;
}

static int readable_binary(const side *s)
{
    return claims_binary(s) && s_count(s) > 0 && !s->err;
}

static int is_lib(const side *s)
{
    if (!readable_binary(s))
        return 0;
    const xv_binary *b = s_bin(s, 0);
    return b->kind == XV_KIND_SHARED || b->kind == XV_KIND_BUNDLE;
}

static int is_exe_or_lib(const side *s)
{
    if (!readable_binary(s))
        return 0;
    const xv_binary *b = s_bin(s, 0);
    return b->kind == XV_KIND_SHARED || b->kind == XV_KIND_BUNDLE || b->kind == XV_KIND_EXE ||
           b->kind == XV_KIND_PIE;
}

static xv_change *add(xv_diff *df, xv_change_kind k, const side *o, const side *nw, const char *what,
                      char *ov, char *nv)
{
    if (df->n >= XV_DIFF_MAX_CHANGES) {
        df->capped = 1;
        free(ov);
        free(nv);
        return NULL;
    }
    if (df->n == df->cap) {
        size_t nc = df->cap ? df->cap * 2 : 64;
        xv_change *p = realloc(df->ch, nc * sizeof *p);
        if (!p) {
            df->capped = 1;
            free(ov);
            free(nv);
            return NULL;
        }
        df->ch = p;
        df->cap = nc;
    }
    xv_change *c = &df->ch[df->n++];
    memset(c, 0, sizeof *c);
    c->kind = k;
    const side *s = nw ? nw : o;
    c->platform = dups(s->group);
    c->member = dups(s->shown);
    c->what = dups(what);
    c->old_value = ov;
    c->new_value = nv;
    c->old_size = o ? o->size : 0;
    c->new_size = nw ? nw->size : 0;
    c->old_index = o ? o->index : SIZE_MAX;
    c->new_index = nw ? nw->index : SIZE_MAX;
    c->library = is_lib(o) || is_lib(nw);
    int brk = (df->opts.fail_mask & BIT(k)) != 0;
    if (k == XV_CH_EXPORT_REMOVED)
        brk = brk && is_lib(o);
    if (k == XV_CH_FILE_REMOVED)
        brk = brk && is_exe_or_lib(o);
    if (k == XV_CH_SIZE)
        brk = brk && c->old_size &&
              ((double)c->new_size - (double)c->old_size) * 100.0 / (double)c->old_size >
                  df->opts.size_fail_percent;
    c->breaking = brk;
    if (brk)
        df->breaking++;
    return c;
}

/* ---- comparing two binaries ---- */

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted, de-duplicated copy of names; NULL entries dropped. Caller frees the array. */
static const char **sorted_names(const char **v, size_t n, size_t *out_n)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i])
            v[m++] = v[i];
    qsort(v, m, sizeof *v, name_cmp);
    size_t w = 0;
    for (size_t i = 0; i < m; i++)
        if (w == 0 || strcmp(v[w - 1], v[i]) != 0)
            v[w++] = v[i];
    *out_n = w;
    return v;
}

typedef enum { SET_NEEDS, SET_EXPORTS, SET_SYMVERS } set_kind;

static const char **collect(const xv_binary *b, set_kind sk, size_t *n)
{
    size_t cnt = sk == SET_NEEDS ? b->ndeps : b->nexports;
    const char **v = calloc(cnt ? cnt : 1, sizeof *v);
    if (!v) {
        *n = 0;
        return NULL;
    }
    for (size_t i = 0; i < cnt; i++) {
        if (sk == SET_NEEDS)
            v[i] = b->deps[i].name;
        else if (sk == SET_EXPORTS)
            v[i] = b->exports[i].name;
        else
            v[i] = b->exports[i].version;
    }
    return sorted_names(v, cnt, n);
}

static int name_casecmp(const void *a, const void *b)
{
    return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* PE DLL names are case-insensitive: compare them folded. */
static int set_cmp(const char *a, const char *b, int fold)
{
    return fold ? strcasecmp(a, b) : strcmp(a, b);
}

static void diff_sets(xv_diff *df, const side *o, const side *nw, const xv_binary *bo,
                      const xv_binary *bn, set_kind sk, xv_change_kind removed, int added)
{
    size_t no, nn;
    const char **vo = collect(bo, sk, &no), **vn = collect(bn, sk, &nn);
    int fold = sk == SET_NEEDS && bo->format == XV_FMT_PE;
    if (fold) {
        /* re-sort folded so the merge below sees the same order on both sides */
        qsort(vo, no, sizeof *vo, name_casecmp);
    }
    if (vo && vn) {
        if (fold)
            qsort(vn, nn, sizeof *vn, name_casecmp);
        size_t i = 0, j = 0;
        while (i < no || j < nn) {
            int c = i >= no ? 1 : j >= nn ? -1 : set_cmp(vo[i], vn[j], fold);
            if (c < 0) {
                add(df, removed, o, nw, vo[i], NULL, NULL);
                i++;
            } else if (c > 0) {
                if (added >= 0)
                    add(df, (xv_change_kind)added, o, nw, vn[j], NULL, NULL);
                j++;
            } else {
                i++;
                j++;
            }
        }
    }
    free(vo);
    free(vn);
}

static const xv_sym *find_export(const xv_binary *b, const char *name)
{
    for (size_t i = 0; i < b->nexports; i++)
        if (b->exports[i].name && strcmp(b->exports[i].name, name) == 0)
            return &b->exports[i];
    return NULL;
}

static void diff_ordinals(xv_diff *df, const side *o, const side *nw, const xv_binary *bo,
                          const xv_binary *bn)
{
    /* Quadratic, but bounded: PE export directories hold thousands at most and
     * only libraries on both sides get here; past 20000 exports it is skipped. */
    if (bo->nexports > 20000 || bn->nexports > 20000)
        return;
    for (size_t i = 0; i < bo->nexports; i++) {
        const xv_sym *s = &bo->exports[i];
        if (!s->name || (s->flags & XV_SYM_BY_ORDINAL))
            continue;
        const xv_sym *t = find_export(bn, s->name);
        if (t && t->ordinal != s->ordinal)
            add(df, XV_CH_ORDINAL, o, nw, s->name, dupf("%u", s->ordinal), dupf("%u", t->ordinal));
    }
}

static char *osver(xv_osver v)
{
    return v.patch ? dupf("%u.%u.%u", v.major, v.minor, v.patch) : dupf("%u.%u", v.major, v.minor);
}

static int osver_cmp(xv_osver a, xv_osver b)
{
    if (a.major != b.major)
        return a.major < b.major ? -1 : 1;
    if (a.minor != b.minor)
        return a.minor < b.minor ? -1 : 1;
    return a.patch < b.patch ? -1 : a.patch > b.patch;
}

static void floor_ver(xv_diff *df, const side *o, const side *nw, const char *what, const char *vo,
                      const char *vn)
{
    if (vn && (!vo || xv_version_cmp(vn, vo) > 0))
        add(df, XV_CH_FLOOR, o, nw, what, dups(vo ? vo : "none"), dups(vn));
}

static void diff_floors(xv_diff *df, const side *o, const side *nw, const xv_binary *bo,
                        const xv_binary *bn)
{
    floor_ver(df, o, nw, "glibc", bo->max_glibc, bn->max_glibc);
    floor_ver(df, o, nw, "glibcxx", bo->max_glibcxx, bn->max_glibcxx);
    floor_ver(df, o, nw, "cxxabi", bo->max_cxxabi, bn->max_cxxabi);
    const char *what = bn->format == XV_FMT_PE ? "windows" : bn->format == XV_FMT_MACHO ? "macos" : NULL;
    if (what && bo->format == bn->format && (bn->min_os.major || bn->min_os.minor) &&
        osver_cmp(bn->min_os, bo->min_os) > 0)
        add(df, XV_CH_FLOOR, o, nw, what, osver(bo->min_os), osver(bn->min_os));
}

static void tri_lost(xv_diff *df, const side *o, const side *nw, const char *what, xv_tri a, xv_tri b)
{
    if (a == XV_YES && b == XV_NO)
        add(df, XV_CH_HARDENING, o, nw, what, dups("yes"), dups("no"));
}

static const char *relro_name(xv_relro r)
{
    return r == XV_RELRO_FULL ? "full" : r == XV_RELRO_PARTIAL ? "partial" : r == XV_RELRO_NONE ? "none" : "unknown";
}

/* FORTIFY is read from *_chk imports, which come and go with the code that
 * calls them: its loss is not a regression the binary can be blamed for. */
static void diff_hardening(xv_diff *df, const side *o, const side *nw, const xv_binary *bo,
                           const xv_binary *bn)
{
    const xv_hardening *a = &bo->hard, *b = &bn->hard;
    tri_lost(df, o, nw, "pie", a->pie, b->pie);
    tri_lost(df, o, nw, "nx", a->nx, b->nx);
    tri_lost(df, o, nw, "bind_now", a->bind_now, b->bind_now);
    tri_lost(df, o, nw, "canary", a->canary, b->canary);
    tri_lost(df, o, nw, "cfg", a->cfg, b->cfg);
    tri_lost(df, o, nw, "high_entropy_va", a->high_entropy_va, b->high_entropy_va);
    tri_lost(df, o, nw, "ibt", a->ibt, b->ibt);
    tri_lost(df, o, nw, "shstk", a->shstk, b->shstk);
    tri_lost(df, o, nw, "bti", a->bti, b->bti);
    if (a->textrel == XV_NO && b->textrel == XV_YES)
        add(df, XV_CH_HARDENING, o, nw, "no_textrel", dups("yes"), dups("no"));
    if (a->relro != XV_RELRO_UNKNOWN && b->relro != XV_RELRO_UNKNOWN && b->relro < a->relro)
        add(df, XV_CH_HARDENING, o, nw, "relro", dups(relro_name(a->relro)), dups(relro_name(b->relro)));
}

static char *arch_list(const side *img)
{
    char buf[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < s_count(img) && used < sizeof buf - 1; i++) {
        const xv_binary *b = s_bin(img, i);
        int w = snprintf(buf + used, sizeof buf - used, "%s%s", i ? "," : "", b->arch ? b->arch : "?");
        if (w < 0)
            break;
        used += (size_t)w < sizeof buf - used ? (size_t)w : sizeof buf - used - 1;
    }
    return strdup(buf);
}

/* The slice of `img` with the arch of `b` (a fat file against a thin one
 * compares the matching slice), else NULL. */
static const xv_binary *slice_like(const side *img, const xv_binary *b)
{
    for (size_t i = 0; i < s_count(img); i++) {
        const xv_binary *s = s_bin(img, i);
        if (s->arch && b->arch && strcmp(s->arch, b->arch) == 0)
            return s;
    }
    return NULL;
}

/* Who built a binary, as one comparable text ("Go 1.19.8", "Rust 1.75.0",
 * "GCC 12.2.0"), or NULL when the model does not know (a side read from a
 * JSON report may carry no toolchain). */
static char *toolchain_text(const xv_binary *b)
{
    const xv_toolchain *t = &b->toolchain;
    if (t->go && t->go->version)
        return dupf("Go %s", t->go->version + (strncmp(t->go->version, "go", 2) == 0 ? 2 : 0));
    if (t->rust_version)
        return dupf("Rust %s", t->rust_version);
    if (t->compiler)
        return dups(t->compiler);
    return NULL;
}

static void compare_binary(xv_diff *df, const side *o, const side *nw, const xv_binary *bo,
                           const xv_binary *bn)
{
    char *to = toolchain_text(bo), *tn = toolchain_text(bn);
    if (to && tn && strcmp(to, tn) != 0) {
        add(df, XV_CH_TOOLCHAIN, o, nw, "toolchain", to, tn);
    } else {
        free(to);
        free(tn);
    }
    int lib = bo->kind == XV_KIND_SHARED || bo->kind == XV_KIND_BUNDLE || bn->kind == XV_KIND_SHARED ||
              bn->kind == XV_KIND_BUNDLE;
    diff_sets(df, o, nw, bo, bn, SET_NEEDS, XV_CH_NEED_REMOVED, XV_CH_NEED_ADDED);
    if (lib) {
        diff_sets(df, o, nw, bo, bn, SET_EXPORTS, XV_CH_EXPORT_REMOVED, XV_CH_EXPORT_ADDED);
        if (bo->format == XV_FMT_ELF && bn->format == XV_FMT_ELF)
            diff_sets(df, o, nw, bo, bn, SET_SYMVERS, XV_CH_SYMVER_REMOVED, -1);
        if (bo->format == XV_FMT_PE && bn->format == XV_FMT_PE)
            diff_ordinals(df, o, nw, bo, bn);
        if (bo->macho && bn->macho) {
            if (bo->soname && bn->soname && strcmp(bo->soname, bn->soname) != 0)
                add(df, XV_CH_INSTALL_NAME, o, nw, "install name", dups(bo->soname), dups(bn->soname));
            uint32_t a = bo->macho->id_compat_version, b = bn->macho->id_compat_version;
            if (a != b)
                add(df, XV_CH_COMPAT_VERSION, o, nw, "compatibility version",
                    dupf("%u.%u.%u", a >> 16, (a >> 8) & 0xff, a & 0xff),
                    dupf("%u.%u.%u", b >> 16, (b >> 8) & 0xff, b & 0xff));
        }
    }
    diff_floors(df, o, nw, bo, bn);
    diff_hardening(df, o, nw, bo, bn);
}

static void compare_pair(xv_diff *df, const side *o, const side *nw)
{
    int co = claims_binary(o), cn = claims_binary(nw);
    int ro = readable_binary(o), rn = readable_binary(nw);
    if ((co && !ro) || (cn && !rn)) {
        const side *bad = (cn && !rn) ? nw : o;
        add(df, XV_CH_UNREADABLE, o, nw, bad == nw ? "new" : "old",
            dupf("%s", bad->path), dupf("%s", bad->err ? bad->err : "no binary read"));
        return;
    }
    if (ro != rn) {
        add(df, XV_CH_FORMAT, o, nw, "format",
            dups(ro ? xv_format_name(o->fmt) : "not a binary"),
            dups(rn ? xv_format_name(nw->fmt) : "not a binary"));
    } else if (ro && rn) {
        df->compared++;
        xv_format fo = o->fmt, fn = nw->fmt;
        const xv_binary *b0 = s_bin(o, 0), *b1 = s_bin(nw, 0);
        if (b0->format != b1->format)
            add(df, XV_CH_FORMAT, o, nw, "format", dups(xv_format_name(fo)), dups(xv_format_name(fn)));
        char *ao = arch_list(o), *an = arch_list(nw);
        if (ao && an && strcmp(ao, an) != 0) {
            add(df, XV_CH_ARCH, o, nw, "arch", ao, an);
        } else {
            free(ao);
            free(an);
        }
        if (b0->kind != b1->kind)
            add(df, XV_CH_KIND, o, nw, "kind", dups(xv_kind_name(b0->kind)), dups(xv_kind_name(b1->kind)));
        if (b0->format == b1->format) {
            for (size_t i = 0; i < s_count(nw); i++) {
                const xv_binary *bn = s_bin(nw, i);
                const xv_binary *bo = s_count(o) == 1 && s_count(nw) == 1 ? b0 : slice_like(o, bn);
                if (bo)
                    compare_binary(df, o, nw, bo, bn);
            }
        }
    }
    uint64_t a = o->size, b = nw->size;
    if (a != b && (ro || rn)) {
        uint64_t dlt = a > b ? a - b : b - a;
        if (dlt >= 100000 || (a && (double)dlt * 100.0 / (double)a >= 1.0) || !a)
            add(df, XV_CH_SIZE, o, nw, NULL, dupf("%llu", (unsigned long long)a),
                dupf("%llu", (unsigned long long)b));
    }
}

/* ---- pairing ---- */

/* What a member is, for the added / removed lines: "library", "executable", ... */
static const char *what_file(const side *a)
{
    if (!claims_binary(a))
        return "file";
    if (!readable_binary(a))
        return "unreadable binary";
    const xv_binary *b = s_bin(a, 0);
    switch (b->kind) {
    case XV_KIND_SHARED: return "library";
    case XV_KIND_BUNDLE: return "plugin";
    case XV_KIND_EXE: case XV_KIND_PIE: return "executable";
    case XV_KIND_STATIC_LIB: return "static library";
    case XV_KIND_OBJECT: return "object";
    default: return "binary";
    }
}

static int cmp_side(const void *a, const void *b)
{
    const side *x = *(const side *const *)a, *y = *(const side *const *)b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

static side **sides_of(const xv_dist *d, size_t *out_n)
{
    size_t n = xv_dist_artifact_count(d), k = 0;
    side **v = calloc(n ? n : 1, sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const xv_artifact *a = xv_dist_artifact(d, i);
        if (a->type != XV_ENTRY_FILE)
            continue;
        side *s = calloc(1, sizeof *s);
        if (!s)
            break;
        const xv_package *pkg = xv_dist_package(d, a->package);
        s->index = i;
        xv_diff_key_parts(a->platform.id, pkg ? pkg->path : NULL, a->path, a->member, s);
        s->path = a->path;
        s->size = a->size;
        s->img = a->image;
        s->fmt = a->image ? xv_image_format(a->image) : XV_FMT_NONE;
        s->err = a->image ? xv_image_error(a->image) : NULL;
        v[k++] = s;
    }
    *out_n = k;
    return v;
}

static void free_sides(side **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

static int kind_rank(xv_change_kind k)
{
    return (int)k;
}

static int cmp_change(const void *pa, const void *pb)
{
    const xv_change *a = pa, *b = pb;
    int c = strcmp(a->platform ? a->platform : "", b->platform ? b->platform : "");
    if (c)
        return c;
    /* sizes last in a platform, biggest absolute change first */
    int sa = a->kind == XV_CH_SIZE, sb = b->kind == XV_CH_SIZE;
    if (sa != sb)
        return sa - sb;
    if (sa) {
        uint64_t da = a->new_size > a->old_size ? a->new_size - a->old_size : a->old_size - a->new_size;
        uint64_t db = b->new_size > b->old_size ? b->new_size - b->old_size : b->old_size - b->new_size;
        if (da != db)
            return da > db ? -1 : 1;
    }
    c = strcmp(a->member ? a->member : "", b->member ? b->member : "");
    if (c)
        return c;
    if (a->kind != b->kind)
        return kind_rank(a->kind) - kind_rank(b->kind);
    return strcmp(a->what ? a->what : "", b->what ? b->what : "");
}

xv_status xv_diff_sides(side **so, size_t no, side **sn, size_t nn, const xv_diff_opts *opts,
                        xv_diff **out)
{
    xv_diff *df = calloc(1, sizeof *df);
    *out = df;
    if (!df)
        return XV_ENOMEM;
    if (opts)
        df->opts = *opts;
    else
        xv_diff_opts_init(&df->opts);
    if (no > 1)
        qsort(so, no, sizeof *so, cmp_side);
    if (nn > 1)
        qsort(sn, nn, sizeof *sn, cmp_side);
    size_t i = 0, j = 0;
    while (i < no || j < nn) {
        int c = i >= no ? 1 : j >= nn ? -1 : strcmp(so[i]->key, sn[j]->key);
        if (c < 0) {
            add(df, XV_CH_FILE_REMOVED, so[i], NULL, NULL, dups(what_file(so[i])), NULL);
            i++;
        } else if (c > 0) {
            add(df, XV_CH_FILE_ADDED, NULL, sn[j], NULL, NULL, dups(what_file(sn[j])));
            j++;
        } else {
            if (!df->pairs)
                df->pairs = calloc(no < nn ? no : nn, sizeof *df->pairs);
            if (df->pairs) {
                df->pairs[df->npairs][0] = so[i]->index;
                df->pairs[df->npairs][1] = sn[j]->index;
                df->npairs++;
            }
            compare_pair(df, so[i], sn[j]);
            i++;
            j++;
        }
    }
    if (df->n > 1)
        qsort(df->ch, df->n, sizeof *df->ch, cmp_change);
    if (df->capped)
        snprintf(df->err, sizeof df->err, "more than %u changes: the list is cut", XV_DIFF_MAX_CHANGES);
    return XV_OK;
}

xv_status xv_diff_dists(const xv_dist *old_d, const xv_dist *new_d, const xv_diff_opts *opts,
                        xv_diff **out)
{
    size_t no = 0, nn = 0;
    side **so = sides_of(old_d, &no), **sn = sides_of(new_d, &nn);
    xv_status st;
    if (!so || !sn) {
        *out = NULL;
        st = XV_ENOMEM;
    } else {
        st = xv_diff_sides(so, no, sn, nn, opts, out);
    }
    free_sides(so, no);
    free_sides(sn, nn);
    return st;
}

/* The check of a normal run that judges a change kind ("abi.exports"), or
 * NULL when none does. */
static const char *check_of(const xv_change *c)
{
    switch (c->kind) {
    case XV_CH_EXPORT_REMOVED: case XV_CH_SYMVER_REMOVED: case XV_CH_ORDINAL:
    case XV_CH_INSTALL_NAME: case XV_CH_COMPAT_VERSION:
        return "abi.exports";
    case XV_CH_FILE_REMOVED: return c->library ? "abi.exports" : NULL;
    case XV_CH_NEED_ADDED: return "deps.baseline";
    case XV_CH_FLOOR: return "floors.baseline";
    case XV_CH_HARDENING: return "hardening.baseline";
    case XV_CH_SIZE: return "size.baseline";
    default: return NULL;
    }
}

static const char *promise_of(const xv_mx_platform *mp, const char *what)
{
    if (!mp || !what)
        return NULL;
    if (!strcmp(what, "glibc")) return mp->glibc;
    if (!strcmp(what, "glibcxx")) return mp->glibcxx;
    if (!strcmp(what, "cxxabi")) return mp->cxxabi;
    if (!strcmp(what, "macos")) return mp->macos_min;
    if (!strcmp(what, "windows")) return mp->windows_min;
    return NULL;
}

static void apply_matrix(xv_diff *df, const struct xv_matrix *m)
{
    df->breaking = 0;
    for (size_t i = 0; i < df->n; i++) {
        xv_change *c = &df->ch[i];
        const char *check = check_of(c);
        xv_mx_level lv = check ? xv_matrix_level(m, check) : XV_MX_DEFAULT;
        if (lv == XV_MX_OFF || lv == XV_MX_WARN)
            c->breaking = 0;
        else if (lv == XV_MX_FAIL && c->kind != XV_CH_SIZE)
            c->breaking = 1;
        if (c->kind == XV_CH_FLOOR && c->new_value) {
            const char *lim = promise_of(xv_matrix_platform(m, c->platform), c->what);
            const char *u = strrchr(c->new_value, '_');
            if (lim && xv_version_cmp(u ? u + 1 : c->new_value, lim) <= 0)
                c->breaking = 0;
        }
        df->breaking += c->breaking != 0;
    }
}

/* The change strings are malloc'd here and handed out as const. */
static void free_const(const char *p)
{
    free((void *)(uintptr_t)p);
}

static void free_change(xv_change *c)
{
    free_const(c->platform);
    free_const(c->member);
    free_const(c->what);
    free_const(c->old_value);
    free_const(c->new_value);
}

void xv_diff_note_package_errors(xv_diff *df, const xv_dist *d, int is_new)
{
    if (!df || !d)
        return;
    size_t before = df->n;
    for (size_t i = 0; i < xv_dist_package_count(d); i++) {
        const xv_package *p = xv_dist_package(d, i);
        if (!p->error)
            continue;
        side s;
        memset(&s, 0, sizeof s);
        s.index = SIZE_MAX;
        if (p->platform.id[0])
            snprintf(s.group, sizeof s.group, "%s", p->platform.id);
        else
            xv_diff_strip_versions(p->name ? p->name : "", "*", s.group, sizeof s.group);
        s.shown = p->name ? p->name : p->path;
        s.path = p->path;
        s.size = p->size;
        s.err = p->error;
        add(df, XV_CH_UNREADABLE, is_new ? NULL : &s, is_new ? &s : NULL, is_new ? "new" : "old",
            dupf("%s", p->path), dupf("%s", p->error));
        /* What the unreadable archive would have held cannot be compared:
         * its platform's members are not "removed" (or "added"). */
        xv_change_kind gone = is_new ? XV_CH_FILE_REMOVED : XV_CH_FILE_ADDED;
        size_t w = 0;
        for (size_t k = 0; k < df->n; k++) {
            xv_change *c = &df->ch[k];
            if (c->kind == gone && c->platform && strcmp(c->platform, s.group) == 0) {
                df->breaking -= c->breaking != 0;
                free_change(c);
                continue;
            }
            df->ch[w++] = *c;
        }
        df->n = w;
    }
    if (df->n != before && df->n > 1)
        qsort(df->ch, df->n, sizeof *df->ch, cmp_change);
}

/* One release to compare: walked from disk, or read from a JSON report. */
typedef struct input {
    xv_dist *d;
    xv_diff_report *r;
    side **s;
    size_t n;
} input;

static xv_status load(char *err, size_t errlen, const char *path, const xv_diff_opts *o, input *in,
                      const char *which)
{
    memset(in, 0, sizeof *in);
    if (xv_diff_is_json_file(path)) {
        char why[400];
        xv_status st = xv_diff_report_read(path, &in->r, &in->s, &in->n, why, sizeof why);
        if (st != XV_OK)
            snprintf(err, errlen, "cannot read the %s release's JSON report %s: %s", which, path, why);
        return st == XV_OK ? XV_OK : XV_EUSAGE;
    }
    const char *paths[1] = { path };
    xv_status st = xv_dist_open(paths, 1, &o->dist, &in->d);
    if (st != XV_OK) {
        snprintf(err, errlen, "cannot read the %s release %s: %s", which, path,
                 in->d && xv_dist_error(in->d) ? xv_dist_error(in->d) : xv_status_str(st));
        return st;
    }
    in->s = sides_of(in->d, &in->n);
    return in->s ? XV_OK : XV_ENOMEM;
}

static void unload(input *in)
{
    if (in->r)
        xv_diff_report_free(in->r, in->s, in->n);
    else
        free_sides(in->s, in->n);
    xv_dist_free(in->d);
}

xv_status xv_diff_open(const char *old_path, const char *new_path, const xv_diff_opts *opts,
                       xv_diff **out)
{
    xv_diff_opts o;
    if (opts)
        o = *opts;
    else
        xv_diff_opts_init(&o);
    input a, b;
    char err[512] = "";
    *out = NULL;
    memset(&b, 0, sizeof b);
    xv_status st = load(err, sizeof err, old_path, &o, &a, "old");
    if (st == XV_OK)
        st = load(err, sizeof err, new_path, &o, &b, "new");
    struct xv_matrix *m = NULL;
    if (st == XV_OK && o.matrix_path &&
        xv_matrix_load(o.matrix_path, &m, err, sizeof err) != 0)
        st = XV_EUSAGE;
    if (st == XV_OK)
        st = xv_diff_sides(a.s, a.n, b.s, b.n, &o, out);
    if (st == XV_OK) {
        /* an archive that could not be read whole: its missing members are
         * not "removed", the archive is unreadable */
        xv_diff_note_package_errors(*out, a.d, 0);
        xv_diff_note_package_errors(*out, b.d, 1);
    }
    if (st == XV_OK && m)
        apply_matrix(*out, m);
    xv_matrix_free(m);
    if (st != XV_OK && (!*out || !(*out)->err[0])) {
        if (!*out)
            *out = calloc(1, sizeof **out);
        if (*out)
            snprintf((*out)->err, sizeof (*out)->err, "%s", err[0] ? err : xv_status_str(st));
    }
    unload(&a);
    unload(&b);
    return st;
}

const char *xv_diff_error(const xv_diff *d)
{
    return d && d->err[0] ? d->err : NULL;
}

size_t xv_diff_count(const xv_diff *d)
{
    return d ? d->n : 0;
}

const xv_change *xv_diff_change(const xv_diff *d, size_t i)
{
    return d && i < d->n ? &d->ch[i] : NULL;
}

size_t xv_diff_breaking(const xv_diff *d)
{
    return d ? d->breaking : 0;
}

size_t xv_diff_compared(const xv_diff *d)
{
    return d ? d->compared : 0;
}

size_t xv_diff_pair_count(const xv_diff *d)
{
    return d ? d->npairs : 0;
}

int xv_diff_pair(const xv_diff *d, size_t i, size_t *old_index, size_t *new_index)
{
    if (!d || i >= d->npairs)
        return 0;
    *old_index = d->pairs[i][0];
    *new_index = d->pairs[i][1];
    return 1;
}

void xv_diff_free(xv_diff *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        free_change(&d->ch[i]);
    free(d->ch);
    free(d->pairs);
    free(d);
}
