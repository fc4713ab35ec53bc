/* The Mach-O reader: thin files (32/64-bit, either byte order) and universal
 * files (fat and fat64, one xv_binary per slice) into the binary model.
 *
 * Everything is read through the bounded cursor of common/cursor.h; every
 * offset, size and count taken from the file is range-checked before use and
 * every loop over a count from the file has a limit. A malformed file is
 * reported with xv_img_fail() (the first message wins) and the facts read up
 * to the fault are kept; oddities that do not stop the reading are warnings.
 *
 * Conventions (documented here because the model is format-independent):
 * - Symbol names are kept exactly as in the file, with the leading underscore
 *   of C names ("_printf", "___stack_chk_fail").
 * - Section names are "SEGNAME,sectname" ("__TEXT,__text") so that names are
 *   unique across segments, as otool and ld64 print them.
 * - Exports come from the export trie (LC_DYLD_EXPORTS_TRIE, else the
 *   export_off of LC_DYLD_INFO[_ONLY]); only when a file has neither do they
 *   come from the external defined nlist symbols (objects, old files).
 *   Imports come from the undefined external nlist symbols, with the library
 *   of the two-level namespace ordinal; "library" is NULL for flat lookups and
 *   for the executable/self ordinals.
 * - Sizes: text = __TEXT,__text; rodata = __TEXT,__const + __cstring (+ Go's
 *   __TEXT,__rodata); data = the other sections of __DATA* segments; bss =
 *   zerofill sections (__bss, __common, ...); debug = __DWARF or S_ATTR_DEBUG.
 * - stripped: no LC_SYMTAB, or a symbol table with no local (non-external)
 *   symbol at all, debug stabs included.
 * - hard.pie: MH_PIE for MH_EXECUTE; YES for dylibs and bundles (dyld always
 *   slides them); UNKNOWN for other file types.
 * - os: from LC_BUILD_VERSION or LC_VERSION_MIN_*; without either, macOS for
 *   x86 and PowerPC CPUs (the only OS that ran them without those commands),
 *   unknown otherwise. */
#include "formats/image.h"

#include <stdio.h>
#include <string.h>

#include "common/cursor.h"

/* Header magics as read in little-endian order. */
#define MH_MAGIC 0xfeedfaceu
#define MH_CIGAM 0xcefaedfeu
#define MH_MAGIC_64 0xfeedfacfu
#define MH_CIGAM_64 0xcffaedfeu
#define FAT_MAGIC 0xcafebabeu    /* big endian in the file */
#define FAT_MAGIC_64 0xcafebabfu

#define CPU_ARCH_ABI64 0x01000000u
#define CPU_ARCH_ABI64_32 0x02000000u
#define CPU_TYPE_X86 7u
#define CPU_TYPE_ARM 12u
#define CPU_TYPE_PPC 18u
#define CPU_SUBTYPE_MASK 0xff000000u

#define MH_OBJECT 1u
#define MH_EXECUTE 2u
#define MH_FVMLIB 3u
#define MH_CORE 4u
#define MH_PRELOAD 5u
#define MH_DYLIB 6u
#define MH_DYLINKER 7u
#define MH_BUNDLE 8u
#define MH_DYLIB_STUB 9u
#define MH_DSYM 10u
#define MH_KEXT_BUNDLE 11u

#define MH_TWOLEVEL 0x80u
#define MH_ALLOW_STACK_EXECUTION 0x20000u
#define MH_PIE 0x200000u
#define MH_NO_HEAP_EXECUTION 0x1000000u

#define LC_REQ_DYLD 0x80000000u
#define LC_SEGMENT 0x1u
#define LC_SYMTAB 0x2u
#define LC_DYSYMTAB 0xbu
#define LC_LOAD_DYLIB 0xcu
#define LC_ID_DYLIB 0xdu
#define LC_LOAD_DYLINKER 0xeu
#define LC_LOAD_WEAK_DYLIB (0x18u | LC_REQ_DYLD)
#define LC_SEGMENT_64 0x19u
#define LC_UUID 0x1bu
#define LC_RPATH (0x1cu | LC_REQ_DYLD)
#define LC_CODE_SIGNATURE 0x1du
#define LC_REEXPORT_DYLIB (0x1fu | LC_REQ_DYLD)
#define LC_LAZY_LOAD_DYLIB 0x20u
#define LC_ENCRYPTION_INFO 0x21u
#define LC_DYLD_INFO 0x22u
#define LC_DYLD_INFO_ONLY (0x22u | LC_REQ_DYLD)
#define LC_LOAD_UPWARD_DYLIB (0x23u | LC_REQ_DYLD)
#define LC_VERSION_MIN_MACOSX 0x24u
#define LC_VERSION_MIN_IPHONEOS 0x25u
#define LC_MAIN (0x28u | LC_REQ_DYLD)
#define LC_ENCRYPTION_INFO_64 0x2cu
#define LC_VERSION_MIN_TVOS 0x2fu
#define LC_VERSION_MIN_WATCHOS 0x30u
#define LC_BUILD_VERSION 0x32u
#define LC_DYLD_EXPORTS_TRIE (0x33u | LC_REQ_DYLD)

#define N_STAB 0xe0u
#define N_PEXT 0x10u
#define N_TYPE 0x0eu
#define N_EXT 0x01u
#define N_UNDF 0x0u
#define N_ABS 0x2u
#define N_SECT 0xeu
#define N_INDR 0xau
#define N_WEAK_REF 0x40u
#define N_WEAK_DEF 0x80u

#define SECTION_TYPE 0xffu
#define S_ZEROFILL 0x1u
#define S_GB_ZEROFILL 0xcu
#define S_THREAD_LOCAL_ZEROFILL 0x12u
#define S_ATTR_PURE_INSTRUCTIONS 0x80000000u
#define S_ATTR_SOME_INSTRUCTIONS 0x400u
#define S_ATTR_DEBUG 0x02000000u

#define EXPORT_KIND_MASK 0x03u
#define EXPORT_KIND_ABSOLUTE 0x02u
#define EXPORT_WEAK_DEFINITION 0x04u
#define EXPORT_REEXPORT 0x08u
#define EXPORT_STUB_AND_RESOLVER 0x10u

/* Limits on counts from the file. */
#define MACHO_MAX_NCMDS 65536u         /* load commands per slice */
#define MACHO_TRIE_MAX_DEPTH 256u      /* nested trie nodes */
#define MACHO_TRIE_MAX_BYTES (64u << 20)
#define MACHO_NAME_MAX 16384u          /* one symbol name (trie or strtab) */

/* Reading state of one slice. */
typedef struct mo {
    xv_image *img;
    xv_binary *b;
    xv_macho_extra *mx;
    xv_cur file;             /* the slice */
    int is64;
    char where[64];          /* message prefix: "" or "slice 1 (aarch64): " */
    uint64_t text_vmaddr;    /* image base, for trie addresses */
    int have_text;
    int have_platform;
    /* symbol tables, seen in load commands, read after them */
    int have_symtab;
    uint32_t symoff, nsyms, stroff, strsize;
    int have_trie;
    uint32_t trie_off, trie_size;
    const char *trie_cmd;
    unsigned ndylibs;        /* dylib load commands, for two-level ordinals */
} mo;

static const char *lc_name(uint32_t cmd)
{
    switch (cmd) {
    case LC_SEGMENT: return "LC_SEGMENT";
    case LC_SYMTAB: return "LC_SYMTAB";
    case LC_DYSYMTAB: return "LC_DYSYMTAB";
    case LC_LOAD_DYLIB: return "LC_LOAD_DYLIB";
    case LC_ID_DYLIB: return "LC_ID_DYLIB";
    case LC_LOAD_DYLINKER: return "LC_LOAD_DYLINKER";
    case LC_LOAD_WEAK_DYLIB: return "LC_LOAD_WEAK_DYLIB";
    case LC_SEGMENT_64: return "LC_SEGMENT_64";
    case LC_UUID: return "LC_UUID";
    case LC_RPATH: return "LC_RPATH";
    case LC_CODE_SIGNATURE: return "LC_CODE_SIGNATURE";
    case LC_REEXPORT_DYLIB: return "LC_REEXPORT_DYLIB";
    case LC_LAZY_LOAD_DYLIB: return "LC_LAZY_LOAD_DYLIB";
    case LC_ENCRYPTION_INFO: return "LC_ENCRYPTION_INFO";
    case LC_DYLD_INFO: return "LC_DYLD_INFO";
    case LC_DYLD_INFO_ONLY: return "LC_DYLD_INFO_ONLY";
    case LC_LOAD_UPWARD_DYLIB: return "LC_LOAD_UPWARD_DYLIB";
    case LC_VERSION_MIN_MACOSX: return "LC_VERSION_MIN_MACOSX";
    case LC_VERSION_MIN_IPHONEOS: return "LC_VERSION_MIN_IPHONEOS";
    case LC_MAIN: return "LC_MAIN";
    case LC_ENCRYPTION_INFO_64: return "LC_ENCRYPTION_INFO_64";
    case LC_VERSION_MIN_TVOS: return "LC_VERSION_MIN_TVOS";
    case LC_VERSION_MIN_WATCHOS: return "LC_VERSION_MIN_WATCHOS";
    case LC_BUILD_VERSION: return "LC_BUILD_VERSION";
    case LC_DYLD_EXPORTS_TRIE: return "LC_DYLD_EXPORTS_TRIE";
    case 0x26: return "LC_FUNCTION_STARTS";
    case 0x29: return "LC_DATA_IN_CODE";
    case 0x2a: return "LC_SOURCE_VERSION";
    case 0x80000034u: return "LC_DYLD_CHAINED_FIXUPS";
    case 0x4: return "LC_THREAD";
    case 0x5: return "LC_UNIXTHREAD";
    }
    return "unknown";
}

/* Maps cputype/cpusubtype to the canonical arch (ELF naming) and variant. */
static void set_arch(xv_binary *b, uint32_t cputype, uint32_t cpusubtype)
{
    uint32_t sub = cpusubtype & ~CPU_SUBTYPE_MASK;
    b->arch_variant = NULL;
    switch (cputype) {
    case CPU_TYPE_X86 | CPU_ARCH_ABI64:
        b->arch = "x86_64";
        if (sub == 8)
            b->arch_variant = "x86_64h";
        break;
    case CPU_TYPE_X86:
        b->arch = "i386";
        break;
    case CPU_TYPE_ARM | CPU_ARCH_ABI64:
        b->arch = "aarch64";
        if (sub == 2)
            b->arch_variant = "arm64e";
        break;
    case CPU_TYPE_ARM | CPU_ARCH_ABI64_32:
        b->arch = "aarch64";
        b->arch_variant = "arm64_32";
        break;
    case CPU_TYPE_ARM: {
        static const char *const armv[] = {
            [5] = "armv4t", [6] = "armv6", [7] = "armv5", [8] = "xscale", [9] = "armv7",
            [10] = "armv7f", [11] = "armv7s", [12] = "armv7k", [13] = "armv8", [14] = "armv6m",
            [15] = "armv7m", [16] = "armv7em", [17] = "armv8m",
        };
        b->arch = "arm";
        if (sub < sizeof armv / sizeof armv[0])
            b->arch_variant = armv[sub];
        break;
    }
    case CPU_TYPE_PPC:
        b->arch = "ppc";
        if (sub == 10)
            b->arch_variant = "ppc7400";
        else if (sub == 11)
            b->arch_variant = "ppc7450";
        else if (sub == 100)
            b->arch_variant = "ppc970";
        break;
    case CPU_TYPE_PPC | CPU_ARCH_ABI64:
        b->arch = "ppc64";
        break;
    default:
        b->arch = "unknown";
        break;
    }
}

static xv_osver osver(uint32_t v)
{
    xv_osver o;
    o.major = (uint16_t)(v >> 16);
    o.minor = (uint8_t)(v >> 8);
    o.patch = (uint8_t)v;
    return o;
}

static void set_platform(mo *m, uint32_t platform)
{
    static const char *const names[] = {
        [1] = "macos", [2] = "ios", [3] = "tvos", [4] = "watchos", [5] = "bridgeos",
        [6] = "maccatalyst", [7] = "ios-simulator", [8] = "tvos-simulator",
        [9] = "watchos-simulator", [10] = "driverkit", [11] = "visionos",
        [12] = "visionos-simulator",
    };
    if (platform < sizeof names / sizeof names[0] && names[platform]) {
        m->mx->platform = names[platform];
    } else {
        m->mx->platform = xv_arena_printf(&m->img->arena, "platform-%u", platform);
        xv_img_warn(m->img, m->b, "%sunknown LC_BUILD_VERSION platform %u", m->where, platform);
    }
    /* Mac Catalyst and DriverKit code runs on macOS; the rest is the iOS family. */
    m->b->os = (platform == 1 || platform == 6 || platform == 10) ? XV_OS_MACOS
             : platform == 0 ? XV_OS_UNKNOWN : XV_OS_IOS;
    m->have_platform = 1;
}

/* A string at `off` inside a window, no longer than MACHO_NAME_MAX: bounds the
 * search so that many names pointing at one unterminated run stay linear. */
static const char *str_capped(const xv_cur *c, uint64_t off, size_t *lenp)
{
    if (off >= c->len)
        return NULL;
    size_t avail = c->len - (size_t)off;
    if (avail > MACHO_NAME_MAX + 1)
        avail = MACHO_NAME_MAX + 1;
    const char *s = (const char *)c->base + off;
    const char *nul = memchr(s, '\0', avail);
    if (!nul)
        return NULL;
    if (lenp)
        *lenp = (size_t)(nul - s);
    return s;
}

/* An lc_str inside a load command: offset from the command start, NUL inside
 * the command. */
static const char *lc_string(mo *m, xv_cur *lc, uint32_t off, unsigned idx, uint32_t cmd)
{
    if (off < 8 || off >= lc->len) {
        xv_img_fail(m->img, "%sload command %u (%s): string offset %u outside the %zu-byte command",
                    m->where, idx, lc_name(cmd), off, lc->len);
        return NULL;
    }
    const char *s = xv_cur_str_at(lc, off, NULL);
    if (!s)
        xv_img_fail(m->img, "%sload command %u (%s): string at offset %u is not NUL-terminated inside the command",
                    m->where, idx, lc_name(cmd), off);
    return s;
}

static void add_section(mo *m, const char *seg, const char *sect, uint64_t addr, uint64_t size,
                        uint32_t offset, uint32_t flags, unsigned idx)
{
    xv_binary *b = m->b;
    uint32_t type = flags & SECTION_TYPE;
    int zerofill = type == S_ZEROFILL || type == S_GB_ZEROFILL || type == S_THREAD_LOCAL_ZEROFILL;
    int debug = (flags & S_ATTR_DEBUG) || strcmp(seg, "__DWARF") == 0;
    uint32_t xf = XV_SEC_ALLOC;
    (void)addr;
    if (flags & (S_ATTR_PURE_INSTRUCTIONS | S_ATTR_SOME_INSTRUCTIONS))
        xf |= XV_SEC_EXEC;
    if (strncmp(seg, "__DATA", 6) == 0)
        xf |= XV_SEC_WRITE;
    if (zerofill)
        xf |= XV_SEC_NOBITS;
    if (debug) {
        xf |= XV_SEC_DEBUG;
        xf &= ~XV_SEC_ALLOC;
    }
    char name[40];
    snprintf(name, sizeof name, "%s,%s", seg, sect);
    xv_bin_add_section(m->img, b, name, size, zerofill ? 0 : offset, xf);

    if (!zerofill && offset != 0 && size != 0 && !xv_range_ok(m->file.len, offset, size))
        xv_img_fail(m->img, "%sload command %u: section %s,%s [0x%x, +0x%llx) runs past the end of the file (%zu bytes)",
                    m->where, idx, seg, sect, offset, (unsigned long long)size, m->file.len);

    if (debug) {
        b->has_debug = 1;
        b->size_debug += size;
    } else if (strcmp(seg, "__TEXT") == 0 && strcmp(sect, "__text") == 0) {
        b->size_text += size;
    } else if (strcmp(seg, "__TEXT") == 0 && (strcmp(sect, "__const") == 0 || strcmp(sect, "__cstring") == 0 ||
                                              strcmp(sect, "__rodata") == 0)) {
        /* __rodata: where Go puts its read-only data */
        b->size_rodata += size;
    } else if (zerofill || strcmp(sect, "__bss") == 0 || strcmp(sect, "__common") == 0) {
        b->size_bss += size;
    } else if (strncmp(seg, "__DATA", 6) == 0) {
        b->size_data += size;
    }
}

static void read_segment(mo *m, xv_cur *lc, unsigned idx, uint32_t cmd)
{
    int s64 = cmd == LC_SEGMENT_64;
    char segname[17];
    xv_cur_seek(lc, 8);
    xv_cur_fixstr(lc, segname, 16);
    uint64_t vmaddr, vmsize, fileoff, filesize;
    if (s64) {
        vmaddr = xv_cur_u64(lc);
        vmsize = xv_cur_u64(lc);
        fileoff = xv_cur_u64(lc);
        filesize = xv_cur_u64(lc);
    } else {
        vmaddr = xv_cur_u32(lc);
        vmsize = xv_cur_u32(lc);
        fileoff = xv_cur_u32(lc);
        filesize = xv_cur_u32(lc);
    }
    xv_cur_u32(lc); /* maxprot */
    uint32_t initprot = xv_cur_u32(lc);
    uint32_t nsects = xv_cur_u32(lc);
    xv_cur_u32(lc); /* flags */
    if (!xv_cur_ok(lc)) {
        xv_img_fail(m->img, "%sload command %u (%s): cmdsize %zu is too small for the segment header",
                    m->where, idx, lc_name(cmd), lc->len);
        return;
    }
    xv_segment *sg = xv_bin_add_segment(m->img, m->b, segname);
    if (sg) {
        sg->vaddr = vmaddr;
        sg->vsize = vmsize;
        sg->offset = fileoff;
        sg->filesize = filesize;
        sg->flags = ((initprot & 1u) ? XV_SEG_R : 0) | ((initprot & 2u) ? XV_SEG_W : 0) |
                    ((initprot & 4u) ? XV_SEG_X : 0);
    }
    if (strcmp(segname, "__TEXT") == 0 && !m->have_text) {
        m->text_vmaddr = vmaddr;
        m->have_text = 1;
    }
    if (filesize && !xv_range_ok(m->file.len, fileoff, filesize))
        xv_img_fail(m->img, "%sload command %u (%s): segment %s [0x%llx, +0x%llx) runs past the end of the file (%zu bytes)",
                    m->where, idx, lc_name(cmd), segname, (unsigned long long)fileoff,
                    (unsigned long long)filesize, m->file.len);
    size_t sectsize = s64 ? 80 : 68;
    if (nsects > xv_cur_left(lc) / sectsize) {
        xv_img_fail(m->img, "%sload command %u (%s): %u sections do not fit in cmdsize %zu",
                    m->where, idx, lc_name(cmd), nsects, lc->len);
        return;
    }
    for (uint32_t i = 0; i < nsects; i++) {
        char sect[17], seg[17];
        xv_cur_fixstr(lc, sect, 16);
        xv_cur_fixstr(lc, seg, 16);
        uint64_t addr = s64 ? xv_cur_u64(lc) : xv_cur_u32(lc);
        uint64_t size = s64 ? xv_cur_u64(lc) : xv_cur_u32(lc);
        uint32_t offset = xv_cur_u32(lc);
        xv_cur_skip(lc, 12); /* align, reloff, nreloc */
        uint32_t flags = xv_cur_u32(lc);
        xv_cur_skip(lc, s64 ? 12 : 8);
        if (!xv_cur_ok(lc))
            return; /* cannot happen: nsects was checked against the size */
        add_section(m, seg, sect, addr, size, offset, flags, idx);
    }
}

/* After a load command's fixed fields are read: when they ran past the
 * command's end, fails the image and returns 1. */
static int lc_truncated(mo *m, const xv_cur *lc, unsigned idx, uint32_t cmd, unsigned need)
{
    if (xv_cur_ok(lc))
        return 0;
    xv_img_fail(m->img, "%sload command %u (%s): cmdsize %zu is under %u", m->where, idx,
                lc_name(cmd), lc->len, need);
    return 1;
}

static void read_dylib(mo *m, xv_cur *lc, unsigned idx, uint32_t cmd)
{
    xv_cur_seek(lc, 8);
    uint32_t off = xv_cur_u32(lc);
    xv_cur_u32(lc); /* timestamp */
    uint32_t cur = xv_cur_u32(lc);
    uint32_t compat = xv_cur_u32(lc);
    if (lc_truncated(m, lc, idx, cmd, 24))
        return;
    const char *name = lc_string(m, lc, off, idx, cmd);
    if (!name)
        return;
    if (cmd == LC_ID_DYLIB) {
        if (m->b->soname)
            xv_img_warn(m->img, m->b, "%smore than one LC_ID_DYLIB; the first is kept", m->where);
        else {
            m->b->soname = xv_img_strdup(m->img, name);
            m->mx->id_current_version = cur;
            m->mx->id_compat_version = compat;
        }
        return;
    }
    unsigned flags = cmd == LC_LOAD_WEAK_DYLIB ? XV_DEP_WEAK
                   : cmd == LC_REEXPORT_DYLIB ? XV_DEP_REEXPORT
                   : cmd == LC_LAZY_LOAD_DYLIB ? XV_DEP_LAZY
                   : cmd == LC_LOAD_UPWARD_DYLIB ? XV_DEP_UPWARD : 0;
    xv_dep *d = xv_bin_add_dep(m->img, m->b, name, flags);
    if (d) {
        d->current_version = cur;
        d->compat_version = compat;
    }
    m->ndylibs++;
    if (strncmp(name, "/usr/lib/libSystem.", 19) == 0)
        m->b->libc = XV_LIBC_SYSTEM;
}

static void read_command(mo *m, xv_cur *lc, unsigned idx, uint32_t cmd)
{
    xv_binary *b = m->b;
    switch (cmd) {
    case LC_SEGMENT:
    case LC_SEGMENT_64:
        read_segment(m, lc, idx, cmd);
        return;
    case LC_LOAD_DYLIB:
    case LC_LOAD_WEAK_DYLIB:
    case LC_REEXPORT_DYLIB:
    case LC_LAZY_LOAD_DYLIB:
    case LC_LOAD_UPWARD_DYLIB:
    case LC_ID_DYLIB:
        read_dylib(m, lc, idx, cmd);
        return;
    case LC_RPATH:
    case LC_LOAD_DYLINKER: {
        xv_cur_seek(lc, 8);
        uint32_t off = xv_cur_u32(lc);
        if (lc_truncated(m, lc, idx, cmd, 12))
            return;
        const char *s = lc_string(m, lc, off, idx, cmd);
        if (!s)
            return;
        if (cmd == LC_RPATH)
            xv_bin_add_rpath(m->img, b, s);
        else if (!b->interpreter)
            b->interpreter = xv_img_strdup(m->img, s);
        return;
    }
    case LC_UUID: {
        xv_cur_seek(lc, 8);
        const uint8_t *u = xv_cur_ptr(lc, 16);
        if (!u) {
            xv_img_fail(m->img, "%sload command %u (LC_UUID): cmdsize %zu is under 24", m->where, idx, lc->len);
            return;
        }
        b->build_id = xv_img_hex(m->img, u, 16);
        return;
    }
    case LC_CODE_SIGNATURE: {
        xv_cur_seek(lc, 8);
        uint32_t off = xv_cur_u32(lc), size = xv_cur_u32(lc);
        if (lc_truncated(m, lc, idx, LC_CODE_SIGNATURE, 16))
            return;
        b->hard.code_signed = XV_YES;
        if (!xv_range_ok(m->file.len, off, size))
            xv_img_fail(m->img, "%sload command %u (LC_CODE_SIGNATURE): signature [0x%x, +0x%x) runs past the end of the file (%zu bytes)",
                        m->where, idx, off, size, m->file.len);
        return;
    }
    case LC_ENCRYPTION_INFO:
    case LC_ENCRYPTION_INFO_64: {
        xv_cur_seek(lc, 8);
        xv_cur_u32(lc);
        xv_cur_u32(lc);
        uint32_t cryptid = xv_cur_u32(lc);
        if (lc_truncated(m, lc, idx, cmd, 20))
            return;
        if (cryptid)
            m->mx->encrypted = 1;
        return;
    }
    case LC_MAIN: {
        xv_cur_seek(lc, 8);
        uint64_t entryoff = xv_cur_u64(lc);
        if (lc_truncated(m, lc, idx, LC_MAIN, 24))
            return;
        m->mx->has_main = 1;
        m->mx->entryoff = entryoff;
        return;
    }
    case LC_BUILD_VERSION: {
        xv_cur_seek(lc, 8);
        uint32_t platform = xv_cur_u32(lc), minos = xv_cur_u32(lc), sdk = xv_cur_u32(lc);
        if (lc_truncated(m, lc, idx, LC_BUILD_VERSION, 24))
            return;
        if (m->have_platform) {
            xv_img_warn(m->img, b, "%smore than one platform load command; the first is kept", m->where);
            return;
        }
        set_platform(m, platform);
        b->min_os = osver(minos);
        m->mx->sdk = osver(sdk);
        return;
    }
    case LC_VERSION_MIN_MACOSX:
    case LC_VERSION_MIN_IPHONEOS:
    case LC_VERSION_MIN_TVOS:
    case LC_VERSION_MIN_WATCHOS: {
        xv_cur_seek(lc, 8);
        uint32_t version = xv_cur_u32(lc), sdk = xv_cur_u32(lc);
        if (lc_truncated(m, lc, idx, cmd, 16))
            return;
        if (m->have_platform) {
            xv_img_warn(m->img, b, "%smore than one platform load command; the first is kept", m->where);
            return;
        }
        set_platform(m, cmd == LC_VERSION_MIN_MACOSX ? 1 : cmd == LC_VERSION_MIN_IPHONEOS ? 2
                      : cmd == LC_VERSION_MIN_TVOS ? 3 : 4);
        b->min_os = osver(version);
        m->mx->sdk = osver(sdk);
        return;
    }
    case LC_SYMTAB: {
        xv_cur_seek(lc, 8);
        uint32_t symoff = xv_cur_u32(lc), nsyms = xv_cur_u32(lc);
        uint32_t stroff = xv_cur_u32(lc), strsize = xv_cur_u32(lc);
        if (lc_truncated(m, lc, idx, LC_SYMTAB, 24))
            return;
        if (m->have_symtab) {
            xv_img_warn(m->img, b, "%smore than one LC_SYMTAB; the first is kept", m->where);
            return;
        }
        m->have_symtab = 1;
        m->symoff = symoff;
        m->nsyms = nsyms;
        m->stroff = stroff;
        m->strsize = strsize;
        return;
    }
    case LC_DYLD_INFO:
    case LC_DYLD_INFO_ONLY:
    case LC_DYLD_EXPORTS_TRIE: {
        uint32_t off, size;
        if (cmd == LC_DYLD_EXPORTS_TRIE) {
            xv_cur_seek(lc, 8);
        } else {
            xv_cur_seek(lc, 8 + 8 * 4); /* rebase, bind, weak bind, lazy bind */
        }
        off = xv_cur_u32(lc);
        size = xv_cur_u32(lc);
        if (lc_truncated(m, lc, idx, cmd, cmd == LC_DYLD_EXPORTS_TRIE ? 16 : 48))
            return;
        if (size == 0)
            return;
        /* LC_DYLD_EXPORTS_TRIE wins over LC_DYLD_INFO (dyld's order). */
        if (m->have_trie && cmd != LC_DYLD_EXPORTS_TRIE)
            return;
        m->have_trie = 1;
        m->trie_off = off;
        m->trie_size = size;
        m->trie_cmd = lc_name(cmd);
        return;
    }
    default:
        return;
    }
}

/* Kind of an export address: in an executable segment → function. */
static unsigned addr_kind(const mo *m, uint64_t addr)
{
    uint64_t va = m->text_vmaddr + addr;
    for (size_t i = 0; i < m->b->nsegments; i++) {
        const xv_segment *s = &m->b->segments[i];
        if (va >= s->vaddr && va - s->vaddr < s->vsize)
            return (s->flags & XV_SEG_X) ? XV_SYM_FUNC : XV_SYM_DATA;
    }
    return 0;
}

typedef struct trie_frame {
    uint32_t node;       /* offset of the node in the trie */
    uint32_t plen;       /* length of the parent's name */
    uint32_t label;      /* offset of the edge label leading here */
    uint32_t llen;       /* its length */
    uint32_t depth;
} trie_frame;

/* Walks the export trie depth-first with an explicit stack and one name
 * buffer: a frame writes its edge label at name[plen], which never clobbers
 * the prefix of a frame still on the stack (those prefixes are shorter or
 * equal and were written before). A node reached twice means a loop or a
 * shared subtree (never valid): an error. Child counts are checked against the
 * bytes left; depth and name length are capped. */
static void read_trie(mo *m)
{
    xv_image *img = m->img;
    const char *what = m->trie_cmd;
    if (m->trie_size > MACHO_TRIE_MAX_BYTES) {
        xv_img_fail(img, "%s%s: export trie of %u bytes is over the %u-byte limit", m->where, what,
                    m->trie_size, MACHO_TRIE_MAX_BYTES);
        return;
    }
    if (!xv_range_ok(m->file.len, m->trie_off, m->trie_size)) {
        xv_img_fail(img, "%s%s: export trie [0x%x, +0x%x) runs past the end of the file (%zu bytes)",
                    m->where, what, m->trie_off, m->trie_size, m->file.len);
        return;
    }
    xv_cur t = xv_cur_sub(&m->file, m->trie_off, m->trie_size);
    /* Each expanded node pushes at most 255 children and depth is capped, so
     * the stack never holds more than depth * 255 + 1 frames; and every frame
     * but the root is an edge of at least 2 bytes of the trie. */
    size_t maxframes = (size_t)MACHO_TRIE_MAX_DEPTH * 255u + 1;
    if (maxframes > m->trie_size / 2 + 1)
        maxframes = m->trie_size / 2 + 1;
    uint8_t *visited = xv_img_alloc(img, (m->trie_size + 7) / 8);
    char *name = xv_img_alloc(img, MACHO_NAME_MAX + 1);
    trie_frame *stack = xv_img_alloc(img, sizeof *stack * maxframes);
    if (!visited || !name || !stack) {
        xv_img_fail(img, "%s%s: out of memory reading the export trie", m->where, what);
        return;
    }
    size_t sp = 0;
    stack[sp++] = (trie_frame){0, 0, 0, 0, 0};
    while (sp > 0) {
        trie_frame f = stack[--sp];
        if (visited[f.node / 8] & (1u << (f.node % 8))) {
            xv_img_fail(img, "%s%s: export trie node at 0x%x is reached twice (the trie loops back on itself)",
                        m->where, what, f.node);
            return;
        }
        visited[f.node / 8] |= (uint8_t)(1u << (f.node % 8));
        memcpy(name + f.plen, t.base + f.label, f.llen);
        uint32_t nlen = f.plen + f.llen;
        name[nlen] = '\0';

        xv_cur_seek(&t, f.node);
        uint64_t tsize = xv_cur_uleb(&t);
        if (!xv_cur_ok(&t) || tsize > xv_cur_left(&t)) {
            xv_img_fail(img, "%s%s: export trie node at 0x%x: terminal size runs past the trie",
                        m->where, what, f.node);
            return;
        }
        size_t after_terminal = t.pos + (size_t)tsize;
        if (tsize > 0 && !img->opts.no_symbols) {
            uint64_t flags = xv_cur_uleb(&t);
            unsigned sflags = 0;
            const char *reexp = NULL;
            uint64_t addr = 0;
            if (flags & EXPORT_REEXPORT) {
                xv_cur_uleb(&t); /* library ordinal */
                reexp = xv_cur_cstr(&t, NULL);
                sflags |= XV_SYM_REEXPORT;
            } else {
                addr = xv_cur_uleb(&t);
                if (flags & EXPORT_STUB_AND_RESOLVER)
                    xv_cur_uleb(&t);
            }
            if (!xv_cur_ok(&t) || t.pos > after_terminal) {
                xv_img_fail(img, "%s%s: export trie node at 0x%x: terminal info is malformed",
                            m->where, what, f.node);
                return;
            }
            if (flags & EXPORT_WEAK_DEFINITION)
                sflags |= XV_SYM_WEAK;
            if (!(flags & EXPORT_REEXPORT) && (flags & EXPORT_KIND_MASK) != EXPORT_KIND_ABSOLUTE)
                sflags |= addr_kind(m, addr);
            xv_sym *s = xv_bin_add_export(img, m->b, name);
            if (s) {
                s->flags = sflags;
                /* A re-export under another name: "forward" holds that name. */
                if (reexp && *reexp)
                    s->forward = xv_img_strdup(img, reexp);
            }
        }
        xv_cur_seek(&t, after_terminal);
        uint8_t nchild = xv_cur_u8(&t);
        if (!xv_cur_ok(&t)) {
            xv_img_fail(img, "%s%s: export trie node at 0x%x: child count runs past the trie",
                        m->where, what, f.node);
            return;
        }
        if (nchild > xv_cur_left(&t) / 2) {
            xv_img_fail(img, "%s%s: export trie node at 0x%x: %u children cannot fit in the %zu bytes left",
                        m->where, what, f.node, nchild, xv_cur_left(&t));
            return;
        }
        if (nchild && f.depth + 1 > MACHO_TRIE_MAX_DEPTH) {
            xv_img_fail(img, "%s%s: export trie deeper than %u nodes", m->where, what, MACHO_TRIE_MAX_DEPTH);
            return;
        }
        for (unsigned i = 0; i < nchild; i++) {
            size_t llen;
            const char *label = str_capped(&t, t.pos, &llen);
            if (!label) {
                xv_img_fail(img, "%s%s: export trie node at 0x%x: edge label is not NUL-terminated inside the trie",
                            m->where, what, f.node);
                return;
            }
            uint32_t label_off = (uint32_t)t.pos;
            xv_cur_skip(&t, llen + 1);
            uint64_t child = xv_cur_uleb(&t);
            if (!xv_cur_ok(&t) || child >= m->trie_size) {
                xv_img_fail(img, "%s%s: export trie node at 0x%x: child offset 0x%llx is outside the trie (%u bytes)",
                            m->where, what, f.node, (unsigned long long)child, m->trie_size);
                return;
            }
            if ((size_t)nlen + llen > MACHO_NAME_MAX) {
                xv_img_fail(img, "%s%s: export trie name longer than %u bytes", m->where, what, MACHO_NAME_MAX);
                return;
            }
            if (sp >= maxframes) {
                /* only possible when nodes overlap, which a real trie never does */
                xv_img_fail(img, "%s%s: export trie has more pending edges than its %u bytes can hold (overlapping nodes)",
                            m->where, what, m->trie_size);
                return;
            }
            stack[sp++] = (trie_frame){(uint32_t)child, nlen, label_off, (uint32_t)llen, f.depth + 1};
        }
    }
}

/* The nlist table: imports (undefined externals) always, exports when there is
 * no trie, and the stripped fact. */
static void read_symtab(mo *m, int exports_from_nlist)
{
    xv_image *img = m->img;
    xv_binary *b = m->b;
    size_t entsize = m->is64 ? 16 : 12;
    if (!xv_range_ok(m->file.len, m->stroff, m->strsize)) {
        xv_img_fail(img, "%sLC_SYMTAB: string table [0x%x, +0x%x) runs past the end of the file (%zu bytes)",
                    m->where, m->stroff, m->strsize, m->file.len);
        return;
    }
    if (m->symoff > m->file.len || m->nsyms > (m->file.len - m->symoff) / entsize) {
        xv_img_fail(img, "%sLC_SYMTAB: %u symbols of %zu bytes at 0x%x run past the end of the file (%zu bytes)",
                    m->where, m->nsyms, entsize, m->symoff, m->file.len);
        return;
    }
    xv_cur syms = xv_cur_sub(&m->file, m->symoff, (uint64_t)m->nsyms * entsize);
    xv_cur strs = xv_cur_sub(&m->file, m->stroff, m->strsize);
    int twolevel = (m->mx->flags & MH_TWOLEVEL) != 0;
    size_t bad_names = 0, bad_ordinals = 0, locals = 0;
    for (uint32_t i = 0; i < m->nsyms; i++) {
        uint32_t strx = xv_cur_u32(&syms);
        uint8_t type = xv_cur_u8(&syms);
        xv_cur_u8(&syms); /* n_sect */
        uint16_t desc = xv_cur_u16(&syms);
        uint64_t value = m->is64 ? xv_cur_u64(&syms) : xv_cur_u32(&syms);
        if (!xv_cur_ok(&syms))
            break; /* cannot happen: the count was checked */
        if ((type & N_STAB) || !(type & N_EXT)) {
            locals++;
            continue;
        }
        if (img->opts.no_symbols)
            continue;
        uint8_t t = type & N_TYPE;
        int undefined = t == N_UNDF && !(m->mx->filetype == MH_OBJECT && value != 0); /* common */
        int defined = (t == N_SECT || t == N_ABS || t == N_INDR ||
                       (t == N_UNDF && value != 0 && m->mx->filetype == MH_OBJECT)) && !(type & N_PEXT);
        if (!undefined && !(defined && exports_from_nlist))
            continue;
        size_t nlen;
        const char *nm = str_capped(&strs, strx, &nlen);
        if (!nm || nlen == 0) {
            bad_names++;
            continue;
        }
        if (undefined) {
            xv_sym *s = xv_bin_add_import(img, b, nm);
            if (!s)
                break;
            if (desc & N_WEAK_REF)
                s->flags |= XV_SYM_WEAK;
            unsigned ord = (desc >> 8) & 0xffu;
            if (twolevel && ord >= 1 && ord <= 0xfd) {
                if (ord <= b->ndeps)
                    s->library = b->deps[ord - 1].name;
                else
                    bad_ordinals++;
            }
        } else {
            xv_sym *s = xv_bin_add_export(img, b, nm);
            if (!s)
                break;
            if (desc & N_WEAK_DEF)
                s->flags |= XV_SYM_WEAK;
        }
    }
    b->stripped = locals == 0;
    if (bad_names)
        xv_img_warn(img, b, "%sLC_SYMTAB: %zu external symbols have a name outside the string table", m->where, bad_names);
    if (bad_ordinals)
        xv_img_warn(img, b, "%sLC_SYMTAB: %zu imports name a library ordinal past the %zu dylibs loaded",
                    m->where, bad_ordinals, b->ndeps);
}

/* Reads one thin Mach-O image from data[0..size) as binary b. */
static void read_thin(mo *m, const uint8_t *data, size_t size)
{
    xv_image *img = m->img;
    xv_binary *b = m->b;
    xv_cur_init(&m->file, data, size, 0);
    if (size < 4) {
        xv_img_fail(img, "%sfile of %zu bytes is too short for a Mach-O header", m->where, size);
        return;
    }
    uint32_t magic = xv_le32(data);
    int be;
    switch (magic) {
    case MH_MAGIC: m->is64 = 0; be = 0; break;
    case MH_MAGIC_64: m->is64 = 1; be = 0; break;
    case MH_CIGAM: m->is64 = 0; be = 1; break;
    case MH_CIGAM_64: m->is64 = 1; be = 1; break;
    default:
        if (xv_be32(data) == FAT_MAGIC || xv_be32(data) == FAT_MAGIC_64)
            xv_img_fail(img, "%sa fat header inside a fat slice", m->where);
        else
            xv_img_fail(img, "%sbad Mach-O magic 0x%08x", m->where, xv_be32(data));
        return;
    }
    m->file.big_endian = be;
    b->bits = m->is64 ? 64 : 32;
    b->big_endian = be;
    xv_cur *c = &m->file;
    xv_cur_seek(c, 4);
    uint32_t cputype = xv_cur_u32(c), cpusubtype = xv_cur_u32(c), filetype = xv_cur_u32(c);
    uint32_t ncmds = xv_cur_u32(c), sizeofcmds = xv_cur_u32(c), flags = xv_cur_u32(c);
    if (m->is64)
        xv_cur_u32(c);
    if (!xv_cur_ok(c)) {
        xv_img_fail(img, "%struncated Mach-O header (%zu bytes)", m->where, size);
        return;
    }
    size_t hdrsize = c->pos;
    m->mx->cputype = cputype;
    m->mx->cpusubtype = cpusubtype;
    m->mx->filetype = filetype;
    m->mx->flags = flags;
    set_arch(b, cputype, cpusubtype);
    if ((cputype & CPU_ARCH_ABI64) && !m->is64)
        xv_img_warn(img, b, "%s64-bit CPU type in a 32-bit Mach-O header", m->where);
    switch (filetype) {
    case MH_OBJECT: b->kind = XV_KIND_OBJECT; break;
    case MH_EXECUTE: b->kind = (flags & MH_PIE) ? XV_KIND_PIE : XV_KIND_EXE; break;
    case MH_PRELOAD: b->kind = XV_KIND_EXE; break;
    case MH_FVMLIB:
    case MH_DYLIB:
    case MH_DYLIB_STUB: b->kind = XV_KIND_SHARED; break;
    case MH_CORE: b->kind = XV_KIND_CORE; break;
    case MH_DYLINKER: b->kind = XV_KIND_DYLINKER; break;
    case MH_BUNDLE:
    case MH_KEXT_BUNDLE: b->kind = XV_KIND_BUNDLE; break;
    case MH_DSYM: b->kind = XV_KIND_UNKNOWN; break;
    default:
        b->kind = XV_KIND_UNKNOWN;
        xv_img_warn(img, b, "%sunknown Mach-O filetype %u", m->where, filetype);
        break;
    }
    b->hard.nx = (flags & MH_ALLOW_STACK_EXECUTION) ? XV_NO : XV_YES;
    b->hard.no_heap_exec = (flags & MH_NO_HEAP_EXECUTION) ? XV_YES : XV_NO;
    b->hard.code_signed = XV_NO;
    if (filetype == MH_EXECUTE)
        b->hard.pie = (flags & MH_PIE) ? XV_YES : XV_NO;
    else if (filetype == MH_DYLIB || filetype == MH_BUNDLE)
        b->hard.pie = XV_YES;

    if (sizeofcmds > size - hdrsize) {
        xv_img_fail(img, "%ssizeofcmds %u runs past the end of the file (%zu bytes after the header)",
                    m->where, sizeofcmds, size - hdrsize);
        return;
    }
    if (ncmds > sizeofcmds / 8 || ncmds > MACHO_MAX_NCMDS) {
        xv_img_fail(img, "%s%u load commands cannot fit in sizeofcmds %u", m->where, ncmds, sizeofcmds);
        return;
    }
    xv_cur cmds = xv_cur_sub(c, hdrsize, sizeofcmds);
    for (uint32_t i = 0; i < ncmds; i++) {
        size_t at = cmds.pos;
        uint32_t cmd = xv_cur_u32(&cmds);
        uint32_t cmdsize = xv_cur_u32(&cmds);
        if (!xv_cur_ok(&cmds)) {
            xv_img_fail(img, "%sload command %u: header runs past sizeofcmds %u", m->where, i, sizeofcmds);
            return;
        }
        if (cmdsize < 8) {
            xv_img_fail(img, "%sload command %u (%s): cmdsize %u is under 8", m->where, i, lc_name(cmd), cmdsize);
            return;
        }
        if (cmdsize > sizeofcmds - at) {
            xv_img_fail(img, "%sload command %u (%s): cmdsize %u runs past sizeofcmds (%zu bytes left)",
                        m->where, i, lc_name(cmd), cmdsize, (size_t)sizeofcmds - at);
            return;
        }
        if (cmdsize % (m->is64 ? 8 : 4) != 0)
            xv_img_warn(img, b, "%sload command %u (%s): cmdsize %u is not a multiple of %d",
                        m->where, i, lc_name(cmd), cmdsize, m->is64 ? 8 : 4);
        xv_cur lc = xv_cur_sub(&cmds, at, cmdsize);
        read_command(m, &lc, i, cmd);
        xv_cur_seek(&cmds, at + cmdsize);
    }
    if (cmds.pos != sizeofcmds)
        xv_img_warn(img, b, "%s%zu bytes of sizeofcmds follow the last load command", m->where,
                    (size_t)sizeofcmds - cmds.pos);

    if (!m->have_platform && (cputype == CPU_TYPE_X86 || cputype == (CPU_TYPE_X86 | CPU_ARCH_ABI64) ||
                              cputype == CPU_TYPE_PPC || cputype == (CPU_TYPE_PPC | CPU_ARCH_ABI64)))
        b->os = XV_OS_MACOS;
    if (b->libc == XV_LIBC_UNKNOWN && b->ndeps == 0 && filetype != MH_OBJECT)
        b->libc = XV_LIBC_NONE;

    if (m->have_trie)
        read_trie(m);
    if (m->have_symtab)
        read_symtab(m, !m->have_trie);
    else
        b->stripped = 1;
    xv_bin_scan_imports_hardening(b);
}

static void init_slice(mo *m, xv_image *img, xv_binary *b, xv_macho_extra *mx)
{
    memset(m, 0, sizeof *m);
    m->img = img;
    m->b = b;
    m->mx = mx;
    b->format = XV_FMT_MACHO;
    b->macho = mx;
}

static const char *cpu_label(uint32_t cputype, uint32_t cpusubtype)
{
    xv_binary tmp;
    memset(&tmp, 0, sizeof tmp);
    set_arch(&tmp, cputype, cpusubtype);
    return tmp.arch_variant ? tmp.arch_variant : tmp.arch;
}

static xv_status read_fat(xv_image *img, const uint8_t *data, size_t size)
{
    xv_cur c;
    xv_cur_init(&c, data, size, 1);
    uint32_t magic = xv_cur_u32(&c);
    uint32_t n = xv_cur_u32(&c);
    int f64 = magic == FAT_MAGIC_64;
    size_t entsize = f64 ? 32 : 20;
    if (!xv_cur_ok(&c))
        return xv_img_fail(img, "truncated fat header");
    if (n == 0)
        return xv_img_fail(img, "fat header lists no slices");
    if (n > XV_MAX_BINARIES)
        return xv_img_fail(img, "fat header lists %u slices (limit %d)", n, XV_MAX_BINARIES);
    if (n > (size - 8) / entsize)
        return xv_img_fail(img, "fat header lists %u slices but the arch table runs past the end of the file (%zu bytes)",
                           n, size);
    uint64_t table_end = 8 + (uint64_t)n * entsize;
    uint64_t offs[XV_MAX_BINARIES], sizes[XV_MAX_BINARIES];
    xv_status st = XV_OK;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t cputype = xv_cur_u32(&c), cpusubtype = xv_cur_u32(&c);
        uint64_t off = f64 ? xv_cur_u64(&c) : xv_cur_u32(&c);
        uint64_t sz = f64 ? xv_cur_u64(&c) : xv_cur_u32(&c);
        uint32_t align = xv_cur_u32(&c);
        if (f64)
            xv_cur_u32(&c);
        if (!xv_cur_ok(&c))
            return xv_img_fail(img, "truncated fat arch table");
        offs[i] = off;
        sizes[i] = sz;
        const char *label = cpu_label(cputype, cpusubtype);
        if (!xv_range_ok(size, off, sz)) {
            st = xv_img_fail(img, "fat slice %u (%s): [0x%llx, +0x%llx) is outside the file (%zu bytes)",
                             i, label, (unsigned long long)off, (unsigned long long)sz, size);
            continue;
        }
        if (off < table_end) {
            st = xv_img_fail(img, "fat slice %u (%s): offset 0x%llx overlaps the fat header (ends at 0x%llx)",
                             i, label, (unsigned long long)off, (unsigned long long)table_end);
            continue;
        }
        int overlap = 0;
        for (uint32_t j = 0; j < i; j++) {
            if (off < offs[j] + sizes[j] && offs[j] < off + sz && xv_range_ok(size, offs[j], sizes[j])) {
                st = xv_img_fail(img, "fat slice %u (%s): [0x%llx, +0x%llx) overlaps slice %u",
                                 i, label, (unsigned long long)off, (unsigned long long)sz, j);
                overlap = 1;
                break;
            }
        }
        if (overlap)
            continue;
        xv_binary *b = xv_img_add_binary(img);
        xv_macho_extra *mx = xv_img_alloc(img, sizeof *mx);
        if (!b || !mx)
            return XV_ENOMEM;
        mo m;
        init_slice(&m, img, b, mx);
        snprintf(m.where, sizeof m.where, "slice %u (%s): ", i, label);
        b->file_size = sz;
        mx->slice_offset = off;
        mx->slice_size = sz;
        mx->slice_align = align;
        if (align > 31)
            xv_img_warn(img, b, "%salignment 2^%u is out of range", m.where, align);
        else if (off % ((uint64_t)1 << align) != 0)
            xv_img_warn(img, b, "%soffset 0x%llx is not aligned to 2^%u", m.where, (unsigned long long)off, align);
        read_thin(&m, data + off, (size_t)sz);
        if (mx->cputype != cputype && mx->cputype != 0)
            xv_img_warn(img, b, "%sthe fat table says CPU type 0x%x, the slice header 0x%x",
                        m.where, cputype, mx->cputype);
    }
    if (img->error)
        st = XV_EFORMAT;
    return st;
}

xv_status xv_macho_read(xv_image *img, const uint8_t *data, size_t size)
{
    if (size >= 4 && (xv_be32(data) == FAT_MAGIC || xv_be32(data) == FAT_MAGIC_64)) {
        img->format = XV_FMT_MACHO_FAT;
        return read_fat(img, data, size);
    }
    img->format = XV_FMT_MACHO;
    xv_binary *b = xv_img_add_binary(img);
    xv_macho_extra *mx = xv_img_alloc(img, sizeof *mx);
    if (!b || !mx)
        return XV_ENOMEM;
    mo m;
    init_slice(&m, img, b, mx);
    mx->slice_offset = 0;
    mx->slice_size = size;
    read_thin(&m, data, size);
    return img->error ? XV_EFORMAT : XV_OK;
}
