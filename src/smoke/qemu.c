/* The qemu runner: a Linux ELF of another arch under `qemu-<arch> -L SYSROOT`
 * (binfmt_misc is not assumed: qemu is called explicitly). SYSROOT is a
 * cross libc folder (/usr/aarch64-linux-gnu) or a cached foreign rootfs.
 * Isolation is that of the native runner (proc.c: process group, network
 * namespace, read-only package); the emulated program sees the host's
 * filesystem wherever SYSROOT has no such path. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation" /* paths are cut in messages only */
#endif

#include "smoke/runner.h"

#include <stdio.h>
#include <string.h>

void xv_runner_qemu_prefix(const xv_smoke_env *env, xv_vec *argv)
{
    xv_vec_add(argv, env->qemu);
    xv_vec_add(argv, "-L");
    xv_vec_add(argv, env->sysroot);
}

void xv_runner_qemu_loader(const xv_smoke_env *env, const char *loader, char *buf, size_t buflen)
{
    if (!strcmp(env->sysroot, "/"))
        snprintf(buf, buflen, "%s", loader);
    else
        snprintf(buf, buflen, "%s%s", env->sysroot, loader);
}
