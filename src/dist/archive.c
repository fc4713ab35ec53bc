/* Archives read with libarchive as one stream from memory: every entry is
 * judged for safety, binaries are read into a capped buffer and parsed,
 * nested archives become packages of their own (up to max_depth). Nothing is
 * written to disk. */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "dist/dist_internal.h"

#define ARC_CHUNK ((size_t)64 << 10)
#define ARC_MAX_RETRY 16
#define ARC_RATIO_MIN ((uint64_t)1 << 20)   /* no ratio finding below 1 MiB expanded */

int xv_dist_digest(const void *data, size_t len, unsigned char sha256[32], unsigned char sha512[64])
{
    EVP_MD_CTX *a = EVP_MD_CTX_new(), *b = EVP_MD_CTX_new();
    int ok = a && b && EVP_DigestInit_ex(a, EVP_sha256(), NULL) == 1 &&
             EVP_DigestInit_ex(b, EVP_sha512(), NULL) == 1;
    const unsigned char *p = data;
    /* one pass: both digests consume the same chunk while it is in cache */
    for (size_t off = 0; ok && off < len; off += ARC_CHUNK) {
        size_t n = len - off < ARC_CHUNK ? len - off : ARC_CHUNK;
        ok = EVP_DigestUpdate(a, p + off, n) == 1 && EVP_DigestUpdate(b, p + off, n) == 1;
    }
    unsigned int la = 0, lb = 0;
    ok = ok && EVP_DigestFinal_ex(a, sha256, &la) == 1 && EVP_DigestFinal_ex(b, sha512, &lb) == 1 &&
         la == 32 && lb == 64;
    EVP_MD_CTX_free(a);
    EVP_MD_CTX_free(b);
    return ok ? 0 : -1;
}

int xv_dist_digest_file(const char *path, unsigned char sha256[32], unsigned char sha512[64])
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
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

typedef struct arcread {
    xv_dist *d;
    size_t pkg;
    const char *pkgpath;
    int depth;
    uint64_t len;          /* compressed bytes of this archive */
    uint64_t expanded;
    int skip_data;         /* after a total or ratio cap: headers only */
    int system_pkg;        /* inside a .deb/.rpm: installed at '/' */
    int deb;               /* the ar level of a .deb: control.tar.* + data.tar.* */
    int payload;           /* a .deb's data.tar.*, read as the .deb's own members */
    uint64_t payload_expanded;
    unsigned char *scratch;
} arcread;

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

/* Counts expanded bytes against the total and ratio caps; 0 when over. */
static int account(arcread *r, uint64_t n, const char *subject)
{
    xv_dist *d = r->d;
    r->expanded += n;
    if (r->skip_data)
        return 0;
    if (r->expanded > d->opts.max_total) {
        xv_dist_add_finding(d, XV_FAIL, r->pkgpath, r->pkgpath,
                            "check the archive; raise max_total only if it is legitimate",
                            "archive expands to more than the total cap of %llu bytes (at %s); "
                            "the rest is not inspected",
                            (unsigned long long)d->opts.max_total, subject);
        r->skip_data = 1;
        return 0;
    }
    if (r->len > 0 && r->expanded > ARC_RATIO_MIN &&
        r->expanded / r->len >= d->opts.max_ratio) {
        xv_dist_add_finding(d, XV_FAIL, r->pkgpath, r->pkgpath,
                            "a compression bomb: do not ship it",
                            "compression ratio over %u: %llu bytes expanded from %llu (at %s); "
                            "the rest is not inspected",
                            d->opts.max_ratio, (unsigned long long)r->expanded,
                            (unsigned long long)r->len, subject);
        r->skip_data = 1;
        return 0;
    }
    return 1;
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
        xv_dist_add_finding(r->d, XV_ERROR, r->pkgpath, r->pkgpath,
                            "repack with a common method (7z: -mf=off; zip: deflate) to have it judged",
                            "%s", m ? m : "unsupported archive feature");
    else
        xv_dist_add_finding(r->d, XV_FAIL, r->pkgpath, r->pkgpath,
                            "rebuild and re-upload the archive", "%s",
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
    xv_dist_add_finding(r->d, XV_FAIL, logical, r->pkgpath, "rebuild and re-upload the archive",
                        "member unreadable: %s", msg ? msg : "read error");
    return archive_read_data_skip(a) == ARCHIVE_FATAL ? -1 : 0;
}

/* Reads the data of a regular-file entry. Returns 0 normally, -1 on a fatal
 * read error (the archive is abandoned). */
static int read_file_entry(arcread *r, struct archive *a, struct archive_entry *e,
                           xv_artifact *art, const char *raw, const char *logical)
{
    xv_dist *d = r->d;
    int64_t decl = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
    if (decl >= 0 && (uint64_t)decl > d->opts.max_member) {
        xv_dist_add_finding(d, XV_ERROR, logical, r->pkgpath, "raise the member size cap",
                            "member is %lld bytes, over the cap of %llu; not inspected",
                            (long long)decl, (unsigned long long)d->opts.max_member);
        art->size = (uint64_t)decl;
        r->expanded += (uint64_t)decl;
        return archive_read_data_skip(a) == ARCHIVE_FATAL ? -1 : 0;
    }
    if (archive_entry_is_data_encrypted(e) == 1) {
        xv_dist_add_finding(d, XV_ERROR, logical, r->pkgpath,
                            "ship release archives without encryption",
                            "member is encrypted; not inspected");
        if (decl > 0) {
            art->size = (uint64_t)decl;
            r->expanded += (uint64_t)decl;
        }
        return archive_read_data_skip(a) == ARCHIVE_FATAL ? -1 : 0;
    }
    if (r->skip_data) {
        if (decl > 0) {
            art->size = (uint64_t)decl;
            r->expanded += (uint64_t)decl;
        }
        return archive_read_data_skip(a) == ARCHIVE_FATAL ? -1 : 0;
    }
    /* first chunk: enough to tell a binary or an archive */
    la_ssize_t k = archive_read_data(a, r->scratch, ARC_CHUNK);
    if (k < 0)
        return data_error(r, a, logical, k);
    uint64_t got = (uint64_t)k;
    if (!account(r, (uint64_t)k, logical)) {
        art->size = got;
        return archive_read_data_skip(a) == ARCHIVE_FATAL ? -1 : 0;
    }
    /* a system package's own ld.so.conf.d file is read for deps.resolve */
    int ldconf = d->pkgs[r->pkg].kind == XV_PKG_SYSTEM && xv_syspkg_is_ldconf(art->member);
    int keep = xv_detect(r->scratch, (size_t)k) != XV_FMT_NONE || xv_dist_is_archive_name(raw) ||
               ldconf;
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
                return archive_read_data_skip(a) == ARCHIVE_FATAL ? -1 : 0;
            }
            if (got > d->opts.max_member) {
                xv_dist_add_finding(d, XV_ERROR, logical, r->pkgpath, "raise the member size cap",
                                    "member expands past the cap of %llu bytes; not inspected",
                                    (unsigned long long)d->opts.max_member);
                art->size = got;
                return archive_read_data_skip(a) == ARCHIVE_FATAL ? -1 : 0;
            }
        }
        art->size = got;
        return 0;
    }
    /* a binary or nested archive: the whole member in memory, capped */
    size_t cap = decl > 0 && (uint64_t)decl >= got ? (size_t)decl : 2 * ARC_CHUNK;
    if (cap < got)
        cap = (size_t)got;
    unsigned char *buf = malloc(cap ? cap : 1);
    if (!buf) {
        xv_dist_add_finding(d, XV_ERROR, logical, r->pkgpath, NULL, "out of memory reading member");
        return archive_read_data_skip(a) == ARCHIVE_FATAL ? -1 : 0;
    }
    memcpy(buf, r->scratch, (size_t)got);
    size_t len = (size_t)got;
    int over = 0;
    for (;;) {
        if (len == cap) {
            size_t nc = cap * 2;
            if (nc > d->opts.max_member + 1)
                nc = (size_t)d->opts.max_member + 1;
            if (nc <= cap) {
                over = 1;
                break;
            }
            unsigned char *nb = realloc(buf, nc);
            if (!nb) {
                over = 1;
                break;
            }
            buf = nb;
            cap = nc;
        }
        k = archive_read_data(a, buf + len, cap - len);
        if (k < 0) {
            art->size = len;
            free(buf);
            return data_error(r, a, logical, k);
        }
        if (k == 0)
            break;
        len += (size_t)k;
        if (!account(r, (uint64_t)k, logical)) {
            art->size = len;
            free(buf);
            return archive_read_data_skip(a) == ARCHIVE_FATAL ? -1 : 0;
        }
        if (len > d->opts.max_member) {
            over = 1;
            break;
        }
    }
    art->size = len;
    if (over) {
        xv_dist_add_finding(d, XV_ERROR, logical, r->pkgpath, "raise the member size cap",
                            "member expands past the cap of %llu bytes; not inspected",
                            (unsigned long long)d->opts.max_member);
        free(buf);
        return archive_read_data_skip(a) == ARCHIVE_FATAL ? -1 : 0;
    }
    if (ldconf) {
        xv_syspkg_ldconf(d, r->pkg, (const char *)buf, len);
    } else if (!xv_syspkg_is_deb(raw) && xv_detect(buf, len) != XV_FMT_NONE) {
        /* a .deb is an ar archive: by its name a package, not a static library */
        art->image = xv_dist_read_image(d, buf, len, logical);
    } else if (xv_dist_is_archive_name(raw)) {
        int depth = r->depth + 1;
        if (depth > d->opts.max_depth) {
            xv_dist_add_finding(d, XV_WARN, logical, r->pkgpath, "raise max_depth",
                                "archive nested deeper than %d; not inspected", d->opts.max_depth);
        } else {
            xv_pkg_src src = {NULL, r->pkg, raw, depth, NULL};
            size_t pi = xv_dist_add_package(d, logical, XV_PKG_ARCHIVE, &src);
            if (pi != (size_t)-1) {
                d->pkgs[pi].size = len;
                xv_dist_read_archive(d, pi, buf, len, depth);
            }
        }
    }
    free(buf);
    return 0;
}

static struct archive *open_reader(const void *data, size_t len)
{
    struct archive *a = archive_read_new();
    if (!a)
        return NULL;
    archive_read_support_filter_all(a);
    archive_read_support_format_all(a);
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
                xv_dist_add_finding(d, XV_ERROR, logical, r->pkgpath, "raise the member size cap",
                                    "member expands past the cap of %llu bytes; not inspected",
                                    (unsigned long long)d->opts.max_member);
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

static void read_archive(xv_dist *d, size_t pkg, const void *data, size_t len, int depth,
                         int payload);

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
        read_archive(d, r->pkg, buf, n, r->depth, 1);
        r->payload_expanded += d->pkgs[r->pkg].expanded;
    }
    free(buf);
}

void xv_dist_read_archive(xv_dist *d, size_t pkg, const void *data, size_t len, int depth)
{
    read_archive(d, pkg, data, len, depth, 0);
}

static void read_archive(xv_dist *d, size_t pkg, const void *data, size_t len, int depth,
                         int payload)
{
    arcread r;
    memset(&r, 0, sizeof r);
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
        int rc = archive_read_next_header(a, &e);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc == ARCHIVE_RETRY && ++retries < ARC_MAX_RETRY)
            continue;
        if (rc < ARCHIVE_WARN) {
            corrupt(&r, a, NULL);
            break;
        }
        if (entries == 0 && archive_format_name(a) && !payload)
            d->pkgs[pkg].format = r.deb ? "Debian binary package"
                                : d->pkgs[pkg].kind == XV_PKG_SYSTEM && xv_syspkg_is_rpm(r.pkgpath)
                                    ? "RPM package"
                                    : xv_arena_strdup(&d->arena, archive_format_name(a));
        if (++entries > XV_DIST_MAX_ENTRIES) {
            xv_dist_add_finding(d, XV_ERROR, r.pkgpath, r.pkgpath, NULL,
                                "more than %u entries; the rest is not inspected", XV_DIST_MAX_ENTRIES);
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
        xv_artifact *art = xv_dist_add_artifact(d, pkg, member, logical, type, depth);
        if (!art)
            break;
        art->mode = mode;
        if (type == XV_ENTRY_SYMLINK) {
            const char *t = archive_entry_symlink(e);
            art->link_target = t ? xv_arena_strdup(&d->arena, t) : NULL;
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
out:
    d->pkgs[pkg].expanded = r.deb ? r.payload_expanded : r.expanded;
    free(seen.slot);
    free(r.scratch);
    if (a)
        archive_read_free(a);
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
