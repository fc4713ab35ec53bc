/* libFuzzer target for the wheel metadata readers (src/dist/meta.c,
 * src/dist/record.c): any bytes as a *.dist-info/WHEEL through
 * xv_meta_parse_wheel, and each line as a RECORD line through
 * xv_record_parse_line. Checks the contract: at most 16 tags, a parsed RECORD
 * line has a non-empty path and, when hashed, a digest of 1..64 bytes with an
 * algorithm name. Must not crash, hang or leak. The replay driver runs
 * tests/fuzz/corpus/wheel/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dist/meta.h"
#include "dist/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xv_arena ar;
    xv_arena_init(&ar);
    xv_wheel_meta w;
    int rc = xv_meta_parse_wheel((const char *)data, size, &ar, &w);
    if ((rc != 0 && rc != -1) || w.ntags > 16)
        abort();
    for (size_t i = 0; i < w.ntags; i++)
        (void)strlen(w.tags[i]);
    xv_arena_free(&ar);

    const char *s = (const char *)data;
    size_t i = 0;
    while (i <= size) {
        size_t st = i;
        while (i < size && s[i] != '\n')
            i++;
        xv_record_line l;
        rc = xv_record_parse_line(s + st, i - st, &l);
        if (rc < -1 || rc > 1)
            abort();
        if (rc == 1) {
            if (!l.path[0] || !memchr(l.path, '\0', sizeof l.path) ||
                !memchr(l.algo, '\0', sizeof l.algo))
                abort();
            if (l.algo[0] && (l.dlen == 0 || l.dlen > sizeof l.digest))
                abort();
        }
        i++;
    }
    return 0;
}
