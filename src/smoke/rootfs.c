/* The rootfs runner: a cached distro tree of the host arch entered through
 * the sandbox (sandbox.c). The tree is never written: each of its top-level
 * folders is bound read-only onto a fresh tmpfs root (symlinks such as
 * /lib -> usr/lib recreated), the root itself read-only, and the program
 * holds no capability and may not call mount() (seccomp), so it cannot
 * remount any of them. The package is bound read-only at /xv/pkg, /tmp is
 * a private tmpfs, /proc and /dev are fresh.
 *
 * Without bubblewrap, as root, and only under "isolation": "relaxed" (the
 * default "strict" skips instead): the unshare+chroot fallback, which is
 * no sandbox against a hostile program (it keeps root's capabilities). A fresh root is
 * made in the session's temp dir (empty mount points, the tree's top-level
 * symlinks); in the child's private mount namespace each top-level folder of
 * the tree is bound read-only on it, the package read-only at /xv/pkg, a
 * tmpfs on /tmp, the host's /dev and a new /proc, then chroot. Network, IPC
 * and UTS are unshared; there is no PID namespace (a setsid() child can
 * survive, as with the native runner) and the host's /dev is visible. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation" /* paths are cut in messages only */
#endif

#include "smoke/runner.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ROOTFS_PKG "/xv/pkg"

static void add_bind(xv_smoke_scratch *sc, xv_bind_kind kind, const char *src, const char *dst)
{
    if (sc->nbinds >= 200)
        return;
    xv_proc_bind *b = &sc->binds[sc->nbinds++];
    b->kind = kind;
    b->src = NULL;
    if (src) {
        xv_vec_add(&sc->paths, src);
        b->src = sc->paths.n ? sc->paths.v[sc->paths.n - 1] : NULL;
    }
    xv_vec_add(&sc->paths, dst);
    b->dst = sc->paths.n ? sc->paths.v[sc->paths.n - 1] : NULL;
}

/* Prepares the new root for the chroot fallback in sc->tmpdir. */
static int chroot_plan(xv_smoke_session *s, const xv_smoke_env *env, const xv_smoke_job *job,
                       xv_smoke_scratch *sc, char *why, size_t whylen)
{
    sc->tmpdir = xv_smoke_mktemp(s, "chroot");
    sc->binds = calloc(200, sizeof *sc->binds);
    if (!sc->tmpdir || !sc->binds) {
        snprintf(why, whylen, "cannot prepare the chroot folder");
        return -1;
    }
    const char *nr = sc->tmpdir;
    DIR *d = opendir(env->sysroot);
    if (!d) {
        snprintf(why, whylen, "cannot open root filesystem %s", env->sysroot);
        return -1;
    }
    struct dirent *e;
    char p[4400], dst[4400];
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (!strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, "proc") || !strcmp(n, "dev") ||
            !strcmp(n, "tmp") || !strcmp(n, "sys") || !strcmp(n, "xv"))
            continue;
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", env->sysroot, n);
        snprintf(dst, sizeof dst, "%s/%s", nr, n);
        if (lstat(p, &st) != 0)
            continue;
        if (S_ISLNK(st.st_mode)) {
            char target[PATH_MAX];
            ssize_t k = readlink(p, target, sizeof target - 1);
            if (k > 0) {
                target[k] = '\0';
                if (symlink(target, dst) != 0) {
                    snprintf(why, whylen, "cannot create %s", dst);
                    closedir(d);
                    return -1;
                }
            }
        } else if (S_ISDIR(st.st_mode)) {
            if (mkdir(dst, 0755) != 0) {
                snprintf(why, whylen, "cannot create %s", dst);
                closedir(d);
                return -1;
            }
            add_bind(sc, XV_BIND_RO, p, dst);
        }
    }
    closedir(d);
    static const char *const dirs[] = {"tmp", "dev", "proc", "xv", "xv/pkg"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(dst, sizeof dst, "%s/%s", nr, dirs[i]);
        if (mkdir(dst, 0755) != 0) {
            snprintf(why, whylen, "cannot create %s", dst);
            return -1;
        }
    }
    snprintf(dst, sizeof dst, "%s/tmp", nr);
    add_bind(sc, XV_BIND_TMPFS, NULL, dst);
    snprintf(dst, sizeof dst, "%s/dev", nr);
    add_bind(sc, XV_BIND_DEV, "/dev", dst);
    snprintf(dst, sizeof dst, "%s/proc", nr);
    add_bind(sc, XV_BIND_PROC, NULL, dst);
    snprintf(dst, sizeof dst, "%s" ROOTFS_PKG, nr);
    add_bind(sc, XV_BIND_RO, job->pkgdir, dst);
    if (sc->paths.overflow || sc->nbinds >= 200) {
        snprintf(why, whylen, "root filesystem has too many top-level entries");
        return -1;
    }
    return 0;
}

int xv_runner_rootfs_build(xv_smoke_session *s, const xv_smoke_env *env, const xv_smoke_job *job,
                           xv_vec *argv, xv_vec *envp, xv_proc_spec *spec, xv_smoke_scratch *sc,
                           char *why, size_t whylen)
{
    char file[4096], dir[4096];
    xv_smoke_job_paths(ROOTFS_PKG, job, file, sizeof file, dir, sizeof dir);

    if (env->chroot) {
        if (chroot_plan(s, env, job, sc, why, whylen))
            return -1;
        spec->chroot_dir = sc->tmpdir;
        spec->lookup_root = env->sysroot;
        spec->binds = sc->binds;
        spec->nbinds = sc->nbinds;
        spec->no_network = 1;
        xv_vec_add(envp, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        xv_vec_add(envp, "LANG=C");
        xv_vec_add(envp, "HOME=/tmp");
        for (size_t i = 0; i < job->nenv; i++)
            xv_vec_addf(envp, "%s=%s", job->env[i].key, job->env[i].value);
    } else {
        if (xv_sandbox_begin(argv, spec, sc, why, whylen) ||
            xv_sandbox_distro_tree(env->sysroot, argv, why, whylen))
            return -1;
        xv_vec_add(argv, "--dir");
        xv_vec_add(argv, "/xv");
        xv_sandbox_private(argv, job->pkgdir, ROOTFS_PKG);
        xv_vec_add(argv, "--clearenv");
        xv_vec_add(argv, "--setenv");
        xv_vec_add(argv, "PATH");
        xv_vec_add(argv, "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        xv_vec_add(argv, "--setenv");
        xv_vec_add(argv, "LANG");
        xv_vec_add(argv, "C");
        xv_vec_add(argv, "--setenv");
        xv_vec_add(argv, "HOME");
        xv_vec_add(argv, "/tmp");
        for (size_t i = 0; i < job->nenv; i++) {
            xv_vec_add(argv, "--setenv");
            xv_vec_add(argv, job->env[i].key);
            xv_vec_add(argv, job->env[i].value);
        }
    }
    if (xv_smoke_expand_cwd(job, file, dir, ROOTFS_PKG, sc, why, whylen))
        return -1;
    if (!env->chroot) {
        xv_sandbox_finish(argv, sc->cwd ? sc->cwd : "/tmp");
    } else {
        spec->cwd = sc->cwd ? sc->cwd : "/tmp";
    }
    if (xv_smoke_add_command(job, file, dir, ROOTFS_PKG, argv, why, whylen))
        return -1;
    if (!env->chroot) {
        /* bwrap's own environment: PATH to find it; the sandbox gets --setenv
         * only. bwrap makes its own namespaces: the spec adds nothing. */
        const char *path = getenv("PATH");
        xv_vec_addf(envp, "PATH=%s", path ? path : "/usr/bin:/bin");
    }
    return 0;
}
