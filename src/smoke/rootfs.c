/* The rootfs runner: a cached distro tree of the host arch entered with
 * bubblewrap. The tree is never written: each of its top-level folders is
 * bound read-only onto a fresh tmpfs root (symlinks such as /lib -> usr/lib
 * recreated), so /xv/pkg can be added without touching the tree. The package
 * is bound read-only at /xv/pkg, /tmp is a private tmpfs, /proc and /dev are
 * fresh, and every namespace is unshared (network, PID, IPC, UTS, user where
 * needed): when bwrap dies (timeout kill of the group) the PID namespace and
 * everything in it go too (--die-with-parent). */
#pragma GCC diagnostic ignored "-Wformat-truncation" /* paths are cut in messages only */

#include "smoke/runner.h"

#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ROOTFS_PKG "/xv/pkg"

static int bind_tree(const char *root, xv_vec *argv, char *why, size_t whylen)
{
    DIR *d = opendir(root);
    if (!d) {
        snprintf(why, whylen, "cannot open root filesystem %s", root);
        return -1;
    }
    struct dirent *e;
    size_t count = 0;
    while ((e = readdir(d)) != NULL && count < 200) {
        const char *n = e->d_name;
        if (!strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, "proc") || !strcmp(n, "dev") ||
            !strcmp(n, "tmp") || !strcmp(n, "sys") || !strcmp(n, "xv"))
            continue;
        char p[4400];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", root, n);
        if (lstat(p, &st) != 0)
            continue;
        count++;
        if (S_ISLNK(st.st_mode)) {
            char target[PATH_MAX];
            ssize_t k = readlink(p, target, sizeof target - 1);
            if (k <= 0)
                continue;
            target[k] = '\0';
            xv_vec_add(argv, "--symlink");
            xv_vec_add(argv, target);
            xv_vec_addf(argv, "/%s", n);
        } else if (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)) {
            xv_vec_add(argv, "--ro-bind");
            xv_vec_add(argv, p);
            xv_vec_addf(argv, "/%s", n);
        }
    }
    closedir(d);
    return 0;
}

int xv_runner_rootfs_build(xv_smoke_session *s, const xv_smoke_env *env, const xv_smoke_job *job,
                           xv_vec *argv, xv_vec *envp, xv_proc_spec *spec, xv_smoke_scratch *sc,
                           char *why, size_t whylen)
{
    (void)s;
    char file[4096], dir[4096], tmp[4096];
    snprintf(file, sizeof file, ROOTFS_PKG "/%s", job->member);
    snprintf(tmp, sizeof tmp, "%s", file);
    snprintf(dir, sizeof dir, "%s", dirname(tmp));

    xv_vec_add(argv, "bwrap");
    xv_vec_add(argv, "--unshare-all");
    xv_vec_add(argv, "--die-with-parent");
    if (bind_tree(env->sysroot, argv, why, whylen))
        return -1;
    xv_vec_add(argv, "--proc");
    xv_vec_add(argv, "/proc");
    xv_vec_add(argv, "--dev");
    xv_vec_add(argv, "/dev");
    xv_vec_add(argv, "--tmpfs");
    xv_vec_add(argv, "/tmp");
    xv_vec_add(argv, "--dir");
    xv_vec_add(argv, "/xv");
    xv_vec_add(argv, "--ro-bind");
    xv_vec_add(argv, job->pkgdir);
    xv_vec_add(argv, ROOTFS_PKG);
    /* The new root (bwrap's tmpfs holding the mount points) read-only too. */
    xv_vec_add(argv, "--remount-ro");
    xv_vec_add(argv, "/");
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
    if (job->cwd) {
        sc->cwd = xv_smoke_expand(job->cwd, file, dir, ROOTFS_PKG);
        if (!sc->cwd) {
            snprintf(why, whylen, "out of memory");
            return -1;
        }
    }
    xv_vec_add(argv, "--chdir");
    xv_vec_add(argv, sc->cwd ? sc->cwd : "/tmp");
    xv_vec_add(argv, "--");
    if (!job->argv) {
        const char *ld = job->interp ? job->interp : xv_smoke_default_loader(job->arch);
        if (!ld) {
            snprintf(why, whylen, "no dynamic loader known for %s", job->arch ? job->arch : "?");
            return -1;
        }
        xv_vec_add(argv, ld);
        xv_vec_add(argv, "--list");
        xv_vec_add(argv, file);
    } else {
        for (size_t i = 0; i < job->nargv; i++) {
            char *a = xv_smoke_expand(job->argv[i], file, dir, ROOTFS_PKG);
            if (!a) {
                snprintf(why, whylen, "out of memory");
                return -1;
            }
            xv_vec_add(argv, a);
            free(a);
        }
    }
    /* bwrap's own environment: PATH to find it; the sandbox gets --setenv only. */
    const char *path = getenv("PATH");
    xv_vec_addf(envp, "PATH=%s", path ? path : "/usr/bin:/bin");
    /* bwrap runs in its own namespaces already; the spec adds nothing. */
    spec->no_network = 0;
    return 0;
}
