/* xverify [OPTIONS] PATH...: verify a release. Parses options, builds a run
 * through the public API, writes the reports, maps the outcome to the exit
 * code (0 passed, 1 findings at/above --fail-on, 2 usage/config, 3 internal). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "xverify/xverify.h"
#include "cli.h"
#include "opts.h"
#include "outfile.h"

static void verify_usage(FILE *f)
{
    fputs(
"Usage: xverify [OPTIONS] PATH...\n"
"       xverify inspect [--json] FILE...     what xverify reads from binaries\n"
"       xverify list [--json] PATH...        packages, binaries, inferred platforms\n"
"       xverify rootfs add|list|rm ...       distro root filesystems for smoke tests\n"
"       ('xverify COMMAND --help' for each)\n"
"\n"
"Verifies a release before it is published: every binary and library in the\n"
"given folders, archives (tar.*, zip, deb, rpm, nested) and files. With no\n"
"configuration it checks architecture against the platform in the names,\n"
"needed libraries, load paths, hardening, checksums and archive safety; a\n"
"release matrix (--matrix) adds the project's promises.\n"
"\n"
"Examples:\n"
"  xverify dist/\n"
"  xverify --matrix matrices/release.json --junit junit.xml dist/\n"
"  xverify --matrix release.json --fail-on warn --markdown signoff.md dist/*.tar.gz\n"
"  xverify --baseline old-dist/ --html report.html dist/\n"
"\n"
"Policy:\n"
"  --matrix FILE        release matrix (JSON with comments; see matrices/schema.json)\n"
"  --fail-on LEVEL      error (default: fail and error results fail the gate), warn\n"
"                       (warnings too) or skip (skipped checks and warnings too)\n"
"  --baseline PATH      previous release for size.baseline, abi.exports,\n"
"                       deps.baseline, floors.baseline, hardening.baseline\n"
"  --data-dir DIR       folder with system-libs/ (default: installed data, $XVERIFY_DATA_DIR)\n"
"  --today YYYY-MM-DD   the date waivers expire against (default: today, UTC)\n"
"Limits (release-wide, all nesting levels; beat matrix \"limits\"):\n"
"  --max-total SIZE     bytes the release may expand to (default 32GiB)\n"
"  --max-member SIZE    bytes one member may expand to (default 1GiB)\n"
"  --max-entries N      entries of all archives and folders (default 1048576)\n"
"  --max-depth N        archives inside archives (default 3)\n"
"  --max-ratio N        expanded/compressed ratio (default 200), tested past\n"
"  --ratio-min SIZE     this many expanded bytes (default 64MiB)\n"
"Reports (FILE '-' is standard output; a file is replaced only after a complete run):\n"
"  --junit FILE  --json FILE  --sarif FILE  --markdown FILE  --html FILE\n"
"Output:\n"
"  -q, --quiet          only what blocks the release (see --fail-on), and the verdict;\n"
"                       no progress on stderr\n"
"  -v, --verbose        every result, passes too\n"
"  --color WHEN         auto (default: a terminal and NO_COLOR unset), always, never\n"
"Smoke tests (run the binaries: native, QEMU, distro root filesystems, Wine):\n"
"  --smoke / --no-smoke default: on when the matrix has a smoke section, --distros is\n"
"                       given, or root filesystems are cached ('xverify rootfs list')\n"
"  --cache-dir DIR      root filesystem cache (default $XDG_CACHE_HOME/xverify)\n"
"  --distros LIST       e.g. debian:bookworm,debian:trixie\n"
"  --timeout SECONDS    per smoke command (default 30)\n"
"  --jobs N             threads reading packages, running checks and smoke runs\n"
"                       (default: number of CPUs; results are the same for any N)\n"
"Sharding (a CI job matrix; docs/ci.md):\n"
"  --shard K/N          judge share K of N: platforms sorted by id, dealt round-robin;\n"
"                       checks across platforms (platforms, size.consistency,\n"
"                       checksums) are \"judged at merge\" ('xverify merge')\n"
"  --platform ID[,ID]   judge only these platforms' packages\n"
"  -h, --help           this help;  -V, --version  the version\n"
"Options may come before or after the PATHs; '--' ends them.\n"
"\n"
"Checks: archive.safe checksums binary.parse arch.match deps.resolve deps.paths\n"
"  symbols.versions symbols.exports os.min hardening size.budget size.baseline\n"
"  size.consistency abi.exports deps.baseline floors.baseline hardening.baseline\n"
"  manifest platforms smoke.load smoke.run\n"
"  (matrix \"severity\": {\"<check>\": \"off|warn|fail\"}; \"waivers\": check + glob + reason + expiry;\n"
"  \"require\": [\"smoke.run\", ...] checks that must run and pass; docs/matrix.md)\n"
"\n"
"Exit codes: 0 all passed, 1 findings at or above --fail-on, 2 usage or\n"
"configuration error (unknown option, bad matrix, missing input), 3 internal error,\n"
"130/143/129 interrupted by SIGINT/SIGTERM/SIGHUP (reports hold the results so far).\n",
        f);
}

enum {
    OPT_MATRIX = 256, OPT_FAIL_ON, OPT_JUNIT, OPT_JSON, OPT_SARIF, OPT_MARKDOWN, OPT_HTML,
    OPT_JOBS, OPT_SMOKE, OPT_NO_SMOKE, OPT_DISTROS, OPT_TIMEOUT, OPT_BASELINE,
    OPT_DATA_DIR, OPT_TODAY, OPT_VERSION, OPT_CACHE_DIR,
    OPT_MAX_TOTAL, OPT_MAX_MEMBER, OPT_MAX_ENTRIES, OPT_MAX_DEPTH, OPT_MAX_RATIO, OPT_RATIO_MIN,
    OPT_SHARD, OPT_PLATFORM
};

static const xv_cli_opt verify_opts[] = {
    { "matrix", 0, 1, OPT_MATRIX, "FILE" },
    { "fail-on", 0, 1, OPT_FAIL_ON, "LEVEL" },
    { "junit", 0, 1, OPT_JUNIT, "FILE" },
    { "json", 0, 1, OPT_JSON, "FILE" },
    { "sarif", 0, 1, OPT_SARIF, "FILE" },
    { "markdown", 0, 1, OPT_MARKDOWN, "FILE" },
    { "html", 0, 1, OPT_HTML, "FILE" },
    { "jobs", 'j', 1, OPT_JOBS, "N" },
    { "smoke", 0, 0, OPT_SMOKE, NULL },
    { "no-smoke", 0, 0, OPT_NO_SMOKE, NULL },
    { "distros", 0, 1, OPT_DISTROS, "LIST" },
    { "timeout", 0, 1, OPT_TIMEOUT, "SECONDS" },
    { "baseline", 0, 1, OPT_BASELINE, "PATH" },
    { "data-dir", 0, 1, OPT_DATA_DIR, "DIR" },
    { "today", 0, 1, OPT_TODAY, "YYYY-MM-DD" },
    { "cache-dir", 0, 1, OPT_CACHE_DIR, "DIR" },
    { "max-total", 0, 1, OPT_MAX_TOTAL, "SIZE" },
    { "max-member", 0, 1, OPT_MAX_MEMBER, "SIZE" },
    { "max-entries", 0, 1, OPT_MAX_ENTRIES, "N" },
    { "max-depth", 0, 1, OPT_MAX_DEPTH, "N" },
    { "max-ratio", 0, 1, OPT_MAX_RATIO, "N" },
    { "ratio-min", 0, 1, OPT_RATIO_MIN, "SIZE" },
    { "version", 'V', 0, OPT_VERSION, NULL },
    { "shard", 0, 1, OPT_SHARD, "K/N" },
    { "platform", 0, 1, OPT_PLATFORM, "ID[,ID]" },
    XV_CLI_COMMON_OPTS,
    { NULL, 0, 0, 0, NULL },
};

/* A report file of the run (cli/outfile.h) and its kind. */
typedef struct out_spec {
    xv_outfile file;
    xv_report_kind kind;
} out_spec;

typedef struct verify_args {
    xv_run_opts *opts;
    xv_cli_common common;
    out_spec outs[16];
    size_t nouts;
    int version;
} verify_args;

static int parse_number(const char *s, double *out);

static int verify_option(void *ud, int id, const char *value, const char *as_typed)
{
    verify_args *va = ud;
    xv_run_opts *opts = va->opts;
    double num;
    int rc = xv_cli_common_handle("xverify", &va->common, id, value);
    if (rc >= 0)
        return rc;
    switch (id) {
    case OPT_MATRIX: opts->matrix_path = value; break;
    case OPT_FAIL_ON:
        if (strcmp(value, "error") == 0 || strcmp(value, "fail") == 0)
            opts->fail_on = XV_FAIL;
        else if (strcmp(value, "warn") == 0 || strcmp(value, "warning") == 0)
            opts->fail_on = XV_WARN;
        else if (strcmp(value, "skip") == 0)
            opts->fail_on = XV_SKIP;
        else {
            fprintf(stderr, "xverify: --fail-on: expected error, warn or skip, got '%s'\n", value);
            return 2;
        }
        break;
    case OPT_JUNIT: case OPT_JSON: case OPT_SARIF: case OPT_MARKDOWN: case OPT_HTML: {
        static const struct { int opt; xv_report_kind kind; } map[] = {
            { OPT_JUNIT, XV_REPORT_JUNIT }, { OPT_JSON, XV_REPORT_JSON },
            { OPT_SARIF, XV_REPORT_SARIF }, { OPT_MARKDOWN, XV_REPORT_MARKDOWN },
            { OPT_HTML, XV_REPORT_HTML },
        };
        if (va->nouts >= sizeof va->outs / sizeof va->outs[0]) {
            fprintf(stderr, "xverify: too many report options\n");
            return 2;
        }
        if (!*value) {
            fprintf(stderr, "xverify: %s: expected a FILE (or - for standard output)\n", as_typed);
            return 2;
        }
        out_spec *o = &va->outs[va->nouts++];
        memset(o, 0, sizeof *o);
        for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
            if (map[k].opt == id)
                o->kind = map[k].kind;
        o->file.option = id == OPT_JUNIT ? "--junit" : id == OPT_JSON ? "--json" : id == OPT_SARIF ? "--sarif"
                : id == OPT_MARKDOWN ? "--markdown" : "--html";
        o->file.path = value;
        break;
    }
    case OPT_JOBS:
        if (parse_number(value, &num) || num > 1024 || num != (double)(int)num) {
            fprintf(stderr, "xverify: --jobs: expected a number 0..1024, got '%s'\n", value);
            return 2;
        }
        opts->jobs = (int)num;
        break;
    case OPT_SMOKE: opts->smoke = 1; break;
    case OPT_NO_SMOKE: opts->smoke = 0; break;
    case OPT_DISTROS: opts->distros = value; break;
    case OPT_TIMEOUT:
        if (parse_number(value, &num) || num <= 0 || num > 86400) {
            fprintf(stderr, "xverify: --timeout: expected seconds (0 < N <= 86400), got '%s'\n", value);
            return 2;
        }
        opts->smoke_timeout = num;
        break;
    case OPT_BASELINE: opts->baseline = value; break;
    case OPT_DATA_DIR: opts->data_dir = value; break;
    case OPT_TODAY: opts->today = value; break;
    case OPT_CACHE_DIR: opts->cache_dir = value; break;
    case OPT_MAX_TOTAL: case OPT_MAX_MEMBER: case OPT_RATIO_MIN: {
        uint64_t v = 0;
        if (xv_size_parse(value, &v) != 0 || v == 0) {
            fprintf(stderr, "xverify: %s: expected a size above 0 like 8GiB or 512MB, got '%s'\n",
                    as_typed, value);
            return 2;
        }
        *(id == OPT_MAX_TOTAL ? &opts->max_total : id == OPT_MAX_MEMBER ? &opts->max_member
                                                                        : &opts->ratio_min) = v;
        break;
    }
    case OPT_MAX_ENTRIES: case OPT_MAX_DEPTH: case OPT_MAX_RATIO: {
        double lo = id == OPT_MAX_DEPTH ? 0 : 1, hi = id == OPT_MAX_DEPTH ? 64
                                                  : id == OPT_MAX_RATIO ? 4294967295.0 : 1e12;
        if (parse_number(value, &num) || num < lo || num > hi || num != (double)(uint64_t)num) {
            fprintf(stderr, "xverify: %s: expected a whole number %.0f..%.0f, got '%s'\n",
                    as_typed, lo, hi, value);
            return 2;
        }
        if (id == OPT_MAX_ENTRIES)
            opts->max_entries = (uint64_t)num;
        else if (id == OPT_MAX_DEPTH)
            opts->max_depth = (int)num;
        else
            opts->max_ratio = (uint32_t)num;
        break;
    }
    case OPT_VERSION: va->version = 1; break;
    case OPT_SHARD:
        if (xv_cli_shard_parse(value, &opts->shard_k, &opts->shard_n) != 0) {
            fprintf(stderr, "xverify: --shard: expected K/N with 1 <= K <= N <= 1000 (2/3: the "
                            "second of three shards), got '%s'\n", value);
            return 2;
        }
        break;
    case OPT_PLATFORM:
        if (!*value || value[0] == ',' || value[strlen(value) - 1] == ',' || strstr(value, ",,")) {
            fprintf(stderr, "xverify: --platform: expected platform ids separated by commas "
                            "(linux_amd64,linux_arm64), got '%s'\n", value);
            return 2;
        }
        opts->platform_filter = value;
        break;
    default: break;
    }
    return 0;
}

/* "xverify --junit r.xml dist" as one line, each argument shell-quoted when
 * it needs it (SARIF invocations[].commandLine). */
static char *command_line(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) * 4 + 3;
    char *s = malloc(len);
    if (!s)
        return NULL;
    size_t w = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = i == 0 ? "xverify" : argv[i];
        int plain = *a != '\0';
        for (const char *p = a; *p; p++)
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%", *p))
                plain = 0;
        if (i)
            s[w++] = ' ';
        if (plain) {
            memcpy(s + w, a, strlen(a));
            w += strlen(a);
            continue;
        }
        s[w++] = '\'';
        for (const char *p = a; *p; p++) {
            if (*p == '\'') {
                memcpy(s + w, "'\\''", 4);
                w += 4;
            } else {
                s[w++] = *p;
            }
        }
        s[w++] = '\'';
    }
    s[w] = '\0';
    return s;
}

/* Progress on stderr, off with -q. On a TTY: one live line (reading the
 * packages, then the checks with the smoke runs done of their total), once a
 * run has taken more than a second so short runs stay quiet. Without a TTY
 * (a CI log): plain lines, one every PLAIN_EVERY seconds; one at each
 * package when there are few (once the run has taken 2 s, or at once on a
 * large release); and one before anything is read when the release is
 * large, so a log never sits silent through the first big archive.
 * XV_PROGRESS_EVERY=SECONDS in the environment sets the interval (and the
 * TTY line's delay when shorter than a second): 0 writes at every step,
 * which is how the tests see the lines without waiting. The reading and
 * smoke callbacks come from worker threads, one call at a time, and never
 * while the checks' callback runs. */
enum { PROGRESS_OFF, PROGRESS_TTY, PROGRESS_PLAIN };
#define PLAIN_EVERY_DEFAULT 10.0
static double plain_every = PLAIN_EVERY_DEFAULT;
static double tty_delay = 1.0;
#define PLAIN_EVERY plain_every
#define PLAIN_FEW 20                          /* packages: a line at each */
#define PLAIN_LARGE_PKGS 100                  /* a release this big: a line at the start */
#define PLAIN_LARGE_BYTES ((uint64_t)256 << 20)
static int progress_mode;
static struct timespec progress_start;
static int progress_shown;
static double progress_last;                  /* when the last line was written */
static char progress_check[64];               /* the check running, for the smoke line */
static size_t progress_check_i, progress_check_n;

static double progress_elapsed(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - progress_start.tv_sec) +
           (double)(now.tv_nsec - progress_start.tv_nsec) / 1e9;
}

static void progress(void *ud, const char *what, size_t done, size_t total)
{
    (void)ud;
    double el = progress_elapsed();
    snprintf(progress_check, sizeof progress_check, "%s", what);
    progress_check_i = done;
    progress_check_n = total;
    if (progress_mode == PROGRESS_PLAIN) {
        if (done < total && el - progress_last >= PLAIN_EVERY) {
            fprintf(stderr, "xverify: check %s (%zu/%zu), %.0f s\n", what, done + 1, total, el);
            progress_last = el;
        }
        return;
    }
    if (progress_mode != PROGRESS_TTY)
        return;
    if (!progress_shown) {
        if (el < tty_delay || done >= total)
            return;
        progress_shown = 1;
    }
    if (done >= total)
        fprintf(stderr, "\r\033[K");
    else
        fprintf(stderr, "\r\033[Kxverify: %s (%zu/%zu)", what, done + 1, total);
    fflush(stderr);
}

static void read_progress(void *ud, const xv_dist_progress *p)
{
    (void)ud;
    double el = progress_elapsed();
    double mb = (double)p->bytes_done / 1e6, tmb = (double)p->bytes_total / 1e6;
    const char *cur = p->current ? p->current : "";
    const char *slash = strrchr(cur, '/');
    if (slash && slash[1])
        cur = slash + 1;
    if (progress_mode == PROGRESS_PLAIN) {
        int large = p->pkgs_total >= PLAIN_LARGE_PKGS || p->bytes_total >= PLAIN_LARGE_BYTES;
        int line = (p->event == XV_DIST_START && large) ||
                   (p->event == XV_DIST_PACKAGE_DONE && p->pkgs_total <= PLAIN_FEW &&
                    (large || el >= 2.0)) ||
                   el - progress_last >= PLAIN_EVERY;
        if (!line)
            return;
        if (p->event == XV_DIST_START)
            fprintf(stderr, "xverify: reading %zu packages, %.1f MB\n", p->pkgs_total, tmb);
        else
            fprintf(stderr, "xverify: read %zu/%zu packages, %.1f/%.1f MB, %.0f s%s%s\n",
                    p->pkgs_done, p->pkgs_total, mb, tmb, el,
                    *cur ? p->event == XV_DIST_PACKAGE_DONE ? ", done: " : ", reading: " : "",
                    cur);
        progress_last = el;
        return;
    }
    if (progress_mode != PROGRESS_TTY || el < tty_delay)
        return;
    /* at most ten redraws a second: a member event can come thousands of times */
    if (progress_shown && el - progress_last < 0.1 && p->event == XV_DIST_MEMBER)
        return;
    progress_shown = 1;
    progress_last = el;
    fprintf(stderr, "\r\033[Kxverify: reading %zu/%zu packages, %.1f/%.1f MB: %.60s",
            p->pkgs_done, p->pkgs_total, mb, tmb, cur);
    fflush(stderr);
}

static void smoke_progress(void *ud, const char *check, size_t done, size_t total)
{
    (void)ud;
    double el = progress_elapsed();
    if (progress_mode == PROGRESS_PLAIN) {
        if (el - progress_last >= PLAIN_EVERY) {
            fprintf(stderr, "xverify: check %s (%zu/%zu), smoke runs %zu/%zu, %.0f s\n", check,
                    progress_check_i + 1, progress_check_n, done, total, el);
            progress_last = el;
        }
        return;
    }
    if (progress_mode != PROGRESS_TTY || el < tty_delay)
        return;
    /* at most ten redraws a second, and always the last run */
    if (progress_shown && el - progress_last < 0.1 && done < total)
        return;
    progress_shown = 1;
    progress_last = el;
    fprintf(stderr, "\r\033[Kxverify: %s (%zu/%zu), smoke runs %zu/%zu", check,
            progress_check_i + 1, progress_check_n, done, total);
    fflush(stderr);
}

static void progress_env(void)
{
    const char *e = getenv("XV_PROGRESS_EVERY");
    char *end;
    double v;
    if (!e || !*e)
        return;
    errno = 0;
    v = strtod(e, &end);
    if (errno || *end || !(v >= 0) || v > 86400)
        return;
    plain_every = v;
    tty_delay = v < 1.0 ? v : 1.0;
}

static int parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= 0))
        return -1;
    *out = v;
    return 0;
}

static const char *const commands[] = { "inspect", "list", "rootfs", "diff", "init", "report",
                                        "merge", NULL };

/* A first operand that is no existing path but a bare word was meant as a
 * command ("xverify inspekt foo"): say so, instead of "no such file". */
static int unknown_command(const char *word)
{
    struct stat st;
    if (!*word || stat(word, &st) == 0 || errno != ENOENT)
        return 0;
    for (const char *p = word; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '-'))
            return 0;
    const char *near = xv_cli_nearest(word, commands);
    if (near)
        fprintf(stderr, "xverify: unknown command '%s': did you mean 'xverify %s'?\n", word, near);
    else
        fprintf(stderr, "xverify: unknown command '%s' (and no such file or folder)\n", word);
    fprintf(stderr, "Commands: inspect, list, rootfs, diff, init, report, merge; or give PATHs to verify "
                    "('xverify --help').\n");
    return 1;
}

int xv_cmd_verify(int argc, char **argv)
{
    xv_run_opts opts;
    xv_run_opts_init(&opts);
    opts.smoke = -1;
    verify_args va;
    memset(&va, 0, sizeof va);
    va.opts = &opts;
    va.common.color = -1;
    char *cmdline = command_line(argc, argv);

    int nops = 0;
    int prc = xv_cli_parse("xverify", verify_opts, argc, argv, verify_option, &va, &nops);
    if (prc != 0) {
        free(cmdline);
        return prc;
    }
    if (va.common.help) {
        verify_usage(stdout);
        free(cmdline);
        return 0;
    }
    if (va.version) {
        free(cmdline);
        return xv_cli_version();
    }
    if (nops == 0) {
        fprintf(stderr, "xverify: no PATH given\n\n");
        xv_cli_usage(stderr);
        free(cmdline);
        return 2;
    }
    if (unknown_command(argv[1])) {
        free(cmdline);
        return 2;
    }
    opts.command_line = cmdline;
    if (opts.smoke < 0 && opts.distros)
        opts.smoke = 1;
    int color = xv_cli_color_for(&va.common, stdout);
    int verbosity = va.common.verbosity;
    progress_mode = verbosity < 0 ? PROGRESS_OFF
                    : isatty(STDERR_FILENO) ? PROGRESS_TTY : PROGRESS_PLAIN;
    clock_gettime(CLOCK_MONOTONIC, &progress_start);
    progress_env();
    opts.progress = progress;
    opts.read_progress = read_progress;
    opts.smoke_progress = smoke_progress;

    /* Create every report's temporary file before the run, so a bad path
     * fails early and nothing existing is touched. */
    out_spec *outs = va.outs;
    size_t nouts = va.nouts;
    xv_outfile *files[16];
    int to_stdout = 0;
    for (size_t k = 0; k < nouts; k++) {
        files[k] = &outs[k].file;
        if (xv_outfile_open("xverify", files[k]) != 0) {
            xv_outfile_close_all("xverify", files, k, 0);
            free(cmdline);
            return 2;
        }
        to_stdout |= files[k]->f == stdout;
    }

    int rc = 3, write_failed = 0;
    xv_run *run = xv_run_new(&opts);
    free(cmdline);
    opts.command_line = NULL;
    if (!run) {
        fprintf(stderr, "xverify: out of memory\n");
        goto done;
    }
    for (int i = 1; i <= nops; i++) {
        xv_status st = xv_run_add_input(run, argv[i]);
        if (st != XV_OK) {
            fprintf(stderr, "xverify: %s: %s\n", argv[i],
                    xv_run_error(run) ? xv_run_error(run) : xv_status_str(st));
            rc = st == XV_EUSAGE ? 2 : 3;
            goto done;
        }
    }
    /* SIGINT/SIGTERM/SIGHUP stop the smoke runs and come back here with the
     * results so far: the reports are still written. */
    xv_interrupt_install();
    xv_status st = xv_run_execute(run);
    if (st != XV_OK) {
        fprintf(stderr, "xverify: %s\n", xv_run_error(run) ? xv_run_error(run) : xv_status_str(st));
        rc = st == XV_EUSAGE ? 2 : 3;
        goto done;
    }
    rc = xv_run_exit_code(run);
    xv_report_opts ropts = { color, verbosity };
    if (!to_stdout) {
        if (xv_report_write(run, XV_REPORT_TERMINAL, &ropts, stdout) != XV_OK) {
            fprintf(stderr, "xverify: could not write the terminal report\n");
            rc = 3;
        }
    }
    xv_report_opts fopts = { 0, verbosity };
    for (size_t k = 0; k < nouts; k++) {
        errno = 0;
        FILE *f = outs[k].file.f;
        if (xv_report_write(run, outs[k].kind, &fopts, f) != XV_OK || ferror(f) || fflush(f) != 0) {
            fprintf(stderr, "xverify: %s %s: could not write the report%s%s\n", outs[k].file.option,
                    outs[k].file.path, errno ? ": " : "", errno ? strerror(errno) : "");
            rc = 3;
            write_failed = 1;
        }
    }
    /* Annotations go to stdout unless a report is written there (the
     * runner reads workflow commands from both streams). */
    if (xv_report_github(run, to_stdout ? stderr : stdout) != XV_OK) {
        fprintf(stderr, "xverify: could not append to $GITHUB_STEP_SUMMARY\n");
        rc = 3;
    }
    fflush(stdout);
    if (xv_run_interrupted(run)) {
        /* The shell convention for a program a signal stopped. */
        fprintf(stderr, "xverify: interrupted; the reports hold the results so far\n");
        rc = 128 + xv_run_interrupted(run);
    }
done:;
    /* Reports replace their targets only when the run produced them: a
     * verdict (exit 0 or 1) or an interrupted run's results so far; never
     * after a usage, configuration or internal error (exit 2 or 3). */
    int produced = !write_failed && (rc == 0 || rc == 1 || (run && xv_run_interrupted(run)));
    xv_run_free(run);
    {
        int crc = xv_outfile_close_all("xverify", files, nouts, produced);
        if (crc)
            rc = crc;
    }
    return rc;
}
