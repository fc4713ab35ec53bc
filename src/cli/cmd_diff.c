/* xverify diff [OPTIONS] OLD NEW: what changed between two releases, and
 * whether a change breaks users (exit 1). Uses only the public API; C++
 * names are demangled by the system's c++filt when it is installed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xverify/xverify.h"
#include "xverify/diff.h"
#include "cli.h"
#include "opts.h"
#include "outfile.h"

static void diff_usage(FILE *f)
{
    fputs("Usage: xverify diff [OPTIONS] OLD NEW\n"
          "\n"
          "Compares two releases (folders, archives or files, as 'xverify PATH'\n"
          "reads them): packages paired by platform, members by their path inside\n"
          "the package with version numbers ignored. Lists per platform: files\n"
          "added/removed, format/arch/kind changes, needed libraries added/removed,\n"
          "exports removed/added (C++ demangled with c++filt when installed),\n"
          "ELF symbol versions removed, Mach-O install name / compatibility version\n"
          "and PE export ordinal changes, raised floors (GLIBC_/GLIBCXX_/CXXABI_,\n"
          "macOS minos, Windows subsystem), hardening lost, size changes, toolchain\n"
          "changes (Go or Rust version, C/C++ compiler).\n"
          "\n"
          "  --json FILE        the changes as JSON (docs/diff.md); '-' = stdout\n"
          "  --markdown FILE    a pull-request comment (under 65,536 characters)\n"
          "  --html FILE        a self-contained HTML page with the diff section\n"
          "  --fail-on LIST     change kinds that break (exit 1), comma-separated:\n"
          "                     default, none, file.removed, exports.removed,\n"
          "                     floor.raised, hardening.lost, needs.added,\n"
          "                     size.changed (over --max-growth), ... or a prefix\n"
          "                     (exports, needs, floor); default: exports.removed\n"
          "                     (libraries), file.removed (executables, libraries),\n"
          "                     floor.raised, hardening.lost, unreadable\n"
          "  --max-growth PCT   size.changed breaks above this growth (default 50)\n"
          "  --matrix FILE      the release matrix: its severity of abi.exports,\n"
          "                     deps.baseline, floors.baseline, hardening.baseline,\n"
          "                     size.baseline (fail/warn/off) and its platform\n"
          "                     floors (a raise they allow does not break)\n"
          "  -q, --quiet        no terminal listing\n"
          "  --color WHEN, -v   accepted as by every command (the listing has no colours)\n"
          "Options may come before or after OLD and NEW; '--' ends them.\n"
          "\n"
          "Exit: 0 no breaking change, 1 breaking changes, 2 usage error or a\n"
          "release that cannot be read, 3 internal error. See docs/diff.md.\n", f);
}

/* ---- demangling through c++filt ---- */

typedef struct demangler {
    char **raw, **out;
    size_t n;
} demangler;

static int is_mangled(const char *s)
{
    return s && (strncmp(s, "_Z", 2) == 0 || strncmp(s, "__Z", 3) == 0);
}


/* One c++filt run for every mangled name of the diff. Mach-O names carry an
 * extra leading underscore: c++filt -_ would strip it from all, so those are
 * fed without it. Any failure leaves names raw. */
static void demangler_load(demangler *dm, const xv_diff *d)
{
    memset(dm, 0, sizeof *dm);
    size_t cap = 0;
    for (size_t i = 0; i < xv_diff_count(d); i++) {
        const xv_change *c = xv_diff_change(d, i);
        if ((c->kind == XV_CH_EXPORT_ADDED || c->kind == XV_CH_EXPORT_REMOVED) && is_mangled(c->what) &&
            !strchr(c->what, '\n'))
            cap++;
    }
    if (!cap)
        return;
    char tmpl[] = "/tmp/xverify-demangle.XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return;
    FILE *f = fdopen(fd, "w");
    dm->raw = calloc(cap, sizeof *dm->raw);
    dm->out = calloc(cap, sizeof *dm->out);
    if (!f || !dm->raw || !dm->out) {
        if (f)
            fclose(f);
        else
            close(fd);
        unlink(tmpl);
        return;
    }
    for (size_t i = 0; i < xv_diff_count(d) && dm->n < cap; i++) {
        const xv_change *c = xv_diff_change(d, i);
        if ((c->kind == XV_CH_EXPORT_ADDED || c->kind == XV_CH_EXPORT_REMOVED) && is_mangled(c->what) &&
            !strchr(c->what, '\n')) {
            dm->raw[dm->n++] = strdup(c->what);
            fprintf(f, "%s\n", c->what[1] == '_' ? c->what + 1 : c->what);
        }
    }
    fclose(f);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "c++filt < %s 2>/dev/null", tmpl);
    FILE *p = popen(cmd, "r");
    if (p) {
        char line[8192];
        size_t k = 0;
        while (k < dm->n && fgets(line, sizeof line, p)) {
            line[strcspn(line, "\n")] = 0;
            dm->out[k++] = strdup(line);
        }
        int st = pclose(p);
        if (st != 0 || k != dm->n) {
            /* c++filt missing or cut short: keep every name raw */
            for (size_t i = 0; i < k; i++) {
                free(dm->out[i]);
                dm->out[i] = NULL;
            }
        }
    }
    unlink(tmpl);
}

static const char *demangle_cb(void *ud, const char *raw)
{
    demangler *dm = ud;
    for (size_t i = 0; i < dm->n; i++)
        if (dm->raw[i] && strcmp(dm->raw[i], raw) == 0)
            return dm->out[i];
    return NULL;
}

static void demangler_free(demangler *dm)
{
    for (size_t i = 0; i < dm->n; i++) {
        free(dm->raw[i]);
        free(dm->out[i]);
    }
    free(dm->raw);
    free(dm->out);
}

enum { OPT_JSON = 256, OPT_MARKDOWN, OPT_HTML, OPT_FAIL_ON, OPT_MAX_GROWTH, OPT_MATRIX };

static const xv_cli_opt diff_opts[] = {
    { "json", 0, 1, OPT_JSON, "FILE" },
    { "markdown", 0, 1, OPT_MARKDOWN, "FILE" },
    { "html", 0, 1, OPT_HTML, "FILE" },
    { "fail-on", 0, 1, OPT_FAIL_ON, "LIST" },
    { "max-growth", 0, 1, OPT_MAX_GROWTH, "PERCENT" },
    { "matrix", 0, 1, OPT_MATRIX, "FILE" },
    XV_CLI_COMMON_OPTS,
    { NULL, 0, 0, 0, NULL },
};

typedef struct diff_args {
    const char *json, *md, *html;
    xv_diff_opts opts;
    xv_cli_common common;
} diff_args;

static int diff_option(void *ud, int id, const char *value, const char *as_typed)
{
    diff_args *da = ud;
    char err[512];
    (void)as_typed;
    int rc = xv_cli_common_handle("xverify diff", &da->common, id, value);
    if (rc >= 0)
        return rc;
    switch (id) {
    case OPT_JSON: da->json = value; break;
    case OPT_MARKDOWN: da->md = value; break;
    case OPT_HTML: da->html = value; break;
    case OPT_FAIL_ON:
        if (xv_diff_parse_fail_on(&da->opts, value, err, sizeof err) != XV_OK) {
            fprintf(stderr, "xverify diff: %s\n", err);
            return 2;
        }
        break;
    case OPT_MAX_GROWTH: {
        char *end;
        errno = 0;
        double v = strtod(value, &end);
        if (errno || end == value || *end || !(v >= 0)) {
            fprintf(stderr, "xverify diff: --max-growth: expected a percentage, got '%s'\n", value);
            return 2;
        }
        da->opts.size_fail_percent = v;
        break;
    }
    case OPT_MATRIX: da->opts.matrix_path = value; break;
    default: break;
    }
    return 0;
}

int xv_cmd_diff(int argc, char **argv)
{
    diff_args da;
    memset(&da, 0, sizeof da);
    xv_diff_opts_init(&da.opts);
    da.common.color = -1;
    int nops = 0;
    int prc = xv_cli_parse("xverify diff", diff_opts, argc, argv, diff_option, &da, &nops);
    if (prc != 0)
        return prc;
    if (da.common.help) {
        diff_usage(stdout);
        return 0;
    }
    if (nops != 2) {
        fprintf(stderr, "xverify diff: expected two releases, OLD and NEW\n\n");
        diff_usage(stderr);
        return 2;
    }
    const char *json = da.json, *md = da.md, *html = da.html;
    int quiet = da.common.verbosity < 0;
    xv_diff_opts opts = da.opts;
    const char *oldp = argv[1], *newp = argv[2]; /* the operands, gathered in order */
    xv_diff *d = NULL;
    xv_status st = xv_diff_open(oldp, newp, &opts, &d);
    if (st != XV_OK) {
        fprintf(stderr, "xverify diff: %s\n", d && xv_diff_error(d) ? xv_diff_error(d) : xv_status_str(st));
        xv_diff_free(d);
        return st == XV_EUSAGE || st == XV_EIO ? 2 : 3;
    }
    demangler dm;
    demangler_load(&dm, d);
    int rc = xv_diff_breaking(d) ? 1 : 0;
    const struct { const char *path; xv_diff_format fmt; const char *opt; } outs[] = {
        { json, XV_DIFF_JSON, "--json" }, { md, XV_DIFF_MARKDOWN, "--markdown" },
        { html, XV_DIFF_HTML, "--html" },
    };
    int json_stdout = json && strcmp(json, "-") == 0;
    /* Each report replaces its file only when every one was written. */
    xv_outfile files[3];
    xv_outfile *open_files[3];
    size_t nfiles = 0;
    int write_failed = 0;
    for (size_t i = 0; i < sizeof outs / sizeof outs[0] && !write_failed; i++) {
        if (!outs[i].path)
            continue;
        xv_outfile *o = &files[nfiles];
        memset(o, 0, sizeof *o);
        o->path = outs[i].path;
        o->option = outs[i].opt;
        if (xv_outfile_open("xverify diff", o) != 0) {
            write_failed = 1;
            rc = 2;
            break;
        }
        open_files[nfiles++] = o;
        char *t = xv_diff_render(d, outs[i].fmt, oldp, newp, demangle_cb, &dm);
        if (!t || fputs(t, o->f) < 0 || fflush(o->f) != 0) {
            fprintf(stderr, "xverify diff: %s %s: could not write the report\n", o->option, o->path);
            write_failed = 1;
            rc = 3;
        }
        free(t);
    }
    if (xv_outfile_close_all("xverify diff", open_files, nfiles, !write_failed) != 0)
        rc = 3;
    if (!quiet && !json_stdout) {
        char *t = xv_diff_render(d, XV_DIFF_TEXT, oldp, newp, demangle_cb, &dm);
        if (t)
            fputs(t, stdout);
        else
            rc = 3;
        free(t);
    }
    demangler_free(&dm);
    xv_diff_free(d);
    return rc;
}
