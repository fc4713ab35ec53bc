/* The release matrix parser (src/config/matrix.c), its globs, sizes and
 * system lists, and the run's use of it (errors, severities, waivers,
 * ordering, exit codes). */
#include "checks_fixture.h"
#include "config/matrix.h"
#include "common/date.h"

static char err[2048];

static struct xv_matrix *parse_ok(const char *text)
{
    struct xv_matrix *m = NULL;
    if (xv_matrix_parse(text, strlen(text), "m.json", &m, err, sizeof err) != 0)
        fail_msg("parse failed: %s", err);
    return m;
}

static void parse_err(const char *text, const char *want)
{
    struct xv_matrix *m = NULL;
    err[0] = 0;
    if (xv_matrix_parse(text, strlen(text), "m.json", &m, err, sizeof err) == 0) {
        xv_matrix_free(m);
        fail_msg("parsed, want error \"%s\"", want);
    }
    assert_null(m);
    if (!strstr(err, want))
        fail_msg("error \"%s\" lacks \"%s\"", err, want);
}

static void full_matrix(void **state)
{
    (void)state;
    struct xv_matrix *m = parse_ok(
        "// a comment\n"
        "{ \"$schema\": \"schema.json\", \"name\": \"demo\", /* block\n comment */\n"
        "  \"platforms\": {\n"
        "    \"linux_amd64\": { \"package\": \"demo_*_linux_amd64.tar.gz\", \"libc\": \"glibc\",\n"
        "      \"glibc\": \"2.31\", \"glibcxx\": \"3.4.30\", \"cxxabi\": \"1.3.13\",\n"
        "      \"allowed_libs\": [\"libz.so.1\"], \"manifest\": [\"demo\", \"lib/*.so\"] },\n"
        "    \"darwin_universal\": { \"macos_min\": \"11.0\", \"slices\": [\"x86_64\", \"aarch64\"] },\n"
        "    \"windows_amd64\": { \"windows_min\": \"6.2\" } },\n"
        "  \"files\": [ { \"match\": \"**/libdemo.*\", \"exports\": { \"required\": [\"demo_*\"],\n"
        "      \"forbidden\": [\"_ZN*\", \"test_*\"] }, \"size\": { \"min\": \"1KB\", \"max\": \"10MB\" } } ],\n"
        "  \"size\": { \"consistency_ratio\": 3.5 },\n"
        "  \"baseline\": { \"path\": \"old-dist/\", \"max_growth_percent\": 50, \"max_growth_bytes\": \"5MB\" },\n"
        "  \"severity\": { \"hardening\": \"warn\", \"deps.paths\": \"fail\", \"size\": \"off\" },\n"
        "  \"waivers\": [ { \"check\": \"hardening\", \"match\": \"**/legacy.exe\",\n"
        "      \"reason\": \"vendor blob // not a comment\", \"expires\": \"2027-06-30\" } ] }\n");
    assert_string_equal(m->name, "demo");
    assert_int_equal(m->nplatforms, 3);
    const xv_mx_platform *p = xv_matrix_platform(m, "linux_amd64");
    assert_non_null(p);
    assert_string_equal(p->package, "demo_*_linux_amd64.tar.gz");
    assert_int_equal(p->libc, XV_LIBC_GLIBC);
    assert_string_equal(p->glibc, "2.31");
    assert_string_equal(p->glibcxx, "3.4.30");
    assert_string_equal(p->cxxabi, "1.3.13");
    assert_int_equal(p->nallowed_libs, 1);
    assert_int_equal(p->nmanifest, 2);
    assert_string_equal(p->manifest[1], "lib/*.so");
    p = xv_matrix_platform(m, "darwin_universal");
    assert_non_null(p);
    assert_string_equal(p->macos_min, "11.0");
    assert_int_equal(p->nslices, 2);
    assert_string_equal(xv_matrix_platform(m, "windows_amd64")->windows_min, "6.2");
    assert_null(xv_matrix_platform(m, "linux_arm64"));
    assert_int_equal(m->nfiles, 1);
    assert_int_equal(m->files[0].nrequired, 1);
    assert_int_equal(m->files[0].nforbidden, 2);
    assert_true(m->files[0].has_min && m->files[0].has_max);
    assert_int_equal(m->files[0].size_min, 1000);
    assert_int_equal(m->files[0].size_max, 10000000);
    assert_true(m->consistency_ratio == 3.5);
    assert_string_equal(m->baseline_path, "./old-dist/");
    assert_true(m->has_growth_percent && m->max_growth_percent == 50);
    assert_int_equal(m->max_growth_bytes, 5000000);
    assert_int_equal(xv_matrix_level(m, "hardening"), XV_MX_WARN);
    assert_int_equal(xv_matrix_level(m, "deps.paths"), XV_MX_FAIL);
    assert_int_equal(xv_matrix_level(m, "deps.resolve"), XV_MX_DEFAULT);
    assert_int_equal(xv_matrix_level(m, "size.budget"), XV_MX_OFF);
    assert_int_equal(m->nwaivers, 1);
    assert_string_equal(m->waivers[0].reason, "vendor blob // not a comment");
    assert_string_equal(m->waivers[0].expires, "2027-06-30");
    assert_null(xv_matrix_smoke(m));
    xv_matrix_free(m);
    xv_matrix_free(NULL);
}

static void errors_name_the_key_path(void **state)
{
    (void)state;
    parse_err("{ \"platforms\": { \"linux_arm64\": { \"glibc\": 2.31 } } }",
              "m.json: platforms.linux_arm64.glibc: expected a string like \"2.31\"");
    parse_err("{ \"platforms\": { \"linux_arm64\": { \"glibc\": \"two\" } } }",
              "platforms.linux_arm64.glibc: expected a string like \"2.31\", got \"two\"");
    parse_err("{ \"platfroms\": {} }", "m.json: platfroms: unknown key");
    parse_err("{ \"platforms\": { \"linux_amd64\": { \"manifset\": [] } } }",
              "platforms.linux_amd64.manifset: unknown key");
    parse_err("{ \"platforms\": { \"plan9_amd64\": {} } }", "platforms.plan9_amd64: unknown platform id");
    parse_err("{ \"platforms\": { \"linux_amd64\": { \"libc\": \"uclibc\" } } }", "platforms.linux_amd64.libc");
    parse_err("{ \"platforms\": { \"linux_amd64\": { \"manifest\": [\"a\", 3] } } }",
              "platforms.linux_amd64.manifest[1]: expected a string");
    parse_err("{ \"files\": [ { \"exports\": {} } ] }", "files[0].match: required");
    parse_err("{ \"files\": [ { \"match\": \"a\", \"size\": { \"max\": \"ten\" } } ] }",
              "files[0].size.max: expected a size");
    parse_err("{ \"files\": [ { \"match\": \"a\", \"exports\": { \"required\": \"x\" } } ] }",
              "files[0].exports.required: expected an array of strings");
    parse_err("{ \"files\": {} }", "files: expected an array");
    parse_err("{ \"severity\": { \"hardening\": \"loud\" } }", "severity.hardening: expected \"off\", \"warn\" or \"fail\"");
    parse_err("{ \"waivers\": [ { \"check\": \"hardening\" } ] }", "waivers[0].reason: required");
    parse_err("{ \"waivers\": [ { \"check\": \"hardening\", \"reason\": \"r\", \"expires\": \"30.06.2027\" } ] }",
              "waivers[0].expires: expected a real calendar date like \"2027-06-30\"");
    parse_err("{ \"size\": { \"consistency_ratio\": 0.5 } }", "size.consistency_ratio: expected a number >= 1");
    parse_err("{ \"name\": 3 }", "name: expected a string");
    parse_err("{ \"smoke\": [] }", "smoke: expected an object");
    parse_err("[]", "expected an object");
    parse_err("{ \"name\": \"x\", }", "m.json:1:");
    parse_err("{ /* open", "unterminated");
}

/* Strict input: what JSON leaves undefined or a person never writes is an
 * error naming the place, never silently ignored. */
static void strict_input(void **state)
{
    (void)state;
    parse_err("{ \"name\": \"x\" } { \"severity\": {} }",
              "m.json:1:17: content after the end of the matrix object");
    parse_err("{ \"name\": \"x\" } trailing", "content after the end of the matrix object");
    parse_err("{ \"severity\": { \"hardening\": \"warn\", \"hardening\": \"fail\" } }",
              "m.json: severity.hardening: duplicate key");
    parse_err("{ \"name\": \"a\", \"name\": \"b\" }", "m.json: name: duplicate key");
    parse_err("{ \"files\": [ { \"match\": \"a\", \"match\": \"b\" } ] }",
              "files[0].match: duplicate key");
    parse_err("{ \"name\": \"a\x01" "b\" }", "m.json:1:13: raw control character 0x01");
    parse_err("{ \"name\":\x0c \"ab\" }", "raw control character 0x0c");
    static const char with_nul[] = "{ \"name\": \"a\" }\0{ \"severity\": {} }";
    struct xv_matrix *m = NULL;
    assert_int_not_equal(xv_matrix_parse(with_nul, sizeof with_nul - 1, "m.json", &m, err, sizeof err), 0);
    assert_non_null(strstr(err, "raw control character 0x00 (NUL)"));
    parse_err("{ \"severity\": { \"hardning\": \"fail\" } }",
              "severity.hardning: unknown check id: did you mean \"hardening\"?");
    parse_err("{ \"severity\": { \"sizes\": \"fail\" } }", "severity.sizes: unknown check id");
    parse_err("{ \"waivers\": [ { \"check\": \"deps.reslove\", \"reason\": \"r\" } ] }",
              "waivers[0].check: unknown check id \"deps.reslove\": did you mean \"deps.resolve\"?");
    parse_err("{ \"require\": [\"smoke.runn\"] }", "require[0]: unknown check id \"smoke.runn\"");
    parse_err("{ \"waivers\": [ { \"check\": \"hardening\", \"reason\": \"r\", \"expires\": \"2027-02-30\" } ] }",
              "waivers[0].expires: expected a real calendar date");
    parse_err("{ \"waivers\": [ { \"check\": \"hardening\", \"reason\": \"r\", \"expires\": \"2027-13-01\" } ] }",
              "waivers[0].expires: expected a real calendar date");
    parse_err("{ \"waiver_warning_days\": 1.5 }", "waiver_warning_days: expected a whole number");
    /* Prefixes, "*" and real leap days are fine. */
    m = parse_ok("{ \"severity\": { \"size\": \"warn\", \"smoke.*\": \"off\", \"*\": \"fail\" },\n"
                 "  \"require\": [\"smoke.run\", \"smoke.load\"], \"waiver_warning_days\": 30,\n"
                 "  \"waivers\": [ { \"check\": \"size\", \"reason\": \"r\", \"expires\": \"2028-02-29\" } ] }\n\n");
    assert_int_equal(m->nrequire, 2);
    assert_string_equal(m->require[1], "smoke.load");
    assert_int_equal(m->waiver_warn_days, 30);
    xv_matrix_free(m);
    long d = 0;
    assert_true(xv_date_parse("1970-01-01", &d) && d == 0);
    assert_true(xv_date_parse("2000-03-01", &d) && d == 11017);
    assert_true(xv_date_parse("2028-02-29", NULL));
    assert_false(xv_date_parse("2027-02-29", NULL));
    assert_false(xv_date_parse("1900-02-29", NULL));
    assert_false(xv_date_parse("2027-04-31", NULL));
    assert_false(xv_date_parse("2027-00-10", NULL));
    assert_false(xv_date_parse("2027-1-10", NULL));
}

static void globs_sizes_ids(void **state)
{
    (void)state;
    assert_true(xv_glob_match("**/libfoo.*", "lib/libfoo.so"));
    assert_true(xv_glob_match("**/libfoo.*", "libfoo.so"));
    assert_true(xv_glob_match("**/bin/app", "x_1.0/bin/app"));
    assert_true(xv_glob_match("**/bin/app", "bin/app"));
    assert_false(xv_glob_match("bin/*", "bin/sub/app"));
    assert_true(xv_glob_match("bin/**", "bin/sub/app"));
    assert_true(xv_glob_match("libfoo.so.*", "deep/dir/libfoo.so.1"));   /* no '/': base name */
    assert_true(xv_glob_match("app", "dist/a.tar.gz!/app"));
    assert_false(xv_glob_match("lib/*.so", "lib/x.so.1"));
    assert_true(xv_glob_match("lib/[a-c]*.so", "lib/b1.so"));
    assert_false(xv_glob_match("lib/[!a-c]*.so", "lib/b1.so"));
    assert_true(xv_glob_match("a?c", "abc"));
    assert_false(xv_glob_match("a/?c", "a//c"));
    /* A pathological pattern on a long name ends (no match) instead of
     * backtracking for ever. */
    char longname[4097];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    assert_false(xv_glob_match("*a*a*a*a*a*a*a*a*a*a*b", longname));
    assert_false(xv_glob_match("**a**a**a**a**a**a**a**b", longname));
    /* Decided, not out of budget: '*' and whole-segment '**' are two-pointer
     * matches, so a realistic pattern never hits the budget. */
    assert_int_equal(xv_glob_match_budget("*a*a*a*a*a*a*a*a*a*a*b", longname), 0);
    char longpath[4200];
    /* 40 folders "d/<97 a>/", then a long file name */
    char *w = longpath;
    for (size_t i = 0; i < 40; i++) {
        memcpy(w, "d/", 2);
        memset(w + 2, 'a', 97);
        w[99] = '/';
        w += 100;
    }
    strcpy(longpath + 4000, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
    assert_int_equal(xv_glob_match_budget("**/a*a*a*a*a*a*b", longpath), 1);
    longpath[strlen(longpath) - 1] = 'c';
    assert_int_equal(xv_glob_match_budget("**/a*a*a*a*a*a*b", longpath), 0);
    assert_int_equal(xv_glob_match_budget("**/d/**/a*a*b", longpath), 0);
    assert_int_equal(xv_glob_match_budget("d/**/d/*/aaa*c", longpath), 1);
    assert_int_equal(xv_glob_match_budget("**/**/**/**/**/**/x", longpath), 0);
    /* "**" inside a segment of a multi-folder pattern crosses folders and
     * backtracks: on a hostile path it runs out and says so (-1), and the
     * callers report the pattern instead of a miss */
    assert_int_equal(xv_glob_match_budget("d/**a**a**a**a**a**a**a**b", longpath), -1);
    assert_int_equal(xv_glob_match_budget("lib**so", "lib/x/libfoo.so"), 1);
    assert_int_equal(xv_glob_match_budget("x/lib**.so", "x/lib/y/libfoo.so"), 1);

    uint64_t v;
    assert_int_equal(xv_size_parse("10MB", &v), 0);
    assert_int_equal(v, 10000000);
    assert_int_equal(xv_size_parse("1.5 KiB", &v), 0);
    assert_int_equal(v, 1536);
    assert_int_equal(xv_size_parse("4096", &v), 0);
    assert_int_equal(v, 4096);
    assert_int_equal(xv_size_parse("2gb", &v), 0);
    assert_int_equal(v, 2000000000ull);
    assert_int_not_equal(xv_size_parse("ten", &v), 0);
    assert_int_not_equal(xv_size_parse("-1", &v), 0);
    assert_int_not_equal(xv_size_parse("5 parsecs", &v), 0);

    assert_true(xv_check_id_match("size", "size.budget"));
    assert_true(xv_check_id_match("size.*", "size.budget"));
    assert_true(xv_check_id_match("hardening", "hardening"));
    assert_false(xv_check_id_match("size", "sizes.x"));
    assert_false(xv_check_id_match("deps.resolve", "deps.paths"));
}

static void system_lists(void **state)
{
    (void)state;
    const char *dd = getenv("XVERIFY_DATA_DIR");
    if (!dd)
        XV_SKIP_OR_FAIL("XVERIFY_DATA_DIR unset (run through ctest)");
    xv_syslist *l = NULL;
    assert_int_equal(xv_syslist_load(dd, "glibc-linux", &l, err, sizeof err), 0);
    assert_true(xv_syslist_has(l, "libc.so.6"));
    assert_true(xv_syslist_has(l, "ld-linux-aarch64.so.1"));
    assert_false(xv_syslist_has(l, "libssl.so.3"));
    xv_syslist_free(l);
    assert_int_equal(xv_syslist_load(dd, "windows", &l, err, sizeof err), 0);
    assert_true(xv_syslist_has(l, "KERNEL32.dll"));
    assert_true(xv_syslist_has(l, "api-ms-win-crt-runtime-l1-1-0.dll"));
    assert_true(xv_syslist_has(l, "ucrtbase.dll"));
    assert_true(xv_syslist_has(l, "bcryptprimitives.dll")); /* imported by libvips-42.dll (npm sharp) */
    assert_false(xv_syslist_has(l, "libstdc++-6.dll"));
    assert_false(xv_syslist_has(l, "libgcc_s_seh-1.dll"));
    assert_false(xv_syslist_has(l, "libwinpthread-1.dll"));
    assert_false(xv_syslist_has(l, "VCRUNTIME140.dll"));
    assert_false(xv_syslist_has(l, "MSVCP140.dll"));
    xv_syslist_free(l);
    assert_int_equal(xv_syslist_load(dd, "macos", &l, err, sizeof err), 0);
    assert_true(xv_syslist_has(l, "/usr/lib/libSystem.B.dylib"));
    assert_true(xv_syslist_has(l, "/System/Library/Frameworks/CoreFoundation.framework/Versions/A/CoreFoundation"));
    assert_false(xv_syslist_has(l, "/usr/local/lib/libfoo.dylib"));
    assert_false(xv_syslist_has(l, "/opt/homebrew/lib/libssl.3.dylib"));
    xv_syslist_free(l);
    assert_int_equal(xv_syslist_load(dd, "musl-linux", &l, err, sizeof err), 0);
    assert_true(xv_syslist_has(l, "libc.musl-x86_64.so.1"));
    assert_false(xv_syslist_has(l, "libstdc++.so.6"));
    xv_syslist_free(l);
    assert_int_not_equal(xv_syslist_load(dd, "plan9", &l, err, sizeof err), 0);
}

static int teardown(void **state)
{
    (void)state;
    cf_cleanup();
    return 0;
}

static void run_errors_and_order(void **state)
{
    (void)state;
    CF_NEED("checks/elf/app");
    cf_mkroot();
    cf_put("dist/x_1.0_linux_amd64/bin/app", "checks/elf/app");
    cf_put("dist/x_1.0_linux_amd64/lib/libgood.so.1", "checks/elf/libgood.so.1");
    cf_put("dist/x_1.0_linux_amd64/bin/app-nocanary", "checks/elf/app-nocanary");

    /* A bad matrix: XV_EUSAGE naming the file and the key. */
    xv_run_opts o;
    xv_run_opts_init(&o);
    char mpath[4096];
    snprintf(mpath, sizeof mpath, "%s", cf_write("bad.json", "{ \"severity\": { \"hardening\": 1 } }"));
    o.matrix_path = mpath;
    xv_run *run = xv_run_new(&o);
    char in[2048];
    snprintf(in, sizeof in, "%s/dist", cf_root);
    assert_int_equal(xv_run_add_input(run, in), XV_OK);
    assert_int_equal(xv_run_execute(run), XV_EUSAGE);
    assert_non_null(strstr(xv_run_error(run), "bad.json: severity.hardening"));
    xv_run_free(run);

    /* A missing input path: XV_EUSAGE too. */
    xv_run_opts_init(&o);
    run = xv_run_new(&o);
    snprintf(in, sizeof in, "%s/nope", cf_root);
    assert_int_equal(xv_run_add_input(run, in), XV_OK);
    assert_int_equal(xv_run_execute(run), XV_EUSAGE);
    assert_non_null(xv_run_error(run));
    xv_run_free(run);

    /* Results are sorted by package, subject, check. */
    run = cf_run("dist", NULL);
    for (size_t i = 1; i < xv_run_result_count(run); i++) {
        const xv_result *a = xv_run_result(run, i - 1), *b = xv_run_result(run, i);
        const char *pa = a->package ? a->package : "", *pb = b->package ? b->package : "";
        int c = strcmp(pa, pb);
        if (c == 0 && a->package && b->package)
            c = strcmp(a->subject, b->subject);
        if (c == 0 && a->package && b->package && !strcmp(a->subject, b->subject))
            c = strcmp(a->check, b->check);
        assert_true(c <= 0);
    }
    /* Only a warning (no canary in app-nocanary): exit 0 by default... */
    assert_int_equal(xv_run_verdict(run), XV_WARN);
    assert_int_equal(xv_run_exit_code(run), 0);
    xv_run_free(run);
    /* ...and 1 with --fail-on warn. */
    xv_run_opts_init(&o);
    o.fail_on = XV_WARN;
    run = xv_run_new(&o);
    snprintf(in, sizeof in, "%s/dist", cf_root);
    xv_run_add_input(run, in);
    assert_int_equal(xv_run_execute(run), XV_OK);
    assert_int_equal(xv_run_exit_code(run), 1);
    xv_run_free(run);
}

static void unused_waiver_warns(void **state)
{
    (void)state;
    CF_NEED("checks/elf/app");
    cf_mkroot();
    cf_put("dist/x_1.0_linux_amd64/bin/app", "checks/elf/app");
    cf_put("dist/x_1.0_linux_amd64/lib/libgood.so.1", "checks/elf/libgood.so.1");
    xv_run *run = cf_run("dist", "{ \"waivers\": [ { \"check\": \"hardening\", \"match\": \"**/legacy.exe\","
                                 " \"reason\": \"vendor blob\" } ] }");
    const xv_result *r = cf_get(run, "hardening", "**/legacy.exe");
    CF_VERDICT(r, XV_WARN);
    CF_MSG_HAS(r, "unused waiver");
    xv_run_free(run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_matrix),
        cmocka_unit_test(errors_name_the_key_path),
        cmocka_unit_test(strict_input),
        cmocka_unit_test(globs_sizes_ids),
        cmocka_unit_test(system_lists),
        cmocka_unit_test_teardown(run_errors_and_order, teardown),
        cmocka_unit_test_teardown(unused_waiver_warns, teardown),
    };
    return cmocka_run_group_tests_name("matrix", tests, NULL, NULL);
}
