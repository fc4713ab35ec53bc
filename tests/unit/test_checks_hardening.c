/* hardening on real binaries: each fixture carries one defect. */
#include "checks_fixture.h"

static int teardown(void **state)
{
    (void)state;
    cf_cleanup();
    return 0;
}

static void elf_defaults(void **state)
{
    (void)state;
    CF_NEED("checks/elf/app");
    cf_mkroot();
    static const char *const names[] = { "app", "app-nopie", "app-execstack", "app-partialrelro",
                                         "app-nocanary", "libgood.so.1", "libtextrel.so" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char dst[256], src[256];
        snprintf(dst, sizeof dst, "dist/x_1.0_linux_amd64/%s", names[i]);
        snprintf(src, sizeof src, "checks/elf/%s", names[i]);
        cf_put(dst, src);
    }
    xv_run *run = cf_run("dist", NULL);
    const xv_result *r = cf_get(run, "hardening", "/app");
    CF_VERDICT(r, XV_PASS);
    CF_MSG_HAS(r, "PIE");
    CF_MSG_HAS(r, "full RELRO");

    r = cf_get(run, "hardening", "/app-nopie");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "not PIE");
    assert_non_null(strstr(r->hint, "-fPIE -pie"));

    r = cf_get(run, "hardening", "/app-execstack");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "executable stack");

    r = cf_get(run, "hardening", "/app-partialrelro");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "partial RELRO");

    r = cf_get(run, "hardening", "/app-nocanary");
    CF_VERDICT(r, XV_WARN);
    CF_MSG_HAS(r, "no stack protector");
    assert_non_null(strstr(r->detail, "fortifiable but not fortified"));

    /* Libraries: NX and TEXTREL only. */
    CF_VERDICT(cf_get(run, "hardening", "/libgood.so.1"), XV_PASS);
    r = cf_get(run, "hardening", "/libtextrel.so");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "text relocations");
    xv_run_free(run);
}

/* FORTIFY_SOURCE as a fact: only "fortifiable but not fortified" warns. */
static void fortify_facts(void **state)
{
    (void)state;
    CF_NEED("checks/elf/fortify-nothing");
    cf_mkroot();
    cf_put("dist/x_1.0_linux_amd64/app", "checks/elf/app");
    cf_put("dist/x_1.0_linux_amd64/fortify-unfortified", "checks/elf/fortify-unfortified");
    cf_put("dist/x_1.0_linux_amd64/fortify-nothing", "checks/elf/fortify-nothing");
    cf_put("dist/x_1.0_linux_amd64/libgood.so.1", "checks/elf/libgood.so.1");
    xv_run *run = cf_run("dist", NULL);

    const xv_result *r = cf_get(run, "hardening", "/app");
    CF_VERDICT(r, XV_PASS);
    CF_MSG_HAS(r, "FORTIFY (");
    assert_string_equal(cf_fact(r, "fortify"), "fortified");

    r = cf_get(run, "hardening", "/fortify-unfortified");
    CF_VERDICT(r, XV_WARN);
    CF_MSG_HAS(r, "fortifiable but not fortified");
    assert_non_null(strstr(r->hint, "_FORTIFY_SOURCE"));
    assert_string_equal(cf_fact(r, "fortify"), "fortifiable but not fortified");

    r = cf_get(run, "hardening", "/fortify-nothing");
    CF_VERDICT(r, XV_PASS);
    CF_MSG_HAS(r, "nothing to fortify");
    assert_string_equal(cf_fact(r, "fortify"), "nothing to fortify");
    xv_run_free(run);
}

static void pe_defaults(void **state)
{
    (void)state;
    CF_NEED("checks/pe/app.exe");
    cf_mkroot();
    cf_put("dist/x_1.0_windows_amd64/app.exe", "checks/pe/app.exe");
    cf_put("dist/x_1.0_windows_amd64/good.dll", "checks/pe/good.dll");
    cf_put("dist/x_1.0_windows_amd64/app-nodynbase.exe", "checks/pe/app-nodynbase.exe");
    xv_run *run = cf_run("dist", NULL);
    CF_VERDICT(cf_get(run, "hardening", "/app.exe"), XV_PASS);
    CF_VERDICT(cf_get(run, "hardening", "/good.dll"), XV_PASS);
    const xv_result *r = cf_get(run, "hardening", "/app-nodynbase.exe");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "no DYNAMICBASE");
    CF_MSG_HAS(r, "(and 2 more)");
    assert_non_null(strstr(r->detail, "no NX_COMPAT"));
    assert_non_null(strstr(r->detail, "no HIGH_ENTROPY_VA"));
    xv_run_free(run);
}

static void macho_pie(void **state)
{
    (void)state;
    CF_NEED("macho/x86_64/main-nopie");
    cf_mkroot();
    cf_put("dist/x_1.0_darwin_amd64/bin/main", "macho/x86_64/main");
    cf_put("dist/x_1.0_darwin_amd64/bin/main-nopie", "macho/x86_64/main-nopie");
    cf_put("dist/x_1.0_darwin_amd64/lib/libfoo.dylib", "macho/x86_64/libfoo.dylib");
    xv_run *run = cf_run("dist", NULL);
    CF_VERDICT(cf_get(run, "hardening", "/bin/main"), XV_PASS);
    const xv_result *r = cf_get(run, "hardening", "/bin/main-nopie");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "not PIE");
    xv_run_free(run);
}

static void severity_and_waiver(void **state)
{
    (void)state;
    CF_NEED("checks/elf/app-nopie");
    cf_mkroot();
    cf_put("dist/x_1.0_linux_amd64/app-nopie", "checks/elf/app-nopie");
    /* severity warn: the failure becomes a warning (the raw verdict stays). */
    xv_run *run = cf_run("dist", "{ \"severity\": { \"hardening\": \"warn\" } }");
    const xv_result *r = cf_get(run, "hardening", "/app-nopie");
    CF_VERDICT(r, XV_WARN);
    assert_int_equal(r->raw, XV_FAIL);
    xv_run_free(run);
    /* severity off: a skip that says why. */
    run = cf_run("dist", "{ \"severity\": { \"hardening\": \"off\" } }");
    r = cf_get(run, "hardening", "/app-nopie");
    CF_VERDICT(r, XV_SKIP);
    CF_MSG_HAS(r, "disabled by matrix severity");
    xv_run_free(run);
    /* An active waiver: pass, with the reason. */
    const char *w = "{ \"waivers\": [ { \"check\": \"hardening\", \"match\": \"app-nopie\", "
                    "\"reason\": \"old loader\", \"expires\": \"2026-06-30\" } ] }";
    run = cf_run_opts("dist", w, "2026-06-30", NULL);
    r = cf_get(run, "hardening", "/app-nopie");
    CF_VERDICT(r, XV_PASS);
    assert_string_equal(r->waiver, "old loader");
    xv_run_free(run);
    /* The day after it expires: fail, naming reason and date. */
    run = cf_run_opts("dist", w, "2026-07-01", NULL);
    r = cf_get(run, "hardening", "/app-nopie");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "waiver expired on 2026-06-30: \"old loader\"");
    assert_null(r->waiver);
    xv_run_free(run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(elf_defaults, teardown),
        cmocka_unit_test_teardown(fortify_facts, teardown),
        cmocka_unit_test_teardown(pe_defaults, teardown),
        cmocka_unit_test_teardown(macho_pie, teardown),
        cmocka_unit_test_teardown(severity_and_waiver, teardown),
    };
    return cmocka_run_group_tests_name("checks_hardening", tests, NULL, NULL);
}
