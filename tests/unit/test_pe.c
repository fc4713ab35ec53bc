/* The PE reader (src/formats/pe.c): every fact of the model asserted on the
 * fixtures built from source by fixtures/pe/recipe.sh, and every hostile
 * input of tests/fuzz/corpus/pe/ (fixtures/pe/make_hostile.py) read to a
 * clear error without a crash. */
#include "xvtest.h"

#include <sys/stat.h>

#include "xverify/binary.h"

/* Reads $XV_FIXTURES/pe/<name>; skips (fails under CI) when not built. */
static xv_image *load_fixture(const char *name, xv_status want)
{
    char rel[256];
    snprintf(rel, sizeof rel, "pe/%s", name);
    const char *path = xv_fixture(rel);
    struct stat st;
    if (stat(path, &st) != 0) {
        XV_SKIP_OR_FAIL("fixture %s not built (fixtures/pe/recipe.sh)", path);
        return NULL;
    }
    xv_image *img = NULL;
    xv_status s = xv_image_read_file(path, NULL, &img);
    if (s != want)
        fail_msg("%s: status %d (want %d): %s", name, s, want,
                 img && xv_image_error(img) ? xv_image_error(img) : "-");
    assert_non_null(img);
    assert_int_equal(xv_image_format(img), XV_FMT_PE);
    return img;
}

static const xv_binary *one(xv_image *img)
{
    assert_int_equal(xv_image_count(img), 1);
    const xv_binary *b = xv_image_binary(img, 0);
    assert_non_null(b);
    assert_non_null(b->pe);
    assert_int_equal(b->format, XV_FMT_PE);
    assert_int_equal(b->os, XV_OS_WINDOWS);
    assert_int_equal(b->big_endian, 0);
    return b;
}

static void test_mingw_exe(void **state)
{
    (void)state;
    xv_image *img = load_fixture("hello.exe", XV_OK);
    const xv_binary *b = one(img);
    assert_string_equal(b->arch, "x86_64");
    assert_null(b->arch_variant);
    assert_int_equal(b->bits, 64);
    assert_int_equal(b->pe->pe32plus, 1);
    assert_int_equal(b->pe->machine, 0x8664);
    assert_int_equal(b->kind, XV_KIND_PIE);
    assert_int_equal(b->libc, XV_LIBC_MSVCRT);
    assert_null(b->soname);
    assert_null(b->pe->export_name);
    /* import directory, in file order */
    assert_int_equal(b->ndeps, 3);
    assert_string_equal(b->deps[0].name, "greet.dll");
    assert_string_equal(b->deps[1].name, "KERNEL32.dll");
    assert_string_equal(b->deps[2].name, "msvcrt.dll");
    for (size_t i = 0; i < b->ndeps; i++)
        assert_int_equal(b->deps[i].flags, 0);
    const xv_sym *g = xv_find_sym(b->imports, b->nimports, "greet");
    assert_non_null(g);
    assert_string_equal(g->library, "greet.dll");
    assert_int_equal(g->flags & XV_SYM_DELAY, 0);
    const xv_sym *f = xv_find_sym(b->imports, b->nimports, "strncpy");
    assert_non_null(f);
    assert_string_equal(f->library, "msvcrt.dll");
    assert_non_null(xv_find_sym(b->imports, b->nimports, "VirtualProtect"));
    /* subsystem and versions */
    assert_int_equal(b->pe->subsystem, 3);
    assert_string_equal(b->pe->subsystem_name, "windows-cui");
    assert_true(b->min_os.major >= 4);
    assert_true(b->pe->os_version.major >= 4);
    /* binutils' defaults: dynamicbase, nxcompat, high-entropy-va */
    assert_int_equal(b->hard.pie, XV_YES);
    assert_int_equal(b->hard.nx, XV_YES);
    assert_int_equal(b->hard.high_entropy_va, XV_YES);
    assert_int_equal(b->hard.cfg, XV_NO);
    assert_int_equal(b->hard.force_integrity, XV_NO);
    assert_int_equal(b->hard.appcontainer, XV_NO);
    assert_int_equal(b->hard.code_signed, XV_NO);
    assert_int_equal(b->pe->has_certificate, 0);
    assert_int_equal(b->pe->is_dotnet, 0);
    assert_true(b->pe->dll_characteristics & 0x0040);
    assert_true(b->pe->image_base != 0);
    /* sections; MinGW keeps a COFF symbol table after the last section */
    assert_non_null(xv_find_section(b, ".text"));
    assert_true(xv_find_section(b, ".text")->flags & XV_SEC_EXEC);
    assert_non_null(xv_find_section(b, ".rdata"));
    assert_true(b->size_text > 0);
    assert_true(b->size_rodata > 0);
    assert_true(b->size_data > 0);
    assert_true(b->size_bss > 0);
    assert_int_equal(b->stripped, 0);
    assert_true(b->pe->overlay_size > 0);
    assert_true(b->nsegments == b->nsections);
    assert_null(xv_image_error(img));
    xv_image_free(img);
}

static void test_mingw_cxx_exe(void **state)
{
    (void)state;
    xv_image *img = load_fixture("hellopp.exe", XV_OK);
    const xv_binary *b = one(img);
    assert_non_null(xv_find_dep(b, "libstdc++-6.dll"));
    assert_non_null(xv_find_dep(b, "libgcc_s_seh-1.dll"));
    int from_stdcxx = 0;
    for (size_t i = 0; i < b->nimports; i++)
        if (b->imports[i].library && strcmp(b->imports[i].library, "libstdc++-6.dll") == 0)
            from_stdcxx++;
    assert_true(from_stdcxx > 3);
    xv_image_free(img);
}

static void test_pe32(void **state)
{
    (void)state;
    xv_image *img = load_fixture("hello32.exe", XV_OK);
    const xv_binary *b = one(img);
    assert_string_equal(b->arch, "i386");
    assert_int_equal(b->bits, 32);
    assert_int_equal(b->pe->pe32plus, 0);
    assert_int_equal(b->pe->machine, 0x14c);
    assert_int_equal(b->pe->large_address_aware, 1);
    assert_int_equal(b->hard.high_entropy_va, XV_NO);
    assert_int_equal(b->libc, XV_LIBC_MSVCRT);
    assert_string_equal(b->deps[0].name, "greet32.dll");
    assert_non_null(xv_find_sym(b->imports, b->nimports, "greet"));
    xv_image_free(img);
}

static void test_unhardened(void **state)
{
    (void)state;
    xv_image *img = load_fixture("unhardened.exe", XV_OK);
    const xv_binary *b = one(img);
    assert_int_equal(b->kind, XV_KIND_EXE);
    assert_int_equal(b->hard.pie, XV_NO);
    assert_int_equal(b->hard.nx, XV_NO);
    assert_int_equal(b->hard.high_entropy_va, XV_NO);
    assert_int_equal(b->pe->dll_characteristics & 0x0160, 0);
    xv_image_free(img);
}

static void test_mingw_ssp(void **state)
{
    (void)state;
    xv_image *img = load_fixture("ssp.exe", XV_OK);
    const xv_binary *b = one(img);
    assert_non_null(xv_find_dep(b, "libssp-0.dll"));
    const xv_sym *s = xv_find_sym(b->imports, b->nimports, "__stack_chk_fail");
    assert_non_null(s);
    assert_string_equal(s->library, "libssp-0.dll");
    assert_int_equal(b->hard.canary, XV_YES);
    xv_image_free(img);
    img = load_fixture("hello.exe", XV_OK);
    assert_int_equal(one(img)->hard.canary, XV_NO);
    xv_image_free(img);
}

static void test_debug_sections(void **state)
{
    (void)state;
    xv_image *img = load_fixture("hello_debug.exe", XV_OK);
    const xv_binary *b = one(img);
    /* long names resolved through the COFF string table */
    const xv_section *s = xv_find_section(b, ".debug_info");
    assert_non_null(s);
    assert_true(s->flags & XV_SEC_DEBUG);
    assert_int_equal(b->has_debug, 1);
    assert_true(b->size_debug >= s->size);
    for (size_t i = 0; i < b->nsections; i++)
        assert_true(b->sections[i].name[0] != '/');
    xv_image_free(img);
}

static void test_mingw_dll(void **state)
{
    (void)state;
    xv_image *img = load_fixture("greet.dll", XV_OK);
    const xv_binary *b = one(img);
    assert_int_equal(b->kind, XV_KIND_SHARED);
    assert_true(b->pe->characteristics & 0x2000);
    assert_string_equal(b->soname, "greet.dll");
    assert_string_equal(b->pe->export_name, "greet.dll");
    assert_int_equal(b->nexports, 3);
    const xv_sym *g = xv_find_sym(b->exports, b->nexports, "greet");
    assert_non_null(g);
    assert_true(g->flags & XV_SYM_FUNC);
    assert_true(g->ordinal >= 1);
    const xv_sym *c = xv_find_sym(b->exports, b->nexports, "greet_count");
    assert_non_null(c);
    assert_true(c->flags & XV_SYM_DATA);
    assert_non_null(xv_find_sym(b->exports, b->nexports, "greet_version"));
    xv_image_free(img);
}

static void test_exports_def(void **state)
{
    (void)state;
    xv_image *img = load_fixture("exports.dll", XV_OK);
    const xv_binary *b = one(img);
    assert_string_equal(b->soname, "exports.dll");
    assert_int_equal(b->nexports, 5);
    const xv_sym *a = xv_find_sym(b->exports, b->nexports, "exp_alpha");
    assert_non_null(a);
    assert_int_equal(a->ordinal, 1);
    assert_true(a->flags & XV_SYM_FUNC);
    assert_null(a->forward);
    assert_int_equal(xv_find_sym(b->exports, b->nexports, "exp_beta")->ordinal, 2);
    const xv_sym *d = xv_find_sym(b->exports, b->nexports, "exp_data");
    assert_non_null(d);
    assert_int_equal(d->ordinal, 3);
    assert_true(d->flags & XV_SYM_DATA);
    const xv_sym *fw = xv_find_sym(b->exports, b->nexports, "FwdTick");
    assert_non_null(fw);
    assert_int_equal(fw->ordinal, 4);
    assert_true(fw->flags & XV_SYM_FORWARDER);
    assert_string_equal(fw->forward, "kernel32.GetTickCount");
    const xv_sym *o = xv_find_sym(b->exports, b->nexports, "#7");
    assert_non_null(o);
    assert_int_equal(o->ordinal, 7);
    assert_true(o->flags & XV_SYM_BY_ORDINAL);
    assert_null(xv_find_sym(b->exports, b->nexports, "exp_hidden_name"));
    /* -s: no symbol table, no debug sections, nothing after the sections */
    assert_int_equal(b->stripped, 1);
    assert_int_equal(b->has_debug, 0);
    assert_int_equal(b->pe->overlay_size, 0);
    xv_image_free(img);
}

static void check_nocrt_exe(const char *name, const char *arch, uint16_t machine, const char *dll,
                            const char *pdb)
{
    xv_image *img = load_fixture(name, XV_OK);
    if (!img)
        return;
    const xv_binary *b = one(img);
    assert_string_equal(b->arch, arch);
    assert_int_equal(b->pe->machine, machine);
    assert_int_equal(b->bits, 64);
    assert_int_equal(b->libc, XV_LIBC_NONE);
    assert_int_equal(b->ndeps, 3);
    assert_string_equal(b->deps[0].name, "kernel32.dll");
    assert_int_equal(b->deps[0].flags, 0);
    assert_string_equal(b->deps[1].name, dll);
    assert_string_equal(b->deps[2].name, "delayed.dll");
    assert_int_equal(b->deps[2].flags, XV_DEP_DELAY);
    const xv_sym *d = xv_find_sym(b->imports, b->nimports, "delayed_fn");
    assert_non_null(d);
    assert_string_equal(d->library, "delayed.dll");
    assert_true(d->flags & XV_SYM_DELAY);
    const xv_sym *w = xv_find_sym(b->imports, b->nimports, "WriteFile");
    assert_non_null(w);
    assert_string_equal(w->library, "kernel32.dll");
    assert_int_equal(w->flags & XV_SYM_DELAY, 0);
    assert_non_null(xv_find_sym(b->imports, b->nimports, "lib_add"));
    assert_int_equal(b->nimports, 5);
    /* /pdbaltpath: the CodeView record names a build-machine path */
    assert_non_null(b->pdb_path);
    assert_string_equal(b->pdb_path, pdb);
    assert_non_null(b->build_id);
    assert_true(strlen(b->build_id) >= 33);
    assert_int_equal(b->stripped, 1);
    assert_int_equal(b->has_debug, 0);
    assert_int_equal(b->pe->overlay_size, 0);
    assert_int_equal(b->kind, XV_KIND_PIE);
    xv_image_free(img);
}

static void test_nocrt_x64(void **state)
{
    (void)state;
    check_nocrt_exe("nocrt_x64.exe", "x86_64", 0x8664, "nocrt_x64.dll",
                    "C:\\Users\\runner\\work\\app\\nocrt_x64.pdb");
}

static void test_nocrt_arm64(void **state)
{
    (void)state;
    check_nocrt_exe("nocrt_arm64.exe", "aarch64", 0xaa64, "nocrt_arm64.dll",
                    "C:\\Users\\runner\\work\\app\\nocrt_arm64.pdb");
}

static void test_nocrt_arm64_dll(void **state)
{
    (void)state;
    xv_image *img = load_fixture("nocrt_arm64.dll", XV_OK);
    const xv_binary *b = one(img);
    assert_string_equal(b->arch, "aarch64");
    assert_int_equal(b->kind, XV_KIND_SHARED);
    assert_string_equal(b->soname, "nocrt_arm64.dll");
    assert_int_equal(b->ndeps, 0);
    assert_int_equal(b->nexports, 2);
    assert_int_equal(xv_find_sym(b->exports, b->nexports, "lib_add")->flags & XV_SYM_FUNC, XV_SYM_FUNC);
    assert_non_null(xv_find_sym(b->exports, b->nexports, "lib_sub"));
    xv_image_free(img);
}

static void test_load_config_cfg(void **state)
{
    (void)state;
    xv_image *img = load_fixture("loadcfg_x64.exe", XV_OK);
    const xv_binary *b = one(img);
    assert_int_equal(b->hard.canary, XV_YES);   /* /GS cookie in the load config */
    assert_int_equal(b->hard.cfg, XV_YES);
    assert_int_equal(b->pe->subsystem, 2);
    assert_string_equal(b->pe->subsystem_name, "windows-gui");
    assert_int_equal(b->min_os.major, 6);
    assert_int_equal(b->min_os.minor, 2);
    xv_image_free(img);
    /* the same program without a load config states no canary */
    img = load_fixture("nocrt_x64.exe", XV_OK);
    assert_int_equal(one(img)->hard.canary, XV_NO);
    xv_image_free(img);
}

static void test_efi(void **state)
{
    (void)state;
    xv_image *img = load_fixture("efi_app.efi", XV_OK);
    const xv_binary *b = one(img);
    assert_int_equal(b->pe->subsystem, 10);
    assert_string_equal(b->pe->subsystem_name, "efi-application");
    assert_int_equal(b->ndeps, 0);
    assert_int_equal(b->libc, XV_LIBC_NONE);
    xv_image_free(img);
}

static void test_signed(void **state)
{
    (void)state;
    xv_image *img = load_fixture("signed.exe", XV_OK);
    xv_image *plain = load_fixture("hello.exe", XV_OK);
    const xv_binary *b = one(img), *p = one(plain);
    assert_int_equal(b->pe->has_certificate, 1);
    assert_int_equal(b->hard.code_signed, XV_YES);
    /* the certificate is not overlay: signing adds at most alignment padding */
    assert_true(b->pe->overlay_size >= p->pe->overlay_size);
    assert_true(b->pe->overlay_size <= p->pe->overlay_size + 8);
    assert_int_equal(b->ndeps, p->ndeps);
    xv_image_free(img);
    xv_image_free(plain);
}

/* ---- hand-made inputs (tests/fuzz/corpus/pe, fixtures/pe/make_hostile.py) ---- */

static xv_image *load_corpus(const char *name, xv_status *st)
{
    const char *src = getenv("XV_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fuzz/corpus/pe/%s", src ? src : ".", name);
    xv_image *img = NULL;
    *st = xv_image_read_file(path, NULL, &img);
    if (*st == XV_EIO)
        fail_msg("cannot read %s (XV_SOURCE_DIR unset?)", path);
    assert_non_null(img);
    return img;
}

static void test_tiny_valid(void **state)
{
    (void)state;
    xv_status st;
    xv_image *img = load_corpus("tiny_valid.exe", &st);
    assert_int_equal(st, XV_OK);
    const xv_binary *b = one(img);
    assert_int_equal(b->ndeps, 2);
    assert_string_equal(b->deps[1].name, "delayed.dll");
    assert_int_equal(b->deps[1].flags, XV_DEP_DELAY);
    const xv_sym *o = xv_find_sym(b->imports, b->nimports, "#42");
    assert_non_null(o);
    assert_int_equal(o->ordinal, 42);
    assert_true(o->flags & XV_SYM_BY_ORDINAL);
    assert_string_equal(o->library, "KERNEL32.dll");
    assert_int_equal(b->nexports, 3);
    assert_string_equal(xv_find_sym(b->exports, b->nexports, "fwd")->forward, "KERNEL32.GetTickCount");
    assert_int_equal(xv_find_sym(b->exports, b->nexports, "#2")->ordinal, 2);
    assert_string_equal(b->pdb_path, "C:\\build\\tiny.pdb");
    assert_string_equal(b->build_id, "0403020106050807090a0b0c0d0e0f101");
    assert_int_equal(b->hard.pie, XV_NO);    /* DYNAMICBASE without relocations */
    assert_int_equal(b->kind, XV_KIND_EXE);
    xv_image_free(img);
}

static void test_hybrid_arm64(void **state)
{
    (void)state;
    xv_status st;
    xv_image *img = load_corpus("tiny_arm64x.dll", &st);
    assert_int_equal(st, XV_OK);
    const xv_binary *b = one(img);
    assert_string_equal(b->arch, "aarch64");
    assert_string_equal(b->arch_variant, "arm64x");
    xv_image_free(img);
    img = load_corpus("tiny_arm64ec.exe", &st);
    assert_int_equal(st, XV_OK);
    b = one(img);
    assert_string_equal(b->arch, "x86_64");
    assert_string_equal(b->arch_variant, "arm64ec");
    xv_image_free(img);
    img = load_corpus("tiny_valid.exe", &st);
    assert_null(one(img)->arch_variant);
    assert_int_equal(one(img)->pe->is_dotnet, 0);
    xv_image_free(img);
    img = load_corpus("tiny_dotnet.exe", &st);
    assert_int_equal(st, XV_OK);
    assert_int_equal(one(img)->pe->is_dotnet, 1);
    xv_image_free(img);
}

static const struct {
    const char *file;
    const char *error;   /* substring of xv_image_error */
    int nbins;           /* binaries kept */
} hostile[] = {
    {"dos_only.exe", "e_lfanew 0x40 points past the end", 0},
    {"e_lfanew_past_end.exe", "e_lfanew 0x7ffffff0 points past the end of the file", 0},
    {"opt_header_size_past_end.exe", "SizeOfOptionalHeader 65535 at 0x58 runs past the end", 1},
    {"opt_header_size_too_small.exe", "SizeOfOptionalHeader 16 is smaller than the PE32+ optional header", 1},
    {"section_table_past_end.exe", "section table (65535 entries at 0x148) runs past the end", 1},
    {"truncated_in_section_table.exe", "section table (2 entries at 0x148) runs past the end", 1},
    {"import_dir_rva_outside_sections.exe", "import directory: RVA 0x7fff0000 is outside every section", 1},
    {"import_name_rva_outside_sections.exe", "import descriptor 0: name RVA 0x7fff0000 is outside every section", 1},
    {"import_hint_name_rva_outside_sections.exe", "hint/name RVA 0x55550000 is outside every section", 1},
    {"import_descriptors_never_terminate.exe", "no terminating null descriptor", 1},
    {"import_thunks_never_terminate.exe", "name table at RVA 0x2080 is not terminated", 1},
    {"delay_import_int_rva_outside_sections.exe", "delay import descriptor 0 (delayed.dll): name table RVA 0x66660000", 1},
    {"export_count_2pow31.dll", "NumberOfFunctions 2147483648 is over the limit", 1},
    {"export_table_past_section.dll", "address table (100000 entries at RVA 0x2130)", 1},
    {"export_names_more_than_functions.dll", "NumberOfNames 2 is greater than NumberOfFunctions 1", 1},
    {"export_ordinal_index_out_of_range.dll", "ordinal index 9 is not below NumberOfFunctions 3", 1},
    {"export_forwarder_without_nul.dll", "forwarder string at RVA 0x2170 has no NUL", 1},
    {"truncated_in_rdata.exe", "name RVA 0x20c0 is outside every section", 1},
};

static void test_hostile(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        xv_status st;
        xv_image *img = load_corpus(hostile[i].file, &st);
        const char *e = xv_image_error(img);
        if (st != XV_EFORMAT || !e || !strstr(e, hostile[i].error))
            fail_msg("%s: status %d, error \"%s\"; want \"%s\"", hostile[i].file, st,
                     e ? e : "(none)", hostile[i].error);
        assert_int_equal(xv_image_count(img), (size_t)hostile[i].nbins);
        /* the printers cope with partial facts */
        char *j = xv_image_to_json(img);
        assert_non_null(j);
        free(j);
        xv_image_free(img);
    }
}

static void test_hostile_keeps_facts(void **state)
{
    (void)state;
    xv_status st;
    /* a broken export table does not lose the imports read before it */
    xv_image *img = load_corpus("export_count_2pow31.dll", &st);
    assert_int_equal(st, XV_EFORMAT);
    const xv_binary *b = one(img);
    assert_string_equal(b->arch, "x86_64");
    assert_int_equal(b->ndeps, 2);
    assert_non_null(xv_find_sym(b->imports, b->nimports, "ExitProcess"));
    assert_string_equal(b->soname, "tiny.dll");
    assert_int_equal(b->nexports, 0);
    xv_image_free(img);
    /* a CodeView record outside the file is a warning, not an error */
    img = load_corpus("codeview_past_end.exe", &st);
    assert_int_equal(st, XV_OK);
    b = one(img);
    assert_null(b->pdb_path);
    assert_true(b->nwarnings >= 1);
    assert_non_null(strstr(b->warnings[0], "CodeView"));
    xv_image_free(img);
}

/* The per-table symbol cap stops reading with a warning, not an error;
 * --no-symbols keeps the DLLs and the export name. */
static void test_symbol_cap(void **state)
{
    (void)state;
    const char *src = getenv("XV_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fuzz/corpus/pe/tiny_valid.exe", src ? src : ".");
    xv_read_opts o = {0, 2};
    xv_image *img = NULL;
    assert_int_equal(xv_image_read_file(path, &o, &img), XV_OK);
    const xv_binary *b = one(img);
    assert_int_equal(b->nimports, 2);
    assert_int_equal(b->nexports, 2);
    assert_int_equal(b->ndeps, 2);
    assert_true(b->nwarnings >= 1);
    xv_image_free(img);
    xv_read_opts ns = {1, 0};
    assert_int_equal(xv_image_read_file(path, &ns, &img), XV_OK);
    b = one(img);
    assert_int_equal(b->nimports, 0);
    assert_int_equal(b->nexports, 0);
    assert_int_equal(b->ndeps, 2);
    assert_string_equal(b->soname, "tiny.dll");
    xv_image_free(img);
}

/* Every prefix of a valid image reads without a crash, and a short one
 * always gives an error. */
static void test_truncations(void **state)
{
    (void)state;
    const char *src = getenv("XV_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fuzz/corpus/pe/tiny_valid.exe", src ? src : ".");
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static uint8_t buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_true(n > 1024);
    for (size_t len = 0; len <= n; len++) {
        xv_image *img = NULL;
        xv_status st = xv_image_read(buf, len, "cut.exe", NULL, &img);
        assert_non_null(img);
        if (len < 0x148 + 80)
            assert_int_equal(st, XV_EFORMAT);
        if (len == n)
            assert_int_equal(st, XV_OK);
        xv_image_free(img);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mingw_exe),
        cmocka_unit_test(test_mingw_cxx_exe),
        cmocka_unit_test(test_pe32),
        cmocka_unit_test(test_unhardened),
        cmocka_unit_test(test_mingw_ssp),
        cmocka_unit_test(test_debug_sections),
        cmocka_unit_test(test_mingw_dll),
        cmocka_unit_test(test_exports_def),
        cmocka_unit_test(test_nocrt_x64),
        cmocka_unit_test(test_nocrt_arm64),
        cmocka_unit_test(test_nocrt_arm64_dll),
        cmocka_unit_test(test_load_config_cfg),
        cmocka_unit_test(test_efi),
        cmocka_unit_test(test_signed),
        cmocka_unit_test(test_tiny_valid),
        cmocka_unit_test(test_hybrid_arm64),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_hostile_keeps_facts),
        cmocka_unit_test(test_symbol_cap),
        cmocka_unit_test(test_truncations),
    };
    return cmocka_run_group_tests_name("pe", tests, NULL, NULL);
}
