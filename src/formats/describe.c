/* The image as JSON (docs/inspect-json.md) and as text for a person. Both
 * walk the same model; a field absent from a format is left out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"
#include "common/strbuf.h"
#include "formats/image.h"

static const char *tri(xv_tri t)
{
    return t == XV_YES ? "yes" : t == XV_NO ? "no" : NULL;
}

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

/* ---- JSON ----
 * Streamed with the writer of common/jsonw.h: no tree is built, so a
 * library with thousands of symbols costs no allocation per symbol. */

static void j_str(xv_jsonw *w, const char *k, const char *v)
{
    if (v)
        xv_jw_kstr(w, k, v);
}

static void j_strlist(xv_jsonw *w, const char *k, const char *const *v, size_t n)
{
    xv_jw_key(w, k);
    xv_jw_arr(w);
    for (size_t i = 0; i < n; i++)
        xv_jw_str(w, v[i] ? v[i] : "");
    xv_jw_arr_end(w);
}

static void j_tri(xv_jsonw *w, const char *k, xv_tri t)
{
    if (t != XV_UNKNOWN)
        xv_jw_kbool(w, k, t == XV_YES);
}

/* "toolchain": language, compiler, linker, Rust version, Go build info. */
static void j_toolchain(xv_jsonw *w, const xv_binary *b)
{
    const xv_toolchain *t = &b->toolchain;
    xv_jw_key(w, "toolchain");
    xv_jw_obj(w);
    j_str(w, "language", xv_lang_name(t->lang));
    j_str(w, "compiler", t->compiler);
    j_str(w, "linker", t->linker);
    j_str(w, "rust_version", t->rust_version);
    j_str(w, "rust_commit", t->rust_commit);
    if (t->msvc_rich)
        xv_jw_kbool(w, "msvc_rich_header", 1);
    if (t->go) {
        const xv_go_info *g = t->go;
        xv_jw_key(w, "go");
        xv_jw_obj(w);
        j_str(w, "version", g->version);
        j_str(w, "path", g->path);
        j_str(w, "module", g->module);
        j_str(w, "module_version", g->module_version);
        j_tri(w, "cgo", g->cgo);
        j_str(w, "goos", g->goos);
        j_str(w, "goarch", g->goarch);
        j_str(w, "buildmode", g->buildmode);
        j_tri(w, "trimpath", g->trimpath);
        j_str(w, "ldflags", g->ldflags);
        j_str(w, "vcs_revision", g->vcs_revision);
        j_tri(w, "vcs_modified", g->vcs_modified);
        j_str(w, "build_id", g->build_id);
        xv_jw_obj_end(w);
    }
    xv_jw_obj_end(w);
}

static void j_syms(xv_jsonw *w, const char *k, const xv_sym *s, size_t n)
{
    xv_jw_key(w, k);
    xv_jw_arr(w);
    for (size_t i = 0; i < n; i++) {
        xv_jw_obj(w);
        j_str(w, "name", s[i].name);
        j_str(w, "version", s[i].version);
        j_str(w, "library", s[i].library);
        j_str(w, "forward", s[i].forward);
        if (s[i].ordinal)
            xv_jw_ku64(w, "ordinal", s[i].ordinal);
        if (s[i].flags & XV_SYM_WEAK)
            xv_jw_kbool(w, "weak", 1);
        if (s[i].flags & XV_SYM_FUNC)
            xv_jw_kstr(w, "type", "func");
        else if (s[i].flags & XV_SYM_DATA)
            xv_jw_kstr(w, "type", "data");
        if (s[i].flags & XV_SYM_DELAY)
            xv_jw_kbool(w, "delay", 1);
        if (s[i].flags & XV_SYM_BY_ORDINAL)
            xv_jw_kbool(w, "by_ordinal", 1);
        xv_jw_obj_end(w);
    }
    xv_jw_arr_end(w);
}

static void binary_json(xv_jsonw *w, const xv_binary *b)
{
    char v[32];
    xv_jw_obj(w);
    j_str(w, "format", xv_format_name(b->format));
    j_str(w, "kind", xv_kind_name(b->kind));
    j_str(w, "arch", b->arch);
    j_str(w, "arch_variant", b->arch_variant);
    xv_jw_ki64(w, "bits", b->bits);
    j_str(w, "endian", b->big_endian ? "big" : "little");
    j_str(w, "os", xv_os_name(b->os));
    j_str(w, "libc", xv_libc_name(b->libc));
    j_str(w, "interpreter", b->interpreter);
    j_str(w, "soname", b->soname);
    j_toolchain(w, b);

    xv_jw_key(w, "needed");
    xv_jw_arr(w);
    for (size_t i = 0; i < b->ndeps; i++) {
        const xv_dep *d = &b->deps[i];
        xv_jw_obj(w);
        j_str(w, "name", d->name);
        if (d->flags & XV_DEP_WEAK) xv_jw_kbool(w, "weak", 1);
        if (d->flags & XV_DEP_DELAY) xv_jw_kbool(w, "delay", 1);
        if (d->flags & XV_DEP_REEXPORT) xv_jw_kbool(w, "reexport", 1);
        if (d->flags & XV_DEP_LAZY) xv_jw_kbool(w, "lazy", 1);
        if (d->flags & XV_DEP_UPWARD) xv_jw_kbool(w, "upward", 1);
        xv_jw_obj_end(w);
    }
    xv_jw_arr_end(w);
    j_strlist(w, "rpath", b->rpath, b->nrpath);
    j_strlist(w, "runpath", b->runpath, b->nrunpath);

    xv_jw_key(w, "version_needs");
    xv_jw_arr(w);
    for (size_t i = 0; i < b->nverneeds; i++) {
        xv_jw_obj(w);
        j_str(w, "library", b->verneeds[i].library);
        j_str(w, "version", b->verneeds[i].version);
        if (b->verneeds[i].weak)
            xv_jw_kbool(w, "weak", 1);
        xv_jw_obj_end(w);
    }
    xv_jw_arr_end(w);
    j_str(w, "max_glibc", b->max_glibc);
    j_str(w, "max_glibcxx", b->max_glibcxx);
    j_str(w, "max_cxxabi", b->max_cxxabi);
    if (osver_set(b->min_os)) {
        osver_str(b->min_os, v, sizeof v);
        j_str(w, "min_os", v);
    }

    xv_jw_key(w, "hardening");
    xv_jw_obj(w);
    j_tri(w, "pie", b->hard.pie);
    j_tri(w, "nx", b->hard.nx);
    j_str(w, "relro", relro_name(b->hard.relro));
    j_tri(w, "bind_now", b->hard.bind_now);
    j_tri(w, "canary", b->hard.canary);
    j_tri(w, "fortify", b->hard.fortify);
    if (b->hard.fortify_state != XV_FORTIFY_UNKNOWN) {
        j_str(w, "fortify_state", xv_fortify_name(b->hard.fortify_state));
        xv_jw_ku64(w, "fortified", b->hard.fortified);
        xv_jw_ku64(w, "fortifiable", b->hard.fortifiable);
    }
    j_tri(w, "textrel", b->hard.textrel);
    j_tri(w, "ibt", b->hard.ibt);
    j_tri(w, "shstk", b->hard.shstk);
    j_tri(w, "bti", b->hard.bti);
    j_tri(w, "pac", b->hard.pac);
    j_tri(w, "high_entropy_va", b->hard.high_entropy_va);
    j_tri(w, "cfg", b->hard.cfg);
    j_tri(w, "force_integrity", b->hard.force_integrity);
    j_tri(w, "no_seh", b->hard.no_seh);
    j_tri(w, "appcontainer", b->hard.appcontainer);
    j_tri(w, "no_heap_exec", b->hard.no_heap_exec);
    j_tri(w, "code_signed", b->hard.code_signed);
    xv_jw_obj_end(w);
    j_str(w, "build_id", b->build_id);
    j_str(w, "pdb_path", b->pdb_path);
    xv_jw_kbool(w, "debug_info", b->has_debug);
    xv_jw_kbool(w, "stripped", b->stripped);

    xv_jw_key(w, "sizes");
    xv_jw_obj(w);
    xv_jw_ku64(w, "file", b->file_size);
    xv_jw_ku64(w, "text", b->size_text);
    xv_jw_ku64(w, "rodata", b->size_rodata);
    xv_jw_ku64(w, "data", b->size_data);
    xv_jw_ku64(w, "bss", b->size_bss);
    xv_jw_ku64(w, "debug", b->size_debug);
    xv_jw_obj_end(w);
    xv_jw_key(w, "sections");
    xv_jw_arr(w);
    for (size_t i = 0; i < b->nsections; i++) {
        xv_jw_obj(w);
        j_str(w, "name", b->sections[i].name);
        xv_jw_ku64(w, "size", b->sections[i].size);
        xv_jw_obj_end(w);
    }
    xv_jw_arr_end(w);
    j_syms(w, "exports", b->exports, b->nexports);
    j_syms(w, "imports", b->imports, b->nimports);
    j_strlist(w, "warnings", b->warnings, b->nwarnings);

    if (b->elf) {
        xv_jw_key(w, "elf");
        xv_jw_obj(w);
        xv_jw_ki64(w, "osabi", b->elf->osabi);
        xv_jw_ki64(w, "machine", b->elf->machine);
        xv_jw_ki64(w, "flags", b->elf->eflags);
        j_str(w, "debuglink", b->elf->debuglink);
        xv_jw_kbool(w, "exec_stack", b->elf->exec_stack);
        xv_jw_obj_end(w);
    }
    if (b->macho) {
        xv_jw_key(w, "macho");
        xv_jw_obj(w);
        xv_jw_ki64(w, "cputype", b->macho->cputype);
        xv_jw_ki64(w, "cpusubtype", b->macho->cpusubtype);
        xv_jw_ki64(w, "filetype", b->macho->filetype);
        xv_jw_ki64(w, "flags", b->macho->flags);
        j_str(w, "platform", b->macho->platform);
        if (osver_set(b->macho->sdk)) {
            osver_str(b->macho->sdk, v, sizeof v);
            j_str(w, "sdk", v);
        }
        xv_jw_kbool(w, "has_main", b->macho->has_main);
        xv_jw_kbool(w, "encrypted", b->macho->encrypted);
        xv_jw_ku64(w, "slice_offset", b->macho->slice_offset);
        xv_jw_ku64(w, "slice_size", b->macho->slice_size);
        xv_jw_ki64(w, "slice_align", b->macho->slice_align);
        if (b->macho->has_main)
            xv_jw_ku64(w, "entryoff", b->macho->entryoff);
        if (b->soname) {
            /* LC_ID_DYLIB versions, xxxx.yy.zz as otool prints them */
            uint32_t cv = b->macho->id_current_version, pv = b->macho->id_compat_version;
            snprintf(v, sizeof v, "%u.%u.%u", cv >> 16, (cv >> 8) & 0xffu, cv & 0xffu);
            j_str(w, "current_version", v);
            snprintf(v, sizeof v, "%u.%u.%u", pv >> 16, (pv >> 8) & 0xffu, pv & 0xffu);
            j_str(w, "compatibility_version", v);
        }
        xv_jw_obj_end(w);
    }
    if (b->pe) {
        xv_jw_key(w, "pe");
        xv_jw_obj(w);
        xv_jw_ki64(w, "machine", b->pe->machine);
        xv_jw_ki64(w, "characteristics", b->pe->characteristics);
        j_str(w, "magic", b->pe->pe32plus ? "PE32+" : "PE32");
        j_str(w, "subsystem", b->pe->subsystem_name);
        osver_str(b->pe->os_version, v, sizeof v);
        j_str(w, "os_version", v);
        xv_jw_ki64(w, "dll_characteristics", b->pe->dll_characteristics);
        xv_jw_kbool(w, "large_address_aware", b->pe->large_address_aware);
        xv_jw_kbool(w, "dotnet", b->pe->is_dotnet);
        xv_jw_kbool(w, "certificate", b->pe->has_certificate);
        xv_jw_ku64(w, "overlay_size", b->pe->overlay_size);
        j_str(w, "export_name", b->pe->export_name);
        xv_jw_obj_end(w);
    }
    xv_jw_obj_end(w);
}

static void image_json(xv_jsonw *w, const xv_image *img)
{
    xv_jw_obj(w);
    j_str(w, "file", img->name);
    j_str(w, "format", xv_format_name(img->format));
    xv_jw_ku64(w, "size", img->size);
    if (img->error)
        j_str(w, "error", img->error);
    xv_jw_key(w, "binaries");
    xv_jw_arr(w);
    for (size_t i = 0; i < img->nbins; i++)
        binary_json(w, &img->bins[i]);
    xv_jw_arr_end(w);
    xv_jw_obj_end(w);
}

char *xv_image_to_json(const xv_image *img)
{
    if (!img)
        return NULL;
    if (img->saved_json)
        return strdup(img->saved_json);
    xv_jsonw w;
    xv_jw_init(&w, NULL);
    image_json(&w, img);
    return xv_jw_take(&w);
}

xv_status xv_image_write_json(const xv_image *img, FILE *out)
{
    if (!img || !out)
        return XV_EUSAGE;
    xv_jsonw w;
    xv_jw_init(&w, out);
    image_json(&w, img);
    int rc = xv_jw_finish(&w);
    xv_jw_free(&w);
    return rc == 0 ? XV_OK : XV_EIO;
}

/* ---- text ---- */

static void t_list(xv_strbuf *sb, const char *key, const char *const *v, size_t n)
{
    if (!n)
        return;
    xv_sb_printf(sb, "  %-14s", key);
    for (size_t i = 0; i < n; i++)
        xv_sb_printf(sb, "%s%s", i ? ":" : "", v[i]);
    xv_sb_putc(sb, '\n');
}

static void t_flag(xv_strbuf *sb, const char *name, xv_tri t, int *first)
{
    const char *s = tri(t);
    if (!s)
        return;
    xv_sb_printf(sb, "%s%s=%s", *first ? "" : " ", name, s);
    *first = 0;
}

/* Prints at most `limit` symbols and says how many were left out. */
static void t_syms(xv_strbuf *sb, const char *title, const xv_sym *s, size_t n, size_t limit)
{
    if (!n)
        return;
    xv_sb_printf(sb, "  %s (%zu):\n", title, n);
    for (size_t i = 0; i < n && i < limit; i++) {
        xv_sb_printf(sb, "    %s", s[i].name);
        if (s[i].version)
            xv_sb_printf(sb, "@%s", s[i].version);
        if (s[i].library)
            xv_sb_printf(sb, " (%s)", s[i].library);
        if (s[i].forward)
            xv_sb_printf(sb, " -> %s", s[i].forward);
        if (s[i].ordinal)
            xv_sb_printf(sb, " #%u", s[i].ordinal);
        xv_sb_putc(sb, '\n');
    }
    if (n > limit)
        xv_sb_printf(sb, "    ... %zu more (use --json for all)\n", n - limit);
}

static void binary_text(xv_strbuf *sb, const xv_binary *b, size_t idx, size_t count)
{
    char v[32];
    if (count > 1)
        xv_sb_printf(sb, " slice %zu/%zu:\n", idx + 1, count);
    xv_sb_printf(sb, "  %-14s%s %s %s%s%s, %d-bit %s endian\n", "type:",
                 xv_format_name(b->format), xv_kind_name(b->kind), b->arch,
                 b->arch_variant ? "/" : "", b->arch_variant ? b->arch_variant : "",
                 b->bits, b->big_endian ? "big" : "little");
    xv_sb_printf(sb, "  %-14s%s, libc %s\n", "os:", xv_os_name(b->os), xv_libc_name(b->libc));
    if (b->interpreter)
        xv_sb_printf(sb, "  %-14s%s\n", "interpreter:", b->interpreter);
    if (b->soname)
        xv_sb_printf(sb, "  %-14s%s\n", "soname:", b->soname);
    for (size_t i = 0; i < b->ndeps; i++) {
        const xv_dep *d = &b->deps[i];
        xv_sb_printf(sb, "  %-14s%s%s%s%s%s%s\n", i ? "" : "needed:", d->name,
                     d->flags & XV_DEP_WEAK ? " (weak)" : "",
                     d->flags & XV_DEP_DELAY ? " (delay-load)" : "",
                     d->flags & XV_DEP_REEXPORT ? " (reexport)" : "",
                     d->flags & XV_DEP_LAZY ? " (lazy)" : "",
                     d->flags & XV_DEP_UPWARD ? " (upward)" : "");
    }
    t_list(sb, "rpath:", b->rpath, b->nrpath);
    t_list(sb, "runpath:", b->runpath, b->nrunpath);
    if (b->max_glibc || b->max_glibcxx || b->max_cxxabi) {
        xv_sb_printf(sb, "  %-14s", "needs:");
        int first = 1;
        const char *vs[3] = {b->max_glibc, b->max_glibcxx, b->max_cxxabi};
        for (int i = 0; i < 3; i++)
            if (vs[i]) {
                xv_sb_printf(sb, "%s%s", first ? "" : " ", vs[i]);
                first = 0;
            }
        xv_sb_putc(sb, '\n');
    }
    if (osver_set(b->min_os)) {
        osver_str(b->min_os, v, sizeof v);
        xv_sb_printf(sb, "  %-14s%s%s%s\n", "min os:", v,
                     b->macho && b->macho->platform ? " " : "",
                     b->macho && b->macho->platform ? b->macho->platform : "");
    }
    xv_sb_printf(sb, "  %-14s", "hardening:");
    int first = 1;
    t_flag(sb, "pie", b->hard.pie, &first);
    t_flag(sb, "nx", b->hard.nx, &first);
    if (relro_name(b->hard.relro)) {
        xv_sb_printf(sb, "%srelro=%s", first ? "" : " ", relro_name(b->hard.relro));
        first = 0;
    }
    t_flag(sb, "bind_now", b->hard.bind_now, &first);
    t_flag(sb, "canary", b->hard.canary, &first);
    t_flag(sb, "fortify", b->hard.fortify, &first);
    t_flag(sb, "textrel", b->hard.textrel, &first);
    t_flag(sb, "ibt", b->hard.ibt, &first);
    t_flag(sb, "shstk", b->hard.shstk, &first);
    t_flag(sb, "bti", b->hard.bti, &first);
    t_flag(sb, "pac", b->hard.pac, &first);
    t_flag(sb, "high_entropy_va", b->hard.high_entropy_va, &first);
    t_flag(sb, "cfg", b->hard.cfg, &first);
    t_flag(sb, "no_seh", b->hard.no_seh, &first);
    t_flag(sb, "no_heap_exec", b->hard.no_heap_exec, &first);
    t_flag(sb, "code_signed", b->hard.code_signed, &first);
    xv_sb_putc(sb, '\n');
    char tcs[256];
    if (*xv_toolchain_summary(b, tcs, sizeof tcs))
        xv_sb_printf(sb, "  %-14s%s\n", "toolchain:", tcs);
    if (b->build_id)
        xv_sb_printf(sb, "  %-14s%s\n", b->macho ? "uuid:" : "build id:", b->build_id);
    if (b->pdb_path)
        xv_sb_printf(sb, "  %-14s%s\n", "pdb:", b->pdb_path);
    if (b->elf && b->elf->debuglink)
        xv_sb_printf(sb, "  %-14s%s\n", "debuglink:", b->elf->debuglink);
    xv_sb_printf(sb, "  %-14sdebug info %s, %s\n", "debug:", b->has_debug ? "yes" : "no",
                 b->stripped ? "stripped" : "not stripped");
    xv_sb_printf(sb, "  %-14sfile %llu, text %llu, rodata %llu, data %llu, bss %llu, debug %llu\n",
                 "sizes:", (unsigned long long)b->file_size, (unsigned long long)b->size_text,
                 (unsigned long long)b->size_rodata, (unsigned long long)b->size_data,
                 (unsigned long long)b->size_bss, (unsigned long long)b->size_debug);
    if (b->pe) {
        osver_str(b->min_os, v, sizeof v);
        xv_sb_printf(sb, "  %-14s%s %s, subsystem %s%s%s\n", "pe:",
                     b->pe->pe32plus ? "PE32+" : "PE32", v,
                     b->pe->subsystem_name ? b->pe->subsystem_name : "?",
                     b->pe->is_dotnet ? ", .NET" : "",
                     b->pe->has_certificate ? ", signed" : "");
    }
    t_syms(sb, "exports", b->exports, b->nexports, 20);
    t_syms(sb, "imports", b->imports, b->nimports, 20);
    for (size_t i = 0; i < b->nwarnings; i++)
        xv_sb_printf(sb, "  warning: %s\n", b->warnings[i]);
}

char *xv_image_to_text(const xv_image *img)
{
    xv_strbuf sb;
    xv_sb_init(&sb);
    xv_sb_printf(&sb, "%s: %s, %llu bytes\n", img->name, xv_format_name(img->format),
                 (unsigned long long)img->size);
    for (size_t i = 0; i < img->nbins; i++)
        binary_text(&sb, &img->bins[i], i, img->nbins);
    return xv_sb_take(&sb);
}
