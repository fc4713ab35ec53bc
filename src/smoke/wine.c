/* The wine runner: a Windows PE under Wine with the session's private
 * WINEPREFIX (created once per xverify invocation by `wineboot --init`,
 * reused by every run, removed at the end after `wineserver -k`).
 * WINEDEBUG=-all,err+module keeps only the loader's errors, so a missing DLL
 * prints its name ("err:module:import_dll Library x.dll ... not found").
 * Isolation: the sandbox (sandbox.c) with the prefix bound writable; Wine
 * maps the sandbox's root as drive Z:, so Z:\tmp is the private tmpfs and
 * the host's /usr and /etc are readable, not writable. wineserver runs in
 * the sandbox's PID namespace and ends with it. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation" /* paths are cut in messages only */
#endif

#include "smoke/runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xv_runner_wine_sandbox(const char *prefix, const char *pkgdir, const char *cwd,
                            xv_vec *argv)
{
    xv_sandbox_host_tree(NULL, argv);
    xv_sandbox_private(argv, pkgdir ? pkgdir : prefix, NULL);
    /* The session's prefix is the one writable folder besides /tmp. */
    xv_vec_add(argv, "--bind");
    xv_vec_add(argv, prefix);
    xv_vec_add(argv, prefix);
    xv_sandbox_finish(argv, cwd);
}

int xv_runner_wine_build(xv_smoke_session *s, const xv_smoke_env *env, const xv_smoke_job *job,
                         xv_vec *argv, xv_vec *envp, xv_proc_spec *spec, xv_smoke_scratch *sc,
                         char *why, size_t whylen)
{
    char file[4096], dir[4096];
    xv_smoke_job_paths(job->pkgdir, job, file, sizeof file, dir, sizeof dir);
    const char *prefix = xv_smoke_wine_prefix(s, why, whylen);
    if (!prefix)
        return -1;
    const char *home = "/tmp";
    if (env->unconfined) {
        sc->tmpdir = xv_smoke_mktemp(s, "wine");
        if (!sc->tmpdir) {
            snprintf(why, whylen, "cannot create a private temp dir");
            return -1;
        }
        home = sc->tmpdir;
    } else {
        if (xv_smoke_expand_cwd(job, file, dir, job->pkgdir, sc, why, whylen) ||
            xv_sandbox_begin(argv, spec, sc, why, whylen))
            return -1;
        xv_runner_wine_sandbox(prefix, job->pkgdir, sc->cwd ? sc->cwd : home, argv);
    }
    xv_vec_add(argv, "wine");
    if (!job->argv) {
        /* "Loading" a PE means running it: Wine has no list-only mode. */
        xv_vec_add(argv, file);
    } else {
        if (xv_smoke_add_job_argv(job, file, dir, job->pkgdir, argv, why, whylen))
            return -1;
    }
    const char *path = getenv("PATH");
    xv_vec_addf(envp, "PATH=%s", path ? path : "/usr/local/bin:/usr/bin:/bin");
    xv_vec_addf(envp, "WINEPREFIX=%s", prefix);
    xv_vec_addf(envp, "HOME=%s", home);
    /* Wine's server folder (/tmp/.wine-UID) and its temp files follow TMPDIR
     * into the private folder, not the host's /tmp. */
    const char *wtmp = env->unconfined ? xv_smoke_wine_tmp(s) : NULL;
    xv_vec_addf(envp, "TMPDIR=%s", wtmp ? wtmp : home);
    xv_vec_add(envp, "WINEDEBUG=-all,err+module");
    xv_vec_add(envp, "WINEDLLOVERRIDES=mscoree,mshtml=");
    xv_vec_add(envp, "LANG=C");
    if (!env->unconfined) {
        for (size_t i = 0; i < job->nenv; i++)
            xv_vec_addf(envp, "%s=%s", job->env[i].key, job->env[i].value);
        return 0;
    }
    return xv_smoke_host_finish(job, file, dir, envp, spec, sc, why, whylen);
}
