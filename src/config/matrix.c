/* The release matrix: JSON with comments -> typed structs (see matrix.h and
 * docs/matrix.md). Every key is checked: an unknown key or a wrong type is an
 * error naming the key's JSON path. */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "common/arena.h"
#include "config/matrix.h"
#include "common/date.h"
#include "checks/check.h"

#define XV_MATRIX_MAX_BYTES (16u << 20)
#define XV_MATRIX_MAX_LIST 100000u

/* ---- reading ---- */

static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        if (cap >= XV_MATRIX_MAX_BYTES) {
            free(buf);
            buf = NULL;
            snprintf(err, errlen, "%s: larger than %u bytes", path, XV_MATRIX_MAX_BYTES);
            fclose(f);
            return NULL;
        }
        cap *= 2;
        char *nb = realloc(buf, cap + 1);
        if (!nb) {
            free(buf);
            buf = NULL;
        } else {
            buf = nb;
        }
    }
    int rerr = ferror(f);
    fclose(f);
    if (!buf || rerr) {
        free(buf);
        snprintf(err, errlen, "%s: %s", path, buf ? "read error" : "out of memory");
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

/* Blanks // and block comments outside strings (keeping newlines so cJSON's
 * error offset maps to the same line). Returns -1 on an unterminated comment. */
static int strip_comments(char *s, size_t len)
{
    size_t i = 0;
    int in_str = 0;
    while (i < len) {
        char c = s[i];
        if (in_str) {
            if (c == '\\' && i + 1 < len)
                i++;
            else if (c == '"')
                in_str = 0;
            i++;
        } else if (c == '"') {
            in_str = 1;
            i++;
        } else if (c == '/' && i + 1 < len && s[i + 1] == '/') {
            while (i < len && s[i] != '\n')
                s[i++] = ' ';
        } else if (c == '/' && i + 1 < len && s[i + 1] == '*') {
            s[i] = s[i + 1] = ' ';
            i += 2;
            while (i < len && !(s[i] == '*' && i + 1 < len && s[i + 1] == '/')) {
                if (s[i] != '\n')
                    s[i] = ' ';
                i++;
            }
            if (i >= len)
                return -1;
            s[i] = s[i + 1] = ' ';
            i += 2;
        } else {
            i++;
        }
    }
    return 0;
}

/* ---- parse state ---- */

typedef struct mparse {
    xv_arena *a;
    const char *name;
    char *err;
    size_t errlen;
    int failed;
} mparse;

static void perr(mparse *p, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void perr(mparse *p, const char *path, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = 1;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(p->err, p->errlen, "%s: %s: %s", p->name, path, msg);
}

static void join(char *out, size_t n, const char *base, const char *key)
{
    /* Truncation is acceptable in a message path. */
    int r = (!base || !*base) ? snprintf(out, n, "%s", key) : snprintf(out, n, "%s.%s", base, key);
    if (r < 0)
        out[0] = 0;
}

/* Rejects keys of obj not in allowed (NULL-terminated). */
static int check_keys(mparse *p, const cJSON *obj, const char *path, const char *const *allowed)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, obj) {
        int ok = 0;
        for (const char *const *k = allowed; *k; k++)
            if (it->string && strcmp(it->string, *k) == 0)
                ok = 1;
        if (!ok) {
            char kp[512];
            join(kp, sizeof kp, path, it->string ? it->string : "?");
            char list[512] = "";
            for (const char *const *k = allowed; *k; k++) {
                if (list[0])
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
                strncat(list, *k, sizeof list - strlen(list) - 1);
            }
            perr(p, kp, "unknown key (expected one of: %s)", list);
            return -1;
        }
    }
    return 0;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* JSON leaves duplicate keys undefined and cJSON keeps the first: a second
 * "severity" would be silently ignored. Every object in the tree is checked
 * (cJSON bounds the nesting). */
static int check_duplicates(mparse *p, const cJSON *node, const char *path)
{
    size_t n = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, node)
        n++;
    if (cJSON_IsObject(node) && n > 1) {
        const char **names = malloc(n * sizeof *names);
        if (!names) {
            perr(p, path[0] ? path : "(top)", "out of memory");
            return -1;
        }
        size_t k = 0;
        cJSON_ArrayForEach(it, node)
            names[k++] = it->string ? it->string : "";
        qsort(names, n, sizeof *names, cmp_key);
        for (size_t i = 1; i < n; i++) {
            if (strcmp(names[i], names[i - 1]) == 0) {
                char kp[512];
                join(kp, sizeof kp, path, names[i]);
                perr(p, kp, "duplicate key (JSON keeps only one of them: merge the two)");
                free(names);
                return -1;
            }
        }
        free(names);
    }
    size_t i = 0;
    cJSON_ArrayForEach(it, node) {
        if (cJSON_IsObject(it) || cJSON_IsArray(it)) {
            char kp[512];
            if (cJSON_IsObject(node))
                join(kp, sizeof kp, path, it->string ? it->string : "?");
            else
                snprintf(kp, sizeof kp, "%s[%zu]", path, i);
            if (check_duplicates(p, it, kp))
                return -1;
        }
        i++;
    }
    return 0;
}

static const char *get_str(mparse *p, const cJSON *obj, const char *key, const char *path,
                           const char *expect)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return NULL;
    char kp[512];
    join(kp, sizeof kp, path, key);
    if (!cJSON_IsString(v) || !v->valuestring) {
        perr(p, kp, "expected %s", expect ? expect : "a string");
        return NULL;
    }
    const char *s = xv_arena_strdup(p->a, v->valuestring);
    if (!s)
        perr(p, kp, "out of memory");
    return s;
}

static int valid_version(const char *s)
{
    /* "2", "2.31", "3.4.30", "10.15" */
    if (!s || !isdigit((unsigned char)*s))
        return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s) && !(*s == '.' && isdigit((unsigned char)s[1])))
            return 0;
    return 1;
}

static const char *get_version(mparse *p, const cJSON *obj, const char *key, const char *path,
                               const char *example)
{
    char expect[128];
    snprintf(expect, sizeof expect, "a string like \"%s\"", example);
    const char *s = get_str(p, obj, key, path, expect);
    if (s && !valid_version(s)) {
        char kp[512];
        join(kp, sizeof kp, path, key);
        perr(p, kp, "expected %s, got \"%s\"", expect, s);
        return NULL;
    }
    return s;
}

static int get_str_list(mparse *p, const cJSON *obj, const char *key, const char *path,
                        const char *const **out, size_t *n)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    *n = 0;
    if (!v)
        return 0;
    char kp[512];
    join(kp, sizeof kp, path, key);
    if (!cJSON_IsArray(v)) {
        perr(p, kp, "expected an array of strings");
        return -1;
    }
    const cJSON *it;
    size_t i = 0;
    cJSON_ArrayForEach(it, v) {
        if (!cJSON_IsString(it) || !it->valuestring) {
            char ip[560];
            snprintf(ip, sizeof ip, "%s[%zu]", kp, i);
            perr(p, ip, "expected a string");
            return -1;
        }
        const char **slot = xv_arena_push(p->a, (void *)out, n, sizeof *slot, XV_MATRIX_MAX_LIST);
        if (!slot || !(*slot = xv_arena_strdup(p->a, it->valuestring))) {
            perr(p, kp, "too many entries or out of memory");
            return -1;
        }
        i++;
    }
    return 0;
}

int xv_size_parse(const char *s, uint64_t *out)
{
    if (!s)
        return -1;
    while (isspace((unsigned char)*s))
        s++;
    if (!isdigit((unsigned char)*s))
        return -1;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (errno || end == s || !(v >= 0) || !isfinite(v))
        return -1;
    while (isspace((unsigned char)*end))
        end++;
    double mul = 1;
    struct { const char *u; double m; } units[] = {
        {"", 1}, {"B", 1}, {"K", 1e3}, {"KB", 1e3}, {"KiB", 1024.0}, {"M", 1e6}, {"MB", 1e6},
        {"MiB", 1048576.0}, {"G", 1e9}, {"GB", 1e9}, {"GiB", 1073741824.0},
        {"T", 1e12}, {"TB", 1e12}, {"TiB", 1099511627776.0},
    };
    size_t k;
    for (k = 0; k < sizeof units / sizeof units[0]; k++)
        if (strcasecmp(end, units[k].u) == 0)
            break;
    if (k == sizeof units / sizeof units[0])
        return -1;
    mul = units[k].m;
    double r = v * mul;
    if (r > 1.8e19)
        return -1;
    *out = (uint64_t)(r + 0.5);
    return 0;
}

/* A size is a number of bytes or a string with a unit. */
static int get_size(mparse *p, const cJSON *obj, const char *key, const char *path, uint64_t *out,
                    int *has)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return 0;
    char kp[512];
    join(kp, sizeof kp, path, key);
    if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1.8e19) {
        *out = (uint64_t)v->valuedouble;
        *has = 1;
        return 0;
    }
    if (cJSON_IsString(v) && xv_size_parse(v->valuestring, out) == 0) {
        *has = 1;
        return 0;
    }
    perr(p, kp, "expected a size like \"10MB\", \"512KiB\" or a number of bytes");
    return -1;
}

static int get_number(mparse *p, const cJSON *obj, const char *key, const char *path, double *out,
                      int *has, double min)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return 0;
    char kp[512];
    join(kp, sizeof kp, path, key);
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= min) || !isfinite(v->valuedouble)) {
        perr(p, kp, "expected a number >= %g", min);
        return -1;
    }
    *out = v->valuedouble;
    if (has)
        *has = 1;
    return 0;
}

static const cJSON *get_obj(mparse *p, const cJSON *obj, const char *key, const char *path)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return NULL;
    if (!cJSON_IsObject(v)) {
        char kp[512];
        join(kp, sizeof kp, path, key);
        perr(p, kp, "expected an object");
        return NULL;
    }
    return v;
}

static int valid_date(const char *s)
{
    return xv_date_parse(s, NULL);
}

/* ---- sections ---- */

/* A promise names a catalogue release: "family:version" or "family:codename"
 * (matrices/distros/); whether the catalogue has it is checked when the run
 * loads the catalogue. */
static void check_distros(mparse *p, const char *path, const char *const *l, size_t n)
{
    char kp[512];
    join(kp, sizeof kp, path, "distros");
    for (size_t i = 0; i < n && !p->failed; i++) {
        const char *c = strchr(l[i], ':');
        int ok = c && c != l[i] && c[1] && !strchr(c + 1, ':') && strlen(l[i]) < 64;
        for (const char *s = l[i]; ok && *s; s++)
            ok = isalnum((unsigned char)*s) || *s == ':' || *s == '.' || *s == '-' || *s == '_';
        if (!ok)
            perr(p, kp, "expected \"family:version\" such as \"ubuntu:20.04\" or "
                        "\"debian:bookworm\", got \"%s\"", l[i]);
    }
}

static void parse_platform(mparse *p, const cJSON *node, const char *path, xv_mx_platform *pl)
{
    static const char *const keys[] = { "package", "libc", "glibc", "glibcxx", "cxxabi",
        "macos_min", "windows_min", "slices", "allowed_libs", "manifest", "distros", NULL };
    if (!cJSON_IsObject(node)) {
        perr(p, path, "expected an object");
        return;
    }
    if (check_keys(p, node, path, keys))
        return;
    pl->package = get_str(p, node, "package", path, "a glob on the package name");
    const char *libc = get_str(p, node, "libc", path, "\"glibc\" or \"musl\"");
    if (libc) {
        if (strcmp(libc, "glibc") == 0)
            pl->libc = XV_LIBC_GLIBC;
        else if (strcmp(libc, "musl") == 0)
            pl->libc = XV_LIBC_MUSL;
        else {
            char kp[512];
            join(kp, sizeof kp, path, "libc");
            perr(p, kp, "expected \"glibc\" or \"musl\", got \"%s\"", libc);
        }
    }
    pl->glibc = get_version(p, node, "glibc", path, "2.31");
    pl->glibcxx = get_version(p, node, "glibcxx", path, "3.4.30");
    pl->cxxabi = get_version(p, node, "cxxabi", path, "1.3.13");
    pl->macos_min = get_version(p, node, "macos_min", path, "11.0");
    pl->windows_min = get_version(p, node, "windows_min", path, "6.2");
    get_str_list(p, node, "slices", path, &pl->slices, &pl->nslices);
    get_str_list(p, node, "allowed_libs", path, &pl->allowed_libs, &pl->nallowed_libs);
    get_str_list(p, node, "manifest", path, &pl->manifest, &pl->nmanifest);
    get_str_list(p, node, "distros", path, &pl->distros, &pl->ndistros);
    check_distros(p, path, pl->distros, pl->ndistros);
    if (pl->libc == XV_LIBC_UNKNOWN)
        pl->libc = pl->plat.libc;
}

static void parse_files(mparse *p, const cJSON *node, struct xv_matrix *m)
{
    static const char *const keys[] = { "match", "exports", "size", NULL };
    static const char *const ekeys[] = { "required", "forbidden", NULL };
    static const char *const skeys[] = { "min", "max", NULL };
    if (!cJSON_IsArray(node)) {
        perr(p, "files", "expected an array of rules");
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(node);
    if (n > XV_MATRIX_MAX_LIST) {
        perr(p, "files", "too many rules");
        return;
    }
    m->files = n ? xv_arena_alloc(p->a, n * sizeof *m->files) : NULL;
    const cJSON *it;
    size_t i = 0;
    cJSON_ArrayForEach(it, node) {
        char path[64];
        snprintf(path, sizeof path, "files[%zu]", i);
        xv_mx_file_rule *r = &m->files[i++];
        if (!cJSON_IsObject(it)) {
            perr(p, path, "expected an object");
            return;
        }
        if (check_keys(p, it, path, keys))
            return;
        r->match = get_str(p, it, "match", path, "a glob on the member path");
        if (!r->match && !p->failed) {
            char kp[128];
            join(kp, sizeof kp, path, "match");
            perr(p, kp, "required");
        }
        char sub[128];
        snprintf(sub, sizeof sub, "%s.exports", path);
        const cJSON *ex = get_obj(p, it, "exports", path);
        if (ex && !check_keys(p, ex, sub, ekeys)) {
            get_str_list(p, ex, "required", sub, &r->required, &r->nrequired);
            get_str_list(p, ex, "forbidden", sub, &r->forbidden, &r->nforbidden);
        }
        snprintf(sub, sizeof sub, "%s.size", path);
        const cJSON *sz = get_obj(p, it, "size", path);
        if (sz && !check_keys(p, sz, sub, skeys)) {
            get_size(p, sz, "min", sub, &r->size_min, &r->has_min);
            get_size(p, sz, "max", sub, &r->size_max, &r->has_max);
        }
        if (p->failed)
            return;
    }
    m->nfiles = n;
}

int xv_check_key_known(const char *key)
{
    if (!key || !*key)
        return 0;
    if (strcmp(key, "*") == 0)
        return 1;
    for (size_t i = 0; xv_checks[i]; i++)
        if (xv_check_id_match(key, xv_checks[i]->id))
            return 1;
    return 0;
}

/* Edit distance, capped: short ids only. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* ": did you mean \"hardening\"?" for a near check id, else "". */
static const char *suggest_check(const char *key)
{
    static _Thread_local char buf[160];
    size_t best = 3;
    const char *hit = NULL;
    for (size_t i = 0; key && xv_checks[i]; i++) {
        size_t d = edit_distance(key, xv_checks[i]->id);
        if (d < best) {
            best = d;
            hit = xv_checks[i]->id;
        }
    }
    if (!hit)
        return "";
    snprintf(buf, sizeof buf, ": did you mean \"%s\"?", hit);
    return buf;
}

static void parse_require(mparse *p, const cJSON *node, struct xv_matrix *m)
{
    const char *const *list = NULL;
    size_t n = 0;
    if (get_str_list(p, node, "require", "", &list, &n) != 0 || p->failed)
        return;
    for (size_t i = 0; i < n; i++) {
        if (!xv_check_key_known(list[i])) {
            char kp[64];
            snprintf(kp, sizeof kp, "require[%zu]", i);
            perr(p, kp, "unknown check id \"%s\"%s", list[i], suggest_check(list[i]));
            return;
        }
    }
    m->require = list;
    m->nrequire = n;
}

static xv_mx_level parse_level(const char *s)
{
    if (!s)
        return XV_MX_DEFAULT;
    if (strcmp(s, "off") == 0)
        return XV_MX_OFF;
    if (strcmp(s, "warn") == 0)
        return XV_MX_WARN;
    if (strcmp(s, "fail") == 0)
        return XV_MX_FAIL;
    return XV_MX_DEFAULT;
}

static void parse_severity(mparse *p, const cJSON *node, struct xv_matrix *m)
{
    size_t n = (size_t)cJSON_GetArraySize(node);
    if (n > XV_MATRIX_MAX_LIST) {
        perr(p, "severity", "too many entries");
        return;
    }
    m->severities = n ? xv_arena_alloc(p->a, n * sizeof *m->severities) : NULL;
    const cJSON *it;
    size_t i = 0;
    cJSON_ArrayForEach(it, node) {
        char kp[512];
        join(kp, sizeof kp, "severity", it->string ? it->string : "?");
        if (!xv_check_key_known(it->string)) {
            perr(p, kp, "unknown check id%s (expected a check id such as \"hardening\" or a "
                        "prefix such as \"size\"; 'xverify --help' lists them)",
                 suggest_check(it->string));
            return;
        }
        xv_mx_level lv = cJSON_IsString(it) ? parse_level(it->valuestring) : XV_MX_DEFAULT;
        if (lv == XV_MX_DEFAULT) {
            perr(p, kp, "expected \"off\", \"warn\" or \"fail\"");
            return;
        }
        m->severities[i].check = xv_arena_strdup(p->a, it->string ? it->string : "");
        m->severities[i].level = lv;
        i++;
    }
    m->nseverities = i;
}

static void parse_waivers(mparse *p, const cJSON *node, struct xv_matrix *m)
{
    static const char *const keys[] = { "check", "match", "reason", "expires", NULL };
    if (!cJSON_IsArray(node)) {
        perr(p, "waivers", "expected an array of waivers");
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(node);
    if (n > XV_MATRIX_MAX_LIST) {
        perr(p, "waivers", "too many entries");
        return;
    }
    m->waivers = n ? xv_arena_alloc(p->a, n * sizeof *m->waivers) : NULL;
    const cJSON *it;
    size_t i = 0;
    cJSON_ArrayForEach(it, node) {
        char path[64], kp[128];
        snprintf(path, sizeof path, "waivers[%zu]", i);
        xv_mx_waiver *w = &m->waivers[i++];
        if (!cJSON_IsObject(it)) {
            perr(p, path, "expected an object");
            return;
        }
        if (check_keys(p, it, path, keys))
            return;
        w->check = get_str(p, it, "check", path, "a check id");
        w->match = get_str(p, it, "match", path, "a glob on the member path");
        w->reason = get_str(p, it, "reason", path, "a string");
        w->expires = get_str(p, it, "expires", path, "a date like \"2027-06-30\"");
        if (p->failed)
            return;
        if (!w->check) {
            join(kp, sizeof kp, path, "check");
            perr(p, kp, "required (a check id such as \"hardening\")");
        } else if (!xv_check_key_known(w->check)) {
            join(kp, sizeof kp, path, "check");
            perr(p, kp, "unknown check id \"%s\"%s", w->check, suggest_check(w->check));
        } else if (!w->reason || !*w->reason) {
            join(kp, sizeof kp, path, "reason");
            perr(p, kp, "required: say why the finding is accepted");
        } else if (w->expires && !valid_date(w->expires)) {
            join(kp, sizeof kp, path, "expires");
            perr(p, kp, "expected a real calendar date like \"2027-06-30\", got \"%s\"",
                 w->expires);
        }
        if (p->failed)
            return;
    }
    m->nwaivers = n;
}

/* Bookkeeping kept in m->priv. */
typedef struct mpriv {
    xv_arena arena;
} mpriv;

/* "limits": sizes with units, counts and the ratio; each optional. */
static void parse_limits(mparse *p, const cJSON *lim, xv_mx_limits *l)
{
    static const char *const keys[] = { "total", "member", "entries", "depth", "ratio",
        "ratio_min", NULL };
    if (check_keys(p, lim, "limits", keys))
        return;
    get_size(p, lim, "total", "limits", &l->total, &l->has_total);
    get_size(p, lim, "member", "limits", &l->member, &l->has_member);
    get_size(p, lim, "ratio_min", "limits", &l->ratio_min, &l->has_ratio_min);
    get_number(p, lim, "ratio", "limits", &l->ratio, &l->has_ratio, 1.0);
    get_number(p, lim, "depth", "limits", &l->depth, &l->has_depth, 0.0);
    double entries = 0;
    int has_entries = 0;
    get_number(p, lim, "entries", "limits", &entries, &has_entries, 1.0);
    if (p->failed)
        return;
    if ((l->has_total && !l->total) || (l->has_member && !l->member)) {
        perr(p, l->has_total && !l->total ? "limits.total" : "limits.member",
             "expected a size above 0");
        return;
    }
    /* whole numbers, compared through an integer (no libm) */
    if (l->has_depth && (l->depth > 64 || l->depth != (double)(int)l->depth)) {
        perr(p, "limits.depth", "expected a whole number from 0 to 64");
        return;
    }
    if (l->has_ratio && l->ratio > 4294967295.0) {
        perr(p, "limits.ratio", "expected a number from 1 to 4294967295");
        return;
    }
    if (has_entries) {
        if (entries > 1e12 || entries != (double)(uint64_t)entries) {
            perr(p, "limits.entries", "expected a whole number from 1 to 1000000000000");
            return;
        }
        l->entries = (uint64_t)entries;
        l->has_entries = 1;
    }
}

static char *dirname_of(xv_arena *a, const char *name)
{
    const char *slash = strrchr(name, '/');
    if (!slash)
        return xv_arena_strdup(a, ".");
    return xv_arena_strndup(a, name, (size_t)(slash - name) + (slash == name));
}

int xv_matrix_parse(const char *text, size_t len, const char *name,
                    struct xv_matrix **out, char *err, size_t errlen)
{
    static const char *const keys[] = { "$schema", "name", "platforms", "files", "size",
        "baseline", "severity", "waivers", "waiver_warning_days", "require", "smoke", "limits",
        "distros", NULL };
    *out = NULL;
    if (!name)
        name = "<matrix>";
    char *buf = malloc(len + 1);
    if (!buf) {
        snprintf(err, errlen, "%s: out of memory", name);
        return -1;
    }
    memcpy(buf, text, len);
    buf[len] = 0;
    /* Raw control characters and NUL are never part of a matrix a person
     * wrote: JSON forbids them in strings, and cJSON would read them as
     * white space (or stop at a NUL and ignore the rest). */
    size_t line = 1, col = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            snprintf(err, errlen, "%s:%zu:%zu: raw control character 0x%02x%s (write it as "
                     "a \\u escape inside a string, or remove it)", name, line, col, c,
                     c == 0 ? " (NUL)" : "");
            free(buf);
            return -1;
        }
        if (c == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    if (strip_comments(buf, len) != 0) {
        free(buf);
        snprintf(err, errlen, "%s: unterminated /* comment", name);
        return -1;
    }
    const char *eptr = NULL;
    /* require_null_terminated: content after the top-level value is an error. */
    cJSON *root = cJSON_ParseWithLengthOpts(buf, len + 1, &eptr, 1);
    if (!root) {
        size_t off = eptr && eptr >= buf && eptr <= buf + len ? (size_t)(eptr - buf) : 0;
        line = 1, col = 1;
        for (size_t i = 0; i < off; i++) {
            if (buf[i] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        int trailing = 0;
        cJSON *head = cJSON_ParseWithLengthOpts(buf, len, NULL, 0);
        if (head) {
            trailing = 1;
            cJSON_Delete(head);
        }
        snprintf(err, errlen, "%s:%zu:%zu: %s", name, line, col,
                 trailing ? "content after the end of the matrix object (remove it)"
                          : "not valid JSON (after comments are removed)");
        free(buf);
        return -1;
    }
    free(buf);

    struct xv_matrix *m = calloc(1, sizeof *m);
    mpriv *pv = calloc(1, sizeof *pv);
    if (!m || !pv) {
        free(m);
        free(pv);
        cJSON_Delete(root);
        snprintf(err, errlen, "%s: out of memory", name);
        return -1;
    }
    xv_arena_init(&pv->arena);
    m->priv = pv;
    mparse p = { &pv->arena, name, err, errlen, 0 };
    m->path = xv_arena_strdup(p.a, name);

    if (!cJSON_IsObject(root)) {
        perr(&p, "(top)", "expected an object");
        goto done;
    }
    if (check_duplicates(&p, root, ""))
        goto done;
    if (check_keys(&p, root, "", keys))
        goto done;
    get_str(&p, root, "$schema", "", "a string");
    m->name = get_str(&p, root, "name", "", "a string");
    get_str_list(&p, root, "distros", "", &m->distros, &m->ndistros);
    check_distros(&p, "", m->distros, m->ndistros);
    if (p.failed)
        goto done;

    const cJSON *plats = get_obj(&p, root, "platforms", "");
    if (plats) {
        size_t n = (size_t)cJSON_GetArraySize(plats);
        if (n > 1000) {
            perr(&p, "platforms", "too many platforms");
            goto done;
        }
        m->platforms = n ? xv_arena_alloc(p.a, n * sizeof *m->platforms) : NULL;
        const cJSON *it;
        size_t i = 0;
        cJSON_ArrayForEach(it, plats) {
            char path[512];
            join(path, sizeof path, "platforms", it->string ? it->string : "?");
            xv_mx_platform *pl = &m->platforms[i++];
            pl->id = xv_arena_strdup(p.a, it->string ? it->string : "");
            if (!xv_platform_parse(pl->id, &pl->plat)) {
                perr(&p, path, "unknown platform id (use GOOS_GOARCH style ids such as "
                                "linux_amd64, linux_arm64_musl, darwin_arm64, darwin_universal, "
                                "windows_amd64)");
                goto done;
            }
            parse_platform(&p, it, path, pl);
            if (p.failed)
                goto done;
        }
        m->nplatforms = n;
    }
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(root, "files");
    if (files && !p.failed)
        parse_files(&p, files, m);

    const cJSON *size = get_obj(&p, root, "size", "");
    if (size && !p.failed) {
        static const char *const skeys[] = { "consistency_ratio", NULL };
        if (!check_keys(&p, size, "size", skeys))
            get_number(&p, size, "consistency_ratio", "size", &m->consistency_ratio, NULL, 1.0);
    }
    const cJSON *base = get_obj(&p, root, "baseline", "");
    if (base && !p.failed) {
        static const char *const bkeys[] = { "path", "max_growth_percent", "max_growth_bytes", NULL };
        if (!check_keys(&p, base, "baseline", bkeys)) {
            const char *bp = get_str(&p, base, "path", "baseline", "a path to the previous release");
            if (bp && bp[0] != '/') {
                const char *dir = dirname_of(p.a, name);
                bp = xv_arena_printf(p.a, "%s/%s", dir ? dir : ".", bp);
            }
            m->baseline_path = bp;
            get_number(&p, base, "max_growth_percent", "baseline", &m->max_growth_percent,
                       &m->has_growth_percent, 0.0);
            get_size(&p, base, "max_growth_bytes", "baseline", &m->max_growth_bytes,
                     &m->has_growth_bytes);
        }
    }
    const cJSON *sev = get_obj(&p, root, "severity", "");
    if (sev && !p.failed)
        parse_severity(&p, sev, m);
    const cJSON *wv = cJSON_GetObjectItemCaseSensitive(root, "waivers");
    if (wv && !p.failed)
        parse_waivers(&p, wv, m);
    const cJSON *lim = get_obj(&p, root, "limits", "");
    if (lim && !p.failed)
        parse_limits(&p, lim, &m->limits);
    if (!p.failed)
        parse_require(&p, root, m);
    m->waiver_warn_days = -1;
    if (!p.failed && cJSON_GetObjectItemCaseSensitive(root, "waiver_warning_days")) {
        double days = 0;
        int has = 0;
        get_number(&p, root, "waiver_warning_days", "", &days, &has, 0.0);
        if (!p.failed && (days > 3650 || days != (double)(int)days))
            perr(&p, "waiver_warning_days", "expected a whole number of days 0..3650");
        else if (!p.failed)
            m->waiver_warn_days = (int)days;
    }
    const cJSON *smoke = cJSON_GetObjectItemCaseSensitive(root, "smoke");
    if (smoke && !p.failed) {
        char serr[1024] = "";
        if (!cJSON_IsObject(smoke)) {
            perr(&p, "smoke", "expected an object");
        } else if (xv_smoke_config_parse(smoke, "smoke", &m->smoke, serr, sizeof serr) != 0) {
            p.failed = 1;
            snprintf(err, errlen, "%s: %s", name, serr[0] ? serr : "smoke: invalid");
        }
    }
done:
    cJSON_Delete(root);
    if (p.failed) {
        xv_matrix_free(m);
        return -1;
    }
    *out = m;
    return 0;
}

int xv_matrix_load(const char *path, struct xv_matrix **out, char *err, size_t errlen)
{
    size_t len = 0;
    *out = NULL;
    char *text = read_file(path, &len, err, errlen);
    if (!text)
        return -1;
    int rc = xv_matrix_parse(text, len, path, out, err, errlen);
    free(text);
    return rc;
}

void xv_matrix_free(struct xv_matrix *m)
{
    if (!m)
        return;
    if (m->smoke)
        xv_smoke_config_free(m->smoke);
    mpriv *pv = m->priv;
    if (pv) {
        xv_arena_free(&pv->arena);
        free(pv);
    }
    free(m);
}

const xv_smoke_config *xv_matrix_smoke(const struct xv_matrix *m)
{
    return m ? m->smoke : NULL;
}

size_t xv_matrix_distros(const struct xv_matrix *m, const xv_mx_platform *mp,
                         const char *const **out)
{
    *out = NULL;
    if (mp && mp->ndistros) {
        *out = mp->distros;
        return mp->ndistros;
    }
    if (m && m->ndistros) {
        *out = m->distros;
        return m->ndistros;
    }
    return 0;
}

const xv_mx_platform *xv_matrix_platform(const struct xv_matrix *m, const char *id)
{
    if (!m || !id)
        return NULL;
    for (size_t i = 0; i < m->nplatforms; i++)
        if (strcmp(m->platforms[i].id, id) == 0 || strcmp(m->platforms[i].plat.id, id) == 0)
            return &m->platforms[i];
    return NULL;
}

int xv_check_id_match(const char *key, const char *id)
{
    if (!key || !id)
        return 0;
    if (strcmp(key, "*") == 0 || strcmp(key, id) == 0)
        return 1;
    size_t n = strlen(key);
    if (n > 2 && key[n - 1] == '*' && key[n - 2] == '.')
        n -= 2;
    return strncmp(key, id, n) == 0 && id[n] == '.';
}

xv_mx_level xv_matrix_level(const struct xv_matrix *m, const char *check)
{
    if (!m || !check)
        return XV_MX_DEFAULT;
    xv_mx_level best = XV_MX_DEFAULT;
    size_t bestlen = 0;
    for (size_t i = 0; i < m->nseverities; i++) {
        const xv_mx_severity *s = &m->severities[i];
        if (strcmp(s->check, check) == 0)
            return s->level;
        if (xv_check_id_match(s->check, check) && strlen(s->check) >= bestlen) {
            best = s->level;
            bestlen = strlen(s->check);
        }
    }
    return best;
}

/* ---- globs ---- */

/* The backtracking matcher, for patterns with "**" inside a segment only.
 * *budget bounds its work: a hostile member path must not turn a glob into
 * a hang; the caller tells an exhausted budget (below zero) from a miss. */
static int glob_rec(const char *p, const char *s, int depth, long *budget)
{
    if (depth > 64 || --*budget < 0)
        return 0;
    while (*p) {
        if (p[0] == '*' && p[1] == '*') {
            const char *rest = p + 2;
            while (*rest == '*')
                rest++;
            /* "**" + "/": zero folders too. */
            if (*rest == '/' && glob_rec(rest + 1, s, depth + 1, budget))
                return 1;
            for (const char *t = s;; t++) {
                if (glob_rec(rest, t, depth + 1, budget))
                    return 1;
                if (!*t)
                    return 0;
            }
        }
        if (*p == '*') {
            for (const char *t = s;; t++) {
                if (glob_rec(p + 1, t, depth + 1, budget))
                    return 1;
                if (!*t || *t == '/')
                    return 0;
            }
        }
        if (!*s)
            return 0;
        if (*p == '?') {
            if (*s == '/')
                return 0;
            p++;
            s++;
            continue;
        }
        if (*p == '[') {
            const char *q = p + 1;
            int neg = 0, hit = 0;
            if (*q == '!' || *q == '^') {
                neg = 1;
                q++;
            }
            const char *start = q;
            while (*q && (*q != ']' || q == start)) {
                if (q[1] == '-' && q[2] && q[2] != ']') {
                    if ((unsigned char)*s >= (unsigned char)q[0] && (unsigned char)*s <= (unsigned char)q[2])
                        hit = 1;
                    q += 3;
                } else {
                    if (*q == *s)
                        hit = 1;
                    q++;
                }
            }
            if (*q != ']') {    /* no closing bracket: a literal '[' */
                if (*s != '[')
                    return 0;
                p++;
                s++;
                continue;
            }
            if (hit == neg || *s == '/')
                return 0;
            p = q + 1;
            s++;
            continue;
        }
        if (*p == '\\' && p[1])
            p++;
        if (*p != *s)
            return 0;
        p++;
        s++;
    }
    return *s == 0;
}

/* One pattern element against one character c: '?', a [...] class, an
 * escaped or a plain character. 1 on match with *adv the element's length,
 * 0 otherwise. A '[' without its ']' is a literal. */
static int glob_one(const char *p, size_t pn, unsigned char c, size_t *adv)
{
    if (p[0] == '?') {
        *adv = 1;
        return c != '/';
    }
    if (p[0] == '[') {
        size_t q = 1;
        int neg = 0, hit = 0;
        if (q < pn && (p[q] == '!' || p[q] == '^')) {
            neg = 1;
            q++;
        }
        size_t start = q;
        while (q < pn && (p[q] != ']' || q == start)) {
            if (q + 2 < pn && p[q + 1] == '-' && p[q + 2] != ']') {
                if (c >= (unsigned char)p[q] && c <= (unsigned char)p[q + 2])
                    hit = 1;
                q += 3;
            } else {
                if ((unsigned char)p[q] == c)
                    hit = 1;
                q++;
            }
        }
        if (q < pn) {
            *adv = q + 1;
            return hit != neg && c != '/';
        }
        *adv = 1;   /* no closing bracket: a literal '[' */
        return c == '[';
    }
    if (p[0] == '\\' && pn > 1) {
        *adv = 2;
        return (unsigned char)p[1] == c;
    }
    *adv = 1;
    return (unsigned char)p[0] == c;
}

/* One path segment against one pattern segment (no '/' in either): the
 * two-pointer wildcard algorithm, linear in practice and O(pn * sn) at
 * worst, never exponential. Any run of '*' is one star. 1 match, 0 not,
 * -1 out of budget. */
static int glob_seg(const char *p, size_t pn, const char *s, size_t sn, long *budget)
{
    size_t pi = 0, si = 0, star = (size_t)-1, mark = 0;
    while (si < sn) {
        if (--*budget < 0)
            return -1;
        if (pi < pn && p[pi] == '*') {
            while (pi < pn && p[pi] == '*')
                pi++;
            star = pi;
            mark = si;
            continue;
        }
        size_t adv = 1;
        if (pi < pn && glob_one(p + pi, pn - pi, (unsigned char)s[si], &adv)) {
            pi += adv;
            si++;
            continue;
        }
        if (star == (size_t)-1)
            return 0;
        pi = star;
        si = ++mark;
    }
    while (pi < pn && p[pi] == '*')
        pi++;
    return pi == pn;
}

typedef struct gseg {
    const char *p;
    size_t n;
} gseg;

#define GLOB_MAX_SEGS 1024

static size_t glob_split(const char *s, gseg *out, size_t max)
{
    size_t n = 0;
    for (;;) {
        const char *e = strchr(s, '/');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (n == max)
            return max + 1;
        out[n].p = s;
        out[n].n = len;
        n++;
        if (!e)
            return n;
        s = e + 1;
    }
}

static int is_globstar(const gseg *g)
{
    return g->n == 2 && g->p[0] == '*' && g->p[1] == '*';
}

/* Folders: the same two-pointer algorithm one level up, a "**" segment
 * being the star over whole segments (zero or more folders). */
static int glob_path(const gseg *ps, size_t np, const gseg *ss, size_t ns, long *budget)
{
    size_t pi = 0, si = 0, star = (size_t)-1, mark = 0;
    while (si < ns) {
        if (--*budget < 0)
            return -1;
        if (pi < np && is_globstar(&ps[pi])) {
            while (pi < np && is_globstar(&ps[pi]))
                pi++;
            star = pi;
            mark = si;
            continue;
        }
        if (pi < np) {
            int r = glob_seg(ps[pi].p, ps[pi].n, ss[si].p, ss[si].n, budget);
            if (r < 0)
                return -1;
            if (r) {
                pi++;
                si++;
                continue;
            }
        }
        if (star == (size_t)-1)
            return 0;
        pi = star;
        si = ++mark;
    }
    while (pi < np && is_globstar(&ps[pi]))
        pi++;
    return pi == np;
}

int xv_glob_match_budget(const char *pattern, const char *path)
{
    if (!pattern || !path)
        return 0;
    if (!strchr(pattern, '/')) {
        const char *base = strrchr(path, '/');
        const char *bang = strrchr(path, '!');
        if (bang && (!base || bang > base))
            base = bang;
        path = base ? base + 1 : path;
    }
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    long budget = 1000000;
    if (!strchr(pattern, '/')) {
        /* one segment: "**" there is a star like any other */
        if (strchr(path, '/'))
            return 0;
        return glob_seg(pattern, strlen(pattern), path, strlen(path), &budget);
    }
    /* a "**" inside a segment ("lib**", "x**y") crosses folders: the
     * backtracking matcher, under the budget */
    gseg *ps = malloc(2 * (GLOB_MAX_SEGS + 1) * sizeof *ps);
    if (!ps)
        return -1;
    gseg *ss = ps + GLOB_MAX_SEGS + 1;
    size_t np = glob_split(pattern, ps, GLOB_MAX_SEGS);
    size_t ns = glob_split(path, ss, GLOB_MAX_SEGS);
    int mixed = 0;
    for (size_t i = 0; i < np && i < GLOB_MAX_SEGS && !mixed; i++)
        if (!is_globstar(&ps[i]))
            for (size_t k = 0; k + 1 < ps[i].n; k++)
                if (ps[i].p[k] == '*' && ps[i].p[k + 1] == '*')
                    mixed = 1;
    int r;
    if (mixed || np > GLOB_MAX_SEGS || ns > GLOB_MAX_SEGS) {
        budget = 200000;
        r = glob_rec(pattern, path, 0, &budget);
        if (!r && budget < 0)
            r = -1;
    } else {
        r = glob_path(ps, np, ss, ns, &budget);
    }
    free(ps);
    return r;
}

int xv_glob_match(const char *pattern, const char *path)
{
    return xv_glob_match_budget(pattern, path) == 1;
}

int xv_sym_match(const char *pattern, const char *name)
{
    return pattern && name && fnmatch(pattern, name, 0) == 0;
}

/* ---- system library lists ---- */

typedef struct spriv {
    xv_arena arena;
} spriv;

int xv_syslist_load(const char *data_dir, const char *family, xv_syslist **out,
                    char *err, size_t errlen)
{
    *out = NULL;
    char path[4200];
    snprintf(path, sizeof path, "%s/system-libs/%s.json", data_dir ? data_dir : ".", family);
    size_t len = 0;
    char *text = read_file(path, &len, err, errlen);
    if (!text)
        return -1;
    strip_comments(text, len);
    cJSON *root = cJSON_ParseWithLength(text, len);
    free(text);
    const cJSON *libs = root ? cJSON_GetObjectItemCaseSensitive(root, "libraries") : NULL;
    if (!libs || !cJSON_IsArray(libs)) {
        cJSON_Delete(root);
        snprintf(err, errlen, "%s: expected an object with a \"libraries\" array", path);
        return -1;
    }
    xv_syslist *l = calloc(1, sizeof *l);
    spriv *pv = calloc(1, sizeof *pv);
    if (!l || !pv) {
        free(l);
        free(pv);
        cJSON_Delete(root);
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    xv_arena_init(&pv->arena);
    l->priv = pv;
    l->family = xv_arena_strdup(&pv->arena, family);
    const cJSON *it;
    cJSON_ArrayForEach(it, libs) {
        if (!cJSON_IsString(it))
            continue;
        const char **slot = xv_arena_push(&pv->arena, (void *)&l->patterns, &l->npatterns,
                                          sizeof *slot, XV_MATRIX_MAX_LIST);
        if (!slot)
            break;
        *slot = xv_arena_strdup(&pv->arena, it->valuestring);
        if (!*slot)
            l->npatterns--;
    }
    cJSON_Delete(root);
    *out = l;
    return 0;
}

void xv_syslist_free(xv_syslist *l)
{
    if (!l)
        return;
    spriv *pv = l->priv;
    if (pv) {
        xv_arena_free(&pv->arena);
        free(pv);
    }
    free(l);
}

int xv_syslist_has(const xv_syslist *l, const char *name)
{
    if (!l || !name)
        return 0;
    int fold = l->family && strcmp(l->family, "windows") == 0;
    for (size_t i = 0; i < l->npatterns; i++) {
        const char *pat = l->patterns[i];
        if (fnmatch(pat, name, fold ? FNM_CASEFOLD : 0) == 0)
            return 1;
    }
    return 0;
}
