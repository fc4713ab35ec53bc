/* Checksum lists: line formats, and judging fixtures/archives/sums_good and
 * sums_bad (made with coreutils' sha256sum/sha512sum by the recipe) against
 * the bytes. */
#include "xvtest.h"

#include <sys/stat.h>
#include <unistd.h>

#include "xverify/dist.h"
#include "dist/checksums.h"
#include "dist/dist_internal.h"

static const char *fx(const char *rel)
{
    static char buf[4][4096];
    static int k;
    k = (k + 1) % 4;
    const char *d = getenv("XV_FIXTURES");
    snprintf(buf[k], sizeof buf[k], "%s/archives/%s", d ? d : "fixtures-not-built", rel);
    return buf[k];
}

#define NEED_FIXTURES()                                                       \
    do {                                                                      \
        struct stat st_;                                                      \
        if (stat(fx("sums_bad"), &st_) != 0)                                  \
            XV_SKIP_OR_FAIL("fixtures/archives not built (XV_FIXTURES unset?)"); \
    } while (0)

#define H64 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static void test_parse_lines(void **state)
{
    (void)state;
    xv_sum_line l;
    assert_int_equal(xv_sum_parse_line(H64 "  app.tar.gz", strlen(H64) + 12, NULL, &l), 1);
    assert_string_equal(l.name, "app.tar.gz");
    assert_int_equal(l.dlen, 32);
    assert_int_equal(l.digest[0], 0xe3);
    assert_int_equal(l.digest[31], 0x55);
    const char *bin = H64 " *./app.zip\r";
    assert_int_equal(xv_sum_parse_line(bin, strlen(bin), NULL, &l), 1);
    assert_string_equal(l.name, "app.zip");
    const char *bsd = "SHA256 (app.tar.gz) = " H64;
    assert_int_equal(xv_sum_parse_line(bsd, strlen(bsd), NULL, &l), 1);
    assert_string_equal(l.name, "app.tar.gz");
    char h128[129];
    for (int i = 0; i < 128; i++)
        h128[i] = "0123456789abcdef"[i % 16];
    h128[128] = '\0';
    char line[300];
    snprintf(line, sizeof line, "%s  big.tar.xz", h128);
    assert_int_equal(xv_sum_parse_line(line, strlen(line), NULL, &l), 1);
    assert_int_equal(l.dlen, 64);
    /* bare hash: only in a sidecar, naming the sidecar's file */
    assert_int_equal(xv_sum_parse_line(H64, 64, NULL, &l), -1);
    assert_int_equal(xv_sum_parse_line(H64 "\n", 64, "dist/app.zip.sha256", &l), 1);
    assert_string_equal(l.name, "app.zip");
    /* blank and comment lines */
    assert_int_equal(xv_sum_parse_line("", 0, NULL, &l), 0);
    assert_int_equal(xv_sum_parse_line("  # made by ci", 14, NULL, &l), 0);
    /* malformed: short hash, non-hex, no name, no separator */
    static const char *const bad[] = {
        "abc123  app.tar.gz", "not-a-hash app.tar.gz", H64 "  ", H64 "app.tar.gz",
        "zz" H64 "  x", "SHA256 (x) = 12",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (xv_sum_parse_line(bad[i], strlen(bad[i]), NULL, &l) != -1)
            fail_msg("accepted malformed line '%s'", bad[i]);
}

typedef struct got {
    xv_verdict v[64];
    char subject[64][512];
    char msg[64][1200];
    size_t n;
} got;

static void collect(void *ud, xv_verdict v, const char *subject, const char *package,
                    const char *hint, const char *message)
{
    got *g = ud;
    (void)package;
    if (v != XV_PASS)
        assert_non_null(hint);
    if (g->n >= 64)
        return;
    g->v[g->n] = v;
    snprintf(g->subject[g->n], sizeof g->subject[0], "%s", subject);
    snprintf(g->msg[g->n], sizeof g->msg[0], "%s", message);
    g->n++;
}

static void dump(const got *g)
{
    for (size_t i = 0; i < g->n; i++)
        fprintf(stderr, "  %s: %s: %s\n", xv_verdict_name(g->v[i]), g->subject[i], g->msg[i]);
}

/* The one result whose subject ends with `subject`; its verdict must be v. */
static void expect(const got *g, const char *subject, xv_verdict v, const char *msg)
{
    size_t sl = strlen(subject), hits = 0;
    for (size_t i = 0; i < g->n; i++) {
        size_t l = strlen(g->subject[i]);
        if (l >= sl && strcmp(g->subject[i] + l - sl, subject) == 0 && strstr(g->msg[i], msg)) {
            assert_int_equal(g->v[i], v);
            hits++;
        }
    }
    if (hits != 1) {
        dump(g);
        fail_msg("%zu results on %s with '%s', want 1", hits, subject, msg);
    }
}

static got *judge(const char *dir)
{
    xv_dist *d = NULL;
    const char *p[] = {dir};
    assert_int_equal(xv_dist_open(p, 1, NULL, &d), XV_OK);
    got *g = calloc(1, sizeof *g);
    assert_non_null(g);
    xv_checksums_judge(d, collect, g);
    xv_dist_free(d);
    return g;
}

static void test_faults(void **state)
{
    (void)state;
    NEED_FIXTURES();
    got *g = judge(fx("sums_bad"));
    expect(g, "sums_bad/app_1.0.0_linux_amd64.tar.gz", XV_PASS, "sha256 matches");
    expect(g, "sums_bad/app_1.0.0_linux_arm64.tar.gz", XV_FAIL, "sha256 mismatch");
    expect(g, "sums_bad/app_1.0.0_windows_amd64.zip", XV_FAIL, "(line 3) but missing");
    expect(g, "sums_bad/checksums.txt", XV_WARN, "line 4: malformed");
    expect(g, "sums_bad/app_1.0.0_linux_arm64_unlisted.zip", XV_WARN, "not listed");
    if (g->n != 5) {
        dump(g);
        fail_msg("%zu results, want 5", g->n);
    }
    free(g);
}

static void test_good_formats(void **state)
{
    (void)state;
    NEED_FIXTURES();
    got *g = judge(fx("sums_good"));
    expect(g, "sums_good/app_1.0.0_linux_amd64.tar.gz", XV_PASS, "sha256 matches");  /* '*name' */
    expect(g, "sums_good/app_1.0.0_linux_arm64.tar.xz", XV_PASS, "sha512 matches");  /* SHA512SUMS */
    expect(g, "sums_good/app_1.0.0_linux_arm64.zip", XV_PASS, "sha256 matches");     /* bare sidecar */
    assert_int_equal(g->n, 3);
    free(g);
}

/* The same lists after one byte of a file changed: the check notices. */
static void test_tampered(void **state)
{
    (void)state;
    NEED_FIXTURES();
    char tmpl[] = "/tmp/xv-sums.XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cp -a '%s/.' '%s/' && printf x >> '%s/app_1.0.0_linux_arm64.tar.xz'",
             fx("sums_good"), tmpl, tmpl);
    assert_int_equal(system(cmd), 0);
    got *g = judge(tmpl);
    expect(g, "/app_1.0.0_linux_arm64.tar.xz", XV_FAIL, "sha512 mismatch");
    expect(g, "/app_1.0.0_linux_amd64.tar.gz", XV_PASS, "sha256 matches");
    free(g);
    /* a checksum list given with one archive: the others listed are found on disk */
    xv_dist *d = NULL;
    char a[4200], s[4200];
    snprintf(a, sizeof a, "%s/app_1.0.0_linux_amd64.tar.gz", tmpl);
    snprintf(s, sizeof s, "%s/SHA512SUMS", tmpl);
    const char *p[] = {a, s};
    assert_int_equal(xv_dist_open(p, 2, NULL, &d), XV_OK);
    g = calloc(1, sizeof *g);
    xv_checksums_judge(d, collect, g);
    expect(g, "/app_1.0.0_linux_arm64.tar.xz", XV_FAIL, "sha512 mismatch");
    expect(g, "/app_1.0.0_linux_amd64.tar.gz", XV_WARN, "not listed");
    free(g);
    xv_dist_free(d);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
    assert_int_equal(system(cmd), 0);
}

/* Each archive is hashed once, with the algorithms its folder's lists use:
 * SHA-512 only where a list has a SHA-512 line (the lists of a folder are
 * read before its archives, whatever their names). */
static void test_hash_only_what_lists_use(void **state)
{
    (void)state;
    NEED_FIXTURES();
    static const struct {
        const char *dir;
        int want512;
    } cases[] = {{"sums_bad", 0}, {"sums_good", 1}, {"hostile", 0}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        xv_dist *d = NULL;
        const char *p[] = {fx(cases[c].dir)};
        assert_int_equal(xv_dist_open(p, 1, NULL, &d), XV_OK);
        size_t archives = 0;
        for (size_t i = 0; i < xv_dist_package_count(d); i++) {
            const xv_package *k = xv_dist_package(d, i);
            if (k->kind != XV_PKG_ARCHIVE || k->error)
                continue;
            archives++;
            if (!k->has_sha256 || k->has_sha512 != cases[c].want512)
                fail_msg("%s: sha256 %d sha512 %d, want 1 and %d", k->path, k->has_sha256,
                         k->has_sha512, cases[c].want512);
        }
        assert_true(archives > 0);
        xv_dist_free(d);
    }
}

static void test_no_lists(void **state)
{
    (void)state;
    NEED_FIXTURES();
    got *g = judge(fx("hostile"));
    assert_int_equal(g->n, 0);   /* no list: nothing judged, no "unlisted" noise */
    free(g);
    /* a list covers its own folder: hostile/ archives are not "unlisted"
     * because sums_bad/ has a list */
    xv_dist *d = NULL;
    const char *p[] = {fx("hostile"), fx("sums_bad")};
    assert_int_equal(xv_dist_open(p, 2, NULL, &d), XV_OK);
    g = calloc(1, sizeof *g);
    xv_checksums_judge(d, collect, g);
    assert_int_equal(g->n, 5);
    for (size_t i = 0; i < g->n; i++)
        assert_null(strstr(g->subject[i], "hostile/"));
    free(g);
    xv_dist_free(d);
}

/* A hostile list naming files outside its folder: refused and never read.
 * The outside file exists and its hash is listed correctly, so a reader that
 * followed the name would report "matches". */
static void test_escaping_names(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/xv-sums-esc.XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    char cmd[9000];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && mkdir dist && printf secret > outside.txt && "
             "h=$(sha256sum outside.txt | cut -d' ' -f1) && "
             "printf '%%s  ../outside.txt\n%%s  %s/outside.txt\n' \"$h\" \"$h\" > dist/checksums.txt",
             tmpl, tmpl);
    assert_int_equal(system(cmd), 0);
    char dist[4200];
    snprintf(dist, sizeof dist, "%s/dist", tmpl);
    got *g = judge(dist);
    expect(g, "/dist/checksums.txt", XV_FAIL, "line 1: ../outside.txt points outside");
    expect(g, "/dist/checksums.txt", XV_FAIL, "line 2: /");
    for (size_t i = 0; i < g->n; i++)
        assert_null(strstr(g->msg[i], "matches"));
    assert_int_equal(g->n, 2);
    free(g);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_lines),
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_good_formats),
        cmocka_unit_test(test_tampered),
        cmocka_unit_test(test_no_lists),
        cmocka_unit_test(test_hash_only_what_lists_use),
        cmocka_unit_test(test_escaping_names),
    };
    return cmocka_run_group_tests_name("checksums", tests, NULL, NULL);
}
