/* Renders a release diff (include/xverify/diff.h) as terminal text, JSON,
 * Markdown (a pull-request comment) or an HTML section. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xverify/diff.h"
#include "common/strbuf.h"

/* GitHub rejects comments over 65,536 characters; the tail note and the
 * closing lines need a little room. */
#define XV_DIFF_MD_MAX 60000u
/* Characters of one row's text before it is cut (escaping may double it). */
#define XV_DIFF_ROW_MAX 1500u
/* Names shown in one grouped row before "and N more". */
#define XV_DIFF_GROUP_SHOW 12u

typedef struct rctx {
    xv_diff_demangle_fn dm;
    void *ud;
} rctx;

static void human(uint64_t n, char *buf, size_t len)
{
    if (n < 1000)
        snprintf(buf, len, "%llu B", (unsigned long long)n);
    else if (n < 1000000)
        snprintf(buf, len, "%.1f KB", (double)n / 1e3);
    else if (n < 1000000000)
        snprintf(buf, len, "%.1f MB", (double)n / 1e6);
    else
        snprintf(buf, len, "%.2f GB", (double)n / 1e9);
}

/* "excore_features" or "foo::bar(int) [_ZN3foo3barEi]" */
static void sym_text(const rctx *r, const char *raw, xv_strbuf *sb)
{
    const char *dm = r->dm && raw ? r->dm(r->ud, raw) : NULL;
    if (dm && strcmp(dm, raw) != 0)
        xv_sb_printf(sb, "%s [%s]", dm, raw);
    else
        xv_sb_puts(sb, raw ? raw : "");
}

static const char *floor_name(const char *w)
{
    if (!w)
        return "";
    if (strcmp(w, "glibc") == 0) return "glibc floor (highest GLIBC_ version needed)";
    if (strcmp(w, "glibcxx") == 0) return "libstdc++ floor (highest GLIBCXX_)";
    if (strcmp(w, "cxxabi") == 0) return "C++ ABI floor (highest CXXABI_)";
    if (strcmp(w, "macos") == 0) return "macOS minimum (minos)";
    if (strcmp(w, "windows") == 0) return "Windows subsystem version";
    return w;
}

/* One line of description, without platform and member. */
static void describe(const rctx *r, const xv_change *c, xv_strbuf *sb)
{
    const char *ov = c->old_value ? c->old_value : "", *nv = c->new_value ? c->new_value : "";
    char a[32], b[32], g[32];
    switch (c->kind) {
    case XV_CH_FILE_ADDED:
        human(c->new_size, b, sizeof b);
        xv_sb_printf(sb, "added (%s, %s)", nv, b);
        break;
    case XV_CH_FILE_REMOVED:
        human(c->old_size, a, sizeof a);
        xv_sb_printf(sb, "removed (was a %s, %s)", ov, a);
        break;
    case XV_CH_FORMAT: case XV_CH_ARCH: case XV_CH_KIND: case XV_CH_TOOLCHAIN:
        xv_sb_printf(sb, "%s changed: %s -> %s", c->what ? c->what : "", ov, nv);
        break;
    case XV_CH_NEED_ADDED:
        xv_sb_printf(sb, "needs a new library: %s", c->what);
        break;
    case XV_CH_NEED_REMOVED:
        xv_sb_printf(sb, "no longer needs %s", c->what);
        break;
    case XV_CH_EXPORT_REMOVED:
        xv_sb_puts(sb, "export removed: ");
        sym_text(r, c->what, sb);
        break;
    case XV_CH_EXPORT_ADDED:
        xv_sb_puts(sb, "export added: ");
        sym_text(r, c->what, sb);
        break;
    case XV_CH_SYMVER_REMOVED:
        xv_sb_printf(sb, "symbol version no longer defined: %s", c->what);
        break;
    case XV_CH_INSTALL_NAME: case XV_CH_COMPAT_VERSION:
        xv_sb_printf(sb, "%s changed: %s -> %s", c->what, ov, nv);
        break;
    case XV_CH_ORDINAL:
        xv_sb_printf(sb, "export ordinal of %s changed: %s -> %s", c->what, ov, nv);
        break;
    case XV_CH_FLOOR:
        xv_sb_printf(sb, "%s raised: %s -> %s", floor_name(c->what), ov, nv);
        break;
    case XV_CH_HARDENING:
        xv_sb_printf(sb, "hardening lost: %s (%s -> %s)", c->what, ov, nv);
        break;
    case XV_CH_SIZE: {
        human(c->old_size, a, sizeof a);
        human(c->new_size, b, sizeof b);
        uint64_t d = c->new_size > c->old_size ? c->new_size - c->old_size : c->old_size - c->new_size;
        human(d, g, sizeof g);
        double pct = c->old_size ? ((double)c->new_size - (double)c->old_size) * 100.0 / (double)c->old_size : 0;
        xv_sb_printf(sb, "size %+.1f%% (%s%s): %s -> %s", pct, c->new_size >= c->old_size ? "+" : "-", g, a, b);
        break;
    }
    case XV_CH_UNREADABLE:
        xv_sb_printf(sb, "cannot be read in the %s release (%s): %s", c->what, ov, nv);
        break;
    default:
        xv_sb_puts(sb, xv_change_kind_name(c->kind));
    }
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *p)
{
    if (p[0] < 0x80)
        return 1;
    size_t n = p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : p[0] >= 0xe0 && p[0] <= 0xef ? 3
             : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if (n == 3 && ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f)))
        return 0;
    if (n == 4 && ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f)))
        return 0;
    return n;
}

/* Symbol and file names are bytes from the release: JSON gets valid UTF-8
 * (U+FFFD for a bad byte), control characters escaped. */
static void json_str(xv_strbuf *sb, const char *s)
{
    if (!s) {
        xv_sb_puts(sb, "null");
        return;
    }
    xv_sb_putc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = utf8_len(p);
        if (n == 0) {
            xv_sb_puts(sb, "\\ufffd");
            p++;
            continue;
        }
        if (n > 1) {
            xv_sb_putn(sb, (const char *)p, n);
            p += n;
            continue;
        }
        if (*p == '"' || *p == '\\')
            xv_sb_printf(sb, "\\%c", *p);
        else if (*p == '\n')
            xv_sb_puts(sb, "\\n");
        else if (*p < 0x20 || *p == 0x7f)
            xv_sb_printf(sb, "\\u%04x", *p);
        else
            xv_sb_putc(sb, (char)*p);
        p++;
    }
    xv_sb_putc(sb, '"');
}

/* Terminal text: no control character from a file name or symbol reaches
 * the terminal (an escape sequence could rewrite the screen). */
static void text_str(xv_strbuf *sb, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        xv_sb_putc(sb, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
}

static void html_str(xv_strbuf *sb, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '&': xv_sb_puts(sb, "&amp;"); break;
        case '<': xv_sb_puts(sb, "&lt;"); break;
        case '>': xv_sb_puts(sb, "&gt;"); break;
        case '"': xv_sb_puts(sb, "&quot;"); break;
        case '\'': xv_sb_puts(sb, "&#39;"); break;
        default:
            if (*p < 0x20 && *p != '\n' && *p != '\t')
                xv_sb_putc(sb, '?');
            else
                xv_sb_putc(sb, (char)*p);
        }
    }
}

/* Markdown table cell: backslash-escape what would end the cell or start
 * markup; newlines become spaces. An underscore inside a word never starts
 * emphasis on GitHub ("linux_amd64"), one at a word start may ("_foo_"). */
static void md_str(xv_strbuf *sb, const char *s)
{
    const unsigned char *p0 = (const unsigned char *)(s ? s : "");
    for (const unsigned char *p = p0; *p; p++) {
        int word = p > p0 && (isalnum(p[-1]) || p[-1] == '_');
        if (strchr("|\\`*[]#", *p) || (*p == '_' && !word))
            xv_sb_printf(sb, "\\%c", *p);
        else if (*p == '<')
            xv_sb_puts(sb, "&lt;");
        else if (*p < 0x20)
            xv_sb_putc(sb, ' ');
        else
            xv_sb_putc(sb, (char)*p);
    }
}

static size_t count_platforms(const xv_diff *d)
{
    size_t n = 0;
    const char *last = NULL;
    for (size_t i = 0; i < xv_diff_count(d); i++) {
        const char *p = xv_diff_change(d, i)->platform;
        if (!last || strcmp(last, p) != 0)
            n++;
        last = p;
    }
    return n;
}

static void summary(const xv_diff *d, xv_strbuf *sb)
{
    size_t n = xv_diff_count(d), b = xv_diff_breaking(d);
    if (!n)
        xv_sb_printf(sb, "no change (%zu binar%s compared)", xv_diff_compared(d),
                     xv_diff_compared(d) == 1 ? "y" : "ies");
    else
        xv_sb_printf(sb, "%zu change%s on %zu platform%s, %zu breaking (%zu binar%s compared)", n,
                     n == 1 ? "" : "s", count_platforms(d), count_platforms(d) == 1 ? "" : "s", b,
                     xv_diff_compared(d), xv_diff_compared(d) == 1 ? "y" : "ies");
}

static void render_text(const rctx *r, const xv_diff *d, const char *ol, const char *nl, xv_strbuf *sb)
{
    xv_sb_puts(sb, "xverify diff: ");
    text_str(sb, ol);
    xv_sb_puts(sb, " -> ");
    text_str(sb, nl);
    xv_sb_putc(sb, '\n');
    const char *plat = NULL;
    for (size_t i = 0; i < xv_diff_count(d); i++) {
        const xv_change *c = xv_diff_change(d, i);
        if (!plat || strcmp(plat, c->platform) != 0) {
            xv_sb_putc(sb, '\n');
            text_str(sb, c->platform);
            xv_sb_putc(sb, '\n');
            plat = c->platform;
        }
        xv_strbuf line;
        xv_sb_init(&line);
        xv_sb_printf(&line, "  %-5s %s: ", c->breaking ? "BREAK" : "", c->member);
        describe(r, c, &line);
        text_str(sb, xv_sb_str(&line));
        xv_sb_free(&line);
        xv_sb_putc(sb, '\n');
    }
    if (xv_diff_error(d))
        xv_sb_printf(sb, "\nnote: %s\n", xv_diff_error(d));
    xv_sb_puts(sb, "\n");
    summary(d, sb);
    xv_sb_putc(sb, '\n');
}

static void render_json(const rctx *r, const xv_diff *d, const char *ol, const char *nl, xv_strbuf *sb)
{
    xv_sb_puts(sb, "{\n  \"diff_version\": 1,\n  \"old\": ");
    json_str(sb, ol);
    xv_sb_puts(sb, ",\n  \"new\": ");
    json_str(sb, nl);
    xv_sb_printf(sb, ",\n  \"compared\": %zu,\n  \"breaking\": %zu,\n  \"truncated\": %s,\n  \"changes\": [",
                 xv_diff_compared(d), xv_diff_breaking(d), xv_diff_error(d) ? "true" : "false");
    for (size_t i = 0; i < xv_diff_count(d); i++) {
        const xv_change *c = xv_diff_change(d, i);
        xv_sb_puts(sb, i ? ",\n    {" : "\n    {");
        xv_sb_puts(sb, "\"kind\": ");
        json_str(sb, xv_change_kind_name(c->kind));
        xv_sb_puts(sb, ", \"platform\": ");
        json_str(sb, c->platform);
        xv_sb_puts(sb, ", \"member\": ");
        json_str(sb, c->member);
        xv_sb_puts(sb, ", \"what\": ");
        json_str(sb, c->what);
        if ((c->kind == XV_CH_EXPORT_ADDED || c->kind == XV_CH_EXPORT_REMOVED) && r->dm && c->what) {
            const char *dm = r->dm(r->ud, c->what);
            if (dm && strcmp(dm, c->what) != 0) {
                xv_sb_puts(sb, ", \"demangled\": ");
                json_str(sb, dm);
            }
        }
        xv_sb_puts(sb, ", \"old\": ");
        json_str(sb, c->old_value);
        xv_sb_puts(sb, ", \"new\": ");
        json_str(sb, c->new_value);
        xv_sb_printf(sb, ", \"old_size\": %llu, \"new_size\": %llu, \"library\": %s, \"breaking\": %s, \"message\": ",
                     (unsigned long long)c->old_size, (unsigned long long)c->new_size,
                     c->library ? "true" : "false", c->breaking ? "true" : "false");
        xv_strbuf m;
        xv_sb_init(&m);
        describe(r, c, &m);
        json_str(sb, xv_sb_str(&m));
        xv_sb_free(&m);
        xv_sb_putc(sb, '}');
    }
    xv_sb_puts(sb, xv_diff_count(d) ? "\n  ]\n}\n" : "]\n}\n");
}

/* Changes i..j-1 share platform, member and kind (and, for sizes and
 * floors, are one change each): the end of the group starting at i. */
static size_t group_end(const xv_diff *d, size_t i)
{
    const xv_change *a = xv_diff_change(d, i);
    size_t j = i + 1;
    if (a->kind != XV_CH_EXPORT_REMOVED && a->kind != XV_CH_EXPORT_ADDED && a->kind != XV_CH_NEED_ADDED &&
        a->kind != XV_CH_NEED_REMOVED && a->kind != XV_CH_SYMVER_REMOVED && a->kind != XV_CH_ORDINAL &&
        a->kind != XV_CH_HARDENING)
        return j;
    while (j < xv_diff_count(d)) {
        const xv_change *b = xv_diff_change(d, j);
        if (b->kind != a->kind || strcmp(b->platform, a->platform) || strcmp(b->member, a->member))
            break;
        j++;
    }
    return j;
}

/* Whether any change of the group [i, j) breaks the policy. */
static int group_breaking(const xv_diff *d, size_t i, size_t j)
{
    for (size_t k = i; k < j; k++)
        if (xv_diff_change(d, k)->breaking)
            return 1;
    return 0;
}

static const char *group_title(xv_change_kind k)
{
    switch (k) {
    case XV_CH_EXPORT_REMOVED: return "exports removed";
    case XV_CH_EXPORT_ADDED: return "exports added";
    case XV_CH_NEED_ADDED: return "new needed libraries";
    case XV_CH_NEED_REMOVED: return "needed libraries dropped";
    case XV_CH_SYMVER_REMOVED: return "symbol versions removed";
    case XV_CH_ORDINAL: return "export ordinals changed";
    case XV_CH_HARDENING: return "hardening lost";
    default: return xv_change_kind_name(k);
    }
}

static void group_text(const rctx *r, const xv_diff *d, size_t i, size_t j, xv_strbuf *sb,
                       void (*esc)(xv_strbuf *, const char *))
{
    xv_strbuf t;
    xv_sb_init(&t);
    if (j - i == 1) {
        describe(r, xv_diff_change(d, i), &t);
    } else {
        xv_sb_printf(&t, "%zu %s: ", j - i, group_title(xv_diff_change(d, i)->kind));
        for (size_t k = i; k < j && k - i < XV_DIFF_GROUP_SHOW; k++) {
            const xv_change *c = xv_diff_change(d, k);
            if (k > i)
                xv_sb_puts(&t, ", ");
            if (c->kind == XV_CH_EXPORT_ADDED || c->kind == XV_CH_EXPORT_REMOVED)
                sym_text(r, c->what, &t);
            else if (c->kind == XV_CH_ORDINAL || c->kind == XV_CH_HARDENING)
                xv_sb_printf(&t, "%s (%s -> %s)", c->what, c->old_value, c->new_value);
            else
                xv_sb_puts(&t, c->what);
        }
        if (j - i > XV_DIFF_GROUP_SHOW)
            xv_sb_printf(&t, " and %zu more", j - i - XV_DIFF_GROUP_SHOW);
    }
    /* a row of long C++ names must not eat the whole comment */
    if (t.len > XV_DIFF_ROW_MAX && t.buf) {
        size_t cut = XV_DIFF_ROW_MAX;
        while (cut > 0 && ((unsigned char)t.buf[cut] & 0xc0) == 0x80)
            cut--; /* not inside a UTF-8 sequence */
        t.buf[cut] = 0;
        t.len = cut;
        xv_sb_puts(&t, " ...");
    }
    esc(sb, xv_sb_str(&t));
    xv_sb_free(&t);
}

static void render_md(const rctx *r, const xv_diff *d, const char *ol, const char *nl, xv_strbuf *sb)
{
    xv_sb_puts(sb, "## xverify diff\n\n`");
    md_str(sb, ol);
    xv_sb_puts(sb, "` → `");
    md_str(sb, nl);
    xv_sb_puts(sb, "`\n\n**");
    summary(d, sb);
    xv_sb_puts(sb, "**\n");
    if (!xv_diff_count(d))
        return;
    const char *plat = NULL;
    size_t hidden = 0, hidden_break = 0;
    for (size_t i = 0; i < xv_diff_count(d);) {
        size_t j = group_end(d, i);
        const xv_change *c = xv_diff_change(d, i);
        if (sb->len > XV_DIFF_MD_MAX) {
            for (size_t k = i; k < j; k++) {
                hidden++;
                hidden_break += xv_diff_change(d, k)->breaking != 0;
            }
            i = j;
            continue;
        }
        if (!plat || strcmp(plat, c->platform) != 0) {
            xv_sb_puts(sb, "\n### ");
            md_str(sb, c->platform);
            xv_sb_puts(sb, "\n\n| | member | change |\n|---|---|---|\n");
            plat = c->platform;
        }
        xv_sb_puts(sb, group_breaking(d, i, j) ? "| :x: breaking | " : "| | ");
        md_str(sb, c->member);
        xv_sb_puts(sb, " | ");
        group_text(r, d, i, j, sb, md_str);
        xv_sb_puts(sb, " |\n");
        i = j;
    }
    if (hidden)
        xv_sb_printf(sb, "\n%zu more change%s not shown (%zu breaking): the comment would pass GitHub's "
                         "limit; run `xverify diff --json` for all of them.\n",
                     hidden, hidden == 1 ? "" : "s", hidden_break);
}

static void render_html(const rctx *r, const xv_diff *d, const char *ol, const char *nl, xv_strbuf *sb)
{
    xv_sb_puts(sb, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                   "<title>xverify diff</title><style>"
                   "body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
                   "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}"
                   "tr.break td:first-child{color:#b00;font-weight:bold}</style></head><body>\n"
                   "<section class=\"xv-diff\">\n<h2>Changes since the previous release</h2>\n<p><code>");
    html_str(sb, ol);
    xv_sb_puts(sb, "</code> &rarr; <code>");
    html_str(sb, nl);
    xv_sb_puts(sb, "</code></p>\n<p><strong>");
    xv_strbuf s;
    xv_sb_init(&s);
    summary(d, &s);
    html_str(sb, xv_sb_str(&s));
    xv_sb_free(&s);
    xv_sb_puts(sb, "</strong></p>\n");
    const char *plat = NULL;
    for (size_t i = 0; i < xv_diff_count(d);) {
        size_t j = group_end(d, i);
        const xv_change *c = xv_diff_change(d, i);
        if (!plat || strcmp(plat, c->platform) != 0) {
            if (plat)
                xv_sb_puts(sb, "</table>\n");
            xv_sb_puts(sb, "<h3>");
            html_str(sb, c->platform);
            xv_sb_puts(sb, "</h3>\n<table><tr><th></th><th>member</th><th>change</th></tr>\n");
            plat = c->platform;
        }
        xv_sb_puts(sb, group_breaking(d, i, j) ? "<tr class=\"break\"><td>breaking</td><td>"
                                               : "<tr><td></td><td>");
        html_str(sb, c->member);
        xv_sb_puts(sb, "</td><td>");
        group_text(r, d, i, j, sb, html_str);
        xv_sb_puts(sb, "</td></tr>\n");
        i = j;
    }
    if (plat)
        xv_sb_puts(sb, "</table>\n");
    xv_sb_puts(sb, "</section>\n</body></html>\n");
}

char *xv_diff_render(const xv_diff *d, xv_diff_format fmt, const char *old_label, const char *new_label,
                     xv_diff_demangle_fn demangle, void *ud)
{
    rctx r = { demangle, ud };
    xv_strbuf sb;
    xv_sb_init(&sb);
    const char *ol = old_label ? old_label : "old", *nl = new_label ? new_label : "new";
    switch (fmt) {
    case XV_DIFF_JSON: render_json(&r, d, ol, nl, &sb); break;
    case XV_DIFF_MARKDOWN: render_md(&r, d, ol, nl, &sb); break;
    case XV_DIFF_HTML: render_html(&r, d, ol, nl, &sb); break;
    case XV_DIFF_TEXT:
    default: render_text(&r, d, ol, nl, &sb); break;
    }
    return xv_sb_take(&sb);
}
