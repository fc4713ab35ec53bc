/* xverify report RESULT.json: every report again from a saved JSON result.
 * xverify merge RESULT.json...: the results of the --shard K/N jobs of one
 * release joined, the checks across platforms judged, every report written
 * with the verdict and exit code one unsharded run gives. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xverify/xverify.h"
#include "cli.h"
#include "opts.h"
#include "outfile.h"

static void report_usage(FILE *f, int merge)
{
    if (merge)
        fputs(
"Usage: xverify merge [OPTIONS] RESULT.json...\n"
"\n"
"Joins the JSON results (--json) of the CI jobs that verified one release with\n"
"--shard 1/N .. N/N, judges the checks that look across platforms (platforms,\n"
"size.consistency, checksums, and the \"no file matches\" rules of size.budget and\n"
"symbols.exports) and applies the matrix policy (severities, waivers, require)\n"
"to the whole release: the reports and the exit code are those of one\n"
"unsharded run. Shards of different releases, matrices, options or splits, a\n"
"missing shard, the same shard twice or a result that is no shard: exit 2.\n"
"\n"
"Examples:\n"
"  xverify merge shard-*.json --junit junit.xml --sarif xverify.sarif\n"
"\n"
"Reports (FILE '-' is standard output; a file is replaced only after a complete merge):\n", f);
    else
        fputs(
"Usage: xverify report [OPTIONS] RESULT.json\n"
"\n"
"Writes the reports of a finished run again from its JSON result (--json):\n"
"the same bytes the run wrote (terminal, JUnit, JSON, SARIF, Markdown, HTML),\n"
"and its exit code.\n"
"\n"
"Examples:\n"
"  xverify report result.json --html report.html --markdown signoff.md\n"
"\n"
"Reports (FILE '-' is standard output; a file is replaced only after it is complete):\n", f);
    /* the report options and output options are the same for both */
    fputs(
"  --junit FILE  --json FILE  --sarif FILE  --markdown FILE  --html FILE\n"
"Output:\n"
"  -q, --quiet          only what blocks the release, and the verdict\n"
"  -v, --verbose        every result, passes too\n"
"  --color WHEN         auto (default), always, never\n"
"  -h, --help           this help\n"
"With $GITHUB_ACTIONS / $GITHUB_STEP_SUMMARY set, annotations and the summary\n"
"are written as 'xverify' writes them.\n"
"\n", f);
    if (merge)
        fputs(
"Exit codes: 0 all passed, 1 findings at or above the shards' --fail-on, 2 the\n"
"files are no complete set of shards (or unreadable), 3 internal error.\n", f);
    else
        fputs(
"Exit codes: 0 and 1 as the saved run (1: findings at or above its --fail-on),\n"
"2 unreadable or invalid RESULT.json, 3 internal error.\n", f);
}

enum { OPT_JUNIT = 256, OPT_JSON, OPT_SARIF, OPT_MARKDOWN, OPT_HTML };

static const xv_cli_opt report_opts[] = {
    { "junit", 0, 1, OPT_JUNIT, "FILE" },
    { "json", 0, 1, OPT_JSON, "FILE" },
    { "sarif", 0, 1, OPT_SARIF, "FILE" },
    { "markdown", 0, 1, OPT_MARKDOWN, "FILE" },
    { "html", 0, 1, OPT_HTML, "FILE" },
    XV_CLI_COMMON_OPTS,
    { NULL, 0, 0, 0, NULL },
};

typedef struct report_args {
    const char *prog;
    xv_cli_common common;
    xv_outfile files[16];
    xv_report_kind kinds[16];
    size_t nouts;
} report_args;

static int report_option(void *ud, int id, const char *value, const char *as_typed)
{
    report_args *ra = ud;
    int rc = xv_cli_common_handle(ra->prog, &ra->common, id, value);
    if (rc >= 0)
        return rc;
    if (ra->nouts >= sizeof ra->files / sizeof ra->files[0]) {
        fprintf(stderr, "%s: too many report options\n", ra->prog);
        return 2;
    }
    if (!*value) {
        fprintf(stderr, "%s: %s: expected a FILE (or - for standard output)\n", ra->prog, as_typed);
        return 2;
    }
    xv_outfile *o = &ra->files[ra->nouts];
    memset(o, 0, sizeof *o);
    o->path = value;
    o->option = id == OPT_JUNIT ? "--junit" : id == OPT_JSON ? "--json"
                : id == OPT_SARIF ? "--sarif" : id == OPT_MARKDOWN ? "--markdown" : "--html";
    ra->kinds[ra->nouts++] = id == OPT_JUNIT ? XV_REPORT_JUNIT : id == OPT_JSON ? XV_REPORT_JSON
                             : id == OPT_SARIF ? XV_REPORT_SARIF
                             : id == OPT_MARKDOWN ? XV_REPORT_MARKDOWN : XV_REPORT_HTML;
    return 0;
}

int xv_cli_shard_parse(const char *s, int *k, int *n)
{
    return xv_shard_parse(s, k, n);
}

int xv_cmd_report(int argc, char **argv, int merge)
{
    report_args ra;
    memset(&ra, 0, sizeof ra);
    ra.prog = merge ? "xverify merge" : "xverify report";
    ra.common.color = -1;
    int nops = 0;
    int prc = xv_cli_parse(ra.prog, report_opts, argc, argv, report_option, &ra, &nops);
    if (prc != 0)
        return prc;
    if (ra.common.help) {
        report_usage(stdout, merge);
        return 0;
    }
    if (nops == 0 || (!merge && nops != 1)) {
        fprintf(stderr, "%s: %s\n\n", ra.prog, merge ? "no RESULT.json given"
                                                     : "expected one RESULT.json");
        report_usage(stderr, merge);
        return 2;
    }
    xv_saved **sv = calloc((size_t)nops, sizeof *sv);
    if (!sv) {
        fprintf(stderr, "%s: out of memory\n", ra.prog);
        return 3;
    }
    char err[2048] = "";
    int rc = 2, write_failed = 0, nopen = 0;
    xv_run *run = NULL;
    xv_outfile *files[16];
    for (int i = 0; i < nops; i++)
        if (!(sv[i] = xv_saved_load(argv[i + 1], err, sizeof err))) {
            fprintf(stderr, "%s: %s\n", ra.prog, err);
            goto done;
        }
    run = merge ? xv_saved_merge(sv, (size_t)nops, err, sizeof err)
                : xv_saved_run(sv[0], err, sizeof err);
    if (!run) {
        fprintf(stderr, "%s: %s\n", ra.prog, err);
        goto done;
    }
    /* the reports' files only once the input proved good */
    int to_stdout = 0;
    for (size_t k = 0; k < ra.nouts; k++) {
        files[k] = &ra.files[k];
        if (xv_outfile_open(ra.prog, files[k]) != 0) {
            xv_outfile_close_all(ra.prog, files, k, 0);
            rc = 2;
            goto done;
        }
        nopen = (int)k + 1;
        to_stdout |= files[k]->f == stdout;
    }
    rc = xv_run_exit_code(run);
    int verbosity = ra.common.verbosity;
    xv_report_opts ropts = { xv_cli_color_for(&ra.common, stdout), verbosity };
    if (!to_stdout && xv_report_write(run, XV_REPORT_TERMINAL, &ropts, stdout) != XV_OK) {
        fprintf(stderr, "%s: could not write the terminal report\n", ra.prog);
        rc = 3;
    }
    xv_report_opts fopts = { 0, verbosity };
    for (size_t k = 0; k < ra.nouts; k++) {
        errno = 0;
        FILE *f = files[k]->f;
        if (xv_report_write(run, ra.kinds[k], &fopts, f) != XV_OK || ferror(f) || fflush(f) != 0) {
            fprintf(stderr, "%s: %s %s: could not write the report%s%s\n", ra.prog,
                    files[k]->option, files[k]->path, errno ? ": " : "",
                    errno ? strerror(errno) : "");
            rc = 3;
            write_failed = 1;
        }
    }
    if (xv_report_github(run, to_stdout ? stderr : stdout) != XV_OK) {
        fprintf(stderr, "%s: could not append to $GITHUB_STEP_SUMMARY\n", ra.prog);
        rc = 3;
    }
    fflush(stdout);
    if (xv_run_interrupted(run))
        rc = 128 + xv_run_interrupted(run);
done:
    if (nopen) {
        int produced = !write_failed && rc != 2 && rc != 3;
        int crc = xv_outfile_close_all(ra.prog, files, (size_t)nopen, produced);
        if (crc)
            rc = crc;
    }
    xv_run_free(run);
    for (int i = 0; i < nops; i++)
        xv_saved_free(sv[i]);
    free(sv);
    return rc;
}
