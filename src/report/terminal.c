/* Terminal report: grouped by package (packages with the worst verdict
 * first), within a package failures first, then errors, warnings, skips;
 * passes are counted, and listed only with verbosity 1. Quiet (-1) prints
 * the failing lines and the verdict only. Colour (ANSI) only when
 * opts->color; untrusted text has control characters replaced, so a file
 * name cannot inject escape sequences. No wall-clock values. */
#include <stdlib.h>
#include <string.h>

#include "report/report_util.h"

#define C_RED "\033[31m"
#define C_YEL "\033[33m"
#define C_GRN "\033[32m"
#define C_DIM "\033[2m"
#define C_BOLD "\033[1m"
#define C_OFF "\033[0m"

static const char *tag(xv_verdict v)
{
    switch (v) {
    case XV_PASS: return "PASS ";
    case XV_SKIP: return "SKIP ";
    case XV_WARN: return "WARN ";
    case XV_FAIL: return "FAIL ";
    case XV_ERROR: break;
    }
    return "ERROR";
}

static const char *colour(xv_verdict v)
{
    switch (v) {
    case XV_PASS: return C_GRN;
    case XV_SKIP: return C_DIM;
    case XV_WARN: return C_YEL;
    case XV_FAIL: case XV_ERROR: break;
    }
    return C_RED;
}

typedef struct term {
    FILE *out;
    int color;
    int verbosity;
} term;

static void on(const term *t, const char *c)
{
    if (t->color)
        fputs(c, t->out);
}

/* The subject relative to its package ("bin/app" rather than the whole
 * logical path) when it lies inside it. */
static const char *short_subject(const xv_result *r)
{
    const char *s = r->subject ? r->subject : "";
    if (r->package) {
        size_t n = strlen(r->package);
        if (strncmp(s, r->package, n) == 0 && (s[n] == '/' || s[n] == '!')) {
            s += n + 1;
            if (*s == '/')
                s++;
            if (*s)
                return s;
            return r->subject;
        }
    }
    return s[0] ? s : "(release)";
}

static void put_line(const term *t, const xv_rep *rep, const xv_rep_item *it, size_t more)
{
    const xv_result *r = it->r;
    xv_verdict v = r->verdict <= XV_ERROR ? r->verdict : XV_ERROR;
    fputs("  ", t->out);
    on(t, colour(v));
    fputs(tag(v), t->out);
    on(t, C_OFF);
    fputc(' ', t->out);
    on(t, C_BOLD);
    xv_rep_term(t->out, r->check, 0);
    on(t, C_OFF);
    fputc(' ', t->out);
    xv_rep_term(t->out, short_subject(r), 0);
    if (r->env) {
        fputs(" [", t->out);
        xv_rep_term(t->out, r->env, 0);
        fputc(']', t->out);
    }
    fputs(": ", t->out);
    xv_rep_term(t->out, r->message, 0);
    if (more)
        fprintf(t->out, " (and %zu more like it; -v lists them)", more);
    fputc('\n', t->out);
    if (v >= XV_WARN && r->hint) {
        fputs("        ", t->out);
        on(t, C_DIM);
        fputs("fix: ", t->out);
        xv_rep_term(t->out, r->hint, 0);
        on(t, C_OFF);
        fputc('\n', t->out);
    }
    if (r->waiver) {
        fputs("        waived: ", t->out);
        xv_rep_term(t->out, r->waiver, 0);
        fputc('\n', t->out);
    }
    if (t->verbosity > 0 && r->detail && r->detail[0]) {
        /* Detail lines indented, at most 20 of them. */
        const char *p = r->detail;
        for (int line = 0; *p && line < 20; line++) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            char *one = malloc(n + 1);
            if (!one)
                break;
            memcpy(one, p, n);
            one[n] = '\0';
            fputs("        | ", t->out);
            xv_rep_term(t->out, one, 0);
            fputc('\n', t->out);
            free(one);
            p = nl ? nl + 1 : p + n;
        }
        if (*p)
            fputs("        | ...\n", t->out);
    }
}

static int cmp_pkg_worst(const void *a, const void *b, const xv_rep *rep)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    xv_verdict wx = rep->packages[x].worst, wy = rep->packages[y].worst;
    /* Failures (fail, error) first, then the rest in walk order. */
    int bx = wx >= XV_FAIL, by = wy >= XV_FAIL;
    if (bx != by)
        return by - bx;
    return x < y ? -1 : x > y;
}

static int cmp_skip(const void *a, const void *b)
{
    const xv_rep_item *x = *(const xv_rep_item *const *)a, *y = *(const xv_rep_item *const *)b;
    int c = strcmp(x->r->check ? x->r->check : "", y->r->check ? y->r->check : "");
    if (!c)
        c = strcmp(x->r->message ? x->r->message : "", y->r->message ? y->r->message : "");
    if (!c)
        c = x->index < y->index ? -1 : x->index > y->index;
    return c;
}

/* Skips of one package, one line per check and reason: a runner missing for
 * thirty binaries is one line saying so, not thirty (-v lists them all). */
static void put_skips_folded(const term *t, const xv_rep *rep, const xv_rep_pkg *p)
{
    size_t n = 0;
    for (size_t i = p->first; i < p->first + p->count; i++)
        if (rep->items[i].r->verdict == XV_SKIP)
            n++;
    if (!n)
        return;
    const xv_rep_item **v = malloc(n * sizeof *v);
    if (!v) {
        for (size_t i = p->first; i < p->first + p->count; i++)
            if (rep->items[i].r->verdict == XV_SKIP)
                put_line(t, rep, &rep->items[i], 0);
        return;
    }
    n = 0;
    for (size_t i = p->first; i < p->first + p->count; i++)
        if (rep->items[i].r->verdict == XV_SKIP)
            v[n++] = &rep->items[i];
    qsort(v, n, sizeof *v, cmp_skip);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && strcmp(v[j]->r->check ? v[j]->r->check : "", v[i]->r->check ? v[i]->r->check : "") == 0 &&
               strcmp(v[j]->r->message ? v[j]->r->message : "", v[i]->r->message ? v[i]->r->message : "") == 0)
            j++;
        put_line(t, rep, v[i], j - i - 1);
        i = j;
    }
    free(v);
}

static void put_package(const term *t, const xv_rep *rep, size_t pk)
{
    const xv_rep_pkg *p = &rep->packages[pk];
    size_t total = 0;
    for (int v = 0; v < 5; v++)
        total += p->counts[v];
    if (total == 0 && t->verbosity < 1)
        return;
    /* A package is marked bad when one of its results blocks the release:
     * under --fail-on warn a warning does. */
    size_t nblock = 0;
    for (size_t i = p->first; i < p->first + p->count; i++)
        nblock += (size_t)xv_rep_blocking(rep, rep->items[i].r);
    int bad = nblock > 0;
    if (t->verbosity < 0 && !bad)
        return;
    on(t, colour(p->worst));
    fputs(bad ? "\xe2\x9c\x97 " : "\xe2\x9c\x93 ", t->out); /* ✗ ✓ */
    on(t, C_OFF);
    on(t, C_BOLD);
    xv_rep_term(t->out, p->name, 0);
    on(t, C_OFF);
    const char *pid = p->pkg && p->pkg->platform.id[0] ? p->pkg->platform.id : NULL;
    if (pid)
        fprintf(t->out, " (%s)", pid);
    if (t->verbosity >= 0) {
        fprintf(t->out, ": %zu passed", p->counts[XV_PASS]);
        if (p->counts[XV_FAIL])
            fprintf(t->out, ", %zu failed", p->counts[XV_FAIL]);
        if (p->counts[XV_ERROR])
            fprintf(t->out, ", %zu error%s", p->counts[XV_ERROR], p->counts[XV_ERROR] == 1 ? "" : "s");
        if (p->counts[XV_WARN])
            fprintf(t->out, ", %zu warning%s", p->counts[XV_WARN], p->counts[XV_WARN] == 1 ? "" : "s");
        if (p->counts[XV_SKIP])
            fprintf(t->out, ", %zu skipped", p->counts[XV_SKIP]);
    }
    fputc('\n', t->out);
    static const xv_verdict order[] = {XV_FAIL, XV_ERROR, XV_WARN, XV_SKIP, XV_PASS};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        xv_verdict want = order[k];
        if (t->verbosity < 0 && want < XV_FAIL && want != XV_WARN && want != XV_SKIP)
            continue;
        if (t->verbosity < 1 && want == XV_PASS)
            continue;
        if (want == XV_SKIP && t->verbosity == 0 && rep->fail_on != XV_SKIP) {
            put_skips_folded(t, rep, p);
            continue;
        }
        for (size_t i = p->first; i < p->first + p->count; i++) {
            const xv_rep_item *it = &rep->items[i];
            xv_verdict v = it->r->verdict <= XV_ERROR ? it->r->verdict : XV_ERROR;
            /* -q: only what blocks the release. */
            if (v == want && (t->verbosity >= 0 || xv_rep_blocking(rep, it->r)))
                put_line(t, rep, it, 0);
        }
    }
}

xv_status xv_report_terminal(const xv_run *run, const xv_report_opts *opts, FILE *out)
{
    xv_rep rep;
    xv_status st = xv_rep_build(&rep, run);
    if (st != XV_OK)
        return st;
    term t = {out, opts->color, opts->verbosity < 0 ? -1 : opts->verbosity > 0 ? 1 : 0};
    size_t *order = calloc(rep.npackages + 1, sizeof *order);
    if (!order) {
        xv_rep_free(&rep);
        return XV_ENOMEM;
    }
    for (size_t i = 0; i < rep.npackages; i++)
        order[i] = i;
    /* Insertion sort: stable, few packages. */
    for (size_t i = 1; i < rep.npackages; i++)
        for (size_t j = i; j > 0 && cmp_pkg_worst(&order[j - 1], &order[j], &rep) > 0; j--) {
            size_t tmp = order[j];
            order[j] = order[j - 1];
            order[j - 1] = tmp;
        }
    if (t.verbosity >= 0) {
        fprintf(out, "xverify %s: %zu package%s, %zu platform%s, %zu result%s\n", xv_version(),
                xv_rep_real_packages(&rep), xv_rep_real_packages(&rep) == 1 ? "" : "s", xv_rep_real_platforms(&rep),
                xv_rep_real_platforms(&rep) == 1 ? "" : "s", rep.nitems, rep.nitems == 1 ? "" : "s");
        char rel[512];
        if (xv_rep_release(&rep, rel, sizeof rel)) {
            fputs("Release: ", out);
            xv_rep_term(out, rel, 0);
            fputc('\n', out);
        }
    }
    for (size_t i = 0; i < rep.npackages; i++)
        put_package(&t, &rep, order[i]);
    free(order);
    const xv_gate *g = &rep.gate;
    if (g->nwaivers && t.verbosity >= 0) {
        fprintf(out, "Waivers: %zu, %zu result%s waived", g->nwaivers, g->waived,
                g->waived == 1 ? "" : "s");
        if (g->waivers_expiring)
            fprintf(out, ", %zu expiring within %d days", g->waivers_expiring, g->waiver_warn_days);
        fputc('\n', out);
        for (size_t i = 0; i < g->nwaivers; i++) {
            const xv_waiver_use *w = &g->waivers[i];
            char scope[1024], exp[128];
            fputs("  ", out);
            xv_rep_term(out, xv_rep_waiver_scope(w, scope, sizeof scope), 0);
            fputs(": \"", out);
            xv_rep_term(out, w->reason, 0);
            fprintf(out, "\", %s, covers %zu result%s\n", xv_rep_waiver_expiry(w, exp, sizeof exp),
                    w->covered, w->covered == 1 ? "" : "s");
            /* What it covered: all with -v, a few otherwise. */
            size_t max = t.verbosity > 0 ? 1000 : 3;
            const xv_rep_item *cov[1000];
            size_t nc = xv_rep_waiver_covered(&rep, i, cov, max);
            for (size_t k = 0; k < nc && k < max; k++) {
                char id[1024];
                fputs("    ", out);
                xv_rep_term(out, cov[k]->r->check, 0);
                fputc(' ', out);
                xv_rep_term(out, xv_rep_platform_name(&rep, cov[k]), 0);
                fputc(' ', out);
                xv_rep_term(out, xv_rep_identity(&rep, cov[k], id, sizeof id), 0);
                fputc('\n', out);
            }
            if (nc > max)
                fprintf(out, "    ... and %zu more (-v lists them)\n", nc - max);
        }
    }
    char head[128];
    on(&t, C_BOLD);
    on(&t, rep.exit_code ? C_RED : C_GRN);
    fputs(xv_rep_headline(&rep, 0, head, sizeof head), out);
    on(&t, C_OFF);
    if (t.verbosity >= 0)
        fprintf(out, " (%zu passed, %zu failed, %zu error%s, %zu warning%s, %zu skipped)",
                rep.counts[XV_PASS], rep.counts[XV_FAIL], rep.counts[XV_ERROR],
                rep.counts[XV_ERROR] == 1 ? "" : "s", rep.counts[XV_WARN],
                rep.counts[XV_WARN] == 1 ? "" : "s", rep.counts[XV_SKIP]);
    fputc('\n', out);
    xv_rep_free(&rep);
    return xv_rep_finish(out);
}
