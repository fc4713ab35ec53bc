#include "common/cursor.h"

#include <string.h>

void xv_cur_init(xv_cur *c, const void *base, size_t len, int big_endian)
{
    c->base = base;
    c->len = base ? len : 0;
    c->pos = 0;
    c->big_endian = big_endian;
    c->err = 0;
}

xv_cur xv_cur_sub(xv_cur *c, uint64_t off, uint64_t size)
{
    xv_cur s;
    if (!xv_range_ok(c->len, off, size)) {
        c->err = 1;
        xv_cur_init(&s, NULL, 0, c->big_endian);
        s.err = 1;
        return s;
    }
    xv_cur_init(&s, c->base + off, (size_t)size, c->big_endian);
    return s;
}

void xv_cur_seek(xv_cur *c, uint64_t off)
{
    if (off > c->len) {
        c->err = 1;
        return;
    }
    c->pos = (size_t)off;
}

void xv_cur_skip(xv_cur *c, uint64_t n)
{
    if (n > c->len - c->pos) {
        c->err = 1;
        return;
    }
    c->pos += (size_t)n;
}

const uint8_t *xv_cur_ptr(xv_cur *c, size_t n)
{
    if (n > c->len - c->pos) {
        c->err = 1;
        return NULL;
    }
    const uint8_t *p = c->base + c->pos;
    c->pos += n;
    return p;
}

static uint64_t read_uint(xv_cur *c, size_t n, int be)
{
    const uint8_t *p = xv_cur_ptr(c, n);
    uint64_t v = 0;
    if (!p)
        return 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = be ? i : n - 1 - i;
        v = (v << 8) | p[k];
    }
    return v;
}

uint8_t xv_cur_u8(xv_cur *c) { return (uint8_t)read_uint(c, 1, 0); }
uint16_t xv_cur_u16(xv_cur *c) { return (uint16_t)read_uint(c, 2, c->big_endian); }
uint32_t xv_cur_u32(xv_cur *c) { return (uint32_t)read_uint(c, 4, c->big_endian); }
uint64_t xv_cur_u64(xv_cur *c) { return read_uint(c, 8, c->big_endian); }
uint32_t xv_cur_u32be(xv_cur *c) { return (uint32_t)read_uint(c, 4, 1); }
uint64_t xv_cur_u64be(xv_cur *c) { return read_uint(c, 8, 1); }

void xv_cur_bytes(xv_cur *c, void *dst, size_t n)
{
    const uint8_t *p = xv_cur_ptr(c, n);
    if (p)
        memcpy(dst, p, n);
    else
        memset(dst, 0, n);
}

uint64_t xv_cur_uleb(xv_cur *c)
{
    uint64_t v = 0;
    unsigned shift = 0;
    for (int i = 0; i < 10; i++) {
        if (c->pos >= c->len) {
            c->err = 1;
            return 0;
        }
        uint8_t b = c->base[c->pos++];
        uint64_t part = (uint64_t)(b & 0x7f);
        if (shift == 63 && part > 1) {
            c->err = 1;
            return 0;
        }
        v |= part << shift;
        if (!(b & 0x80))
            return v;
        shift += 7;
    }
    c->err = 1;
    return 0;
}

int64_t xv_cur_sleb(xv_cur *c)
{
    uint64_t v = 0;
    unsigned shift = 0;
    for (int i = 0; i < 10; i++) {
        if (c->pos >= c->len) {
            c->err = 1;
            return 0;
        }
        uint8_t b = c->base[c->pos++];
        if (shift < 64)
            v |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) {
            if (shift < 64 && (b & 0x40))
                v |= ~(uint64_t)0 << shift;
            return (int64_t)v;
        }
    }
    c->err = 1;
    return 0;
}

const char *xv_cur_str_at(const xv_cur *c, uint64_t off, size_t *lenp)
{
    if (off >= c->len)
        return NULL;
    const char *s = (const char *)c->base + off;
    const char *nul = memchr(s, '\0', c->len - (size_t)off);
    if (!nul)
        return NULL;
    if (lenp)
        *lenp = (size_t)(nul - s);
    return s;
}

const char *xv_cur_cstr(xv_cur *c, size_t *lenp)
{
    size_t n;
    const char *s = xv_cur_str_at(c, c->pos, &n);
    if (!s) {
        c->err = 1;
        return NULL;
    }
    c->pos += n + 1;
    if (lenp)
        *lenp = n;
    return s;
}

void xv_cur_fixstr(xv_cur *c, char *dst, size_t n)
{
    const uint8_t *p = xv_cur_ptr(c, n);
    size_t i = 0;
    if (p)
        for (; i < n && p[i]; i++)
            dst[i] = (char)p[i];
    dst[i] = '\0';
}
