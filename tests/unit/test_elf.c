/* The ELF reader (issue 2 item 4) on the fixtures of fixtures/elf (built from
 * source; see fixtures/elf/README.md): every fact of the model asserted on a
 * binary made to show it. Machine, class, byte order, OS/ABI and type
 * mappings that no Debian toolchain here produces (s390x, loongarch64, core
 * files, ...) are checked on the generated seed ELF of the fuzz corpus with
 * the one header field patched. */
#include "xvtest.h"

#include <sys/stat.h>

#include "xverify/binary.h"

static xv_image *load_opts(const char *rel, const xv_read_opts *opts)
{
    const char *path = xv_fixture(rel);
    struct stat st;
    if (stat(path, &st) != 0)
        XV_SKIP_OR_FAIL("fixture %s not built (see $XV_FIXTURES/elf/MISSING)", path);
    xv_image *img = NULL;
    xv_status s = xv_image_read_file(path, opts, &img);
    assert_non_null(img);
    if (s != XV_OK)
        fail_msg("%s: %s: %s", path, xv_status_str(s),
                 xv_image_error(img) ? xv_image_error(img) : "(no message)");
    assert_null(xv_image_error(img));
    assert_int_equal(xv_image_format(img), XV_FMT_ELF);
    assert_int_equal(xv_image_count(img), 1);
    assert_non_null(xv_image_binary(img, 0));
    assert_null(xv_image_binary(img, 1));
    assert_int_equal(xv_image_size(img), (uint64_t)st.st_size);
    return img;
}

static xv_image *load(const char *rel)
{
    return load_opts(rel, NULL);
}

static const xv_binary *bin(xv_image *img)
{
    const xv_binary *b = xv_image_binary(img, 0);
    assert_int_equal(b->format, XV_FMT_ELF);
    assert_non_null(b->elf);
    assert_null(b->macho);
    assert_null(b->pe);
    return b;
}

static int has_verneed(const xv_binary *b, const char *lib, const char *ver)
{
    for (size_t i = 0; i < b->nverneeds; i++)
        if (strcmp(b->verneeds[i].library, lib) == 0 && strcmp(b->verneeds[i].version, ver) == 0)
            return 1;
    return 0;
}

/* ---- class, byte order, machine ---- */

static void check_arch(const char *rel, const char *arch, int bits, int big)
{
    xv_image *img = load(rel);
    const xv_binary *b = bin(img);
    assert_string_equal(b->arch, arch);
    assert_int_equal(b->bits, bits);
    assert_int_equal(b->big_endian, big);
    assert_int_equal(b->os, XV_OS_LINUX);
    xv_image_free(img);
}

static void test_arches(void **state)
{
    (void)state;
    check_arch("elf/x86_64/hello-pie", "x86_64", 64, 0);
    check_arch("elf/i686/hello-pie", "i386", 32, 0);
    check_arch("elf/aarch64/hello-pie", "aarch64", 64, 0);
    check_arch("elf/armhf/hello-pie", "arm", 32, 0);
    check_arch("elf/riscv64/hello-pie", "riscv64", 64, 0);
    /* ld.lld-made freestanding objects: no ABI note, OS/ABI SYSV; still ELF
     * for Linux targets but the reader may not know the OS. */
    const char *be[] = {"elf/be/ppc64-libxvbe.so", "elf/be/mips-libxvbe.so"};
    for (int i = 0; i < 2; i++) {
        xv_image *img = load(be[i]);
        const xv_binary *b = bin(img);
        assert_string_equal(b->arch, i ? "mips" : "ppc64");
        assert_int_equal(b->bits, i ? 32 : 64);
        assert_int_equal(b->big_endian, 1);
        assert_int_equal(b->kind, XV_KIND_SHARED);
        assert_string_equal(b->soname, "libxvbe.so.1");
        assert_int_equal(b->ndeps, 1);
        assert_string_equal(b->deps[0].name, "libxvbedep.so");
        assert_int_equal(b->nrunpath, 1);
        assert_string_equal(b->runpath[0], "$ORIGIN");
        assert_int_equal(b->nrpath, 0);
        assert_non_null(xv_find_sym(b->exports, b->nexports, "xv_be_value"));
        assert_int_equal(b->elf->machine, i ? 8 : 21);
        xv_image_free(img);
    }
    /* armhf: the hard-float EABI flags are kept */
    xv_image *img = load("elf/armhf/hello-pie");
    const xv_binary *b = bin(img);
    assert_int_equal(b->elf->machine, 40);
    assert_int_equal(b->elf->eflags & 0xff000000u, 0x05000000u); /* EABI5 */
    assert_true(b->elf->eflags & 0x400u);                        /* EF_ARM_ABI_FLOAT_HARD */
    xv_image_free(img);
}

/* The generated seed ELF (tests/fuzz/make_elf_corpus.py) with a patched header. */
static uint8_t *seed(const char *name, size_t *len)
{
    const char *src = getenv("XV_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fuzz/corpus/elf/%s", src ? src : ".", name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    uint8_t *buf = malloc(65536);
    assert_non_null(buf);
    *len = fread(buf, 1, 65536, f);
    fclose(f);
    assert_true(*len > 64);
    return buf;
}

static void put16(uint8_t *p, int big, unsigned v)
{
    p[big ? 0 : 1] = (uint8_t)(v >> 8);
    p[big ? 1 : 0] = (uint8_t)v;
}

static const xv_binary *read_patched(uint8_t *buf, size_t len, xv_image **img)
{
    xv_status s = xv_image_read(buf, len, "patched.elf", NULL, img);
    assert_non_null(*img);
    if (s != XV_OK)
        fail_msg("patched seed: %s", xv_image_error(*img) ? xv_image_error(*img) : "?");
    assert_string_equal(xv_image_name(*img), "patched.elf");
    return bin(*img);
}

static void test_machine_table(void **state)
{
    (void)state;
    static const struct {
        const char *seed;
        unsigned machine;
        const char *arch;
    } t[] = {
        {"valid-elf64le", 62, "x86_64"},    {"valid-elf64le", 183, "aarch64"},
        {"valid-elf64le", 243, "riscv64"},  {"valid-elf64le", 21, "ppc64le"},
        {"valid-elf64le", 258, "loongarch64"}, {"valid-elf64le", 8, "mips64el"},
        {"valid-elf64le", 50, "ia64"},      {"valid-elf64be", 21, "ppc64"},
        {"valid-elf64be", 22, "s390x"},     {"valid-elf64be", 43, "sparc64"},
        {"valid-elf64be", 8, "mips64"},     {"valid-elf32le", 3, "i386"},
        {"valid-elf32le", 40, "arm"},       {"valid-elf32le", 8, "mipsel"},
        {"valid-elf32le", 243, "riscv32"},  {"valid-elf32be", 20, "ppc"},
        {"valid-elf32be", 8, "mips"},       {"valid-elf32be", 2, "sparc"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        size_t len;
        uint8_t *buf = seed(t[i].seed, &len);
        int big = buf[5] == 2;
        put16(buf + 18, big, t[i].machine);
        xv_image *img = NULL;
        const xv_binary *b = read_patched(buf, len, &img);
        if (strcmp(b->arch, t[i].arch) != 0)
            fail_msg("%s e_machine %u: arch %s, want %s", t[i].seed, t[i].machine, b->arch, t[i].arch);
        assert_int_equal(b->elf->machine, t[i].machine);
        assert_int_equal(b->bits, buf[4] == 2 ? 64 : 32);
        assert_int_equal(b->big_endian, big);
        /* the facts of the seed, in every class and byte order */
        assert_string_equal(b->soname, "libxvfuzz.so.1");
        assert_int_equal(b->ndeps, 2);
        assert_string_equal(b->deps[0].name, "libc.so.6");
        assert_string_equal(b->deps[1].name, "libm.so.6");
        assert_int_equal(b->nrunpath, 1);
        assert_string_equal(b->runpath[0], "$ORIGIN/lib");
        assert_string_equal(b->interpreter, "/lib64/ld-linux-x86-64.so.2");
        assert_true(has_verneed(b, "libc.so.6", "GLIBC_2.34"));
        assert_true(has_verneed(b, "libc.so.6", "GLIBC_2.2.5"));
        assert_true(has_verneed(b, "libm.so.6", "GLIBC_2.29"));
        assert_string_equal(b->max_glibc, "GLIBC_2.34");
        const xv_sym *s = xv_find_sym(b->imports, b->nimports, "cbrt");
        assert_non_null(s);
        assert_string_equal(s->version, "GLIBC_2.29");
        assert_non_null(s->library);
        assert_string_equal(s->library, "libm.so.6");
        assert_non_null(xv_find_sym(b->exports, b->nexports, "xv_fuzz_export"));
        assert_string_equal(b->build_id, "0102030405060708090a0b0c0d0e0f1011121314");
        xv_image_free(img);
        free(buf);
    }
}

static void test_osabi_and_type(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = seed("valid-elf64le", &len);
    xv_image *img = NULL;
    buf[7] = 9; /* ELFOSABI_FREEBSD */
    const xv_binary *b = read_patched(buf, len, &img);
    assert_int_equal(b->elf->osabi, 9);
    assert_int_equal(b->os, XV_OS_FREEBSD);
    xv_image_free(img);
    buf[7] = 0;
    put16(buf + 16, 0, 4); /* ET_CORE */
    b = read_patched(buf, len, &img);
    assert_int_equal(b->kind, XV_KIND_CORE);
    xv_image_free(img);
    free(buf);
}

/* ---- kind ---- */

static void test_kinds(void **state)
{
    (void)state;
    static const struct {
        const char *rel;
        xv_kind kind;
        xv_tri pie;
    } t[] = {
        {"elf/x86_64/hello-pie", XV_KIND_PIE, XV_YES},
        {"elf/x86_64/hello-nopie", XV_KIND_EXE, XV_NO},
        {"elf/x86_64/hello-static", XV_KIND_EXE, XV_NO},
        {"elf/x86_64/libxvfoo.so.1", XV_KIND_SHARED, XV_UNKNOWN},
        {"elf/x86_64/hello.o", XV_KIND_OBJECT, XV_UNKNOWN},
        {"elf/aarch64/hello-pie", XV_KIND_PIE, XV_YES},
        {"elf/musl/hello", XV_KIND_PIE, XV_YES},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        xv_image *img = load(t[i].rel);
        const xv_binary *b = bin(img);
        if (b->kind != t[i].kind)
            fail_msg("%s: kind %s, want %s", t[i].rel, xv_kind_name(b->kind), xv_kind_name(t[i].kind));
        if (t[i].pie != XV_UNKNOWN)
            assert_int_equal(b->hard.pie, t[i].pie);
        xv_image_free(img);
    }
}

/* ---- dynamic section: interpreter, soname, needed, rpath/runpath ---- */

static void test_dynamic(void **state)
{
    (void)state;
    xv_image *img = load("elf/x86_64/libxvfoo.so.1");
    const xv_binary *b = bin(img);
    assert_null(b->interpreter);
    assert_string_equal(b->soname, "libxvfoo.so.1");
    assert_int_equal(b->ndeps, 3);
    assert_string_equal(b->deps[0].name, "libxvdep.so.1");
    assert_string_equal(b->deps[1].name, "libm.so.6");
    assert_string_equal(b->deps[2].name, "libc.so.6");
    assert_int_equal(b->nrpath, 0);
    assert_int_equal(b->nrunpath, 2);
    assert_string_equal(b->runpath[0], "$ORIGIN");
    assert_string_equal(b->runpath[1], "$ORIGIN/../lib");
    assert_int_equal(b->elf->has_dynamic, 1);
    xv_image_free(img);

    img = load("elf/x86_64/libxvrpath.so.1");
    b = bin(img);
    assert_string_equal(b->soname, "libxvrpath.so.1");
    assert_int_equal(b->nrunpath, 0);
    assert_int_equal(b->nrpath, 2);
    assert_string_equal(b->rpath[0], "/opt/xverify/lib");
    assert_string_equal(b->rpath[1], "$ORIGIN");
    xv_image_free(img);

    /* no section headers (sstrip): the dynamic facts from PT_DYNAMIC alone */
    img = load("elf/x86_64/libxvfoo-noshdr.so.1");
    b = bin(img);
    assert_int_equal(b->kind, XV_KIND_SHARED);
    assert_string_equal(b->soname, "libxvfoo.so.1");
    assert_int_equal(b->ndeps, 3);
    assert_string_equal(b->deps[0].name, "libxvdep.so.1");
    assert_string_equal(b->deps[1].name, "libm.so.6");
    assert_string_equal(b->deps[2].name, "libc.so.6");
    assert_int_equal(b->nrunpath, 2);
    assert_string_equal(b->runpath[0], "$ORIGIN");
    assert_string_equal(b->runpath[1], "$ORIGIN/../lib");
    assert_int_equal(b->nsections, 0);
    assert_int_equal(b->libc, XV_LIBC_GLIBC);
    assert_int_equal(b->hard.relro, XV_RELRO_PARTIAL);
    xv_image_free(img);

    img = load("elf/x86_64/libxvdep.so.1");
    b = bin(img);
    assert_string_equal(b->soname, "libxvdep.so.1");
    assert_int_equal(b->ndeps, 0);
    xv_image_free(img);

    img = load("elf/x86_64/hello-pie");
    b = bin(img);
    assert_string_equal(b->interpreter, "/lib64/ld-linux-x86-64.so.2");
    assert_null(b->soname);
    assert_int_equal(b->ndeps, 1);
    assert_string_equal(b->deps[0].name, "libc.so.6");
    assert_int_equal(b->deps[0].flags, 0);
    xv_image_free(img);

    static const char *const interp[][2] = {
        {"elf/i686/hello-pie", "/lib/ld-linux.so.2"},
        {"elf/aarch64/hello-pie", "/lib/ld-linux-aarch64.so.1"},
        {"elf/armhf/hello-pie", "/lib/ld-linux-armhf.so.3"},
        {"elf/riscv64/hello-pie", "/lib/ld-linux-riscv64-lp64d.so.1"},
    };
    for (size_t i = 0; i < 4; i++) {
        img = load(interp[i][0]);
        b = bin(img);
        assert_non_null(b->interpreter);
        assert_string_equal(b->interpreter, interp[i][1]);
        assert_int_equal(b->libc, XV_LIBC_GLIBC);
        xv_image_free(img);
    }

    img = load("elf/x86_64/hello-static");
    b = bin(img);
    assert_null(b->interpreter);
    assert_int_equal(b->ndeps, 0);
    assert_int_equal(b->elf->has_dynamic, 0);
    assert_int_equal(b->libc, XV_LIBC_NONE);
    assert_null(b->max_glibc);
    xv_image_free(img);
}

/* ---- libc ---- */

static void test_libc(void **state)
{
    (void)state;
    xv_image *img = load("elf/musl/hello");
    const xv_binary *b = bin(img);
    assert_int_equal(b->libc, XV_LIBC_MUSL);
    assert_string_equal(b->interpreter, "/lib/ld-musl-x86_64.so.1");
    assert_int_equal(b->ndeps, 1);
    assert_string_equal(b->deps[0].name, "libc.so");
    assert_int_equal(b->nverneeds, 0);
    assert_null(b->max_glibc);
    xv_image_free(img);

    img = load("elf/x86_64/hello-pie");
    b = bin(img);
    assert_int_equal(b->libc, XV_LIBC_GLIBC);
    xv_image_free(img);
    /* a library names no interpreter: NEEDED libc.so.6 tells glibc */
    img = load("elf/x86_64/libxvfoo.so.1");
    b = bin(img);
    assert_int_equal(b->libc, XV_LIBC_GLIBC);
    xv_image_free(img);
}

/* ---- symbols and versions ---- */

static void test_symbols_versions(void **state)
{
    (void)state;
    xv_image *img = load("elf/x86_64/libxvfoo.so.1");
    const xv_binary *b = bin(img);
    const xv_sym *s = xv_find_sym(b->exports, b->nexports, "xv_foo_compute");
    assert_non_null(s);
    assert_true(s->flags & XV_SYM_FUNC);
    assert_null(s->version);
    s = xv_find_sym(b->exports, b->nexports, "xv_foo_counter");
    assert_non_null(s);
    assert_true(s->flags & XV_SYM_DATA);
    assert_null(xv_find_sym(b->imports, b->nimports, "xv_foo_compute"));
    /* undefined: from libxvdep (unversioned) and libc (versioned) */
    s = xv_find_sym(b->imports, b->nimports, "xv_dep_value");
    assert_non_null(s);
    assert_null(s->version);
    assert_null(xv_find_sym(b->exports, b->nexports, "xv_dep_value"));
    s = xv_find_sym(b->imports, b->nimports, "pthread_detach");
    assert_non_null(s);
    assert_string_equal(s->version, "GLIBC_2.34");
    assert_string_equal(s->library, "libc.so.6");
    s = xv_find_sym(b->imports, b->nimports, "cbrt");
    assert_non_null(s);
    assert_string_equal(s->version, "GLIBC_2.2.5");
    assert_string_equal(s->library, "libm.so.6");
    /* a weak undefined symbol */
    s = xv_find_sym(b->imports, b->nimports, "__cxa_finalize");
    assert_non_null(s);
    assert_true(s->flags & XV_SYM_WEAK);
    /* requirements grouped by library */
    assert_true(has_verneed(b, "libc.so.6", "GLIBC_2.34"));
    assert_true(has_verneed(b, "libc.so.6", "GLIBC_2.2.5"));
    assert_true(has_verneed(b, "libm.so.6", "GLIBC_2.2.5"));
    assert_false(has_verneed(b, "libm.so.6", "GLIBC_2.34"));
    assert_int_equal(b->nverneeds, 3);
    assert_string_equal(b->max_glibc, "GLIBC_2.34");
    assert_null(b->max_glibcxx);
    assert_null(b->max_cxxabi);
    xv_image_free(img);

    const char *cxx[] = {"elf/x86_64/libxvcxx.so", "elf/aarch64/libxvcxx.so"};
    for (int i = 0; i < 2; i++) {
        img = load(cxx[i]);
        b = bin(img);
        assert_string_equal(b->max_glibc, "GLIBC_2.34");
        assert_string_equal(b->max_glibcxx, "GLIBCXX_3.4.21");
        assert_string_equal(b->max_cxxabi, "CXXABI_1.3.9");
        assert_true(has_verneed(b, "libstdc++.so.6", "GLIBCXX_3.4"));
        assert_true(has_verneed(b, "libstdc++.so.6", "CXXABI_1.3"));
        assert_true(has_verneed(b, "libgcc_s.so.1", "GCC_3.0"));
        assert_non_null(xv_find_sym(b->exports, b->nexports, "xv_cxx_join"));
        s = xv_find_sym(b->imports, b->nimports, "__cxa_throw");
        assert_non_null(s);
        assert_string_equal(s->version, "CXXABI_1.3");
        assert_string_equal(s->library, "libstdc++.so.6");
        xv_image_free(img);
    }

    /* executables need GLIBC_2.34 for __libc_start_main on bookworm */
    img = load("elf/x86_64/hello-pie");
    b = bin(img);
    assert_string_equal(b->max_glibc, "GLIBC_2.34");
    s = xv_find_sym(b->imports, b->nimports, "__libc_start_main");
    assert_non_null(s);
    assert_string_equal(s->version, "GLIBC_2.34");
    xv_image_free(img);

    /* --no-symbols: no tables, versions still read */
    xv_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.no_symbols = 1;
    img = load_opts("elf/x86_64/libxvfoo.so.1", &ro);
    b = bin(img);
    assert_int_equal(b->nexports, 0);
    assert_int_equal(b->nimports, 0);
    assert_string_equal(b->max_glibc, "GLIBC_2.34");
    assert_int_equal(b->ndeps, 3);
    xv_image_free(img);

    /* max_symbols caps a table and says so */
    memset(&ro, 0, sizeof ro);
    ro.max_symbols = 2;
    img = load_opts("elf/x86_64/libxvfoo.so.1", &ro);
    b = bin(img);
    assert_true(b->nimports <= 2);
    assert_true(b->nexports <= 2);
    assert_true(b->nwarnings >= 1);
    xv_image_free(img);
}

/* ---- hardening ---- */

static void test_hardening(void **state)
{
    (void)state;
    xv_image *img = load("elf/x86_64/hardened");
    const xv_binary *b = bin(img);
    assert_int_equal(b->hard.pie, XV_YES);
    assert_int_equal(b->hard.nx, XV_YES);
    assert_int_equal(b->hard.relro, XV_RELRO_FULL);
    assert_int_equal(b->hard.bind_now, XV_YES);
    assert_int_equal(b->hard.canary, XV_YES);
    assert_int_equal(b->hard.fortify, XV_YES);
    assert_int_equal(b->hard.textrel, XV_NO);
    assert_int_equal(b->elf->exec_stack, 0);
    assert_int_equal(b->elf->gnu_stack_present, 1);
    assert_non_null(xv_find_sym(b->imports, b->nimports, "__printf_chk"));
    xv_image_free(img);

    img = load("elf/x86_64/unhardened");
    b = bin(img);
    assert_int_equal(b->kind, XV_KIND_EXE);
    assert_int_equal(b->hard.pie, XV_NO);
    assert_int_equal(b->hard.relro, XV_RELRO_NONE);
    assert_int_equal(b->hard.bind_now, XV_NO);
    assert_int_equal(b->hard.canary, XV_NO);
    assert_int_equal(b->hard.fortify, XV_NO);
    assert_int_equal(b->hard.nx, XV_YES);
    xv_image_free(img);

    /* Debian's default: PIE, partial RELRO, lazy binding */
    img = load("elf/x86_64/hello-pie");
    b = bin(img);
    assert_int_equal(b->hard.relro, XV_RELRO_PARTIAL);
    assert_int_equal(b->hard.bind_now, XV_NO);
    assert_int_equal(b->hard.canary, XV_NO);
    assert_int_not_equal(b->hard.ibt, XV_YES);
    xv_image_free(img);

    img = load("elf/x86_64/execstack");
    b = bin(img);
    assert_int_equal(b->hard.nx, XV_NO);
    assert_int_equal(b->elf->exec_stack, 1);
    assert_int_equal(b->elf->gnu_stack_present, 1);
    xv_image_free(img);

    img = load("elf/i686/libxvtextrel.so");
    b = bin(img);
    assert_int_equal(b->hard.textrel, XV_YES);
    assert_int_equal(b->kind, XV_KIND_SHARED);
    xv_image_free(img);

    img = load("elf/x86_64/libxvcet.so");
    b = bin(img);
    assert_int_equal(b->hard.ibt, XV_YES);
    assert_int_equal(b->hard.shstk, XV_YES);
    xv_image_free(img);

    img = load("elf/aarch64/libxvbti.so");
    b = bin(img);
    assert_int_equal(b->hard.bti, XV_YES);
    assert_int_equal(b->hard.pac, XV_YES);
    xv_image_free(img);

    img = load("elf/aarch64/hardened");
    b = bin(img);
    assert_int_equal(b->hard.pie, XV_YES);
    assert_int_equal(b->hard.relro, XV_RELRO_FULL);
    assert_int_equal(b->hard.bind_now, XV_YES);
    assert_int_equal(b->hard.canary, XV_YES);
    assert_int_equal(b->hard.fortify, XV_YES);
    xv_image_free(img);

    img = load("elf/aarch64/hello-pie");
    b = bin(img);
    assert_int_equal(b->hard.canary, XV_NO);
    assert_int_not_equal(b->hard.bti, XV_YES);
    xv_image_free(img);
}

/* ---- build-id, debug, stripped, sizes ---- */

static void test_debug_and_sizes(void **state)
{
    (void)state;
    xv_image *img = load("elf/x86_64/debug");
    const xv_binary *b = bin(img);
    assert_non_null(b->build_id);
    assert_int_equal(strlen(b->build_id), 40);
    char id[41];
    snprintf(id, sizeof id, "%s", b->build_id);
    for (size_t i = 0; i < 40; i++)
        assert_non_null(strchr("0123456789abcdef", id[i]));
    assert_int_equal(b->has_debug, 1);
    assert_int_equal(b->stripped, 0);
    assert_null(b->elf->debuglink);
    assert_true(b->size_debug > 0);
    uint64_t dbg = 0;
    for (size_t i = 0; i < b->nsections; i++)
        if (b->sections[i].flags & XV_SEC_DEBUG)
            dbg += b->sections[i].size;
    assert_true(dbg == b->size_debug);
    assert_non_null(xv_find_section(b, ".debug_info"));
    assert_true(xv_find_section(b, ".debug_info")->flags & XV_SEC_DEBUG);
    const xv_section *text = xv_find_section(b, ".text");
    assert_non_null(text);
    assert_true(text->flags & XV_SEC_EXEC);
    assert_true(b->size_text >= text->size && text->size > 0);
    assert_true(b->size_rodata > 0);
    assert_true(b->size_data > 0);
    assert_true(xv_find_section(b, ".bss") && (xv_find_section(b, ".bss")->flags & XV_SEC_NOBITS));
    assert_true(b->size_bss > 0);
    assert_true(b->file_size > b->size_text + b->size_debug);
    xv_image_free(img);

    img = load("elf/x86_64/stripped");
    b = bin(img);
    assert_string_equal(b->build_id, id); /* strip keeps the note */
    assert_int_equal(b->has_debug, 0);
    assert_int_equal(b->stripped, 1);
    assert_true(b->size_debug == 0);
    assert_null(xv_find_section(b, ".symtab"));
    xv_image_free(img);

    img = load("elf/x86_64/debuglink");
    b = bin(img);
    assert_string_equal(b->build_id, id);
    assert_non_null(b->elf->debuglink);
    assert_string_equal(b->elf->debuglink, "debuglink.debug");
    assert_int_equal(b->has_debug, 0);
    xv_image_free(img);

    /* the separate debug file: all debug, NOBITS code */
    img = load("elf/x86_64/debuglink.debug");
    b = bin(img);
    assert_int_equal(b->has_debug, 1);
    assert_string_equal(b->build_id, id);
    xv_image_free(img);

    img = load("elf/x86_64/hello-pie");
    b = bin(img);
    assert_int_equal(b->stripped, 0);
    assert_int_equal(b->has_debug, 0);
    assert_non_null(b->build_id);
    assert_non_null(xv_find_section(b, ".symtab"));
    xv_image_free(img);

    /* lld's default build-id is 8 bytes (fast hash) */
    img = load("elf/be/ppc64-libxvbe.so");
    b = bin(img);
    assert_non_null(b->build_id);
    assert_int_equal(strlen(b->build_id), 16);
    xv_image_free(img);
}

/* ---- memory: nothing points into the input; truncation is a message ---- */

static uint8_t *slurp(const char *rel, size_t *len)
{
    const char *path = xv_fixture(rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        XV_SKIP_OR_FAIL("fixture %s not built", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    assert_true(n > 0);
    uint8_t *buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void test_memory_and_truncation(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = slurp("elf/x86_64/libxvfoo.so.1", &len);
    xv_image *img = NULL;
    assert_int_equal(xv_image_read(buf, len, "pkg.tar.gz!/lib/libxvfoo.so.1", NULL, &img), XV_OK);
    memset(buf, 0xA5, len);
    free(buf);
    const xv_binary *b = bin(img);
    assert_string_equal(xv_image_name(img), "pkg.tar.gz!/lib/libxvfoo.so.1");
    assert_string_equal(b->soname, "libxvfoo.so.1");
    assert_string_equal(b->deps[0].name, "libxvdep.so.1");
    assert_string_equal(b->runpath[1], "$ORIGIN/../lib");
    assert_string_equal(b->max_glibc, "GLIBC_2.34");
    assert_non_null(xv_find_sym(b->imports, b->nimports, "pthread_detach"));
    xv_image_free(img);

    /* every truncation of an executable is either read or a message */
    buf = slurp("elf/x86_64/hello-pie", &len);
    size_t cuts[] = {0, 3, 4, 16, 52, 63, 64, 100, 300, 1000, 4000, len / 2, len - 64, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        if (cuts[i] >= len)
            continue;
        uint8_t *c = malloc(cuts[i] + 1);
        assert_non_null(c);
        memcpy(c, buf, cuts[i]);
        xv_status s = xv_image_read(c, cuts[i], "cut.elf", NULL, &img);
        assert_non_null(img);
        if (s != XV_EFORMAT)
            fail_msg("hello-pie cut at %zu of %zu: %s, want malformed input", cuts[i], len, xv_status_str(s));
        assert_non_null(xv_image_error(img));
        assert_true(strlen(xv_image_error(img)) > 0);
        assert_null(strchr(xv_image_error(img), '\n'));
        assert_string_equal(xv_image_name(img), "cut.elf");
        xv_image_free(img);
        free(c);
    }
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arches),
        cmocka_unit_test(test_machine_table),
        cmocka_unit_test(test_osabi_and_type),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_dynamic),
        cmocka_unit_test(test_libc),
        cmocka_unit_test(test_symbols_versions),
        cmocka_unit_test(test_hardening),
        cmocka_unit_test(test_debug_and_sizes),
        cmocka_unit_test(test_memory_and_truncation),
    };
    return cmocka_run_group_tests_name("elf", tests, NULL, NULL);
}
