/* Runs one command in its own process group with a timeout, capped capture
 * and best-effort network/mount isolation. See proc.h for the contract.
 *
 * Between fork and exec the child only makes system calls (no malloc, no
 * stdio): the library may be called from several threads at once. Anything
 * that needs allocation (PATH search, messages) is done before fork. */
#include "smoke/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROC_MAX_CAP ((size_t)64 << 20)

/* Interruption (SIGINT/SIGTERM/SIGHUP while smoke runs are live). The
 * handler only makes async-signal-safe calls: it records the signal and
 * SIGKILLs every process group in the table below; the threads waiting on
 * those groups then see them die, no new command starts, and the normal
 * path removes the temp folders and writes the reports. A slot holds a
 * group id, 0 when free, -1 while its fork is in flight. */
#define PROC_MAX_LIVE 256
/* Read and written with atomic builtins: the handler and the smoke threads
 * share them (lock-free int atomics are async-signal-safe). */
static volatile sig_atomic_t g_signal;
static volatile sig_atomic_t g_live[PROC_MAX_LIVE];
#define SIGNAL_GET() __atomic_load_n(&g_signal, __ATOMIC_SEQ_CST)
#define LIVE_GET(i) __atomic_load_n(&g_live[i], __ATOMIC_SEQ_CST)
#define LIVE_SET(i, v) __atomic_store_n(&g_live[i], (sig_atomic_t)(v), __ATOMIC_SEQ_CST)
static pid_t g_owner;

static void on_signal(int sig)
{
    int saved = errno;
    /* A forked child that has not exec'd yet runs this too: not its job. */
    if (getpid() == g_owner) {
        if (SIGNAL_GET() == sig) {
            /* Asked twice: stop waiting for the clean-up, die of it. */
            signal(sig, SIG_DFL);
            raise(sig);
        }
        __atomic_store_n(&g_signal, (sig_atomic_t)sig, __ATOMIC_SEQ_CST);
        for (int i = 0; i < PROC_MAX_LIVE; i++) {
            pid_t pg = (pid_t)LIVE_GET(i);
            if (pg > 0)
                kill(-pg, SIGKILL);
        }
    }
    errno = saved;
}

void xv_proc_interrupt_install(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    g_owner = getpid();
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old, sa;
        if (sigaction(sigs[i], NULL, &old) != 0)
            continue;
        /* An ignored signal stays ignored (a background job of a
         * non-interactive shell must survive the terminal's SIGINT). */
        if (old.sa_handler == SIG_IGN && !(old.sa_flags & SA_SIGINFO))
            continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigfillset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        sigaction(sigs[i], &sa, NULL);
    }
}

int xv_proc_interrupted(void)
{
    return (int)SIGNAL_GET();
}

void xv_proc_interrupt_raise(int sig)
{
    g_owner = getpid();
    on_signal(sig);
}

static int live_claim(void)
{
    for (int i = 0; i < PROC_MAX_LIVE; i++)
        if (__sync_bool_compare_and_swap(&g_live[i], 0, -1))
            return i;
    return -1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* PATH lookup in the parent: returns argv0 itself when it has a '/', else a
 * malloc'd path in *owned (or NULL when not found). */
static const char *resolve_exe(const char *argv0, const char *const *env, const char *root,
                               char **owned)
{
    *owned = NULL;
    if (strchr(argv0, '/'))
        return argv0;
    const char *path = NULL;
    if (env) {
        for (size_t i = 0; env[i]; i++)
            if (strncmp(env[i], "PATH=", 5) == 0)
                path = env[i] + 5;
    } else {
        path = getenv("PATH");
    }
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    const char *p = path;
    while (*p) {
        const char *e = strchr(p, ':');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n > 0 && n < PATH_MAX) {
            size_t tot = n + 1 + strlen(argv0) + 1;
            char *cand = malloc(tot);
            if (!cand)
                return NULL;
            snprintf(cand, tot, "%.*s/%s", (int)n, p, argv0);
            /* Under chroot the file is looked up inside the new root, and
             * its path there is what exec gets. */
            char inroot[PATH_MAX * 2];
            snprintf(inroot, sizeof inroot, "%s%s", root ? root : "", cand);
            if (access(root ? inroot : cand, X_OK) == 0) {
                *owned = cand;
                return cand;
            }
            free(cand);
        }
        if (!e)
            break;
        p = e + 1;
    }
    return NULL;
}

/* Child side, after fork: only system calls. Reports setup flags and a failed
 * exec through the close-on-exec status pipe. */
static void child(const xv_proc_spec *spec, const char *exe, int in_fd, int out_w,
                  int err_w, int st_w)
{
    int flags[2] = {0, 0}; /* net_isolated, ro_applied */
    int ro_count = 0;

    setpgid(0, 0);
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    signal(SIGPIPE, SIG_DFL);
    /* SIGINT/SIGTERM/SIGHUP: a handler is reset by exec, an ignored signal
     * stays ignored; the run kills the group with SIGKILL anyway. */
    if (spec->keep_fd > 2)
        fcntl(spec->keep_fd, F_SETFD, 0);

    while (ro_count < XV_PROC_MAX_RO && spec->ro_paths[ro_count])
        ro_count++;
    if (spec->no_network && unshare(CLONE_NEWNET) == 0)
        flags[0] = 1;
    if (ro_count > 0 && unshare(CLONE_NEWNS) == 0 &&
        mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0) {
        int ok = 1;
        for (int i = 0; i < ro_count; i++) {
            const char *p = spec->ro_paths[i];
            if (mount(p, p, NULL, MS_BIND | MS_REC, NULL) != 0 ||
                mount(NULL, p, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) != 0)
                ok = 0;
        }
        flags[1] = ok;
    }
    if (spec->chroot_dir) {
        /* Every step must succeed: a half-built root is no sandbox. */
        int ok = unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS) == 0 &&
                 mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0;
        for (size_t i = 0; ok && i < spec->nbinds; i++) {
            const xv_proc_bind *b = &spec->binds[i];
            switch (b->kind) {
            case XV_BIND_RO:
                ok = mount(b->src, b->dst, NULL, MS_BIND | MS_REC, NULL) == 0 &&
                     mount(NULL, b->dst, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) == 0;
                break;
            case XV_BIND_DEV:
                ok = mount(b->src, b->dst, NULL, MS_BIND | MS_REC, NULL) == 0;
                break;
            case XV_BIND_TMPFS:
                ok = mount("tmpfs", b->dst, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") == 0;
                break;
            case XV_BIND_PROC:
                ok = mount("proc", b->dst, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0;
                break;
            }
        }
        if (ok)
            ok = chroot(spec->chroot_dir) == 0 && chdir("/") == 0;
        if (!ok) {
            int e[2] = {errno, 2};
            (void)!write(st_w, flags, sizeof flags);
            (void)!write(st_w, e, sizeof e);
            _exit(127);
        }
    }
    if (write(st_w, flags, sizeof flags) != (ssize_t)sizeof flags)
        _exit(127);

    if (dup2(in_fd, 0) < 0 || dup2(out_w, 1) < 0 || dup2(err_w, 2) < 0)
        _exit(127);
    if (spec->cwd && chdir(spec->cwd) != 0) {
        int e[2] = {errno, 1};
        (void)!write(st_w, e, sizeof e);
        _exit(127);
    }
    extern char **environ;
    char *const *envp = spec->env ? (char *const *)(uintptr_t)spec->env : environ;
    execve(exe, (char *const *)(uintptr_t)spec->argv, envp);
    int e[2] = {errno, 0};
    (void)!write(st_w, e, sizeof e);
    _exit(127);
}

typedef struct capture {
    char *buf;
    size_t len, cap;
    int truncated;
} capture;

static void cap_read(int fd, capture *c, int *open_flag)
{
    char tmp[8192];
    ssize_t n = read(fd, tmp, sizeof tmp);
    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN)
            return;
        *open_flag = 0;
        return;
    }
    if (n == 0) {
        *open_flag = 0;
        return;
    }
    size_t take = (size_t)n;
    if (take > c->cap - c->len) {
        take = c->cap - c->len;
        c->truncated = 1;
    }
    memcpy(c->buf + c->len, tmp, take);
    c->len += take;
    c->buf[c->len] = '\0';
}

/* A descriptor that polls readable when the child exits (Linux 5.3 and
 * later), so the wait below sleeps until something happens instead of
 * checking on a timer; -1 when the kernel has none. */
static int child_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);   /* close-on-exec by default */
#else
    (void)pid;
    return -1;
#endif
}

/* One poll of at most wait_ms over the open pipes and, when pidfd >= 0, the
 * child's exit; reads what the pipes have. Returns 1 when both pipes are
 * closed. */
static int pump(int fds[2], int open_[2], capture caps[2], int wait_ms, int pidfd)
{
    struct pollfd pf[3];
    int n = 0, map[3];
    for (int i = 0; i < 2; i++)
        if (open_[i]) {
            pf[n].fd = fds[i];
            pf[n].events = POLLIN;
            pf[n].revents = 0;
            map[n++] = i;
        }
    if (pidfd >= 0) {
        pf[n].fd = pidfd;
        pf[n].events = POLLIN;
        pf[n].revents = 0;
        map[n++] = -1;
    }
    if (n == 0)
        return 1;
    int r = poll(pf, (nfds_t)n, wait_ms);
    if (r > 0) {
        for (int k = 0; k < n; k++)
            if (map[k] >= 0 && (pf[k].revents & (POLLIN | POLLHUP | POLLERR)))
                cap_read(fds[map[k]], &caps[map[k]], &open_[map[k]]);
    }
    return !open_[0] && !open_[1];
}

int xv_proc_run(const xv_proc_spec *spec, xv_proc_result *res)
{
    memset(res, 0, sizeof *res);
    double t0 = now_s();
    double timeout = spec->timeout > 0 ? spec->timeout : 30.0;
    size_t cap = spec->max_output ? spec->max_output : XV_PROC_DEFAULT_CAP;
    if (cap > PROC_MAX_CAP)
        cap = PROC_MAX_CAP;

    capture caps[2] = {{0}, {0}};
    int out_p[2] = {-1, -1}, err_p[2] = {-1, -1}, st_p[2] = {-1, -1};
    int in_fd = -1, rc = -1, pidfd = -1;
    char *owned = NULL;

    if (!spec->argv || !spec->argv[0]) {
        res->exec_step = "argv";
        res->exec_errno = EINVAL;
        return -1;
    }
    if (SIGNAL_GET() && !spec->cleanup) {
        res->exec_step = "interrupted";
        res->exec_errno = EINTR;
        res->interrupted = 1;
        res->out = calloc(1, 1);
        res->err = calloc(1, 1);
        return 0;
    }
    int slot = -1;
    const char *exe = resolve_exe(spec->argv[0], spec->env,
                                  spec->chroot_dir ? (spec->lookup_root ? spec->lookup_root
                                                                        : spec->chroot_dir)
                                                   : NULL,
                                  &owned);
    if (!exe) {
        /* Not found in PATH: the same outcome as a failed exec. */
        res->exec_step = "exec";
        res->exec_errno = ENOENT;
        res->out = calloc(1, 1);
        res->err = calloc(1, 1);
        return 0;
    }
    for (int i = 0; i < 2; i++) {
        caps[i].cap = cap;
        caps[i].buf = malloc(cap + 1);
        if (!caps[i].buf)
            goto fail_setup;
        caps[i].buf[0] = '\0';
    }
    if (spec->stdin_data) {
        /* A memory file, not a pipe: no SIGPIPE in the host when the child
         * does not read, and no deadlock on large input. */
        in_fd = memfd_create("xv-stdin", MFD_CLOEXEC);
        if (in_fd < 0)
            goto fail_setup;
        size_t off = 0;
        while (off < spec->stdin_len) {
            ssize_t w = write(in_fd, spec->stdin_data + off, spec->stdin_len - off);
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                goto fail_setup;
            }
            off += (size_t)w;
        }
        if (lseek(in_fd, 0, SEEK_SET) != 0)
            goto fail_setup;
    } else {
        in_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (in_fd < 0)
            goto fail_setup;
    }
    if (pipe2(out_p, O_CLOEXEC) != 0 || pipe2(err_p, O_CLOEXEC) != 0 ||
        pipe2(st_p, O_CLOEXEC) != 0) {
        res->exec_step = "pipe";
        res->exec_errno = errno;
        goto fail;
    }

    slot = live_claim();
    if (slot < 0) {
        res->exec_step = "setup";
        res->exec_errno = EAGAIN; /* more live runs than the table holds */
        goto fail;
    }
    pid_t pid = fork();
    if (pid < 0) {
        res->exec_step = "fork";
        res->exec_errno = errno;
        goto fail;
    }
    if (pid == 0)
        child(spec, exe, in_fd, out_p[1], err_p[1], st_p[1]);

    setpgid(pid, pid); /* also in the parent: no window where kill(-pid) misses */
    LIVE_SET(slot, pid);
    /* A signal that came before the slot held the pid: kill it here. */
    if (SIGNAL_GET() && !spec->cleanup)
        kill(-pid, SIGKILL);
    res->pid = (int)pid;
    pidfd = child_pidfd(pid);   /* not reaped yet: the pid is still our child's */
    close(out_p[1]);
    close(err_p[1]);
    close(st_p[1]);
    out_p[1] = err_p[1] = st_p[1] = -1;

    /* Setup flags, then either EOF (exec happened) or errno of the failure. */
    int flags[2] = {0, 0}, ex[2] = {0, 0};
    ssize_t n;
    do
        n = read(st_p[0], flags, sizeof flags);
    while (n < 0 && errno == EINTR);
    if (n == (ssize_t)sizeof flags) {
        res->net_isolated = flags[0];
        res->ro_applied = flags[1];
        do
            n = read(st_p[0], ex, sizeof ex);
        while (n < 0 && errno == EINTR);
        if (n == (ssize_t)sizeof ex) {
            res->exec_errno = ex[0];
            res->exec_step = ex[1] == 2 ? "chroot" : ex[1] ? "chdir" : "exec";
        } else {
            res->started = 1;
        }
    }

    for (int i = 0; i < 2; i++) {
        int fd = i == 0 ? out_p[0] : err_p[0];
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
    int fds[2] = {out_p[0], err_p[0]};
    int open_[2] = {1, 1};
    double deadline = t0 + timeout;
    int status = 0, reaped = 0;

    for (;;) {
        siginfo_t si;
        memset(&si, 0, sizeof si);
        /* WNOWAIT: the leader stays a zombie, so its pid (= the group id)
         * cannot be reused before the group is killed below. */
        if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
            si.si_pid == pid)
            break;
        double left = deadline - now_s();
        if (left <= 0) {
            res->timed_out = 1;
            kill(-pid, SIGKILL);
            break;
        }
        int ms = (int)(left * 1000.0);
        /* With a pidfd the poll wakes on output, on the exit, or at the
         * deadline. Without one, the exit is checked every 50 ms. */
        if (pidfd < 0 && ms > 50)
            ms = 50;
        if (ms < 1)
            ms = 1;
        if (pump(fds, open_, caps, ms, pidfd) && pidfd < 0)
            usleep((useconds_t)ms * 1000u); /* pipes closed, child still running */
    }
    /* Whatever the leader left behind in its group goes too. */
    kill(-pid, SIGKILL);
    /* Free the slot before the leader is reaped: its pid may be reused. */
    LIVE_SET(slot, 0);
    slot = -1;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            break;
    }
    reaped = 1;
    /* Drain what is buffered; a process that escaped the group (setsid)
     * may hold the pipe open, so this is bounded. */
    double drain_end = now_s() + 1.0;
    while (!pump(fds, open_, caps, 20, -1) && now_s() < drain_end)
        ;
    if (SIGNAL_GET() && !spec->cleanup)
        res->interrupted = 1;
    if (reaped) {
        if (WIFEXITED(status)) {
            res->exited = 1;
            res->exit_code = WEXITSTATUS(status);
        } else if (WIFSIGNALED(status)) {
            res->signaled = 1;
            res->signo = WTERMSIG(status);
        }
    }
    rc = 0;
    goto done;

fail_setup:
    if (!res->exec_step) {
        res->exec_step = "setup";
        res->exec_errno = errno ? errno : ENOMEM;
    }
fail:
    rc = -1;
done:
    if (slot >= 0)
        LIVE_SET(slot, 0);
    res->seconds = now_s() - t0;
    for (int i = 0; i < 2; i++) {
        if (out_p[i] >= 0)
            close(out_p[i]);
        if (err_p[i] >= 0)
            close(err_p[i]);
        if (st_p[i] >= 0)
            close(st_p[i]);
    }
    if (in_fd >= 0)
        close(in_fd);
    if (pidfd >= 0)
        close(pidfd);
    free(owned);
    res->out = caps[0].buf ? caps[0].buf : calloc(1, 1);
    res->out_len = caps[0].len;
    res->out_truncated = caps[0].truncated;
    res->err = caps[1].buf ? caps[1].buf : calloc(1, 1);
    res->err_len = caps[1].len;
    res->err_truncated = caps[1].truncated;
    return rc;
}

void xv_proc_result_free(xv_proc_result *res)
{
    if (!res)
        return;
    free(res->out);
    free(res->err);
    res->out = res->err = NULL;
}

const char *xv_smoke_class_name(xv_smoke_class c)
{
    switch (c) {
    case XV_SC_OK: return "ok";
    case XV_SC_MISSING_LIB: return "missing library";
    case XV_SC_SYMBOL_VERSION: return "symbol version not found";
    case XV_SC_EXEC_FORMAT: return "exec format error";
    case XV_SC_SIGNAL: return "killed by signal";
    case XV_SC_TIMEOUT: return "timeout";
    case XV_SC_EXIT_CODE: return "unexpected exit code";
    case XV_SC_OUTPUT: return "output mismatch";
    case XV_SC_RUNNER: return "runner error";
    }
    return "unknown";
}

const char *xv_smoke_signal_name(int signo, char *buf, size_t buflen)
{
    static const struct { int no; const char *name; } names[] = {
        {SIGHUP, "SIGHUP"}, {SIGINT, "SIGINT"}, {SIGQUIT, "SIGQUIT"},
        {SIGILL, "SIGILL"}, {SIGTRAP, "SIGTRAP"}, {SIGABRT, "SIGABRT"},
        {SIGBUS, "SIGBUS"}, {SIGFPE, "SIGFPE"}, {SIGKILL, "SIGKILL"},
        {SIGUSR1, "SIGUSR1"}, {SIGSEGV, "SIGSEGV"}, {SIGUSR2, "SIGUSR2"},
        {SIGPIPE, "SIGPIPE"}, {SIGALRM, "SIGALRM"}, {SIGTERM, "SIGTERM"},
        {SIGSYS, "SIGSYS"}, {SIGXCPU, "SIGXCPU"}, {SIGXFSZ, "SIGXFSZ"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].no == signo)
            return names[i].name;
    snprintf(buf, buflen, "signal %d", signo);
    return buf;
}

/* Copies the token of s that ends right before `end` and starts after the
 * last of `starts` (a space, tab, quote or line start). */
static void copy_token_before(const char *line_start, const char *end, char *what,
                              size_t whatlen)
{
    const char *b = end;
    while (b > line_start && b[-1] != ' ' && b[-1] != '\t' && b[-1] != '\n')
        b--;
    size_t n = (size_t)(end - b);
    if (n >= whatlen)
        n = whatlen - 1;
    memcpy(what, b, n);
    what[n] = '\0';
}

static int find_loader_error(const char *s, xv_smoke_class *cls, char *what, size_t whatlen)
{
    const char *p;
    /* glibc ld.so: "...: version `GLIBC_2.34' not found (required by ./app)" */
    if ((p = strstr(s, "version `")) != NULL) {
        const char *q = strstr(p, "' not found");
        if (q) {
            const char *v = p + 9;
            const char *req = strstr(q, "(required by ");
            size_t n = (size_t)(q - v);
            if (n >= whatlen)
                n = whatlen - 1;
            memcpy(what, v, n);
            what[n] = '\0';
            if (req) {
                const char *e = strchr(req, ')');
                if (e) {
                    size_t used = strlen(what);
                    snprintf(what + used, whatlen - used, " %.*s", (int)(e - req + 1), req);
                }
            }
            *cls = XV_SC_SYMBOL_VERSION;
            return 1;
        }
    }
    /* "error while loading shared libraries: libx.so.1: cannot open shared object file",
     * or ld.so --list / ldd: "\tlibx.so.1 => not found" */
    if ((p = strstr(s, ": cannot open shared object file")) != NULL ||
        (p = strstr(s, " => not found")) != NULL) {
        const char *ls = s;
        for (const char *k = s; k < p; k++)
            if (*k == '\n')
                ls = k + 1;
        copy_token_before(ls, p, what, whatlen);
        *cls = XV_SC_MISSING_LIB;
        return 1;
    }
    /* Wine: "err:module:import_dll Library foo.dll (which is needed by ...) not found" */
    if ((p = strstr(s, "import_dll Library ")) != NULL) {
        const char *nm = p + 19;
        size_t n = strcspn(nm, " \n");
        if (n >= whatlen)
            n = whatlen - 1;
        memcpy(what, nm, n);
        what[n] = '\0';
        *cls = XV_SC_MISSING_LIB;
        return 1;
    }
    /* musl: "Error loading shared library libx.so.1: No such file or directory" */
    if ((p = strstr(s, "Error loading shared library ")) != NULL) {
        const char *nm = p + 29;
        size_t n = strcspn(nm, ": \n");
        if (n >= whatlen)
            n = whatlen - 1;
        memcpy(what, nm, n);
        what[n] = '\0';
        *cls = XV_SC_MISSING_LIB;
        return 1;
    }
    if (strstr(s, "Exec format error") || strstr(s, "cannot execute binary file") ||
        strstr(s, "Invalid ELF image for this architecture")) {
        snprintf(what, whatlen, "exec format error");
        *cls = XV_SC_EXEC_FORMAT;
        return 1;
    }
    return 0;
}

xv_smoke_class xv_smoke_classify(const xv_proc_result *r, int expected_exit,
                                 int exit128_is_signal, char *what, size_t whatlen)
{
    char sigbuf[32];
    what[0] = '\0';
    if (r->timed_out) {
        snprintf(what, whatlen, "no exit within the timeout; process group killed");
        return XV_SC_TIMEOUT;
    }
    if (!r->started) {
        if (r->exec_errno == ENOEXEC) {
            snprintf(what, whatlen, "exec format error");
            return XV_SC_EXEC_FORMAT;
        }
        if (r->exec_errno == ENOENT && r->exec_step && strcmp(r->exec_step, "exec") == 0) {
            snprintf(what, whatlen, "file or its interpreter not found");
            return XV_SC_EXEC_FORMAT;
        }
        snprintf(what, whatlen, "%s failed: %s", r->exec_step ? r->exec_step : "start",
                 strerror(r->exec_errno));
        return XV_SC_RUNNER;
    }
    xv_smoke_class cls;
    if ((r->err && find_loader_error(r->err, &cls, what, whatlen)) ||
        (r->out && strstr(r->out, " => not found") &&
         find_loader_error(r->out, &cls, what, whatlen)))
        return cls;
    if (r->signaled) {
        snprintf(what, whatlen, "%s", xv_smoke_signal_name(r->signo, sigbuf, sizeof sigbuf));
        return XV_SC_SIGNAL;
    }
    if (r->exited && exit128_is_signal && r->exit_code > 128 && r->exit_code < 128 + 65 &&
        r->exit_code != expected_exit) {
        snprintf(what, whatlen, "%s",
                 xv_smoke_signal_name(r->exit_code - 128, sigbuf, sizeof sigbuf));
        return XV_SC_SIGNAL;
    }
    if (r->exited && expected_exit >= 0 && r->exit_code != expected_exit) {
        snprintf(what, whatlen, "exit code %d, expected %d", r->exit_code, expected_exit);
        return XV_SC_EXIT_CODE;
    }
    if (r->exited)
        snprintf(what, whatlen, "exit code %d", r->exit_code);
    return XV_SC_OK;
}
