/* A streaming JSON writer: values go out as they are written (to a FILE, or
 * into a string), with no tree in memory. Strings are escaped as RFC 8259
 * says, the way cJSON prints them (\" \\ \b \f \n \r \t, \u00XX for the other
 * control characters), and a byte that is not valid UTF-8 becomes U+FFFD so
 * the output is always UTF-8. Commas and nesting are tracked by the writer.
 *
 * Errors (out of memory, a write error, nesting past XV_JW_MAX_DEPTH, a value
 * where a key is due) are sticky: further calls do nothing and
 * xv_jw_finish() reports them, so callers check once at the end. */
#ifndef XV_COMMON_JSONW_H
#define XV_COMMON_JSONW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/strbuf.h"

#define XV_JW_MAX_DEPTH 64

typedef struct xv_jsonw {
    FILE *out;                 /* NULL: the text collects in `sb` */
    xv_strbuf sb;
    char buf[8192];            /* pending bytes, flushed when full */
    size_t n;
    unsigned depth;
    unsigned char count[XV_JW_MAX_DEPTH + 1];  /* values so far at each level (0, 1, "more") */
    unsigned char is_obj[XV_JW_MAX_DEPTH + 1];
    int key_done;              /* in an object: the key is written, its value is due */
    int sep_done;              /* xv_jw_sep wrote the comma of the next value or key */
    int err;
} xv_jsonw;

/* `out` NULL: collect into a string for xv_jw_take(). */
void xv_jw_init(xv_jsonw *w, FILE *out);

void xv_jw_obj(xv_jsonw *w);       /* { */
void xv_jw_obj_end(xv_jsonw *w);   /* } */
void xv_jw_arr(xv_jsonw *w);       /* [ */
void xv_jw_arr_end(xv_jsonw *w);   /* ] */
void xv_jw_keyn(xv_jsonw *w, const char *k, size_t n);
/* Inline, so the length of a literal key is known when compiling (a symbol
 * table is several keys per symbol). */
static inline void xv_jw_key(xv_jsonw *w, const char *k)
{
    xv_jw_keyn(w, k, k ? strlen(k) : 0);
}

/* Values; a NULL string is null. */
void xv_jw_str(xv_jsonw *w, const char *s);
void xv_jw_strn(xv_jsonw *w, const char *s, size_t n);
void xv_jw_u64(xv_jsonw *w, uint64_t v);
void xv_jw_i64(xv_jsonw *w, int64_t v);
/* A double as cJSON prints it (%.15g, or %.17g when that does not read
 * back the same);
 * NaN and infinities are null, which JSON has no number for. */
void xv_jw_num(xv_jsonw *w, double v);
void xv_jw_bool(xv_jsonw *w, int v);
void xv_jw_null(xv_jsonw *w);
/* Layout: writes the comma the next value (in an array) or key (in an
 * object) needs, if any, then `ws` (whitespace: "\n", "\n  "), so a long
 * list can put one element per line. */
void xv_jw_sep(xv_jsonw *w, const char *ws);
/* Already-serialised JSON text, copied as is (the caller vouches for it). */
void xv_jw_raw(xv_jsonw *w, const char *json, size_t n);

/* key + value shorthands */
static inline void xv_jw_kstr(xv_jsonw *w, const char *k, const char *s) { xv_jw_key(w, k); xv_jw_str(w, s); }
static inline void xv_jw_ku64(xv_jsonw *w, const char *k, uint64_t v) { xv_jw_key(w, k); xv_jw_u64(w, v); }
static inline void xv_jw_ki64(xv_jsonw *w, const char *k, int64_t v) { xv_jw_key(w, k); xv_jw_i64(w, v); }
static inline void xv_jw_knum(xv_jsonw *w, const char *k, double v) { xv_jw_key(w, k); xv_jw_num(w, v); }
static inline void xv_jw_kbool(xv_jsonw *w, const char *k, int v) { xv_jw_key(w, k); xv_jw_bool(w, v); }

/* Flushes what is pending. 0 when everything was written, -1 on any error
 * (and the text so far is incomplete). */
int xv_jw_finish(xv_jsonw *w);
/* For a writer without a FILE: the text (malloc'd, free() it), or NULL after
 * an error. Frees the writer's memory either way. */
char *xv_jw_take(xv_jsonw *w);
/* Frees the writer's memory without taking the text. */
void xv_jw_free(xv_jsonw *w);

#endif
