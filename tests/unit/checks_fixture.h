/* Helpers for the checks' unit tests: arrange fixture binaries into a release
 * folder, run the whole pipeline on it and look results up. */
#ifndef XV_TEST_CHECKS_FIXTURE_H
#define XV_TEST_CHECKS_FIXTURE_H

#include "xvtest.h"
#include <errno.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xverify/xverify.h"

static char cf_root[1024];

static int cf_rm_cb(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)st; (void)flag; (void)f;
    return remove(p);
}

/* A fresh temp folder; removed by cf_cleanup. */
static inline const char *cf_mkroot(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(cf_root, sizeof cf_root, "%s/xvchk.XXXXXX", t ? t : "/tmp");
    assert_non_null(mkdtemp(cf_root));
    return cf_root;
}

static inline void cf_cleanup(void)
{
    if (cf_root[0])
        nftw(cf_root, cf_rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    cf_root[0] = 0;
}

static inline void cf_mkdirs(const char *path)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = 0;
            mkdir(tmp, 0755);
            *p = '/';
        }
    }
    mkdir(tmp, 0755);
}

/* True when the fixture exists; else skips (fails under CI=true). */
#define CF_NEED(rel)                                                              \
    do {                                                                          \
        struct stat st_;                                                          \
        if (stat(xv_fixture(rel), &st_) != 0)                                     \
            XV_SKIP_OR_FAIL("fixture %s not built (XV_FIXTURES)", xv_fixture(rel)); \
    } while (0)

/* Copies $XV_FIXTURES/<src> to <root>/<dst> (folders created). */
static inline void cf_put(const char *dst, const char *src)
{
    char to[4096], dir[4096];
    snprintf(to, sizeof to, "%s/%s", cf_root, dst);
    snprintf(dir, sizeof dir, "%s", to);
    *strrchr(dir, '/') = 0;
    cf_mkdirs(dir);
    FILE *in = fopen(xv_fixture(src), "rb");
    if (!in)
        fail_msg("fixture %s: %s", xv_fixture(src), strerror(errno));
    FILE *out = fopen(to, "wb");
    assert_non_null(out);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    fclose(out);
    chmod(to, 0755);
}

static inline void cf_link(const char *dst, const char *target)
{
    char to[4096], dir[4096];
    snprintf(to, sizeof to, "%s/%s", cf_root, dst);
    snprintf(dir, sizeof dir, "%s", to);
    *strrchr(dir, '/') = 0;
    cf_mkdirs(dir);
    assert_int_equal(symlink(target, to), 0);
}

/* Writes text to <root>/<rel>; returns the full path (static buffer). */
static inline const char *cf_write(const char *rel, const char *text)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", cf_root, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Runs the pipeline on <root>/<input> with an optional matrix text. */
static inline xv_run *cf_run_opts(const char *input, const char *matrix, const char *today,
                                  const char *baseline)
{
    xv_run_opts o;
    xv_run_opts_init(&o);
    char mpath[4096];
    if (matrix) {
        snprintf(mpath, sizeof mpath, "%s", cf_write("matrix.json", matrix));
        o.matrix_path = mpath;
    }
    o.today = today;
    o.smoke = 0;
    char bpath[4096];
    if (baseline) {
        snprintf(bpath, sizeof bpath, "%s/%s", cf_root, baseline);
        o.baseline = bpath;
    }
    xv_run *run = xv_run_new(&o);
    assert_non_null(run);
    char in[4096];
    snprintf(in, sizeof in, "%s/%s", cf_root, input);
    assert_int_equal(xv_run_add_input(run, in), XV_OK);
    xv_status st = xv_run_execute(run);
    if (st != XV_OK)
        fail_msg("run failed: %s", xv_run_error(run) ? xv_run_error(run) : "?");
    return run;
}

static inline xv_run *cf_run(const char *input, const char *matrix)
{
    return cf_run_opts(input, matrix, "2026-01-01", NULL);
}

static inline int cf_ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The one result of `check` whose subject ends with `suffix`; fails the test
 * when there is none or more than one. */
static inline const xv_result *cf_get(const xv_run *run, const char *check, const char *suffix)
{
    const xv_result *hit = NULL;
    for (size_t i = 0; i < xv_run_result_count(run); i++) {
        const xv_result *r = xv_run_result(run, i);
        if (strcmp(r->check, check) == 0 && cf_ends_with(r->subject, suffix)) {
            if (hit)
                fail_msg("two %s results for *%s", check, suffix);
            hit = r;
        }
    }
    if (!hit) {
        for (size_t i = 0; i < xv_run_result_count(run); i++) {
            const xv_result *r = xv_run_result(run, i);
            fprintf(stderr, "  %s %s %s: %s\n", xv_verdict_name(r->verdict), r->check, r->subject, r->message);
        }
        fail_msg("no %s result for *%s", check, suffix);
    }
    return hit;
}

/* The value of a result's fact, or "" when it has none. */
static inline const char *cf_fact(const xv_result *r, const char *key)
{
    for (size_t i = 0; r && i < r->nfacts; i++)
        if (strcmp(r->facts[i].key, key) == 0)
            return r->facts[i].value;
    return "";
}

static inline size_t cf_count(const xv_run *run, const char *check, xv_verdict v)
{
    size_t n = 0;
    for (size_t i = 0; i < xv_run_result_count(run); i++) {
        const xv_result *r = xv_run_result(run, i);
        if ((!check || strcmp(r->check, check) == 0) && r->verdict == v)
            n++;
    }
    return n;
}

#define CF_VERDICT(r, v)                                                              \
    do {                                                                              \
        if ((r)->verdict != (v))                                                      \
            fail_msg("%s %s: %s, want %s: %s", (r)->check, (r)->subject,              \
                     xv_verdict_name((r)->verdict), xv_verdict_name(v), (r)->message); \
    } while (0)

#define CF_MSG_HAS(r, needle)                                                         \
    do {                                                                              \
        if (!strstr((r)->message, needle))                                            \
            fail_msg("%s message lacks \"%s\": %s", (r)->check, needle, (r)->message); \
    } while (0)

#endif
