/* The pairing key and policy words of `xverify diff` (src/core/diff.c): the
 * version stripper that pairs members across releases, and --fail-on. The
 * comparison itself runs on real release pairs in tests/cli/diff.sh. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "xverify/diff.h"

static void strip(const char *in, const char *want)
{
    char out[256];
    xv_diff_strip_versions(in, "#", out, sizeof out);
    if (strcmp(out, want) != 0)
        fail_msg("strip(\"%s\") = \"%s\", want \"%s\"", in, out, want);
}

static void versions(void **state)
{
    (void)state;
    strip("example_1.0.0_linux_amd64/bin/example", "example_#_linux_amd64/bin/example");
    strip("esbuild-linux-x64-0.19.0.tgz", "esbuild-linux-x64-#.tgz");
    strip("tool-v2.3.1-rc1-x86_64-unknown-linux-musl.tar.xz", "tool-#-x86_64-unknown-linux-musl.tar.xz");
    strip("app_1.2.0+git5_amd64.deb", "app_#_amd64.deb");
    /* a soname's single number is the ABI, not a release version */
    strip("lib/libfoo.so.1", "lib/libfoo.so.1");
    strip("lib/libfoo.so.1.2.3", "lib/libfoo.so.#");
    /* digits without a dot, arch names, an arch's "v8": not versions */
    strip("x86_64/arm64-v8a/win32", "x86_64/arm64-v8a/win32");
    /* a dash tail without a digit is not a pre-release tag */
    strip("foo-1.2-linux-x64", "foo-#-linux-x64");
    strip("", "");
    /* the output is capped and terminated */
    char small[4];
    xv_diff_strip_versions("abcdef", "#", small, sizeof small);
    assert_string_equal(small, "abc");
    xv_diff_strip_versions("1.2.3.4.5", "####", small, sizeof small);
    assert_string_equal(small, "###");
}

static void fail_on(void **state)
{
    (void)state;
    xv_diff_opts o;
    char err[256];
    xv_diff_opts_init(&o);
    unsigned dflt = o.fail_mask;
    assert_true(dflt & (1u << XV_CH_EXPORT_REMOVED));
    assert_true(dflt & (1u << XV_CH_FLOOR));
    assert_false(dflt & (1u << XV_CH_SIZE));
    assert_int_equal(xv_diff_parse_fail_on(&o, "none", err, sizeof err), XV_OK);
    assert_int_equal(o.fail_mask, 0);
    assert_int_equal(xv_diff_parse_fail_on(&o, "exports,size", err, sizeof err), XV_OK);
    assert_int_equal(o.fail_mask, (1u << XV_CH_EXPORT_REMOVED) | (1u << XV_CH_EXPORT_ADDED) | (1u << XV_CH_SIZE));
    assert_int_equal(xv_diff_parse_fail_on(&o, "default,needs.added", err, sizeof err), XV_OK);
    assert_int_equal(o.fail_mask, dflt | (1u << XV_CH_NEED_ADDED));
    assert_int_equal(xv_diff_parse_fail_on(&o, "floor.lowered", err, sizeof err), XV_EUSAGE);
    assert_non_null(strstr(err, "floor.lowered"));
    assert_int_equal(xv_diff_parse_fail_on(&o, "exports,,size", err, sizeof err), XV_EUSAGE);
    assert_int_equal(xv_diff_parse_fail_on(&o, "expo", err, sizeof err), XV_EUSAGE);
    for (unsigned k = 0; k < XV_CH__COUNT; k++)
        assert_int_equal(xv_diff_parse_fail_on(&o, xv_change_kind_name((xv_change_kind)k), err, sizeof err),
                         XV_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(versions),
        cmocka_unit_test(fail_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
