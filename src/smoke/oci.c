/* The oci runner: `podman run` (or docker) with --network=none, the package
 * mounted read-only at /xv/pkg, --rm, a unique --name so a run that timed
 * out can be removed (the engine's client dies with the process group, the
 * container may not). For podman the session writes a containers.conf (runc,
 * nofile/nproc ulimits) and points CONTAINERS_CONF at it. An image name that
 * is a cached root filesystem ("oci:debian:bookworm") is imported once from
 * a tarball of that tree ("xverify-rootfs/<id>"); other names must exist
 * locally (no pulls). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation" /* paths are cut in messages only */
#endif

#include "smoke/runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xverify/rootfs.h"

#define OCI_PKG "/xv/pkg"

extern char **environ;

static void engine_env(xv_smoke_session *s, const xv_smoke_env *env, xv_vec *envp)
{
    for (size_t i = 0; environ[i] && envp->n < XV_VEC_MAX - 2; i++)
        if (strncmp(environ[i], "CONTAINERS_CONF=", 16) != 0)
            xv_vec_add(envp, environ[i]);
    if (!strcmp(env->engine, "podman")) {
        const char *conf = xv_smoke_containers_conf(s);
        if (conf)
            xv_vec_addf(envp, "CONTAINERS_CONF=%s", conf);
    }
}

static int engine_run(xv_smoke_session *s, const xv_smoke_env *env, const char *const *args,
                      double timeout, int cleanup, xv_proc_result *r)
{
    xv_vec argv = {0}, envp = {0};
    xv_vec_add(&argv, env->engine);
    for (size_t i = 0; args[i]; i++)
        xv_vec_add(&argv, args[i]);
    engine_env(s, env, &envp);
    xv_proc_spec spec = {.argv = (const char *const *)argv.v,
                         .env = (const char *const *)envp.v, .timeout = timeout,
                         .cleanup = cleanup};
    int rc = xv_proc_run(&spec, r);
    xv_vec_free(&argv);
    xv_vec_free(&envp);
    return rc;
}

static int image_exists(xv_smoke_session *s, const xv_smoke_env *env, const char *image)
{
    xv_proc_result r;
    const char *a1[] = {"image", "exists", image, NULL};
    const char *a2[] = {"image", "inspect", image, NULL};
    int rc = engine_run(s, env, !strcmp(env->engine, "podman") ? a1 : a2, 60, 0, &r);
    int ok = rc == 0 && r.exited && r.exit_code == 0;
    xv_proc_result_free(&r);
    return ok;
}

/* Called with the session's OCI lock held (xv_smoke_env_resolve). */
int xv_smoke_oci_prepare(xv_smoke_session *s, xv_smoke_env *env, const char *ref,
                         char *why, size_t whylen)
{
    xv_rootfs_info info;
    if (!xv_rootfs_find(xv_smoke_session_cache(s), ref, NULL, &info)) {
        snprintf(env->image, sizeof env->image, "%s", ref);
        if (xv_smoke_oci_known(s, env->image) || image_exists(s, env, ref))
            return 0;
        snprintf(why, whylen, "image %s is not present in %s and is not a cached root "
                              "filesystem (xverify rootfs add %s, or %s pull/import it)",
                 ref, env->engine, ref, env->engine);
        return -1;
    }
    snprintf(env->image, sizeof env->image, "localhost/xverify-rootfs/%s:latest", info.id);
    if (xv_smoke_oci_known(s, env->image) || image_exists(s, env, env->image))
        return 0;
    /* Import once: tar the tree (numeric owners kept), then `import`. */
    char *dir = xv_smoke_mktemp(s, "oci-import");
    if (!dir) {
        snprintf(why, whylen, "cannot create a temp dir for the image import");
        return -1;
    }
    char tar[4400];
    snprintf(tar, sizeof tar, "%s/rootfs.tar", dir);
    const char *targv[] = {"tar", "--numeric-owner", "-C", info.root, "-cf", tar, ".", NULL};
    xv_proc_spec ts = {.argv = targv, .timeout = 600};
    xv_proc_result r;
    int ok = xv_proc_run(&ts, &r) == 0 && r.exited && r.exit_code == 0;
    if (!ok)
        snprintf(why, whylen, "tar of %s failed: %.300s", info.root, r.err ? r.err : "");
    xv_proc_result_free(&r);
    if (ok) {
        const char *iargv[] = {"import", tar, env->image, NULL};
        ok = engine_run(s, env, iargv, 600, 0, &r) == 0 && r.exited && r.exit_code == 0;
        if (!ok)
            snprintf(why, whylen, "%s import of %s failed: %.300s", env->engine, info.id,
                     r.err ? r.err : "");
        xv_proc_result_free(&r);
    }
    xv_smoke_rmtree(dir);
    free(dir);
    return ok ? 0 : -1;
}

void xv_runner_oci_cleanup(xv_smoke_session *s, const xv_smoke_env *env, const char *container)
{
    const char *args[] = {"rm", "-f", container, NULL};
    xv_proc_result r;
    engine_run(s, env, args, 60, 1, &r);
    xv_proc_result_free(&r);
}

int xv_runner_oci_build(xv_smoke_session *s, const xv_smoke_env *env, const xv_smoke_job *job,
                        xv_vec *argv, xv_vec *envp, xv_proc_spec *spec, xv_smoke_scratch *sc,
                        char *why, size_t whylen)
{
    char file[4096], dir[4096];
    xv_smoke_job_paths(OCI_PKG, job, file, sizeof file, dir, sizeof dir);
    xv_vec_add(argv, env->engine);
    xv_vec_add(argv, "run");
    xv_vec_add(argv, "--rm");
    xv_vec_add(argv, "--network=none");
    /* No capability, no setuid gain, a read-only root (podman mounts a
     * private tmpfs on /tmp with --read-only). */
    xv_vec_add(argv, "--cap-drop=ALL");
    xv_vec_add(argv, "--security-opt=no-new-privileges");
    xv_vec_add(argv, "--read-only");
    xv_vec_add(argv, "--pull=never");
    xv_vec_addf(argv, "--name=xverify-%ld-%u", (long)getpid(), xv_smoke_session_seq(s));
    xv_vec_addf(argv, "--volume=%s:" OCI_PKG ":ro", job->pkgdir);
    xv_vec_add(argv, "--env=LANG=C");
    xv_vec_add(argv, "--env=HOME=/tmp");
    for (size_t i = 0; i < job->nenv; i++)
        xv_vec_addf(argv, "--env=%s=%s", job->env[i].key, job->env[i].value);
    if (xv_smoke_expand_cwd(job, file, dir, OCI_PKG, sc, why, whylen))
        return -1;
    xv_vec_addf(argv, "--workdir=%s", sc->cwd ? sc->cwd : "/tmp");
    if (job->stdin_data)
        xv_vec_add(argv, "--interactive");
    xv_vec_add(argv, env->image);
    if (xv_smoke_add_command(job, file, dir, OCI_PKG, argv, why, whylen))
        return -1;
    engine_env(s, env, envp);
    spec->no_network = 0; /* the engine does it (--network=none) */
    return 0;
}
