/* The image as JSON (docs/inspect-json.md) and as text for a person. Both
 * walk the same model; a field absent from a format is left out. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- JSON ---- */

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

char *xv_image_to_json(const xv_image *img)
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
