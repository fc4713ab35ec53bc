/* src/smoke/proc.c: process groups, timeouts, capture caps, isolation and
 * the classification of failures. Real processes (sh, sleep, cat). */
#include "xvtest.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smoke/proc.h"

static int pid_alive(long pid)
{
    char p[64];
    snprintf(p, sizeof p, "/proc/%ld/stat", pid);
    FILE *f = fopen(p, "r");
    if (!f)
        return 0;
    /* A zombie is not "left behind" in the sense of running, but we reap our
     * own; anything else that exists is a leak. */
    char buf[512];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *rp = strrchr(buf, ')');
    return !(rp && rp[1] == ' ' && rp[2] == 'Z');
}

static void run(xv_proc_spec *s, xv_proc_result *r)
{
    assert_int_equal(xv_proc_run(s, r), 0);
}

static void test_exit_and_capture(void **state)
{
    (void)state;
    const char *argv[] = {"sh", "-c", "echo hello; echo oops >&2; exit 3", NULL};
    xv_proc_spec s = {.argv = argv, .timeout = 10};
    xv_proc_result r;
    run(&s, &r);
    assert_true(r.started);
    assert_true(r.exited);
    assert_int_equal(r.exit_code, 3);
    assert_string_equal(r.out, "hello\n");
    assert_string_equal(r.err, "oops\n");
    char what[256];
    assert_int_equal(xv_smoke_classify(&r, 0, 0, what, sizeof what), XV_SC_EXIT_CODE);
    assert_int_equal(xv_smoke_classify(&r, 3, 0, what, sizeof what), XV_SC_OK);
    xv_proc_result_free(&r);
}

/* The pipes close before the exit (the wait then sleeps on the child's exit
 * alone), and a child that stays after its pipes closed while output was
 * written first: the exit code and the output are still taken whole. */
static void test_exit_after_pipes_close(void **state)
{
    (void)state;
    const char *argv[] = {"sh", "-c", "echo early; exec >&- 2>&-; sleep 0.2; exit 7", NULL};
    xv_proc_spec s = {.argv = argv, .timeout = 10};
    xv_proc_result r;
    run(&s, &r);
    assert_true(r.started);
    assert_true(r.exited);
    assert_false(r.timed_out);
    assert_int_equal(r.exit_code, 7);
    assert_string_equal(r.out, "early\n");
    xv_proc_result_free(&r);
    /* many short runs in a row: each one's exit is seen */
    for (int i = 0; i < 20; i++) {
        const char *a2[] = {"sh", "-c", "exit 5", NULL};
        xv_proc_spec s2 = {.argv = a2, .timeout = 10};
        run(&s2, &r);
        assert_true(r.exited);
        assert_int_equal(r.exit_code, 5);
        xv_proc_result_free(&r);
    }
}

/* The command forks a sleeping child and hangs: after the timeout neither the
 * leader nor the child exists any more. */
static void test_timeout_kills_group(void **state)
{
    (void)state;
    const char *argv[] = {"sh", "-c", "sleep 300 & echo $!; sleep 300", NULL};
    xv_proc_spec s = {.argv = argv, .timeout = 1.0};
    xv_proc_result r;
    run(&s, &r);
    assert_true(r.timed_out);
    assert_true(r.signaled);
    assert_int_equal(r.signo, SIGKILL);
    assert_true(r.seconds >= 1.0 && r.seconds < 20.0);
    long child = strtol(r.out, NULL, 10);
    assert_true(child > 0);
    usleep(100 * 1000);
    assert_false(pid_alive(child));
    assert_false(pid_alive(r.pid));
    char what[256];
    assert_int_equal(xv_smoke_classify(&r, 0, 0, what, sizeof what), XV_SC_TIMEOUT);
    xv_proc_result_free(&r);
}

/* The leader exits at once but leaves a child holding stdout: the run ends
 * without waiting for the child, and the child is gone. */
static void test_leader_exit_kills_leftovers(void **state)
{
    (void)state;
    const char *argv[] = {"sh", "-c", "sleep 300 & echo $!; exit 0", NULL};
    xv_proc_spec s = {.argv = argv, .timeout = 30};
    xv_proc_result r;
    run(&s, &r);
    assert_false(r.timed_out);
    assert_true(r.exited);
    assert_int_equal(r.exit_code, 0);
    assert_true(r.seconds < 10.0);
    long child = strtol(r.out, NULL, 10);
    assert_true(child > 0);
    usleep(100 * 1000);
    assert_false(pid_alive(child));
    xv_proc_result_free(&r);
}

static void test_capture_cap(void **state)
{
    (void)state;
    const char *argv[] = {"sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' x; echo done >&2", NULL};
    xv_proc_spec s = {.argv = argv, .timeout = 20, .max_output = 1000};
    xv_proc_result r;
    run(&s, &r);
    assert_true(r.exited);
    assert_int_equal(r.exit_code, 0); /* not blocked on a full pipe */
    assert_int_equal(r.out_len, 1000);
    assert_true(r.out_truncated);
    assert_int_equal(strlen(r.out), 1000);
    assert_false(r.err_truncated);
    assert_string_equal(r.err, "done\n");
    xv_proc_result_free(&r);
}

static void test_stdin(void **state)
{
    (void)state;
    const char *argv[] = {"cat", NULL};
    xv_proc_spec s = {.argv = argv, .timeout = 10, .stdin_data = "abc\n", .stdin_len = 4};
    xv_proc_result r;
    run(&s, &r);
    assert_string_equal(r.out, "abc\n");
    xv_proc_result_free(&r);
    /* Default: /dev/null, so a reader does not hang. */
    xv_proc_spec s2 = {.argv = argv, .timeout = 10};
    run(&s2, &r);
    assert_false(r.timed_out);
    assert_string_equal(r.out, "");
    xv_proc_result_free(&r);
}

static void test_signal_named(void **state)
{
    (void)state;
    const char *argv[] = {"sh", "-c", "kill -SEGV $$", NULL};
    xv_proc_spec s = {.argv = argv, .timeout = 10};
    xv_proc_result r;
    run(&s, &r);
    assert_true(r.signaled);
    assert_int_equal(r.signo, SIGSEGV);
    char what[256];
    assert_int_equal(xv_smoke_classify(&r, 0, 0, what, sizeof what), XV_SC_SIGNAL);
    assert_string_equal(what, "SIGSEGV");
    xv_proc_result_free(&r);
    /* A runner that reports 128+N (bubblewrap, podman). */
    const char *argv2[] = {"sh", "-c", "exit 139", NULL};
    xv_proc_spec s2 = {.argv = argv2, .timeout = 10};
    run(&s2, &r);
    assert_int_equal(xv_smoke_classify(&r, 0, 1, what, sizeof what), XV_SC_SIGNAL);
    assert_string_equal(what, "SIGSEGV");
    assert_int_equal(xv_smoke_classify(&r, 0, 0, what, sizeof what), XV_SC_EXIT_CODE);
    xv_proc_result_free(&r);
}

static void test_exec_format(void **state)
{
    (void)state;
    char dir[] = "/tmp/xvproc.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/notabinary", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite("\x7f" "ELF\x02\x01\x01garbage-garbage-garbage", 1, 30, f);
    fclose(f);
    chmod(path, 0755);
    const char *argv[] = {path, NULL};
    xv_proc_spec s = {.argv = argv, .timeout = 10};
    xv_proc_result r;
    run(&s, &r);
    assert_false(r.started);
    assert_int_equal(r.exec_errno, ENOEXEC);
    char what[256];
    assert_int_equal(xv_smoke_classify(&r, 0, 0, what, sizeof what), XV_SC_EXEC_FORMAT);
    xv_proc_result_free(&r);

    /* A missing working directory is the runner's failure, not the binary's. */
    const char *argv2[] = {"true", NULL};
    xv_proc_spec s2 = {.argv = argv2, .timeout = 10, .cwd = "/nonexistent/xv"};
    run(&s2, &r);
    assert_false(r.started);
    assert_int_equal(xv_smoke_classify(&r, 0, 0, what, sizeof what), XV_SC_RUNNER);
    xv_proc_result_free(&r);
    unlink(path);
    rmdir(dir);
}

/* No network and a read-only tree, where the kernel lets us (root here;
 * the flags say when it did not, and the test then says so). */
static void test_isolation(void **state)
{
    (void)state;
    char dir[] = "/tmp/xvproc.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "grep -c : /proc/net/dev; touch %s/w 2>/dev/null && echo writable || echo readonly",
             dir);
    const char *argv[] = {"sh", "-c", cmd, NULL};
    xv_proc_spec s = {.argv = argv, .timeout = 10, .no_network = 1, .ro_paths = {dir}};
    xv_proc_result r;
    run(&s, &r);
    if (!r.net_isolated || !r.ro_applied) {
        xv_proc_result_free(&r);
        rmdir(dir);
        XV_SKIP_OR_FAIL("no permission for network/mount namespaces here");
        return;
    }
    /* Only the loopback device exists in a fresh network namespace. */
    assert_memory_equal(r.out, "1\n", 2);
    assert_non_null(strstr(r.out, "readonly"));
    xv_proc_result_free(&r);
    char w[300];
    snprintf(w, sizeof w, "%s/w", dir);
    assert_int_not_equal(access(w, F_OK), 0);
    rmdir(dir);
}

/* Loader messages as glibc, musl and Wine print them. */
static void test_classify_loader_text(void **state)
{
    (void)state;
    xv_proc_result r;
    memset(&r, 0, sizeof r);
    r.started = 1;
    r.exited = 1;
    r.exit_code = 1;
    r.out = (char *)(uintptr_t)"";
    char what[256];
    r.err = (char *)(uintptr_t)"/xv/pkg/app: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' "
                                "not found (required by /xv/pkg/app)\n";
    assert_int_equal(xv_smoke_classify(&r, 0, 0, what, sizeof what), XV_SC_SYMBOL_VERSION);
    assert_string_equal(what, "GLIBC_2.34 (required by /xv/pkg/app)");
    r.exit_code = 127;
    r.err = (char *)(uintptr_t)"/xv/pkg/app: error while loading shared libraries: libgone.so.1: "
                                "cannot open shared object file: No such file or directory\n";
    assert_int_equal(xv_smoke_classify(&r, 0, 0, what, sizeof what), XV_SC_MISSING_LIB);
    assert_string_equal(what, "libgone.so.1");
    r.exit_code = 0;
    r.err = (char *)(uintptr_t)"";
    r.out = (char *)(uintptr_t)"\tlinux-vdso.so.1 (0x0)\n\tlibgone.so.1 => not found\n";
    assert_int_equal(xv_smoke_classify(&r, 0, 0, what, sizeof what), XV_SC_MISSING_LIB);
    assert_string_equal(what, "libgone.so.1");
    r.out = (char *)(uintptr_t)"";
    r.exit_code = 53;
    r.err = (char *)(uintptr_t)"0024:err:module:import_dll Library nothere.dll (which is needed by "
                                "L\"Z:\\\\pkg\\\\app.exe\") not found\n";
    assert_int_equal(xv_smoke_classify(&r, 0, 0, what, sizeof what), XV_SC_MISSING_LIB);
    assert_string_equal(what, "nothere.dll");
}

/* A close-on-exec fd named in keep_fd reaches the command (bubblewrap's
 * --seccomp FD); others do not. */
static void test_keep_fd(void **state)
{
    (void)state;
    int fd = memfd_create("t", MFD_CLOEXEC);
    assert_true(fd > 2);
    assert_int_equal(write(fd, "kept\n", 5), 5);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "cat <&%d", fd);
    const char *argv[] = {"sh", "-c", cmd, NULL};
    xv_proc_spec s = {.argv = argv, .timeout = 10, .keep_fd = fd};
    xv_proc_result r;
    run(&s, &r);
    assert_string_equal(r.out, "kept\n");
    xv_proc_result_free(&r);
    /* Without keep_fd the same fd is closed at exec. */
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    s.keep_fd = 0;
    run(&s, &r);
    assert_string_equal(r.out, "");
    assert_int_not_equal(r.exit_code, 0);
    xv_proc_result_free(&r);
    close(fd);
}

static char pidfile[64];

static void *run_thread(void *arg)
{
    xv_proc_result *r = arg;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "sleep 60 & echo $! > %s.tmp && mv %s.tmp %s; sleep 60", pidfile,
             pidfile, pidfile);
    const char *argv[] = {"sh", "-c", cmd, NULL};
    xv_proc_spec s = {.argv = argv, .timeout = 50};
    xv_proc_run(&s, r);
    return NULL;
}

/* The interruption: every live group dies, nothing new starts, cleanup
 * commands still run. Last in the list: the flag stays set. */
static void test_interrupt(void **state)
{
    (void)state;
    assert_int_equal(xv_proc_interrupted(), 0);
    xv_proc_result r;
    memset(&r, 0, sizeof r);
    snprintf(pidfile, sizeof pidfile, "/tmp/xv-proc-int.%ld", (long)getpid());
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, run_thread, &r), 0);
    /* Wait until the command runs: its background sleeper wrote its pid. */
    long bg = 0;
    for (int i = 0; i < 3000 && bg <= 0; i++) {
        usleep(10000);
        FILE *f = fopen(pidfile, "r");
        if (f) {
            if (fscanf(f, "%ld", &bg) != 1)
                bg = 0;
            fclose(f);
        }
    }
    unlink(pidfile);
    assert_true(bg > 0);
    xv_proc_interrupt_raise(SIGTERM);
    pthread_join(th, NULL);
    assert_int_equal(xv_proc_interrupted(), SIGTERM);
    assert_true(r.started);
    assert_true(r.interrupted);
    assert_false(r.timed_out);
    assert_true(r.signaled);
    assert_int_equal(r.signo, SIGKILL);
    /* SIGKILLed; give the kernel and init a moment to reap it. */
    for (int i = 0; i < 500 && pid_alive(bg); i++)
        usleep(10000);
    assert_false(pid_alive(bg));
    xv_proc_result_free(&r);

    const char *argv[] = {"true", NULL};
    xv_proc_spec s = {.argv = argv, .timeout = 10};
    run(&s, &r);
    assert_false(r.started);
    assert_true(r.interrupted);
    assert_string_equal(r.exec_step, "interrupted");
    xv_proc_result_free(&r);
    s.cleanup = 1;
    run(&s, &r);
    assert_true(r.started);
    assert_false(r.interrupted);
    assert_int_equal(r.exit_code, 0);
    xv_proc_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exit_and_capture),
        cmocka_unit_test(test_exit_after_pipes_close),
        cmocka_unit_test(test_timeout_kills_group),
        cmocka_unit_test(test_leader_exit_kills_leftovers),
        cmocka_unit_test(test_capture_cap),
        cmocka_unit_test(test_stdin),
        cmocka_unit_test(test_signal_named),
        cmocka_unit_test(test_exec_format),
        cmocka_unit_test(test_isolation),
        cmocka_unit_test(test_classify_loader_text),
        cmocka_unit_test(test_keep_fd),
        cmocka_unit_test(test_interrupt), /* last: the flag stays set */
    };
    return cmocka_run_group_tests_name("proc", tests, NULL, NULL);
}
