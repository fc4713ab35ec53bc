/* Reading saved JSON results back (core/saved.h): `xverify report`
 * re-renders one; src/core/merge.c joins the shards of one release.
 *
 * The file is untrusted: it is read whole up to a cap, parsed by cJSON
 * (whose nesting limit bounds the recursion), and every field is checked
 * for its type, range and count before it is used. A field that is wrong
 * stops the reading with a message naming the file and the field
 * ("r.json: packages[2].artifacts[0].size: expected a number >= 0"). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "common/jsonw.h"
#include "config/matrix.h"
#include "core/run_internal.h"
#include "core/saved.h"
#include "core/saved_read.h"
#include "dist/restore.h"
#include "formats/image.h"

/* Field names in messages are cut at their buffer: a hostile file may nest
 * names past it, and a cut name still points at the place. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

int xv_sl_fail(lctx *lc, const char *field, const char *what)
{
    if (!lc->failed)
        snprintf(lc->err, lc->errlen, "%s: %s: %s", lc->file, field, what);
    lc->failed = 1;
    return -1;
}

/* ---- typed field access ---- */

/* xv_sl_fail for member k of the object at `where`: the field's path is
 * built only when there is something to say. */
static int field_fail(lctx *lc, const char *where, const char *k, const char *what)
{
    char f[1024];
    snprintf(f, sizeof f, "%s%s%s", where, *where ? "." : "", k);
    return xv_sl_fail(lc, f, what);
}

const cJSON *xv_sl_field(const cJSON *o, const char *k)
{
    return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

/* A string or null (nullable), into *out (NULL for null). */
int xv_sl_str(lctx *lc, const cJSON *o, const char *k, const char *where, int nullable,
                   const char **out)
{
    const cJSON *v = xv_sl_field(o, k);
    *out = NULL;
    if (cJSON_IsString(v) && v->valuestring) {
        *out = v->valuestring;
        return 0;
    }
    if (nullable && (!v || cJSON_IsNull(v)))
        return 0;
    return field_fail(lc, where, k,
                      !v ? "missing" : nullable ? "expected a string or null" : "expected a string");
}

int xv_sl_num(lctx *lc, const cJSON *o, const char *k, const char *where, double lo,
                   double hi, double *out)
{
    const cJSON *v = xv_sl_field(o, k);
    char m[128];
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < lo ||
        v->valuedouble > hi) {
        snprintf(m, sizeof m, v ? "expected a number from %.0f to %.0f" : "missing", lo, hi);
        return field_fail(lc, where, k, m);
    }
    *out = v->valuedouble;
    return 0;
}

int xv_sl_bool(lctx *lc, const cJSON *o, const char *k, const char *where, int *out)
{
    const cJSON *v = xv_sl_field(o, k);
    if (!cJSON_IsBool(v))
        return field_fail(lc, where, k, v ? "expected true or false" : "missing");
    *out = cJSON_IsTrue(v);
    return 0;
}

const cJSON *xv_sl_arr(lctx *lc, const cJSON *o, const char *k, const char *where,
                            size_t max, int nullable)
{
    const cJSON *v = xv_sl_field(o, k);
    if (nullable && (!v || cJSON_IsNull(v)))
        return NULL;
    if (!cJSON_IsArray(v)) {
        field_fail(lc, where, k, v ? "expected an array" : "missing");
        return NULL;
    }
    if ((size_t)cJSON_GetArraySize(v) > max) {
        char m[96];
        snprintf(m, sizeof m, "more than %zu entries", max);
        field_fail(lc, where, k, m);
        return NULL;
    }
    return v;
}

const cJSON *xv_sl_obj(lctx *lc, const cJSON *o, const char *k, const char *where,
                            int nullable)
{
    const cJSON *v = xv_sl_field(o, k);
    if (nullable && (!v || cJSON_IsNull(v)))
        return NULL;
    if (!cJSON_IsObject(v)) {
        field_fail(lc, where, k, v ? "expected an object" : "missing");
        return NULL;
    }
    return v;
}

/* A name written by one of the *_name() functions back to its value. */
static int enum_of(lctx *lc, const char *s, const char *f, const char *(*name)(int), int n,
                   int *out)
{
    for (int i = 0; i < n; i++)
        if (s && strcmp(name(i), s) == 0) {
            *out = i;
            return 0;
        }
    char m[160];
    snprintf(m, sizeof m, "unknown value \"%.80s\"", s ? s : "null");
    return xv_sl_fail(lc, f, m);
}

static const char *verdict_name_i(int v) { return xv_verdict_name((xv_verdict)v); }
static const char *os_name_i(int v) { return xv_os_name((xv_os)v); }
static const char *libc_name_i(int v) { return xv_libc_name((xv_libc)v); }
static const char *kind_name_i(int v) { return xv_kind_name((xv_kind)v); }
static const char *format_name_i(int v) { return xv_format_name((xv_format)v); }
static const char *lang_name_i(int v) { return xv_lang_name((xv_lang)v); }

static const char *entry_name_i(int t)
{
    static const char *const n[] = { "file", "dir", "symlink", "hardlink", "device", "fifo",
                                     "socket", "other" };
    return t >= 0 && t < 8 ? n[t] : "";
}
static const xv_entry_type entry_types[] = { XV_ENTRY_FILE, XV_ENTRY_DIR, XV_ENTRY_SYMLINK,
                                             XV_ENTRY_HARDLINK, XV_ENTRY_DEVICE, XV_ENTRY_FIFO,
                                             XV_ENTRY_SOCKET, XV_ENTRY_OTHER };
static const char *pkg_kind_i(int k)
{
    static const char *const n[] = { "dir", "archive", "file", "system" };
    return k >= 0 && k < 4 ? n[k] : "";
}
static const xv_pkg_kind pkg_kinds[] = { XV_PKG_DIR, XV_PKG_ARCHIVE, XV_PKG_FILE, XV_PKG_SYSTEM };

/* ---- loading ---- */

static char *read_all(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) {
            if (ferror(f)) {
                snprintf(err, errlen, "%s: read error", path);
                free(buf);
                buf = NULL;
            }
            break;
        }
        if (cap >= XV_SAVED_MAX_BYTES) {
            snprintf(err, errlen, "%s: larger than %zu bytes: not a saved result xverify wrote",
                     path, XV_SAVED_MAX_BYTES);
            free(buf);
            buf = NULL;
            break;
        }
        char *nb = realloc(buf, cap * 2 + 1);
        if (!nb) {
            free(buf);
            buf = NULL;
            snprintf(err, errlen, "%s: out of memory", path);
            break;
        }
        buf = nb;
        cap *= 2;
    }
    fclose(f);
    if (buf) {
        buf[n] = 0;
        *len = n;
    }
    return buf;
}

static xv_saved *saved_from_text(const char *name, const char *text, size_t len, char *err,
                                 size_t errlen)
{
    lctx lc = { name, err, errlen, 0 };
    cJSON *doc = cJSON_ParseWithLength(text, len);
    if (!doc) {
        snprintf(err, errlen, "%s: not valid JSON (or nested too deep): not a result xverify "
                 "wrote with --json", name);
        return NULL;
    }
    double v = 0;
    const cJSON *saved;
    if (!cJSON_IsObject(doc))
        xv_sl_fail(&lc, "(top)", "expected an object");
    else if (xv_sl_num(&lc, doc, "schema_version", "", 1, 1, &v) == 0 &&
             (saved = xv_sl_obj(&lc, doc, "saved", "", 0)) != NULL &&
             xv_sl_num(&lc, saved, "version", "saved", XV_SAVED_VERSION,
                       XV_SAVED_VERSION, &v) != 0) {
        /* message set */
    }
    if (lc.failed && !xv_sl_field(doc, "saved") && cJSON_IsObject(doc))
        snprintf(err, errlen, "%s: no \"saved\" section: written by an xverify that does not "
                 "save results for 'xverify report' and 'xverify merge'; run it again", name);
    xv_saved *s = lc.failed ? NULL : calloc(1, sizeof *s);
    if (s && !(s->file = strdup(name))) {
        free(s);
        s = NULL;
    }
    if (!s) {
        if (!lc.failed)
            snprintf(err, errlen, "%s: out of memory", name);
        cJSON_Delete(doc);
        return NULL;
    }
    s->doc = doc;
    return s;
}

xv_saved *xv_saved_load(const char *path, char *err, size_t errlen)
{
    size_t len = 0;
    char *text = read_all(path, &len, err, errlen);
    if (!text)
        return NULL;
    xv_saved *s = saved_from_text(path, text, len, err, errlen);
    free(text);
    return s;
}

void xv_saved_free(xv_saved *s)
{
    if (!s)
        return;
    cJSON_Delete(s->doc);
    free(s->file);
    free(s);
}

/* ---- rebuilding the dist ---- */

/* cJSON back to the text the JSON writer made of it: the same key order,
 * escapes and number forms (integers as integers, others as %.15g/%.17g). */
static void rewrite(xv_jsonw *w, const cJSON *v)
{
    if (cJSON_IsObject(v)) {
        xv_jw_obj(w);
        for (const cJSON *c = v->child; c; c = c->next) {
            xv_jw_key(w, c->string ? c->string : "");
            rewrite(w, c);
        }
        xv_jw_obj_end(w);
    } else if (cJSON_IsArray(v)) {
        xv_jw_arr(w);
        for (const cJSON *c = v->child; c; c = c->next)
            rewrite(w, c);
        xv_jw_arr_end(w);
    } else if (cJSON_IsString(v)) {
        xv_jw_str(w, v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d > -9007199254740992.0 && d < 9007199254740992.0 && d == (double)(int64_t)d)
            xv_jw_i64(w, (int64_t)d);
        else
            xv_jw_num(w, d);
    } else if (cJSON_IsBool(v)) {
        xv_jw_bool(w, cJSON_IsTrue(v));
    } else {
        xv_jw_null(w);
    }
}

static int load_platform(lctx *lc, xv_dist *d, const cJSON *o, const char *where, xv_platform *p)
{
    memset(p, 0, sizeof *p);
    if (!cJSON_IsObject(o))
        return xv_sl_fail(lc, where, "expected an object");
    const char *id, *os, *arch, *libc, *token, *floor_s;
    char f[1024];
    if (xv_sl_str(lc, o, "id", where, 1, &id) || xv_sl_str(lc, o, "os", where, 1, &os) ||
        xv_sl_str(lc, o, "arch", where, 1, &arch) || xv_sl_str(lc, o, "libc", where, 1, &libc) ||
        xv_sl_str(lc, o, "token", where, 1, &token) ||
        xv_sl_str(lc, o, "floor", where, 1, &floor_s))
        return -1;
    snprintf(f, sizeof f, "%s.id", where);
    if (id && strlen(id) >= sizeof p->id)
        return xv_sl_fail(lc, f, "too long");
    snprintf(f, sizeof f, "%s.token", where);
    if (token && strlen(token) >= sizeof p->token)
        return xv_sl_fail(lc, f, "too long");
    snprintf(p->id, sizeof p->id, "%s", id ? id : "");
    snprintf(p->token, sizeof p->token, "%s", token ? token : "");
    int e = 0;
    snprintf(f, sizeof f, "%s.os", where);
    if (os && enum_of(lc, os, f, os_name_i, 16, &e))
        return -1;
    p->os = os ? (xv_os)e : XV_OS_UNKNOWN;
    snprintf(f, sizeof f, "%s.libc", where);
    if (libc && enum_of(lc, libc, f, libc_name_i, 16, &e))
        return -1;
    p->libc = libc ? (xv_libc)e : XV_LIBC_UNKNOWN;
    p->arch = arch ? xv_dist_dup(d, arch) : NULL;
    if (floor_s) {
        unsigned a = 0, b = 0;
        char tail;
        snprintf(f, sizeof f, "%s.floor", where);
        if (sscanf(floor_s, "%u.%u%c", &a, &b, &tail) != 2 || a > 65535 || b > 65535)
            return xv_sl_fail(lc, f, "expected MAJOR.MINOR");
        p->floor.major = (uint16_t)a;
        p->floor.minor = (uint16_t)b;
    }
    return 0;
}

static int load_image(lctx *lc, xv_dist *d, const cJSON *o, const char *where, const xv_image **out)
{
    *out = NULL;
    if (!o || cJSON_IsNull(o))
        return 0;
    if (!cJSON_IsObject(o))
        return xv_sl_fail(lc, where, "expected an object or null");
    xv_image *img = xv_dist_restore_image(d);
    if (!img)
        return xv_sl_fail(lc, where, "out of memory");
    xv_jsonw w;
    xv_jw_init(&w, NULL);
    rewrite(&w, o);
    char *txt = xv_jw_take(&w);
    if (!txt)
        return xv_sl_fail(lc, where, "cannot be written back (nested too deep)");
    img->saved_json = xv_img_strdup(img, txt);
    free(txt);
    const char *file, *fmt, *error;
    double size;
    int e;
    char f[1024];
    if (xv_sl_str(lc, o, "file", where, 1, &file) || xv_sl_str(lc, o, "format", where, 0, &fmt) ||
        xv_sl_num(lc, o, "size", where, 0, 1e18, &size) ||
        xv_sl_str(lc, o, "error", where, 1, &error))
        return -1;
    snprintf(f, sizeof f, "%s.format", where);
    if (enum_of(lc, fmt, f, format_name_i, 8, &e))
        return -1;
    img->name = file ? xv_img_strdup(img, file) : NULL;
    img->format = (xv_format)e;
    img->size = (uint64_t)size;
    img->error = error ? xv_img_strdup(img, error) : NULL;
    const cJSON *bins = xv_sl_arr(lc, o, "binaries", where, XV_MAX_BINARIES, 0);
    if (!bins)
        return -1;
    size_t bi = 0;
    for (const cJSON *b = bins->child; b; b = b->next, bi++) {
        char bw[320];
        snprintf(bw, sizeof bw, "%s.binaries[%zu]", where, bi);
        if (!cJSON_IsObject(b))
            return xv_sl_fail(lc, bw, "expected an object");
        xv_binary *bin = xv_img_add_binary(img);
        if (!bin)
            return xv_sl_fail(lc, bw, "out of memory");
        const char *bf, *kind, *arch, *os, *libc;
        double bits = 0;
        if (xv_sl_str(lc, b, "format", bw, 0, &bf) || xv_sl_str(lc, b, "kind", bw, 0, &kind) ||
            xv_sl_str(lc, b, "arch", bw, 1, &arch) || xv_sl_str(lc, b, "os", bw, 0, &os) ||
            xv_sl_str(lc, b, "libc", bw, 0, &libc) || xv_sl_num(lc, b, "bits", bw, 0, 128, &bits))
            return -1;
        snprintf(f, sizeof f, "%s.format", bw);
        if (enum_of(lc, bf, f, format_name_i, 8, &e))
            return -1;
        bin->format = (xv_format)e;
        snprintf(f, sizeof f, "%s.kind", bw);
        if (enum_of(lc, kind, f, kind_name_i, 16, &e))
            return -1;
        bin->kind = (xv_kind)e;
        snprintf(f, sizeof f, "%s.os", bw);
        if (enum_of(lc, os, f, os_name_i, 16, &e))
            return -1;
        bin->os = (xv_os)e;
        snprintf(f, sizeof f, "%s.libc", bw);
        if (enum_of(lc, libc, f, libc_name_i, 16, &e))
            return -1;
        bin->libc = (xv_libc)e;
        bin->arch = arch ? xv_img_strdup(img, arch) : "unknown";
        bin->bits = (int)bits;
        /* the toolchain line of the sign-off reports */
        const cJSON *tc = xv_sl_field(b, "toolchain");
        if (cJSON_IsObject(tc)) {
            char tw[400];
            snprintf(tw, sizeof tw, "%s.toolchain", bw);
            const char *lang, *comp, *link, *rv, *rc;
            if (xv_sl_str(lc, tc, "language", tw, 0, &lang) ||
                xv_sl_str(lc, tc, "compiler", tw, 1, &comp) ||
                xv_sl_str(lc, tc, "linker", tw, 1, &link) ||
                xv_sl_str(lc, tc, "rust_version", tw, 1, &rv) ||
                xv_sl_str(lc, tc, "rust_commit", tw, 1, &rc))
                return -1;
            snprintf(f, sizeof f, "%s.language", tw);
            if (enum_of(lc, lang, f, lang_name_i, 5, &e))
                return -1;
            bin->toolchain.lang = (xv_lang)e;
            bin->toolchain.compiler = comp ? xv_img_strdup(img, comp) : NULL;
            bin->toolchain.linker = link ? xv_img_strdup(img, link) : NULL;
            bin->toolchain.rust_version = rv ? xv_img_strdup(img, rv) : NULL;
            bin->toolchain.rust_commit = rc ? xv_img_strdup(img, rc) : NULL;
            const cJSON *go = xv_sl_field(tc, "go");
            if (cJSON_IsObject(go)) {
                xv_go_info *g = xv_img_alloc(img, sizeof *g);
                if (!g)
                    return xv_sl_fail(lc, tw, "out of memory");
                memset(g, 0, sizeof *g);
                char gw[480];
                snprintf(gw, sizeof gw, "%s.go", tw);
                const char *gv, *gp, *gm;
                if (xv_sl_str(lc, go, "version", gw, 1, &gv) ||
                    xv_sl_str(lc, go, "path", gw, 1, &gp) ||
                    xv_sl_str(lc, go, "module", gw, 1, &gm))
                    return -1;
                g->version = gv ? xv_img_strdup(img, gv) : NULL;
                g->path = gp ? xv_img_strdup(img, gp) : NULL;
                g->module = gm ? xv_img_strdup(img, gm) : NULL;
                const cJSON *cgo = xv_sl_field(go, "cgo");
                g->cgo = cJSON_IsBool(cgo) ? (cJSON_IsTrue(cgo) ? XV_YES : XV_NO) : XV_UNKNOWN;
                bin->toolchain.go = g;
            }
        }
    }
    *out = img;
    return 0;
}

/* One package of the saved "packages" and its saved facts. */
typedef struct pkg_ref {
    const cJSON *pkg;      /* packages[i] */
    const cJSON *facts;    /* saved.packages[i] */
    size_t index;          /* in the whole release */
    size_t shard;
    size_t i;
} pkg_ref;

static int cmp_ref(const void *a, const void *b)
{
    const pkg_ref *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int hex_to(const char *s, unsigned char *out, size_t n)
{
    if (!s || strlen(s) != 2 * n)
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1 || !strchr("0123456789abcdef", s[2 * i]) ||
            !strchr("0123456789abcdef", s[2 * i + 1]))
            return -1;
        out[i] = (unsigned char)v;
    }
    return 0;
}

static int load_package(lctx *lc, xv_dist *d, const pkg_ref *ref, size_t cap)
{
    char where[64];
    snprintf(where, sizeof where, "packages[%zu]", ref->i);
    const cJSON *o = ref->pkg;
    if (!cJSON_IsObject(o))
        return xv_sl_fail(lc, where, "expected an object");
    xv_package *p = xv_dist_restore_package(d);
    if (!p)
        return xv_sl_fail(lc, where, "too many packages");
    size_t pi = xv_dist_package_count(d) - 1;
    const char *path, *name, *kind, *format, *error, *s256, *s512;
    double size, expanded;
    int e;
    char f[1024];
    if (xv_sl_str(lc, o, "path", where, 0, &path) || xv_sl_str(lc, o, "name", where, 1, &name) ||
        xv_sl_str(lc, o, "kind", where, 0, &kind) ||
        xv_sl_str(lc, o, "format", where, 1, &format) ||
        xv_sl_num(lc, o, "size", where, 0, 1e18, &size) ||
        xv_sl_num(lc, o, "expanded", where, 0, 1e18, &expanded) ||
        xv_sl_str(lc, o, "error", where, 1, &error) ||
        xv_sl_str(lc, o, "sha256", where, 1, &s256) ||
        xv_sl_str(lc, o, "sha512", where, 1, &s512))
        return -1;
    snprintf(f, sizeof f, "%s.kind", where);
    if (enum_of(lc, kind, f, pkg_kind_i, 4, &e))
        return -1;
    p->kind = pkg_kinds[e];
    p->path = xv_dist_dup(d, path);
    p->name = xv_dist_dup(d, name);
    p->format = xv_dist_dup(d, format);
    p->error = xv_dist_dup(d, error);
    p->size = (uint64_t)size;
    p->expanded = (uint64_t)expanded;
    snprintf(f, sizeof f, "%s.platform", where);
    if (load_platform(lc, d, xv_sl_field(o, "platform"), f, &p->platform))
        return -1;
    if (s256) {
        snprintf(f, sizeof f, "%s.sha256", where);
        if (hex_to(s256, p->sha256, 32))
            return xv_sl_fail(lc, f, "expected 64 hex digits");
        p->has_sha256 = 1;
    }
    if (s512) {
        snprintf(f, sizeof f, "%s.sha512", where);
        if (!s256 || hex_to(s512, p->sha512, 64))
            return xv_sl_fail(lc, f, "expected 128 hex digits, after a sha256");
        p->has_sha512 = 1;
    }
    /* the saved facts */
    snprintf(where, sizeof where, "saved.packages[%zu]", ref->i);
    const cJSON *sf = ref->facts;
    const char *spath, *project, *version, *psrc;
    int top = 0;
    if (xv_sl_str(lc, sf, "path", where, 0, &spath) || xv_sl_bool(lc, sf, "top", where, &top) ||
        xv_sl_str(lc, sf, "project", where, 1, &project) ||
        xv_sl_str(lc, sf, "version", where, 1, &version) ||
        xv_sl_str(lc, sf, "platform_source", where, 1, &psrc))
        return -1;
    if (strcmp(spath, path) != 0)
        return xv_sl_fail(lc, where, "names another package than packages[] at the same place");
    p->project = xv_dist_dup(d, project);
    p->version = xv_dist_dup(d, version);
    p->platform_source = xv_dist_dup(d, psrc);
    xv_dist_restore_top(d, pi, top);
    /* artifacts */
    snprintf(where, sizeof where, "packages[%zu]", ref->i);
    const cJSON *arts = xv_sl_arr(lc, o, "artifacts", where, cap, 0);
    if (!arts)
        return -1;
    p->first = xv_dist_artifact_count(d);
    size_t ai = 0;
    for (const cJSON *a = arts->child; a; a = a->next, ai++) {
        char aw[96];
        snprintf(aw, sizeof aw, "packages[%zu].artifacts[%zu]", ref->i, ai);
        if (!cJSON_IsObject(a))
            return xv_sl_fail(lc, aw, "expected an object");
        xv_artifact *art = xv_dist_restore_artifact(d, cap);
        if (!art)
            return xv_sl_fail(lc, aw, "too many artifacts");
        const char *apath, *member, *type, *link;
        double mode, asize, depth;
        if (xv_sl_str(lc, a, "path", aw, 0, &apath) || xv_sl_str(lc, a, "member", aw, 1, &member) ||
            xv_sl_str(lc, a, "type", aw, 0, &type) ||
            xv_sl_str(lc, a, "link_target", aw, 1, &link) ||
            xv_sl_num(lc, a, "mode", aw, 0, 4294967295.0, &mode) ||
            xv_sl_num(lc, a, "size", aw, 0, 1e18, &asize) ||
            xv_sl_num(lc, a, "nested_depth", aw, 0, 1000, &depth))
            return -1;
        snprintf(f, sizeof f, "%s.type", aw);
        if (enum_of(lc, type, f, entry_name_i, 8, &e))
            return -1;
        art->type = entry_types[e];
        art->path = xv_dist_dup(d, apath);
        art->member = xv_dist_dup(d, member);
        art->link_target = xv_dist_dup(d, link);
        art->mode = (uint32_t)mode;
        art->size = (uint64_t)asize;
        art->nested_depth = (int)depth;
        art->package = pi;
        snprintf(f, sizeof f, "%s.platform", aw);
        if (load_platform(lc, d, xv_sl_field(a, "platform"), f, &art->platform))
            return -1;
        snprintf(f, sizeof f, "%s.binary", aw);
        if (!xv_sl_field(a, "binary"))
            return xv_sl_fail(lc, f, "missing");
        if (load_image(lc, d, xv_sl_field(a, "binary"), f, &art->image))
            return -1;
        if (!art->path)
            return xv_sl_fail(lc, aw, "out of memory");
    }
    p->count = ai;
    return 0;
}

static int load_sums(lctx *lc, xv_dist *d, const cJSON *saved)
{
    const cJSON *sums = xv_sl_arr(lc, saved, "checksum_files", "saved", 1024, 0);
    if (!sums)
        return -1;
    size_t i = 0;
    for (const cJSON *s = sums->child; s; s = s->next, i++) {
        char w[64];
        snprintf(w, sizeof w, "saved.checksum_files[%zu]", i);
        const char *path, *text;
        if (xv_sl_str(lc, s, "path", w, 0, &path) || xv_sl_str(lc, s, "text", w, 0, &text))
            return -1;
        if (xv_dist_restore_sumfile(d, path, text, strlen(text)) != XV_OK)
            return xv_sl_fail(lc, w, "too large (4 MiB) or out of memory");
    }
    return 0;
}

static int load_release(lctx *lc, xv_dist *d, const cJSON *doc)
{
    const cJSON *rel = xv_sl_obj(lc, doc, "release", "", 1);
    if (lc->failed)
        return -1;
    if (!rel)
        return 0;
    xv_release_info ri;
    if (xv_sl_str(lc, rel, "project", "release", 0, &ri.project) ||
        xv_sl_str(lc, rel, "version", "release", 1, &ri.version) ||
        xv_sl_str(lc, rel, "tag", "release", 1, &ri.tag) ||
        xv_sl_str(lc, rel, "commit", "release", 1, &ri.commit) ||
        xv_sl_str(lc, rel, "source", "release", 1, &ri.source))
        return -1;
    xv_dist_restore_release(d, &ri);
    return 0;
}

/* The dist of one or more saved results: their packages in the order of
 * the whole release. */
xv_dist *xv_sl_build_dist(lctx *lcs, xv_saved **sv, size_t n)
{
    size_t total = 0, nart = 0;
    for (size_t s = 0; s < n; s++) {
        lctx *lc = &lcs[s];
        const cJSON *pk = xv_sl_arr(lc, sv[s]->doc, "packages", "", 1u << 20, 0);
        const cJSON *sp = xv_sl_arr(lc, xv_sl_field(sv[s]->doc, "saved"), "packages", "saved",
            1u << 20, 0);
        if (!pk || !sp)
            return NULL;
        if (cJSON_GetArraySize(pk) != cJSON_GetArraySize(sp)) {
            xv_sl_fail(lc, "saved.packages", "not one entry per package of packages[]");
            return NULL;
        }
        total += (size_t)cJSON_GetArraySize(pk);
        for (const cJSON *p = pk->child; p; p = p->next) {
            const cJSON *a = xv_sl_field(p, "artifacts");
            if (cJSON_IsArray(a))
                nart += (size_t)cJSON_GetArraySize(a);
        }
    }
    pkg_ref *refs = calloc(total ? total : 1, sizeof *refs);
    if (!refs) {
        xv_sl_fail(&lcs[0], "packages", "out of memory");
        return NULL;
    }
    size_t k = 0;
    for (size_t s = 0; s < n; s++) {
        const cJSON *pk = xv_sl_field(sv[s]->doc, "packages");
        const cJSON *sp = xv_sl_field(xv_sl_field(sv[s]->doc, "saved"), "packages");
        size_t i = 0;
        for (const cJSON *p = pk->child, *q = sp->child; p && q; p = p->next, q = q->next, i++) {
            char w[64];
            double idx;
            snprintf(w, sizeof w, "saved.packages[%zu]", i);
            if (xv_sl_num(&lcs[s], q, "index", w, 0, 1 << 20, &idx)) {
                free(refs);
                return NULL;
            }
            refs[k++] = (pkg_ref){ p, q, (size_t)idx, s, i };
        }
    }
    qsort(refs, k, sizeof *refs, cmp_ref);
    for (size_t i = 1; i < k; i++)
        if (refs[i].index == refs[i - 1].index) {
            const cJSON *pa = xv_sl_field(refs[i].pkg, "path");
            char m[700];
            snprintf(m, sizeof m, "package %.300s is in %s too: the shards overlap",
                     cJSON_IsString(pa) ? pa->valuestring : "?", sv[refs[i - 1].shard]->file);
            xv_sl_fail(&lcs[refs[i].shard], "packages", m);
            free(refs);
            return NULL;
        }
    xv_dist *d = xv_dist_blank();
    if (!d || xv_dist_reserve_artifacts(d, nart) != XV_OK) {
        xv_sl_fail(&lcs[0], "packages", "out of memory or too many artifacts");
        xv_dist_free(d);
        free(refs);
        return NULL;
    }
    for (size_t i = 0; i < k; i++)
        if (load_package(&lcs[refs[i].shard], d, &refs[i], nart)) {
            xv_dist_free(d);
            free(refs);
            return NULL;
        }
    free(refs);
    if (load_sums(&lcs[0], d, xv_sl_field(sv[0]->doc, "saved")) ||
        load_release(&lcs[0], d, sv[0]->doc)) {
        xv_dist_free(d);
        return NULL;
    }
    return d;
}

/* ---- results ---- */

int xv_sl_load_result(lctx *lc, xv_run *run, const cJSON *o, const char *where, int with_member)
{
    if (!cJSON_IsObject(o))
        return xv_sl_fail(lc, where, "expected an object");
    const char *check, *subject, *package, *platform, *env, *verdict, *raw, *message, *detail,
        *hint, *waiver, *member = NULL;
    double secs;
    int v, rw;
    char f[1024];
    if (xv_sl_str(lc, o, "check", where, 0, &check) ||
        xv_sl_str(lc, o, "subject", where, 1, &subject) ||
        xv_sl_str(lc, o, "package", where, 1, &package) ||
        xv_sl_str(lc, o, "platform", where, 1, &platform) ||
        xv_sl_str(lc, o, "env", where, 1, &env) ||
        xv_sl_str(lc, o, "verdict", where, 0, &verdict) ||
        xv_sl_str(lc, o, "raw", where, 0, &raw) ||
        xv_sl_str(lc, o, "message", where, 0, &message) ||
        xv_sl_str(lc, o, "detail", where, 1, &detail) ||
        xv_sl_str(lc, o, "hint", where, 1, &hint) ||
        xv_sl_str(lc, o, "waiver", where, 1, &waiver) ||
        xv_sl_num(lc, o, "seconds", where, 0, 1e12, &secs) ||
        (with_member && xv_sl_str(lc, o, "member", where, 1, &member)))
        return -1;
    snprintf(f, sizeof f, "%s.verdict", where);
    if (enum_of(lc, verdict, f, verdict_name_i, 5, &v))
        return -1;
    snprintf(f, sizeof f, "%s.raw", where);
    if (enum_of(lc, raw, f, verdict_name_i, 5, &rw))
        return -1;
    const cJSON *facts = xv_sl_arr(lc, o, "facts", where, XV_SAVED_MAX_FACTS, 0);
    if (!facts)
        return -1;
    xv_result *r = xv_run_push_result(run);
    if (!r)
        return xv_sl_fail(lc, where, "too many results");
    r->check = xv_run_strdup(run, check);
    r->subject = xv_run_strdup(run, subject);
    r->package = xv_run_strdup(run, package);
    r->platform = xv_run_strdup(run, platform);
    r->env = xv_run_strdup(run, env);
    r->verdict = (xv_verdict)v;
    r->raw = (xv_verdict)rw;
    r->message = xv_run_strdup(run, message);
    r->detail = xv_run_strdup(run, detail);
    r->hint = xv_run_strdup(run, hint);
    r->waiver = xv_run_strdup(run, waiver);
    r->seconds = secs;
    if (with_member)
        xv_run_set_member(run, r, member);
    size_t i = 0;
    for (const cJSON *fa = facts->child; fa; fa = fa->next, i++) {
        char fw[400];
        const char *k, *val;
        snprintf(fw, sizeof fw, "%s.facts[%zu]", where, i);
        if (xv_sl_str(lc, fa, "key", fw, 0, &k) || xv_sl_str(lc, fa, "value", fw, 0, &val))
            return -1;
        xv_run_add_fact(run, r, k, val);
    }
    return 0;
}

/* ---- options ---- */

int xv_sl_load_opts(lctx *lc, const cJSON *doc, xv_run_opts *o)
{
    xv_run_opts_init(o);
    const cJSON *op = xv_sl_obj(lc, doc, "options", "", 0);
    if (!op)
        return -1;
    const char *fail_on;
    double jobs, timeout;
    int smoke;
    if (xv_sl_str(lc, op, "matrix", "options", 1, &o->matrix_path) ||
        xv_sl_str(lc, op, "fail_on", "options", 0, &fail_on) ||
        xv_sl_num(lc, op, "jobs", "options", 0, 1024, &jobs) ||
        xv_sl_bool(lc, op, "smoke", "options", &smoke) ||
        xv_sl_str(lc, op, "distros", "options", 1, &o->distros) ||
        xv_sl_num(lc, op, "smoke_timeout", "options", 0, 86400, &timeout) ||
        xv_sl_str(lc, op, "baseline", "options", 1, &o->baseline) ||
        xv_sl_str(lc, op, "today", "options", 1, &o->today))
        return -1;
    if (strcmp(fail_on, "error") == 0)
        o->fail_on = XV_FAIL;
    else if (strcmp(fail_on, "warn") == 0)
        o->fail_on = XV_WARN;
    else if (strcmp(fail_on, "skip") == 0)
        o->fail_on = XV_SKIP;
    else
        return xv_sl_fail(lc, "options.fail_on", "expected error, warn or skip");
    o->jobs = (int)jobs;
    o->smoke = smoke;
    o->smoke_timeout = timeout;
    const cJSON *saved = xv_sl_field(doc, "saved");
    if (xv_sl_str(lc, saved, "command_line", "saved", 1, &o->command_line))
        return -1;
    return 0;
}

/* The inputs as the saved run named them (its saved section says them again). */
int xv_sl_load_inputs(lctx *lc, const cJSON *doc, xv_run *run)
{
    const cJSON *in = xv_sl_arr(lc, xv_sl_field(doc, "saved"), "inputs", "saved", 4096, 0);
    if (!in)
        return -1;
    size_t i = 0;
    for (const cJSON *v = in->child; v; v = v->next, i++) {
        char w[48];
        snprintf(w, sizeof w, "saved.inputs[%zu]", i);
        if (!cJSON_IsString(v) || !v->valuestring[0])
            return xv_sl_fail(lc, w, "expected a path");
        if (xv_run_add_input(run, v->valuestring) != XV_OK)
            return xv_sl_fail(lc, w, "too many inputs");
    }
    return 0;
}

/* The saved run facts shared by both rebuilds. */
int xv_sl_load_restore(lctx *lc, const cJSON *doc, xv_restore *in)
{
    const cJSON *saved = xv_sl_field(doc, "saved");
    double intr, warn;
    if (xv_sl_num(lc, saved, "interrupted", "saved", 0, 64, &intr) ||
        xv_sl_num(lc, saved, "started", "saved", 0, 1e11, &in->started) ||
        xv_sl_num(lc, saved, "finished", "saved", 0, 1e11, &in->finished) ||
        xv_sl_num(lc, saved, "waiver_warn_days", "saved", 0, 100000, &warn) ||
        xv_sl_str(lc, saved, "today", "saved", 0, &in->today) ||
        xv_sl_str(lc, saved, "host", "saved", 1, &in->host) ||
        xv_sl_str(lc, saved, "matrix_text", "saved", 1, &in->matrix_text))
        return -1;
    in->interrupted = (int)intr;
    in->warn_days = (int)warn;
    in->matrix_len = in->matrix_text ? strlen(in->matrix_text) : 0;
    return 0;
}

/* The matrix waivers and what each did in the saved run. */
static int load_waivers(lctx *lc, xv_run *run, const cJSON *doc, xv_waiver_use **out, size_t *nout)
{
    const cJSON *wl = xv_sl_arr(lc, doc, "waivers", "", 100000, 0);
    if (!wl)
        return -1;
    size_t nw = (size_t)cJSON_GetArraySize(wl), i = 0;
    xv_waiver_use *ws = calloc(nw ? nw : 1, sizeof *ws);
    if (!ws)
        return xv_sl_fail(lc, "waivers", "out of memory");
    *out = ws;
    *nout = nw;
    for (const cJSON *w = wl->child; w; w = w->next, i++) {
        char ww[48];
        double covered, matched, days;
        snprintf(ww, sizeof ww, "waivers[%zu]", i);
        xv_waiver_use *u = &ws[i];
        const char *check, *match, *reason, *expires;
        if (xv_sl_str(lc, w, "check", ww, 1, &check) || xv_sl_str(lc, w, "match", ww, 1, &match) ||
            xv_sl_str(lc, w, "reason", ww, 1, &reason) ||
            xv_sl_str(lc, w, "expires", ww, 1, &expires) ||
            xv_sl_num(lc, w, "covered", ww, 0, 1e12, &covered) ||
            xv_sl_num(lc, w, "matched", ww, 0, 1e12, &matched) ||
            xv_sl_bool(lc, w, "expired", ww, &u->expired) ||
            xv_sl_bool(lc, w, "expiring", ww, &u->expiring) ||
            xv_sl_num(lc, w, "days_left", ww, -1e9, 1e9, &days))
            return -1;
        u->check = xv_run_strdup(run, check);
        u->match = xv_run_strdup(run, match);
        u->reason = reason ? xv_run_strdup(run, reason) : "";
        u->expires = xv_run_strdup(run, expires);
        u->covered = (size_t)covered;
        u->matched = (size_t)matched;
        u->days_left = (long)days;
    }
    return 0;
}

xv_run *xv_saved_run(xv_saved *s, char *err, size_t errlen)
{
    lctx lc = { s->file, err, errlen, 0 };
    xv_run_opts o;
    xv_restore in;
    memset(&in, 0, sizeof in);
    if (xv_sl_load_opts(&lc, s->doc, &o) || xv_sl_load_restore(&lc, s->doc, &in))
        return NULL;
    /* a shard's result stays one */
    const cJSON *saved = xv_sl_field(s->doc, "saved");
    const char *stage;
    const char **units = NULL;
    size_t *orig = NULL;
    if (xv_sl_str(&lc, saved, "stage", "saved", 0, &stage))
        return NULL;
    if (strcmp(stage, "shard") == 0) {
        const cJSON *sh = xv_sl_obj(&lc, saved, "shard", "saved", 0);
        double k, n;
        if (!sh || xv_sl_num(&lc, sh, "k", "saved.shard", 0, 1000, &k) ||
            xv_sl_num(&lc, sh, "n", "saved.shard", 0, 1000, &n) ||
            xv_sl_str(&lc, sh, "platforms", "saved.shard", 1, &o.platform_filter))
            return NULL;
        if (k > n || (n > 0 && k < 1)) {
            xv_sl_fail(&lc, "saved.shard.k", "not a share of saved.shard.n");
            return NULL;
        }
        const cJSON *ul = xv_sl_arr(&lc, sh, "units", "saved.shard", 1u << 20, 0);
        if (!ul)
            return NULL;
        units = calloc((size_t)cJSON_GetArraySize(ul) + 1, sizeof *units);
        if (!units) {
            xv_sl_fail(&lc, "saved.shard.units", "out of memory");
            return NULL;
        }
        for (const cJSON *u = ul->child; u; u = u->next) {
            if (!cJSON_IsString(u)) {
                xv_sl_fail(&lc, "saved.shard.units", "expected strings");
                free(units);
                return NULL;
            }
            units[in.nunits++] = u->valuestring;
        }
        o.shard_k = (int)k;
        o.shard_n = (int)n;
        in.stage = XV_STAGE_SHARD;
    } else if (strcmp(stage, "merge") == 0) {
        in.stage = XV_STAGE_MERGE;
    } else if (strcmp(stage, "full") != 0) {
        xv_sl_fail(&lc, "saved.stage", "expected full, shard or merge");
        return NULL;
    }
    in.units = units;
    xv_run *run = xv_run_new(&o);
    if (!run) {
        xv_sl_fail(&lc, "(run)", "out of memory");
        free(units);
        return NULL;
    }
    xv_waiver_use *ws = NULL;
    size_t nw = 0;
    xv_dist *d = NULL;
    if (xv_sl_load_inputs(&lc, s->doc, run))
        goto bad;
    d = xv_sl_build_dist(&lc, &s, 1);
    if (!d)
        goto bad;
    size_t np = xv_dist_package_count(d), i = 0;
    if (in.stage == XV_STAGE_SHARD) {
        /* the package indices in the whole release, and the results before
         * policy that a merge reads */
        orig = calloc(np ? np : 1, sizeof *orig);
        if (!orig) {
            xv_sl_fail(&lc, "saved.packages", "out of memory");
            goto bad;
        }
        const cJSON *sp = xv_sl_field(saved, "packages");
        for (const cJSON *q = sp->child; q && i < np; q = q->next, i++)
            orig[i] = (size_t)xv_sl_field(q, "index")->valuedouble;
        in.orig = orig;
        const cJSON *pre = xv_sl_arr(&lc, saved, "results", "saved", 10000000, 0);
        if (!pre)
            goto bad;
        i = 0;
        for (const cJSON *r = pre->child; r; r = r->next, i++) {
            char w[48];
            snprintf(w, sizeof w, "saved.results[%zu]", i);
            if (xv_sl_load_result(&lc, run, r, w, 1))
                goto bad;
        }
        if (xv_run_move_to_pre(run) != XV_OK) {
            xv_sl_fail(&lc, "saved.results", "out of memory");
            goto bad;
        }
    }
    const cJSON *res = xv_sl_arr(&lc, s->doc, "results", "", 10000000, 0);
    if (!res)
        goto bad;
    i = 0;
    for (const cJSON *r = res->child; r; r = r->next, i++) {
        char w[48];
        snprintf(w, sizeof w, "results[%zu]", i);
        if (xv_sl_load_result(&lc, run, r, w, 0))
            goto bad;
    }
    if (load_waivers(&lc, run, s->doc, &ws, &nw))
        goto bad;
    in.dist = d;
    d = NULL;
    in.waivers = ws;
    in.nwaivers = nw;
    if (xv_run_restore(run, &in) != XV_OK) {   /* the run owns the dist either way */
        xv_sl_fail(&lc, "(run)", "out of memory");
        goto bad;
    }
    free(ws);
    free(units);
    free(orig);
    return run;
bad:
    free(ws);
    free(units);
    free(orig);
    xv_dist_free(d);
    xv_run_free(run);
    return NULL;
}

int xv_saved_parse_buffer(const char *data, size_t len)
{
    char err[1024];
    xv_saved *s = saved_from_text("input", data, len, err, sizeof err);
    if (!s)
        return -1;
    xv_run *run = xv_saved_run(s, err, sizeof err);
    int rc = run ? 0 : -1;
    if (run) {
        /* every writer on the rebuilt run, as `xverify report` does */
        FILE *null = fopen("/dev/null", "w");
        for (int k = XV_REPORT_TERMINAL; null && k <= XV_REPORT_HTML; k++)
            xv_report_write(run, (xv_report_kind)k, NULL, null);
        if (null)
            fclose(null);
    }
    xv_run_free(run);
    /* and as the only shard of a merge (a --shard 1/1 result merges) */
    run = xv_saved_merge(&s, 1, err, sizeof err);
    if (run) {
        FILE *null = fopen("/dev/null", "w");
        if (null) {
            xv_report_write(run, XV_REPORT_JSON, NULL, null);
            fclose(null);
        }
    }
    xv_run_free(run);
    xv_saved_free(s);
    return rc;
}
