/* The PE/COFF reader (Windows .exe/.dll, EFI images): a bounded reader over
 * the file bytes (src/common/cursor.h), little endian throughout.
 *
 * Layout read: DOS header -> e_lfanew -> "PE\0\0" -> COFF file header ->
 * optional header (PE32 or PE32+) with its data directories -> section table.
 * Data directories are located through the section table (RVA -> file
 * offset); every directory is parsed on its own, so one broken directory
 * records the image error and the others still contribute their facts.
 *
 * Every table read from the file is bounded twice: by the bytes that exist
 * (the cursor) and by a fixed limit (PE_MAX_*), so a hostile file can neither
 * crash nor make the reader loop for long. */
#include "formats/image.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/cursor.h"

#define PE_MAX_SECTIONS 65535u     /* NumberOfSections is a u16 anyway */
#define PE_MAX_DLLS 65536u         /* import / delay-import descriptors */
#define PE_MAX_EXPORTS 1000000u    /* NumberOfFunctions / NumberOfNames */
#define PE_MAX_DEBUG 64u           /* debug directory entries */
#define PE_MAX_THUNKS 1000000u     /* import thunks over all DLLs (work budget) */
#define PE_MAX_NAME 4096u          /* longest DLL / symbol name accepted */

enum {
    PE_DIR_EXPORT = 0,
    PE_DIR_IMPORT = 1,
    PE_DIR_RESOURCE = 2,
    PE_DIR_EXCEPTION = 3,
    PE_DIR_SECURITY = 4,
    PE_DIR_BASERELOC = 5,
    PE_DIR_DEBUG = 6,
    PE_DIR_LOAD_CONFIG = 10,
    PE_DIR_DELAY_IMPORT = 13,
    PE_DIR_CLR = 14,
    PE_NDIRS = 16
};

/* COFF characteristics */
#define PE_FILE_RELOCS_STRIPPED 0x0001u
#define PE_FILE_LARGE_ADDRESS_AWARE 0x0020u
#define PE_FILE_DLL 0x2000u
/* DllCharacteristics */
#define PE_DLL_HIGH_ENTROPY_VA 0x0020u
#define PE_DLL_DYNAMIC_BASE 0x0040u
#define PE_DLL_FORCE_INTEGRITY 0x0080u
#define PE_DLL_NX_COMPAT 0x0100u
#define PE_DLL_NO_SEH 0x0400u
#define PE_DLL_APPCONTAINER 0x1000u
#define PE_DLL_GUARD_CF 0x4000u
/* section characteristics */
#define PE_SCN_CNT_CODE 0x00000020u
#define PE_SCN_CNT_INIT_DATA 0x00000040u
#define PE_SCN_CNT_UNINIT_DATA 0x00000080u
#define PE_SCN_MEM_EXECUTE 0x20000000u
#define PE_SCN_MEM_READ 0x40000000u
#define PE_SCN_MEM_WRITE 0x80000000u

typedef struct pe_sec {
    char name[256];
    uint32_t vaddr, vsize, rawoff, rawsize, chars;
} pe_sec;

typedef struct pe_dir {
    uint32_t rva, size;
} pe_dir;

typedef struct pe_ctx {
    xv_image *img;
    xv_binary *b;
    xv_pe_extra *pe;
    xv_cur file;            /* the whole file */
    pe_sec *secs;
    size_t nsecs;
    uint32_t size_of_headers;
    uint64_t image_base;
    int pe64;
    pe_dir dirs[PE_NDIRS];
    uint32_t ndirs;
    size_t thunk_budget;
} pe_ctx;

/* ---- RVA mapping ---- */

/* Maps an RVA to a file offset and the number of file bytes readable from
 * there within the same section (or the headers). Returns 0 when the RVA
 * has no file bytes. Sections are searched in table order, as the loader
 * and llvm's COFFObjectFile do. */
static int rva_to_off(const pe_ctx *x, uint32_t rva, uint64_t *off, uint64_t *avail)
{
    uint64_t fsize = x->file.len;
    for (size_t i = 0; i < x->nsecs; i++) {
        const pe_sec *s = &x->secs[i];
        uint64_t span = s->vsize ? s->vsize : s->rawsize;
        if (rva < s->vaddr || (uint64_t)rva - s->vaddr >= span)
            continue;
        uint64_t delta = (uint64_t)rva - s->vaddr;
        if (delta >= s->rawsize)
            return 0;     /* in the zero-filled tail: nothing in the file */
        uint64_t o = (uint64_t)s->rawoff + delta;
        if (o >= fsize)
            return 0;
        uint64_t end = (uint64_t)s->rawoff + s->rawsize;
        if (end > fsize)
            end = fsize;
        *off = o;
        *avail = end - o;
        return 1;
    }
    /* the headers are mapped at RVA 0 */
    if (rva < x->size_of_headers && rva < fsize) {
        uint64_t end = x->size_of_headers < fsize ? x->size_of_headers : fsize;
        *off = rva;
        *avail = end - rva;
        return 1;
    }
    return 0;
}

/* A cursor over the file bytes from `rva` to the end of its section. The
 * cursor has its error set (and is empty) when the RVA maps nowhere. */
static xv_cur rva_cur(pe_ctx *x, uint32_t rva)
{
    uint64_t off = 0, avail = 0;
    xv_cur c;
    if (!rva_to_off(x, rva, &off, &avail)) {
        xv_cur_init(&c, NULL, 0, 0);
        c.err = 1;
        return c;
    }
    xv_cur tmp = x->file;
    return xv_cur_sub(&tmp, off, avail);
}

/* The NUL-terminated string at `rva` (NUL inside its section), or NULL. */
static const char *rva_str(pe_ctx *x, uint32_t rva, size_t *lenp)
{
    xv_cur c = rva_cur(x, rva);
    if (!xv_cur_ok(&c))
        return NULL;
    /* bound the NUL search: a million names pointing at a NUL-less megabyte
     * must not cost a million megabyte scans */
    if (c.len > PE_MAX_NAME + 1)
        c.len = PE_MAX_NAME + 1;
    size_t n = 0;
    const char *s = xv_cur_str_at(&c, 0, &n);
    if (lenp)
        *lenp = n;
    return s;
}

static int dir_present(const pe_ctx *x, unsigned i)
{
    return i < x->ndirs && x->dirs[i].rva != 0 && x->dirs[i].size != 0;
}

/* ---- names ---- */

static const char *machine_arch(uint16_t m, const char **variant, int *known)
{
    *variant = NULL;
    *known = 1;
    switch (m) {
    case 0x014c: return "i386";
    case 0x8664: return "x86_64";
    case 0xaa64: return "aarch64";
    case 0xa641: *variant = "arm64ec"; return "aarch64";
    case 0xa64e: *variant = "arm64x"; return "aarch64";
    case 0x01c0: case 0x01c2: case 0x01c4: return "arm";
    case 0x5064: return "riscv64";
    case 0x5032: return "riscv32";
    case 0x0200: return "ia64";
    case 0x6264: return "loongarch64";
    case 0x6232: return "loongarch32";
    case 0x01f0: case 0x01f1: return "ppc";
    case 0x0166: return "mips";
    case 0x0ebc: return "ebc";
    default: *known = 0; return "unknown";
    }
}

static const char *subsystem_name(uint16_t s)
{
    switch (s) {
    case 1: return "native";
    case 2: return "windows-gui";
    case 3: return "windows-cui";
    case 5: return "os2-cui";
    case 7: return "posix-cui";
    case 8: return "native-windows";
    case 9: return "windows-ce-gui";
    case 10: return "efi-application";
    case 11: return "efi-boot-service-driver";
    case 12: return "efi-runtime-driver";
    case 13: return "efi-rom";
    case 14: return "xbox";
    case 16: return "windows-boot-application";
    default: return "unknown";
    }
}

static void note_libc(xv_binary *b, const char *dll)
{
    if (strcasecmp(dll, "ucrtbase.dll") == 0 || strncasecmp(dll, "api-ms-win-crt-", 15) == 0 ||
        strcasecmp(dll, "ucrtbased.dll") == 0)
        b->libc = XV_LIBC_UCRT;
    else if (b->libc != XV_LIBC_UCRT &&
             (strcasecmp(dll, "msvcrt.dll") == 0 ||
              (strncasecmp(dll, "msvcr", 5) == 0 && dll[5] >= '0' && dll[5] <= '9')))
        b->libc = XV_LIBC_MSVCRT;
}

/* ---- imports ---- */

/* After a failed xv_bin_add_import/export: XV_OK when the per-table symbol
 * cap was reached (the builder recorded a warning; reading stops there),
 * XV_ENOMEM when memory ran out. */
static xv_status sym_cap_or_oom(const pe_ctx *x, size_t count)
{
    return count >= x->img->opts.max_symbols ? XV_OK : XV_ENOMEM;
}

/* Reads one thunk array (import lookup table) and adds the imports. */
static xv_status read_thunks(pe_ctx *x, const char *what, size_t idx, uint32_t rva,
                             const char *dll, unsigned symflags)
{
    xv_cur t = rva_cur(x, rva);
    if (!xv_cur_ok(&t))
        return xv_img_fail(x->img, "%s %zu (%s): name table RVA 0x%x is outside every section",
                           what, idx, dll, rva);
    unsigned esz = x->pe64 ? 8u : 4u;
    for (size_t n = 0;; n++) {
        if (xv_cur_left(&t) < esz)
            return xv_img_fail(x->img, "%s %zu (%s): name table at RVA 0x%x is not terminated "
                               "before the end of its section", what, idx, dll, rva);
        if (x->thunk_budget == 0)
            return xv_img_fail(x->img, "%s %zu (%s): more than %u imported functions in total",
                               what, idx, dll, PE_MAX_THUNKS);
        x->thunk_budget--;
        uint64_t v = x->pe64 ? xv_cur_u64(&t) : xv_cur_u32(&t);
        if (v == 0)
            return XV_OK;
        uint64_t ordflag = x->pe64 ? (1ull << 63) : (1ull << 31);
        xv_sym *s;
        if (v & ordflag) {
            char nm[16];
            uint16_t ord = (uint16_t)(v & 0xffff);
            snprintf(nm, sizeof nm, "#%u", (unsigned)ord);
            s = xv_bin_add_import(x->img, x->b, nm);
            if (!s)
                return sym_cap_or_oom(x, x->b->nimports);
            s->ordinal = ord;
            s->flags = XV_SYM_BY_ORDINAL | symflags;
        } else {
            uint32_t hn = (uint32_t)(v & 0x7fffffffu);
            if (x->pe64 && (v >> 31) != 0)
                return xv_img_fail(x->img, "%s %zu (%s): entry %zu has reserved bits set (0x%llx)",
                                   what, idx, dll, n, (unsigned long long)v);
            const char *name = hn <= 0xfffffffdu ? rva_str(x, hn + 2u, NULL) : NULL;
            if (!name)
                return xv_img_fail(x->img, "%s %zu (%s): entry %zu: hint/name RVA 0x%x is outside "
                                   "every section or its name has no NUL", what, idx, dll, n, hn);
            s = xv_bin_add_import(x->img, x->b, name);
            if (!s)
                return sym_cap_or_oom(x, x->b->nimports);
            s->flags = symflags;
        }
        s->library = x->b->deps[x->b->ndeps - 1].name;
    }
}

static xv_status read_imports(pe_ctx *x)
{
    pe_dir d = x->dirs[PE_DIR_IMPORT];
    xv_cur c = rva_cur(x, d.rva);
    if (!xv_cur_ok(&c))
        return xv_img_fail(x->img, "import directory: RVA 0x%x is outside every section", d.rva);
    for (size_t i = 0;; i++) {
        if (i >= PE_MAX_DLLS)
            return xv_img_fail(x->img, "import directory: more than %u descriptors", PE_MAX_DLLS);
        if (xv_cur_left(&c) < 20)
            return xv_img_fail(x->img, "import directory: descriptor %zu runs past the end of its "
                               "section (no terminating null descriptor)", i);
        uint32_t ilt = xv_cur_u32(&c);
        xv_cur_skip(&c, 8);               /* TimeDateStamp, ForwarderChain */
        uint32_t name_rva = xv_cur_u32(&c);
        uint32_t iat = xv_cur_u32(&c);
        if (name_rva == 0 && iat == 0)
            return XV_OK;                 /* the null descriptor */
        const char *name = rva_str(x, name_rva, NULL);
        if (!name)
            return xv_img_fail(x->img, "import descriptor %zu: name RVA 0x%x is outside every "
                               "section or has no NUL", i, name_rva);
        if (!xv_bin_add_dep(x->img, x->b, name, 0))
            return XV_ENOMEM;
        note_libc(x->b, name);
        if (x->img->opts.no_symbols)
            continue;
        xv_status st = read_thunks(x, "import descriptor", i, ilt ? ilt : iat, name, XV_SYM_FUNC);
        if (st != XV_OK)
            return st;
    }
}

/* Delay-load descriptors (ImgDelayDescr). Attribute bit 0 set means the
 * fields are RVAs; old (VC6) images store VAs, converted here. */
static uint32_t delay_addr(const pe_ctx *x, uint32_t attrs, uint32_t v)
{
    if ((attrs & 1u) || v == 0)
        return v;
    uint64_t a = v;
    return a >= x->image_base ? (uint32_t)(a - x->image_base) : 0;
}

static xv_status read_delay_imports(pe_ctx *x)
{
    pe_dir d = x->dirs[PE_DIR_DELAY_IMPORT];
    xv_cur c = rva_cur(x, d.rva);
    if (!xv_cur_ok(&c))
        return xv_img_fail(x->img, "delay import directory: RVA 0x%x is outside every section", d.rva);
    for (size_t i = 0;; i++) {
        if (i >= PE_MAX_DLLS)
            return xv_img_fail(x->img, "delay import directory: more than %u descriptors", PE_MAX_DLLS);
        if (xv_cur_left(&c) < 32)
            return xv_img_fail(x->img, "delay import directory: descriptor %zu runs past the end "
                               "of its section (no terminating null descriptor)", i);
        uint32_t attrs = xv_cur_u32(&c);
        uint32_t name_rva = xv_cur_u32(&c);
        xv_cur_skip(&c, 8);               /* module handle, IAT */
        uint32_t int_rva = xv_cur_u32(&c);
        xv_cur_skip(&c, 12);              /* bound IAT, unload IAT, time stamp */
        if (name_rva == 0)
            return XV_OK;
        name_rva = delay_addr(x, attrs, name_rva);
        int_rva = delay_addr(x, attrs, int_rva);
        const char *name = rva_str(x, name_rva, NULL);
        if (!name)
            return xv_img_fail(x->img, "delay import descriptor %zu: name RVA 0x%x is outside "
                               "every section or has no NUL", i, name_rva);
        if (!xv_bin_add_dep(x->img, x->b, name, XV_DEP_DELAY))
            return XV_ENOMEM;
        note_libc(x->b, name);
        if (x->img->opts.no_symbols || int_rva == 0)
            continue;
        xv_status st = read_thunks(x, "delay import descriptor", i, int_rva, name,
                                   XV_SYM_FUNC | XV_SYM_DELAY);
        if (st != XV_OK)
            return st;
    }
}

/* ---- exports ---- */

static int rva_is_exec(const pe_ctx *x, uint32_t rva)
{
    for (size_t i = 0; i < x->nsecs; i++) {
        const pe_sec *s = &x->secs[i];
        uint64_t span = s->vsize ? s->vsize : s->rawsize;
        if (rva >= s->vaddr && (uint64_t)rva - s->vaddr < span)
            return (s->chars & (PE_SCN_MEM_EXECUTE | PE_SCN_CNT_CODE)) != 0;
    }
    return 0;
}

/* Fills forward/flags of export `s` whose function RVA is `frva`. */
static xv_status export_target(pe_ctx *x, xv_sym *s, uint32_t frva, const char *label)
{
    pe_dir d = x->dirs[PE_DIR_EXPORT];
    if (frva >= d.rva && (uint64_t)frva - d.rva < d.size) {
        /* a forwarder: "OTHERDLL.Func" or "OTHERDLL.#12", NUL inside the directory */
        xv_cur c = rva_cur(x, frva);
        size_t lim = (size_t)((uint64_t)d.rva + d.size - frva);
        if (lim > PE_MAX_NAME + 1)
            lim = PE_MAX_NAME + 1;
        if (xv_cur_ok(&c) && c.len > lim)
            c.len = lim;
        size_t n = 0;
        const char *f = xv_cur_ok(&c) ? xv_cur_str_at(&c, 0, &n) : NULL;
        if (!f || n > PE_MAX_NAME)
            return xv_img_fail(x->img, "export %s: forwarder string at RVA 0x%x has no NUL inside "
                               "the export directory", label, frva);
        s->forward = xv_img_strdup(x->img, f);
        if (!s->forward)
            return XV_ENOMEM;
        s->flags |= XV_SYM_FORWARDER;
    } else {
        s->flags |= rva_is_exec(x, frva) ? XV_SYM_FUNC : XV_SYM_DATA;
    }
    return XV_OK;
}

static xv_status read_exports(pe_ctx *x)
{
    pe_dir d = x->dirs[PE_DIR_EXPORT];
    xv_cur c = rva_cur(x, d.rva);
    if (!xv_cur_ok(&c))
        return xv_img_fail(x->img, "export directory: RVA 0x%x is outside every section", d.rva);
    xv_cur_skip(&c, 12);                  /* Characteristics, TimeDateStamp, versions */
    uint32_t name_rva = xv_cur_u32(&c);
    uint32_t base = xv_cur_u32(&c);
    uint32_t nfuncs = xv_cur_u32(&c);
    uint32_t nnames = xv_cur_u32(&c);
    uint32_t funcs_rva = xv_cur_u32(&c);
    uint32_t names_rva = xv_cur_u32(&c);
    uint32_t ords_rva = xv_cur_u32(&c);
    if (!xv_cur_ok(&c))
        return xv_img_fail(x->img, "export directory at RVA 0x%x is truncated", d.rva);
    if (name_rva) {
        const char *dn = rva_str(x, name_rva, NULL);
        if (!dn)
            return xv_img_fail(x->img, "export directory: DLL name RVA 0x%x is outside every "
                               "section or has no NUL", name_rva);
        x->pe->export_name = xv_img_strdup(x->img, dn);
        if (!x->pe->export_name)
            return XV_ENOMEM;
        x->b->soname = x->pe->export_name;
    }
    if (x->img->opts.no_symbols)
        return XV_OK;
    if (nfuncs > PE_MAX_EXPORTS)
        return xv_img_fail(x->img, "export directory: NumberOfFunctions %u is over the limit %u",
                           nfuncs, PE_MAX_EXPORTS);
    if (nnames > PE_MAX_EXPORTS)
        return xv_img_fail(x->img, "export directory: NumberOfNames %u is over the limit %u",
                           nnames, PE_MAX_EXPORTS);
    if (nnames > nfuncs)
        return xv_img_fail(x->img, "export directory: NumberOfNames %u is greater than "
                           "NumberOfFunctions %u", nnames, nfuncs);
    if (nfuncs == 0)
        return XV_OK;
    xv_cur fc = rva_cur(x, funcs_rva);
    if (!xv_cur_ok(&fc) || xv_cur_left(&fc) / 4 < nfuncs)
        return xv_img_fail(x->img, "export directory: address table (%u entries at RVA 0x%x) "
                           "is outside every section or runs past its end", nfuncs, funcs_rva);
    xv_cur nc, oc;
    xv_cur_init(&nc, NULL, 0, 0);
    xv_cur_init(&oc, NULL, 0, 0);
    if (nnames) {
        nc = rva_cur(x, names_rva);
        oc = rva_cur(x, ords_rva);
        if (!xv_cur_ok(&nc) || xv_cur_left(&nc) / 4 < nnames)
            return xv_img_fail(x->img, "export directory: name pointer table (%u entries at RVA "
                               "0x%x) is outside every section or runs past its end", nnames, names_rva);
        if (!xv_cur_ok(&oc) || xv_cur_left(&oc) / 2 < nnames)
            return xv_img_fail(x->img, "export directory: ordinal table (%u entries at RVA 0x%x) "
                               "is outside every section or runs past its end", nnames, ords_rva);
    }
    uint8_t *named = xv_img_alloc(x->img, nfuncs);
    if (!named)
        return XV_ENOMEM;
    xv_status st = XV_OK;
    for (uint32_t j = 0; j < nnames; j++) {
        uint32_t nrva = xv_cur_u32(&nc);
        uint16_t idx = xv_cur_u16(&oc);
        const char *name = rva_str(x, nrva, NULL);
        if (!name) {
            st = xv_img_fail(x->img, "export name %u: RVA 0x%x is outside every section or has no NUL",
                             j, nrva);
            break;
        }
        if (idx >= nfuncs) {
            st = xv_img_fail(x->img, "export %s: ordinal index %u is not below NumberOfFunctions %u",
                             name, (unsigned)idx, nfuncs);
            break;
        }
        xv_sym *s = xv_bin_add_export(x->img, x->b, name);
        if (!s)
            return sym_cap_or_oom(x, x->b->nexports);
        s->ordinal = base + idx;
        named[idx] = 1;
        xv_cur ac = fc;
        xv_cur_seek(&ac, (uint64_t)idx * 4);
        st = export_target(x, s, xv_cur_u32(&ac), name);
        if (st != XV_OK)
            break;
    }
    if (st != XV_OK)
        return st;      /* which functions are named is unknown past a bad name */
    for (uint32_t i = 0; i < nfuncs; i++) {
        uint32_t frva = xv_cur_u32(&fc);
        if (named[i] || frva == 0)
            continue;
        char nm[16];
        snprintf(nm, sizeof nm, "#%u", base + i);
        xv_sym *s = xv_bin_add_export(x->img, x->b, nm);
        if (!s)
            return sym_cap_or_oom(x, x->b->nexports);
        s->ordinal = base + i;
        s->flags = XV_SYM_BY_ORDINAL;
        xv_status st2 = export_target(x, s, frva, nm);
        if (st2 != XV_OK)
            return st2;
    }
    return st;
}

/* ---- debug directory (CodeView) ---- */

static xv_status read_debug(pe_ctx *x)
{
    pe_dir d = x->dirs[PE_DIR_DEBUG];
    xv_cur c = rva_cur(x, d.rva);
    if (!xv_cur_ok(&c))
        return xv_img_fail(x->img, "debug directory: RVA 0x%x is outside every section", d.rva);
    uint32_t n = d.size / 28;
    if (n > PE_MAX_DEBUG)
        n = PE_MAX_DEBUG;
    for (uint32_t i = 0; i < n; i++) {
        xv_cur_skip(&c, 12);              /* Characteristics, TimeDateStamp, versions */
        uint32_t type = xv_cur_u32(&c);
        uint32_t dsize = xv_cur_u32(&c);
        xv_cur_skip(&c, 4);               /* AddressOfRawData */
        uint32_t foff = xv_cur_u32(&c);
        if (!xv_cur_ok(&c))
            return xv_img_fail(x->img, "debug directory: entry %u runs past the end of its section", i);
        if (type != 2 || x->b->pdb_path)
            continue;                     /* only the first CodeView entry */
        xv_cur f = x->file;
        xv_cur cv = xv_cur_sub(&f, foff, dsize);
        if (!xv_cur_ok(&cv)) {
            xv_img_warn(x->img, x->b, "debug directory: CodeView data (%u bytes at 0x%x) is outside the file",
                        dsize, foff);
            continue;
        }
        uint8_t sig[4];
        xv_cur_bytes(&cv, sig, 4);
        if (memcmp(sig, "RSDS", 4) != 0)
            continue;                     /* NB10 and others: no GUID path */
        const uint8_t *g = xv_cur_ptr(&cv, 16);
        uint32_t age = xv_cur_u32(&cv);
        size_t plen = 0;
        const char *path = xv_cur_ok(&cv) ? xv_cur_str_at(&cv, cv.pos, &plen) : NULL;
        if (!g || !path) {
            xv_img_warn(x->img, x->b, "debug directory: CodeView RSDS record is truncated or its path has no NUL");
            continue;
        }
        x->b->pdb_path = xv_img_strndup(x->img, path, plen);
        /* symbol-server key: GUID with its first three fields byte-swapped, then age */
        char *id = xv_arena_printf(&x->img->arena,
                                   "%08x%04x%04x%02x%02x%02x%02x%02x%02x%02x%02x%x",
                                   xv_le32(g), xv_le16(g + 4), xv_le16(g + 6), g[8], g[9], g[10],
                                   g[11], g[12], g[13], g[14], g[15], age);
        if (!x->b->pdb_path || !id)
            return XV_ENOMEM;
        x->b->build_id = id;
    }
    return XV_OK;
}

/* ---- load config: /GS cookie ---- */

static void read_load_config(pe_ctx *x)
{
    pe_dir d = x->dirs[PE_DIR_LOAD_CONFIG];
    xv_cur c = rva_cur(x, d.rva);
    if (!xv_cur_ok(&c)) {
        xv_img_warn(x->img, x->b, "load config directory: RVA 0x%x is outside every section", d.rva);
        return;
    }
    uint32_t sz = xv_cur_u32(&c);
    uint64_t cookie_off = x->pe64 ? 0x58 : 0x3c;
    unsigned csz = x->pe64 ? 8u : 4u;
    if (sz < cookie_off + csz || !xv_range_ok(c.len, cookie_off, csz))
        return;
    xv_cur_seek(&c, cookie_off);
    uint64_t cookie = x->pe64 ? xv_cur_u64(&c) : xv_cur_u32(&c);
    if (xv_cur_ok(&c) && cookie != 0)
        x->b->hard.canary = XV_YES;
    /* CHPEMetadataPointer (PE32+ offset 0xC8): hybrid ARM64 code. An ARM64
     * machine with it is an ARM64X image (arm64 + arm64ec in one file); an
     * AMD64 machine with it is an ARM64EC image (runs on Windows on Arm). */
    if (x->pe64 && sz >= 0xd0 && xv_range_ok(c.len, 0xc8, 8)) {
        xv_cur_seek(&c, 0xc8);
        uint64_t chpe = xv_cur_u64(&c);
        if (xv_cur_ok(&c) && chpe != 0) {
            if (x->pe->machine == 0xaa64)
                x->b->arch_variant = "arm64x";
            else if (x->pe->machine == 0x8664)
                x->b->arch_variant = "arm64ec";
        }
    }
}

/* ---- headers ---- */

static void classify_section(pe_ctx *x, const pe_sec *s)
{
    xv_binary *b = x->b;
    uint32_t flags = 0;
    uint64_t size = s->vsize ? s->vsize : s->rawsize;
    int uninit = (s->chars & PE_SCN_CNT_UNINIT_DATA) && !(s->chars & PE_SCN_CNT_INIT_DATA) &&
                 !(s->chars & PE_SCN_CNT_CODE);
    int debug = strncmp(s->name, ".debug", 6) == 0 || strncmp(s->name, ".zdebug", 7) == 0;
    if (s->chars & (PE_SCN_MEM_EXECUTE | PE_SCN_CNT_CODE))
        flags |= XV_SEC_EXEC;
    if (s->chars & PE_SCN_MEM_WRITE)
        flags |= XV_SEC_WRITE;
    if (!debug)
        flags |= XV_SEC_ALLOC;
    if (uninit || s->rawsize == 0)
        flags |= XV_SEC_NOBITS;
    if (debug)
        flags |= XV_SEC_DEBUG;
    xv_bin_add_section(x->img, b, s->name, size, s->rawsize ? s->rawoff : 0, flags);

    if (debug) {
        b->has_debug = 1;
        b->size_debug += size;
    } else if (flags & XV_SEC_EXEC) {
        b->size_text += size;
    } else if (uninit || strcmp(s->name, ".bss") == 0) {
        b->size_bss += size;
    } else if (strncmp(s->name, ".rdata", 6) == 0) {
        b->size_rodata += size;
    } else if (strcmp(s->name, ".data") == 0 ||
               ((s->chars & PE_SCN_MEM_WRITE) && (s->chars & PE_SCN_CNT_INIT_DATA))) {
        /* MSVC and Go keep zero-filled data in the tail of .data (VirtualSize
         * over SizeOfRawData): that tail is bss, not file bytes */
        uint64_t init = s->vsize && s->vsize < s->rawsize ? s->vsize : s->rawsize;
        b->size_data += init;
        b->size_bss += size > init ? size - init : 0;
    }

    xv_segment *g = xv_bin_add_segment(x->img, b, "");
    if (g) {
        g->vaddr = x->image_base + s->vaddr;
        g->vsize = s->vsize;
        g->offset = s->rawsize ? s->rawoff : 0;
        g->filesize = s->rawsize;
        g->flags = ((s->chars & PE_SCN_MEM_READ) ? XV_SEG_R : 0) |
                   ((s->chars & PE_SCN_MEM_WRITE) ? XV_SEG_W : 0) |
                   ((s->chars & PE_SCN_MEM_EXECUTE) ? XV_SEG_X : 0);
    }
}

/* Long section names ("/4") index the COFF string table (MinGW keeps the
 * .debug_* names there). */
static void long_name(pe_ctx *x, pe_sec *s, uint32_t symtab, uint32_t nsyms)
{
    if (s->name[0] != '/' || symtab == 0)
        return;
    uint64_t off = 0;
    for (const char *p = s->name + 1; *p; p++) {
        if (*p < '0' || *p > '9' || off > 10000000u)
            return;
        off = off * 10 + (uint64_t)(*p - '0');
    }
    uint64_t strtab = (uint64_t)symtab + (uint64_t)nsyms * 18u;
    xv_cur f = x->file;
    xv_cur st = xv_cur_sub(&f, strtab, xv_range_ok(f.len, strtab, 0) ? f.len - strtab : 0);
    const char *n = xv_cur_ok(&st) ? xv_cur_str_at(&st, off, NULL) : NULL;
    if (n && off >= 4 && strlen(n) < sizeof s->name)
        snprintf(s->name, sizeof s->name, "%s", n);
}

xv_status xv_pe_read(xv_image *img, const uint8_t *data, size_t size)
{
    pe_ctx x;
    memset(&x, 0, sizeof x);
    x.img = img;
    x.thunk_budget = PE_MAX_THUNKS;
    img->format = XV_FMT_PE;
    xv_cur_init(&x.file, data, size, 0);

    xv_cur c = x.file;
    if (size < 0x40)
        return xv_img_fail(img, "DOS header truncated (%zu bytes, need 64)", size);
    xv_cur_seek(&c, 0x3c);
    uint32_t lfanew = xv_cur_u32(&c);
    if (!xv_range_ok(size, lfanew, 24))
        return xv_img_fail(img, "e_lfanew 0x%x points past the end of the file (%zu bytes)", lfanew, size);
    xv_cur_seek(&c, lfanew);
    uint8_t sig[4];
    xv_cur_bytes(&c, sig, 4);
    if (memcmp(sig, "PE\0\0", 4) != 0)
        return xv_img_fail(img, "no PE signature at e_lfanew 0x%x (a DOS program or a broken header)", lfanew);

    /* COFF file header */
    uint16_t machine = xv_cur_u16(&c);
    uint16_t nsecs = xv_cur_u16(&c);
    xv_cur_skip(&c, 4);                   /* TimeDateStamp */
    uint32_t symtab = xv_cur_u32(&c);
    uint32_t nsyms = xv_cur_u32(&c);
    uint16_t opt_size = xv_cur_u16(&c);
    uint16_t chars = xv_cur_u16(&c);
    if (!xv_cur_ok(&c))
        return xv_img_fail(img, "COFF header truncated at 0x%x", lfanew + 4);

    xv_binary *b = xv_img_add_binary(img);
    if (!b)
        return XV_ENOMEM;
    xv_pe_extra *pe = xv_img_alloc(img, sizeof *pe);
    if (!pe)
        return XV_ENOMEM;
    x.b = b;
    x.pe = pe;
    b->pe = pe;
    b->format = XV_FMT_PE;
    b->os = XV_OS_WINDOWS;
    b->big_endian = 0;
    pe->machine = machine;
    pe->characteristics = chars;
    int known = 0;
    b->arch = machine_arch(machine, &b->arch_variant, &known);
    if (!known)
        xv_img_warn(img, b, "unknown COFF machine 0x%04x", machine);
    pe->large_address_aware = (chars & PE_FILE_LARGE_ADDRESS_AWARE) != 0;
    b->stripped = symtab == 0 || nsyms == 0;
    b->kind = (chars & PE_FILE_DLL) ? XV_KIND_SHARED : XV_KIND_EXE;

    /* optional header */
    size_t opt_off = (size_t)lfanew + 24;
    if (opt_size < 2)
        return xv_img_fail(img, "SizeOfOptionalHeader %u: an image needs an optional header", opt_size);
    xv_cur o = xv_cur_sub(&c, opt_off, xv_range_ok(size, opt_off, opt_size) ? opt_size : 0);
    if (!xv_range_ok(size, opt_off, opt_size))
        return xv_img_fail(img, "SizeOfOptionalHeader %u at 0x%zx runs past the end of the file (%zu bytes)",
                           opt_size, opt_off, size);
    uint16_t magic = xv_cur_u16(&o);
    if (magic == 0x20b)
        x.pe64 = 1;
    else if (magic != 0x10b)
        return xv_img_fail(img, "optional header magic 0x%x is neither PE32 (0x10b) nor PE32+ (0x20b)", magic);
    size_t fixed = x.pe64 ? 112 : 96;
    if (opt_size < fixed)
        return xv_img_fail(img, "SizeOfOptionalHeader %u is smaller than the %s optional header (%zu bytes)",
                           opt_size, x.pe64 ? "PE32+" : "PE32", fixed);
    pe->pe32plus = x.pe64;
    b->bits = x.pe64 ? 64 : 32;
    xv_cur_skip(&o, 22);                  /* linker version .. BaseOfCode */
    if (!x.pe64)
        xv_cur_skip(&o, 4);               /* BaseOfData */
    x.image_base = x.pe64 ? xv_cur_u64(&o) : xv_cur_u32(&o);
    pe->image_base = x.image_base;
    xv_cur_skip(&o, 8);                   /* Section/FileAlignment */
    pe->os_version.major = xv_cur_u16(&o);
    pe->os_version.minor = (uint8_t)xv_cur_u16(&o);
    xv_cur_skip(&o, 4);                   /* image version */
    b->min_os.major = xv_cur_u16(&o);
    b->min_os.minor = (uint8_t)xv_cur_u16(&o);
    xv_cur_skip(&o, 8);                   /* Win32VersionValue, SizeOfImage */
    x.size_of_headers = xv_cur_u32(&o);
    xv_cur_skip(&o, 4);                   /* CheckSum */
    pe->subsystem = xv_cur_u16(&o);
    pe->subsystem_name = subsystem_name(pe->subsystem);
    uint16_t dllc = xv_cur_u16(&o);
    pe->dll_characteristics = dllc;
    xv_cur_skip(&o, x.pe64 ? 32 : 16);    /* stack/heap reserve/commit */
    xv_cur_skip(&o, 4);                   /* LoaderFlags */
    uint32_t nrva = xv_cur_u32(&o);
    if (!xv_cur_ok(&o))
        return xv_img_fail(img, "optional header truncated");
    uint32_t room = (uint32_t)((opt_size - fixed) / 8);
    x.ndirs = nrva < PE_NDIRS ? nrva : PE_NDIRS;
    if (x.ndirs > room) {
        xv_img_warn(img, b, "NumberOfRvaAndSizes %u does not fit in SizeOfOptionalHeader %u; "
                    "reading %u directories", nrva, opt_size, room);
        x.ndirs = room;
    }
    for (uint32_t i = 0; i < x.ndirs; i++) {
        x.dirs[i].rva = xv_cur_u32(&o);
        x.dirs[i].size = xv_cur_u32(&o);
    }

    b->hard.pie = ((dllc & PE_DLL_DYNAMIC_BASE) && !(chars & PE_FILE_RELOCS_STRIPPED) &&
                   dir_present(&x, PE_DIR_BASERELOC)) ? XV_YES : XV_NO;
    b->hard.nx = (dllc & PE_DLL_NX_COMPAT) ? XV_YES : XV_NO;
    b->hard.high_entropy_va = (dllc & PE_DLL_HIGH_ENTROPY_VA) ? XV_YES : XV_NO;
    b->hard.cfg = (dllc & PE_DLL_GUARD_CF) ? XV_YES : XV_NO;
    b->hard.force_integrity = (dllc & PE_DLL_FORCE_INTEGRITY) ? XV_YES : XV_NO;
    b->hard.no_seh = (dllc & PE_DLL_NO_SEH) ? XV_YES : XV_NO;
    b->hard.appcontainer = (dllc & PE_DLL_APPCONTAINER) ? XV_YES : XV_NO;
    if (b->kind == XV_KIND_EXE && b->hard.pie == XV_YES)
        b->kind = XV_KIND_PIE;

    /* section table */
    uint64_t sec_off = (uint64_t)opt_off + opt_size;
    if (!xv_range_ok(size, sec_off, (uint64_t)nsecs * 40u))
        return xv_img_fail(img, "section table (%u entries at 0x%llx) runs past the end of the file (%zu bytes)",
                           nsecs, (unsigned long long)sec_off, size);
    x.secs = nsecs ? xv_img_alloc(img, (size_t)nsecs * sizeof *x.secs) : NULL;
    if (nsecs && !x.secs)
        return XV_ENOMEM;
    x.nsecs = nsecs;
    xv_cur_seek(&c, sec_off);
    uint64_t raw_end = x.size_of_headers;
    for (size_t i = 0; i < nsecs; i++) {
        pe_sec *s = &x.secs[i];
        xv_cur_fixstr(&c, s->name, 8);
        s->vsize = xv_cur_u32(&c);
        s->vaddr = xv_cur_u32(&c);
        s->rawsize = xv_cur_u32(&c);
        s->rawoff = xv_cur_u32(&c);
        xv_cur_skip(&c, 12);              /* relocations, line numbers, counts */
        s->chars = xv_cur_u32(&c);
        long_name(&x, s, symtab, nsyms);
        if (s->rawsize && !xv_range_ok(size, s->rawoff, s->rawsize))
            xv_img_warn(img, b, "section %s: raw data (%u bytes at 0x%x) runs past the end of the file",
                        s->name, s->rawsize, s->rawoff);
        if (s->rawsize && (uint64_t)s->rawoff + s->rawsize > raw_end)
            raw_end = (uint64_t)s->rawoff + s->rawsize;
        classify_section(&x, s);
    }
    if (!xv_cur_ok(&c))
        return xv_img_fail(img, "section table truncated");

    /* certificate table: its "RVA" is a file offset; it is not mapped */
    uint64_t cert_lo = 0, cert_hi = 0;
    if (dir_present(&x, PE_DIR_SECURITY)) {
        pe_dir d = x.dirs[PE_DIR_SECURITY];
        if (xv_range_ok(size, d.rva, d.size)) {
            pe->has_certificate = 1;
            cert_lo = d.rva;
            cert_hi = (uint64_t)d.rva + d.size;
        } else {
            xv_img_warn(img, b, "certificate table (%u bytes at 0x%x) is outside the file", d.size, d.rva);
        }
    }
    b->hard.code_signed = pe->has_certificate ? XV_YES : XV_NO;
    if (raw_end < size) {
        uint64_t ov = size - raw_end;
        uint64_t lo = cert_lo > raw_end ? cert_lo : raw_end;
        if (cert_hi > lo)
            ov -= cert_hi - lo;
        pe->overlay_size = ov;
    }

    xv_status st = XV_OK, r;
    if (dir_present(&x, PE_DIR_IMPORT)) {
        r = read_imports(&x);
        if (r == XV_ENOMEM)
            return r;
        st = st ? st : r;
    }
    if (dir_present(&x, PE_DIR_DELAY_IMPORT)) {
        r = read_delay_imports(&x);
        if (r == XV_ENOMEM)
            return r;
        st = st ? st : r;
    }
    if (dir_present(&x, PE_DIR_EXPORT)) {
        r = read_exports(&x);
        if (r == XV_ENOMEM)
            return r;
        st = st ? st : r;
    }
    if (dir_present(&x, PE_DIR_DEBUG)) {
        r = read_debug(&x);
        if (r == XV_ENOMEM)
            return r;
        st = st ? st : r;
    }
    if (b->libc == XV_LIBC_UNKNOWN && !img->error)
        b->libc = XV_LIBC_NONE;
    pe->is_dotnet = dir_present(&x, PE_DIR_CLR);
    /* canary: the /GS cookie in the load config, else (MinGW) the imports */
    if (dir_present(&x, PE_DIR_LOAD_CONFIG))
        read_load_config(&x);
    xv_bin_scan_imports_hardening(b);
    return st;
}
