/* Stable identities (src/report/identity.c, docs/identities.md): the
 * version found in package names, the package identity, member identities
 * and fingerprints. The top-folder rule needs a walked release: it is
 * tested end to end by tests/cli/identities.sh. */
#include "xvtest.h"

#include "report/report_util.h"
#include "core/run_internal.h"

static xv_run *run_with(const char *pkg, const char *subject)
{
    xv_run_opts o;
    xv_run_opts_init(&o);
    xv_run *run = xv_run_new(&o);
    assert_non_null(run);
    xv_result *r = xv_run_push_result(run);
    r->check = "hardening";
    r->subject = xv_run_strdup(run, subject);
    r->package = xv_run_strdup(run, pkg);
    r->platform = "linux_amd64";
    r->message = "m";
    r->verdict = r->raw = XV_FAIL;
    return run;
}

static void identities(void **state)
{
    (void)state;
    static const struct { const char *pkg, *subject, *version, *pkg_ident, *ident; } rows[] = {
        { "dist/app_1.2.0_linux_amd64.tar.gz", "dist/app_1.2.0_linux_amd64.tar.gz!/bin/app",
          "1.2.0", "app_linux_amd64.tar.gz", "bin/app" },
        { "/ci/ws/9/dist/app-v2.0.1.zip", "/ci/ws/9/dist/app-v2.0.1.zip!/app.exe",
          "2.0.1", "app.zip", "app.exe" },
        { "dist/app_1.0-1_amd64.deb", "dist/app_1.0-1_amd64.deb!/usr/bin/app",
          "1.0-1", "app_amd64.deb", "usr/bin/app" },
        { "dist/app-1.0-1.x86_64.rpm", "dist/app-1.0-1.x86_64.rpm",
          "1.0-1", "app.x86_64.rpm", "app.x86_64.rpm" },
        { "dist/tool-3.1.0-rc2-linux-arm64.tar.xz", "dist/tool-3.1.0-rc2-linux-arm64.tar.xz!/share/doc/tool-3.1.0-rc2/README",
          "3.1.0-rc2", "tool-linux-arm64.tar.xz", "share/doc/tool/README" },
        { "dist/lib_1.2.0_linux_amd64.tar.gz", "dist/lib_1.2.0_linux_amd64.tar.gz!/lib/libfoo.so.1.2.0",
          "1.2.0", "lib_linux_amd64.tar.gz", "lib/libfoo.so.1.2.0" },
        { "dist/linux_amd64", "dist/linux_amd64/bin/app", "", "linux_amd64", "bin/app" },
        { NULL, "darwin_arm64", "", "release", "darwin_arm64" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        xv_run *run = run_with(rows[i].pkg, rows[i].subject);
        xv_rep rep;
        assert_int_equal(xv_rep_build(&rep, run), XV_OK);
        const xv_rep_item *it = &rep.items[0];
        const xv_rep_pkg *p = &rep.packages[it->package];
        char id[512];
        if (rows[i].pkg) {
            assert_string_equal(p->version, rows[i].version);
            assert_string_equal(p->ident, rows[i].pkg_ident);
        } else {
            assert_string_equal(p->name, rows[i].pkg_ident);
        }
        assert_string_equal(xv_rep_identity(&rep, it, id, sizeof id), rows[i].ident);
        xv_rep_free(&rep);
        xv_run_free(run);
    }
}

static void fingerprint_of(const char *pkg, const char *subject, char out[33])
{
    xv_run *run = run_with(pkg, subject);
    xv_rep rep;
    assert_int_equal(xv_rep_build(&rep, run), XV_OK);
    xv_rep_fingerprint(&rep, &rep.items[0], out);
    xv_rep_free(&rep);
    xv_run_free(run);
}

static void fingerprints(void **state)
{
    (void)state;
    char a[33], b[33], c[33], d[33];
    fingerprint_of("/ws/a/dist/app_1.2.0_linux_amd64.tar.gz",
                   "/ws/a/dist/app_1.2.0_linux_amd64.tar.gz!/bin/app", a);
    fingerprint_of("other/dist/app_1.3.0_linux_amd64.tar.gz",
                   "other/dist/app_1.3.0_linux_amd64.tar.gz!/bin/app", b);
    fingerprint_of("other/dist/app_1.3.0_linux_amd64.tar.gz",
                   "other/dist/app_1.3.0_linux_amd64.tar.gz!/bin/app2", c);
    fingerprint_of("dist/app_1.3.0_linux_amd64.tar.gz",
                   "dist/app_1.3.0_linux_amd64.tar.gz!/lib/app", d);
    assert_int_equal(strlen(a), 32);
    assert_string_equal(a, b);          /* another workspace and version */
    assert_string_not_equal(a, c);      /* another member */
    assert_string_not_equal(a, d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identities),
        cmocka_unit_test(fingerprints),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
