/* deps.resolve and deps.paths on releases arranged from real binaries
 * (fixtures/checks, fixtures/macho): loader-faithful search paths. */
#include "checks_fixture.h"

#define PKG "app_1.0_linux_amd64"

static int teardown(void **state)
{
    (void)state;
    cf_cleanup();
    return 0;
}

static void need_elf(void)
{
    CF_NEED("checks/elf/app");
    cf_mkroot();
}

static void elf_runpath_origin_resolves(void **state)
{
    (void)state;
    need_elf();
    cf_put("dist/" PKG "/bin/app", "checks/elf/app");
    cf_put("dist/" PKG "/lib/libgood.so.1", "checks/elf/libgood.so.1");
    xv_run *run = cf_run("dist", NULL);
    const xv_result *r = cf_get(run, "deps.resolve", PKG "/bin/app");
    CF_VERDICT(r, XV_PASS);
    int found = 0;
    for (size_t i = 0; i < r->nfacts; i++)
        if (strcmp(r->facts[i].key, "libgood.so.1") == 0 && strcmp(r->facts[i].value, "lib/libgood.so.1") == 0)
            found = 1;
    assert_true(found);
    CF_VERDICT(cf_get(run, "deps.resolve", PKG "/lib/libgood.so.1"), XV_PASS);
    xv_run_free(run);
}

static void elf_missing_lib_fails_with_search_and_hint(void **state)
{
    (void)state;
    need_elf();
    cf_put("dist/" PKG "/bin/app", "checks/elf/app");
    xv_run *run = cf_run("dist", NULL);
    const xv_result *r = cf_get(run, "deps.resolve", PKG "/bin/app");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "needs libgood.so.1: not shipped in " PKG " and not a system library of linux_amd64");
    CF_MSG_HAS(r, "(searched: $ORIGIN/../lib → lib/)");
    assert_non_null(r->hint);
    /* the RUNPATH $ORIGIN/../lib already points at lib/: ship it there */
    assert_non_null(strstr(r->hint, "ship libgood.so.1 in lib/ of the package (where its search path points)"));
    assert_non_null(strstr(r->hint, "platforms.linux_amd64.allowed_libs"));
    /* libc.so.6 is a system library: only one unresolved need. */
    assert_null(strstr(r->message, "more"));
    assert_int_equal(xv_run_exit_code(run), 1);
    xv_run_free(run);
}

static void elf_lib_off_the_search_path_fails(void **state)
{
    (void)state;
    need_elf();
    /* The library is shipped, but beside the program, where RUNPATH
     * $ORIGIN/../lib does not look. */
    cf_put("dist/" PKG "/bin/app", "checks/elf/app");
    cf_put("dist/" PKG "/bin/libgood.so.1", "checks/elf/libgood.so.1");
    xv_run *run = cf_run("dist", NULL);
    const xv_result *r = cf_get(run, "deps.resolve", PKG "/bin/app");
    CF_VERDICT(r, XV_FAIL);
    assert_non_null(strstr(r->hint, "is in the package at bin/libgood.so.1"));
    /* the message does not say "not shipped" of a library the package has */
    CF_MSG_HAS(r, "needs libgood.so.1: " PKG " ships it at bin/libgood.so.1, where the loader "
                  "does not look");
    assert_null(strstr(r->message, "not shipped"));
    xv_run_free(run);
}

static void elf_no_runpath_never_searches_exe_dir(void **state)
{
    (void)state;
    need_elf();
    cf_put("dist/" PKG "/app", "checks/elf/app-norunpath");
    cf_put("dist/" PKG "/libgood.so.1", "checks/elf/libgood.so.1");
    xv_run *run = cf_run("dist", NULL);
    const xv_result *r = cf_get(run, "deps.resolve", PKG "/app");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "no search path");
    xv_run_free(run);
}

static void elf_symlink_counts_soname_alone_does_not(void **state)
{
    (void)state;
    need_elf();
    /* lib/libgood.so.1 -> libgood.so.1.0.0 (a symlink member) */
    cf_put("dist/" PKG "/bin/app", "checks/elf/app");
    cf_put("dist/" PKG "/lib/libgood.so.1.0.0", "checks/elf/libgood.so.1");
    cf_link("dist/" PKG "/lib/libgood.so.1", "libgood.so.1.0.0");
    xv_run *run = cf_run("dist", NULL);
    CF_VERDICT(cf_get(run, "deps.resolve", PKG "/bin/app"), XV_PASS);
    xv_run_free(run);
    cf_cleanup();

    /* A file with another name whose DT_SONAME is the needed name: ld.so
     * opens files by name, so it is not found (cli.resolve_oracle shows the
     * real loader agrees); the hint names the file and the missing link. */
    cf_mkroot();
    cf_put("dist/" PKG "/bin/app", "checks/elf/app");
    cf_put("dist/" PKG "/lib/libgood-renamed.so", "checks/elf/libgood.so.1");
    run = cf_run("dist", NULL);
    const xv_result *r = cf_get(run, "deps.resolve", PKG "/bin/app");
    CF_VERDICT(r, XV_FAIL);
    assert_non_null(strstr(r->hint, "lib/libgood-renamed.so has SONAME libgood.so.1"));
    assert_non_null(strstr(r->hint, "symlink"));
    xv_run_free(run);
}

static void elf_sibling_package_and_allowed_libs(void **state)
{
    (void)state;
    need_elf();
    cf_put("dist/" PKG "/bin/app", "checks/elf/app");
    cf_put("dist/libs_1.0_linux_amd64/lib/libgood.so.1", "checks/elf/libgood.so.1");
    xv_run *run = cf_run("dist", NULL);
    const xv_result *r = cf_get(run, "deps.resolve", PKG "/bin/app");
    CF_VERDICT(r, XV_PASS);
    int sib = 0;
    for (size_t i = 0; i < r->nfacts; i++)
        if (strstr(r->facts[i].value, "another package"))
            sib = 1;
    assert_true(sib);
    xv_run_free(run);
    cf_cleanup();

    /* Another platform's package does not count. */
    cf_mkroot();
    cf_put("dist/" PKG "/bin/app", "checks/elf/app");
    cf_put("dist/libs_1.0_linux_arm64/lib/libgood.so.1", "checks/elf/libgood.so.1");
    run = cf_run("dist", NULL);
    CF_VERDICT(cf_get(run, "deps.resolve", PKG "/bin/app"), XV_FAIL);
    xv_run_free(run);
    cf_cleanup();

    /* The matrix allows it as a system library of the platform. */
    cf_mkroot();
    cf_put("dist/" PKG "/bin/app", "checks/elf/app");
    run = cf_run("dist", "{ \"platforms\": { \"linux_amd64\": { \"allowed_libs\": [\"libgood.so.*\"] } } }");
    CF_VERDICT(cf_get(run, "deps.resolve", PKG "/bin/app"), XV_PASS);
    xv_run_free(run);
}

static void pe_dll_beside_exe(void **state)
{
    (void)state;
    CF_NEED("checks/pe/app.exe");
    cf_mkroot();
    cf_put("dist/app_1.0_windows_amd64/app.exe", "checks/pe/app.exe");
    cf_put("dist/app_1.0_windows_amd64/good.dll", "checks/pe/good.dll");
    xv_run *run = cf_run("dist", NULL);
    CF_VERDICT(cf_get(run, "deps.resolve", "windows_amd64/app.exe"), XV_PASS);
    xv_run_free(run);
    cf_cleanup();

    cf_mkroot();
    cf_put("dist/app_1.0_windows_amd64/app.exe", "checks/pe/app.exe");
    cf_put("dist/app_1.0_windows_amd64/plugins/good.dll", "checks/pe/good.dll");
    run = cf_run("dist", NULL);
    const xv_result *r = cf_get(run, "deps.resolve", "windows_amd64/app.exe");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "needs good.dll");
    assert_non_null(strstr(r->hint, "move the DLL beside the .exe"));
    xv_run_free(run);
}

static void pe_mingw_runtime_is_not_system(void **state)
{
    (void)state;
    CF_NEED("checks/pe/appcpp.exe");
    cf_mkroot();
    cf_put("dist/app_1.0_windows_amd64/appcpp.exe", "checks/pe/appcpp.exe");
    xv_run *run = cf_run("dist", NULL);
    const xv_result *r = cf_get(run, "deps.resolve", "appcpp.exe");
    CF_VERDICT(r, XV_FAIL);
    assert_non_null(r->detail);
    assert_non_null(strstr(r->detail, "needs libstdc++-6.dll"));
    assert_non_null(strstr(r->detail, "needs libgcc_s_seh-1.dll"));
    /* KERNEL32.dll (upper case in the file) and msvcrt.dll are system. */
    assert_null(strstr(r->detail, "needs KERNEL32.dll"));
    assert_null(strstr(r->detail, "needs msvcrt.dll"));
    CF_MSG_HAS(r, "(and 1 more)");
    xv_run_free(run);
}

/* A Windows Node.js addon imports from node.exe, the process that loads it;
 * the same DLL name needed by a plain DLL is not shipped. */
static void pe_node_addon_host(void **state)
{
    (void)state;
    CF_NEED("checks/pe/addon.node");
    cf_mkroot();
    cf_put("dist/addon-win32-x64/lib/addon.node", "checks/pe/addon.node");
    cf_put("dist/addon-win32-x64/lib/addon.dll", "checks/pe/addon.node");
    xv_run *run = cf_run("dist", NULL);
    const xv_result *r = cf_get(run, "deps.resolve", "lib/addon.node");
    CF_VERDICT(r, XV_PASS);
    int host = 0;
    for (size_t i = 0; i < r->nfacts; i++)
        if (strcmp(r->facts[i].key, "node.exe") == 0 && strstr(r->facts[i].value, "host process"))
            host = 1;
    assert_true(host);
    r = cf_get(run, "deps.resolve", "lib/addon.dll");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "needs node.exe");
    xv_run_free(run);
}

static void macho_rpath_and_weak(void **state)
{
    (void)state;
    CF_NEED("macho/arm64/main");
    cf_mkroot();
    const char *P = "dist/app_1.0_darwin_arm64/";
    char a[256], b[256], c[256];
    snprintf(a, sizeof a, "%sbin/main", P);
    snprintf(b, sizeof b, "%slib/libfoo.dylib", P);
    snprintf(c, sizeof c, "%slib/libweak.dylib", P);
    cf_put(a, "macho/arm64/main");
    cf_put(b, "macho/arm64/libfoo.dylib");
    cf_put(c, "macho/arm64/libweak.dylib");
    xv_run *run = cf_run("dist", NULL);
    CF_VERDICT(cf_get(run, "deps.resolve", "darwin_arm64/bin/main"), XV_PASS);
    CF_VERDICT(cf_get(run, "deps.resolve", "darwin_arm64/lib/libfoo.dylib"), XV_PASS);
    xv_run_free(run);
    cf_cleanup();

    /* Without the weak dylib: a warning, not a failure. */
    cf_mkroot();
    cf_put(a, "macho/arm64/main");
    cf_put(b, "macho/arm64/libfoo.dylib");
    run = cf_run("dist", NULL);
    const xv_result *r = cf_get(run, "deps.resolve", "darwin_arm64/bin/main");
    CF_VERDICT(r, XV_WARN);
    CF_MSG_HAS(r, "needs @rpath/libweak.dylib (weak)");
    CF_MSG_HAS(r, "@executable_path/../lib → lib/");
    xv_run_free(run);
    cf_cleanup();

    /* Without libfoo: a failure. */
    cf_mkroot();
    cf_put(a, "macho/arm64/main");
    cf_put(c, "macho/arm64/libweak.dylib");
    run = cf_run("dist", NULL);
    r = cf_get(run, "deps.resolve", "darwin_arm64/bin/main");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "needs @rpath/libfoo.dylib");
    xv_run_free(run);
}

static void paths_elf(void **state)
{
    (void)state;
    need_elf();
    cf_put("dist/" PKG "/bin/app", "checks/elf/app");
    cf_put("dist/" PKG "/bin/app-buildpath", "checks/elf/app-buildpath");
    cf_put("dist/" PKG "/bin/app-rpath", "checks/elf/app-rpath");
    cf_put("dist/" PKG "/lib/libgood.so.1", "checks/elf/libgood.so.1");
    xv_run *run = cf_run("dist", NULL);
    CF_VERDICT(cf_get(run, "deps.paths", "bin/app"), XV_PASS);
    const xv_result *r = cf_get(run, "deps.paths", "bin/app-buildpath");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "DT_RUNPATH entry \"/home/runner/work/app/build/lib\" is a build-machine path");
    assert_non_null(r->hint);
    r = cf_get(run, "deps.paths", "bin/app-rpath");
    CF_VERDICT(r, XV_WARN);
    CF_MSG_HAS(r, "DT_RPATH");
    /* The build path does not resolve the library either: only shipped
     * copies on relative paths count. */
    CF_VERDICT(cf_get(run, "deps.resolve", "bin/app-buildpath"), XV_FAIL);
    CF_VERDICT(cf_get(run, "deps.resolve", "bin/app-rpath"), XV_PASS);
    xv_run_free(run);
}

static void paths_macho_install_name(void **state)
{
    (void)state;
    CF_NEED("macho/arm64/usebar");
    cf_mkroot();
    cf_put("dist/app_1.0_darwin_arm64/lib/libbar.dylib", "macho/arm64/libbar.dylib");
    cf_put("dist/app_1.0_darwin_arm64/lib/libfoo.dylib", "macho/arm64/libfoo.dylib");
    /* Nothing links to libbar: a plugin loaded by path, whose install name
     * only leaks the build folder. */
    cf_put("dist/plugin_1.0_darwin_arm64/libbar.dylib", "macho/arm64/libbar.dylib");
    cf_put("dist/plugin_1.0_darwin_arm64/main", "macho/arm64/main");
    /* usebar links to it: the loader will look at that path. */
    cf_put("dist/used_1.0_darwin_arm64/lib/libbar.dylib", "macho/arm64/libbar.dylib");
    cf_put("dist/used_1.0_darwin_arm64/bin/usebar", "macho/arm64/usebar");
    xv_run *run = cf_run("dist", NULL);
    const xv_result *r = cf_get(run, "deps.paths", "app_1.0_darwin_arm64/lib/libbar.dylib");
    CF_VERDICT(r, XV_WARN);
    CF_MSG_HAS(r, "install name \"/Users/runner/work/x/libbar.dylib\" is a build-machine path");
    CF_MSG_HAS(r, "nothing in its package links to it");
    CF_VERDICT(cf_get(run, "deps.paths", "lib/libfoo.dylib"), XV_PASS);
    CF_VERDICT(cf_get(run, "deps.paths", "plugin_1.0_darwin_arm64/libbar.dylib"), XV_WARN);

    r = cf_get(run, "deps.paths", "used_1.0_darwin_arm64/lib/libbar.dylib");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "install name \"/Users/runner/work/x/libbar.dylib\" is a build-machine path");
    r = cf_get(run, "deps.paths", "used_1.0_darwin_arm64/bin/usebar");
    CF_VERDICT(r, XV_FAIL);
    CF_MSG_HAS(r, "load path \"/Users/runner/work/x/libbar.dylib\" is a build-machine path");
    xv_run_free(run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(elf_runpath_origin_resolves, teardown),
        cmocka_unit_test_teardown(elf_missing_lib_fails_with_search_and_hint, teardown),
        cmocka_unit_test_teardown(elf_lib_off_the_search_path_fails, teardown),
        cmocka_unit_test_teardown(elf_no_runpath_never_searches_exe_dir, teardown),
        cmocka_unit_test_teardown(elf_symlink_counts_soname_alone_does_not, teardown),
        cmocka_unit_test_teardown(elf_sibling_package_and_allowed_libs, teardown),
        cmocka_unit_test_teardown(pe_dll_beside_exe, teardown),
        cmocka_unit_test_teardown(pe_mingw_runtime_is_not_system, teardown),
        cmocka_unit_test_teardown(pe_node_addon_host, teardown),
        cmocka_unit_test_teardown(macho_rpath_and_weak, teardown),
        cmocka_unit_test_teardown(paths_elf, teardown),
        cmocka_unit_test_teardown(paths_macho_install_name, teardown),
    };
    return cmocka_run_group_tests_name("resolve", tests, NULL, NULL);
}
