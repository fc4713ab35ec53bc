/* Checksum lists (goreleaser checksums.txt, SHA256SUMS, SHA512SUMS,
 * *.sha256 and *.sha512 sidecars) judged against the bytes with OpenSSL
 * libcrypto (EVP); the algorithm is told by the digest length. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dist/checksums.h"
#include "dist/dist_internal.h"

#define SUM_MAX_LINES 1000000u

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 32;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Decodes n hex chars (64 or 128) into out; 0 on success. */
static int decode_hex(const char *s, size_t n, unsigned char *out)
{
    if (n != 64 && n != 128)
        return -1;
    for (size_t i = 0; i < n; i += 2) {
        int a = hexval((unsigned char)s[i]), b = hexval((unsigned char)s[i + 1]);
        if (a < 0 || b < 0)
            return -1;
        out[i / 2] = (unsigned char)(a << 4 | b);
    }
    return 0;
}

static int set_name(xv_sum_line *out, const char *s, size_t n)
{
    while (n >= 2 && s[0] == '.' && s[1] == '/') {
        s += 2;
        n -= 2;
    }
    if (n == 0 || n >= sizeof out->name || memchr(s, '\0', n))
        return -1;
    memcpy(out->name, s, n);
    out->name[n] = '\0';
    return 0;
}

int xv_sum_parse_line(const char *line, size_t len, const char *sidecar, xv_sum_line *out)
{
    memset(out, 0, sizeof *out);
    while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i == len || line[i] == '#')
        return 0;
    const char *s = line + i;
    size_t n = len - i;
    /* BSD: "SHA256 (name) = HASH" */
    if ((n > 8 && strncmp(s, "SHA256 (", 8) == 0) || (n > 8 && strncmp(s, "SHA512 (", 8) == 0)) {
        const char *eq = NULL;
        for (size_t k = n; k-- > 8;)
            if (k + 4 <= n && memcmp(s + k, ") = ", 4) == 0) {
                eq = s + k;
                break;
            }
        if (!eq)
            return -1;
        const char *h = eq + 4;
        size_t hl = (size_t)(s + n - h);
        if (decode_hex(h, hl, out->digest) != 0 || hl / 2 != (s[3] == '2' ? 32u : 64u))
            return -1;
        out->dlen = hl / 2;
        return set_name(out, s + 8, (size_t)(eq - (s + 8))) == 0 ? 1 : -1;
    }
    /* GNU: a leading backslash marks an escaped name; we take names as is */
    if (s[0] == '\\') {
        s++;
        n--;
    }
    size_t h = 0;
    while (h < n && isxdigit((unsigned char)s[h]))
        h++;
    if (decode_hex(s, h, out->digest) != 0)
        return -1;
    out->dlen = h / 2;
    if (h == n) {
        /* a bare hash: only in a sidecar */
        if (!sidecar)
            return -1;
        const char *b = xv_dist_basename(sidecar);
        const char *dot = strrchr(b, '.');
        if (!dot || dot == b)
            return -1;
        return set_name(out, b, (size_t)(dot - b)) == 0 ? 1 : -1;
    }
    if (s[h] != ' ' && s[h] != '\t')
        return -1;
    size_t k = h + 1;
    if (k < n && (s[k] == ' ' || s[k] == '*'))
        k++;
    return set_name(out, s + k, n - k) == 0 ? 1 : -1;
}

/* The listed paths seen, for the "not listed" pass. */
typedef struct listed {
    char **v;
    size_t n, cap;
} listed;

static void listed_add(listed *l, const char *p)
{
    if (xv_dist_grow((void **)&l->v, &l->cap, l->n, sizeof *l->v, SUM_MAX_LINES) != 0)
        return;
    l->v[l->n] = strdup(p);
    if (l->v[l->n])
        l->n++;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* After listed_sort(). */
static int listed_has(const listed *l, const char *p)
{
    return l->n && bsearch(&p, l->v, l->n, sizeof *l->v, cmp_str) != NULL;
}

static void listed_sort(listed *l)
{
    if (l->n)
        qsort(l->v, l->n, sizeof *l->v, cmp_str);
}

/* Top-level file packages sorted by path. */
typedef struct pkgindex {
    const xv_package **v;
    size_t n;
} pkgindex;

static int cmp_pkg(const void *a, const void *b)
{
    const xv_package *x = *(const xv_package *const *)a, *y = *(const xv_package *const *)b;
    return strcmp(x->path, y->path);
}

static void pkgindex_build(const xv_dist *d, pkgindex *ix)
{
    ix->n = 0;
    ix->v = d->npkgs ? malloc(d->npkgs * sizeof *ix->v) : NULL;
    if (!ix->v)
        return;
    for (size_t i = 0; i < d->npkgs; i++)
        if (d->srcs[i].fspath && d->srcs[i].parent == (size_t)-1)
            ix->v[ix->n++] = &d->pkgs[i];
    if (ix->n)
        qsort(ix->v, ix->n, sizeof *ix->v, cmp_pkg);
}

static const xv_package *find_pkg(const pkgindex *ix, const char *path)
{
    if (!ix->n)
        return NULL;
    xv_package key;
    memset(&key, 0, sizeof key);
    key.path = path;
    const xv_package *kp = &key;
    const xv_package **hit = bsearch(&kp, ix->v, ix->n, sizeof *ix->v, cmp_pkg);
    return hit ? *hit : NULL;
}

static int is_signature_name(const char *b)
{
    static const char *const ext[] = {".sig", ".asc", ".pem", ".crt", ".cert", ".minisig",
                                      ".sbom", ".sbom.json", ".spdx.json", ".intoto.jsonl",
                                      ".bundle"};
    size_t bl = strlen(b);
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t el = strlen(ext[i]);
        if (bl > el && strcasecmp(b + bl - el, ext[i]) == 0)
            return 1;
    }
    return 0;
}

static int name_escapes(const char *name)
{
    if (name[0] == '/' || name[0] == '\\')
        return 1;
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, "/\\");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return 1;
        p += n;
        if (*p)
            p++;
    }
    return 0;
}

/* The first folder component of `name` (under `dir`) that is a symlink, or
 * NULL. Hashing through one would read files outside the release
 * (sub -> /etc, then sub/shadow) or block (p -> /proc, then p/kmsg). */
static const char *through_link(const char *dir, const char *name)
{
    static __thread char comp[4096];
    size_t n = strlen(name);
    for (size_t i = 0; i < n; i++) {
        if (name[i] != '/' && name[i] != '\\')
            continue;
        if (snprintf(comp, sizeof comp, "%s%s%.*s", dir, *dir ? "/" : "", (int)i, name) >=
            (int)sizeof comp)
            return comp;
        struct stat st;
        if (lstat(comp, &st) == 0 && S_ISLNK(st.st_mode))
            return comp;
    }
    return NULL;
}

static void judge_file(const pkgindex *ix, const xv_checksum_file *s, xv_sum_emit_fn emit,
                       void *ud, listed *seen)
{
    char dir[4096];
    const char *slash = strrchr(s->path, '/');
    if (slash)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - s->path), s->path);
    else
        dir[0] = '\0';
    const char *sidecar = NULL;
    const char *b = xv_dist_basename(s->path);
    size_t bl = strlen(b);
    if ((bl > 7 && (strcasecmp(b + bl - 7, ".sha256") == 0 || strcasecmp(b + bl - 7, ".sha512") == 0)))
        sidecar = s->path;
    size_t lineno = 0, pos = 0;
    while (pos < s->len && lineno < SUM_MAX_LINES) {
        const char *line = s->text + pos;
        const char *nl = memchr(line, '\n', s->len - pos);
        size_t len = nl ? (size_t)(nl - line) : s->len - pos;
        pos += len + 1;
        lineno++;
        xv_sum_line sl;
        int rc = xv_sum_parse_line(line, len, sidecar, &sl);
        char msg[1200];
        if (rc == 0)
            continue;
        if (rc < 0) {
            snprintf(msg, sizeof msg, "line %zu: malformed checksum line: %.80s", lineno, line);
            /* the excerpt stops at the line's end */
            char *cut = strchr(msg, '\n');
            if (cut)
                *cut = '\0';
            emit(ud, XV_WARN, s->path, NULL,
                 "use the sha256sum format: HASH, two spaces, file name", msg);
            continue;
        }
        /* A list names files of its own folder: an absolute name or a ".."
         * component would make us read (and hash) files outside the release. */
        if (name_escapes(sl.name)) {
            snprintf(msg, sizeof msg, "line %zu: %.200s points outside the folder of the list",
                     lineno, sl.name);
            emit(ud, XV_FAIL, s->path, NULL,
                 "list files by their names relative to the checksum file, as sha256sum prints them when run in that folder",
                 msg);
            continue;
        }
        char path[4096];
        if (snprintf(path, sizeof path, "%s%s%s", dir, *dir ? "/" : "", sl.name) >= (int)sizeof path)
            continue;
        listed_add(seen, path);
        const char *alg = sl.dlen == 32 ? "sha256" : "sha512";
        const xv_package *p = find_pkg(ix, path);
        unsigned char d256[32], d512[64];
        int have = 0;
        /* the walk computes SHA-512 only once a list has asked for it;
         * a list read after its file was hashed reads the file again */
        if (p && p->has_sha256 && (sl.dlen == 32 || p->has_sha512)) {
            memcpy(d256, p->sha256, 32);
            memcpy(d512, p->sha512, 64);
            have = 1;
        } else {
            struct stat st;
            const char *via = through_link(dir, sl.name);
            if (via) {
                snprintf(msg, sizeof msg, "line %zu: %.200s is reached through the link %.200s; "
                         "not read", lineno, sl.name, via);
                emit(ud, XV_FAIL, path, NULL,
                     "list the files themselves: a checksum list must not reach through links", msg);
                continue;
            }
            if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
                snprintf(msg, sizeof msg, "line %zu: %.200s is not a regular file; not read",
                         lineno, sl.name);
                emit(ud, XV_FAIL, path, NULL, "list regular files only", msg);
                continue;
            }
            if (lstat(path, &st) == 0 && xv_dist_digest_file(path, d256, d512) == 0)
                have = 1;
        }
        if (!have) {
            snprintf(msg, sizeof msg, "listed in %s (line %zu) but missing", s->path, lineno);
            emit(ud, XV_FAIL, path, NULL,
                 "ship the file or regenerate the checksum list from the release", msg);
            continue;
        }
        const unsigned char *got = sl.dlen == 32 ? d256 : d512;
        char gh[129], wh[129];
        xv_dist_hex(got, sl.dlen, gh);
        xv_dist_hex(sl.digest, sl.dlen, wh);
        if (memcmp(got, sl.digest, sl.dlen) != 0) {
            snprintf(msg, sizeof msg, "%s mismatch: %s says %s, the file has %s", alg, s->path, wh, gh);
            emit(ud, XV_FAIL, path, p ? p->path : NULL,
                 "the file changed after the list was made: regenerate the list or re-upload the file",
                 msg);
        } else {
            snprintf(msg, sizeof msg, "%s matches %s", alg, s->path);
            emit(ud, XV_PASS, path, p ? p->path : NULL, NULL, msg);
        }
    }
}

/* A list covers the files of its own folder only. */
static int dir_has_list(const xv_dist *d, const char *path)
{
    const char *ps = strrchr(path, '/');
    size_t pl = ps ? (size_t)(ps - path) : 0;
    for (size_t i = 0; i < d->nsums; i++) {
        const char *s = d->sums[i].path;
        const char *ss = strrchr(s, '/');
        size_t sl = ss ? (size_t)(ss - s) : 0;
        if (sl == pl && strncmp(s, path, pl) == 0)
            return 1;
    }
    return 0;
}

void xv_checksums_judge(const xv_dist *d, xv_sum_emit_fn emit, void *ud)
{
    if (!d || !emit || d->nsums == 0)
        return;
    listed seen = {NULL, 0, 0};
    pkgindex ix;
    pkgindex_build(d, &ix);
    for (size_t i = 0; i < d->nsums; i++)
        judge_file(&ix, &d->sums[i], emit, ud, &seen);
    free(ix.v);
    listed_sort(&seen);
    /* top-level archives and binary files listed nowhere */
    for (size_t i = 0; i < d->npkgs; i++) {
        const xv_package *p = &d->pkgs[i];
        if (!d->srcs[i].fspath || d->srcs[i].parent != (size_t)-1 || p->kind == XV_PKG_DIR)
            continue;
        if (is_signature_name(p->name) || !dir_has_list(d, p->path))
            continue;
        int binary = p->kind == XV_PKG_ARCHIVE || p->kind == XV_PKG_SYSTEM;
        for (size_t k = p->first; !binary && k < p->first + p->count; k++)
            if (d->arts[k].image)
                binary = 1;
        if (!binary || listed_has(&seen, p->path))
            continue;
        char msg[512];
        snprintf(msg, sizeof msg, "%s is not listed in any checksum file", p->name);
        emit(ud, XV_WARN, p->path, p->path,
             "add it to the checksum list (sha256sum FILE >> checksums.txt)", msg);
    }
    for (size_t i = 0; i < seen.n; i++)
        free(seen.v[i]);
    free(seen.v);
}
