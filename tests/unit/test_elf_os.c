/* ELF OS and C library detection on tiny hand-made executables: each has
 * only what a loader of that OS would read (EI_OSABI, PT_INTERP, a note,
 * DT_NEEDED through PT_DYNAMIC, or a .comment), so every case proves the
 * one mark it carries. No toolchain here links for Solaris, the BSDs or
 * Haiku; the layouts follow each system's ELF ABI (interpreter paths and
 * note names as their loaders and crt files write them). */
#include "xvtest.h"

#include <string.h>

#include "xverify/binary.h"

#define EM_PPC_ 20
#define EM_SPARC_ 2
#define EM_SPARCV9_ 43
#define EM_X86_64_ 62
#define EM_AARCH64_ 183

typedef struct spec {
    int bits, big;
    uint16_t machine;
    uint8_t osabi;
    const char *interp;           /* PT_INTERP, or NULL */
    const char *needed;           /* one DT_NEEDED, or NULL */
    const char *note_name;        /* one PT_NOTE, or NULL */
    uint32_t note_type;
    uint32_t note_desc;           /* 4-byte descriptor (e.g. the ABI tag's OS) */
    const char *comment;          /* a .comment section (then section headers), or NULL */
} spec;

typedef struct buf {
    uint8_t b[2048];
    size_t n;
    int big, bits;
} buf;

static void put(buf *o, size_t at, uint64_t v, int width)
{
    for (int i = 0; i < width; i++) {
        int sh = o->big ? (width - 1 - i) * 8 : i * 8;
        o->b[at + (size_t)i] = (uint8_t)(v >> sh);
    }
}

static size_t add(buf *o, const void *p, size_t n, size_t align)
{
    while (o->n % align)
        o->b[o->n++] = 0;
    size_t at = o->n;
    memcpy(o->b + o->n, p, n);
    o->n += n;
    return at;
}

static size_t addw(buf *o, uint64_t v, int width)
{
    uint8_t z[8] = {0};
    size_t at = add(o, z, (size_t)width, 1);
    put(o, at, v, width);
    return at;
}

/* Layout: Ehdr, Phdrs (LOAD covering the file at vaddr 0, INTERP, DYNAMIC,
 * NOTE, GNU_STACK), then the data, then optional section headers. */
static xv_image *make(const spec *s)
{
    static buf o;
    memset(&o, 0, sizeof o);
    o.big = s->big;
    o.bits = s->bits;
    int w = s->bits == 64 ? 8 : 4;
    size_t ehsize = s->bits == 64 ? 64 : 52, phent = s->bits == 64 ? 56 : 32;
    size_t shent = s->bits == 64 ? 64 : 40, nph = 5;
    o.n = ehsize + nph * phent;

    size_t interp_off = 0, interp_len = 0, dyn_off = 0, dyn_len = 0, note_off = 0, note_len = 0;
    size_t str_off = 0, str_len = 0, com_off = 0, com_len = 0, shstr_off = 0;
    if (s->interp) {
        interp_len = strlen(s->interp) + 1;
        interp_off = add(&o, s->interp, interp_len, 1);
    }
    if (s->needed) {
        str_len = strlen(s->needed) + 2;
        str_off = add(&o, "", 1, 1);
        add(&o, s->needed, str_len - 1, 1);
        while (o.n % (size_t)w)
            o.b[o.n++] = 0;
        dyn_off = o.n;
        addw(&o, 1, w), addw(&o, 1, w);                 /* DT_NEEDED "needed" at 1 */
        addw(&o, 5, w), addw(&o, str_off, w);           /* DT_STRTAB (vaddr == offset) */
        addw(&o, 10, w), addw(&o, str_len, w);          /* DT_STRSZ */
        addw(&o, 0, w), addw(&o, 0, w);                 /* DT_NULL */
        dyn_len = o.n - dyn_off;
    }
    if (s->note_name) {
        size_t nl = strlen(s->note_name) + 1;
        while (o.n % 4)
            o.b[o.n++] = 0;
        note_off = o.n;
        addw(&o, nl, 4);
        addw(&o, 4, 4);
        addw(&o, s->note_type, 4);
        add(&o, s->note_name, nl, 1);
        while (o.n % 4)
            o.b[o.n++] = 0;
        addw(&o, s->note_desc, 4);
        note_len = o.n - note_off;
    }
    size_t shoff = 0, shnum = 0;
    if (s->comment) {
        com_len = strlen(s->comment) + 1;
        com_off = add(&o, s->comment, com_len, 1);
        static const char shstr[] = "\0.comment\0.shstrtab";
        shstr_off = add(&o, shstr, sizeof shstr, 1);
        while (o.n % 8)
            o.b[o.n++] = 0;
        shoff = o.n;
        shnum = 3;
        uint8_t z[64] = {0};
        for (size_t i = 0; i < shnum; i++)
            add(&o, z, shent, 1);
        size_t sh1 = shoff + shent, sh2 = shoff + 2 * shent;
        if (s->bits == 64) {
            put(&o, sh1, 1, 4), put(&o, sh1 + 4, 1, 4), put(&o, sh1 + 24, com_off, 8),
                put(&o, sh1 + 32, com_len, 8), put(&o, sh1 + 48, 1, 8), put(&o, sh1 + 56, 1, 8);
            put(&o, sh2, 10, 4), put(&o, sh2 + 4, 3, 4), put(&o, sh2 + 24, shstr_off, 8),
                put(&o, sh2 + 32, sizeof shstr, 8), put(&o, sh2 + 48, 1, 8);
        } else {
            put(&o, sh1, 1, 4), put(&o, sh1 + 4, 1, 4), put(&o, sh1 + 16, com_off, 4),
                put(&o, sh1 + 20, com_len, 4), put(&o, sh1 + 32, 1, 4), put(&o, sh1 + 36, 1, 4);
            put(&o, sh2, 10, 4), put(&o, sh2 + 4, 3, 4), put(&o, sh2 + 16, shstr_off, 4),
                put(&o, sh2 + 20, sizeof shstr, 4), put(&o, sh2 + 32, 1, 4);
        }
    }
    assert_true(o.n < sizeof o.b);

    /* ELF header */
    memcpy(o.b, "\x7f" "ELF", 4);
    o.b[4] = s->bits == 64 ? 2 : 1;
    o.b[5] = s->big ? 2 : 1;
    o.b[6] = 1;
    o.b[7] = s->osabi;
    put(&o, 16, 2, 2);                       /* ET_EXEC */
    put(&o, 18, s->machine, 2);
    put(&o, 20, 1, 4);
    if (s->bits == 64) {
        put(&o, 32, ehsize, 8), put(&o, 40, shoff, 8);
        put(&o, 52, ehsize, 2), put(&o, 54, phent, 2), put(&o, 56, nph, 2);
        put(&o, 58, shent, 2), put(&o, 60, shnum, 2), put(&o, 62, shnum ? 2 : 0, 2);
    } else {
        put(&o, 28, ehsize, 4), put(&o, 32, shoff, 4);
        put(&o, 40, ehsize, 2), put(&o, 42, phent, 2), put(&o, 44, nph, 2);
        put(&o, 46, shent, 2), put(&o, 48, shnum, 2), put(&o, 50, shnum ? 2 : 0, 2);
    }
    /* program headers: type, flags, offset, size (vaddr == offset) */
    struct { uint32_t type, flags; size_t off, len; } ph[5] = {
        { 1, 5, 0, o.n },
        { s->interp ? 3u : 0u, 4, interp_off, interp_len },
        { s->needed ? 2u : 0u, 6, dyn_off, dyn_len },
        { s->note_name ? 4u : 0u, 4, note_off, note_len },
        { 0x6474e551u, 6, 0, 0 },
    };
    for (size_t i = 0; i < nph; i++) {
        size_t at = ehsize + i * phent;
        if (s->bits == 64) {
            put(&o, at, ph[i].type, 4), put(&o, at + 4, ph[i].flags, 4);
            put(&o, at + 8, ph[i].off, 8), put(&o, at + 16, ph[i].off, 8), put(&o, at + 24, ph[i].off, 8);
            put(&o, at + 32, ph[i].len, 8), put(&o, at + 40, ph[i].len, 8), put(&o, at + 48, 4, 8);
        } else {
            put(&o, at, ph[i].type, 4), put(&o, at + 4, ph[i].off, 4), put(&o, at + 8, ph[i].off, 4);
            put(&o, at + 12, ph[i].off, 4), put(&o, at + 16, ph[i].len, 4), put(&o, at + 20, ph[i].len, 4);
            put(&o, at + 24, ph[i].flags, 4), put(&o, at + 28, 4, 4);
        }
    }
    xv_image *img = NULL;
    xv_status st = xv_image_read(o.b, o.n, "tiny", NULL, &img);
    assert_non_null(img);
    if (st != XV_OK)
        fail_msg("tiny ELF not read: %s", xv_image_error(img) ? xv_image_error(img) : "?");
    return img;
}

static void expect(const spec *s, xv_os os, xv_libc libc)
{
    xv_image *img = make(s);
    const xv_binary *b = xv_image_binary(img, 0);
    if (b->os != os || b->libc != libc)
        fail_msg("interp %s needed %s note %s: got os %s libc %s, want os %s libc %s",
                 s->interp ? s->interp : "-", s->needed ? s->needed : "-",
                 s->note_name ? s->note_name : "-", xv_os_name(b->os), xv_libc_name(b->libc),
                 xv_os_name(os), xv_libc_name(libc));
    xv_image_free(img);
}

static void solaris_is_never_glibc(void **state)
{
    (void)state;
    /* Solaris 10 SPARC /usr/bin/ls: 32-bit big endian, OSABI SYSV, loader
     * /usr/lib/ld.so.1 (the "/ld.so" substring once made it glibc). */
    spec s = { 32, 1, EM_SPARC_, 0, "/usr/lib/ld.so.1", "libc.so.1", NULL, 0, 0, NULL };
    expect(&s, XV_OS_SOLARIS, XV_LIBC_NATIVE);
    spec s64 = { 64, 1, EM_SPARCV9_, 0, "/usr/lib/sparcv9/ld.so.1", "libc.so.1", NULL, 0, 0, NULL };
    expect(&s64, XV_OS_SOLARIS, XV_LIBC_NATIVE);
    spec amd64 = { 64, 0, EM_X86_64_, 6 /* ELFOSABI_SOLARIS */, "/usr/lib/amd64/ld.so.1", NULL,
                   NULL, 0, 0, NULL };
    expect(&amd64, XV_OS_SOLARIS, XV_LIBC_NATIVE);
    /* illumos: the same loader; its link-editor signs .comment. */
    spec illumos = { 64, 0, EM_X86_64_, 0, "/usr/lib/amd64/ld.so.1", "libc.so.1", NULL, 0, 0,
                     "ld: Software Generation Utilities - Solaris Link Editors: 5.11-1.1790 (illumos)" };
    expect(&illumos, XV_OS_ILLUMOS, XV_LIBC_NATIVE);
}

static void glibc_ld_so_1_on_linux_ppc(void **state)
{
    (void)state;
    /* 32-bit powerpc glibc's loader is /lib/ld.so.1. */
    spec s = { 32, 1, EM_PPC_, 0, "/lib/ld.so.1", "libc.so.6", NULL, 0, 0, NULL };
    expect(&s, XV_OS_LINUX, XV_LIBC_GLIBC);
    spec x = { 64, 0, EM_X86_64_, 0, "/lib64/ld-linux-x86-64.so.2", "libc.so.6", NULL, 0, 0, NULL };
    expect(&x, XV_OS_LINUX, XV_LIBC_GLIBC);
    spec m = { 64, 0, EM_AARCH64_, 0, "/lib/ld-musl-aarch64.so.1", "libc.so", NULL, 0, 0, NULL };
    expect(&m, XV_OS_LINUX, XV_LIBC_MUSL);
    /* GNU ABI tag only: Linux. */
    spec n = { 64, 0, EM_X86_64_, 0, NULL, NULL, "GNU", 1, 0, NULL };
    expect(&n, XV_OS_LINUX, XV_LIBC_NONE);
}

static void bsds(void **state)
{
    (void)state;
    spec fb = { 64, 0, EM_X86_64_, 9 /* ELFOSABI_FREEBSD */, "/libexec/ld-elf.so.1", "libc.so.7",
                NULL, 0, 0, NULL };
    expect(&fb, XV_OS_FREEBSD, XV_LIBC_NATIVE);
    spec fbnote = { 64, 0, EM_AARCH64_, 0, NULL, NULL, "FreeBSD", 1, 1400097, NULL };
    expect(&fbnote, XV_OS_FREEBSD, XV_LIBC_NONE);
    spec nb = { 64, 0, EM_X86_64_, 0, "/usr/libexec/ld.elf_so", "libc.so.12", "NetBSD", 1,
                1000000000, NULL };
    expect(&nb, XV_OS_NETBSD, XV_LIBC_NATIVE);
    spec nbinterp = { 64, 0, EM_X86_64_, 0, "/usr/libexec/ld.elf_so", "libc.so.12", NULL, 0, 0, NULL };
    expect(&nbinterp, XV_OS_NETBSD, XV_LIBC_NATIVE);
    spec ob = { 64, 0, EM_X86_64_, 0, "/usr/libexec/ld.so", "libc.so.97.1", "OpenBSD", 1, 0, NULL };
    expect(&ob, XV_OS_OPENBSD, XV_LIBC_NATIVE);
    /* OpenBSD's loader alone (its path ends in "/ld.so": never glibc). */
    spec obinterp = { 64, 0, EM_X86_64_, 0, "/usr/libexec/ld.so", NULL, NULL, 0, 0, NULL };
    expect(&obinterp, XV_OS_OPENBSD, XV_LIBC_NATIVE);
}

static void haiku_and_android(void **state)
{
    (void)state;
    spec h = { 64, 0, EM_X86_64_, 0, "/system/runtime_loader", "libroot.so", NULL, 0, 0, NULL };
    expect(&h, XV_OS_HAIKU, XV_LIBC_NATIVE);
    spec hn = { 64, 0, EM_X86_64_, 0, NULL, "libroot.so", NULL, 0, 0, NULL };
    expect(&hn, XV_OS_HAIKU, XV_LIBC_NATIVE);
    spec a = { 64, 0, EM_AARCH64_, 0, "/system/bin/linker64", "libc.so", "Android", 1, 24, NULL };
    expect(&a, XV_OS_ANDROID, XV_LIBC_BIONIC);
    /* The Android note alone with musl's libc name: bionic. */
    spec an = { 64, 0, EM_AARCH64_, 0, NULL, "libc.so", "Android", 1, 30, NULL };
    expect(&an, XV_OS_ANDROID, XV_LIBC_BIONIC);
}

/* clang's cross objects for FreeBSD and Solaris (fixtures/elf/recipe.sh):
 * a real toolchain's EI_OSABI. */
static void cross_objects(void **state)
{
    (void)state;
    static const struct { const char *rel; xv_os os; const char *arch; } objs[] = {
        { "elf/os/freebsd-x86_64.o", XV_OS_FREEBSD, "x86_64" },
        { "elf/os/solaris-sparcv9.o", XV_OS_SOLARIS, "sparc64" },
    };
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) {
        xv_image *img = NULL;
        const char *path = xv_fixture(objs[i].rel);
        FILE *f = fopen(path, "rb");
        if (!f)
            XV_SKIP_OR_FAIL("fixture %s not built", path);
        fclose(f);
        assert_int_equal(xv_image_read_file(path, NULL, &img), XV_OK);
        const xv_binary *b = xv_image_binary(img, 0);
        assert_int_equal(b->kind, XV_KIND_OBJECT);
        assert_int_equal(b->os, objs[i].os);
        assert_string_equal(b->arch, objs[i].arch);
        assert_int_not_equal(b->libc, XV_LIBC_GLIBC);
        xv_image_free(img);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(solaris_is_never_glibc),
        cmocka_unit_test(glibc_ld_so_1_on_linux_ppc),
        cmocka_unit_test(bsds),
        cmocka_unit_test(haiku_and_android),
        cmocka_unit_test(cross_objects),
    };
    return cmocka_run_group_tests_name("elf_os", tests, NULL, NULL);
}
