/* xverify [OPTIONS] PATH...: verify a release. Parses options, builds a run
 * through the public API, writes the reports, maps the outcome to the exit
 * code (0 passed, 1 findings at/above --fail-on, 2 usage/config, 3 internal). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xverify/xverify.h"
#include "cli.h"

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
"  --fail-on LEVEL      error (default: fail and error results fail the gate) or warn\n"
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
"Reports (FILE '-' is standard output):\n"
"  --junit FILE  --json FILE  --sarif FILE  --markdown FILE  --html FILE\n"
"Output:\n"
"  -q, --quiet          only failures and the verdict; no progress on stderr\n"
"  -v, --verbose        every result, passes too\n"
"  --color WHEN         auto (default: a terminal and NO_COLOR unset), always, never\n"
"Smoke tests (run the binaries: native, QEMU, distro root filesystems, Wine):\n"
"  --smoke / --no-smoke default: on when the matrix has a smoke section, --distros is\n"
"                       given, or root filesystems are cached ('xverify rootfs list')\n"
"  --cache-dir DIR      root filesystem cache (default $XDG_CACHE_HOME/xverify)\n"
"  --distros LIST       e.g. debian:bookworm,debian:trixie\n"
"  --timeout SECONDS    per smoke command (default 30)\n"
"  --jobs N             parallel work (default: number of CPUs)\n"
"  -h, --help           this help;  --version  the version\n"
"\n"
"Checks: archive.safe checksums binary.parse arch.match deps.resolve deps.paths\n"
"  symbols.versions symbols.exports os.min hardening size.budget size.baseline\n"
"  size.consistency abi.exports deps.baseline floors.baseline hardening.baseline\n"
"  manifest platforms smoke.load smoke.run\n"
"  (matrix \"severity\": {\"<check>\": \"off|warn|fail\"}; \"waivers\": check + glob + reason + expiry)\n"
"\n"
"Exit codes: 0 all passed, 1 findings at or above --fail-on, 2 usage or\n"
"configuration error (unknown option, bad matrix, missing input), 3 internal error,\n"
"130/143/129 interrupted by SIGINT/SIGTERM/SIGHUP (reports hold the results so far).\n",
        f);
}

enum {
    OPT_MATRIX = 256, OPT_FAIL_ON, OPT_JUNIT, OPT_JSON, OPT_SARIF, OPT_MARKDOWN, OPT_HTML,
    OPT_COLOR, OPT_JOBS, OPT_SMOKE, OPT_NO_SMOKE, OPT_DISTROS, OPT_TIMEOUT, OPT_BASELINE,
    OPT_DATA_DIR, OPT_TODAY, OPT_VERSION, OPT_CACHE_DIR,
    OPT_MAX_TOTAL, OPT_MAX_MEMBER, OPT_MAX_ENTRIES, OPT_MAX_DEPTH, OPT_MAX_RATIO, OPT_RATIO_MIN
};

typedef struct out_spec {
    xv_report_kind kind;
    const char *path;
    const char *name;
} out_spec;

/* Progress on stderr, off with -q. On a TTY: one live line (reading the
 * packages, then the checks), once a run has taken more than a second so
 * short runs stay quiet. Without a TTY (a CI log): plain lines, one every
 * PLAIN_EVERY seconds; one at each package when there are few (once the
 * run has taken 2 s, or at once on a large release); and one
 * before anything is read when the release is large, so a log never sits
 * silent through the first big archive. */
enum { PROGRESS_OFF, PROGRESS_TTY, PROGRESS_PLAIN };
#define PLAIN_EVERY 10.0
#define PLAIN_FEW 20                          /* packages: a line at each */
#define PLAIN_LARGE_PKGS 100                  /* a release this big: a line at the start */
#define PLAIN_LARGE_BYTES ((uint64_t)256 << 20)
static int progress_mode;
static struct timespec progress_start;
static int progress_shown;
static double progress_last;                  /* when the last line was written */

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
        if (el < 1.0 || done >= total)
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
    if (progress_mode != PROGRESS_TTY || el < 1.0)
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

int xv_cmd_verify(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "matrix", required_argument, NULL, OPT_MATRIX },
        { "fail-on", required_argument, NULL, OPT_FAIL_ON },
        { "junit", required_argument, NULL, OPT_JUNIT },
        { "json", required_argument, NULL, OPT_JSON },
        { "sarif", required_argument, NULL, OPT_SARIF },
        { "markdown", required_argument, NULL, OPT_MARKDOWN },
        { "html", required_argument, NULL, OPT_HTML },
        { "quiet", no_argument, NULL, 'q' },
        { "verbose", no_argument, NULL, 'v' },
        { "color", required_argument, NULL, OPT_COLOR },
        { "colour", required_argument, NULL, OPT_COLOR },
        { "jobs", required_argument, NULL, OPT_JOBS },
        { "smoke", no_argument, NULL, OPT_SMOKE },
        { "no-smoke", no_argument, NULL, OPT_NO_SMOKE },
        { "distros", required_argument, NULL, OPT_DISTROS },
        { "timeout", required_argument, NULL, OPT_TIMEOUT },
        { "baseline", required_argument, NULL, OPT_BASELINE },
        { "data-dir", required_argument, NULL, OPT_DATA_DIR },
        { "today", required_argument, NULL, OPT_TODAY },
        { "cache-dir", required_argument, NULL, OPT_CACHE_DIR },
        { "max-total", required_argument, NULL, OPT_MAX_TOTAL },
        { "max-member", required_argument, NULL, OPT_MAX_MEMBER },
        { "max-entries", required_argument, NULL, OPT_MAX_ENTRIES },
        { "max-depth", required_argument, NULL, OPT_MAX_DEPTH },
        { "max-ratio", required_argument, NULL, OPT_MAX_RATIO },
        { "ratio-min", required_argument, NULL, OPT_RATIO_MIN },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 },
    };
    xv_run_opts opts;
    xv_run_opts_init(&opts);
    opts.smoke = -1;
    out_spec outs[16];
    size_t nouts = 0;
    int verbosity = 0, color = -1;
    double num;

    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+qvhj:", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_MATRIX: opts.matrix_path = optarg; break;
        case OPT_FAIL_ON:
            if (strcmp(optarg, "error") == 0 || strcmp(optarg, "fail") == 0)
                opts.fail_on = XV_FAIL;
            else if (strcmp(optarg, "warn") == 0 || strcmp(optarg, "warning") == 0)
                opts.fail_on = XV_WARN;
            else {
                fprintf(stderr, "xverify: --fail-on: expected error or warn, got '%s'\n", optarg);
                return 2;
            }
            break;
        case OPT_JUNIT: case OPT_JSON: case OPT_SARIF: case OPT_MARKDOWN: case OPT_HTML: {
            static const struct { int opt; xv_report_kind kind; const char *name; } map[] = {
                { OPT_JUNIT, XV_REPORT_JUNIT, "--junit" }, { OPT_JSON, XV_REPORT_JSON, "--json" },
                { OPT_SARIF, XV_REPORT_SARIF, "--sarif" },
                { OPT_MARKDOWN, XV_REPORT_MARKDOWN, "--markdown" },
                { OPT_HTML, XV_REPORT_HTML, "--html" },
            };
            if (nouts >= sizeof outs / sizeof outs[0]) {
                fprintf(stderr, "xverify: too many report options\n");
                return 2;
            }
            for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
                if (map[k].opt == c) {
                    outs[nouts].kind = map[k].kind;
                    outs[nouts].name = map[k].name;
                }
            outs[nouts++].path = optarg;
            break;
        }
        case 'q': verbosity = -1; break;
        case 'v': verbosity = 1; break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") == 0)
                color = -1;
            else if (strcmp(optarg, "always") == 0)
                color = 1;
            else if (strcmp(optarg, "never") == 0)
                color = 0;
            else {
                fprintf(stderr, "xverify: --color: expected auto, always or never, got '%s'\n", optarg);
                return 2;
            }
            break;
        case 'j':
        case OPT_JOBS:
            if (parse_number(optarg, &num) || num > 1024 || num != (double)(int)num) {
                fprintf(stderr, "xverify: --jobs: expected a number 0..1024, got '%s'\n", optarg);
                return 2;
            }
            opts.jobs = (int)num;
            break;
        case OPT_SMOKE: opts.smoke = 1; break;
        case OPT_NO_SMOKE: opts.smoke = 0; break;
        case OPT_DISTROS: opts.distros = optarg; break;
        case OPT_TIMEOUT:
            if (parse_number(optarg, &num) || num <= 0 || num > 86400) {
                fprintf(stderr, "xverify: --timeout: expected seconds (0 < N <= 86400), got '%s'\n", optarg);
                return 2;
            }
            opts.smoke_timeout = num;
            break;
        case OPT_BASELINE: opts.baseline = optarg; break;
        case OPT_DATA_DIR: opts.data_dir = optarg; break;
        case OPT_TODAY: opts.today = optarg; break;
        case OPT_CACHE_DIR: opts.cache_dir = optarg; break;
        case OPT_MAX_TOTAL: case OPT_MAX_MEMBER: case OPT_RATIO_MIN: {
            uint64_t v = 0;
            if (xv_size_parse(optarg, &v) != 0 || v == 0) {
                fprintf(stderr, "xverify: --%s: expected a size above 0 like 8GiB or 512MB, got '%s'\n",
                        c == OPT_MAX_TOTAL ? "max-total" : c == OPT_MAX_MEMBER ? "max-member"
                                                                               : "ratio-min", optarg);
                return 2;
            }
            *(c == OPT_MAX_TOTAL ? &opts.max_total : c == OPT_MAX_MEMBER ? &opts.max_member
                                                                         : &opts.ratio_min) = v;
            break;
        }
        case OPT_MAX_ENTRIES: case OPT_MAX_DEPTH: case OPT_MAX_RATIO: {
            double lo = c == OPT_MAX_DEPTH ? 0 : 1, hi = c == OPT_MAX_DEPTH ? 64
                                                      : c == OPT_MAX_RATIO ? 4294967295.0 : 1e12;
            if (parse_number(optarg, &num) || num < lo || num > hi || num != (double)(uint64_t)num) {
                fprintf(stderr, "xverify: --%s: expected a whole number %.0f..%.0f, got '%s'\n",
                        c == OPT_MAX_ENTRIES ? "max-entries" : c == OPT_MAX_DEPTH ? "max-depth"
                                                                                : "max-ratio",
                        lo, hi, optarg);
                return 2;
            }
            if (c == OPT_MAX_ENTRIES)
                opts.max_entries = (uint64_t)num;
            else if (c == OPT_MAX_DEPTH)
                opts.max_depth = (int)num;
            else
                opts.max_ratio = (uint32_t)num;
            break;
        }
        case 'h': verify_usage(stdout); return 0;
        case OPT_VERSION: return xv_cli_version();
        case '?':
        default:
            if (optopt && optopt < 256)
                fprintf(stderr, "xverify: unknown option or missing value: '-%c'\n", optopt);
            else
                fprintf(stderr, "xverify: unknown option or missing value: '%s'\n", argv[optind - 1]);
            fprintf(stderr, "Run 'xverify --help' for the options.\n");
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "xverify: no PATH given\n\n");
        xv_cli_usage(stderr);
        return 2;
    }
    if (opts.smoke < 0 && opts.distros)
        opts.smoke = 1;
    if (color < 0) {
        const char *nc = getenv("NO_COLOR");
        color = isatty(STDOUT_FILENO) && !(nc && *nc);
    }
    progress_mode = verbosity < 0 ? PROGRESS_OFF
                    : isatty(STDERR_FILENO) ? PROGRESS_TTY : PROGRESS_PLAIN;
    clock_gettime(CLOCK_MONOTONIC, &progress_start);
    opts.progress = progress;
    opts.read_progress = read_progress;

    /* Open every report before the run, so a bad path fails early. */
    FILE *files[16] = { NULL };
    int to_stdout = 0;
    for (size_t k = 0; k < nouts; k++) {
        if (strcmp(outs[k].path, "-") == 0) {
            files[k] = stdout;
            to_stdout = 1;
            continue;
        }
        files[k] = fopen(outs[k].path, "w");
        if (!files[k]) {
            fprintf(stderr, "xverify: %s %s: %s\n", outs[k].name, outs[k].path, strerror(errno));
            for (size_t j = 0; j < k; j++)
                if (files[j] && files[j] != stdout)
                    fclose(files[j]);
            return 2;
        }
    }

    int rc = 3;
    xv_run *run = xv_run_new(&opts);
    if (!run) {
        fprintf(stderr, "xverify: out of memory\n");
        goto close;
    }
    for (int i = optind; i < argc; i++) {
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
        if (xv_report_write(run, outs[k].kind, &fopts, files[k]) != XV_OK || ferror(files[k])) {
            fprintf(stderr, "xverify: %s %s: could not write the report\n", outs[k].name, outs[k].path);
            rc = 3;
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
done:
    xv_run_free(run);
close:
    for (size_t k = 0; k < nouts; k++) {
        if (files[k] && files[k] != stdout && fclose(files[k]) != 0) {
            fprintf(stderr, "xverify: %s %s: %s\n", outs[k].name, outs[k].path, strerror(errno));
            rc = 3;
        }
    }
    return rc;
}
