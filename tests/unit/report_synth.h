/* The synthetic run shared by the report unit tests (test_report_*.c):
 * results pushed through run_internal.h, no walk. Included by test files
 * only. */
#ifndef XV_TEST_REPORT_SYNTH_H
#define XV_TEST_REPORT_SYNTH_H

#include "xvtest.h"

#include "core/run_internal.h"

/* A subject with everything a hostile archive can put in a member name:
 * an XML-forbidden control char, an ANSI escape, CDATA terminator, quotes,
 * markup, a percent sign and an invalid UTF-8 byte. */
static const char HOSTILE[] = "dist/evil_linux_amd64.tar.gz!/bin/a\x01<b>&\"'\x1b[31m]]>%20 #\xff.so";

typedef struct fx {
    xv_run *run;
} fx;

static xv_result *push(xv_run *run, const char *check, const char *subject, const char *pkg,
                       const char *platform, const char *env, xv_verdict v, const char *msg,
                       const char *hint, const char *detail)
{
    xv_result *r = xv_run_push_result(run);
    assert_non_null(r);
    r->check = xv_run_strdup(run, check);
    r->subject = xv_run_strdup(run, subject);
    r->package = xv_run_strdup(run, pkg);
    r->platform = xv_run_strdup(run, platform);
    r->env = xv_run_strdup(run, env);
    r->verdict = r->raw = v;
    r->message = xv_run_strdup(run, msg);
    r->hint = xv_run_strdup(run, hint);
    r->detail = xv_run_strdup(run, detail);
    r->seconds = 0.25;
    return r;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    xv_run_opts o;
    xv_run_opts_init(&o);
    f->run = xv_run_new(&o);
    assert_non_null(f->run);
    xv_run *r = f->run;
    const char *pa = "dist/app_1.0_linux_amd64.tar.gz";
    const char *pb = "dist/app_1.0_linux_arm64.tar.gz";
    push(r, "arch.match", "dist/app_1.0_linux_amd64.tar.gz!/bin/app", pa, "linux_amd64", NULL,
         XV_PASS, "x86_64 ELF as promised", NULL, NULL);
    push(r, "arch.match", "dist/app_1.0_linux_arm64.tar.gz!/bin/app", pb, "linux_arm64", NULL,
         XV_FAIL, "x86_64 binary in a linux_arm64 package", "build it with the aarch64 toolchain",
         "e_machine: EM_X86_64 (62)\nexpected: EM_AARCH64 (183)");
    push(r, "hardening", "dist/app_1.0_linux_arm64.tar.gz!/bin/app", pb, "linux_arm64", NULL,
         XV_WARN, "no stack canary", "build with -fstack-protector-strong", NULL);
    xv_result *w = push(r, "deps.resolve", HOSTILE, pa, "linux_amd64", NULL, XV_FAIL,
                        "needs libfoo.so.1 \x02]]> neither shipped nor a system library",
                        "ship libfoo.so.1 beside it", "searched: $ORIGIN/../lib ]]> end");
    xv_run_add_fact(r, w, "needed", "libfoo.so.1");
    push(r, "smoke.run", "dist/app_1.0_linux_arm64.tar.gz!/bin/app", pb, "linux_arm64",
         "debian:bookworm", XV_ERROR, "runner crashed", NULL, "qemu: uncaught target signal 11");
    push(r, "smoke.run", "dist/app_1.0_linux_arm64.tar.gz!/bin/app", pb, "linux_arm64",
         "debian:bookworm", XV_PASS, "exit 0, output as expected", NULL, "example 1.0.0\n");
    push(r, "smoke.load", "dist/app_1.0_linux_amd64.tar.gz!/bin/app", pa, "linux_amd64", "wine",
         XV_SKIP, "wine is not installed", NULL, NULL);
    push(r, "platforms", "darwin_arm64", NULL, NULL, NULL, XV_FAIL,
         "no package for required platform darwin_arm64", "add the darwin_arm64 build", NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    xv_run_free(f->run);
    free(f);
    return 0;
}

/* Writes a report into a malloc'd string. */
static char *render(const xv_run *run, xv_report_kind kind, int color, int verbosity)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    xv_report_opts o = {color, verbosity};
    assert_int_equal(xv_report_write(run, kind, &o, m), XV_OK);
    fclose(m);
    return buf;
}

#endif
