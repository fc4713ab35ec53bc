/* Toolchain facts: which language and which compiler/linker made a binary.
 *
 * Read after the format reader, from sections it listed (names and file
 * offsets), through the same bounded cursor:
 *   Go    the build info blob ("\xff Go buildinf:") in .go.buildinfo (ELF),
 *         __DATA,__go_buildinfo (Mach-O) or at a 16-byte boundary of .data
 *         (PE, where Go's linker puts it first); the .note.go.buildid note;
 *         a Go pclntab section as a last marker;
 *   Rust  "rustc version X" in the ELF .comment, else the "/rustc/<commit>/"
 *         source paths the standard library's panic messages carry;
 *   C/C++ "GCC: (...) X" / "clang version X" / "Linker: LLD X" in .comment,
 *         the PE Rich header (MSVC link.exe) and the PE linker version.
 * Policy (checks/hardening.c) reads the result: a Go or Rust program is not
 * judged by what only a C compiler can give. */
#include "formats/toolchain.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/cursor.h"

/* Scan limits: a section is searched up to this many bytes. */
#define TC_MAX_SCAN (256u * 1024u * 1024u)
#define TC_MAX_MODINFO_LINES 100000u
#define TC_MAX_COMMENTS 64

/* ---- section lookup ---- */

static const uint8_t *section_bytes(const xv_binary *b, const char *name, const uint8_t *data,
                                    size_t size, size_t *len)
{
    for (size_t i = 0; i < b->nsections; i++) {
        const xv_section *s = &b->sections[i];
        if (strcmp(s->name, name) != 0 || (s->flags & XV_SEC_NOBITS) || s->offset == 0 ||
            s->offset >= size)
            continue;
        /* A section running past the end is read up to the end. */
        uint64_t n = s->size < size - s->offset ? s->size : size - s->offset;
        if (n == 0 || !xv_range_ok(size, s->offset, n))
            continue;
        *len = (size_t)(n > TC_MAX_SCAN ? TC_MAX_SCAN : n);
        return data + s->offset;
    }
    return NULL;
}

static int has_section(const xv_binary *b, const char *name)
{
    for (size_t i = 0; i < b->nsections; i++)
        if (strcmp(b->sections[i].name, name) == 0)
            return 1;
    return 0;
}

/* ---- Go build info ---- */

/* Go's uvarint: 7 bits a byte, at most 10 bytes. */
static int read_uvarint(xv_cur *c, uint64_t *v)
{
    uint64_t x = 0;
    for (unsigned shift = 0; shift < 70; shift += 7) {
        uint8_t byte = xv_cur_u8(c);
        if (!xv_cur_ok(c))
            return 0;
        if (shift == 63 && byte > 1)
            return 0;
        x |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            *v = x;
            return 1;
        }
    }
    return 0;
}

static const char *read_vstring(xv_cur *c, size_t *len)
{
    uint64_t n;
    if (!read_uvarint(c, &n) || n > xv_cur_left(c))
        return NULL;
    *len = (size_t)n;
    return (const char *)xv_cur_ptr(c, (size_t)n);
}

int xv_go_blob_parse(const uint8_t *p, size_t n, xv_go_blob *out)
{
    xv_cur c;
    memset(out, 0, sizeof *out);
    if (!p || n < 32 || memcmp(p, XV_GO_BUILDINFO_MAGIC, XV_GO_BUILDINFO_MAGIC_LEN) != 0)
        return 0;
    uint8_t ptrsize = p[14], flags = p[15];
    if (!(flags & 2)) {
        /* Before Go 1.18 the header holds two pointers to Go strings; their
         * targets need the address map, which a Go binary of that age is
         * not worth: say "Go, version not recorded inline". */
        if (ptrsize != 4 && ptrsize != 8)
            return 0;
        out->pointer_format = 1;
        return 1;
    }
    xv_cur_init(&c, p, n, 0);
    xv_cur_seek(&c, 32);
    size_t vl = 0, ml = 0;
    const char *v = read_vstring(&c, &vl);
    if (!v)
        return 0;
    const char *m = read_vstring(&c, &ml);
    if (!m)
        return 0;
    /* A real version starts with "go" (or "devel"): anything else is bytes
     * that happen to follow the magic. */
    if (!(vl >= 3 && memcmp(v, "go", 2) == 0) && !(vl >= 5 && memcmp(v, "devel", 5) == 0))
        return 0;
    for (size_t i = 0; i < vl; i++)
        if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] >= 0x7f)
            return 0;
    out->version = v;
    out->version_len = vl;
    /* The module info is framed by two 16-byte sentinels, the last line
     * ending in '\n' just before the closing one. */
    if (ml >= 33 && m[ml - 17] == '\n') {
        out->modinfo = m + 16;
        out->modinfo_len = ml - 32;
    }
    return 1;
}

size_t xv_go_modinfo_walk(const char *s, size_t n, size_t max_lines,
                          void (*fn)(const char *key, size_t klen, const char *val,
                                     size_t vlen, void *arg),
                          void *arg)
{
    size_t pos = 0, lines = 0;
    while (s && pos < n && lines < max_lines) {
        const char *line = s + pos;
        const char *nl = memchr(line, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - line) : n - pos;
        const char *tab = memchr(line, '\t', len);
        size_t klen = tab ? (size_t)(tab - line) : len;
        const char *val = tab ? tab + 1 : line + len;
        size_t vlen = len - klen - (tab ? 1 : 0);
        if (fn)
            fn(line, klen, val, vlen, arg);
        lines++;
        pos += len + (nl ? 1 : 0);
    }
    return lines;
}

typedef struct go_fill {
    xv_image *img;
    xv_go_info *g;
} go_fill;

static int span_eq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* "key=value" of a build line, with the quotes Go puts around values that
 * hold spaces removed (escapes inside are kept as written). */
static const char *build_value(xv_image *img, const char *v, size_t n)
{
    if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
        v++;
        n -= 2;
    }
    return xv_img_strndup(img, v, n);
}

static void go_line(const char *key, size_t klen, const char *val, size_t vlen, void *arg)
{
    go_fill *f = arg;
    xv_go_info *g = f->g;
    if (span_eq(key, klen, "path")) {
        if (!g->path)
            g->path = xv_img_strndup(f->img, val, vlen);
    } else if (span_eq(key, klen, "mod")) {
        const char *t = memchr(val, '\t', vlen);
        size_t pl = t ? (size_t)(t - val) : vlen;
        if (!g->module)
            g->module = xv_img_strndup(f->img, val, pl);
        if (t && !g->module_version) {
            const char *vs = t + 1;
            size_t rest = vlen - pl - 1;
            const char *t2 = memchr(vs, '\t', rest);
            g->module_version = xv_img_strndup(f->img, vs, t2 ? (size_t)(t2 - vs) : rest);
        }
    } else if (span_eq(key, klen, "build")) {
        const char *eq = memchr(val, '=', vlen);
        if (!eq)
            return;
        size_t kl = (size_t)(eq - val);
        const char *v = eq + 1;
        size_t vl = vlen - kl - 1;
        if (span_eq(val, kl, "CGO_ENABLED"))
            g->cgo = span_eq(v, vl, "1") ? XV_YES : XV_NO;
        else if (span_eq(val, kl, "GOOS"))
            g->goos = build_value(f->img, v, vl);
        else if (span_eq(val, kl, "GOARCH"))
            g->goarch = build_value(f->img, v, vl);
        else if (span_eq(val, kl, "-buildmode"))
            g->buildmode = build_value(f->img, v, vl);
        else if (span_eq(val, kl, "-trimpath"))
            g->trimpath = span_eq(v, vl, "true") ? XV_YES : XV_NO;
        else if (span_eq(val, kl, "-ldflags"))
            g->ldflags = build_value(f->img, v, vl);
        else if (span_eq(val, kl, "vcs.revision"))
            g->vcs_revision = build_value(f->img, v, vl);
        else if (span_eq(val, kl, "vcs.modified"))
            g->vcs_modified = span_eq(v, vl, "true") ? XV_YES : XV_NO;
    }
}

/* Finds the blob at a 16-byte boundary of the window, as Go's own
 * debug/buildinfo does. */
static int find_go_blob(const uint8_t *p, size_t n, xv_go_blob *out)
{
    for (size_t off = 0; n >= 32 && off <= n - 32; off += 16) {
        if (p[off] != 0xff)
            continue;
        if (xv_go_blob_parse(p + off, n - off, out))
            return 1;
    }
    return 0;
}

/* .note.go.buildid: namesz 4 "Go\0\0", type 4, desc = the build id. */
static const char *go_note_build_id(xv_image *img, const xv_binary *b, const uint8_t *p, size_t n)
{
    xv_cur c;
    xv_cur_init(&c, p, n, b->big_endian);
    uint32_t namesz = xv_cur_u32(&c), descsz = xv_cur_u32(&c), type = xv_cur_u32(&c);
    const uint8_t *name = xv_cur_ptr(&c, 4);
    if (!xv_cur_ok(&c) || namesz != 4 || type != 4 || memcmp(name, "Go\0\0", 4) != 0 ||
        descsz == 0 || descsz > 256 || descsz > xv_cur_left(&c))
        return NULL;
    const char *d = (const char *)xv_cur_ptr(&c, descsz);
    for (uint32_t i = 0; i < descsz; i++)
        if ((unsigned char)d[i] < 0x20 || (unsigned char)d[i] >= 0x7f)
            return NULL;
    return xv_img_strndup(img, d, descsz);
}

static void detect_go(xv_image *img, xv_binary *b, const uint8_t *data, size_t size)
{
    static const char *const secs[] = { ".go.buildinfo", "__DATA,__go_buildinfo",
                                        "__DATA_CONST,__go_buildinfo", ".data", NULL };
    xv_go_blob blob;
    int found = 0;
    for (const char *const *s = secs; *s && !found; s++) {
        size_t n = 0;
        const uint8_t *p = section_bytes(b, *s, data, size, &n);
        /* .data is only searched in PE files, where Go has no section of
         * its own; an ELF's .data can hold anything. */
        if (p && (strcmp(*s, ".data") != 0 || b->format == XV_FMT_PE))
            found = find_go_blob(p, n, &blob);
    }
    const char *note_id = NULL;
    size_t nn = 0;
    const uint8_t *np = section_bytes(b, ".note.go.buildid", data, size, &nn);
    if (np)
        note_id = go_note_build_id(img, b, np, nn);
    int pclntab = has_section(b, ".gopclntab") || has_section(b, "__TEXT,__gopclntab") ||
                  has_section(b, "__DATA_CONST,__gopclntab");
    if (!found && !note_id && !pclntab)
        return;
    b->toolchain.lang = XV_LANG_GO;
    xv_go_info *g = xv_img_alloc(img, sizeof *g);
    if (!g)
        return;
    memset(g, 0, sizeof *g);
    g->build_id = note_id;
    if (found && blob.version)
        g->version = xv_img_strndup(img, blob.version, blob.version_len);
    if (found && blob.modinfo) {
        go_fill f = { img, g };
        xv_go_modinfo_walk(blob.modinfo, blob.modinfo_len, TC_MAX_MODINFO_LINES, go_line, &f);
    }
    b->toolchain.go = g;
}

/* ---- ELF .comment ---- */

/* The first run of [0-9.] after `at`, copied as a version. */
static const char *version_after(xv_image *img, const char *s, size_t n, size_t at)
{
    size_t i = at;
    while (i < n && !(s[i] >= '0' && s[i] <= '9'))
        i++;
    size_t j = i;
    while (j < n && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.'))
        j++;
    if (j == i)
        return NULL;
    while (j > i && s[j - 1] == '.')
        j--;
    return xv_img_strndup(img, s + i, j - i);
}

static const char *find_in(const char *s, size_t n, const char *lit, size_t *at)
{
    size_t l = strlen(lit);
    for (size_t i = 0; l <= n && i <= n - l; i++)
        if (memcmp(s + i, lit, l) == 0) {
            *at = i + l;
            return s + i;
        }
    return NULL;
}

static void one_comment(xv_image *img, xv_binary *b, const char *s, size_t n)
{
    size_t at;
    char buf[96];
    /* illumos' link-editor signs its .comment "...Solaris Link Editors:
     * 5.11-1.xxxx (illumos)": the only mark that tells it from Solaris. */
    if (b->os == XV_OS_SOLARIS && find_in(s, n, "illumos", &at))
        b->os = XV_OS_ILLUMOS;
    if (n >= 14 && memcmp(s, "rustc version ", 14) == 0) {
        if (!b->toolchain.rust_version)
            b->toolchain.rust_version = version_after(img, s, n, 14);
    } else if (n >= 5 && memcmp(s, "GCC: ", 5) == 0) {
        /* "GCC: (Debian 12.2.0-14) 12.2.0", "GCC: (GNU) 4.8.5 20150623 (Red
         * Hat 4.8.5-44)": the version follows the vendor's parentheses. */
        const char *v = find_in(s, n, ") ", &at) ? version_after(img, s, n, at)
                                                 : version_after(img, s, n, 5);
        if (v && !b->toolchain.compiler) {
            snprintf(buf, sizeof buf, "GCC %s", v);
            b->toolchain.compiler = xv_img_strdup(img, buf);
        }
    } else if (n >= 8 && memcmp(s, "Linker: ", 8) == 0 && find_in(s, n, "LLD", &at)) {
        /* "Linker: LLD 14.0.6", "Linker: Debian LLD 14.0.6" */
        const char *v = version_after(img, s, n, at);
        if (!b->toolchain.linker) {
            snprintf(buf, sizeof buf, "LLD%s%s", v ? " " : "", v ? v : "");
            b->toolchain.linker = xv_img_strdup(img, buf);
        }
    } else if (find_in(s, n, "clang version ", &at)) {
        const char *v = version_after(img, s, n, at);
        /* clang wins over GCC: a clang build carries GCC's mark only through
         * the C runtime start files it links. */
        snprintf(buf, sizeof buf, "clang%s%s", v ? " " : "", v ? v : "");
        b->toolchain.compiler = xv_img_strdup(img, buf);
    }
}

static void detect_comment(xv_image *img, xv_binary *b, const uint8_t *data, size_t size)
{
    size_t n = 0;
    const uint8_t *p = section_bytes(b, ".comment", data, size, &n);
    if (!p)
        return;
    size_t pos = 0;
    int k = 0;
    while (pos < n && k < TC_MAX_COMMENTS) {
        const char *s = (const char *)p + pos;
        const char *z = memchr(s, '\0', n - pos);
        size_t len = z ? (size_t)(z - s) : n - pos;
        if (len) {
            one_comment(img, b, s, len < 512 ? len : 512);
            k++;
        }
        pos += len + 1;
    }
}

/* ---- Rust standard library paths ---- */

static int is_hex(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
}

/* "/rustc/<40 hex>/library/": the remapped source path rustc gives the
 * standard library, kept in every panic location it can report. */
#define RUST_PATH_LEN (7 + 40 + 9)

static int rust_path_at(const uint8_t *q)
{
    if (memcmp(q, "/rustc/", 7) != 0 || memcmp(q + 47, "/library/", 9) != 0)
        return 0;
    for (int i = 0; i < 40; i++)
        if (!is_hex((char)q[7 + i]))
            return 0;
    return 1;
}

static uint64_t load64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* The read-only data of a big C library is tens of megabytes without such a
 * path, and searching it was most of what `inspect` spent on one. Many
 * positions at a time: only where the path's slashes at offsets 0, 6 and 47
 * are all there does a position get the full comparison (SSE2 on x86-64,
 * where it is always present; eight positions per 64-bit word elsewhere). */
const uint8_t *xv_tc_find_rust_path(const uint8_t *p, size_t n)
{
    if (n < RUST_PATH_LEN)
        return NULL;
    size_t last = n - RUST_PATH_LEN;   /* the last position a path can start */
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i slash16 = _mm_set1_epi8('/');
    /* the loads reach p[i + 47 + 15] <= p[last + 55 - 8] */
    for (; i + 15 <= last; i += 16) {
        __m128i a = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i)), slash16);
        __m128i b = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i + 6)), slash16);
        __m128i c = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i + 47)), slash16);
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_and_si128(a, b), c));
        while (m) {
            unsigned k = (unsigned)__builtin_ctz(m);
            if (rust_path_at(p + i + k))
                return p + i + k;
            m &= m - 1;
        }
    }
#endif
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    const uint64_t slash = ones * '/';
    /* a byte of x is zero only where all three slashes are; the word loads
     * reach p[i + 47 + 7] */
    for (; i + 7 <= last; i += 8) {
        uint64_t x = (load64(p + i) ^ slash) | (load64(p + i + 6) ^ slash) |
                     (load64(p + i + 47) ^ slash);
        if (!((x - ones) & ~x & highs))
            continue;
        for (size_t j = i; j < i + 8; j++)
            if (rust_path_at(p + j))
                return p + j;
    }
    for (; i <= last; i++)
        if (rust_path_at(p + i))
            return p + i;
    return NULL;
}

/* The same search over n bytes of the file at `off`, read with pread() into
 * a small buffer: one pass over tens of megabytes is twice as fast that way
 * as through page faults on the mapping (measured on the host's libraries),
 * and the pages are never mapped. Chunks overlap by a path's length less
 * one, so the first path found is the first in the file. */
#define TC_READ_CHUNK (64u * 1024u)

int xv_tc_find_rust_path_fd(int fd, uint64_t off, size_t n, size_t chunk, char out[40])
{
    if (chunk < 2 * RUST_PATH_LEN)
        chunk = 2 * RUST_PATH_LEN;
    uint8_t *buf = malloc(chunk);
    if (!buf)
        return -1;
    size_t keep = 0, done = 0;
    int rc = 0;
    while (done < n) {
        size_t want = chunk - keep;
        if (want > n - done)
            want = n - done;
        ssize_t r = pread(fd, buf + keep, want, (off_t)(off + done));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            rc = -1;
            break;
        }
        done += (size_t)r;
        size_t have = keep + (size_t)r;
        const uint8_t *hit = xv_tc_find_rust_path(buf, have);
        if (hit) {
            memcpy(out, hit + 7, 40);
            rc = 1;
            break;
        }
        keep = have < RUST_PATH_LEN - 1 ? have : RUST_PATH_LEN - 1;
        memmove(buf, buf + have - keep, keep);
    }
    free(buf);
    return rc;
}

static void detect_rust_paths(xv_image *img, xv_binary *b, const uint8_t *data, size_t size)
{
    static const char *const secs[] = { ".rodata", ".rdata", "__TEXT,__const",
                                        "__TEXT,__cstring", "__DATA_CONST,__const", NULL };
    for (const char *const *s = secs; *s; s++) {
        size_t n = 0;
        const uint8_t *p = section_bytes(b, *s, data, size, &n);
        if (!p)
            continue;
        if (img->src_fd >= 0 && img->src_map && p >= img->src_map && n >= TC_READ_CHUNK) {
            char commit[40];
            int rc = xv_tc_find_rust_path_fd(img->src_fd, (uint64_t)(p - img->src_map), n,
                                             TC_READ_CHUNK, commit);
            if (rc == 1) {
                b->toolchain.rust_commit = xv_img_strndup(img, commit, 40);
                return;
            }
            if (rc == 0)
                continue;
        }
        const uint8_t *hit = xv_tc_find_rust_path(p, n);
        if (hit) {
            b->toolchain.rust_commit = xv_img_strndup(img, (const char *)hit + 7, 40);
            return;
        }
    }
}

/* ---- PE: Rich header and linker version ---- */

static void detect_pe(xv_image *img, xv_binary *b, const uint8_t *data, size_t size)
{
    xv_cur c;
    char buf[64];
    xv_cur_init(&c, data, size, 0);
    xv_cur_seek(&c, 0x3c);
    uint32_t lfanew = xv_cur_u32(&c);
    if (!xv_cur_ok(&c) || lfanew > size || lfanew < 0x80)
        goto linker;
    /* The Rich header lies between the DOS stub and the PE header: "Rich"
     * then the XOR key; "DanS" xor key starts it, at a 4-byte boundary. */
    for (uint32_t off = 0x80; off + 8 <= lfanew; off += 4) {
        if (memcmp(data + off, "Rich", 4) != 0)
            continue;
        uint32_t key = xv_le32(data + off + 4);
        for (uint32_t s = 0x80; s < off; s += 4)
            if ((xv_le32(data + s) ^ key) == 0x536e6144u /* "DanS" */) {
                b->toolchain.msvc_rich = 1;
                break;
            }
        break;
    }
linker:
    if (lfanew <= size && size - lfanew >= 24 + 4) {
        xv_cur_seek(&c, (uint64_t)lfanew + 24 + 2);
        uint8_t maj = xv_cur_u8(&c), min = xv_cur_u8(&c);
        if (xv_cur_ok(&c) && (maj || min)) {
            /* GNU ld (MinGW) stamps its own 2.x version; link.exe and
             * lld-link stamp 14.x. */
            snprintf(buf, sizeof buf, "%s %u.%u", maj == 2 ? "GNU ld" : "linker", maj, min);
            b->toolchain.linker = xv_img_strdup(img, buf);
        }
    }
    if (b->toolchain.msvc_rich && !b->toolchain.compiler)
        b->toolchain.compiler = "MSVC";
}

/* ---- language ---- */

static int needs_cxx_runtime(const xv_binary *b)
{
    static const char *const rt[] = { "libstdc++", "libc++", "msvcp", "libc++abi", NULL };
    for (size_t i = 0; i < b->ndeps; i++) {
        const char *base = strrchr(b->deps[i].name, '/');
        base = base ? base + 1 : b->deps[i].name;
        for (const char *const *r = rt; *r; r++)
            if (strncasecmp(base, *r, strlen(*r)) == 0)
                return 1;
    }
    return 0;
}

void xv_tc_detect(xv_image *img, xv_binary *b, const uint8_t *data, size_t size)
{
    if (!b || !data || (b->format != XV_FMT_ELF && b->format != XV_FMT_MACHO &&
                        b->format != XV_FMT_MACHO_FAT && b->format != XV_FMT_PE))
        return;
    if (b->format == XV_FMT_ELF)
        detect_comment(img, b, data, size);
    if (b->format == XV_FMT_PE)
        detect_pe(img, b, data, size);
    detect_go(img, b, data, size);
    if (b->toolchain.lang == XV_LANG_GO)
        return;
    /* The Rust std-path scan reads all read-only data (on a host's
     * libraries, more than every other fact together); with no_symbols,
     * whose canary and FORTIFY facts are unknown anyway, Rust is known
     * only from .comment ("rustc version", rustc 1.73 and later). */
    if (!b->toolchain.rust_version && !img->opts.no_symbols)
        detect_rust_paths(img, b, data, size);
    if (b->toolchain.rust_version || b->toolchain.rust_commit)
        b->toolchain.lang = XV_LANG_RUST;
    else if (needs_cxx_runtime(b))
        b->toolchain.lang = XV_LANG_CXX;
    else if (b->toolchain.compiler)
        b->toolchain.lang = XV_LANG_C;
}

/* ---- names ---- */

const char *xv_lang_name(xv_lang l)
{
    switch (l) {
    case XV_LANG_UNKNOWN: return "unknown";
    case XV_LANG_C: return "c";
    case XV_LANG_CXX: return "c++";
    case XV_LANG_GO: return "go";
    case XV_LANG_RUST: return "rust";
    }
    return "unknown";
}

const char *xv_toolchain_summary(const xv_binary *b, char *buf, size_t len)
{
    if (!buf || !len)
        return "";
    buf[0] = 0;
    if (!b)
        return buf;
    const xv_toolchain *t = &b->toolchain;
    const xv_go_info *g = t->go;
    switch (t->lang) {
    case XV_LANG_GO: {
        const char *v = g && g->version ? g->version : NULL;
        if (v && strncmp(v, "go", 2) == 0)
            v += 2;
        const char *mod = g ? (g->module ? g->module : g->path) : NULL;
        snprintf(buf, len, "Go%s%s%s%s%s", v ? " " : "", v ? v : "", mod ? ", module " : "",
                 mod ? mod : "",
                 !g || g->cgo == XV_UNKNOWN ? "" : g->cgo == XV_YES ? ", CGO on" : ", CGO off");
        break;
    }
    case XV_LANG_RUST:
        snprintf(buf, len, "Rust%s%s", t->rust_version ? " " : "",
                 t->rust_version ? t->rust_version : "");
        break;
    case XV_LANG_C:
    case XV_LANG_CXX:
    case XV_LANG_UNKNOWN:
        if (t->compiler)
            snprintf(buf, len, "%s (%s)", t->lang == XV_LANG_CXX ? "C++" : "C/C++", t->compiler);
        else if (t->lang == XV_LANG_CXX)
            snprintf(buf, len, "C++");
        break;
    }
    return buf;
}
