/* Golden files of the terminal (no colour; normal, -q, -v), Markdown, JUnit
 * and JSON reports of the synthetic run in report_synth.h, written with
 * XV_DETERMINISTIC=1. They change only when a writer changes, never with
 * the checks' wording. Regenerate after an intended change with
 *   XV_UPDATE_GOLDEN=1 ctest -R unit.report_golden
 * and review the diff (git diff tests/cli/golden/). */
#include "xvtest.h"

#include <unistd.h>

#include "report_synth.h"

static void golden(const char *got, const char *name)
{
    const char *src = getenv("XV_SOURCE_DIR");
    if (!src)
        XV_SKIP_OR_FAIL("XV_SOURCE_DIR unset: run through ctest");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/cli/golden/%s", src, name);
    const char *upd = getenv("XV_UPDATE_GOLDEN");
    if (upd && strcmp(upd, "1") == 0) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(got, f);
        fclose(f);
        return;
    }
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("missing golden %s (XV_UPDATE_GOLDEN=1 writes it)", path);
    char *want = calloc(1, 1 << 20);
    size_t n = fread(want, 1, (1 << 20) - 1, f);
    fclose(f);
    want[n] = '\0';
    if (strcmp(want, got) != 0) {
        char tmp[] = "/tmp/xv_golden_XXXXXX", cmd[8300];
        int fd = mkstemp(tmp);
        assert_true(fd >= 0);
        FILE *g = fdopen(fd, "w");
        fputs(got, g);
        fclose(g);
        snprintf(cmd, sizeof cmd, "diff -u '%s' '%s' >&2", path, tmp);
        if (system(cmd) < 0)
            fprintf(stderr, "diff failed\n");
        unlink(tmp);
        free(want);
        fail_msg("%s differs from its golden (XV_UPDATE_GOLDEN=1 to regenerate)", name);
    }
    free(want);
}

static void check(void **state, xv_report_kind kind, int verbosity, const char *name)
{
    fx *f = *state;
    setenv("XV_DETERMINISTIC", "1", 1);
    char *got = render(f->run, kind, 0, verbosity);
    unsetenv("XV_DETERMINISTIC");
    golden(got, name);
    free(got);
}

/* A release of system packages: every result names the .deb/.rpm (never its
 * data.tar.*), in the header of its group and in its messages. */
static int setup_syspkg(void **state)
{
    fx *f = calloc(1, sizeof *f);
    xv_run_opts o;
    xv_run_opts_init(&o);
    f->run = xv_run_new(&o);
    assert_non_null(f->run);
    xv_run *r = f->run;
    const char *pd = "dist/app_1.0-1_amd64.deb";
    const char *pr = "dist/app-1.0-1.x86_64.rpm";
    xv_result *w = push(r, "deps.resolve", "dist/app_1.0-1_amd64.deb!/usr/bin/app", pd,
                        "linux_amd64", NULL, XV_PASS, "2 needed libraries resolved", NULL,
                        "libfoo.so.1 → usr/lib/x86_64-linux-gnu/libfoo.so.1 from "
                        "libfoo1_1.0-1_amd64.deb, a declared dependency (Depends: libfoo1)\n"
                        "libc.so.6 → system\n");
    xv_run_add_fact(r, w, "libfoo.so.1", "usr/lib/x86_64-linux-gnu/libfoo.so.1 from "
                    "libfoo1_1.0-1_amd64.deb, a declared dependency (Depends: libfoo1)");
    push(r, "hardening", "dist/app_1.0-1_amd64.deb!/usr/bin/app", pd, "linux_amd64", NULL,
         XV_PASS, "PIE, full RELRO, NX, stack protector, FORTIFY", NULL, NULL);
    push(r, "deps.resolve", "dist/app-1.0-1.x86_64.rpm!/usr/bin/app", pr, "linux_amd64", NULL,
         XV_FAIL, "needs libfoo.so.1: not installed by app-1.0-1.x86_64.rpm where the loader "
         "looks, not provided by a declared dependency, and not a system library of linux_amd64 "
         "(searched: the rpm distro loader's folders /lib64, /usr/lib64)",
         "declare the package that provides it: Requires: libfoo.so.1()(64bit) in the spec "
         "(rpmbuild adds it itself unless AutoReq is off), or install libfoo.so.1 into "
         "/usr/lib64/ in this package", NULL);
    push(r, "deps.resolve", "dist/libfoo1_1.0-1_amd64.deb!/usr/lib/x86_64-linux-gnu/libfoo.so.1.0",
         "dist/libfoo1_1.0-1_amd64.deb", "linux_amd64", NULL, XV_PASS,
         "1 needed library resolved", NULL, NULL);
    *state = f;
    return 0;
}

static void test_terminal(void **s) { check(s, XV_REPORT_TERMINAL, 0, "synthetic.txt"); }
static void test_terminal_quiet(void **s) { check(s, XV_REPORT_TERMINAL, -1, "synthetic-q.txt"); }
static void test_terminal_verbose(void **s) { check(s, XV_REPORT_TERMINAL, 1, "synthetic-v.txt"); }
static void test_markdown(void **s) { check(s, XV_REPORT_MARKDOWN, 0, "synthetic.md"); }
static void test_junit(void **s) { check(s, XV_REPORT_JUNIT, 0, "synthetic.xml"); }
static void test_json(void **s) { check(s, XV_REPORT_JSON, 0, "synthetic.json"); }
static void test_sys_terminal(void **s) { check(s, XV_REPORT_TERMINAL, 0, "syspkg.txt"); }
static void test_sys_markdown(void **s) { check(s, XV_REPORT_MARKDOWN, 0, "syspkg.md"); }
static void test_sys_junit(void **s) { check(s, XV_REPORT_JUNIT, 0, "syspkg.xml"); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_terminal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_terminal_quiet, setup, teardown),
        cmocka_unit_test_setup_teardown(test_terminal_verbose, setup, teardown),
        cmocka_unit_test_setup_teardown(test_markdown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_junit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sys_terminal, setup_syspkg, teardown),
        cmocka_unit_test_setup_teardown(test_sys_markdown, setup_syspkg, teardown),
        cmocka_unit_test_setup_teardown(test_sys_junit, setup_syspkg, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
