/* Private: toolchain facts (Go build info, Rust and C/C++ compiler marks),
 * read after a format reader has listed a binary's sections. The two Go
 * parsers are pure functions over untrusted bytes so the fuzz target can
 * drive them without an image. */
#ifndef XV_FORMATS_TOOLCHAIN_H
#define XV_FORMATS_TOOLCHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "formats/image.h"

/* The magic that starts Go's build info blob ("\xff Go buildinf:"). */
#define XV_GO_BUILDINFO_MAGIC "\xff Go buildinf:"
#define XV_GO_BUILDINFO_MAGIC_LEN 14

/* Spans into the input of one build info blob. */
typedef struct xv_go_blob {
    const char *version;     /* "go1.19.8", not NUL-terminated; NULL if absent */
    size_t version_len;
    const char *modinfo;     /* module info text without its sentinels, or NULL */
    size_t modinfo_len;
    int pointer_format;      /* pre-1.18 blob: version and modinfo are pointers */
} xv_go_blob;

/* Parses a build info blob at p[0..n) (starting with the magic). Returns 1
 * when it is one (spans set, each inside p[0..n)), 0 otherwise. */
int xv_go_blob_parse(const uint8_t *p, size_t n, xv_go_blob *out);

/* Walks the module info text line by line: for each line calls
 * fn(key, klen, val, vlen, arg) where key is the first tab-separated field
 * ("path", "mod", "dep", "build") and val the rest of the line. At most
 * `max_lines` lines. Returns the number of lines seen. */
size_t xv_go_modinfo_walk(const char *s, size_t n, size_t max_lines,
                          void (*fn)(const char *key, size_t klen, const char *val,
                                     size_t vlen, void *arg),
                          void *arg);

/* The first "/rustc/<40 lowercase hex>/library/" in p[0..n) (the source path
 * of Rust's standard library), or NULL. */
const uint8_t *xv_tc_find_rust_path(const uint8_t *p, size_t n);
/* The same search over n bytes of an open file from offset `off`, read with
 * pread() `chunk` bytes at a time (at least twice a path's length). 1 and
 * the commit in out[0..40), 0 when there is none, -1 when the file could not
 * be read (short, or an I/O error). */
int xv_tc_find_rust_path_fd(int fd, uint64_t off, size_t n, size_t chunk, char out[40]);

/* Fills b->toolchain from the bytes of this binary (data[0..size): the file,
 * or the slice of a universal Mach-O, which section offsets are relative to). */
void xv_tc_detect(xv_image *img, xv_binary *b, const uint8_t *data, size_t size);

#endif
