/* The release walker: inputs (folders, archives, files) -> packages,
 * artifacts, findings and checksum files. See the package rule in dist.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dist/checksums.h"
#include "dist/dist_internal.h"
#include "dist/meta.h"

void xv_dist_opts_init(xv_dist_opts *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->max_member = (uint64_t)1 << 30;
    o->max_total = (uint64_t)32 << 30;
    o->max_ratio = 200;
    o->max_depth = 3;
    o->ratio_min = (uint64_t)64 << 20;
    o->max_entries = (uint64_t)1 << 20;
    o->jobs = 1;
    o->max_inflight = (uint64_t)256 << 20;
}

int xv_dist_grow(void **arr, size_t *cap, size_t n, size_t elsize, size_t limit)
{
    if (n >= limit)
        return -1;
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 16;
    if (nc > limit)
        nc = limit;
    if (nc > SIZE_MAX / elsize)
        return -1;
    void *p = realloc(*arr, nc * elsize);
    if (!p)
        return -1;
    *arr = p;
    *cap = nc;
    return 0;
}

int xv_dist_reserve(void **arr, size_t *cap, size_t need, size_t elsize)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > SIZE_MAX / 2)
            return -1;
        nc *= 2;
    }
    if (nc > SIZE_MAX / elsize)
        return -1;
    void *p = realloc(*arr, nc * elsize);
    if (!p)
        return -1;
    *arr = p;
    *cap = nc;
    return 0;
}

/* One more slot in the findings. Ordinary findings stop at the per-input and
 * release caps (and are counted as dropped); `forced` ones (the counts of
 * dropped findings, limits reached) may use the reserve. */
static xv_dist_finding *finding_slot(xv_dist *d, int forced)
{
    if (!forced && (d->root_finds >= XV_DIST_MAX_INPUT_FINDINGS ||
                    d->nfinds >= XV_DIST_MAX_FINDINGS)) {
        if (d->nfinds >= XV_DIST_MAX_FINDINGS)
            d->finds_capped = 1;   /* the release's cap, not only this input's */
        d->root_dropped++;
        return NULL;
    }
    if (xv_dist_grow((void **)&d->finds, &d->findcap, d->nfinds, sizeof *d->finds,
                     XV_DIST_MAX_FINDINGS + XV_DIST_FINDINGS_RESERVE) != 0) {
        d->finds_capped = 1;
        if (forced)
            d->lost++;
        else
            d->root_dropped++;
        return NULL;
    }
    xv_dist_finding *f = &d->finds[d->nfinds];
    memset(f, 0, sizeof *f);
    return f;
}

static void add_finding_v(xv_dist *d, int forced, xv_verdict sev, const char *subject,
                          const char *package, const char *limit, const char *hint,
                          const char *fmt, va_list ap)
{
    xv_dist_finding *f = finding_slot(d, forced);
    if (!f)
        return;
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    f->check = "archive.safe";
    f->subject = xv_arena_strdup(&d->arena, subject ? subject : "");
    f->package = package ? xv_arena_strdup(&d->arena, package) : NULL;
    f->message = xv_arena_strdup(&d->arena, msg);
    f->hint = hint ? xv_arena_strdup(&d->arena, hint) : NULL;
    f->limit = limit ? xv_arena_strdup(&d->arena, limit) : NULL;
    f->severity = (int)(limit ? XV_ERROR : sev);
    if (!f->subject || !f->message)
        return;
    d->nfinds++;
    d->root_finds++;
}

void xv_dist_add_finding(xv_dist *d, xv_verdict sev, const char *subject, const char *package,
                         const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_finding_v(d, 0, sev, subject, package, NULL, hint, fmt, ap);
    va_end(ap);
}

void xv_dist_add_uncovered(xv_dist *d, const char *subject, const char *package,
                           const char *limit, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    /* what was not read must be told even past the caps */
    add_finding_v(d, 1, XV_ERROR, subject, package, limit ? limit : "not read", hint, fmt, ap);
    va_end(ap);
}

static void add_forced(xv_dist *d, const char *subject, const char *package, const char *limit,
                       const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void add_forced(xv_dist *d, const char *subject, const char *package, const char *limit,
                       const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_finding_v(d, 1, XV_ERROR, subject, package, limit, hint, fmt, ap);
    va_end(ap);
}

/* A top-level input begins: its findings are counted afresh. */
static void root_begin(xv_dist *d, const char *path)
{
    d->root_finds = 0;
    d->root_dropped = 0;
    d->root_path = path;
}

/* A top-level input ends: findings dropped over the caps become one finding
 * with their count, so they fail the gate instead of vanishing. */
static void root_end(xv_dist *d)
{
    if (d->root_dropped) {
        add_forced(d, d->root_path ? d->root_path : "(release)", d->root_path, "findings cap",
                   "fix the findings listed first and run again; the rest are of the same input",
                   "%zu more findings in this input were not listed (at most %u per input, "
                   "%u per release)",
                   d->root_dropped, XV_DIST_MAX_INPUT_FINDINGS, XV_DIST_MAX_FINDINGS);
        d->root_dropped = 0;
    }
}

/* The release-wide limit that halted the walk, told once per top-level input
 * that was not read because of it. */
static int halted_skip(xv_dist *d, const char *path)
{
    if (!d->halted)
        return 0;
    add_forced(d, path, path, d->halted, "raise the limit only if the release is legitimate",
               "not inspected: the release-wide limit (%s) was reached before this input",
               d->halted);
    return 1;
}

int xv_dist_count_entry(xv_dist *d, const char *subject, const char *package)
{
    if (d->halted)
        return 0;
    if (++d->entries > d->opts.max_entries) {
        d->halted = xv_arena_printf(&d->arena, "entries %llu",
                                    (unsigned long long)d->opts.max_entries);
        add_forced(d, package ? package : subject, package, d->halted,
                   "check the release; raise the entry limit (matrix limits.entries, "
                   "--max-entries) only if it is legitimate",
                   "the release holds more than %llu entries (reached at %s); the rest is not "
                   "inspected", (unsigned long long)d->opts.max_entries, subject);
        return 0;
    }
    return 1;
}

int xv_dist_count_bytes(xv_dist *d, uint64_t n, const char *subject, const char *package)
{
    if (d->halted)
        return 0;
    d->total_expanded += n;
    if (d->total_expanded > d->opts.max_total) {
        d->halted = xv_arena_printf(&d->arena, "total %llu bytes",
                                    (unsigned long long)d->opts.max_total);
        add_forced(d, package ? package : subject, package, d->halted,
                   "check the release for a compression bomb; raise the total limit (matrix "
                   "limits.total, --max-total) only if it is legitimate",
                   "the release expands to more than %llu bytes, all archive levels counted "
                   "(reached at %s); the rest is not inspected",
                   (unsigned long long)d->opts.max_total, subject);
        return 0;
    }
    return 1;
}

const char *xv_dist_basename(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcasecmp(s + a - b, suf) == 0;
}

int xv_dist_is_archive_name(const char *name)
{
    static const char *const exts[] = {
        ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".tar.bz2",
        ".tbz2", ".tbz", ".tar.lz4", ".tar.lzma", ".tlz", ".tar.lz", ".tar.Z",
        ".zip", ".whl", ".nupkg", ".snupkg", ".jar", ".war", ".aar", ".vsix", ".egg",
        ".xpi", ".appx", ".msix", ".apk", ".deb", ".udeb", ".ipk", ".rpm", ".cpio",
        ".7z", ".crate", ".gem",
    };
    const char *b = xv_dist_basename(name);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (ends_with(b, exts[i]) && strlen(b) > strlen(exts[i]))
            return 1;
    return 0;
}

int xv_dist_is_checksum_name(const char *name)
{
    const char *b = xv_dist_basename(name);
    static const char *const names[] = {
        "checksums.txt", "SHA256SUMS", "SHA512SUMS", "sha256sums.txt", "sha512sums.txt",
        "SHASUMS256.txt", "SHASUMS512.txt", "sha256sum.txt", "sha512sum.txt",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(b, names[i]) == 0)
            return 1;
    return ends_with(b, ".sha256") || ends_with(b, ".sha512") ||
           ends_with(b, "_checksums.txt") || ends_with(b, "-checksums.txt") ||
           ends_with(b, ".sha256sum") || ends_with(b, ".sha512sum");
}

size_t xv_dist_add_package(xv_dist *d, const char *path, xv_pkg_kind kind,
                           const xv_pkg_src *src)
{
    if (xv_dist_grow((void **)&d->pkgs, &d->pkgcap, d->npkgs, sizeof *d->pkgs,
                     XV_DIST_MAX_PACKAGES) != 0) {
        xv_dist_add_finding(d, XV_ERROR, path, NULL, NULL,
                            "too many packages (limit %u); not inspected", XV_DIST_MAX_PACKAGES);
        return (size_t)-1;
    }
    /* srcs grows with pkgs: same capacity */
    xv_pkg_src *ns = realloc(d->srcs, d->pkgcap * sizeof *ns);
    if (!ns)
        return (size_t)-1;
    d->srcs = ns;
    size_t i = d->npkgs;
    xv_package *p = &d->pkgs[i];
    memset(p, 0, sizeof *p);
    p->path = xv_arena_strdup(&d->arena, path);
    if (!p->path)
        return (size_t)-1;
    p->name = xv_dist_basename(p->path);
    /* .deb and .rpm install at '/': system packages, not archives */
    if (kind == XV_PKG_ARCHIVE && (xv_syspkg_is_deb(p->name) || xv_syspkg_is_rpm(p->name)))
        kind = XV_PKG_SYSTEM;
    p->kind = kind;
    p->format = kind == XV_PKG_DIR ? "directory" : "file";
    d->srcs[i] = *src;
    if (src->fspath)
        d->srcs[i].fspath = xv_arena_strdup(&d->arena, src->fspath);
    if (src->entry)
        d->srcs[i].entry = xv_arena_strdup(&d->arena, src->entry);
    /* the package's own name first; a nested archive without one inherits its
     * parent's platform (x.deb!/data.tar.xz) */
    if (!xv_platform_from_name(p->name, &p->platform) && src->parent < i)
        p->platform = d->pkgs[src->parent].platform;
    d->npkgs++;
    return i;
}

xv_artifact *xv_dist_add_artifact(xv_dist *d, size_t pkg, const char *member,
                                  const char *logical, xv_entry_type type, int depth)
{
    if (xv_dist_grow((void **)&d->tmp, &d->tmpcap, d->ntmp, sizeof *d->tmp,
                     XV_DIST_MAX_ARTIFACTS) != 0) {
        if (d->ntmp >= XV_DIST_MAX_ARTIFACTS)
            xv_dist_add_finding(d, XV_ERROR, logical, d->pkgs[pkg].path, NULL,
                                "too many files in the release (limit %u); not inspected",
                                XV_DIST_MAX_ARTIFACTS);
        return NULL;
    }
    xv_art_tmp *t = &d->tmp[d->ntmp];
    memset(t, 0, sizeof *t);
    t->seq = d->ntmp;
    t->a.path = xv_arena_strdup(&d->arena, logical);
    t->a.member = xv_arena_strdup(&d->arena, member);
    if (!t->a.path || !t->a.member)
        return NULL;
    t->a.package = pkg;
    t->a.type = type;
    t->a.nested_depth = depth;
    d->ntmp++;
    return &t->a;
}

const xv_image *xv_dist_read_image(xv_dist *d, const void *data, size_t size,
                                   const char *logical)
{
    if (xv_dist_grow((void **)&d->imgs, &d->imgcap, d->nimgs, sizeof *d->imgs,
                     XV_DIST_MAX_ARTIFACTS) != 0)
        return NULL;
    xv_image *img = NULL;
    xv_status st = xv_image_read(data, size, logical, &d->opts.read, &img);
    if ((st != XV_OK && st != XV_EFORMAT) || !img) {
        xv_image_free(img);
        return NULL;
    }
    d->imgs[d->nimgs++] = img;
    return img;
}

void xv_dist_art_platform(const xv_dist *d, xv_artifact *a)
{
    const xv_package *p = &d->pkgs[a->package];
    if (p->platform.os != XV_OS_UNKNOWN) {
        a->platform = p->platform;
        return;
    }
    /* folders of the member path, last to first, then the file name; a file
     * name that states no platform may still state the libc of its folder's
     * (prebuilds/linux-x64/node.napi.musl.node) */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", a->member);
    char *slash = strrchr(dir, '/');
    xv_platform own;
    if (slash && !xv_platform_from_name(xv_dist_basename(a->member), &own) &&
        xv_platform_from_name(a->member, &a->platform))
        return;
    if (slash) {
        *slash = '\0';
        if (xv_platform_from_name(dir, &a->platform))
            return;
    }
    xv_platform_from_name(xv_dist_basename(a->member), &a->platform);
}

void xv_dist_hex(const unsigned char *p, size_t n, char *out)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hx[p[i] >> 4];
        out[2 * i + 1] = hx[p[i] & 15];
    }
    out[2 * n] = '\0';
}

static const char *kind_name(mode_t m)
{
    return S_ISREG(m) ? "regular file" : S_ISDIR(m) ? "folder" : S_ISLNK(m) ? "symlink"
           : S_ISFIFO(m) ? "FIFO" : S_ISSOCK(m) ? "socket"
           : (S_ISCHR(m) || S_ISBLK(m)) ? "device node" : "special file";
}

/* A file mapped read-only (or an empty one). */
typedef struct mapped {
    void *data;
    size_t len;
} mapped;

/* follow: the path was typed by the user (a link to an archive is fine);
 * otherwise it came from a walk that lstat()ed a regular file. */
static int map_file_at(const char *path, int follow, mapped *m, char *err, size_t errlen)
{
    m->data = NULL;
    m->len = 0;
    /* O_NONBLOCK: a FIFO swapped in after the lstat() must not block the
     * open; fstat() below then refuses anything but a regular file */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW));
    if (fd < 0) {
        snprintf(err, errlen, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "not a regular file (%s)", kind_name(st.st_mode));
        close(fd);
        return -1;
    }
    if (st.st_size > 0) {
        if ((uint64_t)st.st_size > SIZE_MAX) {
            snprintf(err, errlen, "file too large to map");
            close(fd);
            return -1;
        }
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            snprintf(err, errlen, "cannot map: %s", strerror(errno));
            close(fd);
            return -1;
        }
        m->data = p;
        m->len = (size_t)st.st_size;
    }
    close(fd);
    return 0;
}

static int map_file(const char *path, mapped *m, char *err, size_t errlen)
{
    return map_file_at(path, 0, m, err, errlen);
}

static void unmap_file(mapped *m)
{
    if (m->data)
        munmap(m->data, m->len);
    m->data = NULL;
}

/* One pass over the bytes of a package: SHA-256 always (the reports show it),
 * SHA-512 only once a checksum list of the release has asked for it. A list
 * read after its file was hashed still gets its answer: the checksums check
 * hashes the file on disk when a digest is missing. */
static void hash_package(xv_dist *d, size_t pi, const void *data, size_t len)
{
    xv_package *p = &d->pkgs[pi];
    if (xv_dist_digest(data, len, p->sha256, d->want_sha512 ? p->sha512 : NULL) == 0) {
        p->has_sha256 = 1;
        p->has_sha512 = d->want_sha512;
    }
}

/* Whether a list has a SHA-512 line (the algorithm is told by the digest
 * length, as the checksums check reads it). */
static int list_wants_sha512(const char *path, const char *text, size_t len)
{
    const char *b = xv_dist_basename(path);
    size_t bl = strlen(b);
    const char *sidecar = bl > 7 && (strcasecmp(b + bl - 7, ".sha256") == 0 ||
                                     strcasecmp(b + bl - 7, ".sha512") == 0) ? path : NULL;
    for (size_t off = 0; off < len;) {
        const char *nl = memchr(text + off, '\n', len - off);
        size_t ll = nl ? (size_t)(nl - (text + off)) : len - off;
        xv_sum_line sl;
        if (xv_sum_parse_line(text + off, ll, sidecar, &sl) == 1 && sl.dlen == 64)
            return 1;
        off += ll + 1;
    }
    return 0;
}

static void add_checksum_file(xv_dist *d, const char *path, const mapped *m)
{
    if (xv_dist_grow((void **)&d->sums, &d->sumcap, d->nsums, sizeof *d->sums,
                     XV_DIST_MAX_SUMFILES) != 0)
        return;
    size_t len = m->len;
    if (len > XV_DIST_MAX_SUMTEXT) {
        xv_dist_add_finding(d, XV_WARN, path, NULL, "split the checksum list",
                            "checksum file larger than %zu bytes; only the start is read",
                            XV_DIST_MAX_SUMTEXT);
        len = XV_DIST_MAX_SUMTEXT;
    }
    char *text = xv_arena_alloc(&d->arena, len + 1);
    const char *p = xv_arena_strdup(&d->arena, path);
    if (!text || !p)
        return;
    if (len)
        memcpy(text, m->data, len);
    text[len] = '\0';
    xv_checksum_file *s = &d->sums[d->nsums++];
    s->path = p;
    s->text = text;
    s->len = len;
    if (!d->want_sha512 && list_wants_sha512(p, text, len))
        d->want_sha512 = 1;
}

/* One file at the top of the inputs: an archive package or a loose file. */
static void open_top_file(xv_dist *d, const char *path, int follow)
{
    const char *base = xv_dist_basename(path);
    mapped m;
    char err[256];
    if (xv_dist_is_checksum_name(base)) {
        if (map_file_at(path, follow, &m, err, sizeof err) == 0) {
            add_checksum_file(d, path, &m);
            unmap_file(&m);
        } else {
            xv_dist_add_finding(d, XV_ERROR, path, NULL, NULL, "checksum file unreadable: %s", err);
        }
        return;
    }
    /* goreleaser/cargo-dist lists beside the packages describe them: release
     * metadata, not a package */
    if (xv_meta_is_release_file(base)) {
        if (map_file_at(path, follow, &m, err, sizeof err) == 0) {
            int used = xv_meta_release_file(d, path, m.data, m.len);
            unmap_file(&m);
            if (used)
                return;
        }
    }
    int is_arc = xv_dist_is_archive_name(base);
    xv_pkg_src src = {path, (size_t)-1, NULL, 0, NULL};
    size_t pi = xv_dist_add_package(d, path, is_arc ? XV_PKG_ARCHIVE : XV_PKG_FILE, &src);
    if (pi == (size_t)-1)
        return;
    if (halted_skip(d, path)) {
        d->pkgs[pi].error = "not inspected: a release-wide limit was reached";
        return;
    }
    if (map_file_at(path, follow, &m, err, sizeof err) != 0) {
        d->pkgs[pi].error = xv_arena_strdup(&d->arena, err);
        xv_dist_add_uncovered(d, path, path, "unreadable", NULL, "unreadable: %s; not inspected",
                              err);
        return;
    }
    xv_package *p = &d->pkgs[pi];
    p->size = m.len;
    hash_package(d, pi, m.data, m.len);
    if (is_arc) {
        xv_dist_read_archive(d, pi, m.data, m.len, 0);
    } else {
        d->pkgs[pi].expanded = m.len;
        xv_artifact *a = xv_dist_add_artifact(d, pi, base, path, XV_ENTRY_FILE, 0);
        if (a) {
            a->size = m.len;
            a->mode = 0644;
            struct stat st;
            if (stat(path, &st) == 0)
                a->mode = (uint32_t)(st.st_mode & 07777);
            if (xv_detect(m.data, m.len) != XV_FMT_NONE)
                a->image = xv_dist_read_image(d, m.data, m.len, path);
        }
    }
    unmap_file(&m);
}

/* Does the link at `link` (a path under `root`) resolve inside `root`, as
 * the kernel would follow the chain? A dangling chain is judged by its text
 * (the caller checked that), so only an existing target can fail here.
 * realpath() reads links and folders only; it opens no file. */
static int link_stays_in(const char *root, const char *link)
{
    char rroot[PATH_MAX], rlink[PATH_MAX];
    if (!realpath(root, rroot))
        return 1;
    if (!realpath(link, rlink))
        return 1;
    size_t n = strlen(rroot);
    if (strcmp(rroot, "/") == 0)
        return 1;
    return strncmp(rlink, rroot, n) == 0 && (rlink[n] == '\0' || rlink[n] == '/');
}

typedef struct devino {
    dev_t dev;
    ino_t ino;
} devino;

typedef struct dirwalk {
    xv_dist *d;
    size_t pkg;
    const char *root;     /* fs path of the package folder */
    devino stack[XV_DIST_MAX_DIRDEPTH + 1];
    int nstack;
    size_t entries;
} dirwalk;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted names of a folder (without . and ..), malloc'd; NULL on error. */
static char **list_dir(const char *path, size_t *n, char *err, size_t errlen)
{
    DIR *dir = opendir(path);
    *n = 0;
    if (!dir) {
        snprintf(err, errlen, "cannot open folder: %s", strerror(errno));
        return NULL;
    }
    char **names = NULL;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (xv_dist_grow((void **)&names, &cap, *n, sizeof *names, XV_DIST_MAX_ENTRIES) != 0)
            break;
        names[*n] = strdup(e->d_name);
        if (!names[*n])
            break;
        (*n)++;
    }
    closedir(dir);
    if (*n)
        qsort(names, *n, sizeof *names, cmp_str);
    if (!names)
        names = calloc(1, sizeof *names);
    return names;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Walks one folder of a folder package; `rel` is its path inside the package
 * ("" for the root). */
static void walk_dir(dirwalk *w, const char *fs, const char *rel, const struct stat *dst)
{
    xv_dist *d = w->d;
    const char *pkgpath = d->pkgs[w->pkg].path;
    for (int i = 0; i < w->nstack; i++) {
        if (w->stack[i].dev == dst->st_dev && w->stack[i].ino == dst->st_ino) {
            xv_dist_add_finding(d, XV_WARN, fs, pkgpath, "remove the bind mount or loop",
                                "folder loop: %s is its own ancestor; not walked again", fs);
            return;
        }
    }
    if (w->nstack >= XV_DIST_MAX_DIRDEPTH) {
        xv_dist_add_uncovered(d, fs, pkgpath, "folder depth 64", NULL,
                              "folders nested deeper than %d; not inspected", XV_DIST_MAX_DIRDEPTH);
        return;
    }
    w->stack[w->nstack].dev = dst->st_dev;
    w->stack[w->nstack].ino = dst->st_ino;
    w->nstack++;

    char err[256];
    size_t n;
    char **names = list_dir(fs, &n, err, sizeof err);
    if (!names) {
        xv_dist_add_uncovered(d, fs, pkgpath, "unreadable", NULL, "%s; not inspected", err);
        w->nstack--;
        return;
    }
    for (size_t i = 0; i < n && !xv_dist_cancelled(d); i++) {
        if (d->halted) {
            xv_dist_add_uncovered(d, fs, pkgpath, d->halted, NULL,
                                  "%zu entries of this folder not inspected: the release-wide "
                                  "limit (%s) was reached", n - i, d->halted);
            break;
        }
        if (!xv_dist_count_entry(d, fs, pkgpath))
            break;
        char *cfs = xv_arena_printf(&d->arena, "%s/%s", fs, names[i]);
        char *crel = *rel ? xv_arena_printf(&d->arena, "%s/%s", rel, names[i])
                          : xv_arena_strdup(&d->arena, names[i]);
        if (!cfs || !crel)
            break;
        struct stat st;
        if (lstat(cfs, &st) != 0) {
            xv_dist_add_uncovered(d, cfs, pkgpath, "unreadable", NULL,
                                  "cannot stat: %s; not inspected", strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            walk_dir(w, cfs, crel, &st);
            continue;
        }
        if (S_ISREG(st.st_mode) && xv_dist_is_checksum_name(names[i])) {
            mapped m;
            if (map_file(cfs, &m, err, sizeof err) == 0) {
                add_checksum_file(d, cfs, &m);
                unmap_file(&m);
            }
        }
        xv_entry_type type = S_ISREG(st.st_mode) ? XV_ENTRY_FILE
                             : S_ISLNK(st.st_mode) ? XV_ENTRY_SYMLINK
                             : (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) ? XV_ENTRY_DEVICE
                             : S_ISFIFO(st.st_mode) ? XV_ENTRY_FIFO
                             : S_ISSOCK(st.st_mode) ? XV_ENTRY_SOCKET : XV_ENTRY_OTHER;
        xv_artifact *a = xv_dist_add_artifact(d, w->pkg, crel, cfs, type, d->srcs[w->pkg].depth);
        if (!a)
            break;
        a->mode = (uint32_t)(st.st_mode & 07777);
        if (type == XV_ENTRY_SYMLINK) {
            char tgt[4096];
            ssize_t k = readlink(cfs, tgt, sizeof tgt - 1);
            if (k >= 0) {
                tgt[k] = '\0';
                a->link_target = xv_arena_strdup(&d->arena, tgt);
                if (!xv_dist_link_inside(crel, tgt, 0))
                    xv_dist_add_finding(d, XV_FAIL, cfs, pkgpath,
                                        "make the link relative and inside the package",
                                        "symlink %s -> %s points outside the package; not "
                                        "followed", crel, tgt);
                else if (!link_stays_in(w->root, cfs))
                    xv_dist_add_finding(d, XV_FAIL, cfs, pkgpath,
                                        "make the link (and the links it goes through) "
                                        "relative and inside the package",
                                        "symlink %s -> %s resolves outside the package through "
                                        "other links; not followed", crel, tgt);
            } else {
                xv_dist_add_uncovered(d, cfs, pkgpath, "unreadable", NULL,
                                      "cannot read the link: %s", strerror(errno));
            }
            continue;
        }
        if (type == XV_ENTRY_DEVICE || type == XV_ENTRY_FIFO || type == XV_ENTRY_SOCKET ||
            type == XV_ENTRY_OTHER) {
            /* never opened: reading a FIFO or a device blocks or has effects */
            xv_dist_add_finding(d, XV_FAIL, cfs, pkgpath, "ship only regular files, folders and links",
                                "%s is a %s; not opened", crel, kind_name(st.st_mode));
            continue;
        }
        if (type != XV_ENTRY_FILE)
            continue;
        if (st.st_mode & (S_ISUID | S_ISGID))
            xv_dist_add_finding(d, XV_FAIL, cfs, pkgpath, "clear the setuid/setgid bits (chmod ug-s)",
                                "%s has the %s bit set", crel,
                                (st.st_mode & S_ISUID) ? "setuid" : "setgid");
        a->size = (uint64_t)st.st_size;
        d->pkgs[w->pkg].expanded += (uint64_t)st.st_size;
        if ((uint64_t)st.st_size > d->opts.max_member) {
            char lim[64];
            snprintf(lim, sizeof lim, "member %llu bytes", (unsigned long long)d->opts.max_member);
            xv_dist_add_uncovered(d, cfs, pkgpath, lim,
                                  "raise the member limit (matrix limits.member, --max-member)",
                                  "%s is %llu bytes, over the member limit of %llu; not inspected",
                                  crel, (unsigned long long)st.st_size,
                                  (unsigned long long)d->opts.max_member);
            continue;
        }
        mapped m;
        if (map_file(cfs, &m, err, sizeof err) != 0) {
            xv_dist_add_uncovered(d, cfs, pkgpath, "unreadable", NULL, "unreadable: %s; not inspected",
                                  err);
            continue;
        }
        if (xv_meta_is_member(crel))
            xv_meta_member(d, w->pkg, crel, m.data, m.len);
        else if (!*rel && xv_meta_is_release_file(names[i]))
            xv_meta_release_file(d, cfs, m.data, m.len);
        /* a .deb is an ar archive: by its name a package, not a static library */
        if (!xv_syspkg_is_deb(names[i]) && xv_detect(m.data, m.len) != XV_FMT_NONE) {
            a->image = xv_dist_read_image(d, m.data, m.len, cfs);
        } else if (xv_dist_is_archive_name(names[i])) {
            int depth = d->srcs[w->pkg].depth + 1;
            if (depth > d->opts.max_depth) {
                char lim[32];
                snprintf(lim, sizeof lim, "depth %d", d->opts.max_depth);
                xv_dist_add_uncovered(d, cfs, pkgpath, lim,
                                      "flatten the nesting, or raise the depth limit (matrix "
                                      "limits.depth, --max-depth) if it is legitimate",
                                      "archive nested deeper than the depth limit of %d; "
                                      "not inspected", d->opts.max_depth);
            } else {
                xv_pkg_src src = {cfs, w->pkg, NULL, depth, NULL};
                size_t pi = xv_dist_add_package(d, cfs, XV_PKG_ARCHIVE, &src);
                if (pi != (size_t)-1) {
                    d->pkgs[pi].size = m.len;
                    hash_package(d, pi, m.data, m.len);
                    xv_dist_read_archive(d, pi, m.data, m.len, depth);
                }
            }
        }
        unmap_file(&m);
    }
    free_names(names, n);
    w->nstack--;
}

static void open_dir_package(xv_dist *d, const char *path, const struct stat *st)
{
    xv_pkg_src src = {path, (size_t)-1, NULL, 0, NULL};
    root_begin(d, path);
    size_t pi = xv_dist_add_package(d, path, XV_PKG_DIR, &src);
    if (pi != (size_t)-1 && !halted_skip(d, path)) {
        dirwalk w;
        memset(&w, 0, sizeof w);
        w.d = d;
        w.pkg = pi;
        w.root = path;
        walk_dir(&w, path, "", st);
    }
    root_end(d);
}

/* An install tree (a prefix as `make install` or an unpacked relocatable
 * tarball leaves it: bin/, lib/, share/...) is installed and moved as one,
 * and its programs find their libraries across its folders
 * ($ORIGIN/../lib): every sub-folder has a prefix folder's name, one of them
 * holds programs or libraries, and no archive or checksum list lies beside
 * them (that would be a release folder). */
static int is_install_tree(const char *path)
{
    static const char *const fhs[] = {
        "bin", "sbin", "lib", "lib32", "lib64", "libx32", "libexec",
        "include", "share", "etc", "man", "doc", "var", "games", "src", "local",
    };
    char err[256];
    size_t n;
    char **names = list_dir(path, &n, err, sizeof err);
    if (!names)
        return 0;
    int code = 0, other = 0;
    for (size_t i = 0; i < n && !other; i++) {
        char sub[4096];
        struct stat st;
        if (snprintf(sub, sizeof sub, "%s/%s", path, names[i]) >= (int)sizeof sub ||
            lstat(sub, &st) != 0) {
            other = 1;
        } else if (S_ISDIR(st.st_mode)) {
            size_t k = 0;
            while (k < sizeof fhs / sizeof fhs[0] && strcmp(names[i], fhs[k]) != 0)
                k++;
            if (k == sizeof fhs / sizeof fhs[0])
                other = 1;
            else if (k <= 6)
                code = 1;
        } else if (!S_ISREG(st.st_mode) || xv_dist_is_archive_name(names[i]) ||
                   xv_dist_is_checksum_name(names[i])) {
            other = 1;
        }
    }
    free_names(names, n);
    return code && !other;
}

/* A folder input that is one package: its name states a platform with an
 * arch ("dist/linux_amd64"), or it is an install tree. */
static int is_one_package_dir(const char *path)
{
    xv_platform pf;
    return (xv_platform_from_name(xv_dist_basename(path), &pf) && pf.arch) ||
           is_install_tree(path);
}

/* ---- progress ---- */

void xv_dist_progress_note(xv_dist *d, uint64_t pos)
{
    if (d->pool) {
        xv_dist_pool_note(d, pos < d->prog_cur ? pos : d->prog_cur, 0);
        return;
    }
    if (!d->opts.progress)
        return;
    xv_dist_progress p = d->prog;
    p.event = XV_DIST_MEMBER;
    p.bytes_done += pos < d->prog_cur ? pos : d->prog_cur;
    d->opts.progress(d->opts.progress_ud, &p);
}

static void prog_begin(xv_dist *d, const char *path, const struct stat *st)
{
    d->prog.current = path;
    d->prog_cur = S_ISREG(st->st_mode) ? (uint64_t)st->st_size : 0;
}

static void prog_end(xv_dist *d)
{
    if (d->pool) {
        xv_dist_pool_note(d, d->prog_cur, 1);
    } else {
        d->prog.pkgs_done++;
        d->prog.bytes_done += d->prog_cur;
        if (d->opts.progress) {
            d->prog.event = XV_DIST_PACKAGE_DONE;
            d->opts.progress(d->opts.progress_ud, &d->prog);
        }
    }
    d->prog_cur = 0;
    d->prog.current = NULL;
}

static void prog_count(xv_dist *d, const char *const *paths, size_t npaths)
{
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0)
            continue;
        if (!S_ISDIR(st.st_mode) || is_one_package_dir(paths[i])) {
            d->prog.pkgs_total++;
            d->prog.bytes_total += S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
            continue;
        }
        char err[256];
        size_t n;
        char **names = list_dir(paths[i], &n, err, sizeof err);
        if (!names)
            continue;
        for (size_t k = 0; k < n; k++) {
            char path[4096];
            struct stat cst;
            d->prog.pkgs_total++;
            if (snprintf(path, sizeof path, "%s/%s", paths[i], names[k]) < (int)sizeof path &&
                lstat(path, &cst) == 0 && S_ISREG(cst.st_mode))
                d->prog.bytes_total += (uint64_t)cst.st_size;
        }
        free_names(names, n);
    }
    d->prog.event = XV_DIST_START;
    d->opts.progress(d->opts.progress_ud, &d->prog);
}

static xv_dist *dist_new(const xv_dist_opts *opts);
static char *strip_slashes(xv_dist *d, const char *p);

/* ---- the walk as a list of tasks ----
 * The inputs are listed first, in the order the walk has always taken (each
 * input folder's checksum lists, then its other entries by name); each entry
 * is one task that reads one top-level package. The tasks run in that order
 * on one thread, or on --jobs threads (pool.c) whose results are merged in
 * the same order, so the release reads the same either way. */

static const char *errtext(int e, char *buf, size_t n)
{
    return strerror_r(e, buf, n);
}

static int task_push(xv_walk_tasks *tl, const xv_walk_task *t)
{
    if (xv_dist_grow((void **)&tl->v, &tl->cap, tl->n, sizeof *tl->v, XV_DIST_MAX_PACKAGES) != 0)
        return -1;
    tl->v[tl->n++] = *t;
    return 0;
}

/* The entries of an input folder: a platform folder or an install tree is
 * one package; otherwise each top-level sub-folder, archive and loose file
 * is one. */
static int list_input_dir(xv_dist *d, xv_walk_tasks *tl, const char *path, const struct stat *st)
{
    xv_walk_task t;
    memset(&t, 0, sizeof t);
    if (is_one_package_dir(path)) {
        t.kind = XV_TASK_DIR_PKG;
        t.path = path;
        t.st = *st;
        t.progress = 1;
        return task_push(tl, &t);
    }
    char err[256];
    size_t n;
    char **names = list_dir(path, &n, err, sizeof err);
    if (!names) {
        t.kind = XV_TASK_NOTE;
        t.path = path;
        t.msg = xv_arena_strdup(&d->arena, err);
        return task_push(tl, &t);
    }
    int rc = 0;
    /* The checksum lists first, so each archive is hashed once, with the
     * algorithms the lists use; then everything else in name order. */
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct stat cst;
        if (!xv_dist_is_checksum_name(names[i]))
            continue;
        char *cfs = xv_arena_printf(&d->arena, "%s/%s", path, names[i]);
        if (cfs && lstat(cfs, &cst) == 0 && S_ISREG(cst.st_mode)) {
            memset(&t, 0, sizeof t);
            t.kind = XV_TASK_TOP_FILE;
            t.path = cfs;
            t.st = cst;
            t.progress = 1;
            t.barrier = 1;
            rc = task_push(tl, &t);
        }
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        char *cfs = xv_arena_printf(&d->arena, "%s/%s", path, names[i]);
        if (!cfs) {
            rc = -1;
            break;
        }
        struct stat cst;
        memset(&t, 0, sizeof t);
        t.path = cfs;
        t.progress = 1;
        if (lstat(cfs, &cst) != 0) {
            t.kind = XV_TASK_STAT_FAIL;
            t.err = errno;
            rc = task_push(tl, &t);
            continue;
        }
        if (S_ISREG(cst.st_mode) && xv_dist_is_checksum_name(names[i]))
            continue;   /* listed above */
        t.st = cst;
        if (S_ISDIR(cst.st_mode)) {
            t.kind = cst.st_dev == st->st_dev && cst.st_ino == st->st_ino ? XV_TASK_SKIP
                                                                         : XV_TASK_DIR_PKG;
        } else if (S_ISREG(cst.st_mode)) {
            t.kind = XV_TASK_TOP_FILE;
        } else {
            t.kind = XV_TASK_SPECIAL;
            t.name = xv_arena_strdup(&d->arena, names[i]);
            t.folder = path;
            if (!t.name)
                rc = -1;
        }
        if (rc == 0)
            rc = task_push(tl, &t);
    }
    free_names(names, n);
    return rc;
}

/* A link or special file at the top of an input folder: a file package
 * holding it. */
static void open_special(xv_dist *d, const xv_walk_task *t)
{
    const char *cfs = t->path;
    const struct stat *cst = &t->st;
    xv_pkg_src src = {cfs, (size_t)-1, NULL, 0, NULL};
    size_t pi = xv_dist_add_package(d, cfs, XV_PKG_FILE, &src);
    if (pi == (size_t)-1)
        return;
    xv_entry_type type = S_ISLNK(cst->st_mode) ? XV_ENTRY_SYMLINK
                         : S_ISFIFO(cst->st_mode) ? XV_ENTRY_FIFO
                         : (S_ISCHR(cst->st_mode) || S_ISBLK(cst->st_mode)) ? XV_ENTRY_DEVICE
                         : XV_ENTRY_OTHER;
    xv_artifact *a = xv_dist_add_artifact(d, pi, t->name, cfs, type, 0);
    if (a && type == XV_ENTRY_SYMLINK) {
        char tgt[4096];
        ssize_t k = readlink(cfs, tgt, sizeof tgt - 1);
        if (k >= 0) {
            tgt[k] = '\0';
            a->link_target = xv_arena_strdup(&d->arena, tgt);
        }
    }
    if (a)
        a->mode = (uint32_t)(cst->st_mode & 07777);
    if (type != XV_ENTRY_SYMLINK)
        xv_dist_add_finding(d, XV_FAIL, cfs, cfs, "ship only regular files",
                            "%s is a %s; not opened", t->name, kind_name(cst->st_mode));
    else if (!link_stays_in(t->folder, cfs))
        xv_dist_add_finding(d, XV_FAIL, cfs, cfs,
                            "ship the file itself, or a link inside the release",
                            "symlink %s -> %s leaves the input folder; not followed",
                            t->name, a && a->link_target ? a->link_target : "?");
}

void xv_dist_run_task(xv_dist *d, const xv_walk_task *t)
{
    char eb[128];
    if (xv_dist_cancelled(d))
        return;
    if (t->progress)
        prog_begin(d, t->path, &t->st);
    switch (t->kind) {
    case XV_TASK_NOTE:
        xv_dist_add_finding(d, XV_ERROR, t->path, NULL, NULL, "%s", t->msg ? t->msg : "unreadable");
        break;
    case XV_TASK_STAT_FAIL:
        xv_dist_add_finding(d, XV_ERROR, t->path, NULL, NULL, "cannot stat: %s",
                            errtext(t->err, eb, sizeof eb));
        break;
    case XV_TASK_SKIP:
        break;
    case XV_TASK_DIR_PKG:
        open_dir_package(d, t->path, &t->st);
        break;
    case XV_TASK_TOP_FILE:
        root_begin(d, t->path);
        open_top_file(d, t->path, t->follow);
        root_end(d);
        break;
    case XV_TASK_SPECIAL:
        open_special(d, t);
        break;
    case XV_TASK_BAD_INPUT:
        root_begin(d, t->path);
        xv_dist_add_finding(d, XV_FAIL, t->path, NULL, "give a file or a folder",
                            "%s is a %s, not a file or folder; not opened", t->path,
                            kind_name(t->st.st_mode));
        root_end(d);
        break;
    }
    if (t->progress)
        prog_end(d);
}

/* The tasks of all inputs, in walk order. */
static xv_status list_tasks(xv_dist *d, const char *const *paths, size_t npaths,
                            xv_walk_tasks *tl)
{
    for (size_t i = 0; i < npaths; i++) {
        char *p = strip_slashes(d, paths[i]);
        if (!p)
            return XV_ENOMEM;
        xv_walk_task t;
        memset(&t, 0, sizeof t);
        t.path = p;
        struct stat st;
        if (stat(p, &st) != 0) {
            t.kind = XV_TASK_STAT_FAIL;
            t.err = errno;
            if (task_push(tl, &t) != 0)
                return XV_ENOMEM;
            continue;
        }
        t.st = st;
        if (S_ISDIR(st.st_mode)) {
            if (list_input_dir(d, tl, p, &st) != 0)
                return XV_ENOMEM;
            continue;
        }
        t.progress = 1;
        t.kind = S_ISREG(st.st_mode) ? XV_TASK_TOP_FILE : XV_TASK_BAD_INPUT;
        t.follow = 1;
        if (task_push(tl, &t) != 0)
            return XV_ENOMEM;
    }
    return XV_OK;
}

xv_dist *xv_dist_sub_new(const xv_dist_opts *opts)
{
    xv_dist *sub = dist_new(opts);
    if (!sub)
        return NULL;
    sub->opts.progress = NULL;
    sub->opts.progress_ud = NULL;
    return sub;
}


static int cmp_tmp(const void *a, const void *b)
{
    const xv_art_tmp *x = a, *y = b;
    if (x->a.package != y->a.package)
        return x->a.package < y->a.package ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Groups artifacts by package (stable) and sets first/count and platforms. */
static xv_status finish(xv_dist *d)
{
    if (d->lost) {
        /* the reserve is full too: the last slot tells how much is missing */
        d->findcap = d->nfinds;
        xv_dist_finding *f = NULL;
        xv_dist_finding *nf = realloc(d->finds, (d->nfinds + 1) * sizeof *nf);
        if (nf) {
            d->finds = nf;
            d->findcap = d->nfinds + 1;
            f = &d->finds[d->nfinds];
            memset(f, 0, sizeof *f);
            f->check = "archive.safe";
            f->subject = "(release)";
            f->limit = "findings cap";
            f->severity = XV_ERROR;
            f->message = xv_arena_printf(&d->arena, "%zu more findings of limits reached were "
                                         "not listed; the release was not fully inspected",
                                         d->lost);
            if (f->message)
                d->nfinds++;
        }
    }
    if (d->ntmp)
        qsort(d->tmp, d->ntmp, sizeof *d->tmp, cmp_tmp);
    d->arts = d->ntmp ? xv_arena_alloc(&d->arena, d->ntmp * sizeof *d->arts) : NULL;
    if (d->ntmp && !d->arts)
        return XV_ENOMEM;
    for (size_t i = 0; i < d->ntmp; i++)
        d->arts[i] = d->tmp[i].a;
    d->narts = d->ntmp;
    xv_meta_apply(d);
    free(d->tmp);
    d->tmp = NULL;
    d->ntmp = d->tmpcap = 0;
    for (size_t i = 0; i < d->npkgs; i++)
        d->pkgs[i].count = 0;
    for (size_t i = d->narts; i-- > 0;) {
        xv_package *p = &d->pkgs[d->arts[i].package];
        p->first = i;
        p->count++;
    }
    for (size_t i = 0; i < d->narts; i++)
        xv_dist_art_platform(d, &d->arts[i]);
    return XV_OK;
}

static char *strip_slashes(xv_dist *d, const char *p)
{
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        n--;
    return xv_arena_strndup(&d->arena, p, n);
}

static xv_dist *dist_new(const xv_dist_opts *opts)
{
    xv_dist *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    xv_arena_init(&d->arena);
    if (opts)
        d->opts = *opts;
    else
        xv_dist_opts_init(&d->opts);
    if (!d->opts.max_member)
        d->opts.max_member = (uint64_t)1 << 30;
    if (!d->opts.max_total)
        d->opts.max_total = (uint64_t)32 << 30;
    if (!d->opts.max_ratio)
        d->opts.max_ratio = 200;
    if (!d->opts.ratio_min)
        d->opts.ratio_min = (uint64_t)64 << 20;
    if (!d->opts.max_entries)
        d->opts.max_entries = (uint64_t)1 << 20;
    if (d->opts.max_depth < 0)
        d->opts.max_depth = 0;
    if (!d->opts.max_inflight)
        d->opts.max_inflight = (uint64_t)256 << 20;
    return d;
}

xv_status xv_dist_open_buffer(const void *data, size_t len, const char *name,
                              const xv_dist_opts *opts, xv_dist **out)
{
    if (!out || !name)
        return XV_EUSAGE;
    xv_dist *d = dist_new(opts);
    *out = d;
    if (!d)
        return XV_ENOMEM;
    xv_pkg_src src = {NULL, (size_t)-1, NULL, 0, NULL};
    size_t pi = xv_dist_add_package(d, name, XV_PKG_ARCHIVE, &src);
    if (pi == (size_t)-1)
        return XV_ENOMEM;
    d->pkgs[pi].size = len;
    hash_package(d, pi, data, len);
    root_begin(d, name);
    xv_dist_read_archive(d, pi, data, len, 0);
    root_end(d);
    return finish(d);
}

xv_status xv_dist_open(const char *const *paths, size_t npaths, const xv_dist_opts *opts,
                       xv_dist **out)
{
    if (!out)
        return XV_EUSAGE;
    xv_dist *d = dist_new(opts);
    *out = d;
    if (!d)
        return XV_ENOMEM;

    /* every path must exist before anything is read */
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (!paths || !paths[i] || !*paths[i]) {
            d->error = "empty input path";
            return XV_EUSAGE;
        }
        if (stat(paths[i], &st) != 0) {
            d->error = xv_arena_printf(&d->arena, "%s: %s", paths[i], strerror(errno));
            return XV_EUSAGE;
        }
        /* a FIFO, device or socket given as input is never opened (it would
         * block or have effects): refused before anything is read */
        if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
            d->error = xv_arena_printf(&d->arena, "%s: a %s, not a file or folder; not opened",
                                       paths[i], kind_name(st.st_mode));
            return XV_EUSAGE;
        }
    }
    xv_walk_tasks tl = {NULL, 0, 0};
    xv_status st = list_tasks(d, paths, npaths, &tl);
    if (st != XV_OK) {
        free(tl.v);
        return st;
    }
    if (d->opts.progress)
        prog_count(d, paths, npaths);
    int jobs = d->opts.jobs;
    if (jobs <= 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = c > 0 ? (int)c : 1;
    }
    if (jobs > 1 && tl.n > 1)
        xv_dist_pool_run(d, tl.v, tl.n, jobs);
    else
        for (size_t i = 0; i < tl.n; i++)
            xv_dist_run_task(d, &tl.v[i]);
    free(tl.v);
    return finish(d);
}

const char *xv_dist_error(const xv_dist *d)
{
    return d ? d->error : NULL;
}

size_t xv_dist_package_count(const xv_dist *d)
{
    return d ? d->npkgs : 0;
}

const xv_package *xv_dist_package(const xv_dist *d, size_t i)
{
    return d && i < d->npkgs ? &d->pkgs[i] : NULL;
}

size_t xv_dist_artifact_count(const xv_dist *d)
{
    return d ? d->narts : 0;
}

const xv_artifact *xv_dist_artifact(const xv_dist *d, size_t i)
{
    return d && i < d->narts ? &d->arts[i] : NULL;
}

size_t xv_dist_finding_count(const xv_dist *d)
{
    return d ? d->nfinds : 0;
}

const xv_dist_finding *xv_dist_finding_at(const xv_dist *d, size_t i)
{
    return d && i < d->nfinds ? &d->finds[i] : NULL;
}

size_t xv_dist_checksum_file_count(const xv_dist *d)
{
    return d ? d->nsums : 0;
}

const xv_checksum_file *xv_dist_checksum_file(const xv_dist *d, size_t i)
{
    return d && i < d->nsums ? &d->sums[i] : NULL;
}

const xv_release_info *xv_dist_release(const xv_dist *d)
{
    static const xv_release_info none;
    return d ? &d->release : &none;
}

void xv_dist_free(xv_dist *d)
{
    if (!d)
        return;
    xv_meta_free(d);
    for (size_t i = 0; i < d->nimgs; i++)
        xv_image_free(d->imgs[i]);
    free(d->imgs);
    free(d->pkgs);
    free(d->srcs);
    free(d->tmp);
    free(d->finds);
    free(d->sums);
    for (size_t i = 0; i < d->nadopted; i++)
        xv_arena_free(&d->adopted[i]);
    free(d->adopted);
    xv_arena_free(&d->arena);
    free(d);
}
