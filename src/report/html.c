/* HTML sign-off report: one self-contained file (inline CSS, inline SVG, no
 * scripts, no external resources) with the verdict, the check x platform
 * matrix, the findings, one collapsible <details> per package and a bar
 * chart of binary sizes per platform. */
#include <stdlib.h>
#include <string.h>

#include "report/report_util.h"

#define HTML_MAX_BARS 60
#define HTML_DETAIL_CAP ((size_t)16 * 1024)

static const char css[] =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;"
    "max-width:1200px;padding:1.5em;color:#1f2328;background:#fff}"
    "h1{font-size:1.8em;padding:.6em .8em;border-radius:8px;margin:.2em 0 .4em}"
    "h1.ok{background:#dafbe1;color:#116329}h1.bad{background:#ffebe9;color:#a40e26}"
    "h2{margin-top:1.6em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}"
    "table{border-collapse:collapse;margin:.6em 0;width:100%}"
    "th,td{border:1px solid #d0d7de;padding:.3em .6em;text-align:left;vertical-align:top}"
    "th{background:#f6f8fa}td.c{text-align:center;white-space:nowrap}"
    "tr.fail td,tr.error td{background:#fff5f5}tr.warn td{background:#fff8e5}"
    "tr.skip td{color:#57606a}code,.mono{font-family:ui-monospace,monospace;font-size:.92em;"
    "word-break:break-all}"
    "details{border:1px solid #d0d7de;border-radius:6px;padding:.4em .8em;margin:.5em 0}"
    "summary{cursor:pointer;font-weight:600}pre{background:#f6f8fa;padding:.6em;"
    "overflow:auto;max-height:20em;white-space:pre-wrap}"
    ".b{display:inline-block;padding:0 .45em;border-radius:1em;font-weight:600;white-space:nowrap}"
    ".b.pass{background:#dafbe1;color:#116329}.b.fail,.b.error{background:#ffcecb;color:#a40e26}"
    ".b.warn{background:#fff1b3;color:#7d4e00}.b.skip{background:#eaeef2;color:#57606a}"
    "td.k code{white-space:nowrap}"
    ".hint{color:#0a3069}.muted{color:#57606a}svg text{font:12px ui-monospace,monospace}";

static const char *vclass(xv_verdict v)
{
    switch (v) {
    case XV_PASS: return "pass";
    case XV_SKIP: return "skip";
    case XV_WARN: return "warn";
    case XV_FAIL: return "fail";
    case XV_ERROR: break;
    }
    return "error";
}

/* Symbols every common text font has (DejaVu, Segoe UI, Helvetica): the
 * page must read right without a colour emoji font. */
static const char *hicon(xv_verdict v)
{
    switch (v) {
    case XV_PASS: return "\xe2\x9c\x93";   /* ✓ */
    case XV_SKIP: return "\xe2\x97\x8b";   /* ○ */
    case XV_WARN: return "\xe2\x9a\xa0";   /* ⚠ */
    case XV_FAIL: return "\xe2\x9c\x97";   /* ✗ */
    case XV_ERROR: break;
    }
    return "\xe2\x80\xbc";                 /* ‼ */
}

static xv_verdict clampv(xv_verdict v)
{
    return v <= XV_ERROR ? v : XV_ERROR;
}

static void h(FILE *out, const char *s)
{
    xv_rep_html(out, s ? s : "", SIZE_MAX);
}

static void put_matrix(FILE *out, const xv_rep *rep)
{
    static const xv_verdict order[] = {XV_FAIL, XV_ERROR, XV_WARN, XV_SKIP, XV_PASS};
    fputs("<h2>Checks by platform</h2>\n<table class=\"matrix\"><thead><tr><th>Check</th>", out);
    for (size_t p = 0; p < rep->nplatforms; p++) {
        fputs("<th>", out);
        h(out, rep->platforms[p]);
        fputs("</th>", out);
    }
    fputs("</tr></thead><tbody>\n", out);
    size_t *cells = calloc(rep->nplatforms * 5 + 1, sizeof *cells);
    if (!cells)
        return;
    for (size_t c = 0; c < rep->nchecks; c++) {
        xv_rep_matrix_row(rep, c, cells);
        fputs("<tr><td><code>", out);
        h(out, rep->checks[c]);
        fputs("</code></td>", out);
        for (size_t p = 0; p < rep->nplatforms; p++) {
            fputs("<td class=\"c\">", out);
            int any = 0;
            for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
                size_t n = cells[p * 5 + (size_t)order[k]];
                if (n) {
                    fprintf(out, "%s<span class=\"b %s\" title=\"%s\">%s %zu</span>",
                            any ? " " : "", vclass(order[k]), xv_verdict_name(order[k]),
                            hicon(order[k]), n);
                    any = 1;
                }
            }
            fputs(any ? "</td>" : "\xc2\xb7</td>", out);
        }
        fputs("</tr>\n", out);
    }
    free(cells);
    fputs("</tbody></table>\n", out);
}

static void put_row(FILE *out, const xv_rep *rep, const xv_rep_item *it, int with_platform)
{
    const xv_result *r = it->r;
    xv_verdict v = clampv(r->verdict);
    fprintf(out, "<tr class=\"%s\"><td class=\"c\"><span class=\"b %s\">%s %s</span></td>"
                 "<td class=\"k\"><code>",
            vclass(v), vclass(v), hicon(v), xv_verdict_name(v));
    h(out, r->check);
    fputs("</code></td>", out);
    if (with_platform) {
        fputs("<td>", out);
        h(out, xv_rep_platform_name(rep, it));
        fputs("</td>", out);
    }
    fputs("<td class=\"mono\">", out);
    const char *subj = r->subject && r->subject[0] ? r->subject : "(release)";
    if (!with_platform && r->package) {
        /* Inside its package's section the package prefix is noise. */
        size_t n = strlen(r->package);
        if (strncmp(subj, r->package, n) == 0 && subj[n] == '!' && subj[n + 1] == '/' && subj[n + 2])
            subj += n + 2;
    }
    h(out, subj);
    if (r->env) {
        fputs(" [", out);
        h(out, r->env);
        fputc(']', out);
    }
    fputs("</td><td>", out);
    h(out, r->message);
    if (r->hint) {
        fputs("<div class=\"hint\">Fix: ", out);
        h(out, r->hint);
        fputs("</div>", out);
    }
    if (r->waiver) {
        fputs("<div class=\"muted\">Waived: ", out);
        h(out, r->waiver);
        fputs("</div>", out);
    }
    if (r->detail && r->detail[0] && v != XV_PASS) {
        fputs("<details><summary>details</summary><pre>", out);
        size_t used = xv_rep_html(out, r->detail, HTML_DETAIL_CAP);
        if (used < strlen(r->detail))
            fprintf(out, "\n[... %zu more bytes]", strlen(r->detail) - used);
        fputs("</pre></details>", out);
    }
    fputs("</td></tr>\n", out);
}

static void put_findings(FILE *out, const xv_rep *rep)
{
    size_t n = 0;
    /* Failures and errors, warnings, then skips that block (--fail-on skip). */
    static const xv_verdict order[] = {XV_FAIL, XV_ERROR, XV_WARN, XV_SKIP};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        for (size_t i = 0; i < rep->nitems; i++) {
            const xv_rep_item *it = &rep->items[i];
            if (clampv(it->r->verdict) != order[k] ||
                (order[k] == XV_SKIP && !xv_rep_blocking(rep, it->r)))
                continue;
            if (n++ == 0)
                fputs("<h2>Findings</h2>\n<table class=\"findings\"><thead><tr><th>Verdict</th>"
                      "<th>Check</th><th>Platform</th><th>Subject</th><th>Message</th></tr>"
                      "</thead><tbody>\n",
                      out);
            put_row(out, rep, it, 1);
        }
    if (n)
        fputs("</tbody></table>\n", out);
    else
        fputs("<h2>Findings</h2>\n<p>No failures, errors or warnings.</p>\n", out);
}

static void put_packages(FILE *out, const xv_rep *rep)
{
    char b1[32], b2[32];
    fputs("<h2>Packages</h2>\n", out);
    for (size_t pk = 0; pk < rep->npackages; pk++) {
        const xv_rep_pkg *p = &rep->packages[pk];
        fprintf(out, "<details class=\"package\"%s><summary><span class=\"b %s\">%s</span> ",
                p->worst >= XV_FAIL ? " open" : "", vclass(p->worst), hicon(p->worst));
        h(out, p->name);
        if (p->pkg && p->pkg->platform.id[0]) {
            fputs(" <span class=\"muted\">(", out);
            h(out, p->pkg->platform.id);
            fputs(")</span>", out);
        }
        fprintf(out, " \xe2\x80\x94 %zu passed, %zu failed, %zu errors, %zu warnings, %zu skipped"
                     "</summary>\n",
                p->counts[XV_PASS], p->counts[XV_FAIL], p->counts[XV_ERROR], p->counts[XV_WARN],
                p->counts[XV_SKIP]);
        if (p->pkg) {
            fputs("<p class=\"muted\">", out);
            h(out, p->path);
            fputs(" \xc2\xb7 ", out);
            h(out, p->pkg->format);
            fprintf(out, " \xc2\xb7 %s, expanded %s</p>\n",
                    p->pkg->kind == XV_PKG_DIR ? "folder" : xv_rep_bytes(p->pkg->size, b1, sizeof b1),
                    xv_rep_bytes(p->pkg->expanded, b2, sizeof b2));
            char tc[512];
            if (*xv_rep_pkg_toolchain(rep, p->pkg, tc, sizeof tc)) {
                fputs("<p class=\"toolchain\">", out);
                h(out, tc);
                fputs("</p>\n", out);
            }
        }
        fputs("<table><thead><tr><th>Verdict</th><th>Check</th><th>Subject</th><th>Message</th>"
              "</tr></thead><tbody>\n",
              out);
        for (size_t i = p->first; i < p->first + p->count; i++)
            put_row(out, rep, &rep->items[i], 0);
        fputs("</tbody></table>\n</details>\n", out);
    }
}

typedef struct bar {
    const char *label;
    uint64_t size;
    int bad;
} bar;

static void put_chart(FILE *out, const xv_rep *rep, const char *pid, bar *bars)
{
    size_t n = 0, more = 0;
    uint64_t max = 1;
    for (size_t k = 0; k < xv_dist_package_count(rep->dist); k++) {
        const xv_package *p = xv_dist_package(rep->dist, k);
        const char *ppid = p->platform.id[0] ? p->platform.id : "any";
        if (strcmp(ppid, pid) != 0)
            continue;
        for (size_t a = 0; a < p->count; a++) {
            const xv_artifact *art = xv_dist_artifact(rep->dist, p->first + a);
            if (!art || !art->image)
                continue;
            if (n >= HTML_MAX_BARS) {
                more++;
                continue;
            }
            bars[n].label = art->member ? art->member : art->path;
            bars[n].size = art->size;
            bars[n].bad = xv_rep_subject_blocked(rep, art->path);
            if (art->size > max)
                max = art->size;
            n++;
        }
    }
    if (!n)
        return;
    const int row = 22, label_w = 330, bar_w = 520, width = label_w + bar_w + 110;
    fputs("<h3>", out);
    h(out, pid);
    fputs("</h3>\n", out);
    fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%d\" height=\"%d\" "
                 "viewBox=\"0 0 %d %d\"><title>Binary sizes for ",
            width, (int)n * row + 6, width, (int)n * row + 6);
    h(out, pid);
    fputs("</title>\n", out);
    char b[32];
    for (size_t i = 0; i < n; i++) {
        int y = (int)i * row + 3;
        int w = (int)((double)bars[i].size / (double)max * bar_w);
        if (w < 1)
            w = 1;
        fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", label_w - 8, y + 15);
        /* Long member paths keep their tail, the informative part. */
        const char *l = bars[i].label;
        size_t len = strlen(l);
        if (len > 44) {
            fputs("\xe2\x80\xa6", out);
            l += len - 43;
            while ((*l & 0xC0) == 0x80)
                l++;
        }
        h(out, l);
        fprintf(out, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\" "
                     "fill=\"%s\"><title>",
                label_w, y + 2, w, row - 6, bars[i].bad ? "#cf222e" : "#2f81f7");
        h(out, bars[i].label);
        fprintf(out, ": %s</title></rect><text x=\"%d\" y=\"%d\">%s</text>\n",
                xv_rep_bytes(bars[i].size, b, sizeof b), label_w + w + 6, y + 15,
                xv_rep_bytes(bars[i].size, b, sizeof b));
    }
    fputs("</svg>\n", out);
    if (more)
        fprintf(out, "<p class=\"muted\">\xe2\x80\xa6 and %zu more binaries</p>\n", more);
}

static void put_sizes(FILE *out, const xv_rep *rep)
{
    if (!rep->dist || xv_dist_artifact_count(rep->dist) == 0)
        return;
    bar *bars = calloc(HTML_MAX_BARS, sizeof *bars);
    if (!bars)
        return;
    fputs("<h2>Binary sizes by platform</h2>\n", out);
    for (size_t p = 0; p < rep->nplatforms; p++)
        put_chart(out, rep, rep->platforms[p], bars);
    free(bars);
}

/* Where each platform's binaries run: the lines a release note copies. */
static void put_runs_on(FILE *out, const xv_rep *rep)
{
    xv_rep_runs_row *rows = NULL;
    size_t n = xv_rep_runs_on(rep, &rows);
    if (n) {
        fputs("<h2 id=\"runs-on\">Runs on</h2>\n<table class=\"runs-on\">\n"
              "<tr><th>Platform</th><th>Binary</th><th>Runs on</th></tr>\n", out);
        for (size_t i = 0; i < n; i++) {
            fputs(rows[i].is_platform ? "<tr class=\"platform\"><th>" : "<tr><td>", out);
            h(out, rows[i].platform);
            fputs(rows[i].is_platform ? "</th><td><em>all binaries</em></td><td>" : "</td><td>", out);
            if (!rows[i].is_platform) {
                h(out, rows[i].subject);
                fputs("</td><td>", out);
            }
            h(out, rows[i].runs_on);
            fputs("</td></tr>\n", out);
        }
        fputs("</table>\n", out);
    }
    free(rows);
}

/* Every matrix waiver: what it names, why, until when, what it covered. */
static void put_waivers(FILE *out, const xv_rep *rep)
{
    const xv_gate *g = &rep->gate;
    if (!g->nwaivers)
        return;
    fprintf(out, "<h2>Waivers</h2>\n<p>%zu waiver%s, %zu result%s waived", g->nwaivers,
            g->nwaivers == 1 ? "" : "s", g->waived, g->waived == 1 ? "" : "s");
    if (g->waivers_expiring)
        fprintf(out, ", %zu expiring within %d days", g->waivers_expiring, g->waiver_warn_days);
    if (g->waivers_expired)
        fprintf(out, ", %zu expired", g->waivers_expired);
    fputs(".</p>\n<table class=\"waivers\"><thead><tr><th>Check</th><th>Match</th><th>Reason</th>"
          "<th>Expiry</th><th>Covered</th></tr></thead><tbody>\n", out);
    for (size_t i = 0; i < g->nwaivers; i++) {
        const xv_waiver_use *w = &g->waivers[i];
        char exp[128];
        fputs("<tr><td>", out);
        h(out, w->check);
        fputs("</td><td>", out);
        h(out, w->match ? w->match : "(every subject)");
        fputs("</td><td>", out);
        h(out, w->reason);
        fprintf(out, "</td><td class=\"%s\">", w->expiring || w->expired ? "bad" : "ok");
        h(out, xv_rep_waiver_expiry(w, exp, sizeof exp));
        fprintf(out, "</td><td>%zu", w->covered);
        const xv_rep_item *cov[20];
        size_t nc = xv_rep_waiver_covered(rep, i, cov, 20);
        for (size_t k = 0; k < nc && k < 20; k++) {
            char id[1024];
            fputs(k ? "<br>" : ": ", out);
            h(out, xv_rep_platform_name(rep, cov[k]));
            fputc(' ', out);
            h(out, xv_rep_identity(rep, cov[k], id, sizeof id));
        }
        if (nc > 20)
            fprintf(out, "<br>and %zu more", nc - 20);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
}

xv_status xv_report_html(const xv_run *run, const xv_report_opts *opts, FILE *out)
{
    (void)opts;
    xv_rep rep;
    xv_status st = xv_rep_build(&rep, run);
    if (st != XV_OK)
        return st;
    char head[128];
    xv_rep_headline(&rep, 0, head, sizeof head);
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
          "<title>xverify: ",
          out);
    h(out, head);
    fprintf(out, "</title>\n<style>%s</style>\n</head><body>\n", css);
    fprintf(out, "<h1 id=\"verdict\" class=\"%s\">%s ", rep.exit_code ? "bad" : "ok",
            hicon(rep.exit_code ? XV_FAIL : XV_PASS));
    h(out, head);
    fputs("</h1>\n", out);
    fprintf(out, "<p class=\"muted\">xverify %s \xc2\xb7 %zu packages \xc2\xb7 %zu platforms \xc2\xb7 "
                 "%zu results: %zu passed, %zu failed, %zu errors, %zu warnings, %zu skipped</p>\n",
            xv_version(), xv_rep_real_packages(&rep), xv_rep_real_platforms(&rep), rep.nitems, rep.counts[XV_PASS],
            rep.counts[XV_FAIL], rep.counts[XV_ERROR], rep.counts[XV_WARN], rep.counts[XV_SKIP]);
    char rel[512];
    if (xv_rep_release(&rep, rel, sizeof rel)) {
        fputs("<p class=\"muted\">Release: ", out);
        h(out, rel);
        fputs("</p>\n", out);
    }
    if (rep.nitems)
        put_matrix(out, &rep);
    put_findings(out, &rep);
    put_waivers(out, &rep);
    put_packages(out, &rep);
    put_runs_on(out, &rep);
    put_sizes(out, &rep);
    fputs("</body></html>\n", out);
    xv_rep_free(&rep);
    return xv_rep_finish(out);
}
