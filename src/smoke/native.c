/* The native runner (host OS and arch) and the command line shared with
 * qemu: the sandbox (sandbox.c) over the host's /usr, /etc, /lib* read-only,
 * a private tmpfs /tmp as HOME, TMPDIR and default working dir, the package
 * read-only at its own path. Unconfined (no bubblewrap and "isolation":
 * "relaxed"): proc.c's process group, network namespace and read-only
 * package only, a private temp dir as HOME. The host's libraries are used:
 * this says the binary runs *here*, the rootfs runner says it runs on a
 * given distro. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation" /* paths are cut in messages only */
#endif

#include "smoke/runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Splits "<pkg>/<member>" into the file and its folder. */
int xv_runner_native_build(xv_smoke_session *s, const xv_smoke_env *env, const xv_smoke_job *job,
                           xv_vec *argv, xv_vec *envp, xv_proc_spec *spec, xv_smoke_scratch *sc,
                           char *why, size_t whylen)
{
    char file[4096], dir[4096];
    xv_smoke_job_paths(job->pkgdir, job, file, sizeof file, dir, sizeof dir);
    int qemu = env->kind == XV_RUNNER_QEMU;
    const char *home = "/tmp";
    if (env->unconfined) {
        sc->tmpdir = xv_smoke_mktemp(s, "run");
        if (!sc->tmpdir) {
            snprintf(why, whylen, "cannot create a private temp dir");
            return -1;
        }
        home = sc->tmpdir;
    } else {
        if (xv_smoke_expand_cwd(job, file, dir, job->pkgdir, sc, why, whylen) ||
            xv_sandbox_begin(argv, spec, sc, why, whylen))
            return -1;
        xv_sandbox_host_tree(qemu ? env->sysroot : NULL, argv);
        xv_sandbox_private(argv, job->pkgdir, NULL);
        xv_sandbox_finish(argv, sc->cwd ? sc->cwd : home);
    }
    if (!job->argv) {
        const char *ld = xv_smoke_job_loader(job, why, whylen);
        if (!ld)
            return -1;
        char path[4400];
        if (qemu) {
            xv_runner_qemu_prefix(env, argv);
            xv_runner_qemu_loader(env, ld, path, sizeof path);
        } else {
            snprintf(path, sizeof path, "%s", ld);
        }
        xv_vec_add(argv, path);
        if (xv_smoke_add_libdirs(job, job->pkgdir, argv, why, whylen) != 0)
            return -1;
        xv_vec_add(argv, "--list");
        xv_vec_add(argv, file);
    } else {
        for (size_t i = 0; i < job->nargv; i++) {
            char *a = xv_smoke_expand(job->argv[i], file, dir, job->pkgdir);
            if (!a) {
                snprintf(why, whylen, "out of memory");
                return -1;
            }
            /* Emulate the artifact itself; a helper (sh -c ...) runs on the host. */
            if (i == 0 && qemu && !strcmp(a, file))
                xv_runner_qemu_prefix(env, argv);
            xv_vec_add(argv, a);
            free(a);
        }
    }
    const char *path = getenv("PATH");
    xv_vec_addf(envp, "PATH=%s", path ? path : "/usr/local/bin:/usr/bin:/bin");
    xv_vec_add(envp, "LANG=C");
    xv_vec_addf(envp, "HOME=%s", home);
    xv_vec_addf(envp, "TMPDIR=%s", home);
    if (!env->unconfined) {
        for (size_t i = 0; i < job->nenv; i++)
            xv_vec_addf(envp, "%s=%s", job->env[i].key, job->env[i].value);
        return 0;
    }
    return xv_smoke_host_finish(job, file, dir, envp, spec, sc, why, whylen);
}
