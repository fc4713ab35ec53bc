/* Report writers on a synthetic run (results pushed through run_internal.h,
 * no walk): escaping of hostile strings, counts, structure, caps. The JUnit
 * output is also validated with xmllint against the strict Jenkins schema
 * and the SARIF output with Debian's python3-jsonschema when the vendored
 * schemas exist (a skip otherwise, a failure under CI=true). */
#include "xvtest.h"

#include <cjson/cJSON.h>
#include <unistd.h>

#include "checks/check.h"
#include "report/report_util.h"
#include "report_synth.h"

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int valid_utf8(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = xv_rep_utf8((const unsigned char *)s + i, n - i, &cp);
        if (cp == 0xFFFD && l == 1)
            return 0;
        i += l;
    }
    return 1;
}

static const char *schemas_dir(char *buf, size_t size)
{
    const char *src = getenv("XV_SOURCE_DIR");
    snprintf(buf, size, "%s/tests/schemas", src ? src : ".");
    return buf;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_escape_helpers(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    xv_rep_cdata(m, "a]]>b\x01\xff", SIZE_MAX);
    fputc('|', m);
    xv_rep_xml(m, "<&>\"'\t\x1f", SIZE_MAX, 1);
    fputc('|', m);
    xv_rep_term(m, "x\x1b[31my", 0);
    fputc('|', m);
    xv_rep_md(m, "a|b*c_<d>");
    fclose(m);
    assert_string_equal(buf, "<![CDATA[a]]]]><![CDATA[>b\xef\xbf\xbd]]>|"
                             "&lt;&amp;&gt;&quot;&apos;&#9;|x?[31my|a\\|b\\*c\\_&lt;d&gt;");
    free(buf);
    /* A cap never cuts a UTF-8 sequence in half. */
    m = open_memstream(&buf, &len);
    size_t used = xv_rep_xml(m, "ab\xc3\xa9z", 3, 0);
    fclose(m);
    assert_int_equal(used, 2);
    assert_string_equal(buf, "ab");
    free(buf);
    char *c = xv_rep_utf8_clean("ok\xc0\xaf\xed\xa0\x80!");
    assert_string_equal(c, "ok\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd!");
    free(c);
}

static void test_junit(void **state)
{
    fx *f = *state;
    setenv("XV_DETERMINISTIC", "1", 1);
    char *x = render(f->run, XV_REPORT_JUNIT, 0, 0);
    unsetenv("XV_DETERMINISTIC");
    assert_true(valid_utf8(x));
    assert_null(strchr(x, '\x01'));
    assert_null(strchr(x, '\x02'));
    assert_null(strchr(x, '\x1b'));
    /* Suites: amd64 static, amd64 [wine], arm64 static, arm64 [debian:bookworm], release. */
    assert_int_equal(count(x, "<testsuite "), 5);
    /* Suites and testcases are named by identity: no version, no workspace. */
    assert_non_null(strstr(x, "<testsuite name=\"app_linux_arm64.tar.gz [debian:bookworm]\" "
                              "tests=\"2\" failures=\"0\" errors=\"1\" skipped=\"0\""));
    assert_non_null(strstr(x, "timestamp=\"1970-01-01T00:00:00\" hostname=\"localhost\""));
    assert_non_null(strstr(x, "<property name=\"package.path\" value=\"dist/app_1.0_linux_arm64.tar.gz\"/>"));
    assert_non_null(strstr(x, "<testsuites name=\"xverify\" tests=\"8\" failures=\"3\" errors=\"1\""));
    assert_non_null(strstr(x, "classname=\"xverify.linux_arm64.arch_match\""));
    assert_non_null(strstr(x, "classname=\"xverify.any.platforms\" name=\"platforms darwin_arm64\""));
    assert_non_null(strstr(x, "<failure message=\"x86_64 binary in a linux_arm64 package\" "
                              "type=\"arch.match\">"));
    assert_non_null(strstr(x, "Hint: build it with the aarch64 toolchain"));
    assert_non_null(strstr(x, "<skipped message=\"wine is not installed\"/>"));
    assert_non_null(strstr(x, "WARNING: no stack canary"));
    assert_non_null(strstr(x, "<property name=\"xverify.version\" value=\"" XV_VERSION_STRING "\"/>"));
    /* Two smoke.run results on one subject get distinct names. */
    assert_non_null(strstr(x, "name=\"smoke.run bin/app [debian:bookworm]\""));
    assert_non_null(strstr(x, "name=\"smoke.run bin/app [debian:bookworm] (#2)\""));
    assert_non_null(strstr(x, "<![CDATA[qemu: uncaught target signal 11]]>"));
    assert_non_null(strstr(x, "time=\"0.000\""));
    assert_null(strstr(x, "time=\"0.250\""));
    /* The hostile subject, escaped. */
    assert_non_null(strstr(x, "a&lt;b&gt;&amp;&quot;&apos;[31m]]&gt;%20 #\xef\xbf\xbd.so"));

    char dir[4096], xsd[4200], path[] = "/tmp/xv_junit_XXXXXX.xml", cmd[9000];
    snprintf(xsd, sizeof xsd, "%s/junit-10.xsd", schemas_dir(dir, sizeof dir));
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    close(fd);
    write_file(path, x);
    free(x);
    if (access(xsd, R_OK) != 0) {
        unlink(path);
        XV_SKIP_OR_FAIL("no %s: JUnit schema validation not run", xsd);
    }
    if (system("command -v xmllint >/dev/null 2>&1") != 0) {
        unlink(path);
        XV_SKIP_OR_FAIL("xmllint not installed (libxml2-utils)");
    }
    snprintf(cmd, sizeof cmd, "xmllint --noout --schema '%s' '%s'", xsd, path);
    int rc = system(cmd);
    unlink(path);
    assert_int_equal(rc, 0);
}

/* Validates a JSON text against a JSON Schema with Debian's jsonschema.
 * Returns NULL when validated, or why it could not run (the caller frees its
 * buffers and skips). A schema violation fails the test. */
static const char *validate_json(const char *text, const char *schema)
{
    char path[] = "/tmp/xv_json_XXXXXX.json", cmd[9000];
    if (access(schema, R_OK) != 0)
        return "schema file absent";
    if (system("/usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1") != 0)
        return "python3-jsonschema not installed for /usr/bin/python3";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    write_file(path, text);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 -m jsonschema -i '%s' '%s'", path, schema);
    int rc = system(cmd);
    unlink(path);
    assert_int_equal(rc, 0);
    return NULL;
}

/* Captured output is capped at 64 KiB in <system-out>, without breaking the
 * document: a "]]>" straddling the cap and a multi-byte character at it. */
static void test_junit_cap(void **state)
{
    (void)state;
    xv_run_opts o;
    xv_run_opts_init(&o);
    xv_run *run = xv_run_new(&o);
    size_t big = 100 * 1024;
    char *detail = malloc(big + 1);
    for (size_t i = 0; i < big; i++)
        detail[i] = "ab]]>\n"[i % 6];
    memcpy(detail + XV_REP_OUTPUT_CAP - 1, "\xc3\xa9", 2); /* é across the cap */
    detail[big] = '\0';
    push(run, "smoke.run", "dist/p_linux_amd64.tar.gz!/bin/x", "dist/p_linux_amd64.tar.gz",
         "linux_amd64", "native", XV_PASS, "ran", NULL, detail);
    free(detail);
    char *x = render(run, XV_REPORT_JUNIT, 0, 0);
    xv_run_free(run);
    const char *so = strstr(x, "<system-out>");
    const char *se = strstr(x, "</system-out>");
    assert_non_null(so);
    assert_non_null(se);
    /* The cap plus the splitting of every "]]>" (12 more bytes each). */
    assert_true((size_t)(se - so) < XV_REP_OUTPUT_CAP + XV_REP_OUTPUT_CAP / 6 * 12 + 200);
    assert_non_null(strstr(x, "[... output capped at 65536 bytes]"));
    assert_true(valid_utf8(x));
    free(x);
}

static void test_json(void **state)
{
    fx *f = *state;
    char *j = render(f->run, XV_REPORT_JSON, 0, 0);
    assert_true(valid_utf8(j));
    cJSON *root = cJSON_Parse(j);
    char schema[4200];
    const char *src = getenv("XV_SOURCE_DIR");
    snprintf(schema, sizeof schema, "%s/docs/report.schema.json", src ? src : ".");
    const char *why = validate_json(j, schema);
    free(j);
    if (why) {
        cJSON_Delete(root);
        XV_SKIP_OR_FAIL("%s: %s", schema, why);
    }
    assert_non_null(root);
    assert_int_equal(cJSON_GetObjectItem(root, "schema_version")->valueint, 1);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "tool"), "version")->valuestring,
                        XV_VERSION_STRING);
    assert_string_equal(cJSON_GetObjectItem(root, "verdict")->valuestring, "error");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(root, "ready")));
    cJSON *sum = cJSON_GetObjectItem(root, "summary");
    assert_int_equal(cJSON_GetObjectItem(sum, "total")->valueint, 8);
    assert_int_equal(cJSON_GetObjectItem(sum, "fail")->valueint, 3);
    assert_int_equal(cJSON_GetObjectItem(sum, "error")->valueint, 1);
    assert_int_equal(cJSON_GetObjectItem(sum, "warn")->valueint, 1);
    assert_int_equal(cJSON_GetObjectItem(sum, "skip")->valueint, 1);
    assert_int_equal(cJSON_GetObjectItem(sum, "pass")->valueint, 2);
    cJSON *res = cJSON_GetObjectItem(root, "results");
    assert_int_equal(cJSON_GetArraySize(res), 8);
    int found = 0;
    cJSON *it;
    cJSON_ArrayForEach(it, res)
    {
        const char *check = cJSON_GetObjectItem(it, "check")->valuestring;
        if (strcmp(check, "deps.resolve") == 0) {
            found = 1;
            /* Control chars round-trip through JSON escapes; the invalid byte is U+FFFD. */
            assert_non_null(strstr(cJSON_GetObjectItem(it, "subject")->valuestring,
                                   "a\x01<b>&\"'\x1b[31m]]>%20 #\xef\xbf\xbd.so"));
            cJSON *facts = cJSON_GetObjectItem(it, "facts");
            assert_int_equal(cJSON_GetArraySize(facts), 1);
            assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(facts, 0), "value")->valuestring,
                                "libfoo.so.1");
        }
    }
    assert_true(found);
    cJSON *plats = cJSON_GetObjectItem(root, "platforms");
    assert_int_equal(cJSON_GetArraySize(plats), 3);
    assert_string_equal(cJSON_GetArrayItem(plats, 2)->valuestring, "any");
    cJSON_Delete(root);
}

static void test_sarif(void **state)
{
    fx *f = *state;
    char *s = render(f->run, XV_REPORT_SARIF, 0, 0);
    assert_true(valid_utf8(s));
    cJSON *root = cJSON_Parse(s);
    assert_non_null(root);
    assert_string_equal(cJSON_GetObjectItem(root, "version")->valuestring, "2.1.0");
    cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "runs"), 0);
    cJSON *drv = cJSON_GetObjectItem(cJSON_GetObjectItem(run, "tool"), "driver");
    cJSON *rules = cJSON_GetObjectItem(drv, "rules");
    size_t nreg = 0;
    while (xv_checks[nreg])
        nreg++;
    assert_true((size_t)cJSON_GetArraySize(rules) >= nreg);
    cJSON *results = cJSON_GetObjectItem(run, "results");
    assert_int_equal(cJSON_GetArraySize(results), 6); /* all but the 2 passes */
    cJSON *it;
    int saw_uri = 0;
    cJSON_ArrayForEach(it, results)
    {
        const char *rule = cJSON_GetObjectItem(it, "ruleId")->valuestring;
        int idx = cJSON_GetObjectItem(it, "ruleIndex")->valueint;
        assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(rules, idx), "id")->valuestring, rule);
        const char *level = cJSON_GetObjectItem(it, "level")->valuestring;
        if (strcmp(rule, "hardening") == 0)
            assert_string_equal(level, "warning");
        if (strcmp(rule, "smoke.load") == 0)
            assert_string_equal(level, "note");
        if (strcmp(rule, "deps.resolve") == 0) {
            assert_string_equal(level, "error");
            const char *uri = cJSON_GetObjectItem(
                cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(
                    cJSON_GetObjectItem(it, "locations"), 0), "physicalLocation"), "artifactLocation"),
                "uri")->valuestring;
            assert_string_equal(uri, "dist/evil_linux_amd64.tar.gz!/bin/a%01%3Cb%3E&%22'%1B%5B31m%5D%5D%3E"
                                     "%2520%20%23%EF%BF%BD.so");
            saw_uri = 1;
        }
    }
    assert_true(saw_uri);
    cJSON_Delete(root);

    char dir[4096], schema[4200];
    snprintf(schema, sizeof schema, "%s/sarif-schema-2.1.0.json", schemas_dir(dir, sizeof dir));
    const char *why = validate_json(s, schema);
    free(s);
    if (why)
        XV_SKIP_OR_FAIL("%s: %s", schema, why);
}

static void test_markdown(void **state)
{
    fx *f = *state;
    char *md = render(f->run, XV_REPORT_MARKDOWN, 0, 0);
    assert_true(valid_utf8(md));
    assert_true(starts_with(md, "## \xe2\x9d\x8c Not ready: 4 failures\n"));
    /* Matrix header: platforms sorted, "any" last. */
    assert_non_null(strstr(md, "| Check | linux\\_amd64 | linux\\_arm64 | any |"));
    assert_non_null(strstr(md, "| arch.match | \xe2\x9c\x85 1 | \xe2\x9d\x8c 1 | \xc2\xb7 |"));
    assert_non_null(strstr(md, "### Failures"));
    assert_non_null(strstr(md, "Fix: build it with the aarch64 toolchain"));
    /* Failures before warnings. */
    assert_true(strstr(md, "### Failures") < strstr(md, "### Warnings"));
    assert_null(strchr(md, '\x1b'));
    free(md);
}

static void test_html(void **state)
{
    fx *f = *state;
    char *h = render(f->run, XV_REPORT_HTML, 0, 0);
    assert_true(valid_utf8(h));
    assert_non_null(strstr(h, "<h1 id=\"verdict\" class=\"bad\">\xe2\x9c\x97 Not ready: 4 failures</h1>"));
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "src=\""));
    assert_null(strstr(h, "href=\"http"));
    assert_null(strstr(h, "<b>&"));
    assert_non_null(strstr(h, "a&lt;b&gt;&amp;&quot;&#39;[31m]]&gt;"));
    assert_int_equal(count(h, "<details class=\"package\""), 3);
    free(h);
}

static void test_terminal(void **state)
{
    fx *f = *state;
    char *t = render(f->run, XV_REPORT_TERMINAL, 0, 0);
    assert_null(strchr(t, '\x1b'));
    assert_non_null(strstr(t, "FAIL  arch.match bin/app: x86_64 binary in a linux_arm64 package"));
    assert_null(strstr(t, "PASS "));
    assert_true(strstr(t, "FAIL  arch.match") < strstr(t, "WARN  hardening"));
    assert_non_null(strstr(t, "Not ready: 4 failures"));
    free(t);
    t = render(f->run, XV_REPORT_TERMINAL, 0, 1);
    assert_non_null(strstr(t, "PASS  arch.match bin/app"));
    assert_non_null(strstr(t, "| expected: EM_AARCH64 (183)"));
    free(t);
    t = render(f->run, XV_REPORT_TERMINAL, 0, -1);
    assert_null(strstr(t, "WARN "));
    assert_null(strstr(t, "SKIP "));
    assert_non_null(strstr(t, "ERROR smoke.run"));
    free(t);
    t = render(f->run, XV_REPORT_TERMINAL, 1, 0);
    assert_non_null(strstr(t, "\033[31mFAIL"));
    /* The escape in the hostile name is neutralised even with colour on. */
    assert_null(strstr(t, "'\033[31m]]>"));
    free(t);
}

static void test_github(void **state)
{
    (void)state;
    xv_run_opts o;
    xv_run_opts_init(&o);
    xv_run *run = xv_run_new(&o);
    char subj[64];
    for (int i = 0; i < 60; i++) {
        snprintf(subj, sizeof subj, "dist/p_linux_amd64.tar.gz!/bin/t%02d", i);
        push(run, "deps.paths", subj, "dist/p_linux_amd64.tar.gz", "linux_amd64", NULL, XV_FAIL,
             "rpath 100% /home/build,x:y", "drop it", NULL);
    }
    char sum[] = "/tmp/xv_summary_XXXXXX";
    int fd = mkstemp(sum);
    assert_true(fd >= 0);
    close(fd);
    write_file(sum, "previous step\n");
    setenv("GITHUB_STEP_SUMMARY", sum, 1);
    setenv("GITHUB_ACTIONS", "true", 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_int_equal(xv_report_github(run, m), XV_OK);
    fclose(m);
    unsetenv("GITHUB_STEP_SUMMARY");
    unsetenv("GITHUB_ACTIONS");
    assert_int_equal(count(buf, "::error file="), 50);
    assert_non_null(strstr(buf, "::error file=dist/p_linux_amd64.tar.gz!/bin/t00,title=xverify "
                                "deps.paths (linux_amd64)::rpath 100%25 /home/build,x:y%0AFix: drop it\n"));
    assert_non_null(strstr(buf, "xverify: 10 more findings not annotated"));
    free(buf);
    FILE *s = fopen(sum, "r");
    char line[256];
    assert_non_null(fgets(line, sizeof line, s));
    assert_string_equal(line, "previous step\n");
    assert_non_null(fgets(line, sizeof line, s));
    assert_string_equal(line, "## \xe2\x9d\x8c Not ready: 60 failures\n");
    fclose(s);
    unlink(sum);
    /* Neither variable: nothing at all. */
    buf = NULL;
    m = open_memstream(&buf, &len);
    assert_int_equal(xv_report_github(run, m), XV_OK);
    fclose(m);
    assert_int_equal(len, 0);
    free(buf);
    xv_run_free(run);
}

/* The Markdown report (also the GitHub job summary, limited to 1 MiB) lists
 * at most 150 findings per section and says how many more there are. */
static void test_markdown_cap(void **state)
{
    (void)state;
    xv_run_opts o;
    xv_run_opts_init(&o);
    xv_run *run = xv_run_new(&o);
    char subj[64];
    for (int i = 0; i < 400; i++) {
        snprintf(subj, sizeof subj, "dist/p_linux_amd64.tar.gz!/bin/t%03d", i);
        push(run, "deps.paths", subj, "dist/p_linux_amd64.tar.gz", "linux_amd64", NULL, XV_FAIL,
             "absolute rpath /home/build", "drop it", NULL);
    }
    char *md = render(run, XV_REPORT_MARKDOWN, 0, 0);
    xv_run_free(run);
    assert_true(starts_with(md, "## \xe2\x9d\x8c Not ready: 400 failures\n"));
    assert_int_equal(count(md, "\n- \xe2\x9d\x8c **deps.paths**"), 150);
    assert_non_null(strstr(md, "and 250 more (all of them are in the JUnit"));
    assert_true(strlen(md) < 1024 * 1024);
    free(md);
}

static void test_empty_run(void **state)
{
    (void)state;
    xv_run_opts o;
    xv_run_opts_init(&o);
    xv_run *run = xv_run_new(&o);
    for (int k = XV_REPORT_TERMINAL; k <= XV_REPORT_HTML; k++) {
        char *s = render(run, (xv_report_kind)k, 0, 0);
        assert_true(strlen(s) > 0);
        free(s);
    }
    char *md = render(run, XV_REPORT_MARKDOWN, 0, 0);
    assert_true(starts_with(md, "## \xe2\x9c\x85 Ready to publish\n"));
    free(md);
    assert_int_equal(xv_report_write(run, (xv_report_kind)99, NULL, stdout), XV_EUSAGE);
    xv_run_free(run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_helpers),
        cmocka_unit_test_setup_teardown(test_junit, setup, teardown),
        cmocka_unit_test(test_junit_cap),
        cmocka_unit_test_setup_teardown(test_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sarif, setup, teardown),
        cmocka_unit_test_setup_teardown(test_markdown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html, setup, teardown),
        cmocka_unit_test_setup_teardown(test_terminal, setup, teardown),
        cmocka_unit_test(test_github),
        cmocka_unit_test(test_markdown_cap),
        cmocka_unit_test(test_empty_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
