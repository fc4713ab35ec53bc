/* libFuzzer target for the Go build info parser (src/formats/toolchain.c):
 * any bytes as a build info blob through xv_go_blob_parse, then its module
 * info (or the raw bytes) through xv_go_modinfo_walk. Checks the contract:
 * every span lies inside the input, a parsed version starts with "go" or
 * "devel", each line's key and value lie inside the text. Must not crash,
 * hang or leak. The replay driver runs tests/fuzz/corpus/buildinfo/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formats/toolchain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct span_check {
    const char *base;
    size_t len;
    size_t lines;
} span_check;

static int inside(const span_check *s, const char *p, size_t n)
{
    return p >= s->base && (size_t)(p - s->base) <= s->len && n <= s->len - (size_t)(p - s->base);
}

static void line(const char *key, size_t klen, const char *val, size_t vlen, void *arg)
{
    span_check *s = arg;
    if (!inside(s, key, klen) || !inside(s, val, vlen) || memchr(key, '\n', klen) ||
        memchr(val, '\n', vlen))
        abort();
    s->lines++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xv_go_blob b;
    span_check whole = { (const char *)data, size, 0 };
    if (xv_go_blob_parse(data, size, &b)) {
        if (b.version && (!inside(&whole, b.version, b.version_len) || b.version_len < 3 ||
                          (memcmp(b.version, "go", 2) != 0 &&
                           (b.version_len < 5 || memcmp(b.version, "devel", 5) != 0))))
            abort();
        if (b.modinfo) {
            if (!inside(&whole, b.modinfo, b.modinfo_len) || !b.version)
                abort();
            span_check s = { b.modinfo, b.modinfo_len, 0 };
            size_t n = xv_go_modinfo_walk(b.modinfo, b.modinfo_len, 1000, line, &s);
            if (n != s.lines || n > 1000)
                abort();
        }
        if (b.pointer_format && (b.version || b.modinfo))
            abort();
    } else if (b.version || b.modinfo || b.pointer_format) {
        abort(); /* "not a blob" leaves the result zeroed */
    }
    /* The walker on arbitrary text, with a small line cap. */
    span_check s = { (const char *)data, size, 0 };
    size_t n = xv_go_modinfo_walk((const char *)data, size, 16, line, &s);
    if (n > 16 || n != s.lines)
        abort();
    (void)xv_go_modinfo_walk(NULL, size, 16, NULL, NULL);
    return 0;
}
