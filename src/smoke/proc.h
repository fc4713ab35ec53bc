/* Private: running one smoke command as a child process (src/smoke/proc.c).
 *
 * Every run: a new process group (the whole group is killed with SIGKILL on
 * timeout and again after the leader exits, so a forked child left sleeping
 * does not survive the run), stdout/stderr captured into capped buffers (the
 * rest is read and dropped so the child never blocks on a full pipe), stdin
 * fed from memory or /dev/null, no network when the kernel permits a new
 * network namespace, read-only bind mounts of given paths when it permits a
 * new mount namespace. Nothing is printed; the outcome is in xv_proc_result.
 *
 * What it does not do: a process that calls setsid() leaves the group and is
 * only caught when the command runs in a PID namespace (every runner's
 * bubblewrap sandbox, podman); see docs/smoke.md.
 *
 * Interruption: once xv_proc_interrupt_install() has run, SIGINT, SIGTERM
 * and SIGHUP (unless ignored) SIGKILL every live group, and later calls
 * start nothing (res->interrupted, exec_step "interrupted") except specs
 * marked `cleanup`. */
#ifndef XV_SMOKE_PROC_H
#define XV_SMOKE_PROC_H

#include <stddef.h>

#define XV_PROC_DEFAULT_CAP ((size_t)64 << 10) /* bytes kept per stream */
#define XV_PROC_MAX_RO 8

/* A mount made in the child's private mount namespace before chroot (the
 * rootfs runner's root-only fallback when bubblewrap is missing). Paths are
 * host paths, prepared by the parent. */
typedef enum xv_bind_kind {
    XV_BIND_RO = 0,            /* bind src on dst, then remount read-only */
    XV_BIND_DEV,               /* recursive bind of src (/dev) on dst */
    XV_BIND_TMPFS,             /* a fresh tmpfs on dst */
    XV_BIND_PROC               /* procfs on dst */
} xv_bind_kind;

typedef struct xv_proc_bind {
    xv_bind_kind kind;
    const char *src, *dst;
} xv_proc_bind;

typedef struct xv_proc_spec {
    const char *const *argv;   /* argv[0] is searched in PATH when it has no '/' */
    const char *const *env;    /* full environment (NULL-terminated), or NULL = inherit */
    const char *cwd;           /* working directory, or NULL = inherit */
    const char *stdin_data;    /* bytes fed to stdin, or NULL = /dev/null */
    size_t stdin_len;
    double timeout;            /* seconds; <= 0 means 30 */
    size_t max_output;         /* bytes kept per stream; 0 = XV_PROC_DEFAULT_CAP */
    int no_network;            /* 1: unshare(CLONE_NEWNET) in the child (best effort) */
    const char *ro_paths[XV_PROC_MAX_RO]; /* made read-only for the child (best effort) */
    const char *chroot_dir;    /* when set (root only): new mount/IPC/UTS namespaces, the
                                  binds below, then chroot here; cwd is inside it. A
                                  failure is reported as exec_step "chroot". */
    const xv_proc_bind *binds;
    size_t nbinds;
    const char *lookup_root;   /* with chroot_dir: the host folder argv[0] is searched
                                  in (PATH), as chroot_dir is only filled in the child */
    int keep_fd;               /* > 2: a close-on-exec fd the child keeps open across exec
                                  (bubblewrap's --seccomp FD) */
    int cleanup;               /* runs even after an interruption (podman rm -f, wineserver -k) */
} xv_proc_spec;

typedef struct xv_proc_result {
    int started;               /* 1 when exec succeeded */
    int exec_errno;            /* errno of a failed exec/chdir in the child (started == 0) */
    const char *exec_step;     /* "exec", "chdir" or "fork"/"pipe" on failure; static */
    int exited, exit_code;     /* normal exit */
    int signaled, signo;       /* killed by a signal (also after a timeout: SIGKILL) */
    int timed_out;             /* the timeout expired and the group was killed */
    int net_isolated;          /* the child ran in its own network namespace */
    int ro_applied;            /* ro_paths were made read-only */
    char *out, *err;           /* captured bytes, NUL-terminated, malloc'd */
    size_t out_len, err_len;
    int out_truncated, err_truncated;
    double seconds;
    int pid;                   /* the leader's pid (for tests) */
    int interrupted;           /* a signal interrupted the run (or it was never started) */
} xv_proc_result;

/* Runs spec and waits for it. Returns 0 when the outcome is in *res (also for
 * a failed exec: started == 0), -1 when the run could not be set up (pipe or
 * fork failure; res->exec_step and exec_errno say which). Call
 * xv_proc_result_free() in both cases. Thread-safe (no global state). */
int xv_proc_run(const xv_proc_spec *spec, xv_proc_result *res);
void xv_proc_result_free(xv_proc_result *res);

/* Installs the SIGINT/SIGTERM/SIGHUP handler (process-wide; a signal that
 * is ignored stays ignored). */
void xv_proc_interrupt_install(void);
/* The signal that interrupted the run, or 0. */
int xv_proc_interrupted(void);
/* What the handler does, called directly (tests). */
void xv_proc_interrupt_raise(int sig);

/* Outcome classes of a smoke run, in the order reports name them. */
typedef enum xv_smoke_class {
    XV_SC_OK = 0,
    XV_SC_MISSING_LIB,        /* "cannot open shared object file", "=> not found", missing DLL */
    XV_SC_SYMBOL_VERSION,     /* "version `GLIBC_2.34' not found" */
    XV_SC_EXEC_FORMAT,        /* ENOEXEC, "Exec format error", missing interpreter */
    XV_SC_SIGNAL,             /* killed by a signal */
    XV_SC_TIMEOUT,
    XV_SC_EXIT_CODE,          /* unexpected exit code */
    XV_SC_OUTPUT,             /* output mismatch (decided by the caller) */
    XV_SC_RUNNER              /* the runner itself failed (exec of qemu/bwrap, setup) */
} xv_smoke_class;

/* Static name: "ok", "missing library", "symbol version not found", ... */
const char *xv_smoke_class_name(xv_smoke_class c);

/* Static signal name "SIGSEGV" (or "signal N" written into buf). */
const char *xv_smoke_signal_name(int signo, char *buf, size_t buflen);

/* Classifies a finished run from its status and captured output.
 * `expected_exit` is the wanted exit code (-1: any). `exit128_is_signal`:
 * the runner reports a child's signal as 128+N (bubblewrap, podman, shells).
 * `what` receives the detail: the missing library or version, the signal
 * name, the exit code. Output mismatch is not decided here. */
xv_smoke_class xv_smoke_classify(const xv_proc_result *r, int expected_exit,
                                 int exit128_is_signal, char *what, size_t whatlen);

#endif
