/* The smoke checks' engine (checks/smoke_load.c, checks/smoke_run.c): plan
 * artifact x environment (x command) tasks, extract each package once into a
 * private folder (xv_dist_extract), run the tasks on --jobs threads through
 * the runners, classify, emit one result per task. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation" /* messages are cut, never paths used */
#endif

#include "smoke/judge.h"

#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/matrix.h"
#include "dist/sysdirs.h"
#include "core/ctx.h"
#include "smoke/runner.h"
#include "xverify/rootfs.h"

#define JUDGE_MAX_TASKS 20000
#define JUDGE_MAX_ENVS 32
#define JUDGE_DETAIL_CAP 8192

typedef struct task {
    size_t art;
    char env[208];
    const xv_smoke_command *cmd;   /* NULL: loader check */
    size_t cmd_index;
} task;

typedef struct judge {
    xv_check_ctx *ctx;
    const xv_check *self;
    const xv_dist *dist;
    xv_smoke_session *session;
    /* Packages are extracted when their first task starts and removed when
     * their last one ends, so disk use follows the live jobs, not the
     * release size. All under `mu`. */
    pthread_mutex_t mu;
    char **pkgdirs;                /* per package: extracted folder, or NULL */
    const char **pkgerr;           /* per package: why extraction failed */
    size_t *pkgrefs;               /* per package: tasks not finished yet */
    unsigned char *pkgtried;       /* per package: extraction attempted */
    task *tasks;
    size_t ntasks, cap;
    size_t ndone;                  /* tasks finished, for the progress (under mu) */
    double timeout;
} judge;

static const xv_binary *art_binary(const xv_artifact *a)
{
    if (!a->image || a->type != XV_ENTRY_FILE || xv_image_count(a->image) == 0)
        return NULL;
    return xv_image_binary(a->image, 0);
}

static const char *art_platform(const judge *j, const xv_artifact *a)
{
    if (a->platform.id[0])
        return a->platform.id;
    const xv_package *p = xv_dist_package(j->dist, a->package);
    return p && p->platform.id[0] ? p->platform.id : NULL;
}

static int add_task(judge *j, size_t art, const char *env, const xv_smoke_command *cmd, size_t ci)
{
    if (j->ntasks >= JUDGE_MAX_TASKS)
        return -1;
    if (j->ntasks == j->cap) {
        size_t nc = j->cap ? j->cap * 2 : 64;
        task *t = realloc(j->tasks, nc * sizeof *t);
        if (!t)
            return -1;
        j->tasks = t;
        j->cap = nc;
    }
    task *t = &j->tasks[j->ntasks++];
    memset(t, 0, sizeof *t);
    t->art = art;
    snprintf(t->env, sizeof t->env, "%s", env);
    t->cmd = cmd;
    t->cmd_index = ci;
    return 0;
}

/* Splits "a,b,c" into names (copied into buf). */
static size_t split_list(const char *s, char names[][208], size_t max)
{
    size_t n = 0;
    while (s && *s && n < max) {
        size_t k = strcspn(s, ",");
        while (k > 0 && (*s == ' ')) {
            s++;
            k--;
        }
        if (k > 0 && k < 208) {
            memcpy(names[n], s, k);
            names[n][k] = '\0';
            while (k > 0 && names[n][k - 1] == ' ')
                names[n][--k] = '\0';
            if (k)
                n++;
        }
        s += k;
        if (*s == ',')
            s++;
    }
    return n;
}

/* Environments for one artifact: --distros, then the matrix's list for its
 * platform, then the promised distros (matrix "distros") with a cached tree,
 * then a default (load: every cached rootfs of its arch; run: the
 * runner that fits: native, qemu or wine). */
static size_t env_names(judge *j, const xv_artifact *a, const xv_binary *b, int load,
                        char names[][208], size_t max)
{
    const xv_run_opts *o = xv_ctx_opts(j->ctx);
    const xv_smoke_config *cfg = xv_matrix_smoke(xv_ctx_matrix(j->ctx));
    const xv_smoke_envlist *el = xv_smoke_config_envs(cfg, art_platform(j, a));
    size_t n = 0;
    if (el) {
        for (size_t i = 0; i < el->nenvs && n < max; i++) {
            if (load && !strcmp(el->envs[i], "wine"))
                continue;
            snprintf(names[n++], 208, "%s", el->envs[i]);
        }
    }
    if (o->distros && b && b->os == XV_OS_LINUX) {
        char extra[JUDGE_MAX_ENVS][208];
        size_t k = split_list(o->distros, extra, JUDGE_MAX_ENVS);
        for (size_t i = 0; i < k && n < max; i++) {
            int dup = 0;
            for (size_t m = 0; m < n; m++)
                dup |= !strcmp(names[m], extra[i]);
            if (!dup)
                snprintf(names[n++], 208, "%s", extra[i]);
        }
    }
    /* Promised distros (matrix "distros") whose tree is cached, by codename
     * (debian:bookworm) or version (alpine:3.18). */
    const xv_mx_platform *mp = NULL;
    xv_platform pl;
    xv_ctx_platform_of(j->ctx, a, &pl, &mp);
    const char *const *prom = NULL;
    size_t np = b && b->os == XV_OS_LINUX ? xv_matrix_distros(xv_ctx_matrix(j->ctx), mp, &prom) : 0;
    const xv_catalog *cat = np ? xv_ctx_catalog(j->ctx, NULL) : NULL;
    const char *parch = b ? xv_rootfs_debian_arch(b->arch) : NULL;
    for (size_t i = 0; cat && parch && i < np && n < max; i++) {
        const xv_distro_rel *r = xv_catalog_find(cat, prom[i]);
        char cand[2][208];
        snprintf(cand[0], sizeof cand[0], "%s:%s", r ? r->family : "", r && r->codename ? r->codename : "");
        snprintf(cand[1], sizeof cand[1], "%s:%s", r ? r->family : "", r ? r->version : "");
        for (int c = 0; r && c < 2 && n < max; c++) {
            xv_rootfs_info info;
            if (!xv_rootfs_find(o->cache_dir, cand[c], parch, &info))
                continue;
            int dup = 0;
            for (size_t m = 0; m < n; m++)
                dup |= !strcmp(names[m], cand[c]);
            if (!dup)
                snprintf(names[n++], 208, "%s", cand[c]);
            break;
        }
    }
    if (n > 0 || !b)
        return n;
    if (load) {
        xv_rootfs_info *list;
        size_t cnt;
        char e[256];
        const char *da = xv_rootfs_debian_arch(b->arch);
        if (da && xv_rootfs_list(o->cache_dir, &list, &cnt, e, sizeof e) == XV_OK) {
            for (size_t i = 0; i < cnt && n < max; i++)
                if (!strcmp(list[i].arch, da))
                    snprintf(names[n++], 208, "%s", list[i].name);
            xv_rootfs_list_free(list);
        }
        return n;
    }
    if (b->os == XV_OS_WINDOWS)
        snprintf(names[n++], 208, "wine");
    else if (b->os == XV_OS_LINUX)
        snprintf(names[n++], 208, "%s",
                 !strcmp(b->arch, "x86_64") && !strcmp(xv_rootfs_host_arch(), "amd64") ? "native"
                                                                                      : "qemu");
    return n;
}

static int loadable(const xv_binary *b)
{
    if (!b || b->format != XV_FMT_ELF || b->os != XV_OS_LINUX)
        return 0;
    if (b->kind == XV_KIND_SHARED)
        return 1;
    /* A static executable has nothing for the loader to resolve. */
    return (b->kind == XV_KIND_EXE || b->kind == XV_KIND_PIE) && b->interpreter;
}

static int cmd_applies(const judge *j, const xv_smoke_command *c, const xv_artifact *a)
{
    if (!xv_glob_match(c->match, a->member) && !xv_glob_match(c->match, a->path))
        return 0;
    if (c->nplatforms == 0)
        return 1;
    const char *pid = art_platform(j, a);
    for (size_t i = 0; pid && i < c->nplatforms; i++)
        if (!strcmp(c->platforms[i], pid))
            return 1;
    return 0;
}

static int regex_ok(const char *re, const char *text)
{
    regex_t rx;
    if (regcomp(&rx, re, REG_EXTENDED | REG_NOSUB | REG_NEWLINE) != 0)
        return 0;
    int ok = regexec(&rx, text, 0, NULL, 0) == 0;
    regfree(&rx);
    return ok;
}

/* Windows programs (Wine) end lines with CRLF: compare and report with LF. */
static void strip_cr(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++)
        if (!(p[0] == '\r' && p[1] == '\n'))
            *o++ = *p;
    *o = '\0';
}

static void append_capped(char *dst, size_t cap, const char *label, const char *text, int trunc)
{
    size_t used = strlen(dst);
    if (!text || !text[0] || used + 1 >= cap)
        return;
    snprintf(dst + used, cap - used, "--- %s%s ---\n%s%s", label,
             trunc ? " (truncated by xverify)" : "", text,
             text[strlen(text) - 1] == '\n' ? "" : "\n");
}

static const char *class_hint(xv_smoke_class c)
{
    switch (c) {
    case XV_SC_MISSING_LIB:
        return "ship the library in the package (with a $ORIGIN runpath) or depend on one the "
               "target distro provides";
    case XV_SC_SYMBOL_VERSION:
        return "build on (or for) the oldest distro you support, e.g. in a manylinux or "
               "debian:bullseye container, or raise the promised floor";
    case XV_SC_EXEC_FORMAT:
        return "the file is not an executable of this architecture, or its interpreter is "
               "missing on the target";
    case XV_SC_SIGNAL:
        return "the program crashed: run it under the same environment with a debugger";
    case XV_SC_TIMEOUT:
        return "the command did not finish: check it does not wait for input or the network, "
               "or raise the timeout";
    case XV_SC_EXIT_CODE:
    case XV_SC_OUTPUT:
        return "compare the captured output with the expectation in the matrix";
    case XV_SC_RUNNER:
        return "the runner could not start the command: see the detail";
    default:
        return NULL;
    }
}

/* The package's extracted folder (extracted now when this is its first
 * task), or NULL with pkgerr set. */
static const char *pkg_acquire(judge *j, size_t pkg)
{
    pthread_mutex_lock(&j->mu);
    if (!j->pkgtried[pkg]) {
        j->pkgtried[pkg] = 1;
        xv_status st = xv_dist_extract(j->dist, pkg, NULL, &j->pkgdirs[pkg]);
        if (st != XV_OK) {
            j->pkgdirs[pkg] = NULL;
            j->pkgerr[pkg] = xv_ctx_printf(j->ctx, "%s", xv_status_str(st));
        }
    }
    const char *d = j->pkgdirs[pkg];
    pthread_mutex_unlock(&j->mu);
    return d;
}

static void pkg_release(judge *j, size_t pkg)
{
    pthread_mutex_lock(&j->mu);
    if (j->pkgrefs[pkg] > 0 && --j->pkgrefs[pkg] == 0 && j->pkgdirs[pkg]) {
        xv_extract_remove(j->pkgdirs[pkg]);
        free(j->pkgdirs[pkg]);
        j->pkgdirs[pkg] = NULL;
    }
    pthread_mutex_unlock(&j->mu);
}

static void run_task_in(judge *j, size_t i);

static void run_task(void *ud, size_t i)
{
    judge *j = ud;
    size_t pkg = xv_dist_artifact(j->dist, j->tasks[i].art)->package;
    run_task_in(j, i);
    pkg_release(j, pkg);
    const xv_run_opts *o = j->ctx ? xv_ctx_opts(j->ctx) : NULL;
    if (o && o->smoke_progress) {
        pthread_mutex_lock(&j->mu);
        j->ndone++;
        o->smoke_progress(o->progress_ud, j->self->id, j->ndone, j->ntasks);
        pthread_mutex_unlock(&j->mu);
    }
}

static void run_task_in(judge *j, size_t i)
{
    task *t = &j->tasks[i];
    const xv_artifact *a = xv_dist_artifact(j->dist, t->art);
    const xv_package *p = xv_dist_package(j->dist, a->package);
    const xv_binary *b = art_binary(a);
    const char *plat = art_platform(j, a);
    const char *arch = b ? b->arch : xv_smoke_host_arch(j->session); /* a script, a text file */
    xv_os os = b ? b->os : XV_OS_LINUX;
    char why[1024] = "", subject[4096];
    const xv_smoke_command *c = t->cmd;

    if (c && j->ctx && xv_matrix_smoke(xv_ctx_matrix(j->ctx)) &&
        xv_matrix_smoke(xv_ctx_matrix(j->ctx))->ncommands > 1)
        snprintf(subject, sizeof subject, "%s#%zu", a->path, t->cmd_index + 1);
    else
        snprintf(subject, sizeof subject, "%s", a->path);

    xv_smoke_env env;
    if (xv_proc_interrupted()) {
        xv_emit_pkg(j->ctx, j->self, subject, p->path, plat, t->env, XV_SKIP, NULL,
                    "not run: the run was interrupted");
        return;
    }
    const char *pkgdir = pkg_acquire(j, a->package);
    if (!pkgdir) {
        xv_emit_pkg(j->ctx, j->self, subject, p->path, plat, t->env, XV_ERROR,
                    "see the archive.safe results for this package",
                    "package could not be extracted for smoke runs: %s",
                    j->pkgerr[a->package] ? j->pkgerr[a->package] : "unknown error");
        return;
    }
    if (xv_smoke_env_resolve(j->session, t->env, arch, os, &env, why, sizeof why) != 0) {
        xv_emit_pkg(j->ctx, j->self, subject, p->path, plat, t->env, XV_SKIP, NULL,
                    "environment %s not available: %s", t->env, why);
        return;
    }
    xv_smoke_job job = {
        .pkgdir = pkgdir,
        .member = a->member,
        .interp = b ? b->interpreter : NULL,
        .arch = arch,
        .timeout = c && c->timeout > 0 ? c->timeout : j->timeout,
    };
    /* A .deb/.rpm runs as if installed at '/': its loader searches the
     * package's own ld.so.conf.d folders and the family's default ones. */
    char libdir[XV_SYSDIR_MAX + 16][1024];
    const char *libdirp[XV_SYSDIR_MAX + 16];
    int fam = xv_sys_family(p);
    if (fam && !c) {
        size_t n = 0;
        for (size_t k = 0; k < p->nld_dirs && k < 16; k++) {
            const char *d = p->ld_dirs[k];
            while (*d == '/')
                d++;
            if (*d && !strstr(d, ".."))
                snprintf(libdir[n++], sizeof libdir[0], "%s", d);
        }
        n += xv_sys_default_dirs(fam, arch, libdir + n);
        for (size_t k = 0; k < n; k++)
            libdirp[k] = libdir[k];
        job.libdirs = libdirp;
        job.nlibdirs = n;
    }
    if (c) {
        job.argv = c->argv;
        job.nargv = c->nargv;
        job.env = c->env;
        job.nenv = c->nenv;
        job.stdin_data = c->stdin_data;
        job.cwd = c->cwd;
    }
    xv_proc_result r;
    char cmdline[2048];
    cmdline[0] = '\0';
    int rc = xv_smoke_exec(j->session, &env, &job, &r, cmdline, sizeof cmdline, why, sizeof why);
    if (r.interrupted) {
        xv_emit_pkg(j->ctx, j->self, subject, p->path, plat, t->env, XV_SKIP, NULL,
                    "interrupted on %s before it finished", t->env);
        xv_proc_result_free(&r);
        return;
    }
    if (rc != 0 && xv_proc_interrupted()) {
        /* e.g. the Wine prefix boot was stopped: not the runner's fault */
        xv_emit_pkg(j->ctx, j->self, subject, p->path, plat, t->env, XV_SKIP, NULL,
                    "not run on %s: the run was interrupted", t->env);
        xv_proc_result_free(&r);
        return;
    }
    if (rc != 0) {
        xv_emit_pkg(j->ctx, j->self, subject, p->path, plat, t->env, XV_ERROR,
                    class_hint(XV_SC_RUNNER), "runner %s could not run: %s", t->env, why);
        xv_proc_result_free(&r);
        return;
    }
    strip_cr(r.out);
    strip_cr(r.err);
    char what[1024];
    int expected = c ? c->exit_code : 0;
    xv_smoke_class cls = xv_smoke_classify(&r, expected, env.exit128, what, sizeof what);
    char mismatch[1024] = "";
    if (cls == XV_SC_OK && c) {
        if (c->stdout_sub && !strstr(r.out, c->stdout_sub))
            snprintf(mismatch, sizeof mismatch, "stdout lacks \"%s\"", c->stdout_sub);
        else if (c->stdout_regex && !regex_ok(c->stdout_regex, r.out))
            snprintf(mismatch, sizeof mismatch, "stdout does not match /%s/", c->stdout_regex);
        else if (c->stderr_sub && !strstr(r.err, c->stderr_sub))
            snprintf(mismatch, sizeof mismatch, "stderr lacks \"%s\"", c->stderr_sub);
        else if (c->stderr_regex && !regex_ok(c->stderr_regex, r.err))
            snprintf(mismatch, sizeof mismatch, "stderr does not match /%s/", c->stderr_regex);
        if (mismatch[0])
            cls = XV_SC_OUTPUT;
    }
    /* Only the loader check: ld.so --list exit status is 0 even with a
     * library "=> not found"; the classifier reads the text for that. */
    xv_verdict v = cls == XV_SC_OK ? XV_PASS : cls == XV_SC_RUNNER ? XV_ERROR : XV_FAIL;
    const char *what_run = c ? "ran" : "loads";
    xv_result *res;
    if (cls == XV_SC_OK)
        res = xv_emit_pkg(j->ctx, j->self, subject, p->path, plat, t->env, v, NULL,
                          "%s on %s%s%s", what_run, t->env, c ? ": " : "", c ? what : "");
    else if (cls == XV_SC_OUTPUT)
        res = xv_emit_pkg(j->ctx, j->self, subject, p->path, plat, t->env, v, class_hint(cls),
                          "output mismatch on %s: %s", t->env, mismatch);
    else
        res = xv_emit_pkg(j->ctx, j->self, subject, p->path, plat, t->env, v, class_hint(cls),
                          "%s on %s: %s", xv_smoke_class_name(cls), t->env, what);
    if (res) {
        char detail[JUDGE_DETAIL_CAP];
        snprintf(detail, sizeof detail, "$ %s\n", cmdline);
        append_capped(detail, sizeof detail, "stdout", r.out, r.out_truncated);
        append_capped(detail, sizeof detail, "stderr", r.err, r.err_truncated);
        xv_result_set_detail(j->ctx, res, detail);
        xv_result_add_fact(j->ctx, res, "class", xv_smoke_class_name(cls));
        xv_result_add_fact(j->ctx, res, "runner", xv_runner_name(&env));
        xv_result_add_fact(j->ctx, res, "command", cmdline);
        char num[64];
        if (r.exited) {
            snprintf(num, sizeof num, "%d", r.exit_code);
            xv_result_add_fact(j->ctx, res, "exit_code", num);
        }
        if (r.signaled && !r.timed_out) {
            char sb[32];
            xv_result_add_fact(j->ctx, res, "signal", xv_smoke_signal_name(r.signo, sb, sizeof sb));
        }
        snprintf(num, sizeof num, "%.3f", r.seconds);
        xv_result_add_fact(j->ctx, res, "seconds", num);
        res->seconds = r.seconds; /* the run's own time, for JUnit <testcase time> */
        if (env.unconfined) {
            xv_result_add_fact(j->ctx, res, "isolation",
                               "none: bubblewrap is missing and \"isolation\" is \"relaxed\"; "
                               "the program could change the host (apt-get install bubblewrap)");
            if (env.kind != XV_RUNNER_ROOTFS && !r.net_isolated)
                xv_result_add_fact(j->ctx, res, "network", "not isolated (no permission for "
                                                           "a network namespace)");
        } else {
            xv_result_add_fact(j->ctx, res, "isolation",
                               xv_runner_of(&env)->host_kernel ? "sandbox" : "container");
        }
        if (env.kind == XV_RUNNER_WINE) {
            snprintf(num, sizeof num, "%.3f", xv_smoke_wine_boot_seconds(j->session));
            xv_result_add_fact(j->ctx, res, "wineboot_seconds", num);
        }
    }
    xv_proc_result_free(&r);
}

void xv_smoke_judge(xv_check_ctx *ctx, const xv_check *self, int load)
{
    const xv_run_opts *o = xv_ctx_opts(ctx);
    if (!o->smoke)
        return;
    const xv_smoke_config *cfg = xv_matrix_smoke(xv_ctx_matrix(ctx));
    if (load && cfg && !cfg->load)
        return;
    if (!load && (!cfg || cfg->ncommands == 0))
        return;
    judge j;
    memset(&j, 0, sizeof j);
    j.ctx = ctx;
    j.self = self;
    j.dist = xv_ctx_dist(ctx);
    j.timeout = o->smoke_timeout > 0 ? o->smoke_timeout : cfg && cfg->timeout > 0 ? cfg->timeout : 30;
    size_t npkg = xv_dist_package_count(j.dist);
    size_t nart = xv_dist_artifact_count(j.dist);
    if (npkg == 0)
        return;
    j.pkgdirs = calloc(npkg, sizeof *j.pkgdirs);
    j.pkgerr = calloc(npkg, sizeof *j.pkgerr);
    j.pkgrefs = calloc(npkg, sizeof *j.pkgrefs);
    j.pkgtried = calloc(npkg, 1);
    pthread_mutex_init(&j.mu, NULL);
    unsigned char *want = calloc(npkg, 1);
    unsigned char *noenv = calloc(npkg, 1);
    if (!j.pkgdirs || !j.pkgerr || !j.pkgrefs || !j.pkgtried || !want || !noenv)
        goto out;

    for (size_t i = 0; i < nart; i++) {
        const xv_artifact *a = xv_dist_artifact(j.dist, i);
        const xv_binary *b = art_binary(a);
        if (a->nested_depth > 0 || a->type != XV_ENTRY_FILE)
            continue;
        char names[JUDGE_MAX_ENVS][208];
        if (load) {
            if (!loadable(b))
                continue;
            size_t n = env_names(&j, a, b, 1, names, JUDGE_MAX_ENVS);
            if (n == 0) {
                noenv[a->package] = 1;
                continue;
            }
            for (size_t e = 0; e < n; e++)
                if (add_task(&j, i, names[e], NULL, 0) == 0)
                    want[a->package] = 1;
        } else {
            int skipped = 0;
            for (size_t ci = 0; ci < cfg->ncommands; ci++) {
                if (!cmd_applies(&j, &cfg->commands[ci], a))
                    continue;
                size_t n = env_names(&j, a, b, 0, names, JUDGE_MAX_ENVS);
                if (n == 0 && skipped++)
                    continue; /* one skip per artifact, not per command */
                if (n == 0) {
                    const xv_package *p = xv_dist_package(j.dist, a->package);
                    xv_result *sr = xv_emit_pkg(ctx, self, a->path, p->path, art_platform(&j, a),
                                NULL, XV_SKIP, NULL, "no smoke environment for %s (%s)",
                                b ? xv_os_name(b->os) : "a non-binary file",
                                b ? b->arch : "unknown arch");
                    /* Read by the matrix "require" rule: no runner exists here. */
                    xv_result_add_fact(ctx, sr, "smoke.runner", "none");
                    continue;
                }
                for (size_t e = 0; e < n; e++)
                    if (add_task(&j, i, names[e], &cfg->commands[ci], ci) == 0)
                        want[a->package] = 1;
            }
        }
    }
    for (size_t p = 0; p < npkg; p++) {
        if (noenv[p]) {
            const xv_package *pk = xv_dist_package(j.dist, p);
            xv_emit_pkg(ctx, self, pk->path, pk->path, pk->platform.id[0] ? pk->platform.id : NULL,
                        NULL, XV_SKIP, NULL,
                        "no root filesystem to load its Linux binaries on (xverify rootfs add "
                        "debian:bookworm [--arch ARCH], or --distros)");
        }
    }
    if (j.ntasks == 0)
        goto out;
    j.session = xv_smoke_session_new(o->cache_dir, NULL);
    if (!j.session)
        goto out;
    xv_smoke_session_set_strict(j.session, !cfg || cfg->isolation != XV_SMOKE_ISOLATION_RELAXED);
    for (size_t t = 0; t < j.ntasks; t++)
        j.pkgrefs[xv_dist_artifact(j.dist, j.tasks[t].art)->package]++;
    if (o->smoke_progress)
        o->smoke_progress(o->progress_ud, self->id, 0, j.ntasks);
    xv_smoke_pool(j.ntasks, o->jobs, run_task, &j);
    for (size_t p = 0; p < npkg; p++) {
        if (j.pkgdirs[p]) { /* every task releases its package; this is a safety net */
            xv_extract_remove(j.pkgdirs[p]);
            free(j.pkgdirs[p]);
        }
    }
    xv_smoke_session_free(j.session);
out:
    pthread_mutex_destroy(&j.mu);
    free(j.pkgdirs);
    free((void *)j.pkgerr);
    free(j.pkgrefs);
    free(j.pkgtried);
    free(want);
    free(noenv);
    free(j.tasks);
}
