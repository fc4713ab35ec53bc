/* Toolchain facts read from binaries built here by real toolchains: GCC
 * and clang (.comment), MinGW's GNU ld (PE linker version), a C++ runtime
 * need, and, from the release fixtures, Go build info and a Rust release
 * build (when rustc was found). */
#include "xvtest.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xverify/binary.h"
#include "formats/toolchain.h"

static xv_image *load(const char *rel)
{
    const char *path = xv_fixture(rel);
    struct stat st;
    if (stat(path, &st) != 0)
        XV_SKIP_OR_FAIL("fixture %s not built", path);
    xv_image *img = NULL;
    xv_status s = xv_image_read_file(path, NULL, &img);
    assert_non_null(img);
    if (s != XV_OK)
        fail_msg("%s: %s", path, xv_image_error(img) ? xv_image_error(img) : "?");
    return img;
}

static void starts(const char *s, const char *prefix)
{
    if (!s || strncmp(s, prefix, strlen(prefix)) != 0)
        fail_msg("\"%s\" does not start with \"%s\"", s ? s : "(null)", prefix);
}

static void c_compilers(void **state)
{
    (void)state;
    xv_image *img = load("elf/x86_64/hello-pie");
    const xv_binary *b = xv_image_binary(img, 0);
    assert_int_equal(b->toolchain.lang, XV_LANG_C);
    starts(b->toolchain.compiler, "GCC ");
    assert_null(b->toolchain.go);
    char buf[128];
    starts(xv_toolchain_summary(b, buf, sizeof buf), "C/C++ (GCC ");
    xv_image_free(img);

    img = load("elf/x86_64/libxvcxx.so");
    assert_int_equal(xv_image_binary(img, 0)->toolchain.lang, XV_LANG_CXX);
    xv_image_free(img);

    img = load("elf/be/ppc64-libxvbe.so");
    b = xv_image_binary(img, 0);
    starts(b->toolchain.compiler, "clang ");
    starts(b->toolchain.linker, "LLD ");
    xv_image_free(img);

    img = load("checks/pe/app.exe");
    b = xv_image_binary(img, 0);
    starts(b->toolchain.linker, "GNU ld 2.");
    assert_int_equal(b->toolchain.msvc_rich, 0);
    xv_image_free(img);
    img = load("checks/pe/appcpp.exe");
    assert_int_equal(xv_image_binary(img, 0)->toolchain.lang, XV_LANG_CXX);
    xv_image_free(img);
}

static void go_buildinfo(void **state)
{
    (void)state;
    static const char *const bins[] = {
        "release/go/dist/hello_linux_amd64_v1/hello", "release/go/dist/hello_linux_arm64/hello",
        "release/go/dist/hello_darwin_arm64/hello", "release/go/dist/hello_windows_arm64/hello.exe",
    };
    static const char *const goos[] = { "linux", "linux", "darwin", "windows" };
    static const char *const goarch[] = { "amd64", "arm64", "arm64", "arm64" };
    for (size_t i = 0; i < sizeof bins / sizeof bins[0]; i++) {
        xv_image *img = load(bins[i]);
        const xv_binary *b = xv_image_binary(img, 0);
        assert_int_equal(b->toolchain.lang, XV_LANG_GO);
        const xv_go_info *g = b->toolchain.go;
        assert_non_null(g);
        starts(g->version, "go1.");
        assert_string_equal(g->module, "example.com/hello");
        assert_string_equal(g->path, "example.com/hello");
        assert_string_equal(g->goos, goos[i]);
        assert_string_equal(g->goarch, goarch[i]);
        assert_int_equal(g->cgo, XV_NO);
        assert_int_equal(g->trimpath, XV_YES);
        if (b->format == XV_FMT_ELF)
            assert_non_null(g->build_id);
        char buf[128];
        xv_toolchain_summary(b, buf, sizeof buf);
        assert_non_null(strstr(buf, ", module example.com/hello, CGO off"));
        starts(buf, "Go 1.");
        xv_image_free(img);
    }
    /* The universal darwin_all: both slices carry the build info. */
    xv_image *img = load("release/go/dist/hello_darwin_all/hello");
    assert_int_equal(xv_image_count(img), 2);
    for (size_t s = 0; s < 2; s++)
        assert_int_equal(xv_image_binary(img, s)->toolchain.lang, XV_LANG_GO);
    xv_image_free(img);
}

static void rust_release(void **state)
{
    (void)state;
    struct stat st;
    if (stat(xv_fixture("release/rust/MISSING"), &st) == 0) {
        /* rustc is optional (not a CI requirement): a skip, even in CI. */
        fprintf(stderr, "skip: no Rust build (missing: rustc, optional)\n");
        skip();
    }
    xv_image *img = load("release/rust/dist/hello-rs-x86_64-unknown-linux-gnu/hello-rs");
    const xv_binary *b = xv_image_binary(img, 0);
    assert_int_equal(b->toolchain.lang, XV_LANG_RUST);
    starts(b->toolchain.rust_version, "1.");  /* "rustc version 1.x.y" in .comment */
    char buf[128];
    starts(xv_toolchain_summary(b, buf, sizeof buf), "Rust 1.");
    xv_image_free(img);
    /* Without .comment: the standard library's /rustc/<commit>/ paths. */
    img = load("release/rust/hello-rs-nocomment");
    b = xv_image_binary(img, 0);
    assert_int_equal(b->toolchain.lang, XV_LANG_RUST);
    assert_null(b->toolchain.rust_version);
    assert_non_null(b->toolchain.rust_commit);
    assert_int_equal(strlen(b->toolchain.rust_commit), 40);
    assert_string_equal(xv_toolchain_summary(b, buf, sizeof buf), "Rust");
    xv_image_free(img);
}

/* The word-at-a-time search for "/rustc/<commit>/library/" against a plain
 * byte-by-byte one, on buffers full of near misses: paths planted at every
 * alignment, up to the last byte, cut short, with a bad hex digit, and
 * slashes in the filter's positions without the rest. */
static const uint8_t *rust_path_slow(const uint8_t *p, size_t n)
{
    for (size_t i = 0; n >= 56 && i <= n - 56; i++) {
        if (memcmp(p + i, "/rustc/", 7) != 0 || memcmp(p + i + 47, "/library/", 9) != 0)
            continue;
        int ok = 1;
        for (int k = 0; k < 40 && ok; k++)
            ok = (p[i + 7 + k] >= '0' && p[i + 7 + k] <= '9') ||
                 (p[i + 7 + k] >= 'a' && p[i + 7 + k] <= 'f');
        if (ok)
            return p + i;
    }
    return NULL;
}

static void rust_path_scan(void **state)
{
    (void)state;
    static const char good[] = "/rustc/90b35a6239c3d8bdabc530a6a0816f7ff89a0aaf/library/";
    static uint8_t buf[4096];
    uint32_t seed = 12345;
    int found = 0, missed = 0;
    for (int round = 0; round < 4000; round++) {
        size_t n = (size_t)(round % 300) + (round % 7 == 0 ? 3000 : 0);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            /* mostly slashes and path bytes, so the filter fires often */
            static const char alpha[] = "//////rustclibary0123456789abcdef/";
            buf[i] = (uint8_t)alpha[(seed >> 16) % (sizeof alpha - 1)];
        }
        if (n >= 56) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % (n - 55);
            if (round % 5 == 4)
                at = n - 56;   /* ends at the last byte */
            memcpy(buf + at, good, 56);
            switch (round % 4) {
            case 1: buf[at + 7 + (round % 40)] = 'G'; break;  /* not hex */
            case 2: buf[at + 50] = 'x'; break;                 /* "/libxary/" */
            case 3: buf[at + 6] = '_'; break;                  /* "/rustc_" */
            default: break;
            }
        }
        const uint8_t *want = rust_path_slow(buf, n), *got = xv_tc_find_rust_path(buf, n);
        if (want != got)
            fail_msg("round %d (%zu bytes): found at %td, expected %td", round, n,
                     got ? got - buf : (ptrdiff_t)-1, want ? want - buf : (ptrdiff_t)-1);
        if (want)
            found++;
        else
            missed++;
    }
    /* both outcomes were exercised */
    assert_true(found > 500);
    assert_true(missed > 500);
    /* The same through pread() in small chunks, so that paths straddle
     * chunk boundaries, from a file and an offset into it. */
    char tmpl[] = "/tmp/xvtest-rustpath.XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    unlink(tmpl);
    int fd_found = 0;
    for (int round = 0; round < 600; round++) {
        size_t n = 200 + (size_t)(round * 7 % 1500);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            static const char alpha[] = "//////rustclibary0123456789abcdef/";
            buf[i] = (uint8_t)alpha[(seed >> 16) % (sizeof alpha - 1)];
        }
        seed = seed * 1103515245u + 12345u;
        size_t at = (seed >> 8) % (n - 55);
        memcpy(buf + at, good, 56);
        if (round % 3 == 1)
            buf[at + 20] = 'X';
        size_t off = (size_t)(round % 5);   /* the region starts inside the file */
        assert_int_equal(ftruncate(fd, 0), 0);
        assert_int_equal(pwrite(fd, buf, n, 0), (ssize_t)n);
        const uint8_t *want = rust_path_slow(buf + off, n - off);
        size_t chunk = 112 + (size_t)(round % 97);
        char commit[40];
        int rc = xv_tc_find_rust_path_fd(fd, off, n - off, chunk, commit);
        if (rc != (want ? 1 : 0))
            fail_msg("round %d: pread search says %d, expected %d", round, rc, want ? 1 : 0);
        if (want) {
            assert_memory_equal(commit, want + 7, 40);
            fd_found++;
        }
    }
    assert_true(fd_found > 100);
    /* a region past the end of the file is an error, not "none" */
    char commit[40];
    memset(buf, 'x', 1000);
    assert_int_equal(ftruncate(fd, 0), 0);
    assert_int_equal(pwrite(fd, buf, 1000, 0), 1000);
    assert_int_equal(xv_tc_find_rust_path_fd(fd, 0, 1000, 4096, commit), 0);
    assert_int_equal(xv_tc_find_rust_path_fd(fd, 0, 1u << 20, 4096, commit), -1);
    close(fd);
    /* one byte short of a whole path */
    memcpy(buf, good, 56);
    assert_null(xv_tc_find_rust_path(buf, 55));
    assert_ptr_equal(xv_tc_find_rust_path(buf, 56), buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(c_compilers),
        cmocka_unit_test(go_buildinfo),
        cmocka_unit_test(rust_release),
        cmocka_unit_test(rust_path_scan),
    };
    return cmocka_run_group_tests_name("toolchain", tests, NULL, NULL);
}
