/* Private: the smoke runners (native.c, qemu.c, rootfs.c, oci.c, wine.c) and
 * the session they share for one xverify invocation (session.c).
 *
 * An environment name from the matrix or --distros is resolved for one
 * target binary (its arch and OS) into an xv_smoke_env, or refused with the
 * reason and what to install (a skip, never a silent pass). A job (one
 * command, or the loader check when argv is NULL) then runs through
 * xv_smoke_exec(), which builds the runner's command line and calls
 * xv_proc_run(). Placeholders in argv/cwd: {file} the artifact as the
 * environment sees it, {dir} its folder, {pkg} the package root. */
#ifndef XV_SMOKE_RUNNER_H
#define XV_SMOKE_RUNNER_H

#include <stddef.h>
#include "xverify/binary.h"
#include "smoke/proc.h"
#include "smoke/smoke.h"

typedef enum xv_runner_kind {
    XV_RUNNER_NATIVE = 0,
    XV_RUNNER_QEMU,            /* qemu-<arch> -L sysroot (cross libc dir or a foreign rootfs) */
    XV_RUNNER_ROOTFS,          /* bubblewrap into a cached tree of the host arch */
    XV_RUNNER_OCI,             /* podman/docker run --network=none */
    XV_RUNNER_WINE
} xv_runner_kind;

/* A growable argv/env vector with a fixed cap; strings are copied. */
#define XV_VEC_MAX 512
typedef struct xv_vec {
    char *v[XV_VEC_MAX + 1];
    size_t n;
    int overflow;
} xv_vec;
void xv_vec_add(xv_vec *v, const char *s);
void xv_vec_addf(xv_vec *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void xv_vec_free(xv_vec *v);

typedef struct xv_smoke_session xv_smoke_session;

/* cache_dir: rootfs cache (NULL = default); tmp_parent: where private temp
 * dirs go (NULL = $TMPDIR or /tmp). NULL on OOM. */
xv_smoke_session *xv_smoke_session_new(const char *cache_dir, const char *tmp_parent);
/* strict (the default): a runner that cannot sandbox is a skip; 0: it runs
 * unconfined and says so. */
void xv_smoke_session_set_strict(xv_smoke_session *s, int strict);
/* Stops wineserver of the session prefix, removes the prefix and temp dirs. */
void xv_smoke_session_free(xv_smoke_session *s);

typedef struct xv_smoke_env {
    xv_runner_kind kind;
    char name[208];            /* as written ("debian:bookworm", "qemu", "oci:debian:bookworm") */
    char qemu[64];             /* "qemu-aarch64" when the target is emulated, else "" */
    char sysroot[4096];        /* qemu -L dir, or the rootfs tree */
    char image[256];           /* oci image */
    char engine[32];           /* "podman" / "docker" */
    int exit128;               /* the runner reports a child's signal as 128+N */
    int chroot;                /* rootfs runner without bubblewrap: unshare + chroot (root only) */
    int unconfined;            /* no sandbox here ("isolation": "relaxed" without bubblewrap):
                                  said as a result fact */
} xv_smoke_env;

/* Resolves `name` for a binary of `arch` and `os`. 0 on success; -1 when the
 * environment is not available here (why: reason + what to install). */
int xv_smoke_env_resolve(xv_smoke_session *s, const char *name, const char *arch, xv_os os,
                         xv_smoke_env *env, char *why, size_t whylen);

typedef struct xv_smoke_job {
    const char *pkgdir;        /* the extracted package on the host */
    const char *member;        /* the artifact, relative to pkgdir */
    const char *interp;        /* its PT_INTERP or NULL (loader check) */
    const char *arch;          /* its arch ("x86_64", "aarch64") */
    const char *const *argv;   /* command with placeholders; NULL = loader check */
    size_t nargv;
    const xv_smoke_kv *env;
    size_t nenv;
    const char *stdin_data;
    const char *cwd;           /* NULL: a private temp dir (/tmp in a sandbox) */
    double timeout;            /* seconds; <= 0: 30 */
    const char *const *libdirs;/* a system package (.deb, .rpm): the folders,
                                  relative to the package, that its loader
                                  searches once installed at '/'; a loader
                                  check passes them as --library-path */
    size_t nlibdirs;
} xv_smoke_job;

/* Runs a job. 0 with the outcome in *res; -1 when the runner could not be
 * set up (message in why; res still freed by the caller). `cmdline` receives
 * the command as run (for reports). */
int xv_smoke_exec(xv_smoke_session *s, const xv_smoke_env *env, const xv_smoke_job *job,
                  xv_proc_result *res, char *cmdline, size_t cmdlen, char *why, size_t whylen);

/* --- shared by the runner files (session.c) --- */



/* Expands {file} {dir} {pkg} in s (file/dir/pkg as the environment sees them). */
char *xv_smoke_expand(const char *s, const char *file, const char *dir, const char *pkg);
/* The artifact as a runner sees it (root + "/" + job->member) and its folder. */
void xv_smoke_job_paths(const char *root, const xv_smoke_job *job, char *file, size_t flen,
                        char *dir, size_t dlen);
/* Loader path for an arch in a Debian-layout tree ("/lib64/ld-linux-x86-64.so.2"). */
const char *xv_smoke_default_loader(const char *arch);
/* The loader a loader check runs: job->interp, else the default for job->arch;
 * NULL with the reason in why when none is known. */
const char *xv_smoke_job_loader(const xv_smoke_job *job, char *why, size_t whylen);
/* Appends job->argv with placeholders expanded. -1 (why set) on OOM. */
int xv_smoke_add_job_argv(const xv_smoke_job *job, const char *file, const char *dir,
                          const char *pkg, xv_vec *argv, char *why, size_t whylen);
/* Appends "--library-path <pkg>/<d1>:<pkg>/<d2>..." for a job with libdirs
 * (pkg: the package as the environment sees it). -1 (why set) on OOM. */
int xv_smoke_add_libdirs(const xv_smoke_job *job, const char *pkg, xv_vec *argv, char *why,
                         size_t whylen);
/* The command inside a sandbox: "<loader> --list <file>" for a loader check,
 * else the job's argv expanded. -1 (why set) on failure. */
int xv_smoke_add_command(const xv_smoke_job *job, const char *file, const char *dir,
                         const char *pkg, xv_vec *argv, char *why, size_t whylen);
/* "qemu-aarch64" for "aarch64", ... or NULL. */
const char *xv_smoke_qemu_name(const char *arch);
/* True when an executable named `tool` is in PATH (or /usr/sbin). */
int xv_smoke_have(const char *tool);
/* A fresh private dir under the session's temp parent (malloc'd), or NULL. */
char *xv_smoke_mktemp(xv_smoke_session *s, const char *tag);
void xv_smoke_rmtree(const char *dir);
const char *xv_smoke_session_cache(const xv_smoke_session *s);
/* Seconds `wineboot --init` took (0: not booted). Not part of any command's
 * timeout. */
double xv_smoke_wine_boot_seconds(const xv_smoke_session *s);
/* Unconfined Wine's TMPDIR (its wineserver folder), so that the session's
 * `wineserver -k` finds the one server; NULL when Wine runs sandboxed. */
const char *xv_smoke_wine_tmp(const xv_smoke_session *s);
/* The session's Wine prefix, created and booted on first use (thread-safe). */
const char *xv_smoke_wine_prefix(xv_smoke_session *s, char *why, size_t whylen);
/* The session's containers.conf (runc, explicit ulimits), created on first use. */
const char *xv_smoke_containers_conf(xv_smoke_session *s);
/* Ensures the OCI image for env exists (imports a cached rootfs when the
 * name is one); 0 or -1 with why. */
int xv_smoke_oci_prepare(xv_smoke_session *s, xv_smoke_env *env, const char *ref,
                         char *why, size_t whylen);
/* Runs fn(ud, i) for i in [0, n) on up to `jobs` threads (0: CPU count,
 * capped at 16); returns when all are done. */
void xv_smoke_pool(size_t n, int jobs, void (*fn)(void *ud, size_t i), void *ud);
/* OCI images known to exist in this session (checked or imported once):
 * the lock serialises checks and imports; known/remember are called with
 * it held. */
void xv_smoke_oci_lock(xv_smoke_session *s);
void xv_smoke_oci_unlock(xv_smoke_session *s);
int xv_smoke_oci_known(const xv_smoke_session *s, const char *image);
void xv_smoke_oci_remember(xv_smoke_session *s, const char *image);
/* The host's binary arch name ("x86_64", "aarch64"). */
const char *xv_smoke_host_arch(const xv_smoke_session *s);
/* A unique number in the session (container names). */
unsigned xv_smoke_session_seq(xv_smoke_session *s);

/* What a runner allocates for one job; freed (and the temp dir removed) by
 * xv_smoke_exec after the run. */
typedef struct xv_smoke_scratch {
    char *tmpdir;              /* private temp dir, or NULL */
    char *cwd;                 /* expanded working dir, or NULL */
    xv_proc_bind *binds;       /* chroot fallback: mounts (malloc'd) */
    size_t nbinds;
    xv_vec paths;              /* chroot fallback: the strings binds point to */
    int seccomp_fd;            /* the sandbox's filter for this run, or -1 */
} xv_smoke_scratch;

/* --- the sandbox (sandbox.c) --- */

/* 1 when bubblewrap can be used; else 0 with why naming the package. */
int xv_sandbox_available(char *why, size_t whylen);
/* A fresh close-on-exec memfd holding the seccomp BPF, or -1 (why set). */
int xv_sandbox_seccomp_fd(char *why, size_t whylen);
/* "bwrap" and the hardening flags (user namespace, no capabilities, every
 * namespace, --die-with-parent, --new-session, --seccomp FD); sets
 * sc->seccomp_fd and spec->keep_fd. -1 (why set) when the filter fails. */
int xv_sandbox_begin(xv_vec *argv, xv_proc_spec *spec, xv_smoke_scratch *sc, char *why,
                     size_t whylen);
/* The host's /usr /etc /bin /sbin /lib* read-only, and extra_ro (a qemu
 * sysroot) when it is elsewhere. */
void xv_sandbox_host_tree(const char *extra_ro, xv_vec *argv);
/* Every top-level entry of a distro tree read-only (symlinks recreated). */
int xv_sandbox_distro_tree(const char *root, xv_vec *argv, char *why, size_t whylen);
/* Fresh /proc and /dev, a private tmpfs /tmp, the package read-only at
 * pkg_at (NULL: its host path). */
void xv_sandbox_private(xv_vec *argv, const char *pkgdir, const char *pkg_at);
/* Read-only root, the working dir, "--" (the command follows). */
void xv_sandbox_finish(xv_vec *argv, const char *cwd);

/* Expands job->cwd (when set) into sc->cwd. -1 (why set) on OOM. */
int xv_smoke_expand_cwd(const xv_smoke_job *job, const char *file, const char *dir,
                        const char *pkg, xv_smoke_scratch *sc, char *why, size_t whylen);
/* The end of a host runner's (native, qemu, wine) setup: the job's env after
 * the runner's own, the working dir (job->cwd or the private temp dir), no
 * network, the package read-only. -1 (why set) on OOM. */
int xv_smoke_host_finish(const xv_smoke_job *job, const char *file, const char *dir,
                         xv_vec *envp, xv_proc_spec *spec, xv_smoke_scratch *sc,
                         char *why, size_t whylen);

/* One runner: what it is called in results, whether it runs release code
 * on the host kernel (and so goes through the sandbox), how it builds a
 * job's command, what it cleans after a run that was stopped. Listed in
 * xv_runners[] (runners.c), indexed by xv_runner_kind. */
typedef struct xv_runner {
    xv_runner_kind kind;
    const char *name;          /* the `runner` fact */
    int host_kernel;           /* 1: sandboxed with bubblewrap (or unconfined) */
    int (*build)(xv_smoke_session *s, const struct xv_smoke_env *env, const xv_smoke_job *job,
                 xv_vec *argv, xv_vec *envp, xv_proc_spec *spec, struct xv_smoke_scratch *sc,
                 char *why, size_t whylen);
    /* After a run that timed out or was interrupted (NULL: nothing to do). */
    void (*stopped)(xv_smoke_session *s, const struct xv_smoke_env *env, const xv_vec *argv);
} xv_runner;

extern const xv_runner xv_runners[];
/* The runner of an environment, or NULL for an unknown kind. */
const xv_runner *xv_runner_of(const xv_smoke_env *env);
/* The `runner` fact: the table's name, "chroot" for the rootfs fallback. */
const char *xv_runner_name(const xv_smoke_env *env);

/* Runner back ends: fill argv/env and the proc spec for one job. */
int xv_runner_native_build(xv_smoke_session *s, const xv_smoke_env *env, const xv_smoke_job *job,
                           xv_vec *argv, xv_vec *envp, xv_proc_spec *spec, xv_smoke_scratch *sc,
                           char *why, size_t whylen);
int xv_runner_rootfs_build(xv_smoke_session *s, const xv_smoke_env *env, const xv_smoke_job *job,
                           xv_vec *argv, xv_vec *envp, xv_proc_spec *spec, xv_smoke_scratch *sc,
                           char *why, size_t whylen);
int xv_runner_oci_build(xv_smoke_session *s, const xv_smoke_env *env, const xv_smoke_job *job,
                        xv_vec *argv, xv_vec *envp, xv_proc_spec *spec, xv_smoke_scratch *sc,
                        char *why, size_t whylen);
/* qemu.c: "qemu-<arch> -L sysroot" prefix; the loader's host path in the sysroot. */
void xv_runner_qemu_prefix(const xv_smoke_env *env, xv_vec *argv);
void xv_runner_qemu_loader(const xv_smoke_env *env, const char *loader, char *buf, size_t buflen);
/* After an OCI run that timed out or was interrupted: remove the container
 * by name (podman rm -f; runs even after an interruption). */
void xv_runner_oci_cleanup(xv_smoke_session *s, const xv_smoke_env *env, const char *container);
/* The sandbox's binds for Wine: host tree, private /tmp, the package (NULL:
 * none) read-only, the prefix writable, cwd; ends with "--". */
void xv_runner_wine_sandbox(const char *prefix, const char *pkgdir, const char *cwd,
                            xv_vec *argv);
int xv_runner_wine_build(xv_smoke_session *s, const xv_smoke_env *env, const xv_smoke_job *job,
                         xv_vec *argv, xv_vec *envp, xv_proc_spec *spec, xv_smoke_scratch *sc,
                         char *why, size_t whylen);

#endif
