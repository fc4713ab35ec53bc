/* libFuzzer target for platform inference (src/dist/platform.c): any bytes
 * as a file/folder name or path through xv_platform_from_name and as a matrix
 * key through xv_platform_parse. Checks the contract: 1 means an OS was
 * recognised, id and token are NUL-terminated inside their arrays, the token
 * is a substring of the name, and an inferred id with an arch parses back to
 * the same OS and arch (a matrix can name what a file name states). Must not
 * crash, hang or leak. The replay driver runs tests/fuzz/corpus/platform/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xverify/dist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const xv_platform *p, int rc, const char *name)
{
    if (rc != 0 && rc != 1)
        abort();
    if (!memchr(p->id, '\0', sizeof p->id) || !memchr(p->token, '\0', sizeof p->token))
        abort();
    if (!rc) {
        if (p->os != XV_OS_UNKNOWN || p->arch || p->id[0] || p->token[0])
            abort(); /* "not recognised" leaves a zeroed platform */
        return;
    }
    if (p->os == XV_OS_UNKNOWN || !p->id[0])
        abort();
    if (p->arch)
        (void)strlen(p->arch);
    /* the token is cut from the name (possibly truncated to the array) */
    if (p->token[0] && !strstr(name, p->token) && strlen(p->token) < sizeof p->token - 1)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *name = malloc(size + 1);
    if (!name)
        return 0;
    if (size)
        memcpy(name, data, size);
    name[size] = '\0';

    xv_platform p, q;
    int rc = xv_platform_from_name(name, &p);
    check(&p, rc, name);
    if (rc == 1 && p.arch) {
        if (xv_platform_parse(p.id, &q) != 1 || q.os != p.os || !q.arch ||
            strcmp(q.arch, p.arch) != 0)
            abort();
    }
    rc = xv_platform_parse(name, &q);
    if (rc == 1 && (q.os == XV_OS_UNKNOWN || !q.arch || q.token[0] || !q.id[0]))
        abort();
    if (rc != 1 && (q.os != XV_OS_UNKNOWN || q.arch || q.id[0]))
        abort();
    /* NULL platform pointer and NULL name are accepted */
    (void)xv_platform_from_name(name, NULL);
    (void)xv_platform_parse(name, NULL);
    if (xv_platform_from_name(NULL, &p) != 0 || xv_platform_parse(NULL, &q) != 0)
        abort();
    free(name);
    return 0;
}
