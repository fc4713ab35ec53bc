/* manifest and platforms. */
#include "checks_fixture.h"

static int teardown(void **state)
{
    (void)state;
    cf_cleanup();
    return 0;
}

static void arrange(void)
{
    CF_NEED("checks/elf/app");
    cf_mkroot();
    cf_put("dist/x_1.0_linux_amd64/bin/app", "checks/elf/app");
    cf_put("dist/x_1.0_linux_amd64/lib/libgood.so.1", "checks/elf/libgood.so.1");
    cf_write("dist/x_1.0_linux_amd64/README.md", "hello\n");
    cf_put("dist/x_1.0_windows_amd64/app.exe", "checks/pe/app.exe");
    cf_put("dist/x_1.0_windows_amd64/good.dll", "checks/pe/good.dll");
}

static void manifest(void **state)
{
    (void)state;
    arrange();
    xv_run *run = cf_run("dist", "{ \"platforms\": {\n"
                                 "  \"linux_amd64\": { \"manifest\": [\"bin/app\", \"lib/libgood.so.*\", \"README.md\", \"LICENSE\"] },\n"
                                 "  \"windows_amd64\": { \"manifest\": [\"*.exe\", \"good.dll\"] } } }");
    CF_VERDICT(cf_get(run, "manifest", "linux_amd64!/bin/app"), XV_PASS);
    CF_VERDICT(cf_get(run, "manifest", "linux_amd64!/lib/libgood.so.*"), XV_PASS);
    CF_VERDICT(cf_get(run, "manifest", "linux_amd64!/README.md"), XV_PASS);
    const xv_result *r = cf_get(run, "manifest", "linux_amd64!/LICENSE");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "missing LICENSE in x_1.0_linux_amd64 (platforms.linux_amd64.manifest)");
    assert_non_null(r->hint);
    CF_VERDICT(cf_get(run, "manifest", "windows_amd64!/*.exe"), XV_PASS);
    assert_int_equal(cf_count(run, "manifest", XV_FAIL), 1);
    xv_run_free(run);
}

static void platforms(void **state)
{
    (void)state;
    arrange();
    /* Zero configuration: one pass per platform found. */
    xv_run *run = cf_run("dist", NULL);
    CF_VERDICT(cf_get(run, "platforms", "linux_amd64"), XV_PASS);
    CF_VERDICT(cf_get(run, "platforms", "windows_amd64"), XV_PASS);
    assert_int_equal(cf_count(run, "platforms", XV_FAIL), 0);
    xv_run_free(run);
    /* A required platform without a package fails; a package glob that
     * matches nothing names the glob. */
    run = cf_run("dist", "{ \"platforms\": { \"linux_amd64\": {}, \"linux_arm64\": {},"
                         " \"darwin_arm64\": { \"package\": \"x_*_macos.zip\" } } }");
    CF_VERDICT(cf_get(run, "platforms", "linux_amd64"), XV_PASS);
    const xv_result *r = cf_get(run, "platforms", "linux_arm64");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "no package for required platform linux_arm64");
    r = cf_get(run, "platforms", "darwin_arm64");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "x_*_macos.zip");
    assert_int_equal(xv_run_exit_code(run), 1);
    xv_run_free(run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(manifest, teardown),
        cmocka_unit_test_teardown(platforms, teardown),
    };
    return cmocka_run_group_tests_name("checks_manifest", tests, NULL, NULL);
}
