/* The matrix's "smoke" section: cJSON tree -> typed structs in an arena
 * (matrices/schema-smoke.json is the same contract as a JSON Schema). */
/* JSON paths in messages are cut at the buffer size, which is harmless. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arena.h"
#include "smoke/smoke.h"

typedef struct cfg_parser {
    xv_arena *arena;
    char *err;
    size_t errlen;
    int failed;
} cfg_parser;

static int perr(cfg_parser *p, const char *path, const char *msg)
{
    if (!p->failed)
        snprintf(p->err, p->errlen, "%s: %s", path, msg);
    p->failed = 1;
    return -1;
}

/* Rejects keys outside `allowed` (NULL-terminated). */
static int check_keys(cfg_parser *p, const cJSON *obj, const char *path,
                      const char *const *allowed)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, obj) {
        int ok = 0;
        for (size_t i = 0; allowed[i]; i++)
            if (it->string && strcmp(it->string, allowed[i]) == 0)
                ok = 1;
        if (!ok) {
            char kp[512];
            snprintf(kp, sizeof kp, "%s.%s", path, it->string ? it->string : "?");
            return perr(p, kp, "unknown key");
        }
    }
    return 0;
}

static const char *get_string(cfg_parser *p, const cJSON *obj, const char *key,
                              const char *path, const char *what)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return NULL;
    char kp[512];
    snprintf(kp, sizeof kp, "%s.%s", path, key);
    if (!cJSON_IsString(v) || !v->valuestring) {
        perr(p, kp, what);
        return NULL;
    }
    return xv_arena_strdup(p->arena, v->valuestring);
}

/* An array of strings (at most `max`); *n receives the count. */
static const char *const *get_strings(cfg_parser *p, const cJSON *v, const char *kp,
                                      size_t max, size_t *n)
{
    *n = 0;
    if (!cJSON_IsArray(v)) {
        perr(p, kp, "expected an array of strings");
        return NULL;
    }
    size_t cnt = (size_t)cJSON_GetArraySize(v);
    if (cnt > max) {
        perr(p, kp, "too many entries");
        return NULL;
    }
    const char **arr = xv_arena_alloc(p->arena, (cnt + 1) * sizeof *arr);
    if (!arr) {
        perr(p, kp, "out of memory");
        return NULL;
    }
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, v) {
        if (!cJSON_IsString(it) || !it->valuestring) {
            char ip[560];
            snprintf(ip, sizeof ip, "%s[%zu]", kp, i);
            perr(p, ip, "expected a string");
            return NULL;
        }
        arr[i++] = xv_arena_strdup(p->arena, it->valuestring);
    }
    *n = i;
    return arr;
}

static int valid_env_name(const char *s)
{
    if (!s[0] || strlen(s) > 200)
        return 0;
    if (!strcmp(s, "native") || !strcmp(s, "qemu") || !strcmp(s, "wine"))
        return 1;
    if (!strncmp(s, "qemu:", 5) || !strncmp(s, "oci:", 4) || !strncmp(s, "rootfs:", 7))
        return s[strlen(s) - 1] != ':';
    /* A cached root filesystem "debian:bookworm", "alpine:3.19". */
    const char *c = strchr(s, ':');
    return c && c != s && c[1] != '\0';
}

static int check_regex(cfg_parser *p, const char *re, const char *kp)
{
    regex_t rx;
    int rc = regcomp(&rx, re, REG_EXTENDED | REG_NOSUB | REG_NEWLINE);
    if (rc != 0) {
        char m[200], msg[300];
        regerror(rc, &rx, m, sizeof m);
        snprintf(msg, sizeof msg, "invalid POSIX extended regex: %s", m);
        return perr(p, kp, msg);
    }
    regfree(&rx);
    return 0;
}

static double get_timeout(cfg_parser *p, const cJSON *obj, const char *path)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "timeout");
    if (!v)
        return 0;
    char kp[512];
    snprintf(kp, sizeof kp, "%s.timeout", path);
    if (!cJSON_IsNumber(v) || v->valuedouble <= 0 || v->valuedouble > 86400) {
        perr(p, kp, "expected a number of seconds between 0 and 86400");
        return 0;
    }
    return v->valuedouble;
}

static int parse_command(cfg_parser *p, const cJSON *c, const char *path, xv_smoke_command *cmd)
{
    static const char *const keys[] = {"match", "argv", "env", "stdin", "cwd", "timeout",
                                       "exit", "stdout", "stdout_regex", "stderr",
                                       "stderr_regex", "platforms", NULL};
    char kp[512];
    if (!cJSON_IsObject(c))
        return perr(p, path, "expected an object");
    if (check_keys(p, c, path, keys))
        return -1;
    cmd->match = get_string(p, c, "match", path, "expected a glob string");
    if (p->failed)
        return -1;
    if (!cmd->match) {
        snprintf(kp, sizeof kp, "%s.match", path);
        return perr(p, kp, "required: a glob on the member path (\"**/app\")");
    }
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, "argv");
    snprintf(kp, sizeof kp, "%s.argv", path);
    if (!v)
        return perr(p, kp, "required: the command line ([\"{file}\", \"--version\"])");
    cmd->argv = get_strings(p, v, kp, XV_SMOKE_MAX_ARGS, &cmd->nargv);
    if (p->failed)
        return -1;
    if (cmd->nargv == 0 || cmd->argv[0][0] == '\0')
        return perr(p, kp, "expected a non-empty array of strings");

    v = cJSON_GetObjectItemCaseSensitive(c, "env");
    if (v) {
        snprintf(kp, sizeof kp, "%s.env", path);
        if (!cJSON_IsObject(v))
            return perr(p, kp, "expected an object of strings");
        size_t n = (size_t)cJSON_GetArraySize(v);
        if (n > 256)
            return perr(p, kp, "too many variables");
        xv_smoke_kv *kv = xv_arena_alloc(p->arena, (n + 1) * sizeof *kv);
        if (!kv)
            return perr(p, kp, "out of memory");
        size_t i = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, v) {
            char ep[600];
            snprintf(ep, sizeof ep, "%s.%s", kp, it->string ? it->string : "?");
            if (!it->string || !it->string[0] || strchr(it->string, '='))
                return perr(p, ep, "invalid variable name");
            if (!cJSON_IsString(it) || !it->valuestring)
                return perr(p, ep, "expected a string");
            kv[i].key = xv_arena_strdup(p->arena, it->string);
            kv[i].value = xv_arena_strdup(p->arena, it->valuestring);
            i++;
        }
        cmd->env = kv;
        cmd->nenv = i;
    }
    cmd->stdin_data = get_string(p, c, "stdin", path, "expected a string");
    cmd->cwd = get_string(p, c, "cwd", path, "expected a string (\"{dir}\", \"/tmp\")");
    cmd->timeout = get_timeout(p, c, path);
    cmd->exit_code = 0;
    v = cJSON_GetObjectItemCaseSensitive(c, "exit");
    if (v) {
        snprintf(kp, sizeof kp, "%s.exit", path);
        if (cJSON_IsString(v) && v->valuestring && strcmp(v->valuestring, "any") == 0)
            cmd->exit_code = -1;
        else if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 255 ||
                 v->valuedouble != (double)(int)v->valuedouble)
            return perr(p, kp, "expected an exit code 0..255 or \"any\"");
        else
            cmd->exit_code = (int)v->valuedouble;
    }
    cmd->stdout_sub = get_string(p, c, "stdout", path, "expected a string (substring)");
    cmd->stdout_regex = get_string(p, c, "stdout_regex", path, "expected a string (POSIX ERE)");
    cmd->stderr_sub = get_string(p, c, "stderr", path, "expected a string (substring)");
    cmd->stderr_regex = get_string(p, c, "stderr_regex", path, "expected a string (POSIX ERE)");
    if (p->failed)
        return -1;
    if (cmd->stdout_regex) {
        snprintf(kp, sizeof kp, "%s.stdout_regex", path);
        if (check_regex(p, cmd->stdout_regex, kp))
            return -1;
    }
    if (cmd->stderr_regex) {
        snprintf(kp, sizeof kp, "%s.stderr_regex", path);
        if (check_regex(p, cmd->stderr_regex, kp))
            return -1;
    }
    v = cJSON_GetObjectItemCaseSensitive(c, "platforms");
    if (v) {
        snprintf(kp, sizeof kp, "%s.platforms", path);
        cmd->platforms = get_strings(p, v, kp, 64, &cmd->nplatforms);
        if (p->failed)
            return -1;
    }
    return 0;
}

int xv_smoke_config_parse(const cJSON *node, const char *path,
                          xv_smoke_config **out, char *err, size_t errlen)
{
    static const char *const keys[] = {"environments", "commands", "timeout", "load",
                                       "isolation", NULL};
    *out = NULL;
    if (errlen)
        err[0] = '\0';
    xv_arena *arena = calloc(1, sizeof *arena);
    if (!arena) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    xv_arena_init(arena);
    cfg_parser p = {arena, err, errlen, 0};
    xv_smoke_config *cfg = xv_arena_alloc(arena, sizeof *cfg);
    char kp[512];
    if (!cfg) {
        perr(&p, path, "out of memory");
        goto fail;
    }
    cfg->priv = arena;
    cfg->load = 1;
    if (!cJSON_IsObject(node)) {
        perr(&p, path, "expected an object");
        goto fail;
    }
    if (check_keys(&p, node, path, keys))
        goto fail;

    const cJSON *envs = cJSON_GetObjectItemCaseSensitive(node, "environments");
    if (envs) {
        snprintf(kp, sizeof kp, "%s.environments", path);
        if (!cJSON_IsObject(envs)) {
            perr(&p, kp, "expected an object: platform id -> list of environments");
            goto fail;
        }
        size_t n = (size_t)cJSON_GetArraySize(envs);
        if (n > 256) {
            perr(&p, kp, "too many platforms");
            goto fail;
        }
        xv_smoke_envlist *el = xv_arena_alloc(arena, (n + 1) * sizeof *el);
        if (!el) {
            perr(&p, kp, "out of memory");
            goto fail;
        }
        size_t i = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, envs) {
            char ep[600];
            snprintf(ep, sizeof ep, "%s.%s", kp, it->string ? it->string : "?");
            el[i].platform = xv_arena_strdup(arena, it->string ? it->string : "");
            el[i].envs = get_strings(&p, it, ep, 64, &el[i].nenvs);
            if (p.failed)
                goto fail;
            for (size_t k = 0; k < el[i].nenvs; k++) {
                if (!valid_env_name(el[i].envs[k])) {
                    char ip[640];
                    snprintf(ip, sizeof ip, "%s[%zu]", ep, k);
                    perr(&p, ip, "expected \"native\", \"qemu\", \"wine\", a root filesystem "
                                 "\"debian:bookworm\" or an image \"oci:IMAGE\"");
                    goto fail;
                }
            }
            i++;
        }
        cfg->environments = el;
        cfg->nenvironments = i;
    }

    const cJSON *cmds = cJSON_GetObjectItemCaseSensitive(node, "commands");
    if (cmds) {
        snprintf(kp, sizeof kp, "%s.commands", path);
        if (!cJSON_IsArray(cmds)) {
            perr(&p, kp, "expected an array of commands");
            goto fail;
        }
        size_t n = (size_t)cJSON_GetArraySize(cmds);
        if (n > XV_SMOKE_MAX_COMMANDS) {
            perr(&p, kp, "too many commands");
            goto fail;
        }
        xv_smoke_command *cl = xv_arena_alloc(arena, (n + 1) * sizeof *cl);
        if (!cl) {
            perr(&p, kp, "out of memory");
            goto fail;
        }
        size_t i = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, cmds) {
            char cp[600];
            snprintf(cp, sizeof cp, "%s[%zu]", kp, i);
            if (parse_command(&p, it, cp, &cl[i]))
                goto fail;
            i++;
        }
        cfg->commands = cl;
        cfg->ncommands = i;
    }
    cfg->timeout = get_timeout(&p, node, path);
    const cJSON *ld = cJSON_GetObjectItemCaseSensitive(node, "load");
    if (ld) {
        snprintf(kp, sizeof kp, "%s.load", path);
        if (!cJSON_IsBool(ld)) {
            perr(&p, kp, "expected true or false");
            goto fail;
        }
        cfg->load = cJSON_IsTrue(ld);
    }
    const char *iso = get_string(&p, node, "isolation", path,
                                 "expected \"strict\" or \"relaxed\"");
    if (iso) {
        snprintf(kp, sizeof kp, "%s.isolation", path);
        if (!strcmp(iso, "strict"))
            cfg->isolation = XV_SMOKE_ISOLATION_STRICT;
        else if (!strcmp(iso, "relaxed"))
            cfg->isolation = XV_SMOKE_ISOLATION_RELAXED;
        else {
            perr(&p, kp, "expected \"strict\" (run release code only in the sandbox, the "
                         "default) or \"relaxed\" (run it unconfined where no sandbox exists)");
            goto fail;
        }
    }
    if (p.failed)
        goto fail;
    *out = cfg;
    return 0;
fail:
    if (!p.failed)
        perr(&p, path, "invalid");
    xv_arena_free(arena);
    free(arena);
    return -1;
}

void xv_smoke_config_free(xv_smoke_config *cfg)
{
    if (!cfg)
        return;
    xv_arena *a = cfg->priv;
    xv_arena_free(a);
    free(a);
}

const xv_smoke_envlist *xv_smoke_config_envs(const xv_smoke_config *cfg, const char *platform)
{
    if (!cfg || !platform)
        return NULL;
    for (size_t i = 0; i < cfg->nenvironments; i++)
        if (strcmp(cfg->environments[i].platform, platform) == 0)
            return &cfg->environments[i];
    return NULL;
}
