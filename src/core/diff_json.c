/* A JSON report of an earlier run (docs/report-json.md) as one side of
 * `xverify diff`: its packages[].artifacts[].binary objects (the facts
 * `xverify inspect --json` prints) become the xv_binary structs the
 * comparison reads. The file is untrusted: sizes and counts are capped,
 * every field is type-checked, a missing field is an absent fact. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cjson/cJSON.h>

#include "core/diff_internal.h"

/* A report of a release with a million symbols is some hundreds of MB. */
#define XV_DIFF_REPORT_MAX (1024u * 1024u * 1024u)
#define XV_DIFF_REPORT_MAX_MEMBERS 1000000u
#define XV_DIFF_REPORT_MAX_SLICES 64u

struct xv_diff_report {
    void **own;              /* every allocation, freed together */
    size_t nown, capown;
    int oom;
};

static void *keep(xv_diff_report *r, void *p)
{
    if (!p) {
        r->oom = 1;
        return NULL;
    }
    if (r->nown == r->capown) {
        size_t nc = r->capown ? r->capown * 2 : 256;
        void **v = realloc(r->own, nc * sizeof *v);
        if (!v) {
            free(p);
            r->oom = 1;
            return NULL;
        }
        r->own = v;
        r->capown = nc;
    }
    r->own[r->nown++] = p;
    return p;
}

static const char *str(xv_diff_report *r, const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && v->valuestring ? keep(r, strdup(v->valuestring)) : NULL;
}

static double num(const cJSON *o, const char *key, double dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static xv_tri tri(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsTrue(v) ? XV_YES : cJSON_IsFalse(v) ? XV_NO : XV_UNKNOWN;
}

static xv_format format_of(const char *s)
{
    if (!s) return XV_FMT_NONE;
    if (!strcmp(s, "elf")) return XV_FMT_ELF;
    if (!strcmp(s, "macho")) return XV_FMT_MACHO;
    if (!strcmp(s, "macho-fat")) return XV_FMT_MACHO_FAT;
    if (!strcmp(s, "pe")) return XV_FMT_PE;
    if (!strcmp(s, "ar")) return XV_FMT_AR;
    return XV_FMT_NONE;
}

static xv_kind kind_of(const char *s)
{
    static const struct { const char *n; xv_kind k; } t[] = {
        { "exe", XV_KIND_EXE }, { "pie", XV_KIND_PIE }, { "shared", XV_KIND_SHARED },
        { "object", XV_KIND_OBJECT }, { "static-lib", XV_KIND_STATIC_LIB }, { "core", XV_KIND_CORE },
        { "bundle", XV_KIND_BUNDLE }, { "dylinker", XV_KIND_DYLINKER },
    };
    for (size_t i = 0; s && i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(s, t[i].n))
            return t[i].k;
    return XV_KIND_UNKNOWN;
}

/* "11.0", "10.13.4", "6.2" */
static xv_osver osver_of(const char *s)
{
    xv_osver v = { 0, 0, 0 };
    unsigned a = 0, b = 0, c = 0;
    if (s && sscanf(s, "%u.%u.%u", &a, &b, &c) >= 1 && a <= 65535 && b <= 255 && c <= 255) {
        v.major = (uint16_t)a;
        v.minor = (uint8_t)b;
        v.patch = (uint8_t)c;
    }
    return v;
}

/* "1.2.3" as Mach-O packs it (xxxx.yy.zz). */
static uint32_t dylib_version(const char *s)
{
    unsigned a = 0, b = 0, c = 0;
    if (!s || sscanf(s, "%u.%u.%u", &a, &b, &c) < 1 || a > 65535 || b > 255 || c > 255)
        return 0;
    return (uint32_t)a << 16 | (uint32_t)b << 8 | c;
}

static xv_relro relro_of(const char *s)
{
    if (!s) return XV_RELRO_UNKNOWN;
    if (!strcmp(s, "full")) return XV_RELRO_FULL;
    if (!strcmp(s, "partial")) return XV_RELRO_PARTIAL;
    if (!strcmp(s, "none")) return XV_RELRO_NONE;
    return XV_RELRO_UNKNOWN;
}

static void read_syms(xv_diff_report *r, const cJSON *arr, const xv_sym **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    int cnt = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
    if (cnt <= 0)
        return;
    xv_sym *v = keep(r, calloc((size_t)cnt, sizeof *v));
    if (!v)
        return;
    size_t k = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr) {
        if (k >= (size_t)cnt || !cJSON_IsObject(e))
            continue;
        v[k].name = str(r, e, "name");
        if (!v[k].name)
            continue;
        v[k].version = str(r, e, "version");
        double ord = num(e, "ordinal", 0);
        v[k].ordinal = ord >= 0 && ord <= 65535 ? (uint32_t)ord : 0;
        k++;
    }
    *out = v;
    *n = k;
}

static void read_deps(xv_diff_report *r, const cJSON *arr, const xv_dep **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    int cnt = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
    if (cnt <= 0)
        return;
    xv_dep *v = keep(r, calloc((size_t)cnt, sizeof *v));
    if (!v)
        return;
    size_t k = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr) {
        if (k < (size_t)cnt && cJSON_IsObject(e) && (v[k].name = str(r, e, "name")) != NULL)
            k++;
    }
    *out = v;
    *n = k;
}

static void read_binary(xv_diff_report *r, const cJSON *o, xv_binary *b)
{
    memset(b, 0, sizeof *b);
    b->format = format_of(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "format")));
    b->kind = kind_of(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "kind")));
    b->arch = str(r, o, "arch");
    if (!b->arch)
        b->arch = "unknown";
    b->soname = str(r, o, "soname");
    read_deps(r, cJSON_GetObjectItemCaseSensitive(o, "needed"), &b->deps, &b->ndeps);
    read_syms(r, cJSON_GetObjectItemCaseSensitive(o, "exports"), &b->exports, &b->nexports);
    b->max_glibc = str(r, o, "max_glibc");
    b->max_glibcxx = str(r, o, "max_glibcxx");
    b->max_cxxabi = str(r, o, "max_cxxabi");
    b->min_os = osver_of(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "min_os")));
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(o, "hardening");
    if (cJSON_IsObject(h)) {
        b->hard.pie = tri(h, "pie");
        b->hard.nx = tri(h, "nx");
        b->hard.bind_now = tri(h, "bind_now");
        b->hard.canary = tri(h, "canary");
        b->hard.fortify = tri(h, "fortify");
        b->hard.textrel = tri(h, "textrel");
        b->hard.ibt = tri(h, "ibt");
        b->hard.shstk = tri(h, "shstk");
        b->hard.bti = tri(h, "bti");
        b->hard.pac = tri(h, "pac");
        b->hard.high_entropy_va = tri(h, "high_entropy_va");
        b->hard.cfg = tri(h, "cfg");
        b->hard.relro = relro_of(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(h, "relro")));
    }
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "macho");
    if (cJSON_IsObject(m)) {
        xv_macho_extra *x = keep(r, calloc(1, sizeof *x));
        if (x) {
            x->id_current_version =
                dylib_version(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "current_version")));
            x->id_compat_version =
                dylib_version(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "compatibility_version")));
            b->macho = x;
        }
    }
}

int xv_diff_is_json_file(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    int c;
    do
        c = fgetc(f);
    while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
    fclose(f);
    return c == '{';
}

static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s", strerror(errno));
        return NULL;
    }
    size_t cap = 1u << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            if (cap >= XV_DIFF_REPORT_MAX) {
                snprintf(err, errlen, "larger than %u MiB", XV_DIFF_REPORT_MAX >> 20);
                free(buf);
                fclose(f);
                return NULL;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        snprintf(err, errlen, "%s", buf ? "read error" : "out of memory");
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

xv_status xv_diff_report_read(const char *path, xv_diff_report **out, xv_diff_side ***sides_out,
                              size_t *nsides, char *err, size_t errlen)
{
    *out = NULL;
    *sides_out = NULL;
    *nsides = 0;
    size_t len = 0;
    char *text = slurp(path, &len, err, errlen);
    if (!text)
        return XV_EIO;
    xv_status st = xv_diff_report_parse(text, len, out, sides_out, nsides, err, errlen);
    free(text);
    return st;
}

xv_status xv_diff_report_parse(const char *text, size_t len, xv_diff_report **out,
                               xv_diff_side ***sides_out, size_t *nsides, char *err, size_t errlen)
{
    *out = NULL;
    *sides_out = NULL;
    *nsides = 0;
    cJSON *root = cJSON_ParseWithLength(text, len);
    const cJSON *pkgs = cJSON_GetObjectItemCaseSensitive(root, "packages");
    if (!cJSON_IsObject(root) || num(root, "schema_version", 0) != 1 || !cJSON_IsArray(pkgs)) {
        snprintf(err, errlen, "%s", root ? "not an xverify JSON report (schema_version 1 with packages[])"
                                         : "not valid JSON");
        cJSON_Delete(root);
        return XV_EFORMAT;
    }
    xv_diff_report *r = calloc(1, sizeof *r);
    size_t cap = 0, n = 0;
    xv_diff_side **v = NULL;
    const cJSON *pkg;
    size_t index = 0;
    cJSON_ArrayForEach(pkg, pkgs) {
        if (!r || r->oom)
            break;
        const char *ppath = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(pkg, "path"));
        const cJSON *arts = cJSON_GetObjectItemCaseSensitive(pkg, "artifacts");
        const cJSON *a;
        cJSON_ArrayForEach(a, arts) {
            size_t my = index++;
            const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "type"));
            const char *apath = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "path"));
            if (!cJSON_IsObject(a) || !apath || (type && strcmp(type, "file") != 0))
                continue;
            if (n >= XV_DIFF_REPORT_MAX_MEMBERS) {
                snprintf(err, errlen, "more than %u members", XV_DIFF_REPORT_MAX_MEMBERS);
                break;
            }
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 256;
                xv_diff_side **nv = realloc(v, nc * sizeof *nv);
                if (!nv) {
                    r->oom = 1;
                    break;
                }
                v = nv;
                cap = nc;
            }
            xv_diff_side *s = calloc(1, sizeof *s);
            if (!s) {
                r->oom = 1;
                break;
            }
            v[n++] = s;
            const cJSON *plat = cJSON_GetObjectItemCaseSensitive(a, "platform");
            const char *pid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(plat, "id"));
            s->index = my;
            s->path = keep(r, strdup(apath));
            const char *member = str(r, a, "member");
            xv_diff_key_parts(pid, ppath, s->path, member, s);
            s->size = (uint64_t)(num(a, "size", 0) > 0 ? num(a, "size", 0) : 0);
            const cJSON *bin = cJSON_GetObjectItemCaseSensitive(a, "binary");
            if (!cJSON_IsObject(bin))
                continue;
            s->fmt = format_of(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(bin, "format")));
            s->err = str(r, bin, "error");
            const cJSON *bins = cJSON_GetObjectItemCaseSensitive(bin, "binaries");
            int nb = cJSON_IsArray(bins) ? cJSON_GetArraySize(bins) : 0;
            if (nb <= 0 || s->fmt == XV_FMT_NONE)
                continue;
            if (nb > (int)XV_DIFF_REPORT_MAX_SLICES)
                nb = (int)XV_DIFF_REPORT_MAX_SLICES;
            xv_binary *jb = keep(r, calloc((size_t)nb, sizeof *jb));
            if (!jb)
                break;
            size_t k = 0;
            const cJSON *b;
            cJSON_ArrayForEach(b, bins) {
                if (k < (size_t)nb && cJSON_IsObject(b))
                    read_binary(r, b, &jb[k++]);
            }
            s->jb = jb;
            s->njb = k;
        }
    }
    cJSON_Delete(root);
    if (!r || r->oom) {
        snprintf(err, errlen, "out of memory");
        xv_diff_report_free(r, v, n);
        return XV_ENOMEM;
    }
    *out = r;
    *sides_out = v;
    *nsides = n;
    return XV_OK;
}

void xv_diff_report_free(xv_diff_report *r, xv_diff_side **sides, size_t nsides)
{
    for (size_t i = 0; sides && i < nsides; i++)
        free(sides[i]);
    free(sides);
    if (!r)
        return;
    for (size_t i = 0; i < r->nown; i++)
        free(r->own[i]);
    free(r->own);
    free(r);
}
