/* The streaming JSON writer (jsonw.h). Output goes through a fixed buffer to
 * the FILE or the string, so a value costs no allocation. */
#include "common/jsonw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

void xv_jw_init(xv_jsonw *w, FILE *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    xv_sb_init(&w->sb);
}

static void flush(xv_jsonw *w)
{
    if (!w->n)
        return;
    if (w->out) {
        if (fwrite(w->buf, 1, w->n, w->out) != w->n)
            w->err = 1;
    } else {
        xv_sb_putn(&w->sb, w->buf, w->n);
        if (w->sb.err)
            w->err = 1;
    }
    w->n = 0;
}

static void put(xv_jsonw *w, const char *s, size_t n)
{
    if (w->err)
        return;
    if (n > sizeof w->buf - w->n) {
        flush(w);
        if (n > sizeof w->buf) {   /* a long piece goes straight through */
            if (w->out) {
                if (fwrite(s, 1, n, w->out) != n)
                    w->err = 1;
            } else {
                xv_sb_putn(&w->sb, s, n);
                if (w->sb.err)
                    w->err = 1;
            }
            return;
        }
    }
    memcpy(w->buf + w->n, s, n);
    w->n += n;
}

static void putc1(xv_jsonw *w, char c)
{
    if (w->n == sizeof w->buf)
        flush(w);
    if (!w->err)
        w->buf[w->n++] = c;
}

/* Before any value: the comma, and a check that a key came first in an
 * object. */
static int before_value(xv_jsonw *w)
{
    if (w->err)
        return 0;
    if (w->is_obj[w->depth]) {
        if (!w->key_done) {
            w->err = 1;   /* a value where a key is due: a bug in the caller */
            return 0;
        }
        w->key_done = 0;
        return 1;
    }
    if (w->depth > 0 && w->count[w->depth] && !w->sep_done)
        putc1(w, ',');
    w->sep_done = 0;
    w->count[w->depth] = 1;
    return 1;
}

/* 1 for a byte that goes out as it is: printable ASCII but '"' and '\\'. */
static const unsigned char plain_byte[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* The length of the leading run of bytes that go out as they are (printable
 * ASCII but '"' and '\\'), eight at a time: symbol names and paths are
 * nearly always one such run, and the byte loop below was the writer's
 * main cost. SSE2 (always there on x86-64) finds the first such byte of 16;
 * elsewhere a word stops the scan when one of its bytes is below 0x20, is
 * '"' or '\\', or has its top bit set (the usual zero-byte tests: exact as
 * to whether there is one), and the bytes from that word on are looked at
 * one by one. */
static size_t clean_run(const unsigned char *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    size_t i = 0;
#if defined(__SSE2__)
    /* sixteen at a time: a signed compare below 0x20 also catches 0x80-0xff */
    const __m128i lo = _mm_set1_epi8(0x20), qu = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, lo),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, qu), _mm_cmpeq_epi8(v, bs)));
        unsigned m = (unsigned)_mm_movemask_epi8(bad);
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
    if (i < n && n >= 16) {
        /* the last 16 bytes, overlapping those already seen */
        size_t at = n - 16;
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + at));
        __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, lo),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, qu), _mm_cmpeq_epi8(v, bs)));
        unsigned m = (unsigned)_mm_movemask_epi8(bad) >> (i - at);
        return m ? i + (size_t)__builtin_ctz(m) : n;
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, p + i, sizeof x);
        uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
        uint64_t flag = ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b) | x;
        if (flag & highs)
            break;
    }
    while (i < n && plain_byte[p[i]])
        i++;
    return i;
}

/* A string; `after` (a ':' after a key), when not 0, follows it. */
static void put_string(xv_jsonw *w, const char *s, size_t n, char after)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t i = clean_run(p, n);
    if (i == n && !w->err && n + 3 <= sizeof w->buf - w->n) {
        /* nothing to escape and room in the buffer: one copy */
        char *d = w->buf + w->n;
        d[0] = '"';
        memcpy(d + 1, s, n);
        d[n + 1] = '"';
        d[n + 2] = after;
        w->n += n + 2 + (after != 0);
        return;
    }
    putc1(w, '"');
    size_t run = 0;   /* start of the bytes copied as they are */
    while (i < n && !w->err) {
        unsigned char c = p[i];
        if (plain_byte[c]) {
            i++;
            continue;
        }
        size_t len = 1;
        if (c >= 0x80) {
            /* a whole UTF-8 sequence passes; a bad byte becomes U+FFFD */
            uint32_t cp = 0;
            size_t need = c >= 0xf0 ? (c <= 0xf4 ? 4 : 0) : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
            if (need && i + need <= n) {
                cp = c & (need == 2 ? 0x1f : need == 3 ? 0x0f : 0x07);
                size_t k = 1;
                for (; k < need && (p[i + k] & 0xc0) == 0x80; k++)
                    cp = (cp << 6) | (p[i + k] & 0x3f);
                if (k == need && !(need == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) &&
                    !(need == 4 && (cp < 0x10000 || cp > 0x10ffff))) {
                    i += need;
                    continue;
                }
            }
            put(w, s + run, i - run);
            put(w, "\xef\xbf\xbd", 3);
            i += len;
            run = i;
            continue;
        }
        put(w, s + run, i - run);
        char e[6];
        switch (c) {
        case '"': put(w, "\\\"", 2); break;
        case '\\': put(w, "\\\\", 2); break;
        case '\b': put(w, "\\b", 2); break;
        case '\f': put(w, "\\f", 2); break;
        case '\n': put(w, "\\n", 2); break;
        case '\r': put(w, "\\r", 2); break;
        case '\t': put(w, "\\t", 2); break;
        default:
            memcpy(e, "\\u00", 4);
            e[4] = hex[c >> 4];
            e[5] = hex[c & 15];
            put(w, e, 6);
        }
        i += len;
        run = i;
    }
    put(w, s + run, i - run);
    putc1(w, '"');
    if (after)
        putc1(w, after);
}

static void open_level(xv_jsonw *w, char c, int obj)
{
    if (!before_value(w))
        return;
    if (w->depth >= XV_JW_MAX_DEPTH) {
        w->err = 1;
        return;
    }
    putc1(w, c);
    w->depth++;
    w->count[w->depth] = 0;
    w->is_obj[w->depth] = (unsigned char)obj;
    w->key_done = 0;
}

static void close_level(xv_jsonw *w, char c, int obj)
{
    if (w->err)
        return;
    if (w->depth == 0 || w->is_obj[w->depth] != obj || w->key_done) {
        w->err = 1;
        return;
    }
    putc1(w, c);
    w->depth--;
    w->sep_done = 0;
}

void xv_jw_obj(xv_jsonw *w) { open_level(w, '{', 1); }
void xv_jw_obj_end(xv_jsonw *w) { close_level(w, '}', 1); }
void xv_jw_arr(xv_jsonw *w) { open_level(w, '[', 0); }
void xv_jw_arr_end(xv_jsonw *w) { close_level(w, ']', 0); }

void xv_jw_keyn(xv_jsonw *w, const char *k, size_t n)
{
    if (w->err)
        return;
    if (!w->is_obj[w->depth] || w->key_done || !k) {
        w->err = 1;
        return;
    }
    if (w->count[w->depth] && !w->sep_done)
        putc1(w, ',');
    w->sep_done = 0;
    w->count[w->depth] = 1;
    put_string(w, k, n, ':');
    w->key_done = 1;
}

void xv_jw_strn(xv_jsonw *w, const char *s, size_t n)
{
    if (!before_value(w))
        return;
    if (!s)
        put(w, "null", 4);
    else
        put_string(w, s, n, 0);
}

void xv_jw_str(xv_jsonw *w, const char *s)
{
    xv_jw_strn(w, s, s ? strlen(s) : 0);
}

void xv_jw_u64(xv_jsonw *w, uint64_t v)
{
    if (!before_value(w))
        return;
    char t[24];
    int k = snprintf(t, sizeof t, "%llu", (unsigned long long)v);
    put(w, t, (size_t)k);
}

void xv_jw_i64(xv_jsonw *w, int64_t v)
{
    if (!before_value(w))
        return;
    char t[24];
    int k = snprintf(t, sizeof t, "%lld", (long long)v);
    put(w, t, (size_t)k);
}

void xv_jw_num(xv_jsonw *w, double v)
{
    if (!before_value(w))
        return;
    char t[32];
    int k;
    if (isnan(v) || isinf(v)) {
        put(w, "null", 4);
        return;
    }
    k = snprintf(t, sizeof t, "%1.15g", v);
    if (strtod(t, NULL) != v)
        k = snprintf(t, sizeof t, "%1.17g", v);
    put(w, t, (size_t)k);
}

void xv_jw_bool(xv_jsonw *w, int v)
{
    if (!before_value(w))
        return;
    if (v)
        put(w, "true", 4);
    else
        put(w, "false", 5);
}

void xv_jw_null(xv_jsonw *w)
{
    if (before_value(w))
        put(w, "null", 4);
}

void xv_jw_sep(xv_jsonw *w, const char *ws)
{
    if (w->err || !ws)
        return;
    if (w->is_obj[w->depth] && w->key_done) {
        w->err = 1;   /* between a key and its value: a bug in the caller */
        return;
    }
    if (w->depth > 0 && w->count[w->depth] && !w->sep_done)
        putc1(w, ',');
    w->sep_done = 1;
    put(w, ws, strlen(ws));
}

void xv_jw_raw(xv_jsonw *w, const char *json, size_t n)
{
    if (before_value(w))
        put(w, json, n);
}


int xv_jw_finish(xv_jsonw *w)
{
    flush(w);
    return w->err ? -1 : 0;
}

char *xv_jw_take(xv_jsonw *w)
{
    char *s = NULL;
    if (xv_jw_finish(w) == 0 && !w->out)
        s = xv_sb_take(&w->sb);
    xv_sb_free(&w->sb);
    return s;
}

void xv_jw_free(xv_jsonw *w)
{
    xv_sb_free(&w->sb);
}
