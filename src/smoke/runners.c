/* The runner table: one entry per runner, indexed by xv_runner_kind. A new
 * runner is one file with its build function and one line here (and its
 * name in xv_smoke_env_resolve). */
#include "smoke/runner.h"

#include <string.h>

/* podman/docker: the engine's client dying does not stop the container
 * (conmon keeps it): remove it by the name the command gave it. */
static void oci_stopped(xv_smoke_session *s, const xv_smoke_env *env, const xv_vec *argv)
{
    for (size_t i = 0; i < argv->n; i++)
        if (!strncmp(argv->v[i], "--name=", 7))
            xv_runner_oci_cleanup(s, env, argv->v[i] + 7);
}

const xv_runner xv_runners[] = {
    [XV_RUNNER_NATIVE] = {XV_RUNNER_NATIVE, "native", 1, xv_runner_native_build, NULL},
    [XV_RUNNER_QEMU] = {XV_RUNNER_QEMU, "qemu", 1, xv_runner_native_build, NULL},
    [XV_RUNNER_ROOTFS] = {XV_RUNNER_ROOTFS, "rootfs", 1, xv_runner_rootfs_build, NULL},
    [XV_RUNNER_OCI] = {XV_RUNNER_OCI, "oci", 0, xv_runner_oci_build, oci_stopped},
    [XV_RUNNER_WINE] = {XV_RUNNER_WINE, "wine", 1, xv_runner_wine_build, NULL},
};

const xv_runner *xv_runner_of(const xv_smoke_env *env)
{
    size_t n = sizeof xv_runners / sizeof xv_runners[0];
    return (size_t)env->kind < n && xv_runners[env->kind].build ? &xv_runners[env->kind] : NULL;
}

const char *xv_runner_name(const xv_smoke_env *env)
{
    const xv_runner *r = xv_runner_of(env);
    if (!r)
        return "unknown";
    return env->kind == XV_RUNNER_ROOTFS && env->chroot ? "chroot" : r->name;
}
