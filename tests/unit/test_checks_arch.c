/* binary.parse and arch.match on real binaries placed in packages whose
 * names promise a platform. */
#include "checks_fixture.h"

static int teardown(void **state)
{
    (void)state;
    cf_cleanup();
    return 0;
}

static void elf_arch_and_format(void **state)
{
    (void)state;
    CF_NEED("checks/elf/hello-aarch64");
    cf_mkroot();
    cf_put("dist/x_1.0_linux_amd64/bin/app", "checks/elf/app");
    cf_put("dist/x_1.0_linux_amd64/bin/hello", "checks/elf/hello-aarch64");
    cf_put("dist/x_1.0_linux_amd64/bin/app.exe", "checks/pe/app.exe");
    cf_put("dist/x_1.0_linux_arm64/bin/hello", "checks/elf/hello-aarch64");
    xv_run *run = cf_run("dist", NULL);
    CF_VERDICT(cf_get(run, "arch.match", "linux_amd64/bin/app"), XV_PASS);
    const xv_result *r = cf_get(run, "arch.match", "linux_amd64/bin/hello");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "is aarch64 but linux_amd64 promises x86_64");
    assert_non_null(r->hint);
    r = cf_get(run, "arch.match", "linux_amd64/bin/app.exe");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "is a pe");
    CF_VERDICT(cf_get(run, "arch.match", "linux_arm64/bin/hello"), XV_PASS);
    /* binary.parse passes on every one of them. */
    assert_int_equal(cf_count(run, "binary.parse", XV_PASS), 4);
    xv_run_free(run);
}

static void macho_universal_slices(void **state)
{
    (void)state;
    CF_NEED("macho/universal/main");
    cf_mkroot();
    cf_put("dist/x_1.0_darwin_universal/fat", "macho/universal/main");
    cf_put("dist/x_1.0_darwin_universal/thin", "macho/arm64/main");
    cf_put("dist/x_1.0_darwin_arm64/fat", "macho/universal/main");
    cf_put("dist/x_1.0_darwin_amd64/arm", "macho/arm64/main");
    xv_run *run = cf_run("dist", NULL);
    CF_VERDICT(cf_get(run, "arch.match", "darwin_universal/fat"), XV_PASS);
    const xv_result *r = cf_get(run, "arch.match", "darwin_universal/thin");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "universal binary lacks the x86_64 slice");
    /* A fat file satisfies a thin platform when it holds that arch. */
    CF_VERDICT(cf_get(run, "arch.match", "darwin_arm64/fat"), XV_PASS);
    CF_VERDICT(cf_get(run, "arch.match", "darwin_amd64/arm"), XV_FAIL);
    xv_run_free(run);
    /* Matrix slices: require a slice the file lacks. */
    run = cf_run("dist", "{ \"platforms\": { \"darwin_universal\": { \"slices\": [\"x86_64\", \"aarch64\", \"i386\"] } } }");
    r = cf_get(run, "arch.match", "darwin_universal/fat");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "lacks the i386 slice");
    xv_run_free(run);
}

static void unknown_platform_skips(void **state)
{
    (void)state;
    CF_NEED("checks/elf/app");
    cf_mkroot();
    cf_put("dist/tools/app", "checks/elf/app");
    xv_run *run = cf_run("dist", NULL);
    const xv_result *r = cf_get(run, "arch.match", "tools/app");
    CF_VERDICT(r, XV_SKIP);
    CF_MSG_HAS(r, "no platform known");
    assert_null(r->platform);
    xv_run_free(run);
    /* The matrix names the package's platform by glob. */
    run = cf_run("dist", "{ \"platforms\": { \"linux_arm64\": { \"package\": \"tools\" } } }");
    r = cf_get(run, "arch.match", "tools/app");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "linux_arm64 promises aarch64");
    assert_non_null(r->platform);
    assert_string_equal(r->platform, "linux_arm64");
    xv_run_free(run);
}

static void truncated_binary_fails_parse(void **state)
{
    (void)state;
    CF_NEED("checks/elf/app");
    cf_mkroot();
    cf_put("dist/x_1.0_linux_amd64/bin/app", "checks/elf/app");
    cf_put("dist/x_1.0_linux_amd64/bin/cut", "checks/elf/app");
    char p[2048];
    snprintf(p, sizeof p, "%s/dist/x_1.0_linux_amd64/bin/cut", cf_root);
    assert_int_equal(truncate(p, 200), 0);
    xv_run *run = cf_run("dist", NULL);
    CF_VERDICT(cf_get(run, "binary.parse", "bin/app"), XV_PASS);
    const xv_result *r = cf_get(run, "binary.parse", "bin/cut");
    CF_VERDICT(r, XV_FAIL);
    assert_non_null(strstr(r->hint, "rebuild or remove the file"));
    xv_run_free(run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(elf_arch_and_format, teardown),
        cmocka_unit_test_teardown(macho_universal_slices, teardown),
        cmocka_unit_test_teardown(unknown_platform_skips, teardown),
        cmocka_unit_test_teardown(truncated_binary_fails_parse, teardown),
    };
    return cmocka_run_group_tests_name("checks_arch", tests, NULL, NULL);
}
