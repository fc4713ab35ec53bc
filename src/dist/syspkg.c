/* System packages (.deb, .rpm): the metadata they declare about themselves.
 * A .deb's control file (in control.tar.*) and an .rpm's header give the
 * package name, version, architecture and runtime dependencies; a package's
 * own etc/ld.so.conf.d/NAME.conf adds folders to the loader's search. All of it
 * is untrusted: every read is bounded and every list capped. */
#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dist/arformats.h"
#include "common/cursor.h"
#include "dist/dist_internal.h"

#define SP_MAX_CONTROL ((size_t)256 << 10)  /* a control file larger than this is not one */
#define SP_MAX_DEPENDS 512u
#define SP_MAX_LDDIRS 64u
#define SP_MAX_FIELD 4096                   /* one Package/Version/Architecture value */
#define SP_MAX_RPM_INDEX 65536u             /* header index entries (rpm itself caps at 0xffff) */
#define SP_MAX_RPM_STORE ((uint64_t)256 << 20)

static int ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcasecmp(s + n - m, suffix) == 0;
}

int xv_syspkg_is_deb(const char *name)
{
    const char *b = xv_dist_basename(name);
    return ends_with_ci(b, ".deb") || ends_with_ci(b, ".udeb");
}

int xv_syspkg_is_rpm(const char *name)
{
    return ends_with_ci(xv_dist_basename(name), ".rpm");
}

int xv_syspkg_is_ldconf(const char *member)
{
    if (strcmp(member, "etc/ld.so.conf") == 0)
        return 1;
    const char *dir = "etc/ld.so.conf.d/";
    size_t dl = strlen(dir);
    return strncmp(member, dir, dl) == 0 && !strchr(member + dl, '/') &&
           ends_with_ci(member + dl, ".conf");
}

/* The platform a package architecture names: Debian's (amd64, arm64, armhf,
 * i386, ppc64el, ...) and rpm's (x86_64, aarch64, armv7hl, i686, ...) both
 * read as linux_<arch> with glibc. "all" and "noarch" name none. */
static void set_platform(xv_dist *d, size_t pkg, const char *arch, const char *source)
{
    if (!*arch || strcmp(arch, "all") == 0 || strcmp(arch, "noarch") == 0 ||
        strlen(arch) > 24)
        return;
    char name[40];
    /* rpm's armv7hl/armv7hnl are armhf; the name reader knows armv7 */
    if (strncmp(arch, "armv7h", 6) == 0)
        arch = "armv7";
    snprintf(name, sizeof name, "linux_%s", arch);
    xv_platform p;
    if (!xv_platform_from_name(name, &p) || !p.arch)
        return;
    p.libc = XV_LIBC_GLIBC;
    snprintf(p.token, sizeof p.token, "%s", arch);
    xv_package *pk = &d->pkgs[pkg];
    pk->platform = p;
    pk->platform_source = source;
}

static void add_depend(xv_dist *d, size_t pkg, const char *s, size_t n)
{
    xv_package *pk = &d->pkgs[pkg];
    if (n == 0 || n > 255)
        return;
    /* a package name or an rpm requirement is printable ASCII without blanks */
    for (size_t i = 0; i < n; i++)
        if (!isgraph((unsigned char)s[i]))
            return;
    for (size_t i = 0; i < pk->ndepends; i++)
        if (strlen(pk->depends[i]) == n && memcmp(pk->depends[i], s, n) == 0)
            return;
    char *c = xv_arena_strndup(&d->arena, s, n);
    if (!c)
        return;
    const char **slot = xv_arena_push(&d->arena, (void *)&pk->depends, &pk->ndepends,
                                      sizeof *slot, SP_MAX_DEPENDS);
    if (slot)
        *slot = c;
}

/* Depends: "libc6 (>= 2.34), libfoo1 | libfoo1-alt, libbar2:any" -> every
 * package name (each alternative counts: any one may be the one installed),
 * version constraints and arch qualifiers dropped. */
static void parse_depends(xv_dist *d, size_t pkg, const char *v, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && (isspace((unsigned char)v[i]) || v[i] == ',' || v[i] == '|'))
            i++;
        size_t s = i;
        while (i < n && !isspace((unsigned char)v[i]) && v[i] != ',' && v[i] != '|' &&
               v[i] != '(' && v[i] != ':' && v[i] != '[' && v[i] != '<')
            i++;
        add_depend(d, pkg, v + s, i - s);
        /* skip the rest of this alternative: (>= 1), :any, [arch], <profile> */
        while (i < n && v[i] != ',' && v[i] != '|')
            i++;
    }
}

/* Copies a field value (continuation lines folded into spaces), trimmed. */
static void field_value(const char *v, size_t n, char *out, size_t on)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < on; i++)
        out[o++] = (v[i] == '\n' || v[i] == '\r' || v[i] == '\t') ? ' ' : v[i];
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = 0;
    size_t lead = 0;
    while (out[lead] == ' ')
        lead++;
    memmove(out, out + lead, o - lead + 1);
}

void xv_syspkg_control(xv_dist *d, size_t pkg, const char *text, size_t len)
{
    if (len > SP_MAX_CONTROL)
        len = SP_MAX_CONTROL;
    size_t i = 0;
    while (i < len) {
        /* one field: "Name: value" plus continuation lines starting with a blank */
        size_t ls = i;
        while (i < len && text[i] != '\n')
            i++;
        size_t le = i;
        if (i < len)
            i++;
        if (le == ls)
            break;   /* a blank line ends the (first) paragraph */
        if (text[ls] == ' ' || text[ls] == '\t' || text[ls] == '#')
            continue;
        const char *colon = memchr(text + ls, ':', le - ls);
        if (!colon)
            continue;
        size_t nl = (size_t)(colon - (text + ls));
        size_t vs = (size_t)(colon - text) + 1;
        size_t ve = le;
        while (i < len && (text[i] == ' ' || text[i] == '\t')) {
            while (i < len && text[i] != '\n')
                i++;
            ve = i;
            if (i < len)
                i++;
        }
        const char *name = text + ls;
        char val[SP_MAX_FIELD];
        if (nl == 7 && strncasecmp(name, "Package", 7) == 0) {
            field_value(text + vs, ve - vs, val, sizeof val);
            if (*val)
                d->pkgs[pkg].project = xv_arena_strdup(&d->arena, val);
        } else if (nl == 7 && strncasecmp(name, "Version", 7) == 0) {
            field_value(text + vs, ve - vs, val, sizeof val);
            if (*val)
                d->pkgs[pkg].version = xv_arena_strdup(&d->arena, val);
        } else if (nl == 12 && strncasecmp(name, "Architecture", 12) == 0) {
            field_value(text + vs, ve - vs, val, sizeof val);
            set_platform(d, pkg, val, "control");
        } else if ((nl == 7 && strncasecmp(name, "Depends", 7) == 0) ||
                   (nl == 11 && strncasecmp(name, "Pre-Depends", 11) == 0)) {
            parse_depends(d, pkg, text + vs, ve - vs);
        }
    }
}

void xv_syspkg_control_tar(xv_dist *d, size_t pkg, const void *data, size_t len)
{
    struct archive *a = archive_read_new();
    if (!a)
        return;
    xv_archive_read_filters(a);
    archive_read_support_format_tar(a);
    static const char empty[1];
    int found = 0;
    if (archive_read_open_memory(a, data ? data : empty, data ? len : 0) == ARCHIVE_OK) {
        struct archive_entry *e;
        size_t entries = 0;
        while (!found && ++entries < 4096 && archive_read_next_header(a, &e) >= ARCHIVE_WARN) {
            const char *n = archive_entry_pathname(e);
            if (!n || archive_entry_filetype(e) != AE_IFREG)
                continue;
            if (n[0] == '.' && n[1] == '/')
                n += 2;
            if (strcmp(n, "control") != 0)
                continue;
            char *buf = malloc(SP_MAX_CONTROL);
            size_t got = 0;
            while (buf && got < SP_MAX_CONTROL) {
                la_ssize_t k = archive_read_data(a, buf + got, SP_MAX_CONTROL - got);
                if (k <= 0)
                    break;
                got += (size_t)k;
            }
            if (buf)
                xv_syspkg_control(d, pkg, buf, got);
            free(buf);
            found = 1;
        }
    }
    archive_read_free(a);
    if (!found)
        xv_dist_add_finding(d, XV_WARN, d->pkgs[pkg].path, d->pkgs[pkg].path,
                            "build the package with dpkg-deb, which writes DEBIAN/control",
                            "control.tar has no readable control file; the package's "
                            "name, architecture and Depends are unknown");
}

void xv_syspkg_ldconf(xv_dist *d, size_t pkg, const char *text, size_t len)
{
    xv_package *pk = &d->pkgs[pkg];
    size_t i = 0;
    while (i < len) {
        size_t ls = i;
        while (i < len && text[i] != '\n')
            i++;
        size_t le = i++;
        const char *hash = memchr(text + ls, '#', le - ls);
        if (hash)
            le = (size_t)(hash - text);
        /* ld.so.conf: folders separated by blanks, ':' or ','; "include"
         * lines name other files (the package's own are read anyway) */
        size_t j = ls;
        int first = 1;
        while (j < le) {
            while (j < le && (isspace((unsigned char)text[j]) || text[j] == ':' || text[j] == ','))
                j++;
            size_t ws = j;
            while (j < le && !isspace((unsigned char)text[j]) && text[j] != ':' && text[j] != ',')
                j++;
            size_t wn = j - ws;
            if (wn == 0)
                break;
            if (first && wn == 7 && strncmp(text + ws, "include", 7) == 0)
                break;
            first = 0;
            if (text[ws] != '/' || wn > 1000)
                continue;
            while (wn > 1 && text[ws + wn - 1] == '/')
                wn--;
            int dup = 0;
            for (size_t k = 0; k < pk->nld_dirs && !dup; k++)
                dup = strlen(pk->ld_dirs[k]) == wn && memcmp(pk->ld_dirs[k], text + ws, wn) == 0;
            if (dup)
                continue;
            char *c = xv_arena_strndup(&d->arena, text + ws, wn);
            const char **slot = c ? xv_arena_push(&d->arena, (void *)&pk->ld_dirs, &pk->nld_dirs,
                                                  sizeof *slot, SP_MAX_LDDIRS)
                                  : NULL;
            if (slot)
                *slot = c;
        }
    }
}

/* rpm header tags and types (rpm's lib/rpmtag.h) */
#define RPMTAG_NAME 1000
#define RPMTAG_VERSION 1001
#define RPMTAG_RELEASE 1002
#define RPMTAG_ARCH 1022
#define RPMTAG_REQUIRENAME 1049
#define RPM_STRING_TYPE 6
#define RPM_STRING_ARRAY_TYPE 8

/* Reads one header structure at c's position: magic, index, store. Returns
 * the store as a sub-cursor and the index as another; 0 on success. */
static int rpm_header(xv_cur *c, xv_cur *index, xv_cur *store, uint32_t *nindex)
{
    const uint8_t *m = xv_cur_ptr(c, 8);
    if (!m || m[0] != 0x8e || m[1] != 0xad || m[2] != 0xe8 || m[3] != 0x01)
        return -1;
    uint32_t n = xv_cur_u32be(c);
    uint32_t hs = xv_cur_u32be(c);
    if (!xv_cur_ok(c) || n > SP_MAX_RPM_INDEX || hs > SP_MAX_RPM_STORE)
        return -1;
    *index = xv_cur_sub(c, c->pos, (uint64_t)n * 16);
    *store = xv_cur_sub(c, c->pos + (uint64_t)n * 16, hs);
    if (!xv_cur_ok(c))
        return -1;
    xv_cur_skip(c, (uint64_t)n * 16 + hs);
    *nindex = n;
    return xv_cur_ok(c) ? 0 : -1;
}

/* The string at off in the store, copied into out (truncated). */
static int rpm_str(const xv_cur *store, uint32_t off, char *out, size_t on)
{
    size_t n = 0;
    const char *s = xv_cur_str_at(store, off, &n);
    if (!s)
        return -1;
    snprintf(out, on, "%.*s", (int)(n < on ? n : on - 1), s);
    return 0;
}

void xv_syspkg_rpm_header(xv_dist *d, size_t pkg, const void *data, size_t len)
{
    xv_cur c;
    xv_cur_init(&c, data, len, 1);
    const uint8_t *lead = xv_cur_ptr(&c, 96);
    if (!lead || lead[0] != 0xed || lead[1] != 0xab || lead[2] != 0xee || lead[3] != 0xdb)
        return;
    xv_cur idx, store;
    uint32_t n;
    if (rpm_header(&c, &idx, &store, &n) != 0)
        goto bad;
    /* the signature header's store is padded to a multiple of 8 */
    if (c.pos % 8)
        xv_cur_skip(&c, 8 - c.pos % 8);
    if (!xv_cur_ok(&c) || rpm_header(&c, &idx, &store, &n) != 0)
        goto bad;
    char name[256] = "", ver[256] = "", rel[256] = "", arch[64] = "";
    for (uint32_t i = 0; i < n; i++) {
        uint32_t tag = xv_cur_u32be(&idx), type = xv_cur_u32be(&idx);
        uint32_t off = xv_cur_u32be(&idx), count = xv_cur_u32be(&idx);
        if (!xv_cur_ok(&idx))
            goto bad;
        if (type == RPM_STRING_TYPE) {
            char *dst = tag == RPMTAG_NAME ? name : tag == RPMTAG_VERSION ? ver
                      : tag == RPMTAG_RELEASE ? rel : tag == RPMTAG_ARCH ? arch : NULL;
            size_t dn = tag == RPMTAG_ARCH ? sizeof arch : sizeof name;
            if (dst && rpm_str(&store, off, dst, dn) != 0)
                goto bad;
        } else if (type == RPM_STRING_ARRAY_TYPE && tag == RPMTAG_REQUIRENAME) {
            uint64_t o = off;
            for (uint32_t k = 0; k < count && k < SP_MAX_DEPENDS * 4; k++) {
                size_t sl = 0;
                const char *s = xv_cur_str_at(&store, o, &sl);
                if (!s)
                    goto bad;
                /* rpmlib(...) are features of rpm itself, not packages */
                if (strncmp(s, "rpmlib(", 7) != 0)
                    add_depend(d, pkg, s, sl);
                o += sl + 1;
            }
        }
    }
    if (*name)
        d->pkgs[pkg].project = xv_arena_strdup(&d->arena, name);
    if (*ver)
        d->pkgs[pkg].version = *rel ? xv_arena_printf(&d->arena, "%s-%s", ver, rel)
                                    : xv_arena_strdup(&d->arena, ver);
    if (*arch)
        set_platform(d, pkg, arch, "rpm");
    return;
bad:
    xv_dist_add_finding(d, XV_WARN, d->pkgs[pkg].path, d->pkgs[pkg].path,
                        "rebuild the package with rpmbuild",
                        "the rpm header is malformed; the package's name, architecture and "
                        "Requires are unknown");
}
