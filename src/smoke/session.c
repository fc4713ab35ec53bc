/* The smoke session (one per xverify invocation): environment resolution,
 * the job dispatcher, shared helpers and the lazily created Wine prefix and
 * containers.conf. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation" /* paths are length-checked where used */
#endif

#include "smoke/runner.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <ftw.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xverify/rootfs.h"

struct xv_smoke_session {
    char cache[4096];
    char tmp_parent[4096];
    char *base;                /* private dir holding everything below */
    pthread_mutex_t lock;
    char *wine_prefix;         /* created on first use */
    int wine_failed;
    char wine_why[512];
    char *containers_conf;
    unsigned seq;
    char host_arch[16];
    pthread_mutex_t oci_lock;
    pthread_mutex_t wine_lock; /* held while the prefix boots (~10 s); not `lock` */
    char oci_known[16][256];
    int noci;        /* binary arch name of the host ("x86_64") */
    int strict;                /* no release code outside the sandbox */
    double wine_boot_seconds;  /* time of `wineboot --init`, 0 before */
    char *wine_tmp;            /* unconfined Wine's TMPDIR: one wineserver for the session */
};

void xv_smoke_session_set_strict(xv_smoke_session *s, int strict)
{
    s->strict = strict;
}

double xv_smoke_wine_boot_seconds(const xv_smoke_session *s)
{
    return s->wine_boot_seconds;
}

const char *xv_smoke_wine_tmp(const xv_smoke_session *s)
{
    return s->wine_tmp;
}

void xv_vec_add(xv_vec *v, const char *s)
{
    if (v->n >= XV_VEC_MAX) {
        v->overflow = 1;
        return;
    }
    v->v[v->n] = strdup(s ? s : "");
    if (!v->v[v->n]) {
        v->overflow = 1;
        return;
    }
    v->n++;
    v->v[v->n] = NULL;
}

void xv_vec_addf(xv_vec *v, const char *fmt, ...)
{
    char buf[8192];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf) {
        v->overflow = 1;
        return;
    }
    xv_vec_add(v, buf);
}

void xv_vec_free(xv_vec *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->v[i]);
    v->n = 0;
    v->v[0] = NULL;
}

char *xv_smoke_expand(const char *s, const char *file, const char *dir, const char *pkg)
{
    size_t cap = strlen(s) + 1, len = 0;
    for (const char *p = s; *p; p++)
        if (*p == '{')
            cap += strlen(file) + strlen(dir) + strlen(pkg);
    char *out = malloc(cap);
    if (!out)
        return NULL;
    for (const char *p = s; *p;) {
        const char *rep = NULL;
        size_t skip = 0;
        if (!strncmp(p, "{file}", 6)) {
            rep = file;
            skip = 6;
        } else if (!strncmp(p, "{dir}", 5)) {
            rep = dir;
            skip = 5;
        } else if (!strncmp(p, "{pkg}", 5)) {
            rep = pkg;
            skip = 5;
        }
        if (rep) {
            size_t n = strlen(rep);
            memcpy(out + len, rep, n);
            len += n;
            p += skip;
        } else {
            out[len++] = *p++;
        }
    }
    out[len] = '\0';
    return out;
}

const char *xv_smoke_default_loader(const char *arch)
{
    static const char *const map[][2] = {
        {"x86_64", "/lib64/ld-linux-x86-64.so.2"}, {"aarch64", "/lib/ld-linux-aarch64.so.1"},
        {"arm", "/lib/ld-linux-armhf.so.3"},      {"i386", "/lib/ld-linux.so.2"},
        {"riscv64", "/lib/ld-linux-riscv64-lp64d.so.1"}, {"ppc64le", "/lib64/ld64.so.2"},
        {"s390x", "/lib/ld64.so.1"},
    };
    for (size_t i = 0; arch && i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i][0], arch))
            return map[i][1];
    return NULL;
}

void xv_smoke_job_paths(const char *root, const xv_smoke_job *job, char *file, size_t flen,
                        char *dir, size_t dlen)
{
    snprintf(file, flen, "%s/%s", root, job->member);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", file);
    snprintf(dir, dlen, "%s", dirname(tmp));
}

const char *xv_smoke_job_loader(const xv_smoke_job *job, char *why, size_t whylen)
{
    const char *ld = job->interp ? job->interp : xv_smoke_default_loader(job->arch);
    if (!ld)
        snprintf(why, whylen, "no dynamic loader known for %s", job->arch ? job->arch : "?");
    return ld;
}

int xv_smoke_add_job_argv(const xv_smoke_job *job, const char *file, const char *dir,
                          const char *pkg, xv_vec *argv, char *why, size_t whylen)
{
    for (size_t i = 0; i < job->nargv; i++) {
        char *a = xv_smoke_expand(job->argv[i], file, dir, pkg);
        if (!a) {
            snprintf(why, whylen, "out of memory");
            return -1;
        }
        xv_vec_add(argv, a);
        free(a);
    }
    return 0;
}

int xv_smoke_add_command(const xv_smoke_job *job, const char *file, const char *dir,
                         const char *pkg, xv_vec *argv, char *why, size_t whylen)
{
    if (job->argv)
        return xv_smoke_add_job_argv(job, file, dir, pkg, argv, why, whylen);
    const char *ld = xv_smoke_job_loader(job, why, whylen);
    if (!ld)
        return -1;
    xv_vec_add(argv, ld);
    if (xv_smoke_add_libdirs(job, pkg, argv, why, whylen) != 0)
        return -1;
    xv_vec_add(argv, "--list");
    xv_vec_add(argv, file);
    return 0;
}

int xv_smoke_add_libdirs(const xv_smoke_job *job, const char *pkg, xv_vec *argv, char *why,
                         size_t whylen)
{
    if (!job->nlibdirs || !pkg)
        return 0;
    size_t len = 1;
    for (size_t i = 0; i < job->nlibdirs; i++)
        len += strlen(pkg) + strlen(job->libdirs[i]) + 2;
    char *v = malloc(len);
    if (!v) {
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    size_t w = 0;
    for (size_t i = 0; i < job->nlibdirs; i++)
        w += (size_t)snprintf(v + w, len - w, "%s%s/%s", i ? ":" : "", pkg, job->libdirs[i]);
    xv_vec_add(argv, "--library-path");
    xv_vec_add(argv, v);
    free(v);
    return 0;
}

int xv_smoke_expand_cwd(const xv_smoke_job *job, const char *file, const char *dir,
                        const char *pkg, xv_smoke_scratch *sc, char *why, size_t whylen)
{
    if (!job->cwd)
        return 0;
    sc->cwd = xv_smoke_expand(job->cwd, file, dir, pkg);
    if (!sc->cwd) {
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    return 0;
}

int xv_smoke_host_finish(const xv_smoke_job *job, const char *file, const char *dir,
                         xv_vec *envp, xv_proc_spec *spec, xv_smoke_scratch *sc,
                         char *why, size_t whylen)
{
    for (size_t i = 0; i < job->nenv; i++)
        xv_vec_addf(envp, "%s=%s", job->env[i].key, job->env[i].value);
    if (xv_smoke_expand_cwd(job, file, dir, job->pkgdir, sc, why, whylen))
        return -1;
    spec->cwd = sc->cwd ? sc->cwd : sc->tmpdir;
    spec->no_network = 1;
    spec->ro_paths[0] = job->pkgdir;
    return 0;
}

const char *xv_smoke_qemu_name(const char *arch)
{
    static const char *const map[][2] = {
        {"x86_64", "qemu-x86_64"}, {"aarch64", "qemu-aarch64"}, {"arm", "qemu-arm"},
        {"i386", "qemu-i386"},     {"riscv64", "qemu-riscv64"}, {"ppc64le", "qemu-ppc64le"},
        {"s390x", "qemu-s390x"},   {"mips64el", "qemu-mips64el"},
    };
    for (size_t i = 0; arch && i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i][0], arch))
            return map[i][1];
    return NULL;
}

int xv_smoke_have(const char *tool)
{
    const char *path = getenv("PATH");
    char p[4096];
    if (!path)
        path = "/usr/bin:/bin";
    for (const char *s = path; *s;) {
        size_t n = strcspn(s, ":");
        if (n && snprintf(p, sizeof p, "%.*s/%s", (int)n, s, tool) < (int)sizeof p &&
            access(p, X_OK) == 0)
            return 1;
        s += n;
        if (*s == ':')
            s++;
    }
    snprintf(p, sizeof p, "/usr/sbin/%s", tool);
    return access(p, X_OK) == 0;
}

static int rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
    (void)sb;
    (void)f;
    if (flag == FTW_DP)
        return rmdir(p) != 0 && errno != ENOENT ? -1 : 0;
    /* A read-only folder the command made (chmod) must not stop removal. */
    return unlink(p) != 0 && errno != ENOENT ? -1 : 0;
}

static int chmod_cb(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
    (void)f;
    if (flag == FTW_D || flag == FTW_DNR)
        chmod(p, (sb->st_mode & 07777) | 0700);
    return 0;
}

void xv_smoke_rmtree(const char *dir)
{
    struct stat st;
    if (!dir || lstat(dir, &st) != 0)
        return;
    nftw(dir, chmod_cb, 32, FTW_PHYS);
    nftw(dir, rm_cb, 32, FTW_DEPTH | FTW_PHYS);
}

xv_smoke_session *xv_smoke_session_new(const char *cache_dir, const char *tmp_parent)
{
    xv_smoke_session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (!xv_rootfs_cache_dir(cache_dir, s->cache, sizeof s->cache)) {
        free(s);
        return NULL;
    }
    const char *t = tmp_parent ? tmp_parent : getenv("TMPDIR");
    snprintf(s->tmp_parent, sizeof s->tmp_parent, "%s", t && t[0] ? t : "/tmp");
    s->strict = 1;
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->oci_lock, NULL);
    pthread_mutex_init(&s->wine_lock, NULL);
    const char *da = xv_rootfs_host_arch();
    snprintf(s->host_arch, sizeof s->host_arch, "%s",
             !strcmp(da, "amd64") ? "x86_64" : !strcmp(da, "arm64") ? "aarch64"
             : !strcmp(da, "armhf") ? "arm" : da);
    return s;
}

static char *session_base(xv_smoke_session *s)
{
    /* Called with the lock held. */
    if (!s->base) {
        char tmpl[4200];
        snprintf(tmpl, sizeof tmpl, "%s/xverify-smoke.XXXXXX", s->tmp_parent);
        if (mkdtemp(tmpl))
            s->base = strdup(tmpl);
    }
    return s->base;
}

char *xv_smoke_mktemp(xv_smoke_session *s, const char *tag)
{
    pthread_mutex_lock(&s->lock);
    char *base = session_base(s);
    char tmpl[4400];
    char *out = NULL;
    if (base) {
        snprintf(tmpl, sizeof tmpl, "%s/%s.XXXXXX", base, tag);
        if (mkdtemp(tmpl))
            out = strdup(tmpl);
    }
    pthread_mutex_unlock(&s->lock);
    return out;
}

const char *xv_smoke_session_cache(const xv_smoke_session *s)
{
    return s->cache;
}

void xv_smoke_oci_lock(xv_smoke_session *s)
{
    pthread_mutex_lock(&s->oci_lock);
}

void xv_smoke_oci_unlock(xv_smoke_session *s)
{
    pthread_mutex_unlock(&s->oci_lock);
}

int xv_smoke_oci_known(const xv_smoke_session *s, const char *image)
{
    for (int i = 0; i < s->noci; i++)
        if (!strcmp(s->oci_known[i], image))
            return 1;
    return 0;
}

void xv_smoke_oci_remember(xv_smoke_session *s, const char *image)
{
    if (s->noci < 16 && strlen(image) < sizeof s->oci_known[0])
        snprintf(s->oci_known[s->noci++], sizeof s->oci_known[0], "%s", image);
}

const char *xv_smoke_host_arch(const xv_smoke_session *s)
{
    return s->host_arch;
}

unsigned xv_smoke_session_seq(xv_smoke_session *s)
{
    pthread_mutex_lock(&s->lock);
    unsigned v = ++s->seq;
    pthread_mutex_unlock(&s->lock);
    return v;
}

static void wine_env(xv_vec *e, const char *prefix, const char *tmp)
{
    const char *path = getenv("PATH");
    xv_vec_addf(e, "PATH=%s", path ? path : "/usr/local/bin:/usr/bin:/bin");
    xv_vec_addf(e, "WINEPREFIX=%s", prefix);
    xv_vec_addf(e, "HOME=%s", tmp);
    /* wineserver's folder (/tmp/.wine-UID) and Wine's temp files. */
    xv_vec_addf(e, "TMPDIR=%s", tmp);
    /* Errors of the module loader only: a missing DLL prints its name. */
    xv_vec_add(e, "WINEDEBUG=-all,err+module");
    /* No Mono/Gecko install dialogs, no display. */
    xv_vec_add(e, "WINEDLLOVERRIDES=mscoree,mshtml=");
    xv_vec_add(e, "LANG=C");
}

const char *xv_smoke_wine_prefix(xv_smoke_session *s, char *why, size_t whylen)
{
    pthread_mutex_lock(&s->wine_lock);
    if (!s->wine_prefix && !s->wine_failed) {
        pthread_mutex_lock(&s->lock);
        char *base = session_base(s);
        pthread_mutex_unlock(&s->lock);
        char p[4400];
        snprintf(p, sizeof p, "%s/wineprefix", base ? base : "/nonexistent");
        xv_vec argv = {0}, envp = {0};
        xv_proc_spec spec = {.timeout = 300};
        xv_smoke_scratch sc = {.seccomp_fd = -1};
        char bwhy[512] = "";
        int sandboxed = xv_sandbox_available(bwhy, sizeof bwhy);
        int ok = base && mkdir(p, 0700) == 0;
        char tmp[4400];
        snprintf(tmp, sizeof tmp, "%s/wineboot-tmp", base ? base : "/nonexistent");
        if (ok && sandboxed) {
            ok = xv_sandbox_begin(&argv, &spec, &sc, bwhy, sizeof bwhy) == 0;
            xv_runner_wine_sandbox(p, NULL, "/tmp", &argv);
            wine_env(&envp, p, "/tmp");
        } else if (ok) {
            ok = mkdir(tmp, 0700) == 0 && (s->wine_tmp = strdup(tmp)) != NULL;
            wine_env(&envp, p, tmp);
        }
        /* wineserver -w: the registry is written when the server exits, and
         * the sandbox ends it with its PID namespace; without the wait the
         * next run would redo the prefix. */
        xv_vec_add(&argv, "sh");
        xv_vec_add(&argv, "-c");
        xv_vec_add(&argv, "wine wineboot --init && wineserver -w");
        spec.argv = (const char *const *)argv.v;
        spec.env = (const char *const *)envp.v;
        xv_proc_result r;
        memset(&r, 0, sizeof r);
        if (!ok || argv.overflow || envp.overflow || xv_proc_run(&spec, &r) != 0 ||
            !r.exited || r.exit_code != 0) {
            s->wine_failed = 1;
            snprintf(s->wine_why, sizeof s->wine_why,
                     "wine prefix could not be created (wineboot --init: %s)",
                     !ok && bwhy[0] ? bwhy
                     : r.interrupted ? "interrupted"
                     : r.timed_out ? "timeout" : r.err && r.err[0] ? r.err : "failed");
        } else {
            s->wine_prefix = strdup(p);
            s->wine_boot_seconds = r.seconds;
        }
        if (sc.seccomp_fd >= 0)
            close(sc.seccomp_fd);
        xv_proc_result_free(&r);
        xv_vec_free(&argv);
        xv_vec_free(&envp);
    }
    const char *out = s->wine_prefix;
    if (!out)
        snprintf(why, whylen, "%s", s->wine_why);
    pthread_mutex_unlock(&s->wine_lock);
    return out;
}

const char *xv_smoke_containers_conf(xv_smoke_session *s)
{
    pthread_mutex_lock(&s->lock);
    if (!s->containers_conf) {
        char *base = session_base(s);
        char p[4400];
        snprintf(p, sizeof p, "%s/containers.conf", base ? base : "/nonexistent");
        FILE *f = base ? fopen(p, "w") : NULL;
        if (f) {
            /* runc (crun fails on hosts like CI's) and explicit ulimits:
             * podman's defaults ask for more than such a host grants. */
            fputs("[containers]\n"
                  "default_ulimits = [\"nofile=1024:1024\", \"nproc=4096:4096\"]\n"
                  "[engine]\n"
                  "runtime = \"runc\"\n", f);
            if (fclose(f) == 0)
                s->containers_conf = strdup(p);
        }
    }
    const char *out = s->containers_conf;
    pthread_mutex_unlock(&s->lock);
    return out;
}

void xv_smoke_session_free(xv_smoke_session *s)
{
    if (!s)
        return;
    if (s->wine_prefix && s->wine_tmp) {
        /* Sandboxed, every wineserver ended with its PID namespace. */
        xv_vec argv = {0}, envp = {0};
        xv_vec_add(&argv, "wineserver");
        xv_vec_add(&argv, "-k");
        /* Unconfined runs share one server, its folder in wine_tmp. */
        wine_env(&envp, s->wine_prefix, s->wine_tmp);
        xv_proc_spec spec = {.argv = (const char *const *)argv.v,
                             .env = (const char *const *)envp.v, .timeout = 30,
                             .cleanup = 1};
        xv_proc_result r;
        xv_proc_run(&spec, &r);
        xv_proc_result_free(&r);
        xv_vec_free(&argv);
        xv_vec_free(&envp);
    }
    if (s->base)
        xv_smoke_rmtree(s->base);
    free(s->base);
    free(s->wine_prefix);
    free(s->wine_tmp);
    free(s->containers_conf);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->oci_lock);
    pthread_mutex_destroy(&s->wine_lock);
    free(s);
}

static const char *cross_sysroot(const char *arch)
{
    static const char *const map[][2] = {
        {"aarch64", "/usr/aarch64-linux-gnu"}, {"arm", "/usr/arm-linux-gnueabihf"},
        {"riscv64", "/usr/riscv64-linux-gnu"}, {"i386", "/usr/i686-linux-gnu"},
        {"ppc64le", "/usr/powerpc64le-linux-gnu"}, {"s390x", "/usr/s390x-linux-gnu"},
        {"x86_64", "/usr/x86_64-linux-gnu"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        struct stat st;
        char libc[300];
        if (strcmp(map[i][0], arch))
            continue;
        snprintf(libc, sizeof libc, "%s/lib/libc.so.6", map[i][1]);
        if (stat(libc, &st) == 0)
            return map[i][1];
    }
    return NULL;
}

static int env_resolve(xv_smoke_session *s, const char *name, const char *arch, xv_os os,
                       xv_smoke_env *env, char *why, size_t whylen)
{
    memset(env, 0, sizeof *env);
    why[0] = '\0';
    snprintf(env->name, sizeof env->name, "%s", name);
    if (!arch)
        arch = "unknown";
    int host = strcmp(arch, s->host_arch) == 0;

    /* Every runner but OCI executes release code on the host kernel: in the
     * sandbox, or (relaxed isolation only) unconfined, said as a fact. */
    char bwhy[256];
    int sandbox = xv_sandbox_available(bwhy, sizeof bwhy);
    int oci = !strncmp(name, "oci:", 4) || !strncmp(name, "podman:", 7) ||
              !strncmp(name, "docker:", 7);
    if (!oci && !sandbox) {
        if (s->strict) {
            snprintf(why, whylen, "%s; strict isolation (the default) runs no release code "
                                  "outside the sandbox (matrix \"smoke\": {\"isolation\": "
                                  "\"relaxed\"} runs it unconfined)", bwhy);
            return -1;
        }
        env->unconfined = 1;
    }
    if (!strcmp(name, "wine")) {
        if (os != XV_OS_WINDOWS) {
            snprintf(why, whylen, "wine runs Windows binaries, this one is for %s", xv_os_name(os));
            return -1;
        }
        if (!xv_smoke_have("wine")) {
            snprintf(why, whylen, "wine is not installed (apt-get install wine wine64)");
            return -1;
        }
        if (strcmp(arch, "x86_64") && strcmp(arch, "i386")) {
            snprintf(why, whylen, "wine here runs x86_64/i386 PE files, not %s", arch);
            return -1;
        }
        if (!strcmp(arch, "i386") && access("/usr/lib/wine/wine", X_OK) != 0) {
            snprintf(why, whylen, "32-bit Windows binaries need wine32 (dpkg --add-architecture "
                                  "i386; apt-get install wine32)");
            return -1;
        }
        env->kind = XV_RUNNER_WINE;
        return 0;
    }
    if (os != XV_OS_LINUX) {
        snprintf(why, whylen, "environment %s runs Linux binaries, this one is for %s", name,
                 xv_os_name(os));
        return -1;
    }
    if (!strcmp(name, "native")) {
        if (!host) {
            snprintf(why, whylen, "native runs %s binaries on this host, this one is %s "
                                  "(use \"qemu\")", s->host_arch, arch);
            return -1;
        }
        env->kind = XV_RUNNER_NATIVE;
        return 0;
    }
    if (!strcmp(name, "qemu") || !strncmp(name, "qemu:", 5)) {
        const char *q = xv_smoke_qemu_name(arch);
        if (!q) {
            snprintf(why, whylen, "no qemu user emulator known for %s", arch);
            return -1;
        }
        if (!xv_smoke_have(q)) {
            snprintf(why, whylen, "%s is not installed (apt-get install qemu-user)", q);
            return -1;
        }
        snprintf(env->qemu, sizeof env->qemu, "%s", q);
        env->kind = XV_RUNNER_QEMU;
        if (name[4] == ':') {
            xv_rootfs_info info;
            const char *ref = name + 5;
            if (ref[0] == '/') {
                snprintf(env->sysroot, sizeof env->sysroot, "%s", ref);
            } else if (xv_rootfs_find(s->cache, ref, xv_rootfs_debian_arch(arch), &info)) {
                snprintf(env->sysroot, sizeof env->sysroot, "%s", info.root);
            } else {
                snprintf(why, whylen, "no %s root filesystem %s cached (xverify rootfs add %s "
                                      "--arch %s)", arch, ref, ref,
                         xv_rootfs_debian_arch(arch) ? xv_rootfs_debian_arch(arch) : arch);
                return -1;
            }
            return 0;
        }
        if (host) {
            snprintf(env->sysroot, sizeof env->sysroot, "/");
            return 0;
        }
        const char *cs = cross_sysroot(arch);
        if (cs) {
            snprintf(env->sysroot, sizeof env->sysroot, "%s", cs);
            return 0;
        }
        /* Any cached rootfs of that arch, bookworm first. */
        xv_rootfs_info *list;
        size_t n;
        char e[256];
        const char *da = xv_rootfs_debian_arch(arch);
        if (da && xv_rootfs_list(s->cache, &list, &n, e, sizeof e) == XV_OK) {
            for (int pass = 0; pass < 2 && !env->sysroot[0]; pass++)
                for (size_t i = 0; i < n; i++)
                    if (!strcmp(list[i].arch, da) &&
                        (pass == 1 || !strcmp(list[i].name, "debian:bookworm"))) {
                        snprintf(env->sysroot, sizeof env->sysroot, "%s", list[i].root);
                        break;
                    }
            xv_rootfs_list_free(list);
        }
        if (env->sysroot[0])
            return 0;
        snprintf(why, whylen, "no sysroot for %s: install a cross libc (apt-get install "
                              "libc6-%s-cross) or cache a rootfs (xverify rootfs add "
                              "debian:bookworm --arch %s)", arch, da ? da : arch, da ? da : arch);
        return -1;
    }
    if (!strncmp(name, "oci:", 4) || !strncmp(name, "podman:", 7) || !strncmp(name, "docker:", 7)) {
        const char *ref = strchr(name, ':') + 1;
        if (!host) {
            snprintf(why, whylen, "OCI runs %s images here, this binary is %s", s->host_arch, arch);
            return -1;
        }
        const char *engine = !strncmp(name, "docker:", 7) ? "docker"
                             : !strncmp(name, "podman:", 7) ? "podman"
                             : xv_smoke_have("podman") ? "podman" : "docker";
        if (!xv_smoke_have(engine)) {
            snprintf(why, whylen, "no container engine (apt-get install podman runc)");
            return -1;
        }
        snprintf(env->engine, sizeof env->engine, "%s", engine);
        env->kind = XV_RUNNER_OCI;
        env->exit128 = 1;
        xv_smoke_oci_lock(s);
        int rc = xv_smoke_oci_prepare(s, env, ref, why, whylen);
        if (rc == 0)
            xv_smoke_oci_remember(s, env->image);
        xv_smoke_oci_unlock(s);
        return rc;
    }
    /* A cached root filesystem: "debian:bookworm" or "rootfs:debian:bookworm". */
    const char *ref = !strncmp(name, "rootfs:", 7) ? name + 7 : name;
    const char *da = xv_rootfs_debian_arch(arch);
    xv_rootfs_info info;
    if (!da || !xv_rootfs_find(s->cache, ref, da, &info)) {
        snprintf(why, whylen, "root filesystem %s for %s is not cached in %s (xverify rootfs add "
                              "%s%s%s)", ref, da ? da : arch, s->cache, ref,
                 host ? "" : " --arch ", host ? "" : (da ? da : arch));
        return -1;
    }
    snprintf(env->sysroot, sizeof env->sysroot, "%s", info.root);
    if (!host) {
        /* A foreign tree: its loader and libraries under qemu -L. */
        const char *q = xv_smoke_qemu_name(arch);
        if (!q || !xv_smoke_have(q)) {
            snprintf(why, whylen, "%s is not installed (apt-get install qemu-user)", q ? q : "qemu");
            return -1;
        }
        snprintf(env->qemu, sizeof env->qemu, "%s", q);
        env->kind = XV_RUNNER_QEMU;
        return 0;
    }
    env->kind = XV_RUNNER_ROOTFS;
    if (env->unconfined) {
        if (geteuid() != 0) {
            snprintf(why, whylen, "bubblewrap is not installed (apt-get install bubblewrap); "
                                  "the unshare+chroot fallback needs root");
            return -1;
        }
        env->chroot = 1;
        return 0;
    }
    env->exit128 = 1;
    return 0;
}

int xv_smoke_env_resolve(xv_smoke_session *s, const char *name, const char *arch, xv_os os,
                         xv_smoke_env *env, char *why, size_t whylen)
{
    int rc = env_resolve(s, name, arch, os, env, why, whylen);
    /* bubblewrap reports its child's death by signal as exit 128+N. */
    const xv_runner *r = rc == 0 ? xv_runner_of(env) : NULL;
    if (r && r->host_kernel && !env->unconfined)
        env->exit128 = 1;
    return rc;
}

static void describe(const xv_vec *argv, char *out, size_t outlen)
{
    size_t o = 0, first = 0;
    out[0] = '\0';
    /* bubblewrap's dozens of binds say nothing the env name does not: show
     * the command inside the sandbox. */
    if (argv->n && !strcmp(argv->v[0], "bwrap"))
        for (size_t i = 0; i < argv->n; i++)
            if (!strcmp(argv->v[i], "--")) {
                first = i + 1;
                break;
            }
    for (size_t i = first; i < argv->n && o + 1 < outlen; i++) {
        int n = snprintf(out + o, outlen - o, "%s%s", i > first ? " " : "", argv->v[i]);
        if (n < 0)
            break;
        o += (size_t)n;
    }
}

int xv_smoke_exec(xv_smoke_session *s, const xv_smoke_env *env, const xv_smoke_job *job,
                  xv_proc_result *res, char *cmdline, size_t cmdlen, char *why, size_t whylen)
{
    xv_vec argv = {0}, envp = {0};
    xv_proc_spec spec;
    xv_smoke_scratch sc;
    memset(&sc, 0, sizeof sc);
    sc.seccomp_fd = -1;
    int rc;
    memset(res, 0, sizeof *res);
    /* Runners change directory: the package path must be absolute. */
    char absdir[PATH_MAX];
    xv_smoke_job j = *job;
    if (!realpath(job->pkgdir, absdir)) {
        snprintf(why, whylen, "package folder %s: %s", job->pkgdir, strerror(errno));
        return -1;
    }
    j.pkgdir = absdir;
    job = &j;
    memset(&spec, 0, sizeof spec);
    spec.timeout = job->timeout > 0 ? job->timeout : 30;
    spec.max_output = XV_PROC_DEFAULT_CAP;
    spec.stdin_data = job->stdin_data;
    spec.stdin_len = job->stdin_data ? strlen(job->stdin_data) : 0;
    const xv_runner *runner = xv_runner_of(env);
    if (runner) {
        rc = runner->build(s, env, job, &argv, &envp, &spec, &sc, why, whylen);
    } else {
        snprintf(why, whylen, "unknown runner");
        rc = -1;
    }
    if (rc == 0 && (argv.overflow || envp.overflow)) {
        snprintf(why, whylen, "command line too long");
        rc = -1;
    }
    if (rc == 0) {
        spec.argv = (const char *const *)argv.v;
        spec.env = (const char *const *)envp.v;
        describe(&argv, cmdline, cmdlen);
        rc = xv_proc_run(&spec, res);
        if (rc != 0)
            snprintf(why, whylen, "%s failed: %s", res->exec_step ? res->exec_step : "run",
                     strerror(res->exec_errno));
        if (runner->stopped && (res->timed_out || res->interrupted))
            runner->stopped(s, env, &argv);
    }
    if (sc.seccomp_fd >= 0)
        close(sc.seccomp_fd);
    xv_smoke_rmtree(sc.tmpdir);
    free(sc.tmpdir);
    free(sc.cwd);
    free(sc.binds);
    xv_vec_free(&sc.paths);
    xv_vec_free(&argv);
    xv_vec_free(&envp);
    return rc;
}

typedef struct pool_state {
    pthread_mutex_t mu;
    size_t next, n;
    void (*fn)(void *, size_t);
    void *ud;
} pool_state;

static void *pool_worker(void *arg)
{
    pool_state *ps = arg;
    for (;;) {
        pthread_mutex_lock(&ps->mu);
        size_t i = ps->next < ps->n ? ps->next++ : ps->n;
        pthread_mutex_unlock(&ps->mu);
        if (i >= ps->n)
            return NULL;
        ps->fn(ps->ud, i);
    }
}

void xv_smoke_pool(size_t n, int jobs, void (*fn)(void *ud, size_t i), void *ud)
{
    if (jobs <= 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = c > 0 ? (int)c : 1;
    }
    if (jobs > 16)
        jobs = 16;
    if ((size_t)jobs > n)
        jobs = (int)n;
    pool_state ps = {.next = 0, .n = n, .fn = fn, .ud = ud};
    pthread_mutex_init(&ps.mu, NULL);
    pthread_t th[16];
    int started = 0;
    for (int t = 1; t < jobs; t++)
        if (pthread_create(&th[started], NULL, pool_worker, &ps) == 0)
            started++;
    pool_worker(&ps); /* the caller works too, so n > 0 always progresses */
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    pthread_mutex_destroy(&ps.mu);
}
