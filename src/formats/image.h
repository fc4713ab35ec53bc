/* Private: the parsed image and the builder API the format readers fill it
 * with. Readers never allocate with malloc: everything lives in img->arena. */
#ifndef XV_FORMATS_IMAGE_H
#define XV_FORMATS_IMAGE_H

#include "xverify/binary.h"
#include "common/arena.h"

#define XV_MAX_BINARIES 64        /* fat slices */
#define XV_MAX_LIST (1u << 20)    /* deps, rpaths, sections, ... */
#define XV_DEFAULT_MAX_SYMBOLS 1000000u

struct xv_image {
    xv_arena arena;
    const char *name;
    xv_format format;
    uint64_t size;
    xv_binary *bins;
    size_t nbins;
    const char *error;            /* first fatal error, or NULL */
    xv_read_opts opts;            /* max_symbols resolved */
    /* While xv_image_read_file reads: the open file and its mapping, for a
     * long one-pass scan that reads faster with pread() (toolchain.c);
     * src_fd is -1 otherwise. */
    int src_fd;
    const uint8_t *src_map;
    const char *saved_json;       /* an image read back from a saved JSON
                                     result: its facts as saved, which
                                     xv_image_to_json gives back unchanged */
};

/* Appends a zeroed binary (file_size preset to the image size). NULL on OOM
 * or over XV_MAX_BINARIES (the error is then set). The pointer is stable
 * until the next xv_img_add_binary call. */
xv_binary *xv_img_add_binary(xv_image *img);
/* Sets the image error unless one is set already; returns XV_EFORMAT. */
xv_status xv_img_fail(xv_image *img, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void xv_img_warn(xv_image *img, xv_binary *b, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
char *xv_img_strdup(xv_image *img, const char *s);
char *xv_img_strndup(xv_image *img, const char *s, size_t n);
void *xv_img_alloc(xv_image *img, size_t n);

/* List builders: each returns the new element (zeroed, strings copied into the
 * arena) or NULL when out of memory or over the cap (warning recorded). */
xv_dep *xv_bin_add_dep(xv_image *img, xv_binary *b, const char *name, unsigned flags);
int xv_bin_add_rpath(xv_image *img, xv_binary *b, const char *path);
int xv_bin_add_runpath(xv_image *img, xv_binary *b, const char *path);
xv_sym *xv_bin_add_export(xv_image *img, xv_binary *b, const char *name);
xv_sym *xv_bin_add_import(xv_image *img, xv_binary *b, const char *name);
xv_verneed *xv_bin_add_verneed(xv_image *img, xv_binary *b, const char *lib, const char *ver);
xv_section *xv_bin_add_section(xv_image *img, xv_binary *b, const char *name,
                               uint64_t size, uint64_t offset, uint32_t flags);
xv_segment *xv_bin_add_segment(xv_image *img, xv_binary *b, const char *name);

/* Sets max_glibc/max_glibcxx/max_cxxabi from the verneeds and imports. */
void xv_bin_compute_max_versions(xv_image *img, xv_binary *b);
/* Sets canary/fortify from the imported symbol names (any format). */
void xv_bin_scan_imports_hardening(xv_binary *b);
/* Hex string of n bytes in the arena. */
char *xv_img_hex(xv_image *img, const uint8_t *p, size_t n);

/* Readers. Each fills img (format, binaries) from data[0..size). They return
 * XV_OK, XV_EFORMAT (img->error set; partial facts kept) or XV_ENOMEM. */
xv_status xv_elf_read(xv_image *img, const uint8_t *data, size_t size);
xv_status xv_macho_read(xv_image *img, const uint8_t *data, size_t size);
xv_status xv_pe_read(xv_image *img, const uint8_t *data, size_t size);

#endif
