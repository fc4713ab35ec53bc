/* Markdown sign-off report (also the GitHub job summary): the verdict first,
 * a check x platform matrix, the findings with their fix hints, then sizes
 * per platform. No wall-clock values, so it is stable for golden tests. */
#include <stdlib.h>
#include <string.h>

#include "report/report_util.h"

#define MD_DETAIL_CAP ((size_t)4096)
#define MD_MAX_BINARIES 50
/* GitHub refuses a job summary over 1 MiB: list at most this many findings
 * per section and packages in the sizes (the other reports have them all). */
#define MD_MAX_FINDINGS 150
#define MD_MAX_SIZE_PACKAGES 60

static const xv_verdict cell_order[] = {XV_FAIL, XV_ERROR, XV_WARN, XV_SKIP, XV_PASS};

static void put_summary_line(FILE *out, const xv_rep *rep)
{
    fprintf(out, "xverify %s · %zu package%s · %zu platform%s · %zu result%s: "
                 "%zu passed, %zu failed, %zu error%s, %zu warning%s, %zu skipped\n",
            xv_version(), xv_rep_real_packages(rep), xv_rep_real_packages(rep) == 1 ? "" : "s", xv_rep_real_platforms(rep),
            xv_rep_real_platforms(rep) == 1 ? "" : "s", rep->nitems, rep->nitems == 1 ? "" : "s",
            rep->counts[XV_PASS], rep->counts[XV_FAIL], rep->counts[XV_ERROR],
            rep->counts[XV_ERROR] == 1 ? "" : "s", rep->counts[XV_WARN],
            rep->counts[XV_WARN] == 1 ? "" : "s", rep->counts[XV_SKIP]);
    char rel[512];
    if (xv_rep_release(rep, rel, sizeof rel)) {
        fputs("\nRelease: ", out);
        xv_rep_md(out, rel);
        fputc('\n', out);
    }
}

static void put_matrix(FILE *out, const xv_rep *rep)
{
    fputs("\n### Checks by platform\n\n| Check |", out);
    for (size_t p = 0; p < rep->nplatforms; p++) {
        fputc(' ', out);
        xv_rep_md(out, rep->platforms[p]);
        fputs(" |", out);
    }
    fputs("\n|---|", out);
    for (size_t p = 0; p < rep->nplatforms; p++)
        fputs(":---:|", out);
    fputc('\n', out);
    size_t *cells = calloc(rep->nplatforms * 5 + 1, sizeof *cells);
    if (!cells)
        return;
    for (size_t c = 0; c < rep->nchecks; c++) {
        xv_rep_matrix_row(rep, c, cells);
        fputs("| ", out);
        xv_rep_md(out, rep->checks[c]);
        fputs(" |", out);
        for (size_t p = 0; p < rep->nplatforms; p++) {
            int any = 0;
            for (size_t k = 0; k < sizeof cell_order / sizeof cell_order[0]; k++) {
                size_t n = cells[p * 5 + (size_t)cell_order[k]];
                if (n) {
                    fprintf(out, " %s %zu", xv_rep_icon(cell_order[k]), n);
                    any = 1;
                }
            }
            fputs(any ? " |" : " · |", out);
        }
        fputc('\n', out);
    }
    free(cells);
}

/* A fenced block, indented by two spaces to stay inside its list item,
 * whose fence is longer than any backtick run inside. */
static void put_fenced(FILE *out, const char *s, size_t cap)
{
    size_t run = 0, longest = 0, len = strlen(s);
    for (size_t i = 0; i < len; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    size_t fence = longest < 3 ? 3 : longest + 1;
    fputs("  ", out);
    for (size_t i = 0; i < fence; i++)
        fputc('`', out);
    fputs("text\n", out);
    size_t n = len < cap ? len : cap;
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
        /* Keep lines, drop other control characters and invalid UTF-8. */
        char *clean = xv_rep_utf8_clean(c);
        if (clean) {
            int bol = 1;
            for (char *p = clean; *p; p++) {
                if (bol)
                    fputs("  ", out);
                bol = *p == '\n';
                fputc((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t' ? ' ' : *p, out);
            }
            if (!bol)
                fputc('\n', out);
        }
        free(clean);
        free(c);
    }
    if (len > cap)
        fprintf(out, "  [... %zu more bytes]\n", len - cap);
    fputs("  ", out);
    for (size_t i = 0; i < fence; i++)
        fputc('`', out);
    fputc('\n', out);
}

static void put_finding(FILE *out, const xv_rep *rep, const xv_rep_item *it)
{
    const xv_result *r = it->r;
    xv_verdict v = r->verdict <= XV_ERROR ? r->verdict : XV_ERROR;
    fprintf(out, "- %s **", xv_rep_icon(v));
    xv_rep_md(out, r->check);
    fputs("** · ", out);
    xv_rep_md(out, xv_rep_platform_name(rep, it));
    if (r->env) {
        fputs(" · ", out);
        xv_rep_md(out, r->env);
    }
    fputs(" · ", out);
    xv_rep_md(out, r->subject && r->subject[0] ? r->subject : "(release)");
    fputs("  \n  ", out);
    xv_rep_md(out, r->message);
    if (r->hint) {
        fputs("  \n  \xf0\x9f\x92\xa1 Fix: ", out); /* 💡 */
        xv_rep_md(out, r->hint);
    }
    if (r->waiver) {
        fputs("  \n  Waived: ", out);
        xv_rep_md(out, r->waiver);
    }
    fputc('\n', out);
    if (r->detail && r->detail[0]) {
        fputs("\n  <details><summary>details</summary>\n\n", out);
        put_fenced(out, r->detail, MD_DETAIL_CAP);
        fputs("\n  </details>\n\n", out);
    }
}

/* Results with a verdict in lo..hi that block the release (blocking 1) or
 * do not (blocking 0): "Failures" lists exactly what the headline counts,
 * whatever --fail-on made blocking. */
static size_t put_findings(FILE *out, const xv_rep *rep, const char *title,
                           xv_verdict lo, xv_verdict hi, int blocking)
{
    size_t n = 0;
    for (size_t i = 0; i < rep->nitems; i++) {
        xv_verdict v = rep->items[i].r->verdict;
        if (v > XV_ERROR)
            v = XV_ERROR;
        if (v < lo || v > hi || xv_rep_blocking(rep, rep->items[i].r) != blocking)
            continue;
        if (n++ == 0)
            fprintf(out, "\n### %s\n\n", title);
        if (n <= MD_MAX_FINDINGS)
            put_finding(out, rep, &rep->items[i]);
    }
    if (n > MD_MAX_FINDINGS)
        fprintf(out, "- \xe2\x80\xa6 and %zu more (all of them are in the JUnit, JSON, SARIF and "
                     "HTML reports)\n",
                n - MD_MAX_FINDINGS);
    return n;
}

static void put_sizes(FILE *out, const xv_rep *rep)
{
    if (!rep->dist || xv_dist_package_count(rep->dist) == 0)
        return;
    fputs("\n### Sizes by platform\n", out);
    char b1[32], b2[32];
    size_t listed = 0, skipped = 0;
    for (size_t pl = 0; pl < rep->nplatforms; pl++) {
        const char *pid = rep->platforms[pl];
        int header = 0;
        for (size_t k = 0; k < xv_dist_package_count(rep->dist); k++) {
            const xv_package *p = xv_dist_package(rep->dist, k);
            const char *ppid = p->platform.id[0] ? p->platform.id : "any";
            if (strcmp(ppid, pid) != 0)
                continue;
            if (++listed > MD_MAX_SIZE_PACKAGES) {
                skipped++;
                continue;
            }
            if (!header) {
                fputs("\n#### ", out);
                xv_rep_md(out, pid);
                fputs("\n", out);
                header = 1;
            }
            fputs("\n**", out);
            xv_rep_md(out, p->name);
            fprintf(out, "** — archive %s, expanded %s",
                    p->kind == XV_PKG_DIR ? "(folder)" : xv_rep_bytes(p->size, b1, sizeof b1),
                    xv_rep_bytes(p->expanded, b2, sizeof b2));
            char tc[512];
            if (*xv_rep_pkg_toolchain(rep, p, tc, sizeof tc)) {
                fputs(" — ", out);
                xv_rep_md(out, tc);
            }
            fputs("\n\n", out);
            size_t shown = 0, more = 0;
            for (size_t a = 0; a < p->count; a++) {
                const xv_artifact *art = xv_dist_artifact(rep->dist, p->first + a);
                if (!art || !art->image)
                    continue;
                if (shown >= MD_MAX_BINARIES) {
                    more++;
                    continue;
                }
                if (shown++ == 0)
                    fputs("| Binary | Arch | Size |\n|---|---|---:|\n", out);
                const xv_binary *bin = xv_image_binary(art->image, 0);
                fputs("| ", out);
                xv_rep_md(out, art->member ? art->member : art->path);
                fputs(" | ", out);
                if (xv_image_count(art->image) > 1) {
                    for (size_t s = 0; s < xv_image_count(art->image); s++) {
                        const xv_binary *sb = xv_image_binary(art->image, s);
                        fputs(s ? "+" : "", out);
                        xv_rep_md(out, sb && sb->arch ? sb->arch : "?");
                    }
                } else {
                    xv_rep_md(out, bin && bin->arch ? bin->arch : "?");
                }
                fprintf(out, " | %s |\n", xv_rep_bytes(art->size, b1, sizeof b1));
            }
            if (more)
                fprintf(out, "\n… and %zu more binaries\n", more);
            if (!shown)
                fputs("(no binaries)\n", out);
        }
    }
    if (skipped)
        fprintf(out, "\n\xe2\x80\xa6 and %zu more packages (sizes of all are in the JSON and HTML "
                     "reports)\n",
                skipped);
}

/* Where each platform's binaries run: the lines a release note copies. */
static void put_runs_on(FILE *out, const xv_rep *rep)
{
    xv_rep_runs_row *rows = NULL;
    size_t n = xv_rep_runs_on(rep, &rows);
    if (n) {
        fputs("\n### Runs on\n\n| Platform | Binary | Runs on |\n|---|---|---|\n", out);
        for (size_t i = 0; i < n; i++) {
            fputs("| ", out);
            if (rows[i].is_platform)
                fputs("**", out);
            xv_rep_md(out, rows[i].platform);
            fputs(rows[i].is_platform ? "** | *all binaries* | " : " | ", out);
            if (!rows[i].is_platform) {
                xv_rep_md(out, rows[i].subject);
                fputs(" | ", out);
            }
            xv_rep_md(out, rows[i].runs_on);
            fputs(" |\n", out);
        }
    }
    free(rows);
}

/* Every matrix waiver: what it names, why, until when, what it covered. */
static void put_waivers(FILE *out, const xv_rep *rep)
{
    const xv_gate *g = &rep->gate;
    if (!g->nwaivers)
        return;
    fprintf(out, "\n### Waivers\n\n%zu waiver%s, %zu result%s waived", g->nwaivers,
            g->nwaivers == 1 ? "" : "s", g->waived, g->waived == 1 ? "" : "s");
    if (g->waivers_expiring)
        fprintf(out, ", %zu expiring within %d days", g->waivers_expiring, g->waiver_warn_days);
    if (g->waivers_expired)
        fprintf(out, ", %zu expired", g->waivers_expired);
    fputs(".\n\n| Check | Match | Reason | Expiry | Covered |\n|---|---|---|---|---|\n", out);
    for (size_t i = 0; i < g->nwaivers; i++) {
        const xv_waiver_use *w = &g->waivers[i];
        char exp[128];
        fputs("| ", out);
        xv_rep_md(out, w->check);
        fputs(" | ", out);
        xv_rep_md(out, w->match ? w->match : "(every subject)");
        fputs(" | ", out);
        xv_rep_md(out, w->reason);
        fprintf(out, " | %s%s | %zu", w->expiring || w->expired ? xv_rep_icon(XV_WARN) : "",
                xv_rep_waiver_expiry(w, exp, sizeof exp), w->covered);
        const xv_rep_item *cov[5];
        size_t nc = xv_rep_waiver_covered(rep, i, cov, 5);
        for (size_t k = 0; k < nc && k < 5; k++) {
            char id[1024];
            fputs(k ? ", " : ": ", out);
            xv_rep_md(out, xv_rep_platform_name(rep, cov[k]));
            fputc(' ', out);
            xv_rep_md(out, xv_rep_identity(rep, cov[k], id, sizeof id));
        }
        if (nc > 5)
            fprintf(out, " and %zu more", nc - 5);
        fputs(" |\n", out);
    }
}

xv_status xv_report_markdown(const xv_run *run, const xv_report_opts *opts, FILE *out)
{
    (void)opts;
    xv_rep rep;
    xv_status st = xv_rep_build(&rep, run);
    if (st != XV_OK)
        return st;
    char head[128];
    fprintf(out, "## %s\n\n", xv_rep_headline(&rep, 1, head, sizeof head));
    put_summary_line(out, &rep);
    if (rep.nitems)
        put_matrix(out, &rep);
    put_findings(out, &rep, "Failures", XV_SKIP, XV_ERROR, 1);
    put_findings(out, &rep, "Warnings", XV_WARN, XV_WARN, 0);
    put_waivers(out, &rep);
    size_t nskip = rep.counts[XV_SKIP] - rep.gate.blocking_by[XV_SKIP];
    if (nskip) {
        fprintf(out, "\n<details><summary>%zu not judged (skipped)</summary>\n", nskip);
        put_findings(out, &rep, "Skipped", XV_SKIP, XV_SKIP, 0);
        fputs("\n</details>\n", out);
    }
    put_runs_on(out, &rep);
    put_sizes(out, &rep);
    xv_rep_free(&rep);
    return xv_rep_finish(out);
}
