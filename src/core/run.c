/* The run pipeline: matrix -> dist walk -> every registered check -> severities
 * and waivers -> results sorted for stable reports. Also the check context of
 * checks/check.h and the internals of src/core/run_internal.h. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "xverify/xverify.h"
#include "xverify/rootfs.h"
#include "xverify/diff.h"
#include "core/diff_internal.h"
#include "common/arena.h"
#include "core/run_internal.h"
#include "core/ctx.h"
#include "core/datadir.h"
#include "core/verdict.h"
#include "common/date.h"
#include "checks/check.h"
#include "config/matrix.h"
#include "smoke/proc.h"
#include "core/saved.h"

#define XV_MAX_INPUTS 4096
#define XV_MAX_RESULTS (4u << 20)
#define XV_MAX_FACTS 4096
#define XV_NFAMILIES 4
/* Days before expiry from which a waiver in use warns (matrix
 * "waiver_warning_days" overrides). */
#define XV_WAIVER_WARN_DAYS 14

/* A result with what the run needs beside the public fields. */
typedef struct xv_result_slot {
    xv_result r;
    const char *member;        /* package-relative path of the subject, or NULL */
    size_t seq;                /* emission order: the last sort key */
} xv_result_slot;

struct xv_check_ctx {
    xv_run *run;
};

static int keep_pre(xv_run *run);
static const char *read_matrix_text(xv_run *run, const char *path, size_t *len);

struct xv_run {
    xv_run_opts opts;
    xv_arena arena;            /* every string and result the run hands out */
    pthread_mutex_t mu;
    char **inputs;
    size_t ninputs;
    xv_result_slot **results;
    size_t nresults, capresults;
    xv_dist *dist;
    struct xv_matrix *matrix;
    int interrupted;           /* signal number that stopped the run, or 0 */
    char data_dir[4096];
    xv_syslist *syslists[XV_NFAMILIES];
    const char *syslist_err[XV_NFAMILIES];
    int syslist_tried[XV_NFAMILIES];
    xv_catalog *catalog;
    const char *catalog_err;
    int catalog_tried;
    char today[16];
    struct xv_diff *bdiff;     /* the baseline compared with this release, on first use */
    const char *bdiff_err;
    int bdiff_tried;
    int executed;
    xv_waiver_use *waivers;    /* one per matrix waiver, in matrix order */
    xv_gate gate;              /* the verdict, decided once at the end of execute */
    double started, finished;  /* wall clock of execute, epoch seconds */
    int gated;
    size_t nwaivers;           /* entries of waivers */
    int warn_days;             /* the waiver warning window of a saved run */
    int warn_days_set;
    /* Sharded runs and saved results (core/saved.h). */
    int stage;                 /* XV_STAGE_* */
    xv_result_slot *pre;       /* a shard's results before policy */
    size_t npre;
    const char *matrix_text;   /* the matrix file as read, for the saved result */
    size_t matrix_len;
    char **units;              /* every platform unit of the release (shard) */
    size_t nunits;
    size_t *orig;              /* package index before the shard was chosen */
    const char *host;          /* a saved run's host, for the reports */
    char err[2048];
    xv_check_ctx ctx;
};

static const char *const xv_families[XV_NFAMILIES] = {
    "glibc-linux", "musl-linux", "macos", "windows"
};

const char *xv_verdict_name(xv_verdict v)
{
    switch (v) {
    case XV_PASS: return "pass";
    case XV_SKIP: return "skip";
    case XV_WARN: return "warn";
    case XV_FAIL: return "fail";
    case XV_ERROR: return "error";
    }
    return "unknown";
}

void xv_run_opts_init(xv_run_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->fail_on = XV_FAIL;
    opts->max_depth = -1;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* The options keep their own copies of strings so the caller's may go away. */
xv_run *xv_run_new(const xv_run_opts *opts)
{
    xv_run *run = calloc(1, sizeof *run);
    if (!run)
        return NULL;
    if (opts)
        run->opts = *opts;
    else
        xv_run_opts_init(&run->opts);
    if (run->opts.fail_on != XV_WARN && run->opts.fail_on != XV_SKIP)
        run->opts.fail_on = XV_FAIL;
    run->opts.matrix_path = dup_or_null(run->opts.matrix_path);
    run->opts.data_dir = dup_or_null(run->opts.data_dir);
    run->opts.distros = dup_or_null(run->opts.distros);
    run->opts.cache_dir = dup_or_null(run->opts.cache_dir);
    run->opts.baseline = dup_or_null(run->opts.baseline);
    run->opts.today = dup_or_null(run->opts.today);
    run->opts.command_line = dup_or_null(run->opts.command_line);
    run->opts.platform_filter = dup_or_null(run->opts.platform_filter);
    xv_arena_init(&run->arena);
    pthread_mutex_init(&run->mu, NULL);
    run->ctx.run = run;
    return run;
}

xv_status xv_run_add_input(xv_run *run, const char *path)
{
    if (!run || !path || !*path)
        return XV_EUSAGE;
    if (run->ninputs >= XV_MAX_INPUTS) {
        snprintf(run->err, sizeof run->err, "too many inputs (at most %d)", XV_MAX_INPUTS);
        return XV_EUSAGE;
    }
    char **n = realloc(run->inputs, (run->ninputs + 1) * sizeof *n);
    if (!n)
        return XV_ENOMEM;
    run->inputs = n;
    if (!(n[run->ninputs] = strdup(path)))
        return XV_ENOMEM;
    run->ninputs++;
    return XV_OK;
}

const char *xv_run_error(const xv_run *run)
{
    return run && run->err[0] ? run->err : NULL;
}

/* ---- internals (run_internal.h) ---- */

static xv_result_slot *push_slot_locked(xv_run *run)
{
    if (run->nresults >= XV_MAX_RESULTS)
        return NULL;
    if (run->nresults == run->capresults) {
        size_t ncap = run->capresults ? run->capresults * 2 : 64;
        xv_result_slot **n = realloc(run->results, ncap * sizeof *n);
        if (!n)
            return NULL;
        run->results = n;
        run->capresults = ncap;
    }
    xv_result_slot *s = xv_arena_alloc(&run->arena, sizeof *s);
    if (!s)
        return NULL;
    s->seq = run->nresults;
    s->r.message = "";
    run->results[run->nresults++] = s;
    return s;
}

xv_result *xv_run_push_result(xv_run *run)
{
    pthread_mutex_lock(&run->mu);
    xv_result_slot *s = push_slot_locked(run);
    pthread_mutex_unlock(&run->mu);
    return s ? &s->r : NULL;
}

const char *xv_run_strdup(xv_run *run, const char *s)
{
    if (!s)
        return NULL;
    pthread_mutex_lock(&run->mu);
    const char *d = xv_arena_strdup(&run->arena, s);
    pthread_mutex_unlock(&run->mu);
    return d ? d : "";
}

void xv_run_add_fact(xv_run *run, xv_result *r, const char *key, const char *value)
{
    if (!r || !key)
        return;
    pthread_mutex_lock(&run->mu);
    size_t n = r->nfacts;
    xv_fact *f = xv_arena_push(&run->arena, &r->facts, &n, sizeof *f, XV_MAX_FACTS);
    if (f) {
        f->key = xv_arena_strdup(&run->arena, key);
        f->value = xv_arena_strdup(&run->arena, value ? value : "");
        if (!f->key || !f->value)
            n--;
        r->nfacts = n;
    }
    pthread_mutex_unlock(&run->mu);
}

/* ---- the check context (checks/check.h, core/ctx.h) ---- */

const xv_dist *xv_ctx_dist(const xv_check_ctx *ctx) { return ctx->run->dist; }
const struct xv_matrix *xv_ctx_matrix(const xv_check_ctx *ctx) { return ctx->run->matrix; }
const xv_run_opts *xv_ctx_opts(const xv_check_ctx *ctx) { return &ctx->run->opts; }
int xv_ctx_stage(const xv_check_ctx *ctx) { return ctx->run->stage; }
xv_run *xv_ctx_run(xv_check_ctx *ctx) { return ctx->run; }
const char *xv_ctx_data_dir(const xv_check_ctx *ctx) { return ctx->run->data_dir; }
const char *xv_ctx_today(const xv_check_ctx *ctx) { return ctx->run->today; }

const char *xv_ctx_strdup(xv_check_ctx *ctx, const char *s)
{
    return xv_run_strdup(ctx->run, s);
}

const char *xv_ctx_printf(xv_check_ctx *ctx, const char *fmt, ...)
{
    char buf[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return xv_run_strdup(ctx->run, buf);
}

const char *xv_syslist_family(xv_os os, xv_libc libc)
{
    switch (os) {
    case XV_OS_LINUX:
        return libc == XV_LIBC_MUSL ? "musl-linux" : "glibc-linux";
    case XV_OS_MACOS:
        return "macos";
    case XV_OS_WINDOWS:
        return "windows";
    default:
        return NULL;
    }
}

const xv_syslist *xv_ctx_syslist(xv_check_ctx *ctx, const char *family, const char **why)
{
    xv_run *run = ctx->run;
    const xv_syslist *res = NULL;
    if (why)
        *why = "unknown platform family";
    if (!family)
        return NULL;
    pthread_mutex_lock(&run->mu);
    for (int i = 0; i < XV_NFAMILIES; i++) {
        if (strcmp(family, xv_families[i]) != 0)
            continue;
        if (!run->syslist_tried[i]) {
            char err[1024];
            run->syslist_tried[i] = 1;
            if (xv_syslist_load(run->data_dir, family, &run->syslists[i], err, sizeof err) != 0)
                run->syslist_err[i] = xv_arena_strdup(&run->arena, err);
        }
        res = run->syslists[i];
        if (why)
            *why = run->syslist_err[i] ? run->syslist_err[i] : "";
        break;
    }
    pthread_mutex_unlock(&run->mu);
    return res;
}

const struct xv_diff *xv_ctx_baseline_diff(xv_check_ctx *ctx, const char **path, const char **why)
{
    xv_run *run = ctx->run;
    const char *bpath = run->opts.baseline ? run->opts.baseline
                                           : (run->matrix ? run->matrix->baseline_path : NULL);
    if (path)
        *path = bpath;
    if (why)
        *why = NULL;
    if (!bpath)
        return NULL;
    pthread_mutex_lock(&run->mu);
    if (!run->bdiff_tried) {
        run->bdiff_tried = 1;
        xv_diff_opts o;
        xv_diff_opts_init(&o);
        const char *paths[1] = { bpath };
        xv_dist *old = NULL;
        xv_status st = xv_dist_open(paths, 1, &o.dist, &old);
        if (st != XV_OK) {
            run->bdiff_err = xv_arena_printf(&run->arena, "cannot read the baseline release %s: %s", bpath,
                                             old && xv_dist_error(old) ? xv_dist_error(old) : xv_status_str(st));
        } else if (xv_diff_dists(old, run->dist, &o, &run->bdiff) == XV_OK) {
            xv_diff_note_package_errors(run->bdiff, old, 0);
        } else {
            run->bdiff_err = xv_arena_printf(&run->arena, "cannot compare with the baseline release %s: out of memory", bpath);
            xv_diff_free(run->bdiff);
            run->bdiff = NULL;
        }
        xv_dist_free(old);
    }
    if (why)
        *why = run->bdiff_err;
    pthread_mutex_unlock(&run->mu);
    return run->bdiff;
}

const xv_catalog *xv_ctx_catalog(xv_check_ctx *ctx, const char **why)
{
    xv_run *run = ctx->run;
    pthread_mutex_lock(&run->mu);
    if (!run->catalog_tried) {
        char err[1024];
        run->catalog_tried = 1;
        if (xv_catalog_load(run->data_dir, &run->catalog, err, sizeof err) != 0)
            run->catalog_err = xv_arena_strdup(&run->arena, err);
    }
    const xv_catalog *c = run->catalog;
    if (why)
        *why = run->catalog_err ? run->catalog_err : "";
    pthread_mutex_unlock(&run->mu);
    return c;
}

__attribute__((format(printf, 10, 0)))
static xv_result *emit_v(xv_check_ctx *ctx, const xv_check *check, const char *subject,
                         const char *package, const char *member, const char *platform,
                         const char *env, xv_verdict v, const char *hint,
                         const char *fmt, va_list ap)
{
    xv_run *run = ctx->run;
    char msg[4096];
    vsnprintf(msg, sizeof msg, fmt, ap);
    pthread_mutex_lock(&run->mu);
    xv_result_slot *s = push_slot_locked(run);
    if (s) {
        xv_arena *a = &run->arena;
        s->r.check = check->id;
        s->r.subject = xv_arena_strdup(a, subject ? subject : (package ? package : "(release)"));
        s->r.package = package ? xv_arena_strdup(a, package) : NULL;
        s->r.platform = platform && *platform ? xv_arena_strdup(a, platform) : NULL;
        s->r.env = env ? xv_arena_strdup(a, env) : NULL;
        s->r.verdict = s->r.raw = v;
        s->r.message = xv_arena_strdup(a, msg);
        s->r.hint = v >= XV_WARN && hint ? xv_arena_strdup(a, hint) : NULL;
        s->member = member ? xv_arena_strdup(a, member) : NULL;
        if (!s->r.subject || !s->r.message) {
            s->r.subject = s->r.subject ? s->r.subject : "";
            s->r.message = s->r.message ? s->r.message : "";
        }
    }
    pthread_mutex_unlock(&run->mu);
    return s ? &s->r : NULL;
}

xv_result *xv_emit(xv_check_ctx *ctx, const xv_check *check, const char *subject,
                   const xv_artifact *art, xv_verdict v, const char *hint,
                   const char *fmt, ...)
{
    const char *package = NULL, *platform = NULL, *member = NULL;
    char platbuf[sizeof ((xv_platform *)0)->id];
    if (art) {
        const xv_dist *d = ctx->run->dist;
        const xv_package *p = d && art->package < xv_dist_package_count(d)
                                  ? xv_dist_package(d, art->package) : NULL;
        package = p ? p->path : NULL;
        /* The platform the checks judged against (a matrix package glob may
         * name one that the file names do not). */
        xv_platform pf;
        xv_ctx_platform_of(ctx, art, &pf, NULL);
        snprintf(platbuf, sizeof platbuf, "%s", pf.id);
        platform = platbuf[0] ? platbuf : NULL;
        member = art->member;
        if (!subject)
            subject = art->path;
    }
    va_list ap;
    va_start(ap, fmt);
    xv_result *r = emit_v(ctx, check, subject, package, member, platform, NULL, v, hint, fmt, ap);
    va_end(ap);
    return r;
}

xv_result *xv_emit_pkg(xv_check_ctx *ctx, const xv_check *check, const char *subject,
                       const char *package, const char *platform, const char *env,
                       xv_verdict v, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    xv_result *r = emit_v(ctx, check, subject, package, NULL, platform, env, v, hint, fmt, ap);
    va_end(ap);
    return r;
}

void xv_result_set_detail(xv_check_ctx *ctx, xv_result *r, const char *detail)
{
    if (r)
        r->detail = detail ? xv_run_strdup(ctx->run, detail) : NULL;
}

void xv_result_add_fact(xv_check_ctx *ctx, xv_result *r, const char *key, const char *value)
{
    xv_run_add_fact(ctx->run, r, key, value);
}

/* ---- execute ---- */

static int is_dir(const char *p)
{
    struct stat st;
    return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The last 200 bytes of a path, for a message. */
static const char *xv_short(const char *p)
{
    size_t n = strlen(p);
    return n > 200 ? p + n - 200 : p;
}

/* Every promised distro must be in the catalogue: a typo would otherwise
 * promise nothing. */
static int check_list(xv_run *run, const char *key, const char *const *l, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!run->catalog_tried) {
            char err[1024];
            run->catalog_tried = 1;
            if (xv_catalog_load(run->data_dir, &run->catalog, err, sizeof err) != 0)
                run->catalog_err = xv_arena_strdup(&run->arena, err);
        }
        if (!run->catalog) {
            snprintf(run->err, sizeof run->err, "%s: %s: %s", run->opts.matrix_path, key,
                     run->catalog_err ? run->catalog_err : "no distro catalogue");
            return -1;
        }
        if (!xv_catalog_find(run->catalog, l[i])) {
            snprintf(run->err, sizeof run->err,
                     "%.512s: %s: \"%.64s\" is not in the distro catalogue (%.200s/distros/; ids are "
                     "family:version or family:codename, e.g. ubuntu:20.04, debian:bookworm, "
                     "rhel:9, alpine:3.18)", run->opts.matrix_path, key, l[i], xv_short(run->data_dir));
            return -1;
        }
    }
    return 0;
}

static int check_promises(xv_run *run)
{
    const struct xv_matrix *m = run->matrix;
    if (check_list(run, "distros", m->distros, m->ndistros) != 0)
        return -1;
    for (size_t i = 0; i < m->nplatforms; i++) {
        char key[300];
        snprintf(key, sizeof key, "platforms.%s.distros", m->platforms[i].id);
        if (check_list(run, key, m->platforms[i].distros, m->platforms[i].ndistros) != 0)
            return -1;
    }
    return 0;
}

static void resolve_data_dir(xv_run *run)
{
    const char *cands[4] = { run->opts.data_dir, getenv("XVERIFY_DATA_DIR"), NULL, NULL };
#ifdef XV_DATA_DIR
    cands[2] = XV_DATA_DIR;
#endif
#ifdef XV_SOURCE_DATA_DIR
    cands[3] = XV_SOURCE_DATA_DIR;
#endif
    /* An explicit choice wins even if wrong, so the error names it. */
    for (int i = 0; i < 2; i++) {
        if (cands[i] && *cands[i]) {
            snprintf(run->data_dir, sizeof run->data_dir, "%s", cands[i]);
            return;
        }
    }
    /* Then the data installed beside the program (or library), wherever the
     * install tree was moved; then the configured and source paths. */
    if (xv_datadir_relative(run->data_dir, sizeof run->data_dir))
        return;
    for (int i = 2; i < 4; i++) {
        char probe[4200];
        if (!cands[i])
            continue;
        snprintf(probe, sizeof probe, "%s/system-libs", cands[i]);
        if (is_dir(probe)) {
            snprintf(run->data_dir, sizeof run->data_dir, "%s", cands[i]);
            return;
        }
    }
    snprintf(run->data_dir, sizeof run->data_dir, "%s", cands[3] ? cands[3] : "matrices");
}

static void set_today(xv_run *run)
{
    if (run->opts.today) {
        snprintf(run->today, sizeof run->today, "%s", run->opts.today);
        return;
    }
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(run->today, sizeof run->today, "%Y-%m-%d", &tm);
}

static int valid_date(const char *s)
{
    return xv_date_parse(s, NULL);
}

static int waiver_matches(const xv_mx_waiver *w, const xv_result_slot *s)
{
    if (!xv_check_id_match(w->check, s->r.check))
        return 0;
    if (!w->match)
        return 1;
    if (s->member && xv_glob_match(w->match, s->member))
        return 1;
    if (s->r.subject && xv_glob_match(w->match, s->r.subject))
        return 1;
    return 0;
}

static const char *arena_printf_locked(xv_run *run, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static const char *arena_printf_locked(xv_run *run, const char *fmt, ...)
{
    char buf[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    const char *s = xv_arena_strdup(&run->arena, buf);
    return s ? s : "";
}

/* A subject that was not read: no severity may turn it into a pass. */
static int not_inspected(const xv_result *r)
{
    for (size_t i = 0; i < r->nfacts; i++)
        if (r->facts[i].key && strcmp(r->facts[i].key, XV_FACT_NOT_INSPECTED) == 0)
            return 1;
    return 0;
}

/* Only a waiver naming the subject (its path, or its base name, with no
 * wildcard) excuses what was not inspected: "**" must not silently cover
 * unread content. */
static int waiver_names(const xv_mx_waiver *w, const xv_result_slot *s)
{
    if (!w->match || strpbrk(w->match, "*?["))
        return 0;
    return (s->member && xv_glob_match(w->match, s->member)) ||
           (s->r.subject && xv_glob_match(w->match, s->r.subject));
}

/* A skip that says no runner exists for the binary's OS and arch: such a
 * platform cannot be required to run (fact set by the smoke judge). */
static int skip_without_runner(const xv_result *r)
{
    for (size_t i = 0; i < r->nfacts; i++)
        if (strcmp(r->facts[i].key, "smoke.runner") == 0 && strcmp(r->facts[i].value, "none") == 0)
            return 1;
    return 0;
}

static int str_in(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

/* Matrix "require": each listed check must have run and passed on every
 * platform of the release that has a runner. A skip of a required check is
 * a failure (unless no runner exists for that binary at all), and a check
 * that produced no result anywhere fails on every platform with binaries. */
static void apply_require(xv_run *run, const struct xv_matrix *m, size_t n0)
{
    if (!m->nrequire)
        return;
    size_t np = run->dist ? xv_dist_package_count(run->dist) : 0;
    const char **plats = np ? calloc(np, sizeof *plats) : NULL;
    if (np && !plats) {
        snprintf(run->err, sizeof run->err, "out of memory applying matrix require");
        return;
    }
    /* Platforms with at least one binary. */
    size_t nplat = 0;
    for (size_t i = 0; i < np; i++) {
        const xv_package *p = xv_dist_package(run->dist, i);
        if (!p->platform.id[0] || str_in(plats, nplat, p->platform.id))
            continue;
        for (size_t k = p->first; k < p->first + p->count; k++) {
            const xv_artifact *a = xv_dist_artifact(run->dist, k);
            if (a && a->image) {
                plats[nplat++] = p->platform.id;
                break;
            }
        }
    }
    for (size_t q = 0; q < m->nrequire; q++) {
        const char *key = m->require[q];
        size_t seen = 0;
        for (size_t i = 0; i < n0; i++) {
            xv_result *r = &run->results[i]->r;
            if (!xv_check_id_match(key, r->check))
                continue;
            seen++;
            if (r->verdict != XV_SKIP || skip_without_runner(r) || xv_result_deferred(r))
                continue;
            r->verdict = XV_FAIL;
            r->message = arena_printf_locked(run, "required check did not run: %s", r->message);
            r->hint = arena_printf_locked(run, "the matrix requires %s (\"require\"): make its "
                                               "runner available, waive this result, or remove it "
                                               "from require", key);
            xv_run_add_fact(run, r, "required", key);
        }
        /* A check with results somewhere ran: where it has none, it did
         * not apply (smoke.load on a Windows package). A check with no
         * result at all never ran (smoke tests off): every platform with
         * binaries fails it; a shard cannot tell, the merge does. */
        for (size_t k = 0; seen == 0 && run->stage != XV_STAGE_SHARD && k < nplat; k++) {
            xv_result_slot *s = push_slot_locked(run);
            if (!s)
                break;
            s->r.check = xv_arena_strdup(&run->arena, key);
            s->r.subject = xv_arena_strdup(&run->arena, plats[k]);
            s->r.platform = s->r.subject;
            s->r.verdict = XV_FAIL;
            s->r.raw = XV_SKIP;
            s->r.message = arena_printf_locked(run, "required check %s did not run on %s", key,
                                               plats[k]);
            s->r.hint = arena_printf_locked(run, "the matrix requires %s (\"require\"): enable "
                                                 "smoke tests (--smoke, --distros) or remove it "
                                                 "from require", key);
            xv_run_add_fact(run, &s->r, "required", key);
        }
    }
    free(plats);
}

/* Severities first (they say how grave a finding is), then waivers (they
 * excuse a finding, whatever its level). An expired waiver excuses nothing:
 * what it matched fails, naming the waiver's reason and date. */
static void apply_policy(xv_run *run)
{
    const struct xv_matrix *m = run->matrix;
    if (!m)
        return;
    size_t n0 = run->nresults;
    for (size_t i = 0; i < n0; i++) {
        xv_result *r = &run->results[i]->r;
        xv_mx_level lv = xv_matrix_level(m, r->check);
        if (not_inspected(r))
            continue;
        if (lv == XV_MX_OFF) {
            r->verdict = XV_SKIP;
            r->hint = NULL;
            r->message = arena_printf_locked(run, "disabled by matrix severity \"off\" (was %s: %s)",
                                              xv_verdict_name(r->raw), r->message);
        } else if (lv == XV_MX_WARN && (r->verdict == XV_FAIL || r->verdict == XV_WARN)) {
            r->verdict = XV_WARN;
        } else if (lv == XV_MX_FAIL && (r->verdict == XV_FAIL || r->verdict == XV_WARN)) {
            r->verdict = XV_FAIL;
        }
    }
    /* Requirements before waivers: a required check that did not run is a
     * failure that only an explicit waiver naming it can excuse. */
    apply_require(run, m, n0);
    n0 = run->nresults;
    long today = 0;
    int has_today = xv_date_parse(run->today, &today);
    int warn_days = m->waiver_warn_days >= 0 ? m->waiver_warn_days : XV_WAIVER_WARN_DAYS;
    run->waivers = m->nwaivers ? xv_arena_alloc(&run->arena, m->nwaivers * sizeof *run->waivers)
                               : NULL;
    run->nwaivers = run->waivers ? m->nwaivers : 0;
    for (size_t w = 0; w < m->nwaivers; w++) {
        const xv_mx_waiver *wv = &m->waivers[w];
        long exp_day = 0;
        int dated = wv->expires && has_today && xv_date_parse(wv->expires, &exp_day);
        int expired = dated && exp_day < today;
        size_t used = 0, covered = 0;
        for (size_t i = 0; i < n0; i++) {
            xv_result_slot *s = run->results[i];
            xv_result *r = &s->r;
            if (r->verdict == XV_PASS || r->verdict == XV_SKIP || !waiver_matches(wv, s))
                continue;
            if (not_inspected(r) && !waiver_names(wv, s))
                continue;
            used++;
            if (expired) {
                r->verdict = XV_FAIL;
                r->message = arena_printf_locked(run, "%s (waiver expired on %s: \"%s\")",
                                                  r->message, wv->expires, wv->reason ? wv->reason : "");
                r->hint = arena_printf_locked(run, "fix the finding, or renew the waiver (matrix waivers[%zu].expires) after review", w);
                xv_run_add_fact(run, r, "waiver.expired", wv->expires);
            } else {
                r->verdict = XV_PASS;
                r->waiver = wv->reason ? wv->reason : "";
                /* Which waiver: reports list what each one covered. */
                char idx[32];
                snprintf(idx, sizeof idx, "%zu", w + 1);
                xv_run_add_fact(run, r, "waiver.index", idx);
                if (wv->expires)
                    xv_run_add_fact(run, r, "waiver.expires", wv->expires);
                covered++;
            }
        }
        if (run->waivers) {
            xv_waiver_use *u = &run->waivers[w];
            memset(u, 0, sizeof *u);
            u->check = wv->check;
            u->match = wv->match;
            u->reason = wv->reason ? wv->reason : "";
            u->expires = wv->expires;
            u->matched = used;
            u->covered = covered;
            u->expired = expired;
            u->days_left = dated ? exp_day - today : 0;
            u->expiring = dated && !expired && exp_day - today <= warn_days;
        }
        if (!used) {
            /* a shard sees some of the findings: whether a waiver is
             * unused is the merge's call */
            if (run->stage == XV_STAGE_SHARD)
                continue;
            xv_result_slot *s = push_slot_locked(run);
            if (!s)
                continue;
            s->r.check = xv_arena_strdup(&run->arena, wv->check ? wv->check : "waivers");
            s->r.subject = xv_arena_strdup(&run->arena, wv->match ? wv->match : "**");
            s->r.verdict = s->r.raw = XV_WARN;
            s->r.message = expired
                ? arena_printf_locked(run, "unused waiver (expired on %s): \"%s\" matched no finding",
                                      wv->expires, wv->reason ? wv->reason : "")
                : arena_printf_locked(run, "unused waiver: \"%s\" matched no finding",
                                      wv->reason ? wv->reason : "");
            s->r.hint = arena_printf_locked(run, "remove matrix waivers[%zu], the finding it excused is gone", w);
        } else if (dated && !expired && exp_day - today <= warn_days) {
            /* A waiver about to lapse turns its findings into failures on
             * that day: say so while there is time to fix or renew. */
            xv_result_slot *s = push_slot_locked(run);
            if (!s)
                continue;
            long left = exp_day - today;
            s->r.check = xv_arena_strdup(&run->arena, wv->check);
            s->r.subject = xv_arena_strdup(&run->arena, wv->match ? wv->match : "**");
            s->r.verdict = s->r.raw = XV_WARN;
            s->r.message = arena_printf_locked(
                run, "waiver expires on %s (%s%ld day%s): \"%s\" covers %zu finding%s",
                wv->expires, left == 0 ? "today, " : "in ", left, left == 1 ? "" : "s",
                wv->reason ? wv->reason : "", covered, covered == 1 ? "" : "s");
            s->r.hint = arena_printf_locked(run, "fix the finding%s, or renew matrix waivers[%zu].expires after review",
                                            covered == 1 ? "" : "s", w);
            xv_run_add_fact(run, &s->r, "waiver.expires", wv->expires);
        }
    }
}

static int cmp_str(const char *a, const char *b)
{
    if (a == b)
        return 0;
    if (!a)
        return -1;
    if (!b)
        return 1;
    return strcmp(a, b);
}

static int cmp_slot(const void *pa, const void *pb)
{
    const xv_result_slot *a = *(const xv_result_slot *const *)pa;
    const xv_result_slot *b = *(const xv_result_slot *const *)pb;
    int c;
    if ((c = cmp_str(a->r.package, b->r.package)) != 0)
        return c;
    if ((c = cmp_str(a->r.subject, b->r.subject)) != 0)
        return c;
    if ((c = cmp_str(a->r.check, b->r.check)) != 0)
        return c;
    if ((c = cmp_str(a->r.env, b->r.env)) != 0)
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Walk limits: the defaults, then the matrix "limits", then the options. */
static void set_limits(const xv_run *run, xv_dist_opts *o)
{
    const xv_run_opts *ro = &run->opts;
    if (run->matrix) {
        const xv_mx_limits *l = &run->matrix->limits;
        if (l->has_total)
            o->max_total = l->total;
        if (l->has_member)
            o->max_member = l->member;
        if (l->has_entries)
            o->max_entries = l->entries;
        if (l->has_ratio_min)
            o->ratio_min = l->ratio_min;
        if (l->has_ratio)
            o->max_ratio = (uint32_t)l->ratio;
        if (l->has_depth)
            o->max_depth = (int)l->depth;
    }
    if (ro->max_total)
        o->max_total = ro->max_total;
    if (ro->max_member)
        o->max_member = ro->max_member;
    if (ro->max_entries)
        o->max_entries = ro->max_entries;
    if (ro->ratio_min)
        o->ratio_min = ro->ratio_min;
    if (ro->max_ratio)
        o->max_ratio = ro->max_ratio;
    if (ro->max_depth >= 0)
        o->max_depth = ro->max_depth;
}

static double wall_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void xv_run_times(const xv_run *run, double *start, double *end)
{
    if (start)
        *start = run ? run->started : 0;
    if (end)
        *end = run ? run->finished : 0;
}

/* The verdict, once, from the final results. */
static void decide(xv_run *run)
{
    xv_gate_init(&run->gate, run->opts.fail_on);
    for (size_t i = 0; i < run->nresults; i++)
        xv_gate_add(&run->gate, &run->results[i]->r);
    run->gate.waivers = run->waivers;
    run->gate.nwaivers = run->waivers ? run->nwaivers : 0;
    run->gate.waiver_warn_days = run->warn_days_set ? run->warn_days
                                 : run->matrix && run->matrix->waiver_warn_days >= 0
                                     ? run->matrix->waiver_warn_days : XV_WAIVER_WARN_DAYS;
    if (run->interrupted)
        xv_gate_interrupt(&run->gate, run->interrupted);
    xv_gate_finish(&run->gate);
    run->gated = 1;
    run->finished = wall_clock();
}

/* ---- the checks on --jobs threads ----
 * Each check reads the dist (read-only by now) and emits through the run's
 * lock; no check reads another's results. So the checks run side by side,
 * one check per thread at a time, in registry order as threads come free;
 * the smoke checks, which run their commands on --jobs threads of their own,
 * run after them on the calling thread. The results are sorted at the end
 * (cmp_slot): a check's results keep their own order (they come from one
 * thread) and results of different checks never tie, so the order is the
 * same for any --jobs. */
typedef struct check_pool {
    xv_run *run;
    size_t ncheck;
    size_t *order;          /* indexes into xv_checks of the checks to run */
    size_t norder, next;
    size_t base;            /* checks run in the phases before, for the progress */
    double *secs;           /* per xv_checks index: wall time of its run */
    pthread_mutex_t mu;     /* next, and the progress callback */
} check_pool;

static double mono_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *check_worker(void *arg)
{
    check_pool *cp = arg;
    xv_run *run = cp->run;
    for (;;) {
        pthread_mutex_lock(&cp->mu);
        if (cp->next >= cp->norder || xv_proc_interrupted()) {
            pthread_mutex_unlock(&cp->mu);
            break; /* the results so far, then the reports */
        }
        size_t k = cp->next++;
        size_t i = cp->order[k];
        const xv_check *c = xv_checks[i];
        if (run->opts.progress)
            run->opts.progress(run->opts.progress_ud, c->id, cp->base + k, cp->ncheck);
        pthread_mutex_unlock(&cp->mu);
        double t0 = mono_now();
        c->run(&run->ctx, c);
        cp->secs[i] = mono_now() - t0;
    }
    return NULL;
}

/* A result that measured its own time (a smoke run) keeps it; the rest of
 * its check's time is spread evenly over the others. */
static void spread_seconds(xv_run *run, size_t first, size_t ncheck, const double *secs)
{
    double *own = calloc(ncheck + 1, sizeof *own);
    size_t *untimed = calloc(ncheck + 1, sizeof *untimed);
    size_t *which = calloc(run->nresults - first + 1, sizeof *which);
    if (!own || !untimed || !which)
        goto out;
    for (size_t k = first; k < run->nresults; k++) {
        const char *id = run->results[k]->r.check;
        size_t i = 0;
        while (i < ncheck && !(id == xv_checks[i]->id || (id && strcmp(id, xv_checks[i]->id) == 0)))
            i++;
        which[k - first] = i;
        double s = run->results[k]->r.seconds;
        if (s > 0 && s < 1e9)
            own[i] += s;
        else
            untimed[i]++;
    }
    for (size_t k = first; k < run->nresults; k++) {
        size_t i = which[k - first];
        double s = run->results[k]->r.seconds;
        if (i < ncheck && !(s > 0 && s < 1e9)) {
            double rest = secs[i] > own[i] ? secs[i] - own[i] : 0;
            run->results[k]->r.seconds = rest / (double)untimed[i];
        }
    }
out:
    free(own);
    free(untimed);
    free(which);
}

static void run_checks(xv_run *run, size_t ncheck)
{
    check_pool cp;
    memset(&cp, 0, sizeof cp);
    cp.run = run;
    cp.ncheck = ncheck;
    cp.order = calloc(ncheck + 1, sizeof *cp.order);
    cp.secs = calloc(ncheck + 1, sizeof *cp.secs);
    pthread_mutex_init(&cp.mu, NULL);
    size_t first = run->nresults;
    int jobs = run->opts.jobs;
    if (jobs <= 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = c > 0 ? (int)c : 1;
    }
    if (!cp.order || !cp.secs)
        jobs = 1;
    /* the checks that judge the dist, then the smoke checks */
    for (int smoke = 0; smoke < 2; smoke++) {
        cp.norder = cp.next = 0;
        for (size_t i = 0; i < ncheck && cp.order; i++)
            if ((strncmp(xv_checks[i]->id, "smoke.", 6) == 0) == smoke &&
                xv_stage_runs(run->stage, xv_checks[i]->id))
                cp.order[cp.norder++] = i;
        if (!cp.order) {
            /* out of memory: every check, in order, on this thread */
            for (size_t i = 0; i < ncheck && !xv_proc_interrupted(); i++)
                if (xv_stage_runs(run->stage, xv_checks[i]->id))
                    xv_checks[i]->run(&run->ctx, xv_checks[i]);
            break;
        }
        size_t nthreads = smoke ? 1 : (size_t)jobs;
        if (nthreads > cp.norder)
            nthreads = cp.norder;
        pthread_t th[64];
        size_t started = 0;
        for (size_t k = 1; k < nthreads && k < 64; k++)
            if (pthread_create(&th[started], NULL, check_worker, &cp) == 0)
                started++;
        check_worker(&cp);
        for (size_t k = 0; k < started; k++)
            pthread_join(th[k], NULL);
        cp.base += cp.norder;
    }
    if (cp.secs)
        spread_seconds(run, first, ncheck, cp.secs);
    pthread_mutex_destroy(&cp.mu);
    free(cp.order);
    free(cp.secs);
}

xv_status xv_run_execute(xv_run *run)
{
    if (!run)
        return XV_EUSAGE;
    if (run->executed) {
        snprintf(run->err, sizeof run->err, "a run executes once");
        return XV_EUSAGE;
    }
    run->executed = 1;
    run->started = wall_clock();
    resolve_data_dir(run);
    set_today(run);
    if (run->opts.today && !valid_date(run->opts.today)) {
        snprintf(run->err, sizeof run->err, "--today: expected a real calendar date like 2026-06-30, got \"%s\"",
                 run->opts.today);
        return XV_EUSAGE;
    }
    if (run->ninputs == 0) {
        snprintf(run->err, sizeof run->err, "no input path given");
        return XV_EUSAGE;
    }
    if (run->opts.matrix_path) {
        char err[1536];
        if (xv_matrix_load(run->opts.matrix_path, &run->matrix, err, sizeof err) != 0) {
            snprintf(run->err, sizeof run->err, "%s", err);
            return XV_EUSAGE;
        }
        if (check_promises(run) != 0)
            return XV_EUSAGE;
        run->matrix_text = read_matrix_text(run, run->opts.matrix_path, &run->matrix_len);
    }
    const char *bpath = run->opts.baseline ? run->opts.baseline
                                           : run->matrix ? run->matrix->baseline_path : NULL;
    struct stat bst;
    if (bpath && xv_run_opts_partial(&run->opts)) {
        snprintf(run->err, sizeof run->err, "--shard/--platform: a run against a baseline (%s) "
                 "compares the whole release; run the baseline comparison unsharded",
                 run->opts.baseline ? "--baseline" : "matrix baseline.path");
        return XV_EUSAGE;
    }
    if (bpath && stat(bpath, &bst) != 0) {
        snprintf(run->err, sizeof run->err, "%s %s: %s",
                 run->opts.baseline ? "--baseline" : "matrix baseline.path:", bpath, strerror(errno));
        return XV_EUSAGE;
    }
    if (run->opts.smoke < 0) {
        run->opts.smoke = (run->matrix && run->matrix->smoke) || run->opts.distros ? 1 : 0;
        /* Zero configuration: cached root filesystems are a promise to load
         * every Linux binary on them (smoke.load). */
        if (!run->opts.smoke) {
            xv_rootfs_info *list = NULL;
            size_t cnt = 0;
            char e[256];
            if (xv_rootfs_list(run->opts.cache_dir, &list, &cnt, e, sizeof e) == XV_OK && cnt > 0)
                run->opts.smoke = 1;
            xv_rootfs_list_free(list);
        }
    }
    xv_dist_opts dopts;
    xv_dist_opts_init(&dopts);
    set_limits(run, &dopts);
    dopts.progress = run->opts.read_progress;
    dopts.progress_ud = run->opts.progress_ud;
    dopts.jobs = run->opts.jobs;   /* 0: the number of online CPUs */
    dopts.cancelled = xv_proc_interrupted;
    xv_status st = xv_dist_open((const char *const *)run->inputs, run->ninputs, &dopts, &run->dist);
    if (st != XV_OK) {
        const char *e = run->dist ? xv_dist_error(run->dist) : NULL;
        snprintf(run->err, sizeof run->err, "%s", e ? e : xv_status_str(st));
        return st;
    }
    if (xv_run_opts_partial(&run->opts)) {
        if (xv_shard_select(run->dist, run->matrix, &run->opts, &run->units, &run->nunits,
                            &run->orig, run->err, sizeof run->err) != 0)
            return XV_EUSAGE;
        run->stage = XV_STAGE_SHARD;
    }
    size_t ncheck = 0;
    while (xv_checks[ncheck])
        ncheck++;
    run_checks(run, ncheck);
    if (run->opts.progress)
        run->opts.progress(run->opts.progress_ud, "done", ncheck, ncheck);
    run->interrupted = xv_proc_interrupted();
    if (run->interrupted) {
        /* One result says so in every report: an error outranks any pass,
         * so a partial run never reads as a release that passed. */
        static const xv_check interrupted = {
            .id = "run.interrupted",
            .title = "The run was interrupted",
            .description = "A signal stopped the run; the results before it are kept.",
            .help = "Run xverify again to completion.",
        };
        const char *name = run->interrupted == 2 ? "SIGINT" : run->interrupted == 15 ? "SIGTERM"
                           : run->interrupted == 1 ? "SIGHUP" : "a signal";
        xv_emit_pkg(&run->ctx, &interrupted, "(release)", NULL, NULL, NULL, XV_ERROR,
                    "run xverify again to completion",
                    "interrupted by %s: running commands were stopped and later checks "
                    "not run; these are the results so far", name);
    }
    if (run->stage == XV_STAGE_SHARD && keep_pre(run) != 0)
        return XV_ENOMEM;
    apply_policy(run);
    if (run->nresults > 1)
        qsort(run->results, run->nresults, sizeof *run->results, cmp_slot);
    decide(run);
    return XV_OK;
}

/* ---- sharded runs and saved results (core/saved.h) ---- */

/* A shard's results before policy, for the merge (which applies the policy
 * to the whole release once), then one "judged at merge" result per
 * deferred check, which never blocks. */
static int keep_pre(xv_run *run)
{
    run->npre = 0;
    run->pre = run->nresults ? xv_arena_alloc(&run->arena, run->nresults * sizeof *run->pre) : NULL;
    if (run->nresults && !run->pre)
        return -1;
    for (size_t i = 0; i < run->nresults; i++)
        run->pre[run->npre++] = *run->results[i];
    char share[64];
    if (run->opts.shard_n > 0)
        snprintf(share, sizeof share, "shard %d/%d", run->opts.shard_k, run->opts.shard_n);
    else
        snprintf(share, sizeof share, "a --platform share");
    for (size_t i = 0; xv_deferred_checks[i]; i++) {
        const xv_check *c = xv_check_find(xv_deferred_checks[i]);
        if (!c || (strcmp(c->id, "checksums") == 0 && !xv_dist_checksum_file_count(run->dist)))
            continue;
        xv_result *r = xv_emit_pkg(&run->ctx, c, "(release)", NULL, NULL, NULL, XV_SKIP, NULL,
                                   "judged at merge: %s looks across every platform of the "
                                   "release, and this run judged %s (xverify merge judges it)",
                                   c->id, share);
        xv_result_add_fact(&run->ctx, r, XV_FACT_JUDGED_AT, "merge");
    }
    return 0;
}

static const char *read_matrix_text(xv_run *run, const char *path, size_t *len)
{
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = (size_t)16 << 20, n = 0, size = 65536;
    char *buf = malloc(size + 1);
    while (buf) {
        size_t got = fread(buf + n, 1, size - n, f);
        n += got;
        if (n < size)
            break;
        if (size >= cap) {
            free(buf);
            buf = NULL;
            break;
        }
        char *nb = realloc(buf, size * 2 + 1);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        size *= 2;
    }
    fclose(f);
    if (!buf)
        return NULL;
    char *t = xv_arena_alloc(&run->arena, n + 1);
    if (t) {
        memcpy(t, buf, n);
        t[n] = 0;
        *len = n;
    }
    free(buf);
    return t;
}

int xv_run_stage(const xv_run *run) { return run ? run->stage : 0; }
size_t xv_run_package_index(const xv_run *run, size_t i) { return run && run->orig ? run->orig[i] : i; }
const char *xv_run_today(const xv_run *run) { return run ? run->today : ""; }
const char *xv_run_saved_host(const xv_run *run) { return run ? run->host : NULL; }
size_t xv_run_pre_count(const xv_run *run) { return run ? run->npre : 0; }

const xv_result *xv_run_pre(const xv_run *run, size_t i, const char **member)
{
    if (!run || i >= run->npre)
        return NULL;
    if (member)
        *member = run->pre[i].member;
    return &run->pre[i].r;
}

const char *xv_run_matrix_text(const xv_run *run, size_t *len)
{
    *len = run ? run->matrix_len : 0;
    return run ? run->matrix_text : NULL;
}

size_t xv_run_units(const xv_run *run, const char *const **units)
{
    *units = run ? (const char *const *)run->units : NULL;
    return run ? run->nunits : 0;
}

size_t xv_run_input_count(const xv_run *run) { return run ? run->ninputs : 0; }
const char *xv_run_input(const xv_run *run, size_t i)
{
    return run && i < run->ninputs ? run->inputs[i] : NULL;
}

void xv_run_set_member(xv_run *run, xv_result *r, const char *member)
{
    /* r is the first member of its slot */
    xv_result_slot *s = (xv_result_slot *)(void *)r;
    s->member = member ? xv_arena_strdup(&run->arena, member) : NULL;
}

xv_status xv_run_move_to_pre(xv_run *run)
{
    run->npre = 0;
    run->pre = run->nresults ? xv_arena_alloc(&run->arena, run->nresults * sizeof *run->pre) : NULL;
    if (run->nresults && !run->pre)
        return XV_ENOMEM;
    for (size_t i = 0; i < run->nresults; i++)
        run->pre[run->npre++] = *run->results[i];
    run->nresults = 0;
    return XV_OK;
}

xv_status xv_run_restore(xv_run *run, const xv_restore *in)
{
    if (!run || run->executed || !in || !in->dist)
        return XV_EUSAGE;
    run->executed = 1;
    run->dist = in->dist;
    run->matrix = in->matrix;
    if (in->matrix_text) {
        char *t = xv_arena_alloc(&run->arena, in->matrix_len + 1);
        if (!t)
            return XV_ENOMEM;
        memcpy(t, in->matrix_text, in->matrix_len);
        t[in->matrix_len] = 0;
        run->matrix_text = t;
        run->matrix_len = in->matrix_len;
    }
    resolve_data_dir(run);
    set_today(run);
    if (in->today && valid_date(in->today))
        snprintf(run->today, sizeof run->today, "%s", in->today);
    run->interrupted = in->interrupted;
    if (in->merge) {
        run->stage = XV_STAGE_MERGE;
        for (size_t i = 0; xv_checks[i]; i++)
            if (xv_stage_runs(run->stage, xv_checks[i]->id))
                xv_checks[i]->run(&run->ctx, xv_checks[i]);
        apply_policy(run);
    } else {
        run->stage = in->stage;
        if (in->nunits && !(run->units = calloc(in->nunits, sizeof *run->units)))
            return XV_ENOMEM;
        for (size_t i = 0; i < in->nunits; i++) {
            if (!(run->units[i] = strdup(in->units[i])))
                return XV_ENOMEM;
            run->nunits = i + 1;
        }
        size_t np = xv_dist_package_count(run->dist);
        if (in->orig && np) {
            if (!(run->orig = malloc(np * sizeof *run->orig)))
                return XV_ENOMEM;
            memcpy(run->orig, in->orig, np * sizeof *run->orig);
        }
        run->waivers = in->nwaivers ? xv_arena_alloc(&run->arena, in->nwaivers * sizeof *run->waivers)
                                    : NULL;
        if (in->nwaivers && !run->waivers)
            return XV_ENOMEM;
        for (size_t i = 0; i < in->nwaivers; i++)
            run->waivers[i] = in->waivers[i];
        run->nwaivers = in->nwaivers;
        run->warn_days = in->warn_days;
        run->warn_days_set = 1;
        run->host = in->host ? xv_arena_strdup(&run->arena, in->host) : NULL;
    }
    if (run->nresults > 1)
        qsort(run->results, run->nresults, sizeof *run->results, cmp_slot);
    decide(run);
    run->started = in->started;
    run->finished = in->finished;
    return XV_OK;
}

size_t xv_run_result_count(const xv_run *run)
{
    return run ? run->nresults : 0;
}

const xv_result *xv_run_result(const xv_run *run, size_t i)
{
    return run && i < run->nresults ? &run->results[i]->r : NULL;
}

const xv_dist *xv_run_dist(const xv_run *run)
{
    return run ? run->dist : NULL;
}

xv_verdict xv_run_verdict(const xv_run *run)
{
    return run && run->gated ? run->gate.worst : XV_PASS;
}

int xv_run_interrupted(const xv_run *run)
{
    return run ? run->interrupted : 0;
}

void xv_interrupt_install(void)
{
    xv_proc_interrupt_install();
}

int xv_run_exit_code(const xv_run *run)
{
    return run && run->gated ? run->gate.exit_code : 0;
}

const xv_gate *xv_run_gate(const xv_run *run)
{
    return run && run->gated ? &run->gate : NULL;
}

const xv_run_opts *xv_run_options(const xv_run *run)
{
    return run ? &run->opts : NULL;
}

void xv_run_free(xv_run *run)
{
    if (!run)
        return;
    for (size_t i = 0; i < run->ninputs; i++)
        free(run->inputs[i]);
    free(run->inputs);
    free(run->results);
    xv_dist_free(run->dist);
    xv_diff_free(run->bdiff);
    xv_matrix_free(run->matrix);
    for (int i = 0; i < XV_NFAMILIES; i++)
        xv_syslist_free(run->syslists[i]);
    xv_catalog_free(run->catalog);
    free((char *)(uintptr_t)run->opts.matrix_path);
    free((char *)(uintptr_t)run->opts.data_dir);
    free((char *)(uintptr_t)run->opts.distros);
    free((char *)(uintptr_t)run->opts.cache_dir);
    free((char *)(uintptr_t)run->opts.baseline);
    free((char *)(uintptr_t)run->opts.today);
    free((char *)(uintptr_t)run->opts.command_line);
    free((char *)(uintptr_t)run->opts.platform_filter);
    xv_shard_units_free(run->units, run->nunits);
    free(run->orig);
    pthread_mutex_destroy(&run->mu);
    xv_arena_free(&run->arena);
    free(run);
}

/* ---- platform of an artifact (core/ctx.h) ---- */

int xv_mx_platform_has_package(const xv_mx_platform *mp, const xv_package *pkg)
{
    if (!mp || !pkg)
        return 0;
    if (mp->package)
        return xv_glob_match(mp->package, pkg->name ? pkg->name : pkg->path);
    return pkg->platform.id[0] && (strcmp(pkg->platform.id, mp->plat.id) == 0 ||
                                   strcmp(pkg->platform.id, mp->id) == 0);
}

int xv_ctx_platform_of(const xv_check_ctx *ctx, const xv_artifact *art, xv_platform *out,
                       const xv_mx_platform **mp)
{
    const struct xv_matrix *m = ctx->run->matrix;
    const xv_dist *d = ctx->run->dist;
    const xv_package *pkg = d && art->package < xv_dist_package_count(d)
                                ? xv_dist_package(d, art->package) : NULL;
    if (mp)
        *mp = NULL;
    *out = art->platform;
    if (m) {
        for (size_t i = 0; i < m->nplatforms; i++) {
            const xv_mx_platform *p = &m->platforms[i];
            if (p->package && pkg && xv_mx_platform_has_package(p, pkg)) {
                *out = p->plat;
                if (out->libc == XV_LIBC_UNKNOWN)
                    out->libc = p->libc;
                if (mp)
                    *mp = p;
                return out->os != XV_OS_UNKNOWN;
            }
        }
        if (art->platform.id[0]) {
            const xv_mx_platform *p = xv_matrix_platform(m, art->platform.id);
            if (p) {
                if (out->libc == XV_LIBC_UNKNOWN)
                    out->libc = p->libc;
                if (mp)
                    *mp = p;
            }
        }
    }
    return out->os != XV_OS_UNKNOWN;
}

const char *xv_ctx_package_path(const xv_check_ctx *ctx, const xv_artifact *art)
{
    const xv_dist *d = ctx->run->dist;
    const xv_package *pkg = d && art->package < xv_dist_package_count(d)
                                ? xv_dist_package(d, art->package) : NULL;
    return pkg && pkg->path ? pkg->path : "";
}
