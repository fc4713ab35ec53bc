/* symbols.versions, symbols.exports and os.min against matrix floors and
 * rules, on real binaries. */
#include "checks_fixture.h"

static int teardown(void **state)
{
    (void)state;
    cf_cleanup();
    return 0;
}

/* The fixtures are linked on this machine: every glibc executable needs at
 * least GLIBC_2.34 (__libc_start_main), so a 2.31 floor must fail and a floor
 * at the real maximum must pass. */
static void glibc_floor(void **state)
{
    (void)state;
    CF_NEED("checks/elf/app");
    cf_mkroot();
    cf_put("dist/x_1.0_linux_amd64/bin/app", "checks/elf/app");
    cf_put("dist/x_1.0_linux_amd64/lib/libgood.so.1", "checks/elf/libgood.so.1");
    xv_run *run = cf_run("dist", NULL);
    const xv_result *r = cf_get(run, "symbols.versions", "bin/app");
    CF_VERDICT(r, XV_PASS);
    CF_MSG_HAS(r, "no floor declared");
    const char *maxv = NULL;
    for (size_t i = 0; i < r->nfacts; i++)
        if (strcmp(r->facts[i].key, "glibc") == 0)
            maxv = r->facts[i].value;
    assert_non_null(maxv);
    assert_true(strncmp(maxv, "GLIBC_2.", 8) == 0);
    char floor_ok[64];
    snprintf(floor_ok, sizeof floor_ok, "%s", maxv + 6);
    xv_run_free(run);

    run = cf_run("dist", "{ \"platforms\": { \"linux_amd64\": { \"glibc\": \"2.31\" } } }");
    r = cf_get(run, "symbols.versions", "bin/app");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "but the floor is GLIBC_2.31");
    CF_MSG_HAS(r, "__libc_start_main@GLIBC_2.34");
    assert_non_null(strstr(r->hint, "platforms.linux_amd64.glibc"));
    xv_run_free(run);

    char m[256];
    snprintf(m, sizeof m, "{ \"platforms\": { \"linux_amd64\": { \"glibc\": \"%s\" } } }", floor_ok);
    run = cf_run("dist", m);
    r = cf_get(run, "symbols.versions", "bin/app");
    CF_VERDICT(r, XV_PASS);
    CF_MSG_HAS(r, "within the floor");
    xv_run_free(run);
}

/* A manylinux_2_17 wheel's tag is its floor. */
static void wheel_tag_floor(void **state)
{
    (void)state;
    CF_NEED("checks/elf/app");
    cf_mkroot();
    cf_put("dist/pkg-1.0-cp311-cp311-manylinux_2_17_x86_64/good/app", "checks/elf/app");
    /* libgood needs only GLIBC_2.2.5: within the tag's floor. */
    cf_put("dist/pkg-1.0-cp311-cp311-manylinux_2_17_x86_64/good/libgood.so.1", "checks/elf/libgood.so.1");
    xv_run *run = cf_run("dist", NULL);
    const xv_result *r = cf_get(run, "symbols.versions", "good/app");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "floor is GLIBC_2.17");
    r = cf_get(run, "symbols.versions", "libgood.so.1");
    CF_VERDICT(r, XV_PASS);
    CF_MSG_HAS(r, "within the floor");
    xv_run_free(run);
}

static void exports_rules(void **state)
{
    (void)state;
    CF_NEED("checks/elf/libgood.so.1");
    CF_NEED("macho/arm64/libfoo.dylib");
    cf_mkroot();
    cf_put("dist/x_1.0_linux_amd64/lib/libgood.so.1", "checks/elf/libgood.so.1");
    cf_put("dist/x_1.0_windows_amd64/good.dll", "checks/pe/good.dll");
    cf_put("dist/x_1.0_darwin_arm64/lib/libfoo.dylib", "macho/arm64/libfoo.dylib");
    /* Mach-O: "foo_*" matches "_foo_add" (one leading underscore dropped). */
    xv_run *run = cf_run("dist",
        "{ \"files\": [\n"
        "  { \"match\": \"libgood.so.*\", \"exports\": { \"required\": [\"good_version\", \"good_sum\"] } },\n"
        "  { \"match\": \"good.dll\", \"exports\": { \"required\": [\"good_*\"], \"forbidden\": [\"*test*\"] } },\n"
        "  { \"match\": \"**/libfoo.dylib\", \"exports\": { \"required\": [\"foo_add\", \"foo_name\"], \"forbidden\": [\"_Z*\"] } }\n"
        "] }");
    CF_VERDICT(cf_get(run, "symbols.exports", "lib/libgood.so.1"), XV_PASS);
    CF_VERDICT(cf_get(run, "symbols.exports", "good.dll"), XV_PASS);
    CF_VERDICT(cf_get(run, "symbols.exports", "lib/libfoo.dylib"), XV_PASS);
    xv_run_free(run);

    run = cf_run("dist",
        "{ \"files\": [\n"
        "  { \"match\": \"libgood.so.*\", \"exports\": { \"forbidden\": [\"*test_*\"] } },\n"
        "  { \"match\": \"good.dll\", \"exports\": { \"required\": [\"good_features\"] } },\n"
        "  { \"match\": \"nothing-*.so\", \"exports\": { \"required\": [\"x\"] } }\n"
        "] }");
    const xv_result *r = cf_get(run, "symbols.exports", "lib/libgood.so.1");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "exports forbidden symbol good_test_hook (matches *test_*)");
    r = cf_get(run, "symbols.exports", "good.dll");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "no exported symbol matches required \"good_features\"");
    r = cf_get(run, "symbols.exports", "nothing-*.so");
    CF_VERDICT(r, XV_WARN);
    xv_run_free(run);
}

static void os_min_floors(void **state)
{
    (void)state;
    CF_NEED("macho/arm64/main-minos13");
    cf_mkroot();
    cf_put("dist/x_1.0_darwin_arm64/bin/main", "macho/arm64/main");
    cf_put("dist/x_1.0_darwin_arm64/bin/main13", "macho/arm64/main-minos13");
    cf_put("dist/x_1.0_windows_amd64/app.exe", "checks/pe/app.exe");
    xv_run *run = cf_run("dist", "{ \"platforms\": { \"darwin_arm64\": { \"macos_min\": \"11.0\" },"
                                 " \"windows_amd64\": { \"windows_min\": \"5.1\" } } }");
    CF_VERDICT(cf_get(run, "os.min", "bin/main"), XV_PASS);
    const xv_result *r = cf_get(run, "os.min", "bin/main13");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "requires macOS 13.0 but the floor is 11.0");
    r = cf_get(run, "os.min", "app.exe");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "requires Windows 5.2 but the floor is 5.1");
    xv_run_free(run);
    run = cf_run("dist", NULL);
    r = cf_get(run, "os.min", "bin/main13");
    CF_VERDICT(r, XV_PASS);
    CF_MSG_HAS(r, "no floor declared");
    xv_run_free(run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(glibc_floor, teardown),
        cmocka_unit_test_teardown(wheel_tag_floor, teardown),
        cmocka_unit_test_teardown(exports_rules, teardown),
        cmocka_unit_test_teardown(os_min_floors, teardown),
    };
    return cmocka_run_group_tests_name("checks_symbols", tests, NULL, NULL);
}
