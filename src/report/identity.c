/* Stable identities of results (docs/identities.md): what a CI keeps test
 * history by (JUnit testcase names) and what code scanning matches alerts by
 * (SARIF partialFingerprints). They must not change when the same release is
 * verified from another workspace, or when only its version number changed:
 * the workspace prefix, the package's version and the top folder that
 * release tools wrap every member in are left out. */
#include <string.h>

#include "report/report_util.h"

static int is_sep(char c)
{
    return c == '_' || c == '-' || c == '.' || c == '/' || c == '+' || c == '~' || c == '\0';
}

/* What may stand before a version: not '.', so the number in "libfoo.so.1.0"
 * is never taken for one. */
static int is_sep_before(char c)
{
    return c == '_' || c == '-' || c == '/' || c == '+' || c == '~';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The end of a pre-release ("-rc1", "~beta.2") and a packaging revision
 * ("-1" of Debian's 1.0-1 and rpm's 1.0-1) after the dotted number at e. */
static size_t version_tail(const char *name, size_t e)
{
    static const char *const pre[] = { "rc", "alpha", "beta", "pre", "dev", NULL };
    if (name[e] == '-' || name[e] == '~') {
        for (size_t k = 0; pre[k]; k++) {
            size_t l = strlen(pre[k]);
            if (strncmp(name + e + 1, pre[k], l) == 0 && !is_alpha(name[e + 1 + l])) {
                e += 1 + l;
                if (name[e] == '.' && is_digit(name[e + 1]))
                    e++;
                while (is_digit(name[e]))
                    e++;
                break;
            }
        }
    }
    if (name[e] == '-' && is_digit(name[e + 1])) {
        size_t r = e + 1;
        while (is_digit(name[r]))
            r++;
        if (is_sep(name[r]))
            e = r;
    }
    return e;
}

/* The first dotted number ("1.2.0", "v1.2.0" gives "1.2.0") in name that
 * stands between separators; its start and length. 0 when none. */
static int find_version(const char *name, size_t *start, size_t *len)
{
    for (size_t i = 0; name[i]; i++) {
        if (name[i] < '0' || name[i] > '9')
            continue;
        size_t b = i;
        if (b > 0 && (name[b - 1] == 'v' || name[b - 1] == 'V') && (b == 1 || is_sep_before(name[b - 2])))
            ;
        else if (b > 0 && !is_sep_before(name[b - 1]))
            goto skip;
        size_t e = i, dots = 0;
        for (;;) {
            while (name[e] >= '0' && name[e] <= '9')
                e++;
            if (name[e] == '.' && name[e + 1] >= '0' && name[e + 1] <= '9') {
                dots++;
                e++;
                continue;
            }
            break;
        }
        e = dots >= 1 ? version_tail(name, e) : e;
        if (dots >= 1 && is_sep(name[e])) {
            *start = b;
            *len = e - b;
            return 1;
        }
    skip:
        while (name[i + 1] >= '0' && name[i + 1] <= '9')
            i++;
    }
    return 0;
}

/* Copies s into out without each occurrence of ver (and a "v" before it),
 * dropping the separator that would then be doubled: "app_1.2.0_linux" ->
 * "app_linux", "app-v1.2.0.tar.gz" -> "app.tar.gz", "doc/app-1.2/x" ->
 * "doc/app/x". */
static void strip_version(const char *s, size_t n, const char *ver, char *out, size_t size)
{
    size_t vl = strlen(ver), w = 0;
    for (size_t i = 0; i < n && w + 1 < size;) {
        if (vl && i + vl <= n && strncmp(s + i, ver, vl) == 0 && (i == 0 || is_sep_before(s[i - 1]) ||
            ((s[i - 1] == 'v' || s[i - 1] == 'V') && (i == 1 || is_sep_before(s[i - 2])))) &&
            (i + vl == n || is_sep(s[i + vl]))) {
            if (w > 0 && (out[w - 1] == 'v' || out[w - 1] == 'V') && (w == 1 || is_sep_before(out[w - 2])))
                w--;
            i += vl;
            /* Keep one separator: an extension's dot ("app-1.2.zip" ->
             * "app.zip"), a folder's slash, else the one before. */
            int before = w > 0 && out[w - 1] != '/' && is_sep(out[w - 1]);
            if (before && i < n && (s[i] == '.' || s[i] == '/'))
                w--;
            else if (i < n && s[i] != '/' && is_sep(s[i]) && (w == 0 || is_sep(out[w - 1])))
                i++;
            continue;
        }
        out[w++] = s[i++];
    }
    out[w] = '\0';
}

/* The part of a logical path after its package: "pkg!/m" or "pkg/m". */
static const char *member_of(const char *subject, const char *pkgpath)
{
    size_t pl = strlen(pkgpath);
    if (!pl || strncmp(subject, pkgpath, pl) != 0)
        return NULL;
    if (subject[pl] == '!' && subject[pl + 1] == '/')
        return subject + pl + 2;
    if (subject[pl] == '/')
        return subject + pl + 1;
    if (subject[pl] == '\0')
        return subject + pl;
    return NULL;
}

void xv_rep_identities(xv_rep *rep)
{
    for (size_t i = 0; i < rep->npackages; i++) {
        xv_rep_pkg *p = &rep->packages[i];
        const char *name = p->name ? p->name : "";
        size_t vs, vl;
        p->version[0] = '\0';
        if (p->pkg && p->pkg->version && p->pkg->version[0] &&
            strlen(p->pkg->version) < sizeof p->version)
            snprintf(p->version, sizeof p->version, "%s", p->pkg->version);
        else if (find_version(name, &vs, &vl) && vl < sizeof p->version)
            snprintf(p->version, sizeof p->version, "%.*s", (int)vl, name + vs);
        strip_version(name, strlen(name), p->version, p->ident, sizeof p->ident);
        if (!p->ident[0])
            snprintf(p->ident, sizeof p->ident, "%s", name);
        /* The top folder: the first component every member shares. */
        p->toplen = 0;
        if (!p->pkg || !rep->dist || p->pkg->count == 0)
            continue;
        const char *top = NULL;
        size_t toplen = 0;
        for (size_t k = 0; k < p->pkg->count; k++) {
            const xv_artifact *a = xv_dist_artifact(rep->dist, p->pkg->first + k);
            const char *m = a && a->path ? member_of(a->path, p->path) : NULL;
            const char *slash = m ? strchr(m, '/') : NULL;
            if (!slash || slash == m) {
                top = NULL;
                break;
            }
            size_t l = (size_t)(slash - m) + 1;
            if (!top) {
                top = m;
                toplen = l;
            } else if (l != toplen || strncmp(m, top, l) != 0) {
                top = NULL;
                break;
            }
        }
        p->toplen = top ? toplen : 0;
    }
}

const char *xv_rep_identity(const xv_rep *rep, const xv_rep_item *it, char *buf, size_t size)
{
    const xv_result *r = it->r;
    const char *subject = r->subject && r->subject[0] ? r->subject : "(none)";
    const xv_rep_pkg *p = it->package < rep->npackages ? &rep->packages[it->package] : NULL;
    const char *m = p && p->pkg ? member_of(subject, p->path) : NULL;
    if (!m && p && r->package)
        m = member_of(subject, r->package);
    if (!m) {
        /* Not inside its package: a platform id, a glob, a checksum list. */
        snprintf(buf, size, "%s", subject);
        return buf;
    }
    if (!*m) {
        snprintf(buf, size, "%s", p->ident);
        return buf;
    }
    if (p->toplen && strlen(m) > p->toplen)
        m += p->toplen;
    strip_version(m, strlen(m), p->version, buf, size);
    if (!buf[0])
        snprintf(buf, size, "%s", m);
    return buf;
}

/* FNV-1a, 64 bits, over the fields with a separator that cannot occur in
 * them; two different offsets give 128 bits. Not a security property: a
 * stable key for matching results across runs. */
static unsigned long long fnv(unsigned long long h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    h ^= 0xff; /* field separator (0xff never appears in UTF-8) */
    h *= 1099511628211ULL;
    return h;
}

void xv_rep_fingerprint(const xv_rep *rep, const xv_rep_item *it, char out[33])
{
    char ident[4096];
    xv_rep_identity(rep, it, ident, sizeof ident);
    const char *fields[4] = { it->r->check, xv_rep_platform_name(rep, it), ident, it->r->env };
    unsigned long long a = 14695981039346656037ULL, b = 0x84222325cbf29ce4ULL;
    for (int i = 0; i < 4; i++) {
        a = fnv(a, fields[i]);
        b = fnv(b, fields[i]);
    }
    snprintf(out, 33, "%016llx%016llx", a, b);
}
