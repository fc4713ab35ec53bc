/* hardening: exploit mitigations the toolchain should have turned on.
 * ELF executables: PIE, NX stack, full RELRO (incl. BIND_NOW), no TEXTREL
 * fail; no stack canary / no FORTIFY warn. ELF shared libraries: NX stack,
 * no TEXTREL. PE: DYNAMICBASE, NX_COMPAT, HIGH_ENTROPY_VA (64-bit) fail.
 * Mach-O executables: PIE fail. */
#include <stdio.h>
#include <string.h>

#include "checks/util.h"
#include "common/strbuf.h"

#define PE_HIGH_ENTROPY_VA 0x0020u
#define PE_DYNAMIC_BASE 0x0040u
#define PE_NX_COMPAT 0x0100u
#define MH_PIE 0x200000u
#define MH_EXECUTE 2u

typedef struct hacc {
    xv_strbuf fails, warns, ok;
    size_t nfail, nwarn;
    char first[1024];
    const char *hint;
    int first_is_fail;
} hacc;

static void note(hacc *h, xv_verdict v, const char *what, const char *hint)
{
    if (v == XV_FAIL) {
        xv_sb_printf(&h->fails, "%s%s", h->nfail ? ", " : "", what);
        h->nfail++;
        if (!h->first_is_fail) {
            snprintf(h->first, sizeof h->first, "%s", what);
            h->hint = hint;
            h->first_is_fail = 1;
        }
    } else {
        xv_sb_printf(&h->warns, "%s%s", h->nwarn ? ", " : "", what);
        if (!h->first[0]) {
            snprintf(h->first, sizeof h->first, "%s", what);
            h->hint = hint;
        }
        h->nwarn++;
    }
}

static void good(hacc *h, const char *what)
{
    xv_sb_printf(&h->ok, "%s%s", h->ok.len ? ", " : "", what);
}

static void judge_elf(hacc *h, const xv_binary *b)
{
    int exe = xv_cu_is_exe(b);
    int lib = b->kind == XV_KIND_SHARED;
    if (!exe && !lib)
        return;
    int execstack = (b->elf && b->elf->exec_stack) || b->hard.nx == XV_NO;
    if (execstack)
        note(h, XV_FAIL, "executable stack (PT_GNU_STACK RWX or missing)",
             "link with -Wl,-z,noexecstack and mark assembly files with .note.GNU-stack");
    else
        good(h, "NX stack");
    if (b->hard.textrel == XV_YES)
        note(h, XV_FAIL, "text relocations (DT_TEXTREL)", "compile every object with -fPIC");
    else
        good(h, "no TEXTREL");
    if (!exe)
        return;
    int is_static = b->ndeps == 0 && !b->interpreter;
    if (b->kind != XV_KIND_PIE && b->hard.pie != XV_YES)
        note(h, XV_FAIL, "not PIE (fixed load address, no ASLR)", "build with -fPIE -pie");
    else
        good(h, "PIE");
    if (b->hard.relro != XV_RELRO_FULL && !is_static) {
        note(h, XV_FAIL, b->hard.relro == XV_RELRO_PARTIAL ? "partial RELRO (no BIND_NOW)" : "no RELRO",
             "link with -Wl,-z,relro,-z,now");
    } else if (b->hard.relro == XV_RELRO_FULL) {
        good(h, "full RELRO");
    }
    if (b->hard.canary == XV_NO && !is_static)
        note(h, XV_WARN, "no stack protector (__stack_chk_fail not imported)",
             "compile with -fstack-protector-strong");
    else if (b->hard.canary == XV_YES)
        good(h, "canary");
    if (b->hard.fortify == XV_NO && !is_static)
        note(h, XV_WARN, "no FORTIFY_SOURCE (*_chk functions not imported)",
             "compile with -O2 -D_FORTIFY_SOURCE=2 (or 3)");
    else if (b->hard.fortify == XV_YES)
        good(h, "FORTIFY");
}

static void judge_pe(hacc *h, const xv_binary *b)
{
    if (!b->pe || b->pe->is_dotnet)
        return;
    unsigned dc = b->pe->dll_characteristics;
    if (!(dc & PE_DYNAMIC_BASE))
        note(h, XV_FAIL, "no DYNAMICBASE (ASLR off)", "link with /DYNAMICBASE (MinGW: -Wl,--dynamicbase)");
    else
        good(h, "DYNAMICBASE");
    if (!(dc & PE_NX_COMPAT))
        note(h, XV_FAIL, "no NX_COMPAT (DEP off)", "link with /NXCOMPAT (MinGW: -Wl,--nxcompat)");
    else
        good(h, "NX_COMPAT");
    if (b->pe->pe32plus) {
        if (!(dc & PE_HIGH_ENTROPY_VA))
            note(h, XV_FAIL, "no HIGH_ENTROPY_VA (64-bit ASLR weakened)",
                 "link with /HIGHENTROPYVA (MinGW: -Wl,--high-entropy-va)");
        else
            good(h, "HIGH_ENTROPY_VA");
    }
}

static void judge_macho(hacc *h, const xv_binary *b)
{
    if (!b->macho || b->macho->filetype != MH_EXECUTE)
        return;
    if (!(b->macho->flags & MH_PIE) && b->hard.pie != XV_YES)
        note(h, XV_FAIL, "not PIE (MH_PIE unset)", "link with -pie (the default since macOS 10.7)");
    else
        good(h, "PIE");
}

static void run(xv_check_ctx *ctx, const xv_check *self)
{
    const xv_dist *d = xv_ctx_dist(ctx);
    size_t n = xv_dist_artifact_count(d);
    for (size_t i = 0; i < n; i++) {
        const xv_artifact *a = xv_dist_artifact(d, i);
        if (!xv_cu_is_binary(a))
            continue;
        hacc h;
        memset(&h, 0, sizeof h);
        xv_sb_init(&h.fails);
        xv_sb_init(&h.warns);
        xv_sb_init(&h.ok);
        const xv_binary *b = xv_image_binary(a->image, 0);
        int judged = 1;
        for (size_t s = 0; s < xv_image_count(a->image) && s < 1; s++) {
            b = xv_image_binary(a->image, s);
            if (b->format == XV_FMT_ELF && (xv_cu_is_exe(b) || b->kind == XV_KIND_SHARED))
                judge_elf(&h, b);
            else if (b->format == XV_FMT_PE && (xv_cu_is_exe(b) || b->kind == XV_KIND_SHARED))
                judge_pe(&h, b);
            else if ((b->format == XV_FMT_MACHO || b->format == XV_FMT_MACHO_FAT) &&
                     (xv_cu_is_exe(b) || b->kind == XV_KIND_SHARED || b->kind == XV_KIND_BUNDLE))
                judge_macho(&h, b);
            else
                judged = 0;
        }
        /* Every slice of a fat Mach-O executable must be PIE. */
        for (size_t s = 1; s < xv_image_count(a->image); s++) {
            const xv_binary *bs = xv_image_binary(a->image, s);
            if (bs->format != XV_FMT_ELF && bs->format != XV_FMT_PE) {
                hacc t;
                memset(&t, 0, sizeof t);
                xv_sb_init(&t.fails);
                xv_sb_init(&t.warns);
                xv_sb_init(&t.ok);
                judge_macho(&t, bs);
                if (t.nfail) {
                    char what[600];
                    if (snprintf(what, sizeof what, "%s slice: %s", bs->arch, t.first) < 0)
                        what[0] = 0;
                    note(&h, XV_FAIL, what, t.hint);
                }
                xv_sb_free(&t.fails);
                xv_sb_free(&t.warns);
                xv_sb_free(&t.ok);
            }
        }
        if (judged) {
            xv_result *r;
            if (h.nfail + h.nwarn == 0) {
                r = xv_emit(ctx, self, NULL, a, XV_PASS, NULL, "%s",
                            h.ok.len ? xv_sb_str(&h.ok) : "nothing to judge for this kind");
            } else {
                size_t more = h.nfail + h.nwarn - 1;
                if (more)
                    r = xv_emit(ctx, self, NULL, a, h.nfail ? XV_FAIL : XV_WARN, h.hint,
                                "%s (and %zu more)", h.first, more);
                else
                    r = xv_emit(ctx, self, NULL, a, h.nfail ? XV_FAIL : XV_WARN, h.hint, "%s", h.first);
                xv_strbuf det;
                xv_sb_init(&det);
                if (h.nfail)
                    xv_sb_printf(&det, "fail: %s\n", xv_sb_str(&h.fails));
                if (h.nwarn)
                    xv_sb_printf(&det, "warn: %s\n", xv_sb_str(&h.warns));
                if (h.ok.len)
                    xv_sb_printf(&det, "ok: %s\n", xv_sb_str(&h.ok));
                xv_result_set_detail(ctx, r, xv_sb_str(&det));
                xv_sb_free(&det);
            }
            if (h.ok.len)
                xv_result_add_fact(ctx, r, "enabled", xv_sb_str(&h.ok));
        }
        xv_sb_free(&h.fails);
        xv_sb_free(&h.warns);
        xv_sb_free(&h.ok);
    }
}

const xv_check xv_check_hardening = {
    "hardening",
    "Exploit mitigations enabled",
    "ELF executables: PIE, non-executable stack, full RELRO (BIND_NOW) and no text relocations "
    "(fail), stack protector and FORTIFY_SOURCE (warn); ELF libraries: non-executable stack, no "
    "text relocations; PE: DYNAMICBASE, NX_COMPAT, HIGH_ENTROPY_VA on 64-bit; Mach-O "
    "executables: PIE.",
    "Build with the distribution's hardening flags: -fPIE -pie -fstack-protector-strong "
    "-D_FORTIFY_SOURCE=2 -Wl,-z,relro,-z,now,-z,noexecstack; for PE /DYNAMICBASE /NXCOMPAT "
    "/HIGHENTROPYVA.",
    run,
};
