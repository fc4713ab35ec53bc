/* The streaming JSON writer (src/common/jsonw.c): its escaping and structure
 * against cJSON's parser and printer, and `xverify inspect --json` output
 * (xv_image_to_json, now streamed) byte for byte against the cJSON tree
 * builder it replaced, on every binary fixture built from source. */
#define _XOPEN_SOURCE 700
#include <cjson/cJSON.h>
#include <ftw.h>
#include <math.h>

#include "xvtest.h"
#include "common/jsonw.h"
#include "formats/image.h"

static const char *relro_name(xv_relro r)
{
    switch (r) {
    case XV_RELRO_NONE: return "none";
    case XV_RELRO_PARTIAL: return "partial";
    case XV_RELRO_FULL: return "full";
    default: return NULL;
    }
}

static void osver_str(xv_osver v, char *buf, size_t n)
{
    if (v.patch)
        snprintf(buf, n, "%u.%u.%u", v.major, v.minor, v.patch);
    else
        snprintf(buf, n, "%u.%u", v.major, v.minor);
}

static int osver_set(xv_osver v)
{
    return v.major || v.minor || v.patch;
}

/* ---- the cJSON tree builder xv_image_to_json used before the streaming
 * writer, kept here as the reference its output must equal ---- */

static void j_str(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
}

static void j_strlist(cJSON *o, const char *k, const char *const *v, size_t n)
{
    cJSON *a = cJSON_AddArrayToObject(o, k);
    for (size_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(v[i] ? v[i] : ""));
}

static void j_tri(cJSON *o, const char *k, xv_tri t)
{
    if (t != XV_UNKNOWN)
        cJSON_AddBoolToObject(o, k, t == XV_YES);
}

static void j_tri_bool(cJSON *o, const char *k, xv_tri t)
{
    if (t != XV_UNKNOWN)
        cJSON_AddBoolToObject(o, k, t == XV_YES);
}

/* "toolchain": language, compiler, linker, Rust version, Go build info. */
static void j_toolchain(cJSON *o, const xv_binary *b)
{
    const xv_toolchain *t = &b->toolchain;
    cJSON *tc = cJSON_AddObjectToObject(o, "toolchain");
    if (!tc)
        return;
    j_str(tc, "language", xv_lang_name(t->lang));
    j_str(tc, "compiler", t->compiler);
    j_str(tc, "linker", t->linker);
    j_str(tc, "rust_version", t->rust_version);
    j_str(tc, "rust_commit", t->rust_commit);
    if (t->msvc_rich)
        cJSON_AddBoolToObject(tc, "msvc_rich_header", 1);
    if (t->go) {
        const xv_go_info *g = t->go;
        cJSON *go = cJSON_AddObjectToObject(tc, "go");
        if (!go)
            return;
        j_str(go, "version", g->version);
        j_str(go, "path", g->path);
        j_str(go, "module", g->module);
        j_str(go, "module_version", g->module_version);
        j_tri_bool(go, "cgo", g->cgo);
        j_str(go, "goos", g->goos);
        j_str(go, "goarch", g->goarch);
        j_str(go, "buildmode", g->buildmode);
        j_tri_bool(go, "trimpath", g->trimpath);
        j_str(go, "ldflags", g->ldflags);
        j_str(go, "vcs_revision", g->vcs_revision);
        j_tri_bool(go, "vcs_modified", g->vcs_modified);
        j_str(go, "build_id", g->build_id);
    }
}

static cJSON *j_syms(const xv_sym *s, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        if (!o)
            break;
        j_str(o, "name", s[i].name);
        j_str(o, "version", s[i].version);
        j_str(o, "library", s[i].library);
        j_str(o, "forward", s[i].forward);
        if (s[i].ordinal)
            cJSON_AddNumberToObject(o, "ordinal", s[i].ordinal);
        if (s[i].flags & XV_SYM_WEAK)
            cJSON_AddBoolToObject(o, "weak", 1);
        if (s[i].flags & XV_SYM_FUNC)
            cJSON_AddStringToObject(o, "type", "func");
        else if (s[i].flags & XV_SYM_DATA)
            cJSON_AddStringToObject(o, "type", "data");
        if (s[i].flags & XV_SYM_DELAY)
            cJSON_AddBoolToObject(o, "delay", 1);
        if (s[i].flags & XV_SYM_BY_ORDINAL)
            cJSON_AddBoolToObject(o, "by_ordinal", 1);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static cJSON *binary_json(const xv_binary *b)
{
    char v[32];
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    j_str(o, "format", xv_format_name(b->format));
    j_str(o, "kind", xv_kind_name(b->kind));
    j_str(o, "arch", b->arch);
    j_str(o, "arch_variant", b->arch_variant);
    cJSON_AddNumberToObject(o, "bits", b->bits);
    j_str(o, "endian", b->big_endian ? "big" : "little");
    j_str(o, "os", xv_os_name(b->os));
    j_str(o, "libc", xv_libc_name(b->libc));
    j_str(o, "interpreter", b->interpreter);
    j_str(o, "soname", b->soname);
    j_toolchain(o, b);

    cJSON *deps = cJSON_AddArrayToObject(o, "needed");
    for (size_t i = 0; deps && i < b->ndeps; i++) {
        const xv_dep *d = &b->deps[i];
        cJSON *e = cJSON_CreateObject();
        if (!e)
            break;
        j_str(e, "name", d->name);
        if (d->flags & XV_DEP_WEAK) cJSON_AddBoolToObject(e, "weak", 1);
        if (d->flags & XV_DEP_DELAY) cJSON_AddBoolToObject(e, "delay", 1);
        if (d->flags & XV_DEP_REEXPORT) cJSON_AddBoolToObject(e, "reexport", 1);
        if (d->flags & XV_DEP_LAZY) cJSON_AddBoolToObject(e, "lazy", 1);
        if (d->flags & XV_DEP_UPWARD) cJSON_AddBoolToObject(e, "upward", 1);
        cJSON_AddItemToArray(deps, e);
    }
    j_strlist(o, "rpath", b->rpath, b->nrpath);
    j_strlist(o, "runpath", b->runpath, b->nrunpath);

    cJSON *vn = cJSON_AddArrayToObject(o, "version_needs");
    for (size_t i = 0; vn && i < b->nverneeds; i++) {
        cJSON *e = cJSON_CreateObject();
        if (!e)
            break;
        j_str(e, "library", b->verneeds[i].library);
        j_str(e, "version", b->verneeds[i].version);
        if (b->verneeds[i].weak)
            cJSON_AddBoolToObject(e, "weak", 1);
        cJSON_AddItemToArray(vn, e);
    }
    j_str(o, "max_glibc", b->max_glibc);
    j_str(o, "max_glibcxx", b->max_glibcxx);
    j_str(o, "max_cxxabi", b->max_cxxabi);
    if (osver_set(b->min_os)) {
        osver_str(b->min_os, v, sizeof v);
        j_str(o, "min_os", v);
    }

    cJSON *h = cJSON_AddObjectToObject(o, "hardening");
    if (h) {
        j_tri(h, "pie", b->hard.pie);
        j_tri(h, "nx", b->hard.nx);
        j_str(h, "relro", relro_name(b->hard.relro));
        j_tri(h, "bind_now", b->hard.bind_now);
        j_tri(h, "canary", b->hard.canary);
        j_tri(h, "fortify", b->hard.fortify);
        if (b->hard.fortify_state != XV_FORTIFY_UNKNOWN) {
            j_str(h, "fortify_state", xv_fortify_name(b->hard.fortify_state));
            cJSON_AddNumberToObject(h, "fortified", b->hard.fortified);
            cJSON_AddNumberToObject(h, "fortifiable", b->hard.fortifiable);
        }
        j_tri(h, "textrel", b->hard.textrel);
        j_tri(h, "ibt", b->hard.ibt);
        j_tri(h, "shstk", b->hard.shstk);
        j_tri(h, "bti", b->hard.bti);
        j_tri(h, "pac", b->hard.pac);
        j_tri(h, "high_entropy_va", b->hard.high_entropy_va);
        j_tri(h, "cfg", b->hard.cfg);
        j_tri(h, "force_integrity", b->hard.force_integrity);
        j_tri(h, "no_seh", b->hard.no_seh);
        j_tri(h, "appcontainer", b->hard.appcontainer);
        j_tri(h, "no_heap_exec", b->hard.no_heap_exec);
        j_tri(h, "code_signed", b->hard.code_signed);
    }
    j_str(o, "build_id", b->build_id);
    j_str(o, "pdb_path", b->pdb_path);
    cJSON_AddBoolToObject(o, "debug_info", b->has_debug);
    cJSON_AddBoolToObject(o, "stripped", b->stripped);

    cJSON *sz = cJSON_AddObjectToObject(o, "sizes");
    if (sz) {
        cJSON_AddNumberToObject(sz, "file", (double)b->file_size);
        cJSON_AddNumberToObject(sz, "text", (double)b->size_text);
        cJSON_AddNumberToObject(sz, "rodata", (double)b->size_rodata);
        cJSON_AddNumberToObject(sz, "data", (double)b->size_data);
        cJSON_AddNumberToObject(sz, "bss", (double)b->size_bss);
        cJSON_AddNumberToObject(sz, "debug", (double)b->size_debug);
    }
    cJSON *secs = cJSON_AddArrayToObject(o, "sections");
    for (size_t i = 0; secs && i < b->nsections; i++) {
        cJSON *e = cJSON_CreateObject();
        if (!e)
            break;
        j_str(e, "name", b->sections[i].name);
        cJSON_AddNumberToObject(e, "size", (double)b->sections[i].size);
        cJSON_AddItemToArray(secs, e);
    }
    cJSON_AddItemToObject(o, "exports", j_syms(b->exports, b->nexports));
    cJSON_AddItemToObject(o, "imports", j_syms(b->imports, b->nimports));
    j_strlist(o, "warnings", b->warnings, b->nwarnings);

    if (b->elf) {
        cJSON *e = cJSON_AddObjectToObject(o, "elf");
        if (e) {
            cJSON_AddNumberToObject(e, "osabi", b->elf->osabi);
            cJSON_AddNumberToObject(e, "machine", b->elf->machine);
            cJSON_AddNumberToObject(e, "flags", b->elf->eflags);
            j_str(e, "debuglink", b->elf->debuglink);
            cJSON_AddBoolToObject(e, "exec_stack", b->elf->exec_stack);
        }
    }
    if (b->macho) {
        cJSON *m = cJSON_AddObjectToObject(o, "macho");
        if (m) {
            cJSON_AddNumberToObject(m, "cputype", b->macho->cputype);
            cJSON_AddNumberToObject(m, "cpusubtype", b->macho->cpusubtype);
            cJSON_AddNumberToObject(m, "filetype", b->macho->filetype);
            cJSON_AddNumberToObject(m, "flags", b->macho->flags);
            j_str(m, "platform", b->macho->platform);
            if (osver_set(b->macho->sdk)) {
                osver_str(b->macho->sdk, v, sizeof v);
                j_str(m, "sdk", v);
            }
            cJSON_AddBoolToObject(m, "has_main", b->macho->has_main);
            cJSON_AddBoolToObject(m, "encrypted", b->macho->encrypted);
            cJSON_AddNumberToObject(m, "slice_offset", (double)b->macho->slice_offset);
            cJSON_AddNumberToObject(m, "slice_size", (double)b->macho->slice_size);
            cJSON_AddNumberToObject(m, "slice_align", b->macho->slice_align);
            if (b->macho->has_main)
                cJSON_AddNumberToObject(m, "entryoff", (double)b->macho->entryoff);
            if (b->soname) {
                /* LC_ID_DYLIB versions, xxxx.yy.zz as otool prints them */
                uint32_t cv = b->macho->id_current_version, pv = b->macho->id_compat_version;
                snprintf(v, sizeof v, "%u.%u.%u", cv >> 16, (cv >> 8) & 0xffu, cv & 0xffu);
                j_str(m, "current_version", v);
                snprintf(v, sizeof v, "%u.%u.%u", pv >> 16, (pv >> 8) & 0xffu, pv & 0xffu);
                j_str(m, "compatibility_version", v);
            }
        }
    }
    if (b->pe) {
        cJSON *p = cJSON_AddObjectToObject(o, "pe");
        if (p) {
            cJSON_AddNumberToObject(p, "machine", b->pe->machine);
            cJSON_AddNumberToObject(p, "characteristics", b->pe->characteristics);
            j_str(p, "magic", b->pe->pe32plus ? "PE32+" : "PE32");
            j_str(p, "subsystem", b->pe->subsystem_name);
            osver_str(b->pe->os_version, v, sizeof v);
            j_str(p, "os_version", v);
            cJSON_AddNumberToObject(p, "dll_characteristics", b->pe->dll_characteristics);
            cJSON_AddBoolToObject(p, "large_address_aware", b->pe->large_address_aware);
            cJSON_AddBoolToObject(p, "dotnet", b->pe->is_dotnet);
            cJSON_AddBoolToObject(p, "certificate", b->pe->has_certificate);
            cJSON_AddNumberToObject(p, "overlay_size", (double)b->pe->overlay_size);
            j_str(p, "export_name", b->pe->export_name);
        }
    }
    return o;
}

static char *legacy_image_json(const xv_image *img)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    j_str(o, "file", img->name);
    j_str(o, "format", xv_format_name(img->format));
    cJSON_AddNumberToObject(o, "size", (double)img->size);
    if (img->error)
        j_str(o, "error", img->error);
    cJSON *bins = cJSON_AddArrayToObject(o, "binaries");
    for (size_t i = 0; bins && i < img->nbins; i++)
        cJSON_AddItemToArray(bins, binary_json(&img->bins[i]));
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}


/* ---- the writer ---- */

static char *write_one_string(const char *s, size_t n)
{
    xv_jsonw w;
    xv_jw_init(&w, NULL);
    xv_jw_strn(&w, s, n);
    return xv_jw_take(&w);
}

static void test_escapes_match_cjson(void **state)
{
    (void)state;
    /* every byte below 0x80 (NUL excluded: C strings) and valid UTF-8 */
    char in[200];
    size_t n = 0;
    for (int c = 1; c < 0x80; c++)
        in[n++] = (char)c;
    const char *utf8 = "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80/\x7f";
    memcpy(in + n, utf8, strlen(utf8));
    n += strlen(utf8);
    in[n] = '\0';
    char *mine = write_one_string(in, n);
    assert_non_null(mine);
    cJSON *ref = cJSON_CreateString(in);
    char *theirs = cJSON_PrintUnformatted(ref);
    assert_string_equal(mine, theirs);
    cJSON *back = cJSON_Parse(mine);
    assert_non_null(back);
    assert_true(cJSON_IsString(back));
    assert_string_equal(back->valuestring, in);
    cJSON_Delete(back);
    cJSON_Delete(ref);
    free(theirs);
    free(mine);
}

/* The writer copies runs of plain bytes eight at a time: every byte value,
 * at every position of a longer clean string (so inside and after whole
 * words, and in the tail), comes out as cJSON escapes it, or as U+FFFD
 * for a lone byte above 0x7f. */
static void test_escapes_at_every_position(void **state)
{
    (void)state;
    for (int c = 1; c < 0x100; c++) {
        for (size_t at = 0; at < 26; at++) {
            char in[32];
            size_t n = 27;
            for (size_t k = 0; k < n; k++)
                in[k] = (char)('a' + (int)(k % 26));
            in[at] = (char)c;
            in[n] = '\0';
            char *mine = write_one_string(in, n);
            assert_non_null(mine);
            char *want;
            if (c < 0x80) {
                cJSON *ref = cJSON_CreateString(in);
                want = cJSON_PrintUnformatted(ref);
                cJSON_Delete(ref);
            } else {
                want = malloc(64);
                assert_non_null(want);
                snprintf(want, 64, "\"%.*s\xef\xbf\xbd%s\"", (int)at, in, in + at + 1);
            }
            if (strcmp(mine, want) != 0)
                fail_msg("byte 0x%02x at %zu: %s, expected %s", (unsigned)c, at, mine, want);
            free(want);
            free(mine);
        }
    }
}

/* Whether s is well-formed UTF-8 (RFC 3629). */
static int valid_utf8(const unsigned char *s)
{
    while (*s) {
        unsigned char c = *s;
        size_t need = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2
                      : c >= 0xf0 && c <= 0xf4 ? 3 : 9;
        if (need == 9)
            return 0;
        uint32_t cp = need ? c & (0x3f >> need) : c;
        for (size_t k = 1; k <= need; k++) {
            if ((s[k] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[k] & 0x3f);
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (need == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return 0;
        s += need + 1;
    }
    return 1;
}

static void test_bad_utf8_becomes_replacement(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"a\xff" "b", "a\xef\xbf\xbd" "b"},
        {"\xc3", "\xef\xbf\xbd"},                             /* cut short at the end */
        {"\xc3(", "\xef\xbf\xbd("},                           /* bad continuation */
        {"\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"},             /* overlong '/' */
        {"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* a surrogate */
        {"\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* past U+10FFFF */
        {"\xf5\x80", "\xef\xbf\xbd\xef\xbf\xbd"},
        {"ok \xe2\x82\xac", "ok \xe2\x82\xac"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *mine = write_one_string(cases[i].in, strlen(cases[i].in));
        assert_non_null(mine);
        assert_true(valid_utf8((const unsigned char *)mine));
        cJSON *back = cJSON_Parse(mine);
        assert_non_null(back);
        assert_string_equal(back->valuestring, cases[i].want);
        cJSON_Delete(back);
        free(mine);
    }
}

static void test_structure_and_numbers(void **state)
{
    (void)state;
    static const double nums[] = {0, -1, 1.5, 2147483647.0, 2147483648.0, -2147483649.0,
                                  4294967296.0, 1e15, 0.1, 1.0 / 3, 123456789.125, -0.0};
    xv_jsonw w;
    xv_jw_init(&w, NULL);
    xv_jw_obj(&w);
    xv_jw_kstr(&w, "s", "x\"y");
    xv_jw_kstr(&w, "null", NULL);
    xv_jw_ku64(&w, "u", UINT64_MAX);
    xv_jw_ki64(&w, "i", INT64_MIN);
    xv_jw_kbool(&w, "t", 1);
    xv_jw_kbool(&w, "f", 0);
    xv_jw_key(&w, "n");
    xv_jw_null(&w);
    xv_jw_key(&w, "empty");
    xv_jw_arr(&w);
    xv_jw_arr_end(&w);
    xv_jw_key(&w, "eo");
    xv_jw_obj(&w);
    xv_jw_obj_end(&w);
    xv_jw_key(&w, "raw");
    xv_jw_raw(&w, "{\"a\":[1,2]}", 11);
    xv_jw_key(&w, "nums");
    xv_jw_arr(&w);
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        xv_jw_num(&w, nums[i]);
    xv_jw_num(&w, NAN);
    xv_jw_num(&w, INFINITY);
    xv_jw_arr_end(&w);
    xv_jw_obj_end(&w);
    char *mine = xv_jw_take(&w);
    assert_non_null(mine);
    static const char head[] = "{\"s\":\"x\\\"y\",\"null\":null,\"u\":18446744073709551615,"
                               "\"i\":-9223372036854775808,\"t\":true,\"f\":false,\"n\":null,"
                               "\"empty\":[],\"eo\":{},\"raw\":{\"a\":[1,2]},\"nums\":";
    assert_int_equal(strncmp(mine, head, sizeof head - 1), 0);
    /* the numbers as cJSON prints them */
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateNumber(nums[i]));
    cJSON_AddItemToArray(arr, cJSON_CreateNumber(NAN));
    cJSON_AddItemToArray(arr, cJSON_CreateNumber(INFINITY));
    char *ref = cJSON_PrintUnformatted(arr);
    const char *tail = mine + sizeof head - 1;
    size_t rl = strlen(ref);
    assert_int_equal(strncmp(tail, ref, rl), 0);
    assert_string_equal(tail + rl, "}");
    cJSON *back = cJSON_Parse(mine);
    assert_non_null(back);
    cJSON_Delete(back);
    cJSON_Delete(arr);
    free(ref);
    free(mine);
}

static void test_misuse_is_an_error(void **state)
{
    (void)state;
    xv_jsonw w;
    /* a value where a key is due */
    xv_jw_init(&w, NULL);
    xv_jw_obj(&w);
    xv_jw_str(&w, "v");
    assert_null(xv_jw_take(&w));
    /* a close that does not match */
    xv_jw_init(&w, NULL);
    xv_jw_arr(&w);
    xv_jw_obj_end(&w);
    assert_null(xv_jw_take(&w));
    /* a key outside an object */
    xv_jw_init(&w, NULL);
    xv_jw_key(&w, "k");
    assert_null(xv_jw_take(&w));
    /* nesting past the cap */
    xv_jw_init(&w, NULL);
    for (int i = 0; i < XV_JW_MAX_DEPTH + 1; i++)
        xv_jw_arr(&w);
    assert_null(xv_jw_take(&w));
    /* exactly at the cap is fine */
    xv_jw_init(&w, NULL);
    for (int i = 0; i < XV_JW_MAX_DEPTH; i++)
        xv_jw_arr(&w);
    for (int i = 0; i < XV_JW_MAX_DEPTH; i++)
        xv_jw_arr_end(&w);
    char *s = xv_jw_take(&w);
    assert_non_null(s);
    assert_int_equal(strlen(s), 2 * XV_JW_MAX_DEPTH);
    free(s);
}

/* Layout between elements: the comma comes before the whitespace, and the
 * first element gets the whitespace alone; the text parses to the same
 * document as without it. A separator between a key and its value is a
 * caller's bug. */
static void test_separators(void **state)
{
    (void)state;
    xv_jsonw w;
    xv_jw_init(&w, NULL);
    xv_jw_obj(&w);
    xv_jw_ku64(&w, "a", 1);
    xv_jw_sep(&w, "\n");
    xv_jw_key(&w, "l");
    xv_jw_arr(&w);
    for (int i = 0; i < 3; i++) {
        xv_jw_sep(&w, "\n  ");
        xv_jw_i64(&w, i);
    }
    xv_jw_arr_end(&w);
    xv_jw_key(&w, "e");
    xv_jw_arr(&w);
    xv_jw_arr_end(&w);
    xv_jw_obj_end(&w);
    xv_jw_sep(&w, "\n");
    char *s = xv_jw_take(&w);
    assert_non_null(s);
    assert_string_equal(s, "{\"a\":1,\n\"l\":[\n  0,\n  1,\n  2],\"e\":[]}\n");
    cJSON *doc = cJSON_Parse(s);
    assert_non_null(doc);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "l")), 3);
    cJSON_Delete(doc);
    free(s);
    xv_jw_init(&w, NULL);
    xv_jw_obj(&w);
    xv_jw_key(&w, "k");
    xv_jw_sep(&w, "\n");
    xv_jw_u64(&w, 1);
    xv_jw_obj_end(&w);
    assert_null(xv_jw_take(&w));
}

/* Strings longer than the writer's buffer, to a FILE and to a string: the
 * same text. */
static void test_file_and_string_agree(void **state)
{
    (void)state;
    size_t n = 50000;
    char *big = malloc(n + 1);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)(i % 7 == 0 ? '\n' : 'a' + i % 26);
    big[n] = '\0';
    char *mem = NULL;
    size_t memlen = 0;
    FILE *f = open_memstream(&mem, &memlen);
    assert_non_null(f);
    xv_jsonw a, b;
    xv_jw_init(&a, f);
    xv_jw_init(&b, NULL);
    xv_jsonw *ws[2] = {&a, &b};
    for (int k = 0; k < 2; k++) {
        xv_jw_arr(ws[k]);
        for (int r = 0; r < 3; r++) {
            xv_jw_str(ws[k], big);
            xv_jw_u64(ws[k], (uint64_t)r);
        }
        xv_jw_arr_end(ws[k]);
    }
    assert_int_equal(xv_jw_finish(&a), 0);
    xv_jw_free(&a);
    fclose(f);
    char *s = xv_jw_take(&b);
    assert_non_null(s);
    assert_string_equal(mem, s);
    cJSON *back = cJSON_Parse(s);
    assert_non_null(back);
    assert_int_equal(cJSON_GetArraySize(back), 6);
    assert_string_equal(cJSON_GetArrayItem(back, 4)->valuestring, big);
    cJSON_Delete(back);
    free(s);
    free(mem);
    free(big);
}

/* ---- inspect --json against the old tree builder, on the fixtures ---- */

static size_t n_compared;

static void compare_image(const char *path, int no_symbols)
{
    xv_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.no_symbols = no_symbols;
    xv_image *img = NULL;
    xv_image_read_file(path, &ro, &img);
    if (!img)
        fail_msg("%s: out of memory", path);
    if (xv_image_count(img) == 0) {
        xv_image_free(img);
        return;
    }
    char *mine = xv_image_to_json(img);
    char *old = legacy_image_json(img);
    assert_non_null(mine);
    assert_non_null(old);
    if (strcmp(mine, old) != 0) {
        size_t i = 0;
        while (mine[i] && mine[i] == old[i])
            i++;
        fail_msg("%s: the streamed JSON differs from the cJSON tree's at byte %zu:\n"
                 "  new: %.80s\n  old: %.80s", path, i, mine + i, old + i);
    }
    cJSON *back = cJSON_Parse(mine);
    if (!back)
        fail_msg("%s: the streamed JSON does not parse", path);
    assert_true(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(back, "binaries")));
    cJSON_Delete(back);
    /* the FILE path writes the same bytes */
    char *mem = NULL;
    size_t memlen = 0;
    FILE *f = open_memstream(&mem, &memlen);
    assert_non_null(f);
    assert_int_equal(xv_image_write_json(img, f), XV_OK);
    fclose(f);
    assert_string_equal(mem, mine);
    free(mem);
    free(mine);
    free(old);
    xv_image_free(img);
    n_compared++;
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)ftw;
    if (type == FTW_F && S_ISREG(st->st_mode) && st->st_size > 0 && st->st_size < (64 << 20)) {
        compare_image(path, 0);
        compare_image(path, 1);
    }
    return 0;
}

static void test_inspect_json_equals_old_output(void **state)
{
    (void)state;
    static const char *const dirs[] = {"elf", "macho", "pe", "archives"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        const char *d = xv_fixture(dirs[i]);
        struct stat st;
        if (stat(d, &st) != 0) {
            XV_SKIP_OR_FAIL("fixtures %s not built", d);
            return;
        }
        nftw(d, visit, 16, FTW_PHYS);
    }
    fprintf(stderr, "compared %zu images (with and without symbols)\n", n_compared / 2);
    /* the fixture tree has binaries of all three formats: a handful at least */
    assert_true(n_compared >= 40);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes_match_cjson),
        cmocka_unit_test(test_escapes_at_every_position),
        cmocka_unit_test(test_bad_utf8_becomes_replacement),
        cmocka_unit_test(test_structure_and_numbers),
        cmocka_unit_test(test_misuse_is_an_error),
        cmocka_unit_test(test_separators),
        cmocka_unit_test(test_file_and_string_agree),
        cmocka_unit_test(test_inspect_json_equals_old_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
