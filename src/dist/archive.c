/* Archives read with libarchive as one stream from memory: every entry is
 * judged for safety, binaries are read into a capped buffer and parsed,
 * nested archives become packages of their own (up to max_depth). Nothing is
 * written to disk. */
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "dist/arformats.h"
#include "dist/dist_internal.h"
#include "dist/meta.h"

#define ARC_CHUNK ((size_t)64 << 10)
#define ARC_MAX_RETRY 16
#define ARC_MAX_HOPS 40   /* links followed in one resolution, as the kernel's ELOOP */

int xv_dist_digest(const void *data, size_t len, unsigned char sha256[32], unsigned char sha512[64])
{
    /* sha512 NULL: SHA-256 only (no checksum list asks for SHA-512, and
     * SHA-512 costs as much again per byte) */
    EVP_MD_CTX *a = EVP_MD_CTX_new(), *b = sha512 ? EVP_MD_CTX_new() : NULL;
    int ok = a && (b || !sha512) && EVP_DigestInit_ex(a, EVP_sha256(), NULL) == 1 &&
             (!b || EVP_DigestInit_ex(b, EVP_sha512(), NULL) == 1);
    const unsigned char *p = data;
    /* one pass: both digests consume the same chunk while it is in cache */
    for (size_t off = 0; ok && off < len; off += ARC_CHUNK) {
        size_t n = len - off < ARC_CHUNK ? len - off : ARC_CHUNK;
        ok = EVP_DigestUpdate(a, p + off, n) == 1 && (!b || EVP_DigestUpdate(b, p + off, n) == 1);
    }
    unsigned int la = 0, lb = 64;
    ok = ok && EVP_DigestFinal_ex(a, sha256, &la) == 1 &&
         (!b || EVP_DigestFinal_ex(b, sha512, &lb) == 1) && la == 32 && lb == 64;
    EVP_MD_CTX_free(a);
    EVP_MD_CTX_free(b);
    return ok ? 0 : -1;
}

int xv_dist_digest_file(const char *path, unsigned char sha256[32], unsigned char sha512[64])
{
    /* never through a final link, never blocking on a FIFO, and only a
     * regular file: a list line may name anything */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    struct stat st;
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return -1;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return -1;
    }
    EVP_MD_CTX *a = EVP_MD_CTX_new(), *b = EVP_MD_CTX_new();
    int ok = a && b && EVP_DigestInit_ex(a, EVP_sha256(), NULL) == 1 &&
             EVP_DigestInit_ex(b, EVP_sha512(), NULL) == 1;
    unsigned char *buf = malloc(ARC_CHUNK);
    ok = ok && buf;
    while (ok) {
        size_t n = fread(buf, 1, ARC_CHUNK, f);
        if (n == 0) {
            ok = !ferror(f);
            break;
        }
        ok = EVP_DigestUpdate(a, buf, n) == 1 && EVP_DigestUpdate(b, buf, n) == 1;
    }
    unsigned int la = 0, lb = 0;
    ok = ok && EVP_DigestFinal_ex(a, sha256, &la) == 1 && EVP_DigestFinal_ex(b, sha512, &lb) == 1;
    free(buf);
    EVP_MD_CTX_free(a);
    EVP_MD_CTX_free(b);
    fclose(f);
    return ok ? 0 : -1;
}

/* Lexical resolution: components of the member's folder (unless from_root),
 * then of the target; ".." below the root leaves the package. */
int xv_dist_link_inside(const char *member, const char *target, int from_root)
{
    if (!target || !*target)
        return 1;
    if (target[0] == '/' || target[0] == '\\')
        return 0;
    long depth = 0;
    if (!from_root && member) {
        /* count folder components of member (ignoring "." and empties) */
        const char *s = member;
        const char *last = NULL;
        for (const char *q = s; *q; q++)
            if (*q == '/')
                last = q;
        if (last) {
            const char *c = s;
            while (c < last) {
                const char *e = c;
                while (e < last && *e != '/')
                    e++;
                size_t n = (size_t)(e - c);
                if (n == 2 && c[0] == '.' && c[1] == '.')
                    depth--;
                else if (n && !(n == 1 && c[0] == '.'))
                    depth++;
                c = e + 1;
            }
        }
        if (depth < 0)
            return 0;
    }
    const char *c = target;
    for (;;) {
        const char *e = c;
        while (*e && *e != '/' && *e != '\\')
            e++;
        size_t n = (size_t)(e - c);
        if (n == 2 && c[0] == '.' && c[1] == '.') {
            if (--depth < 0)
                return 0;
        } else if (n && !(n == 1 && c[0] == '.')) {
            depth++;
        }
        if (!*e)
            break;
        c = e + 1;
    }
    return 1;
}

/* The entry names seen in one archive, for duplicates. */
typedef struct nameset {
    const char **slot;
    size_t cap, n;
} nameset;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* 1 when added, 0 when already present, -1 when full or out of memory. */
static int nameset_add(nameset *ns, const char *name)
{
    if (ns->n * 2 >= ns->cap) {
        size_t nc = ns->cap ? ns->cap * 2 : 256;
        if (nc > 4u * XV_DIST_MAX_ENTRIES)
            return -1;
        const char **ns2 = calloc(nc, sizeof *ns2);
        if (!ns2)
            return -1;
        for (size_t i = 0; i < ns->cap; i++) {
            if (!ns->slot[i])
                continue;
            size_t h = (size_t)(hash_str(ns->slot[i]) & (nc - 1));
            while (ns2[h])
                h = (h + 1) & (nc - 1);
            ns2[h] = ns->slot[i];
        }
        free(ns->slot);
        ns->slot = ns2;
        ns->cap = nc;
    }
    size_t h = (size_t)(hash_str(name) & (ns->cap - 1));
    while (ns->slot[h]) {
        if (strcmp(ns->slot[h], name) == 0)
            return 0;
        h = (h + 1) & (ns->cap - 1);
    }
    ns->slot[h] = name;
    ns->n++;
    return 1;
}

/* The symlinks of one archive, resolved as chains once it is read. */
typedef struct linkent {
    const char *member;
    const char *target;
    const char *logical;
} linkent;

typedef struct arcread arcread;
struct arcread {
    xv_dist *d;
    size_t pkg;
    const char *pkgpath;
    int depth;
    uint64_t len;          /* compressed bytes of this archive */
    uint64_t expanded;
    uint64_t under;        /* bytes expanded at every level under this archive
                              (kept on the outermost one, which `root` points to) */
    arcread *root;         /* the archive read from disk this one is nested in */
    int stop;              /* a limit was reached: read nothing more of it */
    int told;              /* ...and a finding says this archive was cut short */
    size_t files;          /* non-folder entries */
    int system_pkg;        /* inside a .deb/.rpm: installed at '/' */
    int deb;               /* the ar level of a .deb: control.tar.* + data.tar.* */
    int payload;           /* a .deb's data.tar.*, read as the .deb's own members */
    uint64_t payload_expanded;
    unsigned char *scratch;
    linkent *links;
    size_t nlinks, linkcap;
};

static int has_dotdot(const char *s)
{
    const char *c = s;
    for (;;) {
        const char *e = c;
        while (*e && *e != '/' && *e != '\\')
            e++;
        if (e - c == 2 && c[0] == '.' && c[1] == '.')
            return 1;
        if (!*e)
            return 0;
        c = e + 1;
    }
}

static int is_absolute(const char *s)
{
    return s[0] == '/' || s[0] == '\\' ||
           (((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z') && s[1] == ':');
}

/* A limit was reached inside this archive: it and every archive around it
 * stop reading (skipping the rest of a compressed stream would expand it). */
static void stop_all(arcread *r)
{
    r->stop = 1;
    if (r->root)
        r->root->stop = 1;
}

/* Counts expanded bytes against the release-wide total and the ratio of this
 * archive and of the whole top-level archive it is in; 0 when over (the
 * archive stops; a finding names the limit and where it was reached). */
static int account(arcread *r, uint64_t n, const char *subject)
{
    xv_dist *d = r->d;
    r->expanded += n;
    arcread *root = r->root ? r->root : r;
    root->under += n;
    if (r->stop || root->stop)
        return 0;
    if (xv_dist_cancelled(d)) {
        /* a signal: stop inside a large member too, adding no finding */
        stop_all(r);
        return 0;
    }
    if (!xv_dist_count_bytes(d, n, subject, r->pkgpath)) {
        stop_all(r);
        return 0;
    }
    /* The ratio says "bomb" only past an absolute size: an ordinary library
     * of zero-filled tables compresses far beyond any ratio and is small. */
    const arcread *over = NULL;
    if (r->len > 0 && r->expanded > d->opts.ratio_min && r->expanded / r->len >= d->opts.max_ratio)
        over = r;
    else if (root->len > 0 && root->under > d->opts.ratio_min &&
             root->under / root->len >= d->opts.max_ratio)
        over = root;
    if (over) {
        char lim[48];
        snprintf(lim, sizeof lim, "ratio %u", d->opts.max_ratio);
        xv_dist_add_uncovered(d, over->pkgpath, over->pkgpath, lim,
                              "a compression bomb: do not ship it (raise matrix limits.ratio or "
                              "--max-ratio only if it is legitimate)",
                              "compression ratio over the limit of %u: %llu bytes expanded%s from "
                              "%llu (at %s); the rest is not inspected",
                              d->opts.max_ratio,
                              (unsigned long long)(over == r ? r->expanded : root->under),
                              over == r ? "" : " at all nesting levels",
                              (unsigned long long)over->len, subject);
        if (over != r) {
            /* the nested archive being read is cut short too: say so on it */
            xv_dist_add_uncovered(d, r->pkgpath, r->pkgpath, lim,
                                  "see the finding on the top-level archive",
                                  "not inspected past %s: everything under %s went over the "
                                  "ratio limit", subject, over->pkgpath);
            r->told = 1;
        }
        stop_all(r);
        return 0;
    }
    return 1;
}

/* Skipping a member of a compressed stream expands it: after a limit on a
 * member, the rest of such an archive is not read. */
static int skip_member(arcread *r, struct archive *a, const char *logical)
{
    if (archive_filter_count(a) > 1 && archive_filter_code(a, 0) != ARCHIVE_FILTER_NONE) {
        xv_dist_add_uncovered(r->d, r->pkgpath, r->pkgpath, "member limit",
                              "raise the member limit (matrix limits.member, --max-member) "
                              "if the member is legitimate",
                              "not inspected past %s: skipping an oversized member of a "
                              "compressed archive would expand it", logical);
        r->stop = 1;
        return -1;
    }
    return archive_read_data_skip(a) == ARCHIVE_FATAL ? -1 : 0;
}

static const char *member_limit(arcread *r)
{
    return xv_arena_printf(&r->d->arena, "member %llu bytes",
                           (unsigned long long)r->d->opts.max_member);
}

/* libarchive's words for a valid archive using something it cannot decode
 * (7-Zip's ARM64 filter, an unknown compression method). */
static int unsupported(const char *msg)
{
    return msg && (strstr(msg, "nsupported") || strstr(msg, "Unexpected codec") ||
                   strstr(msg, "not supported"));
}

static void corrupt(arcread *r, struct archive *a, const char *where)
{
    const char *msg = archive_error_string(a);
    xv_package *p = &r->d->pkgs[r->pkg];
    int unsup = unsupported(msg);
    char *m = xv_arena_printf(&r->d->arena, "%s%s%s: %s",
                              unsup ? "archive uses a feature xverify cannot read"
                                    : "truncated or corrupt archive",
                              where ? " at " : "", where ? where : "", msg ? msg : "read error");
    if (!p->error)
        p->error = m;
    if (unsup)
        xv_dist_add_uncovered(r->d, r->pkgpath, r->pkgpath, "unsupported feature",
                              "repack with a common method (7z: -mf=off; zip: deflate) to have it judged",
                              "%s; the rest is not inspected", m ? m : "unsupported archive feature");
    else
        xv_dist_add_uncovered(r->d, r->pkgpath, r->pkgpath, "decode error",
                              "rebuild and re-upload the archive", "%s; the rest is not inspected",
                              m ? m : "truncated or corrupt archive");
}

/* A failed data read: fatal errors end the archive (-1); others (a CRC
 * mismatch, an unsupported method or encryption) are a finding on the member
 * and the stream goes on (0). */
static int data_error(arcread *r, struct archive *a, const char *logical, la_ssize_t k)
{
    if (k == ARCHIVE_FATAL) {
        corrupt(r, a, logical);
        return -1;
    }
    const char *msg = archive_error_string(a);
    xv_dist_add_uncovered(r->d, logical, r->pkgpath, "decode error",
                          "rebuild and re-upload the archive",
                          "member unreadable: %s; not inspected", msg ? msg : "read error");
    return archive_read_data_skip(a) == ARCHIVE_FATAL ? -1 : 0;
}

static int read_nested(arcread *r, size_t pkg, const void *data, size_t len, int depth);

/* Reads the data of a regular-file entry. Returns 0 normally, -1 on a fatal
 * read error (the archive is abandoned). */
static int read_file_entry(arcread *r, struct archive *a, struct archive_entry *e,
                           xv_artifact *art, const char *raw, const char *logical)
{
    xv_dist *d = r->d;
    int64_t decl = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
    if (decl >= 0 && (uint64_t)decl > d->opts.max_member) {
        xv_dist_add_uncovered(d, logical, r->pkgpath, member_limit(r),
                              "raise the member limit (matrix limits.member, --max-member)",
                              "member is %lld bytes, over the member limit of %llu; not inspected",
                              (long long)decl, (unsigned long long)d->opts.max_member);
        art->size = (uint64_t)decl;
        return skip_member(r, a, logical);
    }
    if (archive_entry_is_data_encrypted(e) == 1) {
        xv_dist_add_uncovered(d, logical, r->pkgpath, "encrypted",
                              "ship release archives without encryption",
                              "member is encrypted; not inspected");
        if (decl > 0)
            art->size = (uint64_t)decl;
        return archive_read_data_skip(a) == ARCHIVE_FATAL ? -1 : 0;
    }
    /* first chunk: enough to tell a binary or an archive */
    la_ssize_t k = archive_read_data(a, r->scratch, ARC_CHUNK);
    if (k < 0)
        return data_error(r, a, logical, k);
    uint64_t got = (uint64_t)k;
    if (!account(r, (uint64_t)k, logical)) {
        art->size = got;
        return -1;
    }
    /* a system package's own ld.so.conf.d file is read for deps.resolve */
    int ldconf = d->pkgs[r->pkg].kind == XV_PKG_SYSTEM && xv_syspkg_is_ldconf(art->member);
    int meta = xv_meta_is_member(art->member);
    int keep = xv_detect(r->scratch, (size_t)k) != XV_FMT_NONE || xv_dist_is_archive_name(raw) ||
               ldconf || meta;
    if (!keep) {
        for (;;) {
            k = archive_read_data(a, r->scratch, ARC_CHUNK);
            if (k < 0) {
                art->size = got;
                return data_error(r, a, logical, k);
            }
            if (k == 0)
                break;
            got += (uint64_t)k;
            if (!account(r, (uint64_t)k, logical)) {
                art->size = got;
                return -1;
            }
            if (got > d->opts.max_member) {
                xv_dist_add_uncovered(d, logical, r->pkgpath, member_limit(r),
                                      "raise the member limit (matrix limits.member, --max-member)",
                                      "member expands past the member limit of %llu bytes; "
                                      "not inspected", (unsigned long long)d->opts.max_member);
                art->size = got;
                return skip_member(r, a, logical);
            }
        }
        art->size = got;
        return 0;
    }
    /* a binary or nested archive: the whole member in memory, capped. The
     * buffer is the declared size exactly; it grows (doubling) only when the
     * size is unknown or the data runs past what the header declared. */
    int exact = decl > 0 && (uint64_t)decl >= got;
    size_t cap = exact ? (size_t)decl : 2 * ARC_CHUNK;
    if (cap < got)
        cap = (size_t)got;
    /* the reading threads share a cap on the bytes they hold */
    uint64_t held = cap ? cap : 1;
    xv_dist_hold(d, held);
    unsigned char *buf = malloc(cap ? cap : 1);
    if (!buf) {
        xv_dist_unhold(d, held);
        xv_dist_add_finding(d, XV_ERROR, logical, r->pkgpath, NULL, "out of memory reading member");
        return archive_read_data_skip(a) == ARCHIVE_FATAL ? -1 : 0;
    }
    memcpy(buf, r->scratch, (size_t)got);
    size_t len = (size_t)got;
    int over = 0;
    for (;;) {
        size_t extra = 0;   /* bytes past the declared size, held in the scratch */
        if (len == cap) {
            if (exact) {
                /* the declared bytes are in: a read into the scratch tells
                 * the end of the data without growing the buffer */
                exact = 0;
                k = archive_read_data(a, r->scratch, ARC_CHUNK);
                if (k < 0) {
                    art->size = len;
                    free(buf);
                    xv_dist_unhold(d, held);
                    return data_error(r, a, logical, k);
                }
                if (k == 0)
                    break;
                extra = (size_t)k;
            }
            size_t nc = cap * 2 > cap + extra ? cap * 2 : cap + extra;
            if (nc > d->opts.max_member + 1)
                nc = (size_t)d->opts.max_member + 1;
            if (nc < cap + extra || nc <= cap) {
                over = 1;
                break;
            }
            unsigned char *nb = realloc(buf, nc);
            if (!nb) {
                over = 1;
                break;
            }
            buf = nb;
            xv_dist_hold_more(d, nc - cap);
            held += nc - cap;
            cap = nc;
        }
        if (extra) {
            memcpy(buf + len, r->scratch, extra);
            k = (la_ssize_t)extra;
        } else {
            k = archive_read_data(a, buf + len, cap - len);
        }
        if (k < 0) {
            art->size = len;
            free(buf);
            xv_dist_unhold(d, held);
            return data_error(r, a, logical, k);
        }
        if (k == 0)
            break;
        len += (size_t)k;
        if (!account(r, (uint64_t)k, logical)) {
            art->size = len;
            free(buf);
            xv_dist_unhold(d, held);
            return -1;
        }
        if (len > d->opts.max_member) {
            over = 1;
            break;
        }
    }
    art->size = len;
    if (over) {
        xv_dist_add_uncovered(d, logical, r->pkgpath, member_limit(r),
                              "raise the member limit (matrix limits.member, --max-member)",
                              "member expands past the member limit of %llu bytes; not inspected",
                              (unsigned long long)d->opts.max_member);
        free(buf);
        xv_dist_unhold(d, held);
        return skip_member(r, a, logical);
    }
    if (meta)
        xv_meta_member(d, r->pkg, art->member, buf, len);
    if (ldconf) {
        xv_syspkg_ldconf(d, r->pkg, (const char *)buf, len);
    } else if (!xv_syspkg_is_deb(raw) && xv_detect(buf, len) != XV_FMT_NONE) {
        /* a .deb is an ar archive: by its name a package, not a static library */
        art->image = xv_dist_read_image(d, buf, len, logical);
    } else if (xv_dist_is_archive_name(raw)) {
        int depth = r->depth + 1;
        if (depth > d->opts.max_depth) {
            char lim[32];
            snprintf(lim, sizeof lim, "depth %d", d->opts.max_depth);
            xv_dist_add_uncovered(d, logical, r->pkgpath, lim,
                                  "flatten the nesting, or raise the depth limit (matrix "
                                  "limits.depth, --max-depth) if it is legitimate",
                                  "archive nested deeper than the depth limit of %d; not inspected",
                                  d->opts.max_depth);
        } else {
            xv_pkg_src src = {NULL, r->pkg, raw, depth, NULL};
            size_t pi = xv_dist_add_package(d, logical, XV_PKG_ARCHIVE, &src);
            if (pi != (size_t)-1) {
                d->pkgs[pi].size = len;
                if (read_nested(r, pi, buf, len, depth) && !r->told) {
                    r->stop = r->told = 1;
                    xv_dist_add_uncovered(d, r->pkgpath, r->pkgpath,
                                          d->halted ? d->halted : "limit reached inside",
                                          "see the finding on the nested archive",
                                          "not inspected past %s: a limit was reached inside it",
                                          logical);
                }
            }
        }
    }
    free(buf);
    xv_dist_unhold(d, held);
    return r->stop ? -1 : 0;
}

static struct archive *open_reader(const void *data, size_t len)
{
    struct archive *a = archive_read_new();
    if (!a)
        return NULL;
    xv_archive_read_formats(a);
    static const char empty[1];
    /* on failure the first next_header reports the error */
    (void)archive_read_open_memory(a, data ? data : empty, data ? len : 0);
    return a;
}

/* Is any archive of the logical path a system package (.deb, .rpm, ...)? */
static int is_system_package(const char *path)
{
    static const char *const ext[] = {".deb", ".udeb", ".rpm", ".ipk"};
    const char *c = path;
    for (;;) {
        const char *e = strstr(c, "!/");
        size_t n = e ? (size_t)(e - c) : strlen(c);
        for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
            size_t el = strlen(ext[i]);
            if (n > el && strncasecmp(c + n - el, ext[i], el) == 0)
                return 1;
        }
        if (!e)
            return 0;
        c = e + 2;
    }
}

/* Reads one part of a .deb's ar level whole (control.tar.*, data.tar.*),
 * capped like any member. 0 with *out malloc'd, -1 when not read. */
static int read_part(arcread *r, struct archive *a, const char *logical, unsigned char **out,
                     size_t *outlen)
{
    xv_dist *d = r->d;
    size_t cap = ARC_CHUNK, got = 0;
    unsigned char *buf = malloc(cap);
    *out = NULL;
    while (buf) {
        if (got == cap) {
            if (cap > d->opts.max_member) {
                xv_dist_add_uncovered(d, logical, r->pkgpath, member_limit(r),
                                      "raise the member limit (matrix limits.member, --max-member)",
                                      "member expands past the member limit of %llu bytes; not "
                                      "inspected", (unsigned long long)d->opts.max_member);
                break;
            }
            unsigned char *nb = realloc(buf, cap * 2);
            if (!nb)
                break;
            buf = nb;
            cap *= 2;
        }
        la_ssize_t k = archive_read_data(a, buf + got, cap - got);
        if (k < 0) {
            data_error(r, a, logical, k);
            break;
        }
        if (k == 0) {
            *out = buf;
            *outlen = got;
            return 0;
        }
        got += (size_t)k;
        if (!account(r, (uint64_t)k, logical))
            break;
    }
    free(buf);
    return -1;
}

static int read_archive(xv_dist *d, size_t pkg, const void *data, size_t len, int depth,
                        int payload, arcread *root);

/* One entry of a .deb's ar level: the control is metadata, the data is the
 * package's members; neither is a package or an artifact of its own. Other
 * entries (debian-binary, signatures) are skipped. */
static void deb_part(arcread *r, struct archive *a, const char *raw, const char *logical)
{
    xv_dist *d = r->d;
    int control = strncmp(raw, "control.tar", 11) == 0;
    int data = strncmp(raw, "data.tar", 8) == 0;
    if (!control && !data) {
        archive_read_data_skip(a);
        return;
    }
    if (data && d->srcs[r->pkg].payload) {
        xv_dist_add_finding(d, XV_FAIL, logical, r->pkgpath,
                            "build the package with dpkg-deb, which writes one data.tar",
                            "a second data member %s; dpkg refuses such a package", raw);
        archive_read_data_skip(a);
        return;
    }
    unsigned char *buf;
    size_t n;
    if (read_part(r, a, logical, &buf, &n) != 0)
        return;
    if (control) {
        xv_syspkg_control_tar(d, r->pkg, buf, n);
    } else {
        d->srcs[r->pkg].payload = xv_arena_strdup(&d->arena, raw);
        (void)read_archive(d, r->pkg, buf, n, r->depth, 1, r->root ? r->root : r);
        r->payload_expanded += d->pkgs[r->pkg].expanded;
    }
    free(buf);
}

/* One component stack for resolving a link chain: the path so far. */
typedef struct lpath {
    char buf[4096];
    size_t len;
    size_t ends[512];      /* buf length before each component */
    size_t n;
} lpath;

static int cmp_link(const void *a, const void *b)
{
    return strcmp(((const linkent *)a)->member, ((const linkent *)b)->member);
}

static const linkent *find_link(const arcread *r, const char *member)
{
    linkent key = {member, NULL, NULL};
    return bsearch(&key, r->links, r->nlinks, sizeof *r->links, cmp_link);
}

/* Resolves the link `l` the way an extractor writing every entry and then
 * opening the link would: each component that is itself a link of the
 * archive is replaced by its target, relative to that link's folder. 1 when
 * the chain leaves the package ('..' above the root or an absolute target),
 * 0 when it stays inside (or ends dangling or in a loop, which extracts
 * nothing outside). */
static int chain_escapes(const arcread *r, const linkent *l)
{
    lpath *p = malloc(sizeof *p);
    char *pend = malloc(8192);
    int result = 0;
    if (!p || !pend) {
        free(p);
        free(pend);
        return 0;
    }
    p->len = p->n = 0;
    p->buf[0] = '\0';
    /* start in the link's folder, then walk its target */
    const char *slash = strrchr(l->member, '/');
    int w = slash ? snprintf(pend, 8192, "%.*s/%s", (int)(slash - l->member), l->member, l->target)
                  : snprintf(pend, 8192, "%s", l->target);
    if (w < 0 || w >= 8192 || l->target[0] == '/')
        goto out_escape;
    size_t pos = 0;
    int hops = 0;
    while (pend[pos]) {
        size_t e = pos;
        while (pend[e] && pend[e] != '/')
            e++;
        size_t n = e - pos;
        const char *c = pend + pos;
        pos = pend[e] ? e + 1 : e;
        if (n == 0 || (n == 1 && c[0] == '.'))
            continue;
        if (n == 2 && c[0] == '.' && c[1] == '.') {
            if (p->n == 0)
                goto out_escape;
            p->len = p->ends[--p->n];
            p->buf[p->len] = '\0';
            continue;
        }
        if (p->n >= sizeof p->ends / sizeof p->ends[0] || p->len + n + 2 > sizeof p->buf)
            goto out_escape;   /* deeper than any real tree: treat as hostile */
        p->ends[p->n++] = p->len;
        if (p->len)
            p->buf[p->len++] = '/';
        memcpy(p->buf + p->len, c, n);
        p->len += n;
        p->buf[p->len] = '\0';
        const linkent *hit = find_link(r, p->buf);
        if (!hit)
            continue;
        if (++hops > ARC_MAX_HOPS)
            goto out;          /* a loop: the extractor fails, nothing escapes */
        if (hit->target[0] == '/' || hit->target[0] == '\\')
            goto out_escape;
        /* replace the link component by its target, then the rest */
        p->len = p->ends[--p->n];
        p->buf[p->len] = '\0';
        char rest[8192];
        int k = snprintf(rest, sizeof rest, "%s%s%s", hit->target, pend[pos] ? "/" : "",
                         pend + pos);
        if (k < 0 || k >= (int)sizeof rest)
            goto out_escape;
        memcpy(pend, rest, (size_t)k + 1);
        pos = 0;
    }
    goto out;
out_escape:
    result = 1;
out:
    free(p);
    free(pend);
    return result;
}

/* Links that stay inside by their text may still leave through other links
 * (a/b -> .., c -> a/b/..): resolve each chain. */
static void judge_link_chains(arcread *r)
{
    if (!r->nlinks || r->system_pkg)
        return;
    qsort(r->links, r->nlinks, sizeof *r->links, cmp_link);
    for (size_t i = 0; i < r->nlinks; i++) {
        const linkent *l = &r->links[i];
        if (!xv_dist_link_inside(l->member, l->target, 0))
            continue;   /* already a finding by its text */
        if (chain_escapes(r, l))
            xv_dist_add_finding(r->d, XV_FAIL, l->logical, r->pkgpath,
                                "make every link relative and inside the package; a link "
                                "through another link must still land inside",
                                "symlink %s -> %s resolves outside the package through other "
                                "links of the archive", l->member, l->target);
    }
}

static void add_link(arcread *r, const char *member, const char *target, const char *logical)
{
    if (xv_dist_grow((void **)&r->links, &r->linkcap, r->nlinks, sizeof *r->links,
                     XV_DIST_MAX_LINKS) != 0) {
        if (r->nlinks == XV_DIST_MAX_LINKS)
            xv_dist_add_uncovered(r->d, r->pkgpath, r->pkgpath, "links 65536", NULL,
                                  "more than %u symlinks: the chains of the rest are not "
                                  "resolved", XV_DIST_MAX_LINKS);
        r->nlinks += r->nlinks == XV_DIST_MAX_LINKS;   /* tell once */
        return;
    }
    r->links[r->nlinks++] = (linkent){member, target, logical};
}

static int read_archive(xv_dist *d, size_t pkg, const void *data, size_t len, int depth,
                        int payload, arcread *root)
{
    arcread r;
    memset(&r, 0, sizeof r);
    r.root = root;
    r.d = d;
    r.pkg = pkg;
    r.pkgpath = d->pkgs[pkg].path;
    r.depth = depth;
    r.len = len;
    r.system_pkg = is_system_package(r.pkgpath);
    r.payload = payload;
    r.deb = !payload && d->pkgs[pkg].kind == XV_PKG_SYSTEM && xv_syspkg_is_deb(r.pkgpath);
    if (!payload && d->pkgs[pkg].kind == XV_PKG_SYSTEM && xv_syspkg_is_rpm(r.pkgpath))
        xv_syspkg_rpm_header(d, pkg, data, len);
    r.scratch = malloc(ARC_CHUNK);
    struct archive *a = open_reader(data, len);
    nameset seen = {NULL, 0, 0};
    if (!a || !r.scratch) {
        xv_dist_add_finding(d, XV_ERROR, r.pkgpath, r.pkgpath, NULL, "out of memory opening archive");
        goto out;
    }
    size_t entries = 0;
    int retries = 0;
    for (;;) {
        struct archive_entry *e;
        if (r.stop || (root && root->stop) || d->halted || xv_dist_cancelled(d)) {
            r.stop = 1;
            break;
        }
        int rc = archive_read_next_header(a, &e);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc == ARCHIVE_RETRY && ++retries < ARC_MAX_RETRY)
            continue;
        if (rc < ARCHIVE_WARN) {
            corrupt(&r, a, NULL);
            break;
        }
        if (depth == 0 && !payload && entries > 0)   /* the previous member is read */
            xv_dist_progress_note(d, (uint64_t)archive_filter_bytes(a, -1));
        if (entries == 0 && archive_format_name(a) && !payload)
            d->pkgs[pkg].format = r.deb ? "Debian binary package"
                                : d->pkgs[pkg].kind == XV_PKG_SYSTEM && xv_syspkg_is_rpm(r.pkgpath)
                                    ? "RPM package"
                                    : xv_arena_strdup(&d->arena, archive_format_name(a));
        entries++;
        if (!xv_dist_count_entry(d, r.pkgpath, r.pkgpath)) {
            r.stop = 1;
            break;
        }
        const char *raw = archive_entry_pathname(e);
        if (!raw)
            raw = archive_entry_pathname_utf8(e);
        if (!raw || !*raw) {
            xv_dist_add_finding(d, XV_WARN, r.pkgpath, r.pkgpath, NULL,
                                "entry %zu has no name", entries);
            archive_read_data_skip(a);
            continue;
        }
        char *rawc = xv_arena_strdup(&d->arena, raw);
        if (!rawc)
            break;
        /* member: without "./" and leading or trailing slashes */
        const char *m = rawc;
        for (;;) {
            if (m[0] == '.' && m[1] == '/')
                m += 2;
            else if (m[0] == '/')
                m++;
            else
                break;
        }
        char *member = xv_arena_strdup(&d->arena, m);
        if (!member)
            break;
        size_t ml = strlen(member);
        while (ml > 0 && member[ml - 1] == '/')
            member[--ml] = '\0';
        mode_t ft = archive_entry_filetype(e);
        if (ml == 0 || strcmp(member, ".") == 0) {
            archive_read_data_skip(a);
            continue;
        }
        char *logical = xv_arena_printf(&d->arena, "%s!/%s", r.pkgpath, member);
        if (!logical)
            break;
        if (r.deb) {
            if (ft == AE_IFREG)
                deb_part(&r, a, rawc, logical);
            else
                archive_read_data_skip(a);
            continue;
        }
        if (is_absolute(rawc))
            xv_dist_add_finding(d, XV_FAIL, logical, r.pkgpath,
                                "store relative paths only (tar without -P)",
                                "entry has an absolute path: %s", rawc);
        if (has_dotdot(rawc))
            xv_dist_add_finding(d, XV_FAIL, logical, r.pkgpath,
                                "remove '..' components from entry names",
                                "entry escapes the package with '..': %s", rawc);
        const char *hl = archive_entry_hardlink(e);
        xv_entry_type type;
        if (hl)
            type = XV_ENTRY_HARDLINK;
        else if (ft == AE_IFREG)
            type = XV_ENTRY_FILE;
        else if (ft == AE_IFDIR)
            type = XV_ENTRY_DIR;
        else if (ft == AE_IFLNK)
            type = XV_ENTRY_SYMLINK;
        else if (ft == AE_IFCHR || ft == AE_IFBLK)
            type = XV_ENTRY_DEVICE;
        else if (ft == AE_IFIFO)
            type = XV_ENTRY_FIFO;
        else if (ft == AE_IFSOCK)
            type = XV_ENTRY_SOCKET;
        else
            type = XV_ENTRY_OTHER;
        uint32_t mode = (uint32_t)(archive_entry_perm(e) & 07777);
        if (type != XV_ENTRY_DIR) {
            int add = nameset_add(&seen, member);
            if (add == 0)
                xv_dist_add_finding(d, XV_FAIL, logical, r.pkgpath,
                                    "store each path once; extraction keeps only the last copy",
                                    "duplicate entry name: %s", member);
        }
        if ((mode & (S_ISUID | S_ISGID)) && type != XV_ENTRY_DIR)
            xv_dist_add_finding(d, XV_FAIL, logical, r.pkgpath,
                                "clear the setuid/setgid bits before packing (chmod ug-s)",
                                "%s has the %s bit set (mode %04o)", member,
                                (mode & S_ISUID) ? "setuid" : "setgid", (unsigned)mode);
        if (type == XV_ENTRY_DEVICE || type == XV_ENTRY_FIFO)
            xv_dist_add_finding(d, XV_FAIL, logical, r.pkgpath,
                                "ship only regular files, folders and links",
                                "%s is a %s", member,
                                type == XV_ENTRY_FIFO ? "FIFO" : "device node");
        if (type == XV_ENTRY_DIR) {
            archive_read_data_skip(a);
            continue;
        }
        r.files++;
        xv_artifact *art = xv_dist_add_artifact(d, pkg, member, logical, type, depth);
        if (!art)
            break;
        art->mode = mode;
        if (type == XV_ENTRY_SYMLINK) {
            const char *t = archive_entry_symlink(e);
            art->link_target = t ? xv_arena_strdup(&d->arena, t) : NULL;
            if (art->link_target)
                add_link(&r, art->member, art->link_target, art->path);
            /* a .deb/.rpm installs at '/': links into the system are its job */
            if (t && !r.system_pkg && !xv_dist_link_inside(member, t, 0))
                xv_dist_add_finding(d, XV_FAIL, logical, r.pkgpath,
                                    "make the link relative and keep it inside the package",
                                    "symlink %s -> %s points outside the package", member, t);
        } else if (type == XV_ENTRY_HARDLINK) {
            art->link_target = xv_arena_strdup(&d->arena, hl);
            if (is_absolute(hl) || !xv_dist_link_inside(NULL, hl, 1))
                xv_dist_add_finding(d, XV_FAIL, logical, r.pkgpath,
                                    "hard links must name a file inside the package",
                                    "hardlink %s -> %s points outside the package", member, hl);
        }
        if (type == XV_ENTRY_FILE) {
            if (read_file_entry(&r, a, e, art, rawc, logical) != 0)
                break;
        } else {
            archive_read_data_skip(a);
        }
    }
    judge_link_chains(&r);
    /* an archive read to its end with no file in it is no release: it must not
     * count as a platform's package either */
    if (!r.stop && !d->pkgs[pkg].error &&
        (r.deb ? !d->srcs[pkg].payload && !(root && root->stop) : r.files == 0))
        xv_dist_add_finding(d, XV_FAIL, r.pkgpath, r.pkgpath,
                            "build the package again: it holds no file",
                            "empty archive: %zu entries, no file in it (%zu bytes)", entries, len);
out:
    d->pkgs[pkg].expanded = r.deb ? r.payload_expanded : r.expanded;
    free(seen.slot);
    free(r.scratch);
    free(r.links);
    if (a)
        archive_read_free(a);
    return r.stop;
}

static int read_nested(arcread *r, size_t pkg, const void *data, size_t len, int depth)
{
    arcread *root = r->root ? r->root : r;
    (void)read_archive(r->d, pkg, data, len, depth, 0, root);
    /* a member limit stops only that archive; the ratio of the top-level
     * archive or a release-wide limit stops every level */
    return root->stop || r->d->halted;
}

void xv_dist_read_archive(xv_dist *d, size_t pkg, const void *data, size_t len, int depth)
{
    (void)read_archive(d, pkg, data, len, depth, 0, NULL);
}

void xv_dist_bytes_free(void *data, size_t len, int mapped)
{
    if (!data)
        return;
    if (mapped)
        munmap(data, len);
    else
        free(data);
}

/* Finds `entry` in the archive held in data and copies it out (capped). */
static int extract_member(const xv_dist *d, const void *data, size_t len, const char *entry,
                          void **out, size_t *outlen)
{
    struct archive *a = open_reader(data, len);
    int ret = -1;
    if (!a)
        return -1;
    struct archive_entry *e;
    while (archive_read_next_header(a, &e) >= ARCHIVE_WARN) {
        const char *n = archive_entry_pathname(e);
        if (!n || strcmp(n, entry) != 0 || archive_entry_filetype(e) != AE_IFREG)
            continue;
        size_t cap = ARC_CHUNK, got = 0;
        unsigned char *buf = malloc(cap);
        while (buf) {
            if (got == cap) {
                if (cap > d->opts.max_member)
                    break;
                unsigned char *nb = realloc(buf, cap * 2);
                if (!nb)
                    break;
                buf = nb;
                cap *= 2;
            }
            la_ssize_t k = archive_read_data(a, buf + got, cap - got);
            if (k < 0)
                break;
            if (k == 0) {
                *out = buf;
                *outlen = got;
                buf = NULL;
                ret = 0;
                break;
            }
            got += (size_t)k;
        }
        free(buf);
        break;
    }
    archive_read_free(a);
    return ret;
}

static int payload_bytes(const xv_dist *d, size_t pkg, void **data, size_t *len, int *mapped);
static int package_bytes(const xv_dist *d, size_t pkg, void **data, size_t *len, int *mapped);

int xv_dist_package_bytes(const xv_dist *d, size_t pkg, void **data, size_t *len, int *mapped)
{
    return payload_bytes(d, pkg, data, len, mapped);
}

static int package_bytes(const xv_dist *d, size_t pkg, void **data, size_t *len, int *mapped)
{
    *data = NULL;
    *len = 0;
    *mapped = 0;
    if (pkg >= d->npkgs)
        return -1;
    const xv_pkg_src *s = &d->srcs[pkg];
    if (s->fspath) {
        FILE *f = fopen(s->fspath, "rb");
        if (!f)
            return -1;
        struct stat st;
        if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
            fclose(f);
            return -1;
        }
        void *p = NULL;
        if (st.st_size > 0) {
            p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fileno(f), 0);
            if (p == MAP_FAILED) {
                fclose(f);
                return -1;
            }
            *mapped = 1;
        }
        fclose(f);
        *data = p;
        *len = (size_t)st.st_size;
        return 0;
    }
    if (!s->entry || s->parent >= pkg)
        return -1;
    void *pd;
    size_t pl;
    int pm;
    if (payload_bytes(d, s->parent, &pd, &pl, &pm) != 0)
        return -1;
    int rc = extract_member(d, pd, pl, s->entry, data, len);
    xv_dist_bytes_free(pd, pl, pm);
    return rc;
}

/* A .deb's members live in its data.tar.*: those bytes are the package's. */
static int payload_bytes(const xv_dist *d, size_t pkg, void **data, size_t *len, int *mapped)
{
    void *pd;
    size_t pl;
    int pm;
    *data = NULL;
    *len = 0;
    *mapped = 0;
    if (package_bytes(d, pkg, &pd, &pl, &pm) != 0)
        return -1;
    if (!d->srcs[pkg].payload) {
        *data = pd;
        *len = pl;
        *mapped = pm;
        return 0;
    }
    int rc = extract_member(d, pd, pl, d->srcs[pkg].payload, data, len);
    xv_dist_bytes_free(pd, pl, pm);
    return rc;
}
