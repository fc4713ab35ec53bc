/* src/smoke/config.c: the matrix's "smoke" section into typed structs;
 * every error names the key's JSON path. */
#include "xvtest.h"

#include <cjson/cJSON.h>

#include "smoke/smoke.h"

static xv_smoke_config *parse(const char *json, char *err, size_t errlen)
{
    cJSON *root = cJSON_Parse(json);
    assert_non_null(root);
    xv_smoke_config *cfg = NULL;
    int rc = xv_smoke_config_parse(root, "smoke", &cfg, err, errlen);
    cJSON_Delete(root);
    if (rc != 0)
        assert_null(cfg);
    return cfg;
}

static void test_full(void **state)
{
    (void)state;
    char err[512];
    xv_smoke_config *c = parse(
        "{\"environments\": {\"linux_amd64\": [\"native\", \"debian:bookworm\", \"oci:debian:bookworm\"],"
        " \"linux_arm64\": [\"qemu\", \"qemu:/usr/aarch64-linux-gnu\"], \"windows_amd64\": [\"wine\"]},"
        " \"timeout\": 12.5, \"load\": false,"
        " \"commands\": [{\"match\": \"**/bin/app\", \"argv\": [\"{file}\", \"--version\"],"
        "   \"env\": {\"LANG\": \"C\", \"X\": \"1\"}, \"stdin\": \"hi\", \"cwd\": \"{dir}\", \"timeout\": 3,"
        "   \"exit\": 2, \"stdout\": \"app 1\", \"stdout_regex\": \"^app [0-9.]+$\", \"stderr\": \"\","
        "   \"stderr_regex\": \"^$\", \"platforms\": [\"linux_amd64\"]},"
        "  {\"match\": \"*.exe\", \"argv\": [\"{file}\"], \"exit\": \"any\"}]}",
        err, sizeof err);
    assert_non_null(c);
    assert_int_equal(c->nenvironments, 3);
    const xv_smoke_envlist *el = xv_smoke_config_envs(c, "linux_amd64");
    assert_non_null(el);
    assert_int_equal(el->nenvs, 3);
    assert_string_equal(el->envs[2], "oci:debian:bookworm");
    assert_null(xv_smoke_config_envs(c, "darwin_arm64"));
    assert_true(c->timeout > 12.4 && c->timeout < 12.6);
    assert_int_equal(c->load, 0);
    assert_int_equal(c->ncommands, 2);
    const xv_smoke_command *k = &c->commands[0];
    assert_string_equal(k->match, "**/bin/app");
    assert_int_equal(k->nargv, 2);
    assert_string_equal(k->argv[1], "--version");
    assert_int_equal(k->nenv, 2);
    assert_string_equal(k->env[1].key, "X");
    assert_string_equal(k->stdin_data, "hi");
    assert_string_equal(k->cwd, "{dir}");
    assert_int_equal(k->exit_code, 2);
    assert_string_equal(k->stdout_regex, "^app [0-9.]+$");
    assert_string_equal(k->stderr_sub, "");
    assert_int_equal(k->nplatforms, 1);
    assert_int_equal(c->commands[1].exit_code, -1);
    assert_null(c->commands[1].stdout_sub);
    xv_smoke_config_free(c);

    c = parse("{\"isolation\": \"relaxed\"}", err, sizeof err);
    assert_non_null(c);
    assert_int_equal(c->isolation, XV_SMOKE_ISOLATION_RELAXED);
    xv_smoke_config_free(c);
    c = parse("{\"isolation\": \"strict\"}", err, sizeof err);
    assert_non_null(c);
    assert_int_equal(c->isolation, XV_SMOKE_ISOLATION_STRICT);
    xv_smoke_config_free(c);

    c = parse("{}", err, sizeof err);
    assert_non_null(c);
    assert_int_equal(c->load, 1);
    assert_int_equal(c->isolation, XV_SMOKE_ISOLATION_STRICT);
    assert_int_equal(c->ncommands, 0);
    xv_smoke_config_free(c);
    xv_smoke_config_free(NULL);
}

static void expect_error(const char *json, const char *want)
{
    char err[512] = "";
    xv_smoke_config *c = parse(json, err, sizeof err);
    assert_null(c);
    if (!strstr(err, want))
        fail_msg("error \"%s\" lacks \"%s\"", err, want);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("{\"command\": []}", "smoke.command: unknown key");
    expect_error("{\"commands\": {}}", "smoke.commands: expected an array");
    expect_error("{\"commands\": [{\"argv\": [\"x\"]}]}", "smoke.commands[0].match: required");
    expect_error("{\"commands\": [{\"match\": \"a\"}]}", "smoke.commands[0].argv: required");
    expect_error("{\"commands\": [{\"match\": \"a\", \"argv\": \"x\"}]}",
                 "smoke.commands[0].argv: expected an array of strings");
    expect_error("{\"commands\": [{\"match\": \"a\", \"argv\": []}]}",
                 "smoke.commands[0].argv: expected a non-empty array");
    expect_error("{\"commands\": [{\"match\": \"a\", \"argv\": [\"x\", 3]}]}",
                 "smoke.commands[0].argv[1]: expected a string");
    expect_error("{\"commands\": [{\"match\": \"a\", \"argv\": [\"x\"], \"exit\": 300}]}",
                 "smoke.commands[0].exit: expected an exit code");
    expect_error("{\"commands\": [{\"match\": \"a\", \"argv\": [\"x\"], \"stdout_regex\": \"(\"}]}",
                 "smoke.commands[0].stdout_regex: invalid POSIX extended regex");
    expect_error("{\"commands\": [{\"match\": \"a\", \"argv\": [\"x\"], \"env\": {\"A\": 1}}]}",
                 "smoke.commands[0].env.A: expected a string");
    expect_error("{\"commands\": [{\"match\": \"a\", \"argv\": [\"x\"], \"timeout\": -1}]}",
                 "smoke.commands[0].timeout: expected a number");
    expect_error("{\"commands\": [{\"match\": \"a\", \"argv\": [\"x\"], \"bogus\": 1}]}",
                 "smoke.commands[0].bogus: unknown key");
    expect_error("{\"environments\": {\"linux_amd64\": [\"bookworm\"]}}",
                 "smoke.environments.linux_amd64[0]: expected \"native\"");
    expect_error("{\"environments\": {\"linux_amd64\": \"native\"}}",
                 "smoke.environments.linux_amd64: expected an array");
    expect_error("{\"load\": 1}", "smoke.load: expected true or false");
    expect_error("{\"isolation\": \"none\"}", "smoke.isolation: expected \"strict\"");
    expect_error("{\"isolation\": true}", "smoke.isolation: expected \"strict\" or \"relaxed\"");
    expect_error("[]", "smoke: expected an object");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests_name("smoke_config", tests, NULL, NULL);
}
