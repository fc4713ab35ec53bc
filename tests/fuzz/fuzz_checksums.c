/* libFuzzer target for the checksum-list parser (src/dist/checksums.c):
 * any bytes as a checksums.txt / SHA256SUMS / *.sha256 sidecar. Each line
 * goes through xv_sum_parse_line (with and without a sidecar name) and the
 * whole text through xv_checksums_judge, as the walk would hand it over, with
 * the list in a folder that does not exist so every listed name is judged
 * "missing" without reading the disk. Must not crash, hang or leak. The
 * replay driver runs tests/fuzz/corpus/checksums/ under ctest. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dist/checksums.h"
#include "dist/dist_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void emit(void *ud, xv_verdict v, const char *subject, const char *package,
                 const char *hint, const char *message)
{
    size_t *t = ud;
    if (!subject || !message)
        abort();
    *t += strlen(subject) + strlen(message) + (hint ? strlen(hint) : 0) +
          (package ? strlen(package) : 0) + (size_t)v;
}

static void check_line(const xv_sum_line *sl, int rc)
{
    if (rc < -1 || rc > 1)
        abort();
    if (rc != 1)
        return;
    /* a parsed line has a digest of a known length and a non-empty name */
    if ((sl->dlen != 32 && sl->dlen != 64) || sl->name[0] == '\0' ||
        memchr(sl->name, '\0', sizeof sl->name) == NULL)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > XV_DIST_MAX_SUMTEXT)
        return 0;
    /* the walk keeps the list NUL-terminated (add_checksum_file) */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);
    text[size] = '\0';

    size_t pos = 0;
    while (pos < size) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', size - pos);
        size_t len = nl ? (size_t)(nl - line) : size - pos;
        /* an exact-size copy, so ASan sees any read past the line */
        char *copy = malloc(len ? len : 1);
        if (!copy)
            break;
        if (len)
            memcpy(copy, line, len);
        xv_sum_line sl;
        check_line(&sl, xv_sum_parse_line(copy, len, NULL, &sl));
        check_line(&sl, xv_sum_parse_line(copy, len, "dist/app_1.0_linux_amd64.tar.gz.sha256", &sl));
        check_line(&sl, xv_sum_parse_line(copy, len, ".sha512", &sl));
        free(copy);
        pos += len + 1;
    }

    static const char *const names[] = {
        "/nonexistent-xv-fuzz/checksums.txt",
        "/nonexistent-xv-fuzz/app_1.0_linux_amd64.tar.gz.sha256",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        xv_checksum_file sum;
        memset(&sum, 0, sizeof sum);
        sum.path = names[i];
        sum.text = text;
        sum.len = size;
        xv_dist d;
        memset(&d, 0, sizeof d);
        d.sums = &sum;
        d.nsums = 1;
        d.sumcap = 1;
        volatile size_t t = 0;
        size_t acc = 0;
        xv_checksums_judge(&d, emit, &acc);
        t = acc;
        (void)t;
    }
    free(text);
    return 0;
}
