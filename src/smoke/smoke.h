/* Private: smoke-test configuration and runners (issue 7). */
#ifndef XV_SMOKE_SMOKE_H
#define XV_SMOKE_SMOKE_H

#include <cjson/cJSON.h>
#include <stddef.h>

typedef struct xv_smoke_config xv_smoke_config;

/* Parses the matrix's "smoke" object into typed structs. `path` is the JSON
 * path of the node for messages ("smoke"). Unknown keys and wrong types fail
 * with a message naming the key's path in err. Returns 0 or -1.
 * Called by src/config/matrix.c; the tree is deleted by the caller after. */
int xv_smoke_config_parse(const cJSON *node, const char *path,
                          xv_smoke_config **out, char *err, size_t errlen);
void xv_smoke_config_free(xv_smoke_config *cfg);

/* The parsed section (matrices/schema-smoke.json documents the JSON). Every
 * string is owned by the config and lives until xv_smoke_config_free(). */
typedef struct xv_smoke_kv {
    const char *key, *value;
} xv_smoke_kv;

/* "environments": { "<platform id>": ["native", "qemu", "debian:bookworm",
 * "oci:debian:bookworm", "wine"] } */
typedef struct xv_smoke_envlist {
    const char *platform;      /* platform id as written ("linux_amd64") */
    const char *const *envs;
    size_t nenvs;
} xv_smoke_envlist;

#define XV_SMOKE_MAX_COMMANDS 1024
#define XV_SMOKE_MAX_ARGS 256

typedef struct xv_smoke_command {
    const char *match;         /* glob on the member path (xv_glob_match) */
    const char *const *argv;   /* may hold {file} {dir} {pkg} placeholders */
    size_t nargv;
    const xv_smoke_kv *env;
    size_t nenv;
    const char *stdin_data;    /* NULL: stdin is /dev/null */
    const char *cwd;           /* NULL: a private temp dir ("{dir}" allowed) */
    double timeout;            /* seconds; 0: the run's default */
    int exit_code;             /* expected; default 0; -1 = any */
    const char *stdout_sub, *stdout_regex; /* NULL when not checked */
    const char *stderr_sub, *stderr_regex;
    const char *const *platforms; /* only on these platform ids (NULL: all) */
    size_t nplatforms;
} xv_smoke_command;

/* "isolation": "strict" (default): a runner that cannot sandbox the
 * program (no bubblewrap) is a skip; "relaxed": it runs unconfined and the
 * result says so. */
enum { XV_SMOKE_ISOLATION_STRICT = 0, XV_SMOKE_ISOLATION_RELAXED = 1 };

struct xv_smoke_config {
    const xv_smoke_envlist *environments;
    size_t nenvironments;
    const xv_smoke_command *commands;
    size_t ncommands;
    double timeout;            /* default per command; 0: 30 s */
    int load;                  /* run smoke.load (default 1) */
    int isolation;             /* XV_SMOKE_ISOLATION_*; default strict */
    void *priv;                /* the arena holding everything */
};

/* The environments listed for a platform id, or NULL (count 0). */
const xv_smoke_envlist *xv_smoke_config_envs(const xv_smoke_config *cfg, const char *platform);

#endif
