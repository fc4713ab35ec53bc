/* Helpers shared by the checks. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "checks/util.h"

const char *xv_cu_basename(const char *path)
{
    if (!path)
        return "";
    const char *b = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '!' || *p == '\\')
            b = p + 1;
    return b;
}

void xv_cu_dirname(const char *member, char *out, size_t n)
{
    const char *slash = member ? strrchr(member, '/') : NULL;
    if (!slash) {
        snprintf(out, n, "%s", "");
        return;
    }
    int len = (int)(slash - member);
    snprintf(out, n, "%.*s", len, member);
}

int xv_cu_join_norm(const char *dir, const char *rel, char *out, size_t n)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s/%s", dir ? dir : "", rel ? rel : "") >= (int)sizeof tmp)
        return -1;
    /* Split on '/', keep a stack of components. */
    const char *comp[512];
    size_t clen[512], nc = 0;
    const char *p = tmp;
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        const char *s = p;
        while (*p && *p != '/')
            p++;
        size_t l = (size_t)(p - s);
        if (l == 1 && s[0] == '.')
            continue;
        if (l == 2 && s[0] == '.' && s[1] == '.') {
            if (nc == 0)
                return -1;
            nc--;
            continue;
        }
        if (nc >= 512)
            return -1;
        comp[nc] = s;
        clen[nc++] = l;
    }
    size_t o = 0;
    if (n == 0)
        return -1;
    out[0] = 0;
    for (size_t i = 0; i < nc; i++) {
        if (o + clen[i] + 2 > n)
            return -1;
        if (i)
            out[o++] = '/';
        memcpy(out + o, comp[i], clen[i]);
        o += clen[i];
        out[o] = 0;
    }
    return 0;
}

const char *xv_cu_build_path(const char *path)
{
    static const char *const unix_markers[] = { "/home/", "/Users/", "/www/", "/tmp/", "/build/",
        "/builds/", "/runner/", "/workspace/", "/buildbot/", "/jenkins/", "/var/lib/jenkins/",
        "/private/var/folders/", NULL };
    static const char *const win_markers[] = { "C:\\Users\\", "C:/Users/", "C:\\a\\", "C:/a/",
        "D:\\a\\", "D:/a/", "C:\\build", "D:\\build", "C:\\src\\", "C:\\projects\\",
        "C:\\agent\\", "D:\\agent\\", "C:\\BuildAgent\\", NULL };
    if (!path)
        return NULL;
    for (const char *const *m = unix_markers; *m; m++)
        if (strstr(path, *m))
            return *m;
    for (const char *const *m = win_markers; *m; m++)
        if (strncasecmp(path, *m, strlen(*m)) == 0)
            return *m;
    return NULL;
}

int xv_cu_is_binary(const xv_artifact *a)
{
    return a && a->image && a->type == XV_ENTRY_FILE && xv_image_count(a->image) > 0;
}

int xv_cu_rule_matches(const xv_mx_file_rule *rule, const xv_artifact *a)
{
    if (a->type != XV_ENTRY_FILE)
        return 0;
    int m = xv_glob_match_budget(rule->match, a->member);
    if (m == 1)
        return 1;
    int p = xv_glob_match_budget(rule->match, a->path);
    if (p == 1)
        return 1;
    return m < 0 || p < 0 ? -1 : 0;
}

int xv_cu_rule_applies(xv_check_ctx *ctx, const xv_check *self, const xv_mx_file_rule *rule,
                       size_t ri, const xv_artifact *a)
{
    int m = xv_cu_rule_matches(rule, a);
    if (m >= 0)
        return m;
    xv_result *r = xv_emit(ctx, self, NULL, a, XV_ERROR,
                           "write the glob with whole-segment \"**\" (\"**/lib/*.so\") instead of "
                           "\"**\" inside a segment",
                           "files[%zu] glob \"%s\" is too costly to decide on this path (matching "
                           "budget exhausted); the rule was not applied", ri, rule->match);
    xv_result_add_fact(ctx, r, XV_FACT_NOT_INSPECTED, "glob budget");
    return 0;
}

const char *xv_cu_size(uint64_t n, char *buf, size_t len)
{
    if (n < 1000)
        snprintf(buf, len, "%llu B", (unsigned long long)n);
    else if (n < 1000000)
        snprintf(buf, len, "%.1f KB", (double)n / 1e3);
    else if (n < 1000000000)
        snprintf(buf, len, "%.1f MB", (double)n / 1e6);
    else
        snprintf(buf, len, "%.2f GB", (double)n / 1e9);
    return buf;
}

int xv_cu_is_exe(const xv_binary *b)
{
    return b && (b->kind == XV_KIND_EXE || b->kind == XV_KIND_PIE);
}
