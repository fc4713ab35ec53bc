/* Platforms inferred from real-world release names (goreleaser, Rust, wheels,
 * npm, Debian/RPM, NuGet RIDs, folders), positive and negative. */
#include "xvtest.h"

#include "xverify/dist.h"

typedef struct pcase {
    const char *name;
    const char *id;      /* expected id, NULL: no platform */
    xv_libc libc;
    const char *token;   /* expected token, NULL: not checked */
    unsigned floor_major, floor_minor;
} pcase;

#define G XV_LIBC_GLIBC
#define M XV_LIBC_MUSL
#define U XV_LIBC_UNKNOWN

static const pcase cases[] = {
    /* goreleaser / Go */
    {"app_1.2.0_linux_arm64.tar.gz", "linux_arm64", U, "linux_arm64", 0, 0},
    {"app_1.2.0_linux_amd64.tar.gz", "linux_amd64", U, NULL, 0, 0},
    {"app_Linux_x86_64.tar.gz", "linux_amd64", U, "Linux_x86_64", 0, 0},
    {"app_Linux_i386.tar.gz", "linux_386", U, NULL, 0, 0},
    {"app_Windows_x86_64.zip", "windows_amd64", U, NULL, 0, 0},
    {"app_Darwin_all.tar.gz", "darwin_universal", U, "Darwin_all", 0, 0},
    {"app_darwin_arm64_v8.0", "darwin_arm64", U, NULL, 0, 0},
    {"app_linux_amd64_v1", "linux_amd64", U, NULL, 0, 0},
    {"hugo_0.120.0_freebsd-amd64.tar.gz", "freebsd_amd64", U, NULL, 0, 0},
    {"app_1.0_linux_riscv64.tar.gz", "linux_riscv64", U, NULL, 0, 0},
    {"app_1.0_linux_ppc64le.tar.gz", "linux_ppc64le", U, NULL, 0, 0},
    {"app_1.0_linux_s390x.tar.gz", "linux_s390x", U, NULL, 0, 0},
    {"app_1.0_linux_loong64.tar.gz", "linux_loong64", U, NULL, 0, 0},
    {"app_1.0_linux_armv7.tar.gz", "linux_arm", U, NULL, 0, 0},
    /* Rust triples */
    {"ripgrep-14.1.0-aarch64-unknown-linux-gnu.tar.gz", "linux_arm64", G, "aarch64-unknown-linux-gnu", 0, 0},
    {"ripgrep-14.1.0-x86_64-unknown-linux-musl.tar.gz", "linux_amd64_musl", M, "x86_64-unknown-linux-musl", 0, 0},
    {"app-x86_64-pc-windows-msvc.zip", "windows_amd64", XV_LIBC_UCRT, "x86_64-pc-windows-msvc", 0, 0},
    {"app-x86_64-pc-windows-gnu.zip", "windows_amd64", XV_LIBC_MSVCRT, NULL, 0, 0},
    {"app-i686-pc-windows-msvc.zip", "windows_386", XV_LIBC_UCRT, NULL, 0, 0},
    {"app-aarch64-apple-darwin.tar.gz", "darwin_arm64", U, "aarch64-apple-darwin", 0, 0},
    {"app-universal-apple-darwin.tar.gz", "darwin_universal", U, NULL, 0, 0},
    {"app-armv7-unknown-linux-gnueabihf.tar.gz", "linux_arm", G, NULL, 0, 0},
    {"app-riscv64gc-unknown-linux-gnu.tar.gz", "linux_riscv64", G, NULL, 0, 0},
    {"app-aarch64-unknown-linux-musl.tar.gz", "linux_arm64_musl", M, NULL, 0, 0},
    /* wheel tags */
    {"numpy-2.0.0-cp312-cp312-manylinux_2_28_x86_64.whl", "linux_amd64", G, "manylinux_2_28_x86_64", 2, 28},
    {"numpy-1.26.4-cp312-cp312-manylinux2014_aarch64.whl", "linux_arm64", G, NULL, 2, 17},
    {"numpy-2.0.0-cp312-cp312-musllinux_1_2_x86_64.whl", "linux_amd64_musl", M, NULL, 1, 2},
    {"numpy-2.0.0-cp312-cp312-macosx_11_0_arm64.whl", "darwin_arm64", U, "macosx_11_0_arm64", 11, 0},
    {"pkg-1.0-cp311-cp311-macosx_10_9_universal2.whl", "darwin_universal", U, NULL, 10, 9},
    {"numpy-2.0.0-cp312-cp312-win_amd64.whl", "windows_amd64", U, "win_amd64", 0, 0},
    {"numpy-2.0.0-cp312-cp312-win32.whl", "windows_386", U, "win32", 0, 0},
    {"numpy-2.0.0-cp312-cp312-win_arm64.whl", "windows_arm64", U, NULL, 0, 0},
    /* npm */
    {"@esbuild/linux-arm64", "linux_arm64", U, "linux-arm64", 0, 0},
    {"@rollup/rollup-linux-x64-gnu", "linux_amd64", G, "linux-x64-gnu", 0, 0},
    {"@rollup/rollup-linux-x64-musl", "linux_amd64_musl", M, NULL, 0, 0},
    {"@esbuild/darwin-x64", "darwin_amd64", U, NULL, 0, 0},
    {"@esbuild/darwin-arm64", "darwin_arm64", U, NULL, 0, 0},
    {"@swc/core-win32-x64-msvc", "windows_amd64", XV_LIBC_UCRT, "win32-x64-msvc", 0, 0},
    {"@swc/core-win32-arm64-msvc", "windows_arm64", XV_LIBC_UCRT, NULL, 0, 0},
    {"@swc/core-win32-ia32-msvc", "windows_386", XV_LIBC_UCRT, NULL, 0, 0},
    {"@swc/core-linux-arm-gnueabihf", "linux_arm", G, NULL, 0, 0},
    /* npm and Node prebuilds: sharp's linuxmusl, node-pre-gyp's platform-libc-arch,
     * Node's process.platform names, prebuildify folders */
    {"@img/sharp-linuxmusl-x64", "linux_amd64_musl", M, "linuxmusl-x64", 0, 0},
    {"@img/sharp-libvips-linuxmusl-arm64", "linux_arm64_musl", M, NULL, 0, 0},
    {"img-sharp-libvips-linuxmusl-x64-1.2.4.tgz", "linux_amd64_musl", M, NULL, 0, 0},
    {"@img/sharp-linux-x64", "linux_amd64", U, NULL, 0, 0},
    {"@img/sharp-wasm32", NULL, U, NULL, 0, 0},
    {"sqlite3-v5.1.7-napi-v6-linuxmusl-x64.tar.gz", "linux_amd64_musl", M, NULL, 0, 0},
    {"canvas-v2.11.2-node-v108-linux-glibc-x64.tar.gz", "linux_amd64", G, NULL, 0, 0},
    {"bcrypt_lib-v5.1.1-napi-v3-linux-x64-glibc.tar.gz", "linux_amd64", G, NULL, 0, 0},
    {"node-v20.11.0-linux-x64-musl.tar.xz", "linux_amd64_musl", M, NULL, 0, 0},
    {"@swc/core-linux-x64-musl", "linux_amd64_musl", M, NULL, 0, 0},
    {"@swc/core-linux-arm64-musl", "linux_arm64_musl", M, NULL, 0, 0},
    {"@napi-rs/canvas-linux-arm64-musl", "linux_arm64_musl", M, NULL, 0, 0},
    {"@esbuild/android-arm64", "android_arm64", XV_LIBC_BIONIC, NULL, 0, 0},
    {"@esbuild/netbsd-x64", "netbsd_amd64", U, NULL, 0, 0},
    {"@esbuild/openbsd-arm64", "openbsd_arm64", U, NULL, 0, 0},
    {"@esbuild/sunos-x64", "solaris_amd64", U, NULL, 0, 0},
    {"prebuilds/linuxmusl-x64/node.napi.node", "linux_amd64_musl", M, NULL, 0, 0},
    {"prebuilds/darwin-x64+arm64/node.napi.node", "darwin_universal", U, "darwin-x64+arm64", 0, 0},
    {"prebuilds/alpine-x64/node.napi.node", "linux_amd64_musl", M, NULL, 0, 0},
    {"prebuilds/linux-x64/node.napi.musl.node", "linux_amd64_musl", M, "linux-x64", 0, 0},
    {"prebuilds/linux-x64/node.napi.glibc.node", "linux_amd64", G, NULL, 0, 0},
    {"prebuilds/linux-arm64/node.napi.armv8.node", "linux_arm64", U, NULL, 0, 0},
    /* Rust targets beyond the common ones */
    {"app-armv7-unknown-linux-musleabihf.tar.gz", "linux_arm_musl", M, NULL, 0, 0},
    {"app-arm-unknown-linux-gnueabi.tar.gz", "linux_arm", G, NULL, 0, 0},
    {"app-aarch64-linux-android.tar.gz", "android_arm64", XV_LIBC_BIONIC, NULL, 0, 0},
    {"app-armv7-linux-androideabi.tar.gz", "android_arm", XV_LIBC_BIONIC, NULL, 0, 0},
    {"app-x86_64-unknown-freebsd.tar.gz", "freebsd_amd64", U, NULL, 0, 0},
    {"app-x86_64-unknown-netbsd.tar.gz", "netbsd_amd64", U, NULL, 0, 0},
    {"app-x86_64-unknown-illumos.tar.gz", "solaris_amd64", U, NULL, 0, 0},
    {"app-aarch64-pc-windows-msvc.zip", "windows_arm64", XV_LIBC_UCRT, NULL, 0, 0},
    {"app-aarch64-pc-windows-gnullvm.zip", "windows_arm64", XV_LIBC_MSVCRT, NULL, 0, 0},
    {"app-thumbv7neon-unknown-linux-gnueabihf.tar.gz", "linux_arm", G, NULL, 0, 0},
    {"app-armv5te-unknown-linux-gnueabi.tar.gz", "linux_arm", G, NULL, 0, 0},
    {"app-loongarch64-unknown-linux-gnu.tar.gz", "linux_loong64", G, NULL, 0, 0},
    {"app-riscv64gc-unknown-linux-musl.tar.gz", "linux_riscv64_musl", M, NULL, 0, 0},
    {"app-x86_64-unknown-linux-gnux32.tar.gz", "linux_amd64", G, NULL, 0, 0},
    /* goreleaser binary folders (GOARM, GOAMD64, GO386) */
    {"app_linux_arm_7", "linux_arm", U, NULL, 0, 0},
    {"app_linux_amd64_v3", "linux_amd64", U, NULL, 0, 0},
    {"app_linux_386_sse2", "linux_386", U, NULL, 0, 0},
    {"app_android_arm64_v8.0", "android_arm64", XV_LIBC_BIONIC, NULL, 0, 0},
    /* more wheel tags */
    {"pkg-1.0-cp312-cp312-musllinux_1_1_aarch64.whl", "linux_arm64_musl", M, NULL, 1, 1},
    {"pkg-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "linux_amd64", G, NULL, 2, 17},
    {"pkg-1.0-cp312-cp312-manylinux_2_17_armv7l.whl", "linux_arm", G, NULL, 2, 17},
    {"pkg-1.0-cp312-cp312-musllinux_1_2_armv7l.whl", "linux_arm_musl", M, NULL, 1, 2},
    {"pkg-1.0-cp312-cp312-manylinux2014_i686.whl", "linux_386", G, NULL, 2, 17},
    {"pkg-1.0-cp312-cp312-macosx_10_12_x86_64.whl", "darwin_amd64", U, NULL, 10, 12},
    {"pkg-1.0-cp312-cp312-linux_x86_64.whl", "linux_amd64", U, NULL, 0, 0},
    {"pkg-1.0-py3-none-any.whl", NULL, U, NULL, 0, 0},
    /* Debian and RPM */
    {"app_1.0.0-1_arm64.deb", "linux_arm64", G, "arm64", 0, 0},
    {"app_1.0.0-1_amd64.deb", "linux_amd64", G, NULL, 0, 0},
    {"app_1.0.0-1_armhf.deb", "linux_arm", G, NULL, 0, 0},
    {"app_1.0.0-1_i386.deb", "linux_386", G, NULL, 0, 0},
    {"app-1.0.0-1.aarch64.rpm", "linux_arm64", G, "aarch64", 0, 0},
    {"app-1.0.0-1.x86_64.rpm", "linux_amd64", G, NULL, 0, 0},
    {"app-1.0.0-1.i686.rpm", "linux_386", G, NULL, 0, 0},
    /* folders, NuGet RIDs, multiarch */
    {"linux_amd64", "linux_amd64", U, NULL, 0, 0},
    {"linux-arm64", "linux_arm64", U, NULL, 0, 0},
    {"windows-x64", "windows_amd64", U, NULL, 0, 0},
    {"macos-arm64", "darwin_arm64", U, NULL, 0, 0},
    {"osx-x64", "darwin_amd64", U, NULL, 0, 0},
    {"runtimes/linux-musl-x64/native", "linux_amd64_musl", M, "linux-musl-x64", 0, 0},
    {"runtimes/osx-arm64/native/libfoo.dylib", "darwin_arm64", U, NULL, 0, 0},
    {"runtimes/win-x64/native/foo.dll", "windows_amd64", U, NULL, 0, 0},
    {"usr/lib/x86_64-linux-gnu/libfoo.so.1", "linux_amd64", G, "x86_64-linux-gnu", 0, 0},
    {"dist.tar.gz!/prebuilds/linux-x64/addon.node", "linux_amd64", U, NULL, 0, 0},
    {"app-x86_64-w64-mingw32.zip", "windows_amd64", XV_LIBC_MSVCRT, NULL, 0, 0},
    /* negatives: no platform word on a word boundary */
    {"libfoo-2.0.tar.gz", NULL, U, NULL, 0, 0},
    {"armadillo.tar.gz", NULL, U, NULL, 0, 0},
    {"linuxdoc-tools.zip", NULL, U, NULL, 0, 0},
    {"app-1.0.0-src.tar.gz", NULL, U, NULL, 0, 0},
    {"x64dbg_snapshot.zip", NULL, U, NULL, 0, 0},
    {"winrar-tools.zip", NULL, U, NULL, 0, 0},
    {"arm-none-eabi-toolchain.tar.bz2", NULL, U, NULL, 0, 0},
    {"darwinism-notes.txt", NULL, U, NULL, 0, 0},
    {"README.md", NULL, U, NULL, 0, 0},
    {"checksums.txt", NULL, U, NULL, 0, 0},
    {"app_1.0.0_noarch.rpm", NULL, U, NULL, 0, 0},
    {"app_1.0.0_all.deb", NULL, U, NULL, 0, 0},
    {"", NULL, U, NULL, 0, 0},
};

static void test_names(void **state)
{
    (void)state;
    size_t n = sizeof cases / sizeof cases[0], bad = 0;
    assert_true(n >= 40);
    for (size_t i = 0; i < n; i++) {
        const pcase *c = &cases[i];
        xv_platform p;
        int r = xv_platform_from_name(c->name, &p);
        int ok = c->id ? (r == 1 && strcmp(p.id, c->id) == 0 && p.libc == c->libc &&
                          (!c->token || strcmp(p.token, c->token) == 0) &&
                          p.floor.major == c->floor_major && p.floor.minor == c->floor_minor)
                       : (r == 0 && p.os == XV_OS_UNKNOWN && p.id[0] == '\0');
        if (!ok) {
            fprintf(stderr, "%s: got r=%d id='%s' libc=%d token='%s' floor=%u.%u; want id=%s libc=%d token=%s floor=%u.%u\n",
                    c->name, r, p.id, (int)p.libc, p.token, p.floor.major, p.floor.minor,
                    c->id ? c->id : "(none)", (int)c->libc, c->token ? c->token : "-",
                    c->floor_major, c->floor_minor);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void test_fields(void **state)
{
    (void)state;
    xv_platform p;
    assert_int_equal(xv_platform_from_name("app-aarch64-apple-darwin.tar.gz", &p), 1);
    assert_int_equal(p.os, XV_OS_MACOS);
    assert_string_equal(p.arch, "aarch64");
    assert_int_equal(xv_platform_from_name("numpy-2.0.0-cp312-cp312-win32.whl", &p), 1);
    assert_int_equal(p.os, XV_OS_WINDOWS);
    assert_string_equal(p.arch, "i386");
    assert_int_equal(xv_platform_from_name("app_Darwin_all.tar.gz", &p), 1);
    assert_string_equal(p.arch, "universal");
    /* "all" is universal only for darwin */
    assert_int_equal(xv_platform_from_name("app_linux_all.tar.gz", &p), 1);
    assert_null(p.arch);
    assert_string_equal(p.id, "linux");
    /* NULL output pointer and NULL name are accepted */
    assert_int_equal(xv_platform_from_name("linux_amd64", NULL), 1);
    assert_int_equal(xv_platform_from_name(NULL, &p), 0);
}

static void test_parse(void **state)
{
    (void)state;
    static const char *const ok[][2] = {
        {"linux_arm64", "linux_arm64"},         {"linux_amd64_musl", "linux_amd64_musl"},
        {"darwin_universal", "darwin_universal"}, {"windows_arm64", "windows_arm64"},
        {"linux-x64", "linux_amd64"},           {"aarch64-apple-darwin", "darwin_arm64"},
        {"win_amd64", "windows_amd64"},         {"linux_386", "linux_386"},
        {"x86_64-unknown-linux-musl", "linux_amd64_musl"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        xv_platform p;
        if (xv_platform_parse(ok[i][0], &p) != 1 || strcmp(p.id, ok[i][1]) != 0)
            fail_msg("parse %s: got '%s', want %s", ok[i][0], p.id, ok[i][1]);
        assert_string_equal(p.token, "");
    }
    static const char *const bad[] = {"", "linux", "amd64", "banana", "linux/amd64", "libfoo-2.0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        xv_platform p;
        if (xv_platform_parse(bad[i], &p) != 0)
            fail_msg("parse '%s' should fail, got %s", bad[i], p.id);
    }
    assert_int_equal(xv_platform_parse(NULL, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests_name("platform", tests, NULL, NULL);
}
