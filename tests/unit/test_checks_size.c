/* size.budget, size.baseline and size.consistency on real binaries. */
#include "checks_fixture.h"

static int teardown(void **state)
{
    (void)state;
    cf_cleanup();
    return 0;
}

/* Appends n zero bytes to <root>/<rel> (an ELF stays readable: the padding
 * lies after its section headers' data, past every table). */
static void grow(const char *rel, size_t n)
{
    char p[2048];
    snprintf(p, sizeof p, "%s/%s", cf_root, rel);
    FILE *f = fopen(p, "ab");
    assert_non_null(f);
    static char zero[65536];
    while (n) {
        size_t k = n < sizeof zero ? n : sizeof zero;
        assert_int_equal(fwrite(zero, 1, k, f), k);
        n -= k;
    }
    fclose(f);
}

static void budget(void **state)
{
    (void)state;
    CF_NEED("checks/elf/app");
    cf_mkroot();
    cf_put("dist/x_1.0_linux_amd64/bin/app", "checks/elf/app");
    cf_put("dist/x_1.0_linux_amd64/lib/libgood.so.1", "checks/elf/libgood.so.1");
    xv_run *run = cf_run("dist", "{ \"files\": [ { \"match\": \"**/bin/app\", \"size\": { \"min\": \"1KB\", \"max\": \"1MB\" } },"
                                 " { \"match\": \"libgood.so.*\", \"size\": { \"max\": 4096 } },"
                                 " { \"match\": \"**/lib/*.so.1\", \"size\": { \"min\": \"1MiB\" } } ] }");
    CF_VERDICT(cf_get(run, "size.budget", "bin/app"), XV_PASS);
    size_t nfail = 0;
    for (size_t i = 0; i < xv_run_result_count(run); i++) {
        const xv_result *r = xv_run_result(run, i);
        if (strcmp(r->check, "size.budget") == 0 && cf_ends_with(r->subject, "libgood.so.1")) {
            CF_VERDICT(r, XV_FAIL);
            assert_true(strstr(r->message, "over the budget of 4.1 KB") || strstr(r->message, "under the minimum of 1.0 MB"));
            nfail++;
        }
    }
    assert_int_equal(nfail, 2);
    xv_run_free(run);
}

static void baseline(void **state)
{
    (void)state;
    CF_NEED("checks/elf/app");
    cf_mkroot();
    /* Old release: version 0.9; the new one: 1.0 (package names differ). */
    cf_put("old/x_0.9_linux_amd64/bin/app", "checks/elf/app");
    cf_put("old/x_0.9_linux_amd64/bin/tool", "checks/elf/app");
    cf_put("old/x_0.9_linux_amd64/lib/libgood.so.1", "checks/elf/libgood.so.1");
    cf_put("new/x_1.0_linux_amd64/bin/app", "checks/elf/app");
    cf_put("new/x_1.0_linux_amd64/lib/libgood.so.1", "checks/elf/libgood.so.1");
    grow("new/x_1.0_linux_amd64/lib/libgood.so.1", 20000);
    xv_run *run = cf_run_opts("new", NULL, "2026-01-01", "old");
    const xv_result *r = cf_get(run, "size.baseline", "bin/app");
    CF_VERDICT(r, XV_PASS);
    CF_MSG_HAS(r, "+0.0%");
    r = cf_get(run, "size.baseline", "lib/libgood.so.1");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "grew");
    r = cf_get(run, "size.baseline", "bin/tool");
    CF_VERDICT(r, XV_WARN);
    CF_MSG_HAS(r, "missing from this release");
    xv_run_free(run);
    /* An absolute threshold set too: both must be exceeded. */
    const char *m = "{ \"baseline\": { \"path\": \"old\", \"max_growth_percent\": 50, \"max_growth_bytes\": \"1MB\" } }";
    /* baseline.path is relative to the matrix file's folder. */
    run = cf_run_opts("new", m, "2026-01-01", NULL);
    CF_VERDICT(cf_get(run, "size.baseline", "lib/libgood.so.1"), XV_PASS);
    xv_run_free(run);
}

static void consistency(void **state)
{
    (void)state;
    CF_NEED("checks/pe/good.dll");
    cf_mkroot();
    cf_put("dist/x_1.0_linux_amd64/lib/libgood.so.1", "checks/elf/libgood.so.1");
    cf_put("dist/x_1.0_windows_amd64/good.dll", "checks/pe/good.dll");
    xv_run *run = cf_run("dist", NULL);
    const xv_result *r = cf_get(run, "size.consistency", "good");
    CF_VERDICT(r, XV_PASS);
    CF_MSG_HAS(r, "library good");
    xv_run_free(run);
    /* The Linux copy 3 MB larger: over ratio 4 and over the 1 MB slack. */
    grow("dist/x_1.0_linux_amd64/lib/libgood.so.1", 3000000);
    run = cf_run("dist", NULL);
    r = cf_get(run, "size.consistency", "good");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "differs");
    CF_MSG_HAS(r, "linux_amd64 3.0 MB");
    xv_run_free(run);
    /* A generous ratio from the matrix. */
    run = cf_run("dist", "{ \"size\": { \"consistency_ratio\": 1000 } }");
    CF_VERDICT(cf_get(run, "size.consistency", "good"), XV_PASS);
    xv_run_free(run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(budget, teardown),
        cmocka_unit_test_teardown(baseline, teardown),
        cmocka_unit_test_teardown(consistency, teardown),
    };
    return cmocka_run_group_tests_name("checks_size", tests, NULL, NULL);
}
