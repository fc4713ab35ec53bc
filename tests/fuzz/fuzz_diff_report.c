/* Fuzz target: a JSON report of an earlier run read as one side of
 * `xverify diff` (src/core/diff_json.c), compared with itself (no change may
 * be found: the same facts on both sides) and rendered in every format; and
 * the version stripper of member names on the raw bytes with a small output
 * buffer. Must not crash, hang or leak. The replay driver runs
 * tests/fuzz/corpus/diff_report/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/diff_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    char name[256], out[24];
    size_t nl = size < sizeof name - 1 ? size : sizeof name - 1;
    memcpy(name, data, nl);
    name[nl] = 0;
    xv_diff_strip_versions(name, "#", out, sizeof out);
    if (!memchr(out, 0, sizeof out))
        abort();

    char err[256];
    xv_diff_report *a = NULL, *b = NULL;
    xv_diff_side **sa = NULL, **sb = NULL;
    size_t na = 0, nb = 0;
    if (xv_diff_report_parse((const char *)data, size, &a, &sa, &na, err, sizeof err) != XV_OK) {
        if (!memchr(err, 0, sizeof err))
            abort();
        return 0;
    }
    if (xv_diff_report_parse((const char *)data, size, &b, &sb, &nb, err, sizeof err) != XV_OK || na != nb)
        abort();
    xv_diff *d = NULL;
    if (xv_diff_sides(sa, na, sb, nb, NULL, &d) == XV_OK && d) {
        /* identical sides: only members sharing a key with another member of
         * the same side can look changed, never a binary against itself */
        for (size_t f = XV_DIFF_TEXT; f <= XV_DIFF_HTML; f++)
            free(xv_diff_render(d, (xv_diff_format)f, "old", "new", NULL, NULL));
    }
    xv_diff_free(d);
    xv_diff_report_free(a, sa, na);
    xv_diff_report_free(b, sb, nb);
    return 0;
}
