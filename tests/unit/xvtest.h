/* Helpers shared by the cmocka unit tests. */
#ifndef XV_TEST_H
#define XV_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xverify/binary.h"

/* $XV_FIXTURES/<rel>, in a static buffer (one at a time). */
static inline const char *xv_fixture(const char *rel)
{
    static char buf[4096];
    const char *d = getenv("XV_FIXTURES");
    snprintf(buf, sizeof buf, "%s/%s", d ? d : "fixtures-not-built", rel);
    return buf;
}

/* Skips the current test with a reason; under CI=true fails it instead, so a
 * missing tool or fixture cannot hide in CI. */
#define XV_SKIP_OR_FAIL(...)                                                  \
    do {                                                                      \
        const char *ci_ = getenv("CI");                                       \
        fprintf(stderr, "skip: " __VA_ARGS__);                                \
        fprintf(stderr, "\n");                                                \
        if (ci_ && strcmp(ci_, "true") == 0)                                  \
            fail_msg("a skip is a failure under CI=true");                    \
        skip();                                                               \
    } while (0)

/* Lookups in a binary's lists by name; NULL when absent. */
static inline const xv_dep *xv_find_dep(const xv_binary *b, const char *name)
{
    for (size_t i = 0; i < b->ndeps; i++)
        if (strcmp(b->deps[i].name, name) == 0)
            return &b->deps[i];
    return NULL;
}

static inline const xv_sym *xv_find_sym(const xv_sym *s, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (s[i].name && strcmp(s[i].name, name) == 0)
            return &s[i];
    return NULL;
}

static inline const xv_section *xv_find_section(const xv_binary *b, const char *name)
{
    for (size_t i = 0; i < b->nsections; i++)
        if (strcmp(b->sections[i].name, name) == 0)
            return &b->sections[i];
    return NULL;
}

#endif
