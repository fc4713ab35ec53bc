/* The release walker and secure extraction over fixtures/archives (built by
 * its recipe with tar, zip, dpkg-deb, rpmbuild, cpio, 7z and python's
 * tarfile for entries no tool writes). */
#include "xvtest.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xverify/dist.h"
#include "dist/dist_internal.h"

static const char *fx(const char *rel)
{
    static char buf[8][4096];
    static int k;
    k = (k + 1) % 8;
    const char *d = getenv("XV_FIXTURES");
    snprintf(buf[k], sizeof buf[k], "%s/archives/%s", d ? d : "fixtures-not-built", rel);
    return buf[k];
}

static int have_fixtures(void)
{
    struct stat st;
    return stat(fx("release"), &st) == 0;
}

#define NEED_FIXTURES()                                                        \
    do {                                                                       \
        if (!have_fixtures())                                                  \
            XV_SKIP_OR_FAIL("fixtures/archives not built (XV_FIXTURES=%s)",   \
                            getenv("XV_FIXTURES") ? getenv("XV_FIXTURES") : ""); \
    } while (0)

static xv_dist *open1(const char *path, const xv_dist_opts *o)
{
    xv_dist *d = NULL;
    const char *p[1] = {path};
    xv_status st = xv_dist_open(p, 1, o, &d);
    if (st != XV_OK)
        fail_msg("xv_dist_open(%s): %s %s", path, xv_status_str(st), d ? xv_dist_error(d) : "");
    return d;
}

static const xv_artifact *find_art(const xv_dist *d, const char *suffix)
{
    size_t n = xv_dist_artifact_count(d), sl = strlen(suffix);
    for (size_t i = 0; i < n; i++) {
        const xv_artifact *a = xv_dist_artifact(d, i);
        size_t l = strlen(a->path);
        if (l >= sl && strcmp(a->path + l - sl, suffix) == 0)
            return a;
    }
    return NULL;
}

static const xv_package *find_pkg(const xv_dist *d, const char *suffix, size_t *idx)
{
    size_t n = xv_dist_package_count(d), sl = strlen(suffix);
    for (size_t i = 0; i < n; i++) {
        const xv_package *p = xv_dist_package(d, i);
        size_t l = strlen(p->path);
        if (l >= sl && strcmp(p->path + l - sl, suffix) == 0) {
            if (idx)
                *idx = i;
            return p;
        }
    }
    return NULL;
}

/* The finding whose subject ends with `subject` and whose message has `msg`. */
static const xv_dist_finding *find_finding(const xv_dist *d, const char *subject, const char *msg)
{
    size_t n = xv_dist_finding_count(d), sl = strlen(subject);
    for (size_t i = 0; i < n; i++) {
        const xv_dist_finding *f = xv_dist_finding_at(d, i);
        size_t l = strlen(f->subject);
        if (l >= sl && strcmp(f->subject + l - sl, subject) == 0 && strstr(f->message, msg))
            return f;
    }
    return NULL;
}

static void dump_findings(const xv_dist *d)
{
    for (size_t i = 0; i < xv_dist_finding_count(d); i++)
        fprintf(stderr, "  finding: %s: %s\n", xv_dist_finding_at(d, i)->subject,
                xv_dist_finding_at(d, i)->message);
}

static void expect_binary(const xv_dist *d, const char *suffix, const char *arch, const char *pid)
{
    const xv_artifact *a = find_art(d, suffix);
    if (!a)
        fail_msg("no artifact ending in %s", suffix);
    if (!a->image || xv_image_count(a->image) == 0)
        fail_msg("%s: not read as a binary", a->path);
    assert_string_equal(xv_image_binary(a->image, 0)->arch, arch);
    assert_string_equal(a->platform.id, pid);
    assert_int_equal(a->type, XV_ENTRY_FILE);
    assert_true(a->size > 0);
}

static void test_release(void **state)
{
    (void)state;
    NEED_FIXTURES();
    xv_dist *d = open1(fx("release"), NULL);
    /* 7 archives + the linux_amd64 folder; checksums.txt is a list, not a package */
    assert_int_equal(xv_dist_package_count(d), 8);
    assert_int_equal(xv_dist_checksum_file_count(d), 1);
    assert_non_null(strstr(xv_dist_checksum_file(d, 0)->path, "release/checksums.txt"));
    assert_int_equal(xv_dist_finding_count(d), 0);
    static const char *const fmts[][3] = {
        {"app_1.0.0_linux_amd64.tar.gz", "x86_64", "linux_amd64"},
        {"app_1.0.0_linux_amd64.tar.zst", "x86_64", "linux_amd64"},
        {"app_1.0.0_linux_amd64.tar.lz4", "x86_64", "linux_amd64"},
        {"app_1.0.0_linux_arm64.tar.gz", "aarch64", "linux_arm64"},
        {"app_1.0.0_linux_arm64.tar.xz", "aarch64", "linux_arm64"},
        {"app_1.0.0_linux_arm64.tar.bz2", "aarch64", "linux_arm64"},
        {"app_1.0.0_linux_arm64.zip", "aarch64", "linux_arm64"},
    };
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        char suf[256];
        const xv_package *p = find_pkg(d, fmts[i][0], NULL);
        if (!p)
            fail_msg("no package %s", fmts[i][0]);
        assert_int_equal(p->kind, XV_PKG_ARCHIVE);
        assert_string_equal(p->platform.id, fmts[i][2]);
        assert_null(p->error);
        assert_int_equal(p->count, 3);   /* bin/app, lib/libgreet.so, README.md */
        assert_true(p->has_sha256);
        assert_true(p->size > 0 && p->expanded > p->size);
        snprintf(suf, sizeof suf, "%s!/bin/app", fmts[i][0]);
        expect_binary(d, suf, fmts[i][1], fmts[i][2]);
        snprintf(suf, sizeof suf, "%s!/lib/libgreet.so", fmts[i][0]);
        expect_binary(d, suf, fmts[i][1], fmts[i][2]);
        const xv_artifact *a = find_art(d, suf);
        assert_string_equal(a->member, "lib/libgreet.so");
        assert_int_equal(a->nested_depth, 0);
        assert_true(a->package < xv_dist_package_count(d));
        assert_ptr_equal(xv_dist_package(d, a->package), p);
    }
    const xv_package *f = find_pkg(d, "release/linux_amd64", NULL);
    assert_non_null(f);
    assert_int_equal(f->kind, XV_PKG_DIR);
    assert_string_equal(f->format, "directory");
    expect_binary(d, "release/linux_amd64/bin/app", "x86_64", "linux_amd64");
    assert_string_equal(find_art(d, "release/linux_amd64/bin/app")->member, "bin/app");
    /* every artifact lies inside its package's [first, first+count) */
    for (size_t i = 0; i < xv_dist_artifact_count(d); i++) {
        const xv_artifact *a = xv_dist_artifact(d, i);
        const xv_package *p = xv_dist_package(d, a->package);
        assert_true(i >= p->first && i < p->first + p->count);
    }
    xv_dist_free(d);
}

/* The walker's sha256 equals what coreutils' sha256sum wrote in checksums.txt. */
static void test_sha256_against_sha256sum(void **state)
{
    (void)state;
    NEED_FIXTURES();
    xv_dist *d = open1(fx("release"), NULL);
    const xv_checksum_file *s = xv_dist_checksum_file(d, 0);
    size_t checked = 0;
    const char *line = s->text;
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char hash[65], name[512];
        if (len > 66 && len - 66 < sizeof name) {
            memcpy(hash, line, 64);
            hash[64] = '\0';
            memcpy(name, line + 66, len - 66);
            name[len - 66] = '\0';
            const xv_package *p = find_pkg(d, name, NULL);
            assert_non_null(p);
            char got[65];
            xv_dist_hex(p->sha256, 32, got);
            assert_string_equal(got, hash);
            checked++;
        }
        line = nl ? nl + 1 : line + len;
    }
    assert_int_equal(checked, 7);
    xv_dist_free(d);
}

static void test_nested_and_packages(void **state)
{
    (void)state;
    NEED_FIXTURES();
    xv_dist *d = NULL;
    const char *paths[] = {fx("nested"), fx("pkgs")};
    assert_int_equal(xv_dist_open(paths, 2, NULL, &d), XV_OK);
    dump_findings(d);
    assert_int_equal(xv_dist_finding_count(d), 0);
    /* a tgz in a zip: its own package, members with the double '!/' path */
    size_t ip;
    const xv_package *inner = find_pkg(d, "nested/bundle_linux_arm64.zip!/inner.tgz", &ip);
    assert_non_null(inner);
    assert_int_equal(inner->kind, XV_PKG_ARCHIVE);
    assert_string_equal(inner->platform.id, "linux_arm64");   /* inherited */
    expect_binary(d, "nested/bundle_linux_arm64.zip!/inner.tgz!/bin/app", "aarch64", "linux_arm64");
    const xv_artifact *a = find_art(d, "inner.tgz!/bin/app");
    assert_int_equal(a->nested_depth, 1);
    assert_string_equal(a->member, "bin/app");
    assert_int_equal(a->package, ip);
    /* the nested archive is also a member of the zip */
    assert_non_null(find_art(d, "bundle_linux_arm64.zip!/inner.tgz"));
    /* deb: one system package whose members are its data.tar.xz's files;
     * neither control.tar nor data.tar is a package or an artifact */
    size_t dp;
    const xv_package *deb = find_pkg(d, "pkgs/app_1.0.0_arm64.deb", &dp);
    assert_non_null(deb);
    assert_int_equal(deb->kind, XV_PKG_SYSTEM);
    assert_string_equal(deb->platform.id, "linux_arm64");
    assert_string_equal(deb->platform_source, "control");
    assert_string_equal(deb->project, "app");
    assert_string_equal(deb->version, "1.0.0");
    expect_binary(d, "app_1.0.0_arm64.deb!/usr/bin/app", "aarch64", "linux_arm64");
    a = find_art(d, "app_1.0.0_arm64.deb!/usr/bin/app");
    assert_string_equal(a->member, "usr/bin/app");
    assert_int_equal(a->package, dp);
    assert_int_equal(a->nested_depth, 0);
    for (size_t i = 0; i < xv_dist_package_count(d); i++)
        assert_null(strstr(xv_dist_package(d, i)->path, ".tar.xz"));
    for (size_t i = 0; i < xv_dist_artifact_count(d); i++) {
        assert_null(strstr(xv_dist_artifact(d, i)->path, "data.tar"));
        assert_null(strstr(xv_dist_artifact(d, i)->path, "control.tar"));
    }
    /* extracting the .deb gives the files it installs */
    char *dir = NULL;
    assert_int_equal(xv_dist_extract(d, dp, NULL, &dir), XV_OK);
    char probe[4096];
    snprintf(probe, sizeof probe, "%s/usr/bin/app", dir);
    assert_int_equal(access(probe, F_OK), 0);
    xv_extract_remove(dir);
    free(dir);
    /* an absolute symlink in a .deb is not an escape: it installs at '/' */
    a = find_art(d, "app_1.0.0_arm64.deb!/usr/lib/app/app");
    assert_non_null(a);
    assert_int_equal(a->type, XV_ENTRY_SYMLINK);
    assert_string_equal(a->link_target, "/usr/bin/app");
    /* rpm: a system package with its header read */
    const xv_package *rpm = find_pkg(d, "pkgs/app-1.0.0-1.x86_64.rpm", NULL);
    assert_int_equal(rpm->kind, XV_PKG_SYSTEM);
    assert_string_equal(rpm->platform_source, "rpm");
    assert_string_equal(rpm->project, "app");
    assert_string_equal(rpm->version, "1.0.0-1");
    /* rpm, cpio, 7z, wheel */
    expect_binary(d, "app-1.0.0-1.x86_64.rpm!/usr/bin/app", "x86_64", "linux_amd64");
    expect_binary(d, "app-1.0.0-1.x86_64.rpm!/usr/lib/app/libgreet.so", "x86_64", "linux_amd64");
    expect_binary(d, "app_linux_amd64.cpio!/bin/app", "x86_64", "linux_amd64");
    expect_binary(d, "app_linux_arm64.7z!/lib/libgreet.so", "aarch64", "linux_arm64");
    expect_binary(d, "manylinux_2_28_x86_64.whl!/mylib/_native.so", "x86_64", "linux_amd64");
    /* no platform in the package name: from the member's folders */
    expect_binary(d, "Greet.Native.1.0.0.nupkg!/runtimes/linux-x64/native/libgreet.so", "x86_64",
                  "linux_amd64");
    expect_binary(d, "Greet.Native.1.0.0.nupkg!/runtimes/linux-arm64/native/libgreet.so", "aarch64",
                  "linux_arm64");
    expect_binary(d, "greet-1.0.0.tgz!/package/prebuilds/linux-arm64/greet.node", "aarch64",
                  "linux_arm64");
    expect_binary(d, "greet-1.0.0.tgz!/package/prebuilds/linux-x64/greet.node", "x86_64",
                  "linux_amd64");
    assert_string_equal(find_pkg(d, "greet-1.0.0.tgz", NULL)->platform.id, "");
    const xv_package *w = find_pkg(d, "manylinux_2_28_x86_64.whl", NULL);
    assert_int_equal(w->platform.floor.major, 2);
    assert_int_equal(w->platform.floor.minor, 28);
    xv_dist_free(d);
}

typedef struct hcase {
    const char *archive;
    const char *subject;   /* suffix of the finding's subject */
    const char *msg;       /* substring of its message */
    int severity;
} hcase;

static void test_hostile(void **state)
{
    (void)state;
    NEED_FIXTURES();
    static const hcase cases[] = {
        {"hostile/traversal.tar", "traversal.tar!/../evil", "'..'", XV_FAIL},
        {"hostile/absolute.tar", "absolute.tar!/etc/x", "absolute path: /etc/x", XV_FAIL},
        {"hostile/symlink_escape.tar", "symlink_escape.tar!/pkg/bin/passwd",
         "-> ../../../etc/passwd points outside", XV_FAIL},
        {"hostile/hardlink_escape.tar", "hardlink_escape.tar!/steal",
         "hardlink steal -> ../../etc/shadow points outside", XV_FAIL},
        {"hostile/setuid.tar", "setuid.tar!/su-app", "setuid bit", XV_FAIL},
        {"hostile/device.tar", "device.tar!/dev/sda", "device node", XV_FAIL},
        {"hostile/fifo.tar", "fifo.tar!/pipe", "FIFO", XV_FAIL},
        {"hostile/duplicate.tar", "duplicate.tar!/file.txt", "duplicate entry name", XV_FAIL},
        {"hostile/truncated.tar.gz", "hostile/truncated.tar.gz", "truncated or corrupt", XV_ERROR},
        {"hostile/sevenzip_arm64_filter.7z", "hostile/sevenzip_arm64_filter.7z",
         "a feature xverify cannot read", XV_ERROR},
        {"hostile/encrypted.zip", "encrypted.zip!/a.txt", "encrypted; not inspected", XV_ERROR},
        {"hostile/crc_mismatch.zip", "crc_mismatch.zip!/a.txt", "bad CRC", XV_ERROR},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        xv_dist *d = open1(fx(cases[i].archive), NULL);
        const xv_dist_finding *f = find_finding(d, cases[i].subject, cases[i].msg);
        if (!f) {
            dump_findings(d);
            fail_msg("%s: no finding on %s with '%s'", cases[i].archive, cases[i].subject,
                     cases[i].msg);
        }
        assert_string_equal(f->check, "archive.safe");
        assert_int_equal(f->severity, cases[i].severity);
        assert_non_null(f->hint);
        assert_non_null(f->package);
        /* exactly one finding per hostile archive: nothing else is flagged */
        if (xv_dist_finding_count(d) != 1) {
            dump_findings(d);
            fail_msg("%s: %zu findings, want 1", cases[i].archive, xv_dist_finding_count(d));
        }
        xv_dist_free(d);
    }
    /* after a bad member the stream goes on */
    xv_dist *c = open1(fx("hostile/crc_mismatch.zip"), NULL);
    assert_non_null(find_art(c, "crc_mismatch.zip!/b.txt"));
    assert_int_equal(find_art(c, "crc_mismatch.zip!/b.txt")->size, 6);
    xv_dist_free(c);
    /* the link that stays inside is kept and not flagged */
    xv_dist *d = open1(fx("hostile/symlink_escape.tar"), NULL);
    const xv_artifact *a = find_art(d, "pkg/bin/readme-link");
    assert_non_null(a);
    assert_int_equal(a->type, XV_ENTRY_SYMLINK);
    assert_string_equal(a->link_target, "../README.md");
    xv_dist_free(d);
}

/* A corrupt archive is a finding; the other inputs are still judged. */
static void test_corrupt_does_not_stop(void **state)
{
    (void)state;
    NEED_FIXTURES();
    xv_dist *d = NULL;
    const char *paths[] = {fx("hostile/truncated.tar.gz"), fx("release/app_1.0.0_linux_amd64.tar.gz")};
    assert_int_equal(xv_dist_open(paths, 2, NULL, &d), XV_OK);
    assert_int_equal(xv_dist_package_count(d), 2);
    assert_non_null(xv_dist_package(d, 0)->error);
    expect_binary(d, "app_1.0.0_linux_amd64.tar.gz!/bin/app", "x86_64", "linux_amd64");
    xv_dist_free(d);
}

static void test_caps(void **state)
{
    (void)state;
    NEED_FIXTURES();
    xv_dist_opts o;
    xv_dist_opts_init(&o);
    assert_int_equal(o.max_ratio, 200);
    assert_int_equal(o.max_depth, 3);
    /* member cap: the 50 MB member of the bomb, with the ratio cap lifted */
    o.max_member = 1u << 20;
    o.max_ratio = 100000;
    xv_dist *d = open1(fx("hostile/bomb.zip"), &o);
    const xv_dist_finding *f = find_finding(d, "bomb.zip!/zeros.bin", "over the member limit");
    assert_non_null(f);
    assert_int_equal(f->severity, XV_ERROR);
    assert_string_equal(f->limit, "member 1048576 bytes");
    xv_dist_free(d);
    /* ratio: only past ratio_min expanded bytes; the 50 MB of zeros is under
     * the default 64 MiB, so it is read and judged like any file */
    xv_dist_opts_init(&o);
    d = open1(fx("hostile/bomb.zip"), &o);
    assert_int_equal(xv_dist_finding_count(d), 0);
    assert_non_null(find_art(d, "bomb.zip!/zeros.bin"));
    xv_dist_free(d);
    o.ratio_min = 1u << 20;
    d = open1(fx("hostile/bomb.zip"), &o);
    f = find_finding(d, "hostile/bomb.zip", "compression ratio over the limit of 200");
    assert_non_null(f);
    assert_int_equal(f->severity, XV_ERROR);
    assert_string_equal(f->limit, "ratio 200");
    xv_dist_free(d);
    /* total cap */
    xv_dist_opts_init(&o);
    o.max_total = 4096;
    d = open1(fx("release/app_1.0.0_linux_amd64.tar.gz"), &o);
    f = find_finding(d, "app_1.0.0_linux_amd64.tar.gz", "expands to more than 4096 bytes");
    assert_non_null(f);
    assert_string_equal(f->limit, "total 4096 bytes");
    xv_dist_free(d);
    /* depth: the tgz in the zip is not opened at max_depth 0 */
    xv_dist_opts_init(&o);
    o.max_depth = 0;
    d = open1(fx("nested/bundle_linux_arm64.zip"), &o);
    f = find_finding(d, "bundle_linux_arm64.zip!/inner.tgz", "nested deeper than the depth limit of 0");
    assert_non_null(f);
    assert_int_equal(f->severity, XV_ERROR);
    assert_string_equal(f->limit, "depth 0");
    assert_null(find_art(d, "inner.tgz!/bin/app"));
    xv_dist_free(d);
}

/* The total counts across inputs and nesting: two archives each under the
 * limit, together over it. What the limit left unread is an error naming it,
 * and the inputs after it are not read at all. */
static void test_release_wide_total(void **state)
{
    (void)state;
    NEED_FIXTURES();
    xv_dist *one = open1(fx("release/app_1.0.0_linux_amd64.tar.gz"), NULL);
    uint64_t first = xv_dist_package(one, 0)->expanded;
    assert_true(first > 0);
    xv_dist_free(one);
    xv_dist_opts o;
    xv_dist_opts_init(&o);
    o.max_total = first + 1;
    const char *paths[] = {fx("release/app_1.0.0_linux_amd64.tar.gz"),
                           fx("nested/bundle_linux_arm64.zip"),
                           fx("release/app_1.0.0_linux_amd64.tar.gz")};
    xv_dist *d = NULL;
    assert_int_equal(xv_dist_open(paths, 3, &o, &d), XV_OK);
    char lim[64];
    snprintf(lim, sizeof lim, "total %llu bytes", (unsigned long long)o.max_total);
    size_t over = 0, skipped = 0;
    for (size_t i = 0; i < xv_dist_finding_count(d); i++) {
        const xv_dist_finding *f = xv_dist_finding_at(d, i);
        assert_int_equal(f->severity, XV_ERROR);
        assert_non_null(f->limit);
        assert_string_equal(f->limit, lim);
        /* nothing of the first input is flagged: it fit */
        assert_null(strstr(f->subject, "app_1.0.0_linux_amd64.tar.gz!/"));
        over += strstr(f->message, "expands to more than") != NULL;
        skipped += strstr(f->message, "was reached before this input") != NULL;
    }
    assert_int_equal(over, 1);
    assert_int_equal(skipped, 1);   /* the third input */
    xv_dist_free(d);
}

static void test_missing_and_null(void **state)
{
    (void)state;
    xv_dist *d = NULL;
    const char *p[] = {"/nonexistent/xverify/dist"};
    assert_int_equal(xv_dist_open(p, 1, NULL, &d), XV_EUSAGE);
    assert_non_null(xv_dist_error(d));
    assert_non_null(strstr(xv_dist_error(d), "/nonexistent/xverify/dist"));
    xv_dist_free(d);
    xv_dist_free(NULL);
    assert_int_equal(xv_dist_package_count(NULL), 0);
    assert_null(xv_dist_package(NULL, 0));
}

/* A scratch folder with a symlink loop and a link out of it: the walk ends,
 * records links as links and flags the one leaving the package. */
static void test_folder_links(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/xv-dist-walk.XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    char p[4200];
    snprintf(p, sizeof p, "%s/linux_amd64", tmpl);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(p, sizeof p, "%s/linux_amd64/sub", tmpl);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(p, sizeof p, "%s/linux_amd64/sub/loop", tmpl);
    assert_int_equal(symlink("..", p), 0);
    snprintf(p, sizeof p, "%s/linux_amd64/out", tmpl);
    assert_int_equal(symlink("../../etc", p), 0);
    snprintf(p, sizeof p, "%s/linux_amd64", tmpl);
    xv_dist *d = open1(p, NULL);
    assert_int_equal(xv_dist_package_count(d), 1);
    assert_int_equal(xv_dist_package(d, 0)->kind, XV_PKG_DIR);
    const xv_artifact *a = find_art(d, "linux_amd64/sub/loop");
    assert_non_null(a);
    assert_int_equal(a->type, XV_ENTRY_SYMLINK);
    assert_null(find_finding(d, "linux_amd64/sub/loop", "outside"));
    assert_non_null(find_finding(d, "linux_amd64/out", "points outside the package"));
    xv_dist_free(d);
    /* a typed input that is a link to an archive or a file is followed */
    if (have_fixtures()) {
        char q[4200];
        snprintf(q, sizeof q, "%s/app_linux_amd64.tar.gz", tmpl);
        assert_int_equal(symlink(fx("release/app_1.0.0_linux_amd64.tar.gz"), q), 0);
        d = open1(q, NULL);
        assert_int_equal(xv_dist_finding_count(d), 0);
        assert_true(xv_dist_package(d, 0)->has_sha256);
        expect_binary(d, "app_linux_amd64.tar.gz!/bin/app", "x86_64", "linux_amd64");
        xv_dist_free(d);
        snprintf(q, sizeof q, "%s/app-link", tmpl);
        assert_int_equal(symlink(fx("release/linux_amd64/bin/app"), q), 0);
        d = open1(q, NULL);
        assert_int_equal(xv_dist_package(d, 0)->kind, XV_PKG_FILE);
        assert_non_null(xv_dist_artifact(d, 0)->image);
        char *dir = NULL;
        assert_int_equal(xv_dist_extract(d, 0, tmpl, &dir), XV_OK);
        snprintf(q, sizeof q, "%s/app-link", dir);
        struct stat st;
        assert_int_equal(lstat(q, &st), 0);
        assert_true(S_ISREG(st.st_mode));
        xv_extract_remove(dir);
        free(dir);
        xv_dist_free(d);
    }
    snprintf(p, sizeof p, "rm -rf '%s'", tmpl);
    assert_int_equal(system(p), 0);
}

static void mk(const char *root, const char *rel, int dir)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    if (dir) {
        assert_int_equal(mkdir(p, 0755), 0);
    } else {
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fclose(f);
    }
}

/* An install tree (bin/, lib/, share/... as a prefix) is one package; a
 * folder with anything else beside them is a release folder of packages. */
static void test_install_tree(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/xv-dist-prefix.XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    mk(tmpl, "bin", 1);
    mk(tmpl, "bin/tool", 0);
    mk(tmpl, "lib", 1);
    mk(tmpl, "lib/tool", 1);
    mk(tmpl, "lib/tool/libdep.so.1", 0);
    mk(tmpl, "share", 1);
    mk(tmpl, "README", 0);
    xv_dist *d = open1(tmpl, NULL);
    assert_int_equal(xv_dist_package_count(d), 1);
    assert_int_equal(xv_dist_package(d, 0)->kind, XV_PKG_DIR);
    assert_non_null(find_art(d, "bin/tool"));
    assert_non_null(find_art(d, "lib/tool/libdep.so.1"));
    xv_dist_free(d);
    /* an archive beside them: a release folder, each entry a package */
    mk(tmpl, "tool-1.0.tar.gz", 0);
    d = open1(tmpl, NULL);
    assert_true(xv_dist_package_count(d) >= 4);
    xv_dist_free(d);
    char p[4200];
    snprintf(p, sizeof p, "%s/tool-1.0.tar.gz", tmpl);
    assert_int_equal(unlink(p), 0);
    /* a folder that is not a prefix folder's */
    mk(tmpl, "linux_arm64", 1);
    d = open1(tmpl, NULL);
    assert_int_equal(xv_dist_package_count(d), 5);
    xv_dist_free(d);
    snprintf(p, sizeof p, "%s/linux_arm64", tmpl);
    assert_int_equal(rmdir(p), 0);
    /* no folder of programs or libraries: share/ and include/ alone */
    snprintf(p, sizeof p, "rm -rf '%s/bin' '%s/lib'", tmpl, tmpl);
    assert_int_equal(system(p), 0);
    mk(tmpl, "include", 1);
    d = open1(tmpl, NULL);
    assert_int_equal(xv_dist_package_count(d), 3);
    xv_dist_free(d);
    snprintf(p, sizeof p, "rm -rf '%s'", tmpl);
    assert_int_equal(system(p), 0);
}

/* The formats a release's archive names stand for are read; a xar archive
 * (whose reader needs libxml2, not enabled) under a .tar name is an error
 * naming the file, not a pass. The archives come from bsdtar. */
static void test_formats_read(void **state)
{
    (void)state;
    if (system("command -v bsdtar >/dev/null 2>&1") != 0)
        XV_SKIP_OR_FAIL("bsdtar not installed (libarchive-tools, scripts/deps.sh)");
    char tmpl[] = "/tmp/xv-dist-formats.XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && mkdir in rel && echo hello > in/payload && "
             "bsdtar -cf rel/a.tar --format ustar -C in payload && "
             "bsdtar -czf rel/a.tar.gz --format pax -C in payload && "
             "bsdtar -cf rel/a.zip --format zip -C in payload && "
             "bsdtar -cf rel/a.7z --format 7zip -C in payload && "
             "bsdtar -cf rel/a.cpio --format newc -C in payload && "
             "bsdtar -cf rel/x.tar --format xar -C in payload",
             tmpl);
    assert_int_equal(system(cmd), 0);
    static const char *const good[] = {"a.tar", "a.tar.gz", "a.zip", "a.7z", "a.cpio"};
    char p[4200];
    snprintf(p, sizeof p, "%s/rel", tmpl);
    xv_dist *d = open1(p, NULL);
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char member[64];
        snprintf(member, sizeof member, "%s!/payload", good[i]);
        if (!find_art(d, member)) {
            dump_findings(d);
            fail_msg("%s: payload not read", good[i]);
        }
        assert_null(find_finding(d, good[i], ""));
    }
    const xv_dist_finding *f = find_finding(d, "x.tar", "Unrecognized archive format");
    if (!f) {
        dump_findings(d);
        fail_msg("x.tar (xar): no finding");
    }
    assert_int_equal(f->severity, XV_ERROR);
    assert_null(find_art(d, "x.tar!/payload"));
    xv_dist_free(d);
    snprintf(p, sizeof p, "rm -rf '%s'", tmpl);
    assert_int_equal(system(p), 0);
}

/* Every path under root with its size and mode, sorted, into sb. */
static void snapshot(const char *root, char **out)
{
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "cd '%s' && find . -printf '%%p %%s %%m %%y\\n' | LC_ALL=C sort", root);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    size_t cap = 1 << 20, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t k;
    while ((k = fread(buf + len, 1, cap - 1 - len, f)) > 0)
        len += k;
    buf[len] = '\0';
    pclose(f);
    *out = buf;
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static void test_extract(void **state)
{
    (void)state;
    NEED_FIXTURES();
    char priv[] = "/tmp/xv-dist-tmpdir.XXXXXX";
    assert_non_null(mkdtemp(priv));
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    setenv("TMPDIR", priv, 1);
    char *before_fx, *before_tmp;
    /* our own fixture set only: other tests may write elsewhere meanwhile */
    char root[4096];
    snprintf(root, sizeof root, "%s", fx(""));
    snapshot(root, &before_fx);
    snapshot(priv, &before_tmp);

    xv_dist *d = NULL;
    const char *paths[] = {fx("hostile"), fx("nested"), fx("release")};
    assert_int_equal(xv_dist_open(paths, 3, NULL, &d), XV_OK);
    size_t n = xv_dist_package_count(d), extracted = 0;
    for (size_t i = 0; i < n; i++) {
        const xv_package *p = xv_dist_package(d, i);
        char *dir = NULL;
        xv_status st = xv_dist_extract(d, i, NULL, &dir);
        /* 50 MB of zeros (bomb.zip) is under ratio_min: unpacked like any file */
        if (p->error || strstr(p->path, "encrypted.zip") || strstr(p->path, "crc_mismatch.zip")) {
            /* truncated, unreadable member: refused, nothing left behind */
            assert_int_not_equal(st, XV_OK);
            assert_null(dir);
            assert_int_equal(count_entries(priv), 0);
            continue;
        }
        if (st != XV_OK)
            fail_msg("extract %s: %s", p->path, xv_status_str(st));
        assert_non_null(dir);
        assert_int_equal(strncmp(dir, priv, strlen(priv)), 0);
        struct stat st2;
        assert_int_equal(stat(dir, &st2), 0);
        assert_int_equal(st2.st_mode & 0777, 0700);
        char q[4400];
        if (strstr(p->path, "app_1.0.0_linux_amd64.tar.gz") ||
            strstr(p->path, "inner.tgz") || strstr(p->path, "release/linux_amd64")) {
            snprintf(q, sizeof q, "%s/bin/app", dir);
            assert_int_equal(stat(q, &st2), 0);
            assert_int_equal(st2.st_mode & 07077, 0);   /* owner bits only */
            assert_true(st2.st_mode & S_IXUSR);
        }
        if (strstr(p->path, "setuid.tar")) {
            snprintf(q, sizeof q, "%s/su-app", dir);
            assert_int_equal(stat(q, &st2), 0);
            assert_int_equal(st2.st_mode & (S_ISUID | S_ISGID), 0);
        }
        if (strstr(p->path, "symlink_escape.tar")) {
            snprintf(q, sizeof q, "%s/pkg/bin/passwd", dir);
            assert_int_not_equal(lstat(q, &st2), 0);   /* escaping link not recreated */
            snprintf(q, sizeof q, "%s/pkg/bin/readme-link", dir);
            assert_int_equal(lstat(q, &st2), 0);
        }
        if (strstr(p->path, "device.tar") || strstr(p->path, "fifo.tar"))
            assert_int_equal(count_entries(dir) <= 1, 1);
        /* only the extraction folder exists in the private TMPDIR */
        assert_int_equal(count_entries(priv), 1);
        xv_extract_remove(dir);
        assert_int_not_equal(stat(dir, &st2), 0);
        free(dir);
        extracted++;
    }
    assert_true(extracted >= 12);
    xv_dist_free(d);
    /* past ratio_min the walker's ratio holds for extraction too: refused */
    xv_dist_opts o;
    xv_dist_opts_init(&o);
    o.ratio_min = 1u << 20;
    d = open1(fx("hostile/bomb.zip"), &o);
    char *bdir = NULL;
    assert_int_not_equal(xv_dist_extract(d, 0, NULL, &bdir), XV_OK);
    assert_null(bdir);
    assert_int_equal(count_entries(priv), 0);
    xv_dist_free(d);

    char *after_fx, *after_tmp;
    snapshot(root, &after_fx);
    snapshot(priv, &after_tmp);
    assert_string_equal(before_fx, after_fx);    /* nothing written into the inputs */
    assert_string_equal(before_tmp, after_tmp);  /* nothing left in TMPDIR, no ../evil */
    free(before_fx);
    free(after_fx);
    free(before_tmp);
    free(after_tmp);
    if (saved) {
        setenv("TMPDIR", saved, 1);
        free(saved);
    } else {
        unsetenv("TMPDIR");
    }
    assert_int_equal(rmdir(priv), 0);
}

/* Extraction installs no signal handler: an ignored SIGINT stays ignored
 * (a background job of a non-interactive shell), and delivering it changes
 * nothing; removal is the caller's (xv_extract_remove), also after an
 * interruption (src/smoke/proc.c stops the runs, the normal path cleans). */
static void test_extract_keeps_ignored_signal(void **state)
{
    (void)state;
    NEED_FIXTURES();
    char priv[] = "/tmp/xv-dist-sig.XXXXXX";
    assert_non_null(mkdtemp(priv));
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGINT, SIG_IGN);
        xv_dist *d = NULL;
        const char *p[] = {fx("release/app_1.0.0_linux_arm64.tar.xz")};
        char *dir = NULL;
        if (xv_dist_open(p, 1, NULL, &d) != XV_OK || xv_dist_extract(d, 0, priv, &dir) != XV_OK)
            _exit(3);
        struct sigaction sa;
        if (sigaction(SIGINT, NULL, &sa) != 0 || sa.sa_handler != SIG_IGN)
            _exit(4);
        raise(SIGINT);
        struct stat st;
        if (stat(dir, &st) != 0)
            _exit(5); /* the folder must not vanish under the caller */
        xv_extract_remove(dir);
        if (stat(dir, &st) == 0)
            _exit(6);
        free(dir);
        xv_dist_free(d);
        _exit(0);
    }
    int ws = 0;
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    assert_true(WIFEXITED(ws));
    assert_int_equal(WEXITSTATUS(ws), 0);
    assert_int_equal(count_entries(priv), 0);
    assert_int_equal(rmdir(priv), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_release),
        cmocka_unit_test(test_sha256_against_sha256sum),
        cmocka_unit_test(test_nested_and_packages),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_corrupt_does_not_stop),
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_release_wide_total),
        cmocka_unit_test(test_missing_and_null),
        cmocka_unit_test(test_folder_links),
        cmocka_unit_test(test_install_tree),
        cmocka_unit_test(test_formats_read),
        cmocka_unit_test(test_extract),
        cmocka_unit_test(test_extract_keeps_ignored_signal),
    };
    return cmocka_run_group_tests_name("dist", tests, NULL, NULL);
}
