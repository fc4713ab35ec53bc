/* The Mach-O reader on the fixtures built from source by fixtures/macho
 * (clang + ld64.lld), on hand-made valid files of kinds no Debian linker
 * makes (big-endian PowerPC, armv6) and on the hostile inputs of
 * tests/fuzz/corpus/macho/hostile (each must give a clear error). */
#include "xvtest.h"

#include "xverify/binary.h"

static xv_image *load_path(const char *path, xv_status want)
{
    xv_image *img = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fclose(f);
    xv_status st = xv_image_read_file(path, NULL, &img);
    assert_non_null(img);
    if (st != want)
        fail_msg("%s: status %d (want %d), error: %s", path, st, want,
                 xv_image_error(img) ? xv_image_error(img) : "none");
    return img;
}

/* A fixture of the macho set, which must exist (else skip, a failure in CI). */
#define LOAD(var, rel)                                                        \
    xv_image *var = load_path(xv_fixture("macho/" rel), XV_OK);               \
    if (!var)                                                                 \
        XV_SKIP_OR_FAIL("fixture macho/%s not built (XV_FIXTURES)", rel)

static const char *source_path(const char *rel)
{
    static char buf[4096];
    const char *d = getenv("XV_SOURCE_DIR");
    snprintf(buf, sizeof buf, "%s/%s", d ? d : ".", rel);
    return buf;
}

static int has_segment(const xv_binary *b, const char *name)
{
    for (size_t i = 0; i < b->nsegments; i++)
        if (strcmp(b->segments[i].name, name) == 0)
            return 1;
    return 0;
}

static int is_lower_hex(const char *s, size_t len)
{
    if (!s || strlen(s) != len)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return 0;
    return 1;
}

#define OSVER(v, M, m, p)                                                     \
    do {                                                                      \
        assert_int_equal((v).major, M);                                       \
        assert_int_equal((v).minor, m);                                       \
        assert_int_equal((v).patch, p);                                       \
    } while (0)

/* The facts every build of main.c shares, per arch. */
static void check_main(const xv_binary *b, const char *arch, int code_signed, int minos_major)
{
    assert_int_equal(b->format, XV_FMT_MACHO);
    assert_int_equal(b->kind, XV_KIND_PIE);
    assert_string_equal(b->arch, arch);
    assert_null(b->arch_variant);
    assert_int_equal(b->bits, 64);
    assert_int_equal(b->big_endian, 0);
    assert_int_equal(b->os, XV_OS_MACOS);
    assert_string_equal(b->macho->platform, "macos");
    assert_int_equal(b->libc, XV_LIBC_SYSTEM);
    assert_string_equal(b->interpreter, "/usr/lib/dyld");
    assert_null(b->soname);
    assert_int_equal(b->macho->filetype, 2);
    assert_true(b->macho->flags & 0x200000u); /* MH_PIE */
    assert_true(b->macho->flags & 0x80u);     /* MH_TWOLEVEL */

    /* deps in file order, with kinds and versions */
    assert_int_equal(b->ndeps, 3);
    assert_string_equal(b->deps[0].name, "@rpath/libfoo.dylib");
    assert_int_equal(b->deps[0].flags, 0);
    assert_int_equal(b->deps[0].current_version, 0x010203); /* 1.2.3 */
    assert_int_equal(b->deps[0].compat_version, 0x010000);  /* 1.0.0 */
    assert_string_equal(b->deps[1].name, "@rpath/libweak.dylib");
    assert_int_equal(b->deps[1].flags, XV_DEP_WEAK);
    assert_string_equal(b->deps[2].name, "/usr/lib/libSystem.B.dylib");
    assert_int_equal(b->deps[2].current_version, 1311u << 16);

    assert_non_null(xv_find_dep(b, "@rpath/libweak.dylib"));
    assert_null(xv_find_dep(b, "libweak.dylib"));

    assert_int_equal(b->nrpath, 1);
    assert_string_equal(b->rpath[0], "@executable_path/../lib");
    assert_int_equal(b->nrunpath, 0);

    assert_int_equal(b->min_os.major, minos_major);
    assert_true(is_lower_hex(b->build_id, 32));
    assert_true(b->macho->has_main);
    assert_true(b->macho->entryoff > 0);
    assert_int_equal(b->macho->encrypted, 0);

    assert_int_equal(b->hard.pie, XV_YES);
    assert_int_equal(b->hard.nx, XV_YES);
    assert_int_equal(b->hard.no_heap_exec, XV_NO);
    assert_int_equal(b->hard.canary, XV_YES);  /* ___stack_chk_fail */
    assert_int_equal(b->hard.fortify, XV_YES); /* ___memcpy_chk */
    assert_int_equal(b->hard.code_signed, code_signed ? XV_YES : XV_NO);
    assert_int_equal(b->hard.relro, XV_RELRO_UNKNOWN);

    /* imports keep the leading underscore and name their two-level library */
    const xv_sym *s = xv_find_sym(b->imports, b->nimports, "_foo_add");
    assert_non_null(s);
    assert_string_equal(s->library, "@rpath/libfoo.dylib");
    s = xv_find_sym(b->imports, b->nimports, "_printf");
    assert_non_null(s);
    assert_string_equal(s->library, "/usr/lib/libSystem.B.dylib");
    s = xv_find_sym(b->imports, b->nimports, "_weak_feature");
    assert_non_null(s);
    assert_string_equal(s->library, "@rpath/libweak.dylib");
    assert_true(s->flags & XV_SYM_WEAK);
    assert_null(xv_find_sym(b->imports, b->nimports, "printf"));
    assert_non_null(xv_find_sym(b->imports, b->nimports, "___stack_chk_fail"));

    /* exports of an executable: from the trie */
    assert_int_equal(b->nexports, 2);
    s = xv_find_sym(b->exports, b->nexports, "_main");
    assert_non_null(s);
    assert_true(s->flags & XV_SYM_FUNC);
    assert_non_null(xv_find_sym(b->exports, b->nexports, "__mh_execute_header"));
    assert_int_equal(b->stripped, 0);
    assert_int_equal(b->has_debug, 0);

    /* segments and sections */
    assert_true(has_segment(b, "__PAGEZERO"));
    assert_true(has_segment(b, "__TEXT"));
    assert_true(has_segment(b, "__DATA"));
    assert_true(has_segment(b, "__LINKEDIT"));
    const xv_section *text = xv_find_section(b, "__TEXT,__text");
    assert_non_null(text);
    assert_true(text->flags & XV_SEC_EXEC);
    assert_true(text->size > 0);
    assert_int_equal(b->size_text, text->size);
    const xv_section *cstr = xv_find_section(b, "__TEXT,__cstring");
    assert_non_null(cstr);
    assert_int_equal(b->size_rodata, cstr->size + (xv_find_section(b, "__TEXT,__const") ?
                                                   xv_find_section(b, "__TEXT,__const")->size : 0));
    assert_true(b->size_data > 0);
    assert_int_equal(b->file_size, b->macho->slice_size);
}

static void test_main_x86_64(void **state)
{
    (void)state;
    LOAD(img, "x86_64/main");
    assert_int_equal(xv_image_format(img), XV_FMT_MACHO);
    assert_int_equal(xv_image_count(img), 1);
    const xv_binary *b = xv_image_binary(img, 0);
    check_main(b, "x86_64", 0, 10);
    OSVER(b->min_os, 10, 13, 0);
    OSVER(b->macho->sdk, 12, 1, 0);
    assert_int_equal(b->macho->cputype, 0x01000007u);
    assert_int_equal(b->macho->slice_offset, 0);
    assert_int_equal(b->macho->slice_size, xv_image_size(img));
    xv_image_free(img);
}

static void test_main_arm64(void **state)
{
    (void)state;
    LOAD(img, "arm64/main");
    const xv_binary *b = xv_image_binary(img, 0);
    /* ld64.lld signs arm64 output ad hoc by default (LC_CODE_SIGNATURE) */
    check_main(b, "aarch64", 1, 11);
    OSVER(b->min_os, 11, 0, 0);
    assert_int_equal(b->macho->cputype, 0x0100000cu);
    xv_image_free(img);
}

static void test_main_minos13(void **state)
{
    (void)state;
    LOAD(img, "arm64/main-minos13");
    const xv_binary *b = xv_image_binary(img, 0);
    check_main(b, "aarch64", 1, 13);
    OSVER(b->min_os, 13, 0, 0);
    OSVER(b->macho->sdk, 13, 1, 0);
    xv_image_free(img);
}

static void test_main_nopie(void **state)
{
    (void)state;
    static const char *const paths[] = {"x86_64/main-nopie", "arm64/main-nopie"};
    for (size_t i = 0; i < 2; i++) {
        xv_image *img = load_path(xv_fixture(i == 0 ? "macho/x86_64/main-nopie" : "macho/arm64/main-nopie"), XV_OK);
        if (!img)
            XV_SKIP_OR_FAIL("fixture macho/%s not built", paths[i]);
        const xv_binary *b = xv_image_binary(img, 0);
        assert_int_equal(b->kind, XV_KIND_EXE);
        assert_int_equal(b->hard.pie, XV_NO);
        assert_false(b->macho->flags & 0x200000u);
        xv_image_free(img);
    }
}

static void check_libfoo(const xv_binary *b)
{
    assert_int_equal(b->kind, XV_KIND_SHARED);
    assert_int_equal(b->macho->filetype, 6);
    assert_string_equal(b->soname, "@rpath/libfoo.dylib");
    assert_int_equal(b->macho->id_current_version, 0x010203);
    assert_int_equal(b->macho->id_compat_version, 0x010000);
    assert_null(b->interpreter);
    assert_int_equal(b->macho->has_main, 0);
    assert_int_equal(b->hard.pie, XV_YES);
    assert_int_equal(b->ndeps, 1);
    assert_string_equal(b->deps[0].name, "/usr/lib/libSystem.B.dylib");
    /* exports: exactly the five default-visibility symbols */
    static const char *const want[] = {"_foo_add", "_foo_counter", "_foo_greeting", "_foo_name", "_foo_print"};
    assert_int_equal(b->nexports, 5);
    for (size_t i = 0; i < 5; i++)
        assert_non_null(xv_find_sym(b->exports, b->nexports, want[i]));
    assert_null(xv_find_sym(b->exports, b->nexports, "_foo_internal"));
    assert_true(xv_find_sym(b->exports, b->nexports, "_foo_add")->flags & XV_SYM_FUNC);
    assert_true(xv_find_sym(b->exports, b->nexports, "_foo_counter")->flags & XV_SYM_DATA);
    assert_non_null(xv_find_sym(b->imports, b->nimports, "_printf"));
}

static void test_libfoo(void **state)
{
    (void)state;
    LOAD(a, "x86_64/libfoo.dylib");
    check_libfoo(xv_image_binary(a, 0));
    assert_string_equal(xv_image_binary(a, 0)->arch, "x86_64");
    xv_image_free(a);
    LOAD(b, "arm64/libfoo.dylib");
    check_libfoo(xv_image_binary(b, 0));
    assert_string_equal(xv_image_binary(b, 0)->arch, "aarch64");
    xv_image_free(b);
}

static void test_libbar_and_bundle(void **state)
{
    (void)state;
    LOAD(bar, "x86_64/libbar.dylib");
    assert_string_equal(xv_image_binary(bar, 0)->soname, "/Users/runner/work/x/libbar.dylib");
    xv_image_free(bar);
    LOAD(bun, "arm64/plugin.bundle");
    const xv_binary *b = xv_image_binary(bun, 0);
    assert_int_equal(b->kind, XV_KIND_BUNDLE);
    assert_null(b->soname);
    assert_non_null(xv_find_sym(b->exports, b->nexports, "_plugin_init"));
    assert_non_null(xv_find_sym(b->imports, b->nimports, "_puts"));
    xv_image_free(bun);
}

static void check_universal(xv_image *img)
{
    assert_int_equal(xv_image_format(img), XV_FMT_MACHO_FAT);
    assert_int_equal(xv_image_count(img), 2);
    const xv_binary *x = xv_image_binary(img, 0), *a = xv_image_binary(img, 1);
    assert_null(xv_image_binary(img, 2));
    check_main(x, "x86_64", 0, 10);
    check_main(a, "aarch64", 1, 11);
    assert_true(x->macho->slice_offset >= 4096);
    assert_true(a->macho->slice_offset >= x->macho->slice_offset + x->macho->slice_size);
    assert_true(a->macho->slice_offset + a->macho->slice_size <= xv_image_size(img));
    assert_int_equal(x->file_size, x->macho->slice_size);
    assert_true(x->macho->slice_size < xv_image_size(img));
    assert_int_equal(x->macho->slice_offset % (1u << x->macho->slice_align), 0);
    assert_true(x->macho->slice_align >= 12);
    /* the slices are the thin files: same UUIDs */
    xv_image *tx = load_path(xv_fixture("macho/x86_64/main"), XV_OK);
    assert_non_null(tx);
    assert_string_equal(xv_image_binary(tx, 0)->build_id, x->build_id);
    assert_int_equal(xv_image_binary(tx, 0)->file_size, x->file_size);
    xv_image_free(tx);
}

static void test_universal(void **state)
{
    (void)state;
    LOAD(img, "universal/main");
    check_universal(img);
    xv_image_free(img);
    LOAD(f64, "universal/main.fat64");
    check_universal(f64);
    xv_image_free(f64);
    LOAD(lib, "universal/libfoo.dylib");
    assert_int_equal(xv_image_count(lib), 2);
    check_libfoo(xv_image_binary(lib, 0));
    check_libfoo(xv_image_binary(lib, 1));
    xv_image_free(lib);
}

static void test_objects(void **state)
{
    (void)state;
    static const struct {
        const char *file, *arch, *variant, *platform;
        int bits;
        xv_os os;
        int minos;
    } objs[] = {
        {"objects/i386-apple-macos10.13.o", "i386", NULL, "macos", 32, XV_OS_MACOS, 10},
        {"objects/x86_64h-apple-macos10.13.o", "x86_64", "x86_64h", "macos", 64, XV_OS_MACOS, 10},
        {"objects/arm64e-apple-macos11.o", "aarch64", "arm64e", "macos", 64, XV_OS_MACOS, 11},
        {"objects/armv7-apple-ios9.o", "arm", "armv7", "ios", 32, XV_OS_IOS, 9},
        {"objects/armv7s-apple-ios9.o", "arm", "armv7s", "ios", 32, XV_OS_IOS, 9},
        {"objects/armv7k-apple-watchos3.o", "arm", "armv7k", "watchos", 32, XV_OS_IOS, 3},
        {"objects/arm64-apple-ios14-simulator.o", "aarch64", NULL, "ios-simulator", 64, XV_OS_IOS, 14},
        {"objects/arm64-apple-tvos14.o", "aarch64", NULL, "tvos", 64, XV_OS_IOS, 14},
        {"x86_64/foo.o", "x86_64", NULL, "macos", 64, XV_OS_MACOS, 10},
    };
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "macho/%s", objs[i].file);
        xv_image *img = load_path(xv_fixture(rel), XV_OK);
        if (!img)
            XV_SKIP_OR_FAIL("fixture %s not built", rel);
        const xv_binary *b = xv_image_binary(img, 0);
        assert_int_equal(b->kind, XV_KIND_OBJECT);
        assert_string_equal(b->arch, objs[i].arch);
        if (objs[i].variant)
            assert_string_equal(b->arch_variant, objs[i].variant);
        else
            assert_null(b->arch_variant);
        assert_int_equal(b->bits, objs[i].bits);
        assert_int_equal(b->os, objs[i].os);
        assert_string_equal(b->macho->platform, objs[i].platform);
        assert_int_equal(b->min_os.major, objs[i].minos);
        /* objects export their external definitions (from nlist) */
        assert_non_null(xv_find_sym(b->exports, b->nexports, "_foo_add"));
        assert_non_null(xv_find_sym(b->exports, b->nexports, "_foo_counter"));
        assert_null(xv_find_sym(b->exports, b->nexports, "_foo_internal"));
        assert_non_null(xv_find_sym(b->imports, b->nimports, "_printf"));
        assert_null(xv_find_sym(b->imports, b->nimports, "_printf")->library);
        xv_image_free(img);
    }
}

static void test_debug_object(void **state)
{
    (void)state;
    LOAD(img, "objects/x86_64-debug.o");
    const xv_binary *b = xv_image_binary(img, 0);
    assert_true(b->has_debug);
    const xv_section *s = xv_find_section(b, "__DWARF,__debug_info");
    assert_non_null(s);
    assert_true(s->flags & XV_SEC_DEBUG);
    assert_true(b->size_debug >= s->size);
    assert_true(b->size_debug > 0);
    xv_image_free(img);
    LOAD(nodbg, "x86_64/foo.o");
    assert_false(xv_image_binary(nodbg, 0)->has_debug);
    assert_int_equal(xv_image_binary(nodbg, 0)->size_debug, 0);
    xv_image_free(nodbg);
}

static void test_no_symbols_option(void **state)
{
    (void)state;
    const char *p = xv_fixture("macho/x86_64/libfoo.dylib");
    xv_read_opts o = {1, 0};
    xv_image *img = NULL;
    FILE *f = fopen(p, "rb");
    if (!f)
        XV_SKIP_OR_FAIL("fixture %s not built", p);
    fclose(f);
    assert_int_equal(xv_image_read_file(p, &o, &img), XV_OK);
    assert_int_equal(xv_image_binary(img, 0)->nexports, 0);
    assert_int_equal(xv_image_binary(img, 0)->nimports, 0);
    assert_string_equal(xv_image_binary(img, 0)->soname, "@rpath/libfoo.dylib");
    xv_image_free(img);
}

/* Hand-made valid files: big-endian 32- and 64-bit PowerPC, armv6. */
static void test_handmade(void **state)
{
    (void)state;
    xv_image *img = load_path(source_path("tests/fuzz/corpus/macho/handmade/valid_ppc_bigendian_exe"), XV_OK);
    assert_non_null(img);
    const xv_binary *b = xv_image_binary(img, 0);
    assert_string_equal(b->arch, "ppc");
    assert_string_equal(b->arch_variant, "ppc7400");
    assert_int_equal(b->bits, 32);
    assert_int_equal(b->big_endian, 1);
    assert_int_equal(b->kind, XV_KIND_EXE);
    assert_int_equal(b->os, XV_OS_MACOS);
    OSVER(b->min_os, 10, 4, 0);
    OSVER(b->macho->sdk, 10, 5, 0);
    assert_string_equal(b->build_id, "000102030405060708090a0b0c0d0e0f");
    assert_int_equal(b->ndeps, 1);
    assert_string_equal(b->deps[0].name, "/usr/lib/libSystem.B.dylib");
    assert_int_equal(b->deps[0].current_version, 0x00580000);
    assert_int_equal(b->libc, XV_LIBC_SYSTEM);
    assert_true(has_segment(b, "__TEXT"));
    xv_image_free(img);

    img = load_path(source_path("tests/fuzz/corpus/macho/handmade/valid_ppc64_bigendian_exe"), XV_OK);
    assert_non_null(img);
    b = xv_image_binary(img, 0);
    assert_string_equal(b->arch, "ppc64");
    assert_int_equal(b->bits, 64);
    assert_int_equal(b->big_endian, 1);
    assert_int_equal(b->os, XV_OS_MACOS); /* no platform command: PowerPC means macOS */
    xv_image_free(img);

    img = load_path(source_path("tests/fuzz/corpus/macho/handmade/valid_armv6_dylib"), XV_OK);
    assert_non_null(img);
    b = xv_image_binary(img, 0);
    assert_string_equal(b->arch, "arm");
    assert_string_equal(b->arch_variant, "armv6");
    assert_int_equal(b->kind, XV_KIND_SHARED);
    assert_string_equal(b->soname, "/usr/lib/libarm6.dylib");
    assert_int_equal(b->macho->id_current_version, 0x00020300);
    assert_int_equal(b->os, XV_OS_UNKNOWN);
    xv_image_free(img);

    /* LC_DYLD_EXPORTS_TRIE, every dylib load kind, encryption, header flags */
    img = load_path(source_path("tests/fuzz/corpus/macho/handmade/valid_exports_trie_dylib_kinds"), XV_OK);
    assert_non_null(img);
    b = xv_image_binary(img, 0);
    assert_string_equal(b->arch, "aarch64");
    assert_int_equal(b->os, XV_OS_IOS);
    assert_string_equal(b->macho->platform, "ios");
    OSVER(b->min_os, 14, 0, 0);
    OSVER(b->macho->sdk, 16, 0, 0);
    assert_int_equal(b->ndeps, 4);
    assert_int_equal(b->deps[0].flags, 0);
    assert_int_equal(b->deps[0].current_version, 0x05000000);
    assert_string_equal(b->deps[1].name, "@rpath/libreexported.dylib");
    assert_int_equal(b->deps[1].flags, XV_DEP_REEXPORT);
    assert_string_equal(b->deps[2].name, "@rpath/liblazy.dylib");
    assert_int_equal(b->deps[2].flags, XV_DEP_LAZY);
    assert_string_equal(b->deps[3].name, "@rpath/libupward.dylib");
    assert_int_equal(b->deps[3].flags, XV_DEP_UPWARD);
    assert_int_equal(b->macho->encrypted, 1);
    assert_int_equal(b->hard.nx, XV_NO);           /* MH_ALLOW_STACK_EXECUTION */
    assert_int_equal(b->hard.no_heap_exec, XV_YES); /* MH_NO_HEAP_EXECUTION */
    assert_int_equal(b->nexports, 3);
    const xv_sym *s = xv_find_sym(b->exports, b->nexports, "_foo");
    assert_non_null(s);
    assert_true(s->flags & XV_SYM_FUNC);
    assert_false(s->flags & (XV_SYM_WEAK | XV_SYM_REEXPORT));
    s = xv_find_sym(b->exports, b->nexports, "_bar");
    assert_non_null(s);
    assert_true(s->flags & XV_SYM_REEXPORT);
    assert_string_equal(s->forward, "_baz");
    s = xv_find_sym(b->exports, b->nexports, "_w");
    assert_non_null(s);
    assert_true(s->flags & XV_SYM_WEAK);
    assert_int_equal(b->stripped, 1); /* no LC_SYMTAB */
    xv_image_free(img);
}

/* Oddities that do not stop the reading are warnings on the binary. */
static void test_warnings(void **state)
{
    (void)state;
    xv_image *img = load_path(source_path("tests/fuzz/corpus/macho/handmade/warn_cmdsize_not_multiple_of_8"), XV_OK);
    assert_non_null(img);
    const xv_binary *b = xv_image_binary(img, 0);
    assert_int_equal(b->nwarnings, 1);
    assert_non_null(strstr(b->warnings[0], "load command 0 (LC_RPATH): cmdsize 20 is not a multiple of 8"));
    assert_int_equal(b->nrpath, 1);
    assert_string_equal(b->rpath[0], "@x/");
    xv_image_free(img);

    img = load_path(source_path("tests/fuzz/corpus/macho/handmade/warn_fat_cputype_disagrees"), XV_OK);
    assert_non_null(img);
    b = xv_image_binary(img, 0);
    assert_string_equal(b->arch, "aarch64"); /* the slice header wins */
    assert_int_equal(b->nwarnings, 1);
    assert_non_null(strstr(b->warnings[0], "the fat table says CPU type 0x1000007, the slice header 0x100000c"));
    xv_image_free(img);

    /* the fixtures themselves read without a single warning */
    static const char *const clean[] = {"macho/x86_64/main", "macho/arm64/libfoo.dylib", "macho/universal/main",
                                        "macho/objects/armv7-apple-ios9.o"};
    for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++) {
        img = load_path(xv_fixture(clean[i]), XV_OK);
        if (!img)
            XV_SKIP_OR_FAIL("fixture %s not built", clean[i]);
        for (size_t k = 0; k < xv_image_count(img); k++)
            if (xv_image_binary(img, k)->nwarnings)
                fail_msg("%s: unexpected warning: %s", clean[i], xv_image_binary(img, k)->warnings[0]);
        xv_image_free(img);
    }
}

/* Every hostile file: XV_EFORMAT, a message naming the fault, no crash. */
static void test_hostile(void **state)
{
    (void)state;
    static const struct {
        const char *file, *msg;
    } cases[] = {
        {"lc_cmdsize_zero", "load command 0 (LC_UUID): cmdsize 0 is under 8"},
        {"lc_cmdsize_past_sizeofcmds", "cmdsize 4096 runs past sizeofcmds"},
        {"sizeofcmds_past_end", "sizeofcmds 1048576 runs past the end of the file"},
        {"ncmds_2p31", "2147483648 load commands cannot fit"},
        {"lc_rpath_string_unterminated", "(LC_RPATH): string at offset 12 is not NUL-terminated"},
        {"lc_rpath_string_offset_outside", "(LC_RPATH): string offset 4000 outside"},
        {"lc_segment_nsects_2p31", "2147483648 sections do not fit"},
        {"truncated_header", "truncated Mach-O header"},
        {"segment_past_end", "segment __LINKEDIT [0x10000000, +0x1000) runs past the end"},
        {"symtab_nsyms_2p31_export_count", "LC_SYMTAB: 2147483648 symbols of 16 bytes"},
        {"symtab_strtab_past_end", "LC_SYMTAB: string table [0x7ffffff0, +0x100) runs past"},
        {"export_trie_points_back_at_itself", "export trie node at 0x0 is reached twice"},
        {"export_trie_two_node_loop", "is reached twice"},
        {"export_trie_deeper_than_limit", "export trie deeper than 256"},
        {"export_trie_255_children_in_4_bytes", "255 children cannot fit"},
        {"export_trie_child_offset_outside", "child offset 0x3fff is outside the trie"},
        {"export_trie_label_unterminated", "edge label is not NUL-terminated"},
        {"export_trie_past_end", "export trie [0x60, +0x2) runs past the end"},
        {"fat_slice_out_of_range", "fat slice 0 (x86_64): [0x1000, +0x7fff0000) is outside the file"},
        {"fat_slices_overlap", "fat slice 1 (aarch64): [0x110, +0x38) overlaps slice 0"},
        {"fat_slice_overlaps_fat_header", "overlaps the fat header"},
        {"fat_header_inside_fat_slice", "slice 0 (x86_64): a fat header inside a fat slice"},
        {"fat_40_slices_table_past_end", "40 slices but the arch table runs past the end"},
        {"fat64_slice_offset_2p63", "[0x8000000000000000, +0x100) is outside the file"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "tests/fuzz/corpus/macho/hostile/%s", cases[i].file);
        xv_image *img = load_path(source_path(rel), XV_EFORMAT);
        if (!img)
            fail_msg("hostile input %s missing", rel);
        const char *err = xv_image_error(img);
        assert_non_null(err);
        if (!strstr(err, cases[i].msg))
            fail_msg("%s: error \"%s\" lacks \"%s\"", cases[i].file, err, cases[i].msg);
        /* the text and JSON renderings still work on a partial image */
        char *t = xv_image_to_text(img), *j = xv_image_to_json(img);
        assert_non_null(t);
        assert_non_null(j);
        free(t);
        free(j);
        xv_image_free(img);
    }
}

/* A fat file whose second slice is cut off keeps the first slice's facts. */
static void test_partial_fat_keeps_good_slice(void **state)
{
    (void)state;
    xv_image *img = load_path(source_path("tests/fuzz/corpus/macho/seeds/universal_main_truncated"), XV_EFORMAT);
    assert_non_null(img);
    assert_int_equal(xv_image_format(img), XV_FMT_MACHO_FAT);
    assert_int_equal(xv_image_count(img), 1);
    const xv_binary *b = xv_image_binary(img, 0);
    assert_string_equal(b->arch, "x86_64");
    assert_int_equal(b->ndeps, 3);
    assert_non_null(strstr(xv_image_error(img), "fat slice 1 (aarch64)"));
    xv_image_free(img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_main_x86_64),
        cmocka_unit_test(test_main_arm64),
        cmocka_unit_test(test_main_minos13),
        cmocka_unit_test(test_main_nopie),
        cmocka_unit_test(test_libfoo),
        cmocka_unit_test(test_libbar_and_bundle),
        cmocka_unit_test(test_universal),
        cmocka_unit_test(test_objects),
        cmocka_unit_test(test_debug_object),
        cmocka_unit_test(test_no_symbols_option),
        cmocka_unit_test(test_handmade),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_partial_fat_keeps_good_slice),
    };
    return cmocka_run_group_tests_name("macho", tests, NULL, NULL);
}
