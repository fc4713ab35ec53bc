/* A growable, capped, always NUL-terminated string buffer. After an
 * allocation failure or hitting the cap, `err` is set and further appends are
 * ignored, so callers check once at the end. */
#ifndef XV_COMMON_STRBUF_H
#define XV_COMMON_STRBUF_H

#include <stddef.h>

typedef struct xv_strbuf {
    char *buf;     /* malloc'd; "" when empty; owned by the strbuf */
    size_t len, cap;
    size_t max;    /* cap on len; 0 = 256 MiB */
    int err;
} xv_strbuf;

void xv_sb_init(xv_strbuf *sb);
void xv_sb_free(xv_strbuf *sb);
void xv_sb_putn(xv_strbuf *sb, const char *s, size_t n);
void xv_sb_puts(xv_strbuf *sb, const char *s);
void xv_sb_putc(xv_strbuf *sb, char c);
void xv_sb_printf(xv_strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the buffer to the caller (malloc'd, free() it) and resets sb. Returns
 * NULL if an error occurred. */
char *xv_sb_take(xv_strbuf *sb);
/* The current contents ("" when empty); valid until the next append. */
const char *xv_sb_str(const xv_strbuf *sb);

#endif
