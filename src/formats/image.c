/* The image API: detection, dispatch to the format readers, the builder
 * helpers the readers share, and enum names. */
#include "formats/image.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cursor.h"
#include "formats/toolchain.h"

const char *xv_version(void)
{
    return XV_VERSION_STRING;
}

const char *xv_status_str(xv_status st)
{
    switch (st) {
    case XV_OK: return "ok";
    case XV_EFORMAT: return "malformed input";
    case XV_EUSAGE: return "usage or configuration error";
    case XV_ENOMEM: return "out of memory or over a size cap";
    case XV_EIO: return "input/output error";
    case XV_EINTERNAL: return "internal error";
    }
    return "unknown status";
}

xv_format xv_detect(const void *data, size_t size)
{
    const uint8_t *p = data;
    if (!p || size < 4)
        return XV_FMT_NONE;
    if (p[0] == 0x7f && p[1] == 'E' && p[2] == 'L' && p[3] == 'F')
        return XV_FMT_ELF;
    uint32_t be = xv_be32(p), le = xv_le32(p);
    /* MH_MAGIC, MH_MAGIC_64 in either byte order */
    if (le == 0xfeedfaceu || le == 0xfeedfacfu || be == 0xfeedfaceu || be == 0xfeedfacfu)
        return XV_FMT_MACHO;
    /* FAT_MAGIC / FAT_MAGIC_64 are big endian. 0xcafebabe is also a Java class
     * file: a fat header has a small slice count where a class file has its
     * version (>= 45) in the same place. */
    if (be == 0xcafebabeu || be == 0xcafebabfu) {
        if (size >= 8 && xv_be32(p + 4) > 0 && xv_be32(p + 4) < 45)
            return XV_FMT_MACHO_FAT;
        return XV_FMT_NONE;
    }
    if (p[0] == 'M' && p[1] == 'Z')
        return XV_FMT_PE;
    if (size >= 8 && memcmp(p, "!<arch>\n", 8) == 0)
        return XV_FMT_AR;
    return XV_FMT_NONE;
}

xv_binary *xv_img_add_binary(xv_image *img)
{
    xv_binary *b = xv_arena_push(&img->arena, &img->bins, &img->nbins, sizeof *b, XV_MAX_BINARIES);
    if (!b) {
        xv_img_fail(img, "too many binaries in one file (limit %d)", XV_MAX_BINARIES);
        return NULL;
    }
    b->file_size = img->size;
    b->arch = "unknown";
    return b;
}

xv_status xv_img_fail(xv_image *img, const char *fmt, ...)
{
    if (img->error)
        return XV_EFORMAT;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    img->error = xv_arena_strdup(&img->arena, buf);
    if (!img->error)
        img->error = "out of memory";
    return XV_EFORMAT;
}

void xv_img_warn(xv_image *img, xv_binary *b, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    if (b->nwarnings >= 100)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    const char **slot = xv_arena_push(&img->arena, &b->warnings, &b->nwarnings, sizeof *slot, 100);
    if (slot)
        *slot = xv_arena_strdup(&img->arena, buf);
}

char *xv_img_strdup(xv_image *img, const char *s)
{
    return xv_arena_strdup(&img->arena, s);
}

char *xv_img_strndup(xv_image *img, const char *s, size_t n)
{
    return xv_arena_strndup(&img->arena, s, n);
}

void *xv_img_alloc(xv_image *img, size_t n)
{
    return xv_arena_alloc(&img->arena, n);
}

char *xv_img_hex(xv_image *img, const uint8_t *p, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    char *s = xv_arena_alloc(&img->arena, n * 2 + 1);
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        s[2 * i] = hx[p[i] >> 4];
        s[2 * i + 1] = hx[p[i] & 15];
    }
    s[2 * n] = '\0';
    return s;
}

static void *push_or_warn(xv_image *img, xv_binary *b, void *arrayp, size_t *count,
                          size_t elsize, size_t limit, const char *what)
{
    void *slot = xv_arena_push(&img->arena, arrayp, count, elsize, limit);
    if (!slot && *count >= limit)
        xv_img_warn(img, b, "more than %zu %s; the rest ignored", limit, what);
    return slot;
}

xv_dep *xv_bin_add_dep(xv_image *img, xv_binary *b, const char *name, unsigned flags)
{
    xv_dep *d = push_or_warn(img, b, &b->deps, &b->ndeps, sizeof *d, XV_MAX_LIST, "needed libraries");
    if (d) {
        d->name = xv_img_strdup(img, name);
        d->flags = flags;
    }
    return d;
}

int xv_bin_add_rpath(xv_image *img, xv_binary *b, const char *path)
{
    const char **s = push_or_warn(img, b, &b->rpath, &b->nrpath, sizeof *s, XV_MAX_LIST, "rpath entries");
    if (!s)
        return -1;
    *s = xv_img_strdup(img, path);
    return 0;
}

int xv_bin_add_runpath(xv_image *img, xv_binary *b, const char *path)
{
    const char **s = push_or_warn(img, b, &b->runpath, &b->nrunpath, sizeof *s, XV_MAX_LIST, "runpath entries");
    if (!s)
        return -1;
    *s = xv_img_strdup(img, path);
    return 0;
}

xv_sym *xv_bin_add_export(xv_image *img, xv_binary *b, const char *name)
{
    xv_sym *s = push_or_warn(img, b, &b->exports, &b->nexports, sizeof *s,
                             img->opts.max_symbols, "exported symbols");
    if (s)
        s->name = xv_img_strdup(img, name);
    return s;
}

xv_sym *xv_bin_add_import(xv_image *img, xv_binary *b, const char *name)
{
    xv_sym *s = push_or_warn(img, b, &b->imports, &b->nimports, sizeof *s,
                             img->opts.max_symbols, "imported symbols");
    if (s)
        s->name = xv_img_strdup(img, name);
    return s;
}

xv_verneed *xv_bin_add_verneed(xv_image *img, xv_binary *b, const char *lib, const char *ver)
{
    xv_verneed *v = push_or_warn(img, b, &b->verneeds, &b->nverneeds, sizeof *v, XV_MAX_LIST, "version requirements");
    if (v) {
        v->library = xv_img_strdup(img, lib);
        v->version = xv_img_strdup(img, ver);
    }
    return v;
}

xv_section *xv_bin_add_section(xv_image *img, xv_binary *b, const char *name,
                               uint64_t size, uint64_t offset, uint32_t flags)
{
    xv_section *s = push_or_warn(img, b, &b->sections, &b->nsections, sizeof *s, 65536, "sections");
    if (s) {
        s->name = xv_img_strdup(img, name ? name : "");
        s->size = size;
        s->offset = offset;
        s->flags = flags;
    }
    return s;
}

xv_segment *xv_bin_add_segment(xv_image *img, xv_binary *b, const char *name)
{
    xv_segment *s = push_or_warn(img, b, &b->segments, &b->nsegments, sizeof *s, 65536, "segments");
    if (s)
        s->name = xv_img_strdup(img, name ? name : "");
    return s;
}

int xv_version_cmp(const char *a, const char *b)
{
    /* Skip a common non-numeric prefix ("GLIBC_"), then compare dot-separated
     * numbers; a missing component counts as 0 ("2.3" == "2.3.0"). */
    while (*a && *b && *a == *b && !isdigit((unsigned char)*a)) {
        a++;
        b++;
    }
    for (;;) {
        while (*a && !isdigit((unsigned char)*a))
            a++;
        while (*b && !isdigit((unsigned char)*b))
            b++;
        if (!*a && !*b)
            return 0;
        unsigned long x = 0, y = 0;
        int da = 0, db = 0;
        while (isdigit((unsigned char)*a) && da < 9) {
            x = x * 10 + (unsigned long)(*a++ - '0');
            da++;
        }
        while (isdigit((unsigned char)*b) && db < 9) {
            y = y * 10 + (unsigned long)(*b++ - '0');
            db++;
        }
        if (x != y)
            return x < y ? -1 : 1;
    }
}

static void take_max(const char **cur, const char *v, const char *prefix)
{
    size_t pl = strlen(prefix);
    if (!v || strncmp(v, prefix, pl) != 0 || !isdigit((unsigned char)v[pl]))
        return;
    if (!*cur || xv_version_cmp(v, *cur) > 0)
        *cur = v;
}

void xv_bin_compute_max_versions(xv_image *img, xv_binary *b)
{
    (void)img;
    for (size_t i = 0; i < b->nverneeds; i++) {
        const char *v = b->verneeds[i].version;
        take_max(&b->max_glibc, v, "GLIBC_");
        take_max(&b->max_glibcxx, v, "GLIBCXX_");
        take_max(&b->max_cxxabi, v, "CXXABI_");
    }
}

/* C library functions glibc's FORTIFY_SOURCE replaces with a *_chk variant.
 * memcpy, memmove, mempcpy and memset are left out on purpose: the compiler
 * itself emits calls to them (struct copies, zero-filled initialisers) that
 * are never fortified, so importing them says nothing about the build. */
static const char *const fortifiable[] = {
    "strcpy", "stpcpy", "strncpy", "stpncpy", "strcat", "strncat",
    "sprintf", "vsprintf", "snprintf", "vsnprintf", "printf", "vprintf", "fprintf",
    "vfprintf", "dprintf", "vdprintf", "asprintf", "vasprintf", "syslog", "vsyslog",
    "gets", "fgets", "fgets_unlocked", "fread", "fread_unlocked", "read", "pread",
    "pread64", "readlink", "readlinkat", "getcwd", "realpath", "recv", "recvfrom",
    "wcscpy", "wcpcpy", "wcsncpy", "wcscat", "wcsncat", "wmemcpy", "wmemmove",
    "wmemset", "swprintf", "mbstowcs", "wcstombs", "confstr", "getgroups",
    "ttyname_r", "gethostname", "getdomainname", "poll", "ppoll", NULL
};

static int is_fortifiable(const char *n)
{
    /* the first letter first: a library imports thousands of names */
    for (const char *const *f = fortifiable; *f; f++)
        if (n[0] == (*f)[0] && strcmp(n, *f) == 0)
            return 1;
    return 0;
}

void xv_bin_scan_imports_hardening(xv_binary *b)
{
    int canary = 0;
    uint32_t fortified = 0, plain = 0;
    for (size_t i = 0; i < b->nimports; i++) {
        const char *n = b->imports[i].name;
        if (!n)
            continue;
        /* Mach-O C symbols carry one more leading underscore. */
        if (b->format == XV_FMT_MACHO || b->format == XV_FMT_MACHO_FAT)
            n += *n == '_';
        if (strcmp(n, "__stack_chk_fail") == 0 || strcmp(n, "__stack_chk_guard") == 0 ||
            strcmp(n, "__stack_chk_fail_local") == 0) {
            canary = 1;
            continue;
        }
        size_t l = strlen(n);
        if (l > 6 && n[0] == '_' && n[1] == '_' && strcmp(n + l - 4, "_chk") == 0 &&
            strncmp(n, "__stack_chk", 11) != 0)
            fortified++;
        else if (is_fortifiable(n))
            plain++;
    }
    if (b->hard.canary == XV_UNKNOWN || canary)
        b->hard.canary = canary ? XV_YES : XV_NO;
    if (b->hard.fortify == XV_UNKNOWN || fortified)
        b->hard.fortify = fortified ? XV_YES : XV_NO;
    b->hard.fortified = fortified;
    b->hard.fortifiable = plain;
    b->hard.fortify_state = fortified ? XV_FORTIFY_FORTIFIED
                            : plain   ? XV_FORTIFY_UNFORTIFIED
                                      : XV_FORTIFY_NOTHING;
}

const char *xv_fortify_name(xv_fortify f)
{
    switch (f) {
    case XV_FORTIFY_UNKNOWN: return "unknown";
    case XV_FORTIFY_FORTIFIED: return "fortified";
    case XV_FORTIFY_UNFORTIFIED: return "fortifiable but not fortified";
    case XV_FORTIFY_NOTHING: return "nothing to fortify";
    }
    return "unknown";
}

static xv_image *image_new(const char *name, size_t size, const xv_read_opts *opts)
{
    xv_image *img = calloc(1, sizeof *img);
    if (!img)
        return NULL;
    xv_arena_init(&img->arena);
    img->src_fd = -1;
    img->size = size;
    img->name = xv_arena_strdup(&img->arena, name ? name : "<memory>");
    if (opts)
        img->opts = *opts;
    if (!img->opts.max_symbols)
        img->opts.max_symbols = XV_DEFAULT_MAX_SYMBOLS;
    if (!img->name) {
        free(img);
        return NULL;
    }
    return img;
}

/* A static library's target: the arch, bits, byte order and OS of its first
 * object member that reads as a binary, so that arch.match can judge a .a
 * shipped for a platform. Members are walked through their 60-byte ar headers
 * (decimal size, two-byte end mark), at most AR_MAX_MEMBERS of them; the
 * member is read by the same readers as any file, without its symbols. A
 * library with no readable object keeps arch "unknown". */
#define AR_MAX_MEMBERS 4096
static void ar_member_target(xv_binary *b, const void *data, size_t size,
                             const xv_read_opts *opts)
{
    const uint8_t *p = data;
    size_t off = 8; /* "!<arch>\n" */
    for (int n = 0; n < AR_MAX_MEMBERS && off <= size && size - off >= 60; n++) {
        const uint8_t *h = p + off;
        if (h[58] != 0x60 || h[59] != 0x0a)
            return;
        uint64_t msize = 0;
        for (int i = 48; i < 58 && h[i] != ' '; i++) {
            if (h[i] < '0' || h[i] > '9')
                return;
            msize = msize * 10 + (uint64_t)(h[i] - '0');
        }
        off += 60;
        if (msize > size - off)
            return;
        xv_format f = xv_detect(p + off, (size_t)msize);
        if (f == XV_FMT_ELF || f == XV_FMT_MACHO || f == XV_FMT_PE) {
            xv_read_opts o = { 0 };
            if (opts)
                o = *opts;
            o.no_symbols = 1;
            xv_image *m = NULL;
            if (xv_image_read(p + off, (size_t)msize, "", &o, &m) == XV_OK &&
                xv_image_count(m) > 0) {
                const xv_binary *mb = xv_image_binary(m, 0);
                b->arch = mb->arch;   /* static strings */
                b->arch_variant = mb->arch_variant;
                b->bits = mb->bits;
                b->big_endian = mb->big_endian;
                b->os = mb->os;
                xv_image_free(m);
                return;
            }
            xv_image_free(m);
        }
        off += (size_t)msize + (msize & 1); /* members start on even offsets */
    }
}

/* fd >= 0: data is that file, mapped whole. */
static xv_status image_read(const void *data, size_t size, const char *name,
                            const xv_read_opts *opts, int fd, xv_image **out)
{
    *out = NULL;
    xv_image *img = image_new(name, size, opts);
    if (!img)
        return XV_ENOMEM;
    if (fd >= 0) {
        img->src_fd = fd;
        img->src_map = data;
    }
    xv_status st;
    xv_format f = xv_detect(data, size);
    img->format = f;
    switch (f) {
    case XV_FMT_ELF:
        st = xv_elf_read(img, data, size);
        break;
    case XV_FMT_MACHO:
    case XV_FMT_MACHO_FAT:
        st = xv_macho_read(img, data, size);
        break;
    case XV_FMT_PE:
        st = xv_pe_read(img, data, size);
        break;
    case XV_FMT_AR: {
        xv_binary *b = xv_img_add_binary(img);
        if (b) {
            b->format = XV_FMT_AR;
            b->kind = XV_KIND_STATIC_LIB;
            ar_member_target(b, data, size, opts);
        }
        st = b ? XV_OK : XV_ENOMEM;
        break;
    }
    default:
        st = xv_img_fail(img, "not an ELF, Mach-O or PE file");
        break;
    }
    if (st == XV_ENOMEM) {
        xv_image_free(img);
        return XV_ENOMEM;
    }
    for (size_t i = 0; i < img->nbins; i++) {
        xv_binary *b = &img->bins[i];
        const uint8_t *base = data;
        size_t len = size;
        /* Section offsets of a universal Mach-O slice count from the slice. */
        if (b->macho && b->macho->slice_offset &&
            xv_range_ok(size, b->macho->slice_offset, b->macho->slice_size)) {
            base += b->macho->slice_offset;
            len = (size_t)b->macho->slice_size;
        }
        xv_tc_detect(img, b, base, len);
    }
    img->src_fd = -1;
    img->src_map = NULL;
    if (st == XV_OK && img->error)
        st = XV_EFORMAT;
    *out = img;
    return st;
}

xv_status xv_image_read(const void *data, size_t size, const char *name,
                        const xv_read_opts *opts, xv_image **out)
{
    return image_read(data, size, name, opts, -1, out);
}

/* strerror() is documented MT-Unsafe, and `inspect --jobs` reads files on
 * several threads: the GNU strerror_r (_GNU_SOURCE) returns the message. */
static const char *errstr(int e, char *buf, size_t n)
{
    return strerror_r(e, buf, n);
}

xv_status xv_image_read_file(const char *path, const xv_read_opts *opts, xv_image **out)
{
    char eb[128];
    *out = NULL;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; fstat() then
     * refuses anything but a regular file */
    errno = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    xv_image *img;
    int statok = fd >= 0 && fstat(fd, &st) == 0;
    if (!statok || !S_ISREG(st.st_mode)) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        img = image_new(path, 0, opts);
        if (!img)
            return XV_ENOMEM;
        xv_img_fail(img, "cannot open: %s",
                    statok ? (S_ISFIFO(st.st_mode) ? "a FIFO, not a regular file"
                              : S_ISDIR(st.st_mode) ? "a folder, not a regular file"
                              : S_ISSOCK(st.st_mode) ? "a socket, not a regular file"
                              : (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
                                  ? "a device node, not a regular file" : "not a regular file")
                           : errstr(e ? e : EIO, eb, sizeof eb));
        *out = img;
        return XV_EIO;
    }
    size_t size = (size_t)st.st_size;
    if (size == 0) {
        close(fd);
        return xv_image_read("", 0, path, opts, out);
    }
    /* Private writable mapping: libelf may convert foreign byte order in
     * place; copy-on-write keeps the file untouched. */
    void *map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        int e = errno;
        close(fd);
        errno = e;
        img = image_new(path, size, opts);
        if (!img)
            return XV_ENOMEM;
        xv_img_fail(img, "cannot map: %s", errstr(errno, eb, sizeof eb));
        *out = img;
        return XV_EIO;
    }
    xv_status r = image_read(map, size, path, opts, fd, out);
    munmap(map, size);
    close(fd);
    return r;
}

xv_format xv_image_format(const xv_image *img) { return img ? img->format : XV_FMT_NONE; }
const char *xv_image_name(const xv_image *img) { return img ? img->name : NULL; }
size_t xv_image_count(const xv_image *img) { return img ? img->nbins : 0; }
const char *xv_image_error(const xv_image *img) { return img ? img->error : NULL; }
uint64_t xv_image_size(const xv_image *img) { return img ? img->size : 0; }

const xv_binary *xv_image_binary(const xv_image *img, size_t i)
{
    return img && i < img->nbins ? &img->bins[i] : NULL;
}

void xv_image_free(xv_image *img)
{
    if (!img)
        return;
    xv_arena_free(&img->arena);
    free(img);
}

const char *xv_format_name(xv_format f)
{
    switch (f) {
    case XV_FMT_NONE: return "none";
    case XV_FMT_ELF: return "elf";
    case XV_FMT_MACHO: return "macho";
    case XV_FMT_MACHO_FAT: return "macho-fat";
    case XV_FMT_PE: return "pe";
    case XV_FMT_AR: return "ar";
    }
    return "none";
}

const char *xv_kind_name(xv_kind k)
{
    switch (k) {
    case XV_KIND_UNKNOWN: return "unknown";
    case XV_KIND_EXE: return "exe";
    case XV_KIND_PIE: return "pie";
    case XV_KIND_SHARED: return "shared";
    case XV_KIND_OBJECT: return "object";
    case XV_KIND_STATIC_LIB: return "static-lib";
    case XV_KIND_CORE: return "core";
    case XV_KIND_BUNDLE: return "bundle";
    case XV_KIND_DYLINKER: return "dylinker";
    }
    return "unknown";
}

const char *xv_os_name(xv_os os)
{
    switch (os) {
    case XV_OS_UNKNOWN: return "unknown";
    case XV_OS_LINUX: return "linux";
    case XV_OS_MACOS: return "macos";
    case XV_OS_IOS: return "ios";
    case XV_OS_WINDOWS: return "windows";
    case XV_OS_FREEBSD: return "freebsd";
    case XV_OS_NETBSD: return "netbsd";
    case XV_OS_OPENBSD: return "openbsd";
    case XV_OS_SOLARIS: return "solaris";
    case XV_OS_ANDROID: return "android";
    case XV_OS_ILLUMOS: return "illumos";
    case XV_OS_HAIKU: return "haiku";
    }
    return "unknown";
}

const char *xv_libc_name(xv_libc l)
{
    switch (l) {
    case XV_LIBC_UNKNOWN: return "unknown";
    case XV_LIBC_NONE: return "none";
    case XV_LIBC_GLIBC: return "glibc";
    case XV_LIBC_MUSL: return "musl";
    case XV_LIBC_BIONIC: return "bionic";
    case XV_LIBC_MSVCRT: return "msvcrt";
    case XV_LIBC_UCRT: return "ucrt";
    case XV_LIBC_SYSTEM: return "libSystem";
    case XV_LIBC_NATIVE: return "native";
    }
    return "unknown";
}
