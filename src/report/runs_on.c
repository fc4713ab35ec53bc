/* The "runs on" table of the Markdown and HTML sign-offs: per platform, then
 * per binary, the runs_on fact of symbols.versions (Linux: distro releases)
 * and os.min (macOS names, Windows versions). A platform row for macOS and
 * Windows is the binary with the newest declared minimum. */
#include <stdlib.h>
#include <string.h>

#include "report/report_util.h"

static const char *fact(const xv_result *r, const char *key)
{
    for (size_t i = 0; i < r->nfacts; i++)
        if (strcmp(r->facts[i].key, key) == 0)
            return r->facts[i].value;
    return NULL;
}

static const char *short_subject(const char *s)
{
    const char *bang = s ? strrchr(s, '!') : NULL;
    return bang && bang[1] == '/' ? bang + 2 : s ? s : "";
}

/* Room for `want` rows. */
static int grow(xv_rep_runs_row **rows, size_t *cap, size_t want)
{
    if (want <= *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 16;
    while (nc < want)
        nc *= 2;
    xv_rep_runs_row *g = realloc(*rows, nc * sizeof **rows);
    if (!g)
        return -1;
    *rows = g;
    *cap = nc;
    return 0;
}

size_t xv_rep_runs_on(const xv_rep *rep, xv_rep_runs_row **out)
{
    *out = NULL;
    size_t n = 0, cap = 0;
    xv_rep_runs_row *rows = NULL;
    for (size_t p = 0; p < rep->nplatforms; p++) {
        const char *pid = rep->platforms[p];
        const xv_result *best = NULL, *plat = NULL;
        size_t first = n;
        for (size_t i = 0; i < rep->nitems; i++) {
            const xv_rep_item *it = &rep->items[i];
            const xv_result *r = it->r;
            const char *ro = fact(r, "runs_on");
            if (it->platform != p || !ro)
                continue;
            if (strcmp(r->check, "symbols.versions") != 0 && strcmp(r->check, "os.min") != 0)
                continue;
            const char *scope = fact(r, "scope");
            if (scope && strcmp(scope, "platform") == 0) {
                plat = r;
                continue;
            }
            const char *mo = fact(r, "min_os");
            if (mo && (!best || xv_version_cmp(mo, fact(best, "min_os")) > 0))
                best = r;
            if (grow(&rows, &cap, n + 2) != 0) {
                free(rows);
                return 0;
            }
            rows[n++] = (xv_rep_runs_row){ pid, short_subject(r->subject), ro, 0 };
        }
        if (!plat)
            plat = best;
        if (plat && n > first) {
            /* The platform row goes first among its binaries. */
            memmove(&rows[first + 1], &rows[first], (n - first) * sizeof *rows);
            rows[first] = (xv_rep_runs_row){ pid, NULL, fact(plat, "runs_on"), 1 };
            n++;
        }
    }
    *out = rows;
    return n;
}
