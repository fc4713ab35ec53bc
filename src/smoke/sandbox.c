/* The one sandbox every runner that executes release code on the host
 * kernel goes through (native, qemu, wine, rootfs): bubblewrap with
 *
 *  - a user namespace with every capability dropped (--unshare-user,
 *    --cap-drop ALL: also as root, the program holds no capability over
 *    any mount or namespace; --disable-userns: it cannot make a new one);
 *  - every other namespace unshared (network, PID, IPC, UTS, cgroup), so
 *    it reaches no socket of the host and a setsid() daemon dies with the
 *    PID namespace (--die-with-parent: when the run's process group is
 *    killed, bwrap and all below it go); --new-session: no TIOCSTI into the
 *    caller's terminal;
 *  - a seccomp filter (compiled here with libseccomp, handed over as BPF
 *    through --seccomp FD) that refuses the calls that change mounts,
 *    namespaces, the kernel or other processes, whatever capability the
 *    caller might have got;
 *  - a read-only view of what the runner needs (the host's /usr, /etc,
 *    /lib*, /bin, /sbin, or the distro tree for the rootfs runner), fresh
 *    /proc and /dev, a private tmpfs /tmp (HOME, TMPDIR, the working dir),
 *    the package read-only and a read-only root.
 *
 * What bubblewrap cannot take away: reading what is bound (the host's
 * /usr and /etc for native/qemu/wine), CPU and memory (the timeout bounds
 * the time only). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation" /* paths are cut in messages only */
#endif

#include "smoke/runner.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The compiled filter, built once per process. */
static pthread_once_t bpf_once = PTHREAD_ONCE_INIT;
static unsigned char *bpf_code;
static size_t bpf_len;
static char bpf_err[256];

/* Refused with EPERM. Mount, namespaces, the kernel, other processes'
 * memory, the kernel keyring; the new mount API as well as the old. */
static const char *const refused[] = {
    "mount", "umount", "umount2", "pivot_root", "chroot", "setns", "unshare", "ptrace",
    "process_vm_readv", "process_vm_writev", "kexec_load", "kexec_file_load",
    "init_module", "finit_module", "delete_module", "bpf", "keyctl", "add_key",
    "request_key", "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick",
    "mount_setattr", "swapon", "swapoff", "reboot", "settimeofday", "clock_settime",
    "adjtimex", "clock_adjtime", "acct", "quotactl", "nfsservctl", "userfaultfd",
    "perf_event_open", "lookup_dcookie", "iopl", "ioperm", "syslog",
};

static void bpf_build(void)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx) {
        snprintf(bpf_err, sizeof bpf_err, "seccomp_init failed");
        return;
    }
    /* 32-bit programs on a 64-bit host get the same rules (not a kill for
     * a foreign arch: i386 binaries are legitimate releases). */
    if (seccomp_arch_native() == SCMP_ARCH_X86_64) {
        seccomp_arch_add(ctx, SCMP_ARCH_X86);
        seccomp_arch_add(ctx, SCMP_ARCH_X32);
    } else if (seccomp_arch_native() == SCMP_ARCH_AARCH64) {
        seccomp_arch_add(ctx, SCMP_ARCH_ARM);
    }
    int rc = 0;
    for (size_t i = 0; i < sizeof refused / sizeof refused[0] && rc == 0; i++) {
        int nr = seccomp_syscall_resolve_name(refused[i]);
        if (nr == __NR_SCMP_ERROR)
            continue; /* not on this arch (umount on x86_64, iopl on arm64) */
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0);
    }
    /* clone() may not make namespaces; clone3() passes its flags in memory
     * the filter cannot read, so it reports ENOSYS and libc falls back to
     * clone(). */
    static const unsigned long nsflags[] = {CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWNET,
                                            CLONE_NEWPID, CLONE_NEWIPC, CLONE_NEWUTS,
                                            CLONE_NEWCGROUP};
    for (size_t i = 0; i < sizeof nsflags / sizeof nsflags[0] && rc == 0; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, nsflags[i], nsflags[i]));
    if (rc == 0) {
        int nr = seccomp_syscall_resolve_name("clone3");
        if (nr != __NR_SCMP_ERROR)
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0);
    }
    if (rc != 0) {
        snprintf(bpf_err, sizeof bpf_err, "seccomp rule: %s", strerror(-rc));
        seccomp_release(ctx);
        return;
    }
    int fd = memfd_create("xv-seccomp", MFD_CLOEXEC);
    if (fd < 0 || seccomp_export_bpf(ctx, fd) != 0) {
        snprintf(bpf_err, sizeof bpf_err, "seccomp_export_bpf failed");
        if (fd >= 0)
            close(fd);
        seccomp_release(ctx);
        return;
    }
    seccomp_release(ctx);
    off_t end = lseek(fd, 0, SEEK_END);
    if (end <= 0 || end > (1 << 20) || lseek(fd, 0, SEEK_SET) != 0) {
        snprintf(bpf_err, sizeof bpf_err, "seccomp filter has no code");
        close(fd);
        return;
    }
    unsigned char *buf = malloc((size_t)end);
    size_t got = 0;
    while (buf && got < (size_t)end) {
        ssize_t n = read(fd, buf + got, (size_t)end - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (!buf || got != (size_t)end) {
        free(buf);
        snprintf(bpf_err, sizeof bpf_err, "cannot read the seccomp filter back");
        return;
    }
    bpf_code = buf;
    bpf_len = got;
}

int xv_sandbox_seccomp_fd(char *why, size_t whylen)
{
    pthread_once(&bpf_once, bpf_build);
    if (!bpf_code) {
        snprintf(why, whylen, "%s", bpf_err[0] ? bpf_err : "no seccomp filter");
        return -1;
    }
    /* One fd per run: bubblewrap reads it to the end, so a shared offset
     * would hand a second sandbox an empty filter. */
    int fd = memfd_create("xv-seccomp", MFD_CLOEXEC);
    if (fd < 0) {
        snprintf(why, whylen, "memfd_create: %s", strerror(errno));
        return -1;
    }
    size_t off = 0;
    while (off < bpf_len) {
        ssize_t n = write(fd, bpf_code + off, bpf_len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            snprintf(why, whylen, "cannot write the seccomp filter: %s", strerror(errno));
            close(fd);
            return -1;
        }
        off += (size_t)n;
    }
    if (lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        snprintf(why, whylen, "lseek: %s", strerror(errno));
        return -1;
    }
    return fd;
}

/* Whether bubblewrap works here with our flags: it may be installed where
 * user namespaces are not permitted (a container without privileges, a
 * kernel or AppArmor policy against them). Probed once per process. */
static pthread_once_t probe_once = PTHREAD_ONCE_INIT;
static int probe_ok;
static char probe_why[256];

static void probe(void)
{
    xv_vec argv = {0};
    xv_proc_spec spec = {.timeout = 30};
    xv_smoke_scratch sc = {.seccomp_fd = -1};
    char why[256] = "";
    if (xv_sandbox_begin(&argv, &spec, &sc, why, sizeof why) != 0) {
        snprintf(probe_why, sizeof probe_why, "the sandbox's seccomp filter: %s", why);
        return;
    }
    xv_sandbox_host_tree(NULL, &argv);
    xv_sandbox_private(&argv, NULL, NULL);
    xv_sandbox_finish(&argv, "/tmp");
    xv_vec_add(&argv, "true");
    spec.argv = (const char *const *)argv.v;
    xv_proc_result r;
    int rc = argv.overflow ? -1 : xv_proc_run(&spec, &r);
    if (rc == 0 && r.started && r.exited && r.exit_code == 0) {
        probe_ok = 1;
    } else if (rc == 0 && r.interrupted) {
        snprintf(probe_why, sizeof probe_why, "interrupted");
    } else {
        /* bwrap says why on stderr ("setting up uid map: Permission denied") */
        const char *e = rc == 0 && r.err && r.err[0] ? r.err : "it did not start";
        size_t n = strcspn(e, "\n");
        snprintf(probe_why, sizeof probe_why, "bubblewrap cannot make its sandbox here (%.*s)",
                 (int)(n > 160 ? 160 : n), e);
    }
    if (rc == 0)
        xv_proc_result_free(&r);
    close(sc.seccomp_fd);
    xv_vec_free(&argv);
}

int xv_sandbox_available(char *why, size_t whylen)
{
    const char *nob = getenv("XV_SMOKE_NO_BWRAP"); /* tests of the no-bubblewrap path */
    if (!xv_smoke_have("bwrap") || (nob && !strcmp(nob, "1"))) {
        snprintf(why, whylen, "bubblewrap is not installed (apt-get install bubblewrap)");
        return 0;
    }
    pthread_once(&probe_once, probe);
    if (!probe_ok) {
        snprintf(why, whylen, "%s", probe_why);
        return 0;
    }
    return 1;
}

int xv_sandbox_begin(xv_vec *argv, xv_proc_spec *spec, xv_smoke_scratch *sc, char *why,
                     size_t whylen)
{
    sc->seccomp_fd = xv_sandbox_seccomp_fd(why, whylen);
    if (sc->seccomp_fd < 0)
        return -1;
    spec->keep_fd = sc->seccomp_fd;
    static const char *const flags[] = {
        "bwrap", "--unshare-user", "--disable-userns", "--unshare-ipc", "--unshare-pid",
        "--unshare-net", "--unshare-uts", "--unshare-cgroup", "--die-with-parent",
        "--new-session", "--cap-drop", "ALL",
    };
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        xv_vec_add(argv, flags[i]);
    xv_vec_add(argv, "--seccomp");
    xv_vec_addf(argv, "%d", sc->seccomp_fd);
    /* The network namespace is bubblewrap's: nothing for proc.c to add. */
    spec->no_network = 0;
    return 0;
}

/* Binds one top-level entry of `root` at /name: a symlink is recreated, a
 * folder bound read-only, anything else left out. */
static void bind_entry(const char *root, const char *name, xv_vec *argv)
{
    char p[PATH_MAX + 256];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", strcmp(root, "/") ? root : "", name);
    if (lstat(p, &st) != 0)
        return;
    if (S_ISLNK(st.st_mode)) {
        char target[PATH_MAX];
        ssize_t k = readlink(p, target, sizeof target - 1);
        if (k <= 0)
            return;
        target[k] = '\0';
        xv_vec_add(argv, "--symlink");
        xv_vec_add(argv, target);
        xv_vec_addf(argv, "/%s", name);
    } else if (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)) {
        xv_vec_add(argv, "--ro-bind");
        xv_vec_add(argv, p);
        xv_vec_addf(argv, "/%s", name);
    }
}

/* Is `path` below one of the host folders the sandbox binds? */
static int under_host_tree(const char *path)
{
    static const char *const dirs[] = {"/usr/", "/etc/", "/bin/", "/sbin/", "/lib"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        if (!strncmp(path, dirs[i], strlen(dirs[i])))
            return 1;
    return 0;
}

void xv_sandbox_host_tree(const char *extra_ro, xv_vec *argv)
{
    static const char *const names[] = {"usr", "etc", "bin", "sbin", "lib", "lib32",
                                        "lib64", "libx32"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        bind_entry("/", names[i], argv);
    if (extra_ro && extra_ro[0] && strcmp(extra_ro, "/") && !under_host_tree(extra_ro)) {
        xv_vec_add(argv, "--ro-bind");
        xv_vec_add(argv, extra_ro);
        xv_vec_add(argv, extra_ro);
    }
}

int xv_sandbox_distro_tree(const char *root, xv_vec *argv, char *why, size_t whylen)
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
        count++;
        bind_entry(root, n, argv);
    }
    closedir(d);
    return 0;
}

void xv_sandbox_private(xv_vec *argv, const char *pkgdir, const char *pkg_at)
{
    xv_vec_add(argv, "--proc");
    xv_vec_add(argv, "/proc");
    xv_vec_add(argv, "--dev");
    xv_vec_add(argv, "/dev");
    xv_vec_add(argv, "--tmpfs");
    xv_vec_add(argv, "/tmp");
    if (!pkgdir)
        return;
    /* The package after /tmp: its host path is usually under /tmp. */
    xv_vec_add(argv, "--ro-bind");
    xv_vec_add(argv, pkgdir);
    xv_vec_add(argv, pkg_at ? pkg_at : pkgdir);
}

void xv_sandbox_finish(xv_vec *argv, const char *cwd)
{
    /* The new root (bwrap's tmpfs holding the mount points) read-only too. */
    xv_vec_add(argv, "--remount-ro");
    xv_vec_add(argv, "/");
    xv_vec_add(argv, "--chdir");
    xv_vec_add(argv, cwd ? cwd : "/tmp");
    xv_vec_add(argv, "--");
}
