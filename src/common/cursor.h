/* The bounded reader for untrusted bytes (see STYLE.md).
 *
 * A cursor is a window [base, base+len) with a position that never exceeds
 * len and a sticky error flag. Every read checks that the bytes exist first;
 * a failed read sets the flag, returns zero and does not move. Callers read a
 * whole header, then test xv_cur_ok() once. Values are decoded byte by byte in
 * the cursor's byte order; no struct is ever cast over file bytes. */
#ifndef XV_COMMON_CURSOR_H
#define XV_COMMON_CURSOR_H

#include <stddef.h>
#include <stdint.h>

typedef struct xv_cur {
    const uint8_t *base;
    size_t len;
    size_t pos;
    int big_endian;
    int err;           /* sticky: set by the first failed read */
} xv_cur;

/* True when [off, off+size) lies inside a buffer of length len, in integer
 * form that cannot overflow (pax-utils' VALID_RANGE). */
static inline int xv_range_ok(uint64_t len, uint64_t off, uint64_t size)
{
    return size <= len && off <= len - size;
}

void xv_cur_init(xv_cur *c, const void *base, size_t len, int big_endian);
/* A sub-cursor over [off, off+size) of c's window (absolute in c, not relative
 * to pos). On a bad range the sub-cursor is empty with its error set and c's
 * error is set too. Byte order is inherited. */
xv_cur xv_cur_sub(xv_cur *c, uint64_t off, uint64_t size);

static inline int xv_cur_ok(const xv_cur *c) { return !c->err; }
static inline size_t xv_cur_left(const xv_cur *c) { return c->len - c->pos; }

/* Moves to an absolute offset (<= len); sets the error otherwise. */
void xv_cur_seek(xv_cur *c, uint64_t off);
void xv_cur_skip(xv_cur *c, uint64_t n);

uint8_t xv_cur_u8(xv_cur *c);
uint16_t xv_cur_u16(xv_cur *c);
uint32_t xv_cur_u32(xv_cur *c);
uint64_t xv_cur_u64(xv_cur *c);
/* Fixed-endian reads regardless of the cursor's order. */
uint32_t xv_cur_u32be(xv_cur *c);
uint64_t xv_cur_u64be(xv_cur *c);
/* Copies n bytes out; on failure dst is zero-filled. */
void xv_cur_bytes(xv_cur *c, void *dst, size_t n);
/* Pointer to n bytes at pos (advancing), or NULL with the error set. The
 * pointer is into the window and valid as long as the underlying buffer. */
const uint8_t *xv_cur_ptr(xv_cur *c, size_t n);

/* ULEB128 / SLEB128 as used by DWARF and Mach-O tries; more than 10 bytes or
 * a value over 64 bits is an error. */
uint64_t xv_cur_uleb(xv_cur *c);
int64_t xv_cur_sleb(xv_cur *c);

/* A NUL-terminated string starting at pos; the NUL must lie inside the window
 * (libelf's validate_str). Returns a pointer into the window and advances
 * past the NUL, or NULL with the error set. *lenp gets the length if non-NULL. */
const char *xv_cur_cstr(xv_cur *c, size_t *lenp);
/* The string at absolute offset off (pos unchanged); NULL if off is outside
 * or no NUL follows inside the window. Does not set the error. */
const char *xv_cur_str_at(const xv_cur *c, uint64_t off, size_t *lenp);

/* Fixed-width field that may lack a NUL (Mach-O segname[16], PE section name
 * [8]): copies up to n bytes into dst[n+1] and NUL-terminates. */
void xv_cur_fixstr(xv_cur *c, char *dst, size_t n);

/* Pure helpers decoding from a byte pointer known to hold enough bytes. */
static inline uint16_t xv_le16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static inline uint32_t xv_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline uint32_t xv_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

#endif
