/* GitHub Actions integration: the Markdown report appended to the job
 * summary file, and workflow-command annotations for the findings. */
#include <stdlib.h>
#include <string.h>

#include "report/report_util.h"

#define GH_MAX_ANNOTATIONS 50

/* Workflow command escaping: data needs % CR LF encoded, property values
 * also ':' and ','. Invalid UTF-8 and other control characters dropped. */
static void gh_escape(FILE *out, const char *s, int property)
{
    char *c = xv_rep_utf8_clean(s ? s : "");
    if (!c)
        return;
    for (const char *p = c; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '%')
            fputs("%25", out);
        else if (ch == '\r')
            fputs("%0D", out);
        else if (ch == '\n')
            fputs("%0A", out);
        else if (property && ch == ':')
            fputs("%3A", out);
        else if (property && ch == ',')
            fputs("%2C", out);
        else if (ch < 0x20 || ch == 0x7F)
            fputc(' ', out);
        else
            fputc((int)ch, out);
    }
    free(c);
}

static void annotate(FILE *out, const xv_rep *rep, const xv_rep_item *it, const char *cmd)
{
    const xv_result *r = it->r;
    fprintf(out, "::%s file=", cmd);
    gh_escape(out, r->subject && r->subject[0] ? r->subject : xv_rep_platform_name(rep, it), 1);
    fputs(",title=", out);
    gh_escape(out, "xverify ", 1);
    gh_escape(out, r->check, 1);
    if (r->platform) {
        gh_escape(out, " (", 1);
        gh_escape(out, r->platform, 1);
        gh_escape(out, ")", 1);
    }
    fputs("::", out);
    gh_escape(out, r->message, 0);
    if (r->hint) {
        gh_escape(out, "\nFix: ", 0);
        gh_escape(out, r->hint, 0);
    }
    fputc('\n', out);
}

xv_status xv_report_github(const xv_run *run, FILE *out)
{
    if (!run)
        return XV_EUSAGE;
    xv_status st = XV_OK;
    const char *summary = getenv("GITHUB_STEP_SUMMARY");
    if (summary && summary[0]) {
        FILE *f = fopen(summary, "a");
        if (!f) {
            st = XV_EIO;
        } else {
            st = xv_report_markdown(run, NULL, f);
            if (fclose(f) != 0 && st == XV_OK)
                st = XV_EIO;
        }
    }
    const char *gha = getenv("GITHUB_ACTIONS");
    if (!out || !gha || strcmp(gha, "true") != 0)
        return st;
    xv_rep rep;
    xv_status bst = xv_rep_build(&rep, run);
    if (bst != XV_OK)
        return bst;
    size_t shown = 0, left = 0;
    /* Blocking findings first, then the other warnings. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < rep.nitems; i++) {
            const xv_result *r = rep.items[i].r;
            int blocking = xv_rep_blocking(&rep, r);
            if (pass == 0 ? !blocking : (blocking || r->verdict != XV_WARN))
                continue;
            if (shown >= GH_MAX_ANNOTATIONS) {
                left++;
                continue;
            }
            annotate(out, &rep, &rep.items[i], blocking ? "error" : "warning");
            shown++;
        }
    }
    if (left)
        fprintf(out, "xverify: %zu more finding%s not annotated (GitHub shows at most %d); "
                     "see the job summary or the reports\n",
                left, left == 1 ? "" : "s", GH_MAX_ANNOTATIONS);
    xv_rep_free(&rep);
    if (st == XV_OK)
        st = xv_rep_finish(out);
    return st;
}
