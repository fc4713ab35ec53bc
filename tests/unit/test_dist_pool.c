/* The release read on several threads is the release read on one: every
 * package, artifact, finding, checksum list and declared fact the same, in
 * the same order, with the release-wide limits reached at the same place and
 * with a tiny bytes-in-flight cap (threads wait for room). Over the archives
 * fixtures (fixtures/archives, built by recipe). */
#include "xvtest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xverify/dist.h"
#include "dist/dist_internal.h"
#include "common/strbuf.h"

static const char *fx(const char *rel)
{
    static char buf[8][4096];
    static int k;
    k = (k + 1) % 8;
    const char *d = getenv("XV_FIXTURES");
    snprintf(buf[k], sizeof buf[k], "%s/archives/%s", d ? d : "fixtures-not-built", rel);
    return buf[k];
}

#define NEED_FIXTURES()                                                        \
    do {                                                                       \
        struct stat st_;                                                       \
        if (stat(fx("release"), &st_) != 0)                                    \
            XV_SKIP_OR_FAIL("fixtures/archives not built (XV_FIXTURES=%s)",   \
                            getenv("XV_FIXTURES") ? getenv("XV_FIXTURES") : ""); \
    } while (0)

static const char *s0(const char *s)
{
    return s ? s : "(null)";
}

/* Everything a dist hands out, as text. */
static char *dump(const xv_dist *d)
{
    xv_strbuf sb;
    xv_sb_init(&sb);
    char hex[129];
    for (size_t i = 0; i < xv_dist_package_count(d); i++) {
        const xv_package *p = xv_dist_package(d, i);
        xv_sb_printf(&sb, "pkg %s|%s|%d|%s|%s|%s|%llu|%llu|%zu+%zu|%s|%s|%s\n", p->path, p->name,
                     (int)p->kind, p->format, p->platform.id, s0(p->platform_source),
                     (unsigned long long)p->size, (unsigned long long)p->expanded, p->first,
                     p->count, s0(p->error), s0(p->project), s0(p->version));
        if (p->has_sha256) {
            xv_dist_hex(p->sha256, 32, hex);
            xv_sb_printf(&sb, "  sha256 %s\n", hex);
        }
        if (p->has_sha512) {
            xv_dist_hex(p->sha512, 64, hex);
            xv_sb_printf(&sb, "  sha512 %s\n", hex);
        }
        for (size_t k = 0; k < p->ndepends; k++)
            xv_sb_printf(&sb, "  dep %s\n", p->depends[k]);
        for (size_t k = 0; k < p->nld_dirs; k++)
            xv_sb_printf(&sb, "  ld %s\n", p->ld_dirs[k]);
    }
    for (size_t i = 0; i < xv_dist_artifact_count(d); i++) {
        const xv_artifact *a = xv_dist_artifact(d, i);
        xv_sb_printf(&sb, "art %s|%s|%zu|%d|%s|%o|%llu|%s|%d|%s\n", a->path, a->member, a->package,
                     (int)a->type, s0(a->link_target), (unsigned)a->mode,
                     (unsigned long long)a->size, a->platform.id, a->nested_depth,
                     a->image ? "image" : "-");
        if (a->image) {
            const xv_binary *b = xv_image_binary(a->image, 0);
            xv_sb_printf(&sb, "  %zu binaries, %s %s\n", xv_image_count(a->image),
                         b ? s0(b->arch) : "-", b ? s0(b->arch_variant) : "-");
        }
    }
    for (size_t i = 0; i < xv_dist_finding_count(d); i++) {
        const xv_dist_finding *f = xv_dist_finding_at(d, i);
        xv_sb_printf(&sb, "find %s|%s|%s|%s|%s|%d|%s\n", f->check, f->subject, s0(f->package),
                     f->message, s0(f->hint), f->severity, s0(f->limit));
    }
    for (size_t i = 0; i < xv_dist_checksum_file_count(d); i++) {
        const xv_checksum_file *c = xv_dist_checksum_file(d, i);
        xv_sb_printf(&sb, "sums %s %zu\n%s\n", c->path, c->len, c->text);
    }
    const xv_release_info *r = xv_dist_release(d);
    xv_sb_printf(&sb, "release %s|%s|%s|%s|%s\n", s0(r->project), s0(r->version), s0(r->tag),
                 s0(r->commit), s0(r->source));
    return xv_sb_take(&sb);
}

static char *read_dump(const char *const *paths, size_t n, const xv_dist_opts *base, int jobs,
                       uint64_t *entries, uint64_t *total)
{
    xv_dist_opts o = *base;
    o.jobs = jobs;
    xv_dist *d = NULL;
    xv_status st = xv_dist_open(paths, n, &o, &d);
    if (st != XV_OK)
        fail_msg("xv_dist_open: %s %s", xv_status_str(st), d ? xv_dist_error(d) : "");
    if (entries)
        *entries = d->entries;
    if (total)
        *total = d->total_expanded;
    char *s = dump(d);
    xv_dist_free(d);
    return s;
}

/* The same text with jobs 1, 2, 3 and 8, and a reference that is not empty. */
static void same_for_any_jobs(const char *const *paths, size_t n, const xv_dist_opts *o,
                              const char *what)
{
    char *one = read_dump(paths, n, o, 1, NULL, NULL);
    assert_true(strlen(one) > 100);
    static const int jobs[] = {2, 3, 8};
    for (size_t k = 0; k < sizeof jobs / sizeof jobs[0]; k++) {
        for (int rep = 0; rep < 3; rep++) {
            char *many = read_dump(paths, n, o, jobs[k], NULL, NULL);
            if (strcmp(one, many) != 0) {
                size_t i = 0;
                while (one[i] && one[i] == many[i])
                    i++;
                size_t from = i > 200 ? i - 200 : 0;
                fail_msg("%s: --jobs %d reads differently from --jobs 1 at byte %zu:\n"
                         "jobs 1: ...%.400s\njobs %d: ...%.400s", what, jobs[k], i, one + from,
                         jobs[k], many + from);
            }
            free(many);
        }
    }
    free(one);
}

static const char *const all_inputs_rel[] = {"release", "pkgs", "hostile", "nested",
                                              "sums_good", "sums_bad"};

static void all_inputs(const char **paths)
{
    for (size_t i = 0; i < 6; i++)
        paths[i] = fx(all_inputs_rel[i]);
}

static void test_same_release(void **state)
{
    (void)state;
    NEED_FIXTURES();
    const char *paths[6];
    all_inputs(paths);
    xv_dist_opts o;
    xv_dist_opts_init(&o);
    same_for_any_jobs(paths, 6, &o, "all archives fixtures");
    /* threads that wait for room: a cap smaller than any member */
    o.max_inflight = 1;
    same_for_any_jobs(paths, 6, &o, "max_inflight 1");
    /* ...and each member then runs alone: never more in flight than one
     * thread held (its member and the nested ones inside it) */
    o.jobs = 4;
    xv_dist *d = NULL;
    assert_int_equal(xv_dist_open(paths, 6, &o, &d), XV_OK);
    assert_true(d->inflight_biggest > 0);
    assert_true(d->inflight_peak == d->inflight_biggest);
    xv_dist_free(d);
    /* a cap of 1 MiB: the peak stays under the cap plus one member */
    o.max_inflight = 1u << 20;
    assert_int_equal(xv_dist_open(paths, 6, &o, &d), XV_OK);
    assert_true(d->inflight_peak <= o.max_inflight + d->inflight_biggest);
    xv_dist_free(d);
}

/* The release-wide limits, reached in every package in turn: the same
 * package is the one that reaches them, with the same findings. */
static void test_same_limits(void **state)
{
    (void)state;
    NEED_FIXTURES();
    const char *paths[6];
    all_inputs(paths);
    xv_dist_opts o;
    xv_dist_opts_init(&o);
    uint64_t entries = 0, total = 0;
    free(read_dump(paths, 6, &o, 1, &entries, &total));
    assert_true(entries > 20);
    assert_true(total > 100000);
    char what[96];
    for (int k = 1; k < 8; k++) {
        xv_dist_opts_init(&o);
        o.max_total = total * (uint64_t)k / 8;
        snprintf(what, sizeof what, "max_total %llu", (unsigned long long)o.max_total);
        same_for_any_jobs(paths, 6, &o, what);
        xv_dist_opts_init(&o);
        o.max_entries = entries * (uint64_t)k / 8;
        snprintf(what, sizeof what, "max_entries %llu", (unsigned long long)o.max_entries);
        same_for_any_jobs(paths, 6, &o, what);
    }
}

static int write_file(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    ssize_t w = write(fd, data, len);
    close(fd);
    return w == (ssize_t)len ? 0 : -1;
}

static int copy_file(const char *from, const char *to)
{
    FILE *f = fopen(from, "rb");
    if (!f)
        return -1;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return write_file(to, buf, n);
}

/* A checksum list with a SHA-512 line inside a folder package: the archives
 * read after it get SHA-512 digests, on any number of threads. */
static void test_same_sha512_from_folder(void **state)
{
    (void)state;
    NEED_FIXTURES();
    char root[] = "/tmp/xv-pool-XXXXXX";
    assert_non_null(mkdtemp(root));
    char p[4200];
    snprintf(p, sizeof p, "%s/a_folder", root);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(p, sizeof p, "%s/a_folder/SHA512SUMS", root);
    char line[200];
    memset(line, 'a', 128);
    snprintf(line + 128, sizeof line - 128, "  b_linux_amd64.tar.gz\n");
    assert_int_equal(write_file(p, line, strlen(line)), 0);
    static const char *const names[] = {"b_linux_amd64.tar.gz", "c_linux_arm64.tar.gz",
                                        "d_linux_arm64.zip"};
    static const char *const from[] = {"release/app_1.0.0_linux_amd64.tar.gz",
                                       "release/app_1.0.0_linux_arm64.tar.gz",
                                       "release/app_1.0.0_linux_arm64.zip"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", root, names[i]);
        assert_int_equal(copy_file(fx(from[i]), p), 0);
    }
    const char *paths[1] = {root};
    xv_dist_opts o;
    xv_dist_opts_init(&o);
    char *one = read_dump(paths, 1, &o, 1, NULL, NULL);
    assert_non_null(strstr(one, "  sha512 "));
    free(one);
    same_for_any_jobs(paths, 1, &o, "SHA-512 list in a folder package");
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", root, names[i]);
        unlink(p);
    }
    snprintf(p, sizeof p, "%s/a_folder/SHA512SUMS", root);
    unlink(p);
    snprintf(p, sizeof p, "%s/a_folder", root);
    rmdir(p);
    rmdir(root);
}

/* Progress from the reading threads: every package is counted once, and the
 * calls never overlap (they are made under the pool's lock). */
typedef struct prog_seen {
    size_t start, done, last_done, total;
    uint64_t bytes_total, last_bytes;
    int inside, overlapped;
} prog_seen;

static void on_progress(void *ud, const xv_dist_progress *p)
{
    prog_seen *s = ud;
    if (s->inside++)
        s->overlapped = 1;
    if (p->event == XV_DIST_START) {
        s->start++;
        s->total = p->pkgs_total;
        s->bytes_total = p->bytes_total;
    } else if (p->event == XV_DIST_PACKAGE_DONE) {
        s->done++;
        s->last_done = p->pkgs_done;
        s->last_bytes = p->bytes_done;
    }
    usleep(100);
    s->inside--;
}

static void test_progress(void **state)
{
    (void)state;
    NEED_FIXTURES();
    const char *paths[6];
    all_inputs(paths);
    for (int jobs = 1; jobs <= 4; jobs += 3) {
        prog_seen s;
        memset(&s, 0, sizeof s);
        xv_dist_opts o;
        xv_dist_opts_init(&o);
        o.jobs = jobs;
        o.progress = on_progress;
        o.progress_ud = &s;
        xv_dist *d = NULL;
        assert_int_equal(xv_dist_open(paths, 6, &o, &d), XV_OK);
        xv_dist_free(d);
        assert_int_equal(s.start, 1);
        assert_true(s.total > 20);
        assert_int_equal(s.done, s.total);
        assert_int_equal(s.last_done, s.total);
        assert_true(s.last_bytes == s.bytes_total);
        assert_int_equal(s.overlapped, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_release),
        cmocka_unit_test(test_same_limits),
        cmocka_unit_test(test_same_sha512_from_folder),
        cmocka_unit_test(test_progress),
    };
    return cmocka_run_group_tests_name("dist_pool", tests, NULL, NULL);
}
