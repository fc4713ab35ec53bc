#include "common/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SB_DEFAULT_MAX ((size_t)256 << 20)

void xv_sb_init(xv_strbuf *sb)
{
    memset(sb, 0, sizeof *sb);
}

void xv_sb_free(xv_strbuf *sb)
{
    free(sb->buf);
    memset(sb, 0, sizeof *sb);
}

static int sb_reserve(xv_strbuf *sb, size_t add)
{
    size_t max = sb->max ? sb->max : SB_DEFAULT_MAX;
    if (sb->err)
        return 0;
    if (add > max - sb->len) {
        sb->err = 1;
        return 0;
    }
    if (sb->len + add + 1 <= sb->cap)
        return 1;
    size_t ncap = sb->cap ? sb->cap : 256;
    while (ncap < sb->len + add + 1)
        ncap *= 2;
    char *nb = realloc(sb->buf, ncap);
    if (!nb) {
        sb->err = 1;
        return 0;
    }
    sb->buf = nb;
    sb->cap = ncap;
    return 1;
}

void xv_sb_putn(xv_strbuf *sb, const char *s, size_t n)
{
    if (!sb_reserve(sb, n))
        return;
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void xv_sb_puts(xv_strbuf *sb, const char *s)
{
    xv_sb_putn(sb, s, strlen(s));
}

void xv_sb_putc(xv_strbuf *sb, char c)
{
    xv_sb_putn(sb, &c, 1);
}

void xv_sb_printf(xv_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        sb->err = 1;
        return;
    }
    if (!sb_reserve(sb, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

char *xv_sb_take(xv_strbuf *sb)
{
    if (sb->err) {
        xv_sb_free(sb);
        return NULL;
    }
    char *r = sb->buf ? sb->buf : calloc(1, 1);
    memset(sb, 0, sizeof *sb);
    return r;
}

const char *xv_sb_str(const xv_strbuf *sb)
{
    return sb->buf ? sb->buf : "";
}
