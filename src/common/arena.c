#include "common/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct xv_arena_block {
    xv_arena_block *next;
    size_t size;
    max_align_t data[];
};

#define ARENA_BLOCK (64u * 1024u)
#define ARENA_DEFAULT_CAP ((size_t)1 << 30)

void xv_arena_init(xv_arena *a)
{
    memset(a, 0, sizeof *a);
}

void xv_arena_free(xv_arena *a)
{
    if (!a)
        return;
    xv_arena_block *b = a->head;
    while (b) {
        xv_arena_block *n = b->next;
        free(b);
        b = n;
    }
    memset(a, 0, sizeof *a);
}

/* Not zeroed: for copies that fill all of it. */
static void *arena_alloc_raw(xv_arena *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    size_t cap = a->cap ? a->cap : ARENA_DEFAULT_CAP;
    if (n > cap)
        return NULL;
    n = (n + align - 1) / align * align;
    if (n == 0)
        n = align;
    if (!a->head || a->head->size - a->used < n) {
        size_t bsz = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
        if (a->total > cap - bsz)
            return NULL;
        xv_arena_block *b = malloc(sizeof *b + bsz);
        if (!b)
            return NULL;
        b->size = bsz;
        a->total += bsz;
        if (bsz == n && a->head) {
            /* A large allocation gets its own block behind the head so the
             * head's free space is not wasted. */
            b->next = a->head->next;
            a->head->next = b;
            return b->data;
        }
        b->next = a->head;
        a->head = b;
        a->used = 0;
    }
    void *p = (char *)a->head->data + a->used;
    a->used += n;
    return p;
}

void *xv_arena_alloc(xv_arena *a, size_t n)
{
    void *p = arena_alloc_raw(a, n);
    if (p)
        memset(p, 0, n);
    return p;
}

char *xv_arena_strndup(xv_arena *a, const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = arena_alloc_raw(a, len + 1);
    if (!d)
        return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *xv_arena_strdup(xv_arena *a, const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    char *d = arena_alloc_raw(a, len + 1);
    if (d)
        memcpy(d, s, len + 1);
    return d;
}

char *xv_arena_printf(xv_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *d = xv_arena_alloc(a, (size_t)n + 1);
    if (!d)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return d;
}

void *xv_arena_push(xv_arena *a, void *arrayp, size_t *count, size_t elsize, size_t limit)
{
    /* arrayp points at a pointer of any object type (often pointer-to-const
     * elements): copy it through memcpy instead of type-punning. */
    char *arr;
    memcpy(&arr, arrayp, sizeof arr);
    size_t n = *count;
    if (n >= limit)
        return NULL;
    if (n == 0 || (n >= 8 && (n & (n - 1)) == 0)) {
        size_t ncap = n == 0 ? 8 : n * 2;
        if (ncap > SIZE_MAX / elsize)
            return NULL;
        /* not zeroed: each slot is, when it is handed out */
        char *na = arena_alloc_raw(a, ncap * elsize);
        if (!na)
            return NULL;
        if (n)
            memcpy(na, arr, n * elsize);
        arr = na;
        memcpy(arrayp, &arr, sizeof arr);
    }
    char *slot = arr + n * elsize;
    memset(slot, 0, elsize);
    *count = n + 1;
    return slot;
}
