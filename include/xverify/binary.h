/* The binary model: format-independent facts read from one ELF, Mach-O or PE
 * file (one xv_binary per slice of a universal Mach-O).
 *
 * Ownership: an xv_image owns every xv_binary it holds and every string and
 * array reachable from them. All of it stays valid until xv_image_free() and
 * none of it points into the bytes that were read: the input buffer may be
 * unmapped or freed as soon as xv_image_read() returns.
 *
 * Strings are NUL-terminated UTF-8 or raw bytes from the file (never NULL
 * unless documented); arrays are (pointer, count) pairs, the pointer NULL when
 * the count is 0. */
#ifndef XVERIFY_BINARY_H
#define XVERIFY_BINARY_H

#include <stdio.h>

#include "xverify/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum xv_format {
    XV_FMT_NONE = 0,   /* not a binary format xverify reads */
    XV_FMT_ELF,
    XV_FMT_MACHO,      /* a thin Mach-O file */
    XV_FMT_MACHO_FAT,  /* a universal (fat) Mach-O; one xv_binary per slice */
    XV_FMT_PE,
    XV_FMT_AR          /* a static library (ar archive); members not parsed */
} xv_format;

typedef enum xv_kind {
    XV_KIND_UNKNOWN = 0,
    XV_KIND_EXE,       /* fixed-address executable (ELF ET_EXEC, PE .exe w/o relocs, Mach-O MH_EXECUTE w/o PIE) */
    XV_KIND_PIE,       /* position-independent executable */
    XV_KIND_SHARED,    /* ELF ET_DYN library, Mach-O MH_DYLIB, PE DLL */
    XV_KIND_OBJECT,    /* relocatable object */
    XV_KIND_STATIC_LIB,
    XV_KIND_CORE,
    XV_KIND_BUNDLE,    /* Mach-O MH_BUNDLE (loadable plugin, e.g. a .node addon) */
    XV_KIND_DYLINKER   /* a dynamic loader itself (ld.so, dyld) */
} xv_kind;

typedef enum xv_os {
    XV_OS_UNKNOWN = 0,
    XV_OS_LINUX,
    XV_OS_MACOS,
    XV_OS_IOS,         /* iOS, tvOS, watchOS, visionOS and their simulators */
    XV_OS_WINDOWS,
    XV_OS_FREEBSD,
    XV_OS_NETBSD,
    XV_OS_OPENBSD,
    XV_OS_SOLARIS,
    XV_OS_ANDROID,
    XV_OS_ILLUMOS,
    XV_OS_HAIKU
} xv_os;

typedef enum xv_libc {
    XV_LIBC_UNKNOWN = 0,
    XV_LIBC_NONE,      /* statically linked or no C library needed */
    XV_LIBC_GLIBC,
    XV_LIBC_MUSL,
    XV_LIBC_BIONIC,
    XV_LIBC_MSVCRT,    /* PE linked against msvcrt.dll (MinGW classic) */
    XV_LIBC_UCRT,      /* PE linked against the Universal CRT */
    XV_LIBC_SYSTEM,    /* macOS libSystem */
    XV_LIBC_NATIVE     /* the OS's own C library: BSD libc, Solaris/illumos
                          libc.so.1, Haiku libroot */
} xv_libc;

/* Flags of a needed library. */
enum {
    XV_DEP_WEAK = 1u << 0,     /* LC_LOAD_WEAK_DYLIB: may be absent at run time */
    XV_DEP_DELAY = 1u << 1,    /* PE delay-load import */
    XV_DEP_REEXPORT = 1u << 2, /* LC_REEXPORT_DYLIB */
    XV_DEP_LAZY = 1u << 3,     /* LC_LAZY_LOAD_DYLIB */
    XV_DEP_UPWARD = 1u << 4    /* LC_LOAD_UPWARD_DYLIB */
};

typedef struct xv_dep {
    const char *name;          /* DT_NEEDED soname, dylib load path, or DLL name */
    unsigned flags;            /* XV_DEP_* */
    uint32_t current_version;  /* Mach-O: xxxx.yy.zz packed as in the file; else 0 */
    uint32_t compat_version;
} xv_dep;

/* Flags of a symbol. */
enum {
    XV_SYM_FUNC = 1u << 0,
    XV_SYM_DATA = 1u << 1,
    XV_SYM_WEAK = 1u << 2,
    XV_SYM_BY_ORDINAL = 1u << 3, /* PE import/export by ordinal only; name may be "#<n>" */
    XV_SYM_FORWARDER = 1u << 4,  /* PE export forwarded: see forward */
    XV_SYM_HIDDEN_VER = 1u << 5, /* ELF version marked hidden (sym@VER, not @@VER) */
    XV_SYM_REEXPORT = 1u << 6,   /* Mach-O re-exported symbol */
    XV_SYM_DELAY = 1u << 7       /* PE delay-load import */
};

typedef struct xv_sym {
    const char *name;
    const char *version;       /* ELF symbol version ("GLIBC_2.34"), else NULL */
    const char *library;       /* where an import comes from: ELF verneed file,
                                  Mach-O two-level dylib, PE DLL; else NULL */
    const char *forward;       /* PE forwarder as stored ("kernel32.GetTickCount"),
                                  Mach-O re-export name; else NULL */
    uint32_t ordinal;          /* PE ordinal, else 0 */
    unsigned flags;            /* XV_SYM_* */
} xv_sym;

/* One required symbol version (ELF .gnu.version_r), grouped by library. */
typedef struct xv_verneed {
    const char *library;       /* "libc.so.6" */
    const char *version;       /* "GLIBC_2.34" */
    int weak;                  /* VER_FLG_WEAK */
} xv_verneed;

typedef struct xv_section {
    const char *name;
    uint64_t size;             /* bytes in the file's address space (bss: memory size) */
    uint64_t offset;           /* file offset, 0 when it occupies none */
    uint32_t flags;            /* XV_SEC_* */
} xv_section;

enum {
    XV_SEC_EXEC = 1u << 0,
    XV_SEC_WRITE = 1u << 1,
    XV_SEC_ALLOC = 1u << 2,
    XV_SEC_NOBITS = 1u << 3,   /* occupies no file bytes (.bss, zerofill) */
    XV_SEC_DEBUG = 1u << 4     /* debug information */
};

typedef struct xv_segment {
    const char *name;          /* Mach-O segname, ELF "LOAD"/"GNU_STACK"/..., PE "" */
    uint64_t vaddr, vsize, offset, filesize;
    uint32_t flags;            /* XV_SEG_R/W/X */
} xv_segment;

enum { XV_SEG_R = 4u, XV_SEG_W = 2u, XV_SEG_X = 1u };

typedef enum xv_relro { XV_RELRO_UNKNOWN = 0, XV_RELRO_NONE, XV_RELRO_PARTIAL, XV_RELRO_FULL } xv_relro;

/* What FORTIFY_SOURCE did, from the imported C library functions (checksec's
 * "fortified / fortifiable" counts turned into one fact). */
typedef enum xv_fortify {
    XV_FORTIFY_UNKNOWN = 0,    /* not judged (static, object, no symbols read) */
    XV_FORTIFY_FORTIFIED,      /* imports at least one *_chk function */
    XV_FORTIFY_UNFORTIFIED,    /* imports fortifiable functions (strcpy, sprintf,
                                  printf, read, ...) and no *_chk variant */
    XV_FORTIFY_NOTHING         /* imports no function FORTIFY could check */
} xv_fortify;

/* Hardening facts. Each is XV_UNKNOWN where the format cannot state it. */
typedef struct xv_hardening {
    xv_tri pie;                /* position independent (ELF ET_DYN exe, MH_PIE, PE DYNAMICBASE+relocs) */
    xv_tri nx;                 /* non-executable stack/data (GNU_STACK not X, NX_COMPAT, !ALLOW_STACK_EXECUTION) */
    xv_relro relro;            /* ELF */
    xv_tri bind_now;           /* ELF DF_BIND_NOW / DF_1_NOW */
    xv_tri canary;             /* imports __stack_chk_fail / __stack_chk_guard (PE: /GS via load config) */
    xv_tri fortify;            /* imports a *_chk function */
    xv_tri textrel;            /* ELF DT_TEXTREL / DF_TEXTREL: YES is bad */
    xv_tri ibt, shstk;         /* x86 GNU property */
    xv_tri bti, pac;           /* AArch64 GNU property */
    xv_tri high_entropy_va;    /* PE */
    xv_tri cfg;                /* PE GUARD_CF */
    xv_tri force_integrity;    /* PE */
    xv_tri no_seh;             /* PE */
    xv_tri appcontainer;       /* PE */
    xv_tri no_heap_exec;       /* Mach-O MH_NO_HEAP_EXECUTION */
    xv_tri code_signed;        /* Mach-O LC_CODE_SIGNATURE, PE certificate table */
    xv_fortify fortify_state;  /* see xv_fortify */
    uint32_t fortified;        /* number of *_chk functions imported */
    uint32_t fortifiable;      /* number of fortifiable functions imported plain */
} xv_hardening;

/* A version as major.minor.patch (macOS minos/sdk, PE subsystem version). */
typedef struct xv_osver {
    uint16_t major;
    uint8_t minor, patch;
} xv_osver;

/* ELF-only facts. */
typedef struct xv_elf_extra {
    uint8_t osabi;             /* e_ident[EI_OSABI] */
    uint8_t abiversion;
    uint16_t machine;          /* e_machine */
    uint32_t eflags;           /* e_flags (ARM float ABI, RISC-V ABI, MIPS ABI) */
    const char *debuglink;     /* .gnu_debuglink file name, else NULL */
    uint32_t dt_flags, dt_flags_1;
    int has_dynamic;           /* has a PT_DYNAMIC segment */
    int exec_stack;            /* PT_GNU_STACK present and executable, or absent on a
                                  platform whose default is executable */
    int gnu_stack_present;
} xv_elf_extra;

/* Mach-O-only facts. */
typedef struct xv_macho_extra {
    uint32_t cputype, cpusubtype;
    uint32_t filetype;         /* MH_EXECUTE, MH_DYLIB, ... */
    uint32_t flags;            /* mach_header flags */
    const char *platform;      /* "macos", "ios", "ios-simulator", "tvos", ... or NULL */
    xv_osver sdk;
    uint32_t id_current_version, id_compat_version; /* LC_ID_DYLIB */
    int has_main;              /* LC_MAIN */
    uint64_t entryoff;
    int encrypted;             /* LC_ENCRYPTION_INFO with cryptid != 0 */
    uint64_t slice_offset, slice_size; /* within a fat file; 0/file size when thin */
    uint32_t slice_align;
} xv_macho_extra;

/* PE-only facts. */
typedef struct xv_pe_extra {
    uint16_t machine;          /* COFF machine */
    uint16_t characteristics;  /* COFF characteristics */
    int pe32plus;              /* 1 for PE32+, 0 for PE32 */
    uint16_t subsystem;        /* IMAGE_SUBSYSTEM_* */
    const char *subsystem_name;/* "windows-gui", "windows-cui", "efi-application", ... */
    xv_osver os_version;       /* Major/MinorOperatingSystemVersion */
    uint16_t dll_characteristics;
    int large_address_aware;
    int is_dotnet;             /* has a CLR runtime header */
    int has_certificate;       /* certificate table (Authenticode) present */
    uint64_t overlay_size;     /* bytes after the last section and before/outside the cert */
    uint64_t image_base;
    const char *export_name;   /* DLL name in the export directory, else NULL */
} xv_pe_extra;

/* The language a binary was written in, as far as its bytes say. */
typedef enum xv_lang {
    XV_LANG_UNKNOWN = 0, /* no marker: judged like C/C++ */
    XV_LANG_C,           /* C or C++ (a C compiler's marks, no C++ runtime) */
    XV_LANG_CXX,         /* needs a C++ runtime (libstdc++, libc++, msvcp) */
    XV_LANG_GO,          /* Go build info, Go build id note or pclntab */
    XV_LANG_RUST         /* rustc version comment or Rust std paths */
} xv_lang;

/* Go build information (Go 1.18+ inline format: the version string and the
 * module info that `go version -m` prints). Every string may be NULL when
 * the build did not record it. */
typedef struct xv_go_info {
    const char *version;       /* "go1.19.8"; NULL for the pre-1.18 pointer format */
    const char *path;          /* main package path ("example.com/x/cmd/x") */
    const char *module;        /* main module path ("example.com/x") */
    const char *module_version;/* "(devel)", "v1.2.3" */
    xv_tri cgo;                /* build CGO_ENABLED=1 / 0 */
    const char *goos, *goarch; /* build GOOS / GOARCH */
    const char *buildmode;     /* build -buildmode ("exe", "pie", "c-shared") */
    xv_tri trimpath;           /* build -trimpath=true */
    const char *ldflags;       /* build -ldflags as recorded */
    const char *vcs_revision;  /* build vcs.revision */
    xv_tri vcs_modified;       /* build vcs.modified */
    const char *build_id;      /* .note.go.buildid (ELF) */
} xv_go_info;

/* Toolchain facts: who built the binary. */
typedef struct xv_toolchain {
    xv_lang lang;
    const char *compiler;      /* C/C++ compiler: "GCC 12.2.0", "clang 14.0.6",
                                  "MSVC" (Rich header); else NULL */
    const char *linker;        /* "LLD 14.0.6" (ELF .comment), PE "linker 14.29" /
                                  "GNU ld 2.40"; else NULL */
    const char *rust_version;  /* "1.75.0" from "rustc version 1.75.0 (...)", else NULL */
    const char *rust_commit;   /* rustc commit hash from a "/rustc/<hash>/" std path */
    int msvc_rich;             /* PE: a valid Rich header (MSVC link.exe) */
    const xv_go_info *go;      /* non-NULL for Go binaries with build info */
} xv_toolchain;

typedef struct xv_binary {
    xv_format format;          /* XV_FMT_ELF, XV_FMT_MACHO (also for a fat slice), XV_FMT_PE */
    xv_kind kind;
    const char *arch;          /* canonical name, see xv_arch_names; "unknown" if not mapped */
    const char *arch_variant;  /* "arm64e", "x86_64h", "armv7s", "armhf"..., else NULL */
    int bits;                  /* 32 or 64 */
    int big_endian;            /* 1 for big endian */
    xv_os os;                  /* from OS/ABI, notes, load commands, or the format itself */
    xv_libc libc;
    const char *interpreter;   /* ELF PT_INTERP, Mach-O LC_LOAD_DYLINKER, else NULL */
    const char *soname;        /* ELF DT_SONAME, Mach-O LC_ID_DYLIB install name,
                                  PE export-directory DLL name; else NULL */

    const xv_dep *deps;        /* needed libraries, in file order */
    size_t ndeps;
    const char *const *rpath;  /* ELF DT_RPATH entries (split on ':'), Mach-O LC_RPATH */
    size_t nrpath;
    const char *const *runpath;/* ELF DT_RUNPATH entries (split on ':') */
    size_t nrunpath;

    const xv_sym *exports;     /* defined dynamic symbols / export trie / export dir */
    size_t nexports;
    const xv_sym *imports;     /* undefined dynamic symbols / undefined nlist / import dir */
    size_t nimports;
    const xv_verneed *verneeds;/* required symbol versions grouped by library (ELF) */
    size_t nverneeds;
    const char *max_glibc;     /* highest GLIBC_x.y required, e.g. "GLIBC_2.34", else NULL */
    const char *max_glibcxx;   /* highest GLIBCXX_ */
    const char *max_cxxabi;    /* highest CXXABI_ */

    xv_osver min_os;           /* Mach-O minos, PE subsystem version; zero when unknown */
    xv_hardening hard;

    const char *build_id;      /* ELF build-id or Mach-O UUID as lowercase hex, else NULL */
    const char *pdb_path;      /* PE CodeView PDB path, else NULL */
    int has_debug;             /* debug sections present (.debug_*, __DWARF, PE debug sections) */
    int stripped;              /* no static symbol table */

    uint64_t file_size;        /* bytes of this binary (a fat slice: the slice) */
    uint64_t size_text, size_rodata, size_data, size_bss, size_debug;
    const xv_section *sections;
    size_t nsections;
    const xv_segment *segments;
    size_t nsegments;

    const char *const *warnings; /* non-fatal oddities found while reading */
    size_t nwarnings;

    const xv_elf_extra *elf;   /* non-NULL only for its format */
    const xv_macho_extra *macho;
    const xv_pe_extra *pe;

    xv_toolchain toolchain;    /* language and toolchain facts (any format) */
} xv_binary;

/* A parsed file: one or more binaries (slices), or an error. Opaque. */
typedef struct xv_image xv_image;

typedef struct xv_read_opts {
    int no_symbols;            /* skip export/import symbol tables and the scan
                                  of read-only data for Rust std paths (faster) */
    size_t max_symbols;        /* cap per table; 0 = default (1,000,000) */
} xv_read_opts;

/* Tells which format the bytes claim, from magic numbers only. */
XV_API xv_format xv_detect(const void *data, size_t size);

/* Reads a binary from memory. `name` is used in messages (a logical path).
 * On XV_OK or XV_EFORMAT, *out receives an image the caller frees with
 * xv_image_free(). With XV_EFORMAT the image's xv_image_error() says what is
 * wrong, and binaries read before the fault (e.g. good fat slices) are kept.
 * XV_EFORMAT is also returned for bytes of no known format (XV_FMT_NONE).
 * `opts` may be NULL. */
XV_API xv_status xv_image_read(const void *data, size_t size, const char *name,
                               const xv_read_opts *opts, xv_image **out);

/* Maps the file at `path` read-only and reads it; the name is `path`. */
XV_API xv_status xv_image_read_file(const char *path, const xv_read_opts *opts,
                                    xv_image **out);

XV_API xv_format xv_image_format(const xv_image *img);
XV_API const char *xv_image_name(const xv_image *img);
XV_API size_t xv_image_count(const xv_image *img);
/* Returns binary i (0-based) or NULL if i >= count. Owned by img. */
XV_API const xv_binary *xv_image_binary(const xv_image *img, size_t i);
/* The reason the file could not be read entirely ("truncated section header
 * table at 0x1234"), prefixed by nothing: the caller adds the name. NULL when
 * the whole file was read. Owned by img. */
XV_API const char *xv_image_error(const xv_image *img);
XV_API uint64_t xv_image_size(const xv_image *img);
/* Accepts NULL. */
XV_API void xv_image_free(xv_image *img);

/* Names for enums (static strings). */
XV_API const char *xv_format_name(xv_format f);
XV_API const char *xv_kind_name(xv_kind k);
XV_API const char *xv_os_name(xv_os os);
XV_API const char *xv_libc_name(xv_libc l);
XV_API const char *xv_lang_name(xv_lang l);
/* "fortified", "fortifiable but not fortified", "nothing to fortify", "unknown". */
XV_API const char *xv_fortify_name(xv_fortify f);   /* "c", "c++", "go", "rust", "unknown" */
/* One line naming the toolchain for people: "Go 1.19.8, module example.com/x,
 * CGO off", "Rust 1.75.0", "C/C++ (GCC 12.2.0)". Writes into buf (always
 * NUL-terminated) and returns it; "" when nothing is known. */
XV_API const char *xv_toolchain_summary(const xv_binary *b, char *buf, size_t len);

/* Compares dotted versions numerically, ignoring a common alphabetic prefix:
 * "GLIBC_2.9" < "GLIBC_2.34". Returns <0, 0, >0. */
XV_API int xv_version_cmp(const char *a, const char *b);

/* Serialises the image as a JSON object (documented in docs/inspect-json.md).
 * Returns a malloc'd NUL-terminated string the caller frees, or NULL on OOM. */
XV_API char *xv_image_to_json(const xv_image *img);

/* The same JSON object written straight to `out` as it is made (no string in
 * memory). XV_EIO when a write fails. */
XV_API xv_status xv_image_write_json(const xv_image *img, FILE *out);

/* Appends a human-readable description of the image to a malloc'd string
 * (one "key: value" per line, lists indented). Caller frees. */
XV_API char *xv_image_to_text(const xv_image *img);

#ifdef __cplusplus
}
#endif
#endif
