/* The ELF reader, on elfutils' libelf.
 *
 * libelf does the byte-order conversion and most bounds checks of headers,
 * sections and data; we add the checks libelf leaves to its callers (string
 * offsets inside their tables, chains read from the file such as verneed
 * lists, counts against section sizes) and copy every fact into the image's
 * arena, so nothing points into the input after we return.
 *
 * The input buffer is handed to elf_memory(), which takes a non-const
 * pointer: libelf reads it in place and converts foreign-order data into
 * buffers of its own (ELF_C_READ_MMAP_PRIVATE semantics). Measured: parsing
 * big-endian mips/ppc64 files from a PROT_READ mapping works, so libelf does
 * not write to it; xv_image_read_file still maps MAP_PRIVATE to be safe. */
#include <gelf.h>
#include <libelf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cursor.h"
#include "formats/image.h"

#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif
#ifndef EM_RISCV
#define EM_RISCV 243
#endif
#ifndef DF_1_PIE
#define DF_1_PIE 0x08000000
#endif
#ifndef NT_GNU_PROPERTY_TYPE_0
#define NT_GNU_PROPERTY_TYPE_0 5
#endif
#define XV_GNU_PROPERTY_X86_FEATURE_1_AND 0xc0000002u
#define XV_GNU_PROPERTY_AARCH64_FEATURE_1_AND 0xc0000000u

/* Upper bounds on tables walked from the file, beyond the size checks. */
#define ELF_MAX_DYN (1u << 20)
#define ELF_MAX_VERSIONS 65536u

static pthread_once_t elf_once = PTHREAD_ONCE_INIT;
static int elf_ready;

static void elf_init(void)
{
    elf_ready = elf_version(EV_CURRENT) != EV_NONE;
}

/* One version definition or requirement, indexed by its versym index. */
typedef struct elf_ver {
    const char *name;      /* arena copy */
    const char *library;   /* verneed file, NULL for verdef */
} elf_ver;

typedef struct elf_ctx {
    xv_image *img;
    xv_binary *b;
    xv_elf_extra *x;
    Elf *elf;
    const uint8_t *data;
    size_t size;
    int big;               /* file byte order */
    int cls;               /* ELFCLASS32/64 */
    GElf_Ehdr eh;
    size_t phnum, shnum, shstrndx;
    int have_shstr;
    /* Found while walking sections. */
    Elf_Scn *dynamic, *dynsym, *symtab, *versym, *verneed, *verdef;
    /* Versions by index (0 and 1 are local/global). */
    elf_ver *vers;
    size_t nvers;
    int has_interp;
    int static_like;       /* no PT_DYNAMIC */
} elf_ctx;

static const char *elf_err(void)
{
    const char *m = elf_errmsg(-1);
    return m ? m : "unknown libelf error";
}

static void set_arch(elf_ctx *c)
{
    xv_binary *b = c->b;
    int is64 = c->cls == ELFCLASS64;
    switch (c->eh.e_machine) {
    case EM_X86_64:
        b->arch = "x86_64";
        if (!is64)
            b->arch_variant = "x32";
        break;
    case EM_386: b->arch = "i386"; break;
    case EM_AARCH64:
        b->arch = c->big ? "aarch64_be" : "aarch64";
        break;
    case EM_ARM:
        b->arch = "arm";
        if (c->big)
            b->arch_variant = "armeb";
        else if (c->eh.e_flags & 0x400 /* EF_ARM_ABI_FLOAT_HARD */)
            b->arch_variant = "armhf";
        else if ((c->eh.e_flags & 0xff000000u) == 0x05000000u /* EABI v5 */)
            b->arch_variant = "armel";
        break;
    case EM_RISCV: b->arch = is64 ? "riscv64" : "riscv32"; break;
    case EM_PPC64: b->arch = c->big ? "ppc64" : "ppc64le"; break;
    case EM_PPC: b->arch = "ppc"; break;
    case EM_S390: b->arch = is64 ? "s390x" : "s390"; break;
    case EM_MIPS:
    case EM_MIPS_RS3_LE:
        if (is64)
            b->arch = c->big ? "mips64" : "mips64el";
        else
            b->arch = c->big ? "mips" : "mipsel";
        break;
    case EM_LOONGARCH: b->arch = is64 ? "loongarch64" : "loongarch32"; break;
    case EM_SPARCV9: b->arch = "sparc64"; break;
    case EM_SPARC:
    case EM_SPARC32PLUS: b->arch = "sparc"; break;
    case EM_IA_64: b->arch = "ia64"; break;
    case EM_ALPHA: b->arch = "alpha"; break;
    case EM_68K: b->arch = "m68k"; break;
    case EM_SH: b->arch = "sh4"; break;
    case EM_PARISC: b->arch = "hppa"; break;
    case EM_BPF: b->arch = "bpf"; break;
    default: b->arch = "unknown"; break;
    }
}

static void set_os_from_osabi(elf_ctx *c)
{
    switch (c->x->osabi) {
    case ELFOSABI_LINUX: c->b->os = XV_OS_LINUX; break;
    case ELFOSABI_FREEBSD: c->b->os = XV_OS_FREEBSD; break;
    case ELFOSABI_NETBSD: c->b->os = XV_OS_NETBSD; break;
    case ELFOSABI_OPENBSD: c->b->os = XV_OS_OPENBSD; break;
    case ELFOSABI_SOLARIS: c->b->os = XV_OS_SOLARIS; break;
    default: break;
    }
}

/* A string at offset `off` of a string-table section, NUL required inside. */
static const char *scn_str(elf_ctx *c, size_t strndx, size_t off)
{
    /* elf_strptr checks that the offset is inside the section and that the
     * string is terminated inside it. */
    return elf_strptr(c->elf, strndx, off);
}

/* File offset of a virtual address, through the PT_LOAD segments. */
static int vaddr_to_off(elf_ctx *c, uint64_t vaddr, uint64_t *off)
{
    for (size_t i = 0; i < c->phnum; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(c->elf, (int)i, &ph) || ph.p_type != PT_LOAD)
            continue;
        if (vaddr >= ph.p_vaddr && vaddr - ph.p_vaddr < ph.p_filesz) {
            *off = ph.p_offset + (vaddr - ph.p_vaddr);
            return 1;
        }
    }
    return 0;
}

/* ---- notes ---- */

static void parse_gnu_property(elf_ctx *c, const uint8_t *d, size_t n)
{
    xv_cur cur;
    size_t align = c->cls == ELFCLASS64 ? 8 : 4;
    xv_cur_init(&cur, d, n, c->big);
    for (int guard = 0; guard < 256 && xv_cur_left(&cur) >= 8; guard++) {
        uint32_t type = xv_cur_u32(&cur);
        uint32_t sz = xv_cur_u32(&cur);
        if (sz > xv_cur_left(&cur))
            break;
        uint32_t val = sz >= 4 ? xv_cur_u32(&cur) : 0;
        if (sz >= 4)
            xv_cur_skip(&cur, sz - 4);
        size_t pad = (align - (sz % align)) % align;
        if (pad > xv_cur_left(&cur))
            pad = xv_cur_left(&cur);
        xv_cur_skip(&cur, pad);
        if (type == XV_GNU_PROPERTY_X86_FEATURE_1_AND) {
            c->b->hard.ibt = (val & 1u) ? XV_YES : XV_NO;
            c->b->hard.shstk = (val & 2u) ? XV_YES : XV_NO;
        } else if (type == XV_GNU_PROPERTY_AARCH64_FEATURE_1_AND) {
            c->b->hard.bti = (val & 1u) ? XV_YES : XV_NO;
            c->b->hard.pac = (val & 2u) ? XV_YES : XV_NO;
        }
        if (!xv_cur_ok(&cur))
            break;
    }
}

static void parse_notes(elf_ctx *c, Elf_Data *data)
{
    size_t off = 0, next;
    GElf_Nhdr nh;
    size_t name_off, desc_off;
    int guard = 0;
    if (!data || !data->d_buf)
        return;
    /* gelf_getnote bounds-checks each header, name and descriptor against
     * d_size and returns 0 at the end or on a malformed note. */
    while (guard++ < 4096 && off < data->d_size &&
           (next = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
        const uint8_t *base = data->d_buf;
        int gnu = nh.n_namesz == 4 && memcmp(base + name_off, "GNU", 4) == 0;
        if (gnu && nh.n_type == NT_GNU_BUILD_ID && nh.n_descsz > 0 && nh.n_descsz <= 64 &&
            !c->b->build_id) {
            c->b->build_id = xv_img_hex(c->img, base + desc_off, nh.n_descsz);
        } else if (gnu && nh.n_type == NT_GNU_ABI_TAG && nh.n_descsz >= 4 &&
                   c->b->os == XV_OS_UNKNOWN) {
            xv_cur cur;
            xv_cur_init(&cur, base + desc_off, nh.n_descsz, c->big);
            uint32_t os = xv_cur_u32(&cur);
            /* GNU_ABI_TAG_LINUX, _SOLARIS, _FREEBSD, _NETBSD (elf.h) */
            if (os == 0)
                c->b->os = XV_OS_LINUX;
            else if (os == 2)
                c->b->os = XV_OS_SOLARIS;
            else if (os == 3)
                c->b->os = XV_OS_FREEBSD;
            else if (os == 4)
                c->b->os = XV_OS_NETBSD;
        } else if (gnu && nh.n_type == NT_GNU_PROPERTY_TYPE_0) {
            parse_gnu_property(c, base + desc_off, nh.n_descsz);
        } else if (nh.n_namesz >= 7 && memcmp(base + name_off, "OpenBSD", 7) == 0) {
            c->b->os = XV_OS_OPENBSD;
        } else if (nh.n_namesz >= 6 && memcmp(base + name_off, "NetBSD", 6) == 0) {
            c->b->os = XV_OS_NETBSD;
        } else if (nh.n_namesz >= 7 && memcmp(base + name_off, "FreeBSD", 7) == 0 &&
                   c->b->os == XV_OS_UNKNOWN) {
            c->b->os = XV_OS_FREEBSD;
        } else if (nh.n_namesz >= 7 && memcmp(base + name_off, "Android", 7) == 0) {
            c->b->os = XV_OS_ANDROID;
        } else if (nh.n_namesz >= 5 && memcmp(base + name_off, "Haiku", 5) == 0) {
            c->b->os = XV_OS_HAIKU;
        }
        if (next <= off)
            break;
        off = next;
    }
}

/* ---- program headers ---- */

static xv_status read_phdrs(elf_ctx *c)
{
    xv_binary *b = c->b;
    int has_relro = 0, has_dynamic = 0;
    if (elf_getphdrnum(c->elf, &c->phnum) != 0)
        return xv_img_fail(c->img, "cannot read the program header count: %s", elf_err());
    for (size_t i = 0; i < c->phnum; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(c->elf, (int)i, &ph))
            return xv_img_fail(c->img, "program header %zu is unreadable: %s", i, elf_err());
        switch (ph.p_type) {
        case PT_INTERP: {
            c->has_interp = 1;
            if (!xv_range_ok(c->size, ph.p_offset, ph.p_filesz) || ph.p_filesz == 0) {
                xv_img_warn(c->img, b, "PT_INTERP at 0x%llx+%llu lies outside the file",
                            (unsigned long long)ph.p_offset, (unsigned long long)ph.p_filesz);
                break;
            }
            const char *s = (const char *)c->data + ph.p_offset;
            if (!memchr(s, '\0', (size_t)ph.p_filesz)) {
                xv_img_warn(c->img, b, "PT_INTERP is not NUL-terminated");
                b->interpreter = xv_img_strndup(c->img, s, (size_t)ph.p_filesz);
            } else
                b->interpreter = xv_img_strdup(c->img, s);
            break;
        }
        case PT_GNU_STACK:
            c->x->gnu_stack_present = 1;
            c->x->exec_stack = (ph.p_flags & PF_X) != 0;
            break;
        case PT_GNU_RELRO:
            has_relro = 1;
            break;
        case PT_DYNAMIC:
            has_dynamic = 1;
            break;
        case PT_NOTE:
            /* Notes are read from sections when there are any; a file
             * without section headers still has them here. */
            if (c->shnum == 0) {
                Elf_Data *d = elf_getdata_rawchunk(c->elf, (int64_t)ph.p_offset, ph.p_filesz,
                                                   ELF_T_NHDR);
                if (d)
                    parse_notes(c, d);
            }
            break;
        default:
            break;
        }
        if (ph.p_type == PT_LOAD || ph.p_type == PT_GNU_STACK || ph.p_type == PT_GNU_RELRO ||
            ph.p_type == PT_DYNAMIC || ph.p_type == PT_INTERP) {
            const char *nm = ph.p_type == PT_LOAD ? "LOAD" : ph.p_type == PT_GNU_STACK ? "GNU_STACK"
                             : ph.p_type == PT_GNU_RELRO ? "GNU_RELRO" : ph.p_type == PT_DYNAMIC ? "DYNAMIC"
                             : "INTERP";
            xv_segment *sg = xv_bin_add_segment(c->img, b, nm);
            if (sg) {
                sg->vaddr = ph.p_vaddr;
                sg->vsize = ph.p_memsz;
                sg->offset = ph.p_offset;
                sg->filesize = ph.p_filesz;
                sg->flags = (ph.p_flags & PF_R ? XV_SEG_R : 0) | (ph.p_flags & PF_W ? XV_SEG_W : 0) |
                            (ph.p_flags & PF_X ? XV_SEG_X : 0);
            }
        }
    }
    c->x->has_dynamic = has_dynamic;
    c->static_like = !has_dynamic;
    if (!c->x->gnu_stack_present && c->eh.e_type != ET_REL && c->phnum > 0) {
        /* Without PT_GNU_STACK the kernel gives most architectures an
         * executable stack (x86, arm, ppc); treat it as such. */
        c->x->exec_stack = 1;
    }
    if (c->eh.e_type != ET_REL && c->phnum > 0)
        b->hard.nx = c->x->exec_stack ? XV_NO : XV_YES;
    b->hard.relro = has_relro ? XV_RELRO_PARTIAL : XV_RELRO_NONE;
    return XV_OK;
}

/* ---- sections ---- */

static int has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

static xv_status read_sections(elf_ctx *c)
{
    xv_binary *b = c->b;
    if (elf_getshdrnum(c->elf, &c->shnum) != 0)
        return xv_img_fail(c->img, "cannot read the section header count: %s", elf_err());
    c->have_shstr = elf_getshdrstrndx(c->elf, &c->shstrndx) == 0;
    if (c->shnum > 0 && !c->have_shstr)
        xv_img_warn(c->img, b, "section name table unreadable: %s", elf_err());
    Elf_Scn *scn = NULL;
    size_t count = 0;
    while ((scn = elf_nextscn(c->elf, scn)) != NULL) {
        GElf_Shdr sh;
        if (++count > c->shnum + 1)
            break;
        if (!gelf_getshdr(scn, &sh))
            return xv_img_fail(c->img, "section header %zu is unreadable: %s", elf_ndxscn(scn), elf_err());
        const char *name = c->have_shstr ? scn_str(c, c->shstrndx, sh.sh_name) : NULL;
        if (!name)
            name = "";
        uint32_t fl = 0;
        if (sh.sh_flags & SHF_EXECINSTR)
            fl |= XV_SEC_EXEC;
        if (sh.sh_flags & SHF_WRITE)
            fl |= XV_SEC_WRITE;
        if (sh.sh_flags & SHF_ALLOC)
            fl |= XV_SEC_ALLOC;
        if (sh.sh_type == SHT_NOBITS)
            fl |= XV_SEC_NOBITS;
        int debug = has_prefix(name, ".debug_") || has_prefix(name, ".zdebug_") ||
                    strcmp(name, ".gdb_index") == 0;
        if (debug) {
            fl |= XV_SEC_DEBUG;
            b->has_debug = 1;
            b->size_debug += sh.sh_size;
        }
        if (sh.sh_type != SHT_NULL)
            xv_bin_add_section(c->img, b, name, sh.sh_size,
                               sh.sh_type == SHT_NOBITS ? 0 : sh.sh_offset, fl);
        if (sh.sh_type != SHT_NOBITS && sh.sh_type != SHT_NULL &&
            !xv_range_ok(c->size, sh.sh_offset, sh.sh_size)) {
            xv_img_warn(c->img, b, "section %s (%zu) at 0x%llx+%llu lies outside the file",
                        name, elf_ndxscn(scn), (unsigned long long)sh.sh_offset,
                        (unsigned long long)sh.sh_size);
            continue;
        }
        if (strcmp(name, ".text") == 0)
            b->size_text += sh.sh_size;
        else if (strcmp(name, ".rodata") == 0)
            b->size_rodata += sh.sh_size;
        else if (strcmp(name, ".data") == 0)
            b->size_data += sh.sh_size;
        else if (strcmp(name, ".bss") == 0)
            b->size_bss += sh.sh_size;
        switch (sh.sh_type) {
        case SHT_DYNAMIC: if (!c->dynamic) c->dynamic = scn; break;
        case SHT_DYNSYM: if (!c->dynsym) c->dynsym = scn; break;
        case SHT_SYMTAB: if (!c->symtab) c->symtab = scn; break;
        case SHT_GNU_versym: if (!c->versym) c->versym = scn; break;
        case SHT_GNU_verneed: if (!c->verneed) c->verneed = scn; break;
        case SHT_GNU_verdef: if (!c->verdef) c->verdef = scn; break;
        case SHT_NOTE: {
            Elf_Data *d = elf_getdata(scn, NULL);
            if (d)
                parse_notes(c, d);
            break;
        }
        default:
            break;
        }
        if (strcmp(name, ".gnu_debuglink") == 0 && sh.sh_type == SHT_PROGBITS) {
            Elf_Data *d = elf_getdata(scn, NULL);
            if (d && d->d_buf && d->d_size > 0 && memchr(d->d_buf, '\0', d->d_size))
                c->x->debuglink = xv_img_strdup(c->img, d->d_buf);
        }
    }
    b->stripped = c->symtab == NULL;
    return XV_OK;
}

/* ---- dynamic section ---- */

static void add_path_list(elf_ctx *c, const char *s, int runpath)
{
    /* Entries are separated by ':'; an empty entry is kept (it means the
     * current directory to the loader, a finding for deps.paths). */
    const char *p = s;
    for (int guard = 0; guard < 4096; guard++) {
        const char *colon = strchr(p, ':');
        size_t n = colon ? (size_t)(colon - p) : strlen(p);
        char *e = xv_img_strndup(c->img, p, n);
        if (!e)
            return;
        if (runpath)
            xv_bin_add_runpath(c->img, c->b, e);
        else
            xv_bin_add_rpath(c->img, c->b, e);
        if (!colon)
            break;
        p = colon + 1;
    }
}

/* Reads the dynamic entries from SHT_DYNAMIC, or from PT_DYNAMIC when the
 * sections are gone; in that case a first pass finds DT_STRTAB/DT_STRSZ so
 * the second can resolve names. */
static xv_status read_dynamic(elf_ctx *c)
{
    xv_binary *b = c->b;
    Elf_Data *d = NULL;
    size_t strndx = 0;
    int have_strndx = 0;
    size_t n = 0;
    if (c->dynamic) {
        GElf_Shdr sh;
        if (!gelf_getshdr(c->dynamic, &sh))
            return xv_img_fail(c->img, "dynamic section header unreadable: %s", elf_err());
        d = elf_getdata(c->dynamic, NULL);
        if (!d)
            return xv_img_fail(c->img, "dynamic section unreadable: %s", elf_err());
        strndx = sh.sh_link;
        have_strndx = sh.sh_link != 0 && sh.sh_link < c->shnum;
        size_t esz = gelf_fsize(c->elf, ELF_T_DYN, 1, EV_CURRENT);
        n = esz ? d->d_size / esz : 0;
    } else {
        /* No section headers (or no SHT_DYNAMIC): fall back to PT_DYNAMIC. */
        for (size_t i = 0; i < c->phnum; i++) {
            GElf_Phdr ph;
            if (gelf_getphdr(c->elf, (int)i, &ph) && ph.p_type == PT_DYNAMIC) {
                d = elf_getdata_rawchunk(c->elf, (int64_t)ph.p_offset, ph.p_filesz, ELF_T_DYN);
                if (!d)
                    return xv_img_fail(c->img, "PT_DYNAMIC at 0x%llx+%llu is outside the file",
                                       (unsigned long long)ph.p_offset,
                                       (unsigned long long)ph.p_filesz);
                size_t esz = gelf_fsize(c->elf, ELF_T_DYN, 1, EV_CURRENT);
                n = esz ? d->d_size / esz : 0;
                break;
            }
        }
        if (!d)
            return XV_OK;
    }
    if (n > ELF_MAX_DYN)
        n = ELF_MAX_DYN;

    /* Strings through the section link, or through DT_STRTAB mapped via
     * PT_LOAD when sections are gone. */
    const char *strbase = NULL;
    size_t strsize = 0;
    if (!have_strndx) {
        uint64_t sv = 0, ssz = 0;
        int hv = 0;
        for (size_t i = 0; i < n; i++) {
            GElf_Dyn dyn;
            if (!gelf_getdyn(d, (int)i, &dyn) || dyn.d_tag == DT_NULL)
                break;
            if (dyn.d_tag == DT_STRTAB) {
                sv = dyn.d_un.d_ptr;
                hv = 1;
            } else if (dyn.d_tag == DT_STRSZ)
                ssz = dyn.d_un.d_val;
        }
        uint64_t off;
        if (hv && vaddr_to_off(c, sv, &off) && xv_range_ok(c->size, off, ssz) && ssz > 0) {
            strbase = (const char *)c->data + off;
            strsize = (size_t)ssz;
        }
    }

    for (size_t i = 0; i < n; i++) {
        GElf_Dyn dyn;
        if (!gelf_getdyn(d, (int)i, &dyn))
            return xv_img_fail(c->img, "dynamic entry %zu unreadable: %s", i, elf_err());
        if (dyn.d_tag == DT_NULL)
            break;
        const char *s = NULL;
        if (dyn.d_tag == DT_NEEDED || dyn.d_tag == DT_SONAME || dyn.d_tag == DT_RPATH ||
            dyn.d_tag == DT_RUNPATH) {
            if (have_strndx)
                s = scn_str(c, strndx, (size_t)dyn.d_un.d_val);
            else if (strbase && dyn.d_un.d_val < strsize &&
                     memchr(strbase + dyn.d_un.d_val, '\0', strsize - (size_t)dyn.d_un.d_val))
                s = strbase + dyn.d_un.d_val;
            if (!s) {
                xv_img_warn(c->img, b, "dynamic entry %zu: string offset %llu outside the string table",
                            i, (unsigned long long)dyn.d_un.d_val);
                continue;
            }
        }
        switch (dyn.d_tag) {
        case DT_NEEDED:
            xv_bin_add_dep(c->img, b, s, 0);
            break;
        case DT_SONAME:
            if (!b->soname)
                b->soname = xv_img_strdup(c->img, s);
            break;
        case DT_RPATH:
            add_path_list(c, s, 0);
            break;
        case DT_RUNPATH:
            add_path_list(c, s, 1);
            break;
        case DT_FLAGS:
            c->x->dt_flags = (uint32_t)dyn.d_un.d_val;
            if (dyn.d_un.d_val & DF_BIND_NOW)
                b->hard.bind_now = XV_YES;
            if (dyn.d_un.d_val & DF_TEXTREL)
                b->hard.textrel = XV_YES;
            break;
        case DT_FLAGS_1:
            c->x->dt_flags_1 = (uint32_t)dyn.d_un.d_val;
            if (dyn.d_un.d_val & DF_1_NOW)
                b->hard.bind_now = XV_YES;
            break;
        case DT_BIND_NOW:
            b->hard.bind_now = XV_YES;
            break;
        case DT_TEXTREL:
            b->hard.textrel = XV_YES;
            break;
        default:
            break;
        }
    }
    if (b->hard.bind_now == XV_UNKNOWN)
        b->hard.bind_now = XV_NO;
    if (b->hard.textrel == XV_UNKNOWN)
        b->hard.textrel = XV_NO;
    return XV_OK;
}

/* ---- symbol versions ---- */

static elf_ver *ver_slot(elf_ctx *c, size_t idx)
{
    idx &= 0x7fff;
    if (idx >= ELF_MAX_VERSIONS)
        return NULL;
    if (idx >= c->nvers) {
        size_t ncount = idx + 1 > 16 ? idx + 1 : 16;
        elf_ver *nv = xv_img_alloc(c->img, ncount * sizeof *nv);
        if (!nv)
            return NULL;
        if (c->nvers)
            memcpy(nv, c->vers, c->nvers * sizeof *nv);
        c->vers = nv;
        c->nvers = ncount;
    }
    return &c->vers[idx];
}

static void read_verneed(elf_ctx *c)
{
    GElf_Shdr sh;
    Elf_Data *d;
    if (!c->verneed || !gelf_getshdr(c->verneed, &sh) || !(d = elf_getdata(c->verneed, NULL)))
        return;
    size_t strndx = sh.sh_link;
    size_t off = 0;
    /* Each entry is at least 16 bytes, so the section size bounds how many a
     * non-looping chain can have; a chain longer than that loops. */
    size_t limit = d->d_size / 16 + 1;
    for (size_t i = 0; i < limit; i++) {
        GElf_Verneed vn;
        if (!gelf_getverneed(d, (int)off, &vn)) {
            xv_img_warn(c->img, c->b, "version requirement at offset %zu is unreadable", off);
            return;
        }
        const char *file = scn_str(c, strndx, vn.vn_file);
        if (!file) {
            xv_img_warn(c->img, c->b, "version requirement %zu names no valid file", i);
            file = "?";
        }
        size_t aoff = off + vn.vn_aux;
        size_t alimit = d->d_size / 16 + 1;
        for (size_t k = 0; k < vn.vn_cnt && k < alimit; k++) {
            GElf_Vernaux va;
            if (aoff > (size_t)INT32_MAX || !gelf_getvernaux(d, (int)aoff, &va)) {
                xv_img_warn(c->img, c->b, "version requirement of %s: entry %zu is unreadable", file, k);
                break;
            }
            const char *vname = scn_str(c, strndx, va.vna_name);
            if (vname) {
                xv_verneed *v = xv_bin_add_verneed(c->img, c->b, file, vname);
                if (v)
                    v->weak = (va.vna_flags & VER_FLG_WEAK) != 0;
                elf_ver *slot = ver_slot(c, va.vna_other);
                if (slot && v) {
                    slot->name = v->version;
                    slot->library = v->library;
                }
            }
            if (va.vna_next == 0)
                break;
            aoff += va.vna_next;
        }
        if (vn.vn_next == 0)
            return;
        off += vn.vn_next;
        if (off > (size_t)INT32_MAX)
            break;
    }
    xv_img_warn(c->img, c->b, "version requirement chain does not end (loop?)");
}

static void read_verdef(elf_ctx *c)
{
    GElf_Shdr sh;
    Elf_Data *d;
    if (!c->verdef || !gelf_getshdr(c->verdef, &sh) || !(d = elf_getdata(c->verdef, NULL)))
        return;
    size_t strndx = sh.sh_link;
    size_t off = 0;
    size_t limit = d->d_size / 20 + 1;
    for (size_t i = 0; i < limit; i++) {
        GElf_Verdef vd;
        if (off > (size_t)INT32_MAX || !gelf_getverdef(d, (int)off, &vd))
            return;
        GElf_Verdaux va;
        if (vd.vd_cnt > 0 && off + vd.vd_aux <= (size_t)INT32_MAX &&
            gelf_getverdaux(d, (int)(off + vd.vd_aux), &va) && !(vd.vd_flags & VER_FLG_BASE)) {
            const char *nm = scn_str(c, strndx, va.vda_name);
            elf_ver *slot = ver_slot(c, vd.vd_ndx);
            if (nm && slot) {
                slot->name = xv_img_strdup(c->img, nm);
                slot->library = NULL;
            }
        }
        if (vd.vd_next == 0)
            return;
        off += vd.vd_next;
    }
    xv_img_warn(c->img, c->b, "version definition chain does not end (loop?)");
}

/* ---- symbols ---- */

static void read_dynsym(elf_ctx *c)
{
    GElf_Shdr sh;
    Elf_Data *d, *vs = NULL;
    if (!c->dynsym || !gelf_getshdr(c->dynsym, &sh) || !(d = elf_getdata(c->dynsym, NULL)))
        return;
    size_t esz = gelf_fsize(c->elf, ELF_T_SYM, 1, EV_CURRENT);
    size_t n = esz ? d->d_size / esz : 0;
    size_t nvs = 0;
    if (c->versym && (vs = elf_getdata(c->versym, NULL)) != NULL)
        nvs = vs->d_size / 2;
    for (size_t i = 1; i < n; i++) {
        GElf_Sym sym;
        if (!gelf_getsym(d, (int)i, &sym))
            break;
        int bind = GELF_ST_BIND(sym.st_info), type = GELF_ST_TYPE(sym.st_info);
        if (bind != STB_GLOBAL && bind != STB_WEAK && bind != STB_GNU_UNIQUE)
            continue;
        if (type == STT_SECTION || type == STT_FILE)
            continue;
        const char *name = scn_str(c, sh.sh_link, sym.st_name);
        if (!name || !*name)
            continue;
        int undef = sym.st_shndx == SHN_UNDEF;
        if (!undef && GELF_ST_VISIBILITY(sym.st_other) != STV_DEFAULT &&
            GELF_ST_VISIBILITY(sym.st_other) != STV_PROTECTED)
            continue;
        const elf_ver *ver = NULL;
        int hidden = 0;
        if (vs && i < nvs) {
            GElf_Versym v;
            if (gelf_getversym(vs, (int)i, &v)) {
                size_t idx = v & 0x7fff;
                if (idx >= 2 && idx < c->nvers && c->vers[idx].name) {
                    ver = &c->vers[idx];
                    hidden = (v & 0x8000) != 0;
                }
            }
        }
        /* A defined symbol versioned by a requirement (verneed) is a copy
         * relocation of another library's data (environ@GLIBC_2.2.5): it is
         * needed from that library, not offered by this one. */
        if (ver && ver->library)
            undef = 1;
        xv_sym *s = undef ? xv_bin_add_import(c->img, c->b, name) : xv_bin_add_export(c->img, c->b, name);
        if (!s)
            break;
        if (bind == STB_WEAK)
            s->flags |= XV_SYM_WEAK;
        if (type == STT_FUNC || type == STT_GNU_IFUNC)
            s->flags |= XV_SYM_FUNC;
        else if (type == STT_OBJECT || type == STT_TLS || type == STT_COMMON)
            s->flags |= XV_SYM_DATA;
        if (ver) {
            s->version = ver->name;
            s->library = ver->library;
            if (hidden)
                s->flags |= XV_SYM_HIDDEN_VER;
        }
    }
}

/* A static binary has no imports: look for the canary and FORTIFY helpers
 * among its own symbols instead. */
static void scan_symtab_hardening(elf_ctx *c)
{
    GElf_Shdr sh;
    Elf_Data *d;
    if (!c->symtab || !gelf_getshdr(c->symtab, &sh) || !(d = elf_getdata(c->symtab, NULL)))
        return;
    size_t esz = gelf_fsize(c->elf, ELF_T_SYM, 1, EV_CURRENT);
    size_t n = esz ? d->d_size / esz : 0;
    int canary = 0, fortify = 0;
    for (size_t i = 1; i < n && i < 4000000; i++) {
        GElf_Sym sym;
        if (!gelf_getsym(d, (int)i, &sym))
            break;
        const char *name = scn_str(c, sh.sh_link, sym.st_name);
        if (!name || name[0] != '_' || name[1] != '_')
            continue;
        if (strcmp(name, "__stack_chk_fail") == 0)
            canary = 1;
        size_t l = strlen(name);
        if (l > 6 && strcmp(name + l - 4, "_chk") == 0 && strncmp(name, "__stack_chk", 11) != 0)
            fortify = 1;
    }
    c->b->hard.canary = canary ? XV_YES : XV_NO;
    c->b->hard.fortify = fortify ? XV_YES : XV_NO;
}

/* ---- the rest ---- */

static void set_kind(elf_ctx *c)
{
    xv_binary *b = c->b;
    switch (c->eh.e_type) {
    case ET_EXEC:
        b->kind = XV_KIND_EXE;
        b->hard.pie = XV_NO;
        break;
    case ET_DYN:
        /* DF_1_PIE says so; otherwise an interpreter without a SONAME (a
         * library like glibc's libc.so.6 can have both and is a library). */
        if ((c->x->dt_flags_1 & DF_1_PIE) || (c->has_interp && !b->soname))
            b->kind = XV_KIND_PIE;
        else if (b->soname && (has_prefix(b->soname, "ld-linux") || has_prefix(b->soname, "ld-musl") ||
                               has_prefix(b->soname, "ld64.so") || has_prefix(b->soname, "ld.so")))
            b->kind = XV_KIND_DYLINKER;
        else
            b->kind = XV_KIND_SHARED;
        b->hard.pie = XV_YES;
        break;
    case ET_REL: b->kind = XV_KIND_OBJECT; break;
    case ET_CORE: b->kind = XV_KIND_CORE; break;
    default: b->kind = XV_KIND_UNKNOWN; break;
    }
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* The program interpreter names the C library and the OS. Matched on the
 * whole path or the whole file name, never on a substring: Solaris'
 * /usr/lib/ld.so.1 and OpenBSD's /usr/libexec/ld.so are not glibc. */
static void libc_from_interp(elf_ctx *c, const char *in)
{
    xv_binary *b = c->b;
    const char *bn = base_name(in);
    if (has_prefix(bn, "ld-musl-")) {
        b->libc = XV_LIBC_MUSL;
    } else if (strcmp(in, "/system/bin/linker") == 0 || strcmp(in, "/system/bin/linker64") == 0 ||
               strcmp(in, "/system/bin/linker_asan") == 0 ||
               strcmp(in, "/system/bin/linker_asan64") == 0) {
        b->libc = XV_LIBC_BIONIC;
        b->os = XV_OS_ANDROID;
    } else if (strcmp(in, "/system/runtime_loader") == 0) {
        b->libc = XV_LIBC_NATIVE;
        b->os = XV_OS_HAIKU;
    } else if (strcmp(bn, "ld-elf.so.1") == 0 || strcmp(bn, "ld-elf32.so.1") == 0) {
        b->libc = XV_LIBC_NATIVE;
        if (b->os == XV_OS_UNKNOWN || b->os == XV_OS_LINUX)
            b->os = XV_OS_FREEBSD;
    } else if (strcmp(in, "/usr/libexec/ld.elf_so") == 0 || strcmp(in, "/libexec/ld.elf_so") == 0) {
        b->libc = XV_LIBC_NATIVE;
        b->os = XV_OS_NETBSD;
    } else if (strcmp(in, "/usr/libexec/ld.so") == 0) {
        b->libc = XV_LIBC_NATIVE;
        b->os = XV_OS_OPENBSD;
    } else if (strcmp(bn, "ld.so.1") == 0 &&
               (has_prefix(in, "/usr/lib/") || b->os == XV_OS_SOLARIS || b->os == XV_OS_ILLUMOS ||
                c->eh.e_machine == EM_SPARC || c->eh.e_machine == EM_SPARC32PLUS ||
                c->eh.e_machine == EM_SPARCV9)) {
        /* Solaris and illumos: /usr/lib/ld.so.1, /usr/lib/64/ld.so.1,
         * /usr/lib/amd64/ld.so.1, /usr/lib/sparcv9/ld.so.1 (and /lib/ld.so.1
         * on SPARC, where glibc's loader is ld-linux.so.2). */
        b->libc = XV_LIBC_NATIVE;
        if (b->os != XV_OS_ILLUMOS)
            b->os = XV_OS_SOLARIS;
    } else if (has_prefix(bn, "ld-linux") || has_prefix(bn, "ld64.so.") ||
               strcmp(in, "/lib/ld.so.1") == 0 || strcmp(in, "/lib32/ld.so.1") == 0 ||
               strcmp(in, "/lib64/ld.so.1") == 0) {
        /* glibc's loaders: ld-linux*.so.N; ld64.so.1/2 (ppc64, s390x); and
         * /lib/ld.so.1 on 32-bit powerpc, s390 and MIPS. */
        if (b->os == XV_OS_UNKNOWN || b->os == XV_OS_LINUX)
            b->libc = XV_LIBC_GLIBC;
    }
}

/* The C library named by DT_NEEDED, when no interpreter said. */
static void libc_from_needed(elf_ctx *c)
{
    xv_binary *b = c->b;
    for (size_t i = 0; i < b->ndeps && b->libc == XV_LIBC_UNKNOWN; i++) {
        const char *n = b->deps[i].name;
        if (strcmp(n, "libc.so.6") == 0 || strcmp(n, "libc.so.6.1") == 0)
            b->libc = XV_LIBC_GLIBC;
        else if (has_prefix(n, "libc.musl-") || strcmp(n, "libc.so") == 0)
            b->libc = XV_LIBC_MUSL;
        else if (strcmp(n, "libroot.so") == 0) {
            b->libc = XV_LIBC_NATIVE;
            if (b->os == XV_OS_UNKNOWN)
                b->os = XV_OS_HAIKU;
        } else if (strcmp(n, "libc.so.1") == 0 &&
                   (b->os == XV_OS_SOLARIS || b->os == XV_OS_ILLUMOS || b->os == XV_OS_UNKNOWN)) {
            b->libc = XV_LIBC_NATIVE;
            if (b->os == XV_OS_UNKNOWN)
                b->os = XV_OS_SOLARIS;
        } else if (strcmp(n, "libc.so.7") == 0 && b->os == XV_OS_FREEBSD) {
            b->libc = XV_LIBC_NATIVE;
        } else if (strcmp(n, "libc.so.12") == 0 && b->os == XV_OS_NETBSD) {
            b->libc = XV_LIBC_NATIVE;
        } else if (has_prefix(n, "libc.so.") && b->os == XV_OS_OPENBSD) {
            b->libc = XV_LIBC_NATIVE;
        }
    }
}

static void set_libc(elf_ctx *c)
{
    xv_binary *b = c->b;
    const char *in = b->interpreter;
    if (in)
        libc_from_interp(c, in);
    libc_from_needed(c);
    /* musl's libc.so is also the name bionic uses; an Android note decides. */
    if (b->os == XV_OS_ANDROID && b->libc == XV_LIBC_MUSL)
        b->libc = XV_LIBC_BIONIC;
    /* A BSD or Solaris file never uses glibc or musl. */
    if ((b->libc == XV_LIBC_GLIBC || b->libc == XV_LIBC_MUSL) && b->os != XV_OS_UNKNOWN &&
        b->os != XV_OS_LINUX)
        b->libc = XV_LIBC_NATIVE;
    /* No PT_DYNAMIC: statically linked (static-pie included). */
    if (b->libc == XV_LIBC_UNKNOWN && c->static_like &&
        (c->eh.e_type == ET_EXEC || c->eh.e_type == ET_DYN))
        b->libc = XV_LIBC_NONE;
    /* The OS, when neither OS/ABI nor a note said: the C library names it. */
    if (b->os == XV_OS_UNKNOWN && (b->libc == XV_LIBC_GLIBC || b->libc == XV_LIBC_MUSL))
        b->os = XV_OS_LINUX;
}

xv_status xv_elf_read(xv_image *img, const uint8_t *data, size_t size)
{
    elf_ctx c;
    xv_status st = XV_OK;
    memset(&c, 0, sizeof c);
    img->format = XV_FMT_ELF;
    pthread_once(&elf_once, elf_init);
    if (!elf_ready)
        return xv_img_fail(img, "libelf refused its version handshake");
    if (size < EI_NIDENT)
        return xv_img_fail(img, "truncated ELF identification (%zu bytes)", size);
    c.img = img;
    c.data = data;
    c.size = size;
    c.cls = data[EI_CLASS];
    c.big = data[EI_DATA] == ELFDATA2MSB;
    if (c.cls != ELFCLASS32 && c.cls != ELFCLASS64)
        return xv_img_fail(img, "bad ELF class %u", data[EI_CLASS]);
    if (data[EI_DATA] != ELFDATA2LSB && data[EI_DATA] != ELFDATA2MSB)
        return xv_img_fail(img, "bad ELF data encoding %u", data[EI_DATA]);

    /* elf_memory wants char *: see the comment at the top. */
    c.elf = elf_memory((char *)(uintptr_t)data, size);
    if (!c.elf)
        return xv_img_fail(img, "not readable as ELF: %s", elf_err());
    if (elf_kind(c.elf) != ELF_K_ELF) {
        elf_end(c.elf);
        return xv_img_fail(img, "not an ELF object");
    }
    c.b = xv_img_add_binary(img);
    c.x = xv_img_alloc(img, sizeof *c.x);
    if (!c.b || !c.x) {
        elf_end(c.elf);
        return XV_ENOMEM;
    }
    c.b->format = XV_FMT_ELF;
    c.b->elf = c.x;
    c.b->bits = c.cls == ELFCLASS64 ? 64 : 32;
    c.b->big_endian = c.big;
    if (!gelf_getehdr(c.elf, &c.eh)) {
        st = xv_img_fail(img, "truncated or invalid ELF header: %s", elf_err());
        goto out;
    }
    /* Say "truncated" plainly rather than through the first table libelf
     * then fails to read. */
    if (c.eh.e_phnum && !xv_range_ok(size, c.eh.e_phoff, (uint64_t)c.eh.e_phnum * c.eh.e_phentsize)) {
        st = xv_img_fail(img, "truncated: program header table at 0x%llx (%u entries) lies past the end of the file (%zu bytes)",
                         (unsigned long long)c.eh.e_phoff, c.eh.e_phnum, size);
        goto out;
    }
    if (c.eh.e_shnum && !xv_range_ok(size, c.eh.e_shoff, (uint64_t)c.eh.e_shnum * c.eh.e_shentsize)) {
        st = xv_img_fail(img, "truncated: section header table at 0x%llx (%u entries) lies past the end of the file (%zu bytes)",
                         (unsigned long long)c.eh.e_shoff, c.eh.e_shnum, size);
        goto out;
    }
    c.x->osabi = data[EI_OSABI];
    c.x->abiversion = data[EI_ABIVERSION];
    c.x->machine = c.eh.e_machine;
    c.x->eflags = c.eh.e_flags;
    set_arch(&c);
    set_os_from_osabi(&c);

    /* Section headers first (notes and tables), then program headers (which
     * read notes themselves only when there are no sections). */
    if ((st = read_sections(&c)) != XV_OK)
        goto out;
    if ((st = read_phdrs(&c)) != XV_OK)
        goto out;
    if ((st = read_dynamic(&c)) != XV_OK)
        goto out;
    if (!img->opts.no_symbols) {
        read_verdef(&c);
        read_verneed(&c);
        read_dynsym(&c);
    } else {
        read_verneed(&c);
    }
    xv_bin_compute_max_versions(img, c.b);
    set_kind(&c);
    set_libc(&c);
    if (c.b->hard.relro == XV_RELRO_PARTIAL && c.b->hard.bind_now == XV_YES)
        c.b->hard.relro = XV_RELRO_FULL;
    if (c.eh.e_type == ET_REL) {
        c.b->hard.relro = XV_RELRO_UNKNOWN;
        c.b->hard.bind_now = XV_UNKNOWN;
    } else if (c.static_like) {
        scan_symtab_hardening(&c);
    } else if (!img->opts.no_symbols) {
        xv_bin_scan_imports_hardening(c.b);
    }
out:
    elf_end(c.elf);
    return img->error ? XV_EFORMAT : st;
}
