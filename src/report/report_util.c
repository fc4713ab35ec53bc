/* Shared helpers of the report writers: escaping and the grouped view. */
#include "report/report_util.h"

#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "core/verdict.h"

/* ---- grouped view ------------------------------------------------------ */

static const char *const ANY_PLATFORM = "any";
static const char *const RELEASE_PKG = "release";

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static size_t registry_pos(const char *id)
{
    size_t i = 0;
    for (; xv_checks[i]; i++)
        if (strcmp(xv_checks[i]->id, id) == 0)
            return i;
    return (size_t)-1;
}

const xv_check *xv_rep_check_info(const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; xv_checks[i]; i++)
        if (strcmp(xv_checks[i]->id, id) == 0)
            return xv_checks[i];
    return NULL;
}

static int cmp_check(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    size_t px = registry_pos(x), py = registry_pos(y);
    if (px != py)
        return px < py ? -1 : 1;
    return strcmp(x, y);
}

static int cmp_nullstr(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_item(const void *a, const void *b)
{
    const xv_rep_item *x = a, *y = b;
    int c;
    if (x->package != y->package)
        return x->package < y->package ? -1 : 1;
    if (x->platform != y->platform)
        return x->platform < y->platform ? -1 : 1;
    if (x->check != y->check)
        return x->check < y->check ? -1 : 1;
    if ((c = cmp_nullstr(x->r->subject, y->r->subject)) != 0)
        return c;
    if ((c = cmp_nullstr(x->r->env, y->r->env)) != 0)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Index of s in a sorted unique array, or n. */
static size_t find_sorted(const char **arr, size_t n, const char *s,
                          int (*cmp)(const void *, const void *))
{
    const char **hit = bsearch(&s, arr, n, sizeof *arr, cmp);
    return hit ? (size_t)(hit - arr) : n;
}

/* Sorts and removes duplicates; returns the new count. */
static size_t sort_unique(const char **arr, size_t n,
                          int (*cmp)(const void *, const void *))
{
    if (n == 0)
        return 0;
    qsort(arr, n, sizeof *arr, cmp);
    size_t w = 1;
    for (size_t i = 1; i < n; i++)
        if (strcmp(arr[i], arr[w - 1]) != 0)
            arr[w++] = arr[i];
    return w;
}

typedef struct pkg_key {
    const char *path;
    size_t idx;
} pkg_key;

static int cmp_pkg_key(const void *a, const void *b)
{
    const pkg_key *x = a, *y = b;
    return strcmp(x->path, y->path);
}

/* Index of the package with this path, or `none`. */
static size_t pkg_lookup(const pkg_key *keys, size_t nkeys, const char *path, size_t none)
{
    pkg_key k = {path, 0};
    const pkg_key *hit = nkeys ? bsearch(&k, keys, nkeys, sizeof *keys, cmp_pkg_key) : NULL;
    return hit ? hit->idx : none;
}

static int valid_verdict(xv_verdict v)
{
    return v >= XV_PASS && v <= XV_ERROR;
}

xv_status xv_rep_build(xv_rep *rep, const xv_run *run)
{
    memset(rep, 0, sizeof *rep);
    rep->run = run;
    rep->dist = xv_run_dist(run);
    const char *det = getenv("XV_DETERMINISTIC");
    rep->deterministic = det && strcmp(det, "1") == 0;
    const xv_gate *g = xv_run_gate(run);
    if (g) {
        rep->gate = *g;
    } else {
        /* A run assembled without xv_run_execute (tests, tools): the same
         * decision, made from its results. */
        const xv_run_opts *ro = xv_run_options(run);
        xv_gate_init(&rep->gate, ro ? ro->fail_on : XV_FAIL);
        for (size_t i = 0; i < xv_run_result_count(run); i++)
            xv_gate_add(&rep->gate, xv_run_result(run, i));
        xv_gate_finish(&rep->gate);
    }
    rep->fail_on = rep->gate.fail_on;
    rep->verdict = rep->gate.worst;
    rep->exit_code = rep->gate.exit_code;
    rep->nblocking = rep->gate.blocking;

    size_t n = xv_run_result_count(run);
    size_t ndp = rep->dist ? xv_dist_package_count(rep->dist) : 0;
    rep->items = calloc(n ? n : 1, sizeof *rep->items);
    /* Dist packages, then package paths only results name, then "release". */
    rep->packages = calloc(ndp + n + 1, sizeof *rep->packages);
    rep->platforms = calloc(n + ndp + 1, sizeof *rep->platforms);
    rep->checks = calloc(n ? n : 1, sizeof *rep->checks);
    if (!rep->items || !rep->packages || !rep->platforms || !rep->checks) {
        xv_rep_free(rep);
        return XV_ENOMEM;
    }

    /* Packages in dist order; the pseudo package is appended on demand. */
    for (size_t i = 0; i < ndp; i++) {
        const xv_package *p = xv_dist_package(rep->dist, i);
        rep->packages[i].pkg = p;
        rep->packages[i].path = p->path ? p->path : "";
        rep->packages[i].name = p->name ? p->name : rep->packages[i].path;
    }
    rep->npackages = ndp;
    /* Package paths sorted for lookups: the dist's, then the extra ones. */
    pkg_key *keys = calloc(ndp + n + 1, sizeof *keys);
    const char **extra = calloc(n ? n : 1, sizeof *extra);
    if (!keys || !extra) {
        free(keys);
        free(extra);
        xv_rep_free(rep);
        return XV_ENOMEM;
    }
    for (size_t i = 0; i < ndp; i++)
        keys[i] = (pkg_key){rep->packages[i].path, i};
    qsort(keys, ndp, sizeof *keys, cmp_pkg_key);
    size_t ne = 0;
    for (size_t i = 0; i < n; i++) {
        const xv_result *r = xv_run_result(run, i);
        if (r->package && pkg_lookup(keys, ndp, r->package, ndp) == ndp)
            extra[ne++] = r->package;
    }
    ne = sort_unique(extra, ne, cmp_str);
    for (size_t i = 0; i < ne; i++) {
        xv_rep_pkg *p = &rep->packages[ndp + i];
        const char *slash = strrchr(extra[i], '/');
        p->path = extra[i];
        p->name = slash && slash[1] ? slash + 1 : extra[i];
        keys[ndp + i] = (pkg_key){extra[i], ndp + i};
    }
    free(extra);
    ndp += ne;
    rep->npackages = ndp;
    qsort(keys, ndp, sizeof *keys, cmp_pkg_key);

    /* Platforms: every package's and every result's, sorted; "any" last. */
    size_t np = 0;
    int need_any = 0;
    for (size_t i = 0; i < ndp; i++)
        if (rep->packages[i].pkg && rep->packages[i].pkg->platform.id[0])
            rep->platforms[np++] = rep->packages[i].pkg->platform.id;
    for (size_t i = 0; i < n; i++) {
        const xv_result *r = xv_run_result(run, i);
        if (r->platform && r->platform[0])
            rep->platforms[np++] = r->platform;
        else
            need_any = 1;
    }
    np = sort_unique(rep->platforms, np, cmp_str);
    if (need_any)
        rep->platforms[np++] = ANY_PLATFORM;
    rep->nplatforms = np;

    size_t nc = 0;
    for (size_t i = 0; i < n; i++) {
        const xv_result *r = xv_run_result(run, i);
        rep->checks[nc++] = r->check ? r->check : "unknown";
    }
    /* Unique first (cheap comparisons), then into registry order. */
    rep->nchecks = sort_unique(rep->checks, nc, cmp_str);
    qsort(rep->checks, rep->nchecks, sizeof *rep->checks, cmp_check);

    int need_release = 0;
    for (size_t i = 0; i < n; i++) {
        const xv_result *r = xv_run_result(run, i);
        xv_rep_item *it = &rep->items[i];
        it->r = r;
        it->index = i;
        it->check = find_sorted(rep->checks, rep->nchecks,
                                r->check ? r->check : "unknown", cmp_check);
        if (r->platform && r->platform[0])
            it->platform = find_sorted(rep->platforms, np - (size_t)need_any,
                                       r->platform, cmp_str);
        else
            it->platform = np - 1;
        it->package = r->package ? pkg_lookup(keys, ndp, r->package, ndp) : ndp;
        if (it->package == ndp)
            need_release = 1;
        xv_verdict v = valid_verdict(r->verdict) ? r->verdict : XV_ERROR;
        rep->counts[v]++;
    }
    free(keys);
    if (need_release) {
        rep->packages[ndp].path = RELEASE_PKG;
        rep->packages[ndp].name = RELEASE_PKG;
        rep->npackages = ndp + 1;
        rep->has_release = 1;
    }
    for (size_t i = 0; i < n; i++) {
        xv_rep_item *it = &rep->items[i];
        xv_rep_pkg *p = &rep->packages[it->package];
        xv_verdict v = valid_verdict(it->r->verdict) ? it->r->verdict : XV_ERROR;
        p->counts[v]++;
        if (v > p->worst)
            p->worst = v;
    }
    rep->nitems = n;
    if (n > 1)
        qsort(rep->items, n, sizeof *rep->items, cmp_item);
    /* Sorted by package first: each package's results are one range. */
    for (size_t i = n; i-- > 0;) {
        xv_rep_pkg *p = &rep->packages[rep->items[i].package];
        p->first = i;
        p->count++;
    }
    rep->blocked = calloc(rep->nblocking ? rep->nblocking : 1, sizeof *rep->blocked);
    if (!rep->blocked) {
        xv_rep_free(rep);
        return XV_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const xv_result *r = rep->items[i].r;
        if (r->subject && xv_rep_blocking(rep, r) && rep->nblocked < rep->nblocking)
            rep->blocked[rep->nblocked++] = r->subject;
    }
    rep->nblocked = sort_unique(rep->blocked, rep->nblocked, cmp_str);
    xv_rep_identities(rep);
    return XV_OK;
}

void xv_rep_free(xv_rep *rep)
{
    free(rep->items);
    free(rep->packages);
    free(rep->platforms);
    free(rep->checks);
    free(rep->blocked);
    memset(rep, 0, sizeof *rep);
}

int xv_rep_subject_blocked(const xv_rep *rep, const char *subject)
{
    return subject && rep->nblocked &&
           find_sorted(rep->blocked, rep->nblocked, subject, cmp_str) < rep->nblocked;
}

size_t xv_rep_real_platforms(const xv_rep *rep)
{
    /* The "any" column (release-level results) is not a platform. */
    size_t n = rep->nplatforms;
    if (n && rep->platforms[n - 1] == ANY_PLATFORM)
        n--;
    return n;
}

size_t xv_rep_real_packages(const xv_rep *rep)
{
    return rep->npackages - (rep->has_release ? 1 : 0);
}

int xv_rep_blocking(const xv_rep *rep, const xv_result *r)
{
    return xv_gate_blocks(&rep->gate, r);
}

const char *xv_rep_waiver_scope(const xv_waiver_use *w, char *buf, size_t size)
{
    snprintf(buf, size, "%s %s", w->check ? w->check : "*", w->match ? w->match : "(every subject)");
    return buf;
}

size_t xv_rep_waiver_covered(const xv_rep *rep, size_t w, const xv_rep_item **out, size_t max)
{
    char want[32];
    snprintf(want, sizeof want, "%zu", w + 1);
    size_t n = 0;
    for (size_t i = 0; i < rep->nitems; i++) {
        const xv_result *r = rep->items[i].r;
        if (!r->waiver)
            continue;
        for (size_t f = 0; f < r->nfacts; f++) {
            if (strcmp(r->facts[f].key, "waiver.index") == 0 && strcmp(r->facts[f].value, want) == 0) {
                if (n < max)
                    out[n] = &rep->items[i];
                n++;
                break;
            }
        }
    }
    return n;
}

const char *xv_rep_waiver_expiry(const xv_waiver_use *w, char *buf, size_t size)
{
    if (!w->expires)
        snprintf(buf, size, "never expires");
    else if (w->expired)
        snprintf(buf, size, "expired on %s", w->expires);
    else
        snprintf(buf, size, "expires %s (in %ld day%s)", w->expires, w->days_left,
                 w->days_left == 1 ? "" : "s");
    return buf;
}

const char *xv_rep_platform_name(const xv_rep *rep, const xv_rep_item *it)
{
    return it->platform < rep->nplatforms ? rep->platforms[it->platform] : ANY_PLATFORM;
}

void xv_rep_matrix_row(const xv_rep *rep, size_t check, size_t *cells)
{
    memset(cells, 0, (rep->nplatforms * 5 + 1) * sizeof *cells);
    for (size_t i = 0; i < rep->nitems; i++) {
        const xv_rep_item *it = &rep->items[i];
        if (it->check == check && it->platform < rep->nplatforms) {
            xv_verdict v = it->r->verdict <= XV_ERROR ? it->r->verdict : XV_ERROR;
            cells[it->platform * 5 + (size_t)v]++;
        }
    }
}

double xv_rep_seconds(const xv_rep *rep, double s)
{
    if (rep->deterministic || !(s >= 0.0) || s > 1e9)
        return 0.0;
    return s;
}

const char *xv_rep_bytes(uint64_t n, char *buf, size_t size)
{
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
    if (n < 1024) {
        snprintf(buf, size, "%llu B", (unsigned long long)n);
        return buf;
    }
    double v = (double)n / 1024.0;
    size_t u = 0;
    while (v >= 1024.0 && u + 1 < sizeof units / sizeof units[0]) {
        v /= 1024.0;
        u++;
    }
    snprintf(buf, size, "%.1f %s", v, units[u]);
    return buf;
}

const char *xv_rep_icon(xv_verdict v)
{
    switch (v) {
    case XV_PASS: return "\xe2\x9c\x85";                 /* ✅ */
    case XV_SKIP: return "\xe2\x8f\xad";                 /* ⏭ */
    case XV_WARN: return "\xe2\x9a\xa0\xef\xb8\x8f";     /* ⚠️ */
    case XV_FAIL: return "\xe2\x9d\x8c";                 /* ❌ */
    case XV_ERROR: return "\xf0\x9f\x92\xa5";            /* 💥 */
    }
    return "?";
}

const char *xv_rep_release(const xv_rep *rep, char *buf, size_t size)
{
    const xv_release_info *r = rep->dist ? xv_dist_release(rep->dist) : NULL;
    if (!r || !r->project || size == 0)
        return NULL;
    int n = snprintf(buf, size, "%s%s%s", r->project, r->version ? " " : "",
                     r->version ? r->version : "");
    if (n >= 0 && (size_t)n < size && (r->tag || r->commit))
        snprintf(buf + n, size - (size_t)n, " (%s%s%s%s%s)", r->tag ? "tag " : "",
                 r->tag ? r->tag : "", r->tag && r->commit ? ", " : "",
                 r->commit ? "commit " : "", r->commit ? r->commit : "");
    return buf;
}

const char *xv_rep_headline(const xv_rep *rep, int icon, char *buf, size_t size)
{
    char waived[64] = "";
    if (rep->gate.waived)
        snprintf(waived, sizeof waived, "%zu waived", rep->gate.waived);
    if (rep->gate.state == XV_GATE_INTERRUPTED) {
        snprintf(buf, size, "%s%sNot ready: interrupted before every check ran",
                 icon ? xv_rep_icon(XV_ERROR) : "", icon ? " " : "");
    } else if (rep->exit_code == 0) {
        size_t w = rep->counts[XV_WARN];
        char tail[128] = "";
        if (w && waived[0])
            snprintf(tail, sizeof tail, " (%zu warning%s, %s)", w, w == 1 ? "" : "s", waived);
        else if (w)
            snprintf(tail, sizeof tail, " (%zu warning%s)", w, w == 1 ? "" : "s");
        else if (waived[0])
            snprintf(tail, sizeof tail, " (%s)", waived);
        snprintf(buf, size, "%s%sReady to publish%s", icon ? xv_rep_icon(XV_PASS) : "",
                 icon ? " " : "", tail);
    } else {
        size_t f = rep->nblocking;
        snprintf(buf, size, "%s%sNot ready: %zu failure%s%s%s", icon ? xv_rep_icon(XV_FAIL) : "",
                 icon ? " " : "", f, f == 1 ? "" : "s", waived[0] ? ", " : "", waived);
    }
    return buf;
}

xv_status xv_rep_finish(FILE *out)
{
    if (fflush(out) != 0 || ferror(out))
        return XV_EIO;
    return XV_OK;
}

/* ---- text ---------------------------------------------------------------- */

size_t xv_rep_utf8(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
}

static void put_cp(FILE *out, uint32_t cp)
{
    char b[4];
    if (cp < 0x80) {
        fputc((int)cp, out);
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        fwrite(b, 1, 2, out);
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        fwrite(b, 1, 3, out);
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        fwrite(b, 1, 4, out);
    }
}

char *xv_rep_utf8_clean(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    /* Each invalid byte grows to 3 bytes at most. */
    if (n > (SIZE_MAX - 1) / 3)
        return NULL;
    char *o = malloc(n * 3 + 1);
    if (!o)
        return NULL;
    size_t w = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = xv_rep_utf8(u + i, n - i, &cp);
        if (cp == 0xFFFD && l == 1) {
            o[w++] = (char)0xEF, o[w++] = (char)0xBF, o[w++] = (char)0xBD;
        } else {
            memcpy(o + w, s + i, l);
            w += l;
        }
        i += l;
    }
    o[w] = '\0';
    return o;
}

static int xml_allowed(uint32_t cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
           (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

static size_t bounded_len(const char *s, size_t max)
{
    return strnlen(s, max);
}

/* Does not split a UTF-8 sequence when the cap cuts one: the caller stops at
 * the returned length. */
static size_t cap_len(const char *s, size_t max)
{
    size_t n = bounded_len(s, max);
    if (n == max) {
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    return n;
}

/* The code point at u[*i] (U+FFFD for a bad sequence); *i moves past it. */
static uint32_t next_cp(const unsigned char *u, size_t n, size_t *i)
{
    uint32_t cp;
    *i += xv_rep_utf8(u + *i, n - *i, &cp);
    return cp;
}

/* One code point with the five markup characters escaped (XML and HTML differ
 * only in how they spell the apostrophe). */
static void put_markup(FILE *out, uint32_t cp, const char *apos)
{
    switch (cp) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '"': fputs("&quot;", out); break;
    case '\'': fputs(apos, out); break;
    default: put_cp(out, cp);
    }
}

size_t xv_rep_xml(FILE *out, const char *s, size_t max, int attr)
{
    if (!s)
        return 0;
    size_t n = cap_len(s, max);
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp = next_cp(u, n, &i);
        if (!xml_allowed(cp))
            continue;
        switch (cp) {
        case '\t': fputs(attr ? "&#9;" : "\t", out); break;
        case '\n': fputs(attr ? "&#10;" : "\n", out); break;
        case '\r': fputs("&#13;", out); break;
        default: put_markup(out, cp, "&apos;");
        }
    }
    return n;
}

void xv_rep_xml_line(FILE *out, const char *s)
{
    if (!s)
        return;
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp = next_cp(u, n, &i);
        if (cp == '\n' || cp == '\r' || cp == '\t') {
            fputc(' ', out);
            continue;
        }
        if (!xml_allowed(cp))
            continue;
        put_markup(out, cp, "&apos;");
    }
}

size_t xv_rep_cdata(FILE *out, const char *s, size_t max)
{
    fputs("<![CDATA[", out);
    size_t n = 0;
    if (s) {
        n = cap_len(s, max);
        const unsigned char *u = (const unsigned char *)s;
        for (size_t i = 0; i < n;) {
            if (n - i >= 3 && memcmp(s + i, "]]>", 3) == 0) {
                /* "]]" ends this section, ">" starts the next one. */
                fputs("]]]]><![CDATA[>", out);
                i += 3;
                continue;
            }
            uint32_t cp = next_cp(u, n, &i);
            if (!xml_allowed(cp) || cp == '\r')
                continue;
            put_cp(out, cp);
        }
    }
    fputs("]]>", out);
    return n;
}

size_t xv_rep_html(FILE *out, const char *s, size_t max)
{
    if (!s)
        return 0;
    size_t n = cap_len(s, max);
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp = next_cp(u, n, &i);
        if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp < 0xA0))
            continue;
        put_markup(out, cp, "&#39;");
    }
    return n;
}

void xv_rep_md(FILE *out, const char *s)
{
    if (!s)
        return;
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp = next_cp(u, n, &i);
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
            fputc(' ', out);
            continue;
        }
        switch (cp) {
        case '\\': case '`': case '*': case '_': case '[': case ']':
        case '|': case '~': case '#':
            fputc('\\', out);
            fputc((int)cp, out);
            break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        default: put_cp(out, cp);
        }
    }
}

void xv_rep_term(FILE *out, const char *s, int multiline)
{
    if (!s)
        return;
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp = next_cp(u, n, &i);
        if (cp == '\n' && multiline)
            fputc('\n', out);
        else if (cp == '\t')
            fputc(' ', out);
        else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            fputc('?', out);
        else
            put_cp(out, cp);
    }
}

int xv_rep_json_str(cJSON *obj, const char *key, const char *s)
{
    if (!s)
        return cJSON_AddNullToObject(obj, key) != NULL;
    char *c = xv_rep_utf8_clean(s);
    if (!c)
        return 0;
    int ok = cJSON_AddStringToObject(obj, key, c) != NULL;
    free(c);
    return ok;
}

int xv_rep_json_num(cJSON *obj, const char *key, double v)
{
    return cJSON_AddNumberToObject(obj, key, v) != NULL;
}
