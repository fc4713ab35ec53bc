/* A bump allocator that owns everything a parsed image or a run hands out.
 * Individual allocations are never freed; the whole arena is, at once. */
#ifndef XV_COMMON_ARENA_H
#define XV_COMMON_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct xv_arena_block xv_arena_block;

typedef struct xv_arena {
    xv_arena_block *head;
    size_t used;       /* bytes used in head */
    size_t total;      /* bytes allocated in all blocks, for the cap */
    size_t cap;        /* 0 = default cap (1 GiB) */
} xv_arena;

void xv_arena_init(xv_arena *a);
void xv_arena_free(xv_arena *a);
/* Zeroed memory aligned for any type, or NULL (OOM or over the cap). */
void *xv_arena_alloc(xv_arena *a, size_t n);
char *xv_arena_strdup(xv_arena *a, const char *s);
/* Copies at most n bytes of s and NUL-terminates. */
char *xv_arena_strndup(xv_arena *a, const char *s, size_t n);
char *xv_arena_printf(xv_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Appends one zeroed element to a growable array living in the arena.
 * Capacity is implicit: the array is reallocated (doubled) when *count is 0 or
 * reaches a power of two >= 8, so no capacity field is needed. Returns a
 * pointer to the new element and increments *count, or NULL when out of memory
 * or when *count has reached `limit`. */
void *xv_arena_push(xv_arena *a, void *arrayp, size_t *count, size_t elsize, size_t limit);

#endif
