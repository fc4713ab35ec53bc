/* Release metadata parsers (src/dist/meta.c, record.c): npm package.json,
 * WHEEL, RECORD lines, goreleaser artifacts.json/metadata.json and
 * cargo-dist dist-manifest.json, on documents shaped like the ones those
 * tools write, plus the edge cases that must not state a platform. */
#include "xvtest.h"

#include "dist/meta.h"
#include "dist/record.h"

#define S(x) x, sizeof x - 1

static void test_npm(void **state)
{
    (void)state;
    xv_arena ar;
    xv_arena_init(&ar);
    xv_npm_meta m;
    xv_platform p;
    /* sharp's musl package, as published */
    assert_int_equal(xv_meta_parse_npm(S("{\"name\":\"@img/sharp-linuxmusl-x64\",\"version\":\"0.35.5\","
        "\"os\":[\"linux\"],\"libc\":[\"musl\"],\"cpu\":[\"x64\"],"
        "\"optionalDependencies\":{\"@img/sharp-libvips-linuxmusl-x64\":\"1.3.4\"}}"), &ar, &m), 0);
    assert_string_equal(m.name, "@img/sharp-linuxmusl-x64");
    assert_string_equal(m.version, "0.35.5");
    assert_int_equal(m.ndeps, 1);
    assert_string_equal(m.deps[0], "@img/sharp-libvips-linuxmusl-x64");
    assert_int_equal(xv_meta_npm_platform(&m, &p), 1);
    assert_string_equal(p.id, "linux_amd64_musl");
    /* Node's names: win32/ia32, darwin/arm64, glibc */
    assert_int_equal(xv_meta_parse_npm(S("{\"os\":[\"win32\"],\"cpu\":[\"ia32\"]}"), &ar, &m), 0);
    assert_int_equal(xv_meta_npm_platform(&m, &p), 1);
    assert_string_equal(p.id, "windows_386");
    assert_int_equal(xv_meta_parse_npm(S("{\"os\":\"linux\",\"cpu\":\"arm64\",\"libc\":\"glibc\"}"), &ar, &m), 0);
    assert_int_equal(xv_meta_npm_platform(&m, &p), 1);
    assert_string_equal(p.id, "linux_arm64");
    assert_int_equal(p.libc, XV_LIBC_GLIBC);
    /* several platforms, negations, none: no single platform */
    assert_int_equal(xv_meta_parse_npm(S("{\"os\":[\"linux\",\"darwin\"],\"cpu\":[\"x64\"]}"), &ar, &m), 0);
    assert_int_equal(xv_meta_npm_platform(&m, &p), 0);
    assert_int_equal(xv_meta_parse_npm(S("{\"os\":[\"!win32\"],\"cpu\":[\"x64\"]}"), &ar, &m), 0);
    assert_int_equal(xv_meta_npm_platform(&m, &p), 0);
    assert_int_equal(xv_meta_parse_npm(S("{\"name\":\"x\"}"), &ar, &m), 0);
    assert_int_equal(xv_meta_npm_platform(&m, &p), 0);
    assert_int_equal(xv_meta_parse_npm(S("{\"os\":[\"plan9\"],\"cpu\":[\"x64\"]}"), &ar, &m), 0);
    assert_int_equal(xv_meta_npm_platform(&m, &p), 0);
    /* dependencies + optionalDependencies, names once each */
    assert_int_equal(xv_meta_parse_npm(S("{\"dependencies\":{\"a\":\"1\",\"b\":\"2\"},"
                                         "\"optionalDependencies\":{\"b\":\"2\",\"c\":\"3\"}}"), &ar, &m), 0);
    assert_int_equal(m.ndeps, 3);
    /* not an object, truncated, empty */
    assert_int_equal(xv_meta_parse_npm(S("[1,2]"), &ar, &m), -1);
    assert_int_equal(xv_meta_parse_npm(S("{\"name\":"), &ar, &m), -1);
    assert_int_equal(xv_meta_parse_npm("", 0, &ar, &m), -1);
    xv_arena_free(&ar);
}

static void test_wheel(void **state)
{
    (void)state;
    xv_arena ar;
    xv_arena_init(&ar);
    xv_wheel_meta w;
    assert_int_equal(xv_meta_parse_wheel(S("Wheel-Version: 1.0\nGenerator: bdist_wheel (0.38.4)\n"
        "Root-Is-Purelib: false\nTag: cp312-cp312-manylinux_2_17_x86_64\n"
        "Tag: cp312-cp312-manylinux2014_x86_64\n\n"), &ar, &w), 0);
    assert_int_equal(w.ntags, 2);
    assert_string_equal(w.tags[0], "cp312-cp312-manylinux_2_17_x86_64");
    assert_string_equal(w.root_is_purelib, "false");
    assert_int_equal(xv_meta_parse_wheel(S("just some text\n"), &ar, &w), -1);
    xv_arena_free(&ar);

    xv_record_line l;
    /* sha256 of the empty string, as pip writes it */
    assert_int_equal(xv_record_parse_line(S("mylib/__init__.py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\r\n"), &l), 1);
    assert_string_equal(l.path, "mylib/__init__.py");
    assert_string_equal(l.algo, "sha256");
    assert_int_equal(l.dlen, 32);
    assert_int_equal(l.digest[0], 0xe3);
    assert_int_equal(l.digest[31], 0x55);
    assert_int_equal(l.size, 0);
    assert_int_equal(xv_record_parse_line(S("mylib-1.0.dist-info/RECORD,,"), &l), 1);
    assert_string_equal(l.algo, "");
    assert_int_equal(l.size, -1);
    assert_int_equal(xv_record_parse_line(S("\"a,\"\"b\"\".py\",sha256=AAAA,3"), &l), 1);
    assert_string_equal(l.path, "a,\"b\".py");
    assert_int_equal(xv_record_parse_line(S(""), &l), 0);
    assert_int_equal(xv_record_parse_line(S("x,sha256=!!,1"), &l), -1);
    assert_int_equal(xv_record_parse_line(S("x,sha256,1"), &l), -1);
    assert_int_equal(xv_record_parse_line(S("x,sha256=AAAA,-1"), &l), -1);
    assert_int_equal(xv_record_parse_line(S("\"x,sha256=AAAA,1"), &l), -1);
    assert_int_equal(xv_record_parse_line(S("x,sha256=AAAA,1,extra"), &l), -1);
}

static void test_lists(void **state)
{
    (void)state;
    xv_arena ar;
    xv_arena_init(&ar);
    xv_release_list L;
    memset(&L, 0, sizeof L);
    assert_int_equal(xv_meta_parse_goreleaser_artifacts(S(
        "[{\"name\":\"app_linux_armv7.tar.gz\",\"path\":\"dist/app_linux_armv7.tar.gz\",\"goos\":\"linux\","
        "\"goarch\":\"arm\",\"goarm\":\"7\",\"type\":\"Archive\"},"
        "{\"name\":\"app_darwin_all\",\"path\":\"dist/app_darwin_all/app\",\"goos\":\"darwin\",\"goarch\":\"all\",\"type\":\"UniversalBinary\"},"
        "{\"name\":\"checksums.txt\",\"type\":\"Checksum\"}]"), &ar, &L), 0);
    assert_int_equal(L.narts, 2);
    xv_platform p;
    assert_int_equal(xv_platform_parse(L.arts[0].platform, &p), 1);
    assert_string_equal(p.id, "linux_arm");
    assert_string_equal(L.arts[0].token, "linux_arm_7");
    assert_string_equal(L.arts[1].token, "darwin_all");
    assert_int_equal(xv_platform_parse(L.arts[1].platform, &p), 1);
    assert_string_equal(p.id, "darwin_universal");
    assert_int_equal(xv_meta_parse_goreleaser_artifacts(S("{}"), &ar, &L), -1);

    memset(&L, 0, sizeof L);
    assert_int_equal(xv_meta_parse_goreleaser_metadata(S(
        "{\"project_name\":\"app\",\"tag\":\"v1.0.0\",\"version\":\"1.0.0\",\"commit\":\"abc\"}"), &ar, &L), 0);
    assert_string_equal(L.project, "app");
    assert_string_equal(L.commit, "abc");
    /* some other metadata.json is not goreleaser's */
    assert_int_equal(xv_meta_parse_goreleaser_metadata(S("{\"name\":\"x\"}"), &ar, &L), -1);

    memset(&L, 0, sizeof L);
    assert_int_equal(xv_meta_parse_cargo_dist(S(
        "{\"announcement_tag\":\"v0.3.1\",\"releases\":[{\"app_name\":\"t\",\"app_version\":\"0.3.1\"}],"
        "\"artifacts\":{\"t-aarch64-apple-darwin.tar.xz\":{\"name\":\"t-aarch64-apple-darwin.tar.xz\","
        "\"kind\":\"executable-zip\",\"target_triples\":[\"aarch64-apple-darwin\"]},"
        "\"t-installer.sh\":{\"kind\":\"installer\",\"target_triples\":[\"a\",\"b\"]},"
        "\"source.tar.gz\":{\"kind\":\"source-tarball\"}}}"), &ar, &L), 0);
    assert_int_equal(L.narts, 1);
    assert_string_equal(L.arts[0].platform, "aarch64-apple-darwin");
    assert_string_equal(L.project, "t");
    assert_string_equal(L.tag, "v0.3.1");
    assert_int_equal(xv_meta_parse_cargo_dist(S("{\"artifacts\":[]}"), &ar, &L), -1);
    xv_arena_free(&ar);
}

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(xv_meta_is_member("package/package.json"), 1);
    assert_int_equal(xv_meta_is_member("package/node_modules/x/package.json"), 0);
    assert_int_equal(xv_meta_is_member("mylib-1.0.dist-info/WHEEL"), 1);
    assert_int_equal(xv_meta_is_member("mylib-1.0.dist-info/RECORD"), 1);
    assert_int_equal(xv_meta_is_member("a/mylib-1.0.dist-info/RECORD"), 0);
    assert_int_equal(xv_meta_is_member(".dist-info/WHEEL"), 0);
    assert_int_equal(xv_meta_is_release_file("artifacts.json"), 1);
    assert_int_equal(xv_meta_is_release_file("dist-manifest.json"), 1);
    assert_int_equal(xv_meta_is_release_file("package.json"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_npm),
        cmocka_unit_test(test_wheel),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests_name("meta", tests, NULL, NULL);
}
