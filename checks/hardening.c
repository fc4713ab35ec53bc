/* hardening: exploit mitigations the toolchain should have turned on, judged
 * by what the binary's toolchain can give (the table is in docs/checks.md).
 * ELF executables: PIE, NX stack, full RELRO (incl. BIND_NOW), no TEXTREL
 * fail; for C/C++ code, no stack canary and "fortifiable but not fortified"
 * warn. Go: a static executable without PIE is Go's default build mode (a
 * fact, not a finding); a cgo executable without PIE or with partial RELRO
 * warns with the go build flags that fix it. Rust and Go code never calls
 * the C string functions FORTIFY checks, nor needs a C stack protector.
 * ELF shared libraries: NX stack, no TEXTREL. PE: DYNAMICBASE, NX_COMPAT,
 * HIGH_ENTROPY_VA (64-bit) fail. Mach-O executables: PIE fail, with the
 * same Go rule. */
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

/* FORTIFY_SOURCE as a fact: only "fortifiable but not fortified" warns. */
static void judge_fortify(hacc *h, const xv_binary *b, int is_static)
{
    char what[160];
    switch (b->hard.fortify_state) {
    case XV_FORTIFY_FORTIFIED:
        snprintf(what, sizeof what, "FORTIFY (%u fortified)", (unsigned)b->hard.fortified);
        good(h, what);
        break;
    case XV_FORTIFY_UNFORTIFIED:
        snprintf(what, sizeof what,
                 "fortifiable but not fortified (%u C library call%s such as strcpy/sprintf/printf "
                 "imported without _chk)",
                 (unsigned)b->hard.fortifiable, b->hard.fortifiable == 1 ? "" : "s");
        note(h, XV_WARN, what, "compile with -O2 -D_FORTIFY_SOURCE=2 (or 3)");
        break;
    case XV_FORTIFY_NOTHING:
        good(h, "nothing to fortify");
        break;
    case XV_FORTIFY_UNKNOWN:
        if (b->hard.fortify == XV_YES)
            good(h, "FORTIFY");
        else if (b->hard.fortify == XV_NO && !is_static)
            note(h, XV_WARN, "no FORTIFY_SOURCE (*_chk functions not imported)",
                 "compile with -O2 -D_FORTIFY_SOURCE=2 (or 3)");
        break;
    }
}

/* C/C++ code, or code with no toolchain mark (judged like C/C++). */
static int is_c_like(const xv_binary *b)
{
    return b->toolchain.lang == XV_LANG_C || b->toolchain.lang == XV_LANG_CXX ||
           b->toolchain.lang == XV_LANG_UNKNOWN;
}

/* A Go program that links C code through cgo (and so the system linker). */
static int is_go_cgo(const xv_binary *b)
{
    if (b->toolchain.lang != XV_LANG_GO)
        return 0;
    if (b->toolchain.go && b->toolchain.go->cgo != XV_UNKNOWN)
        return b->toolchain.go->cgo == XV_YES;
    return b->format == XV_FMT_ELF && b->interpreter != NULL;
}

#define GO_PIE_HINT "build with go build -buildmode=pie"
#define GO_NOW_HINT "build with go build -ldflags=-extldflags=-Wl,-z,now"
#define GO_PIE_NOW_HINT "build with go build -buildmode=pie -ldflags=-extldflags=-Wl,-z,now"

static void judge_elf(hacc *h, const xv_binary *b)
{
    int exe = xv_cu_is_exe(b);
    int lib = b->kind == XV_KIND_SHARED;
    int go = b->toolchain.lang == XV_LANG_GO, cgo = is_go_cgo(b);
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
    if (b->kind == XV_KIND_PIE || b->hard.pie == XV_YES)
        good(h, "PIE");
    else if (go && !cgo)
        good(h, "not PIE: Go's default build mode for a static executable");
    else if (cgo)
        note(h, XV_WARN, "not PIE (Go cgo executable: fixed load address, no ASLR; fix: go build "
                         "-buildmode=pie)", GO_PIE_HINT);
    else
        note(h, XV_FAIL, "not PIE (fixed load address, no ASLR)", "build with -fPIE -pie");
    if (b->hard.relro != XV_RELRO_FULL && !is_static) {
        const char *what = b->hard.relro == XV_RELRO_PARTIAL ? "partial RELRO (no BIND_NOW)" : "no RELRO";
        if (go) {
            char msg[192];
            snprintf(msg, sizeof msg, "%s (Go's linker does not pass -z now; fix: go build "
                     "-ldflags=-extldflags=-Wl,-z,now)", what);
            note(h, XV_WARN, msg, GO_NOW_HINT);
            /* Both Go findings: one hint with both flags. */
            if (h->hint && strcmp(h->hint, GO_PIE_HINT) == 0)
                h->hint = GO_PIE_NOW_HINT;
        } else {
            note(h, XV_FAIL, what, "link with -Wl,-z,relro,-z,now");
        }
    } else if (b->hard.relro == XV_RELRO_FULL) {
        good(h, "full RELRO");
    }
    if (!is_c_like(b))
        return;
    if (b->hard.canary == XV_NO && !is_static)
        note(h, XV_WARN, "no stack protector (__stack_chk_fail not imported)",
             "compile with -fstack-protector-strong");
    else if (b->hard.canary == XV_YES)
        good(h, "canary");
    judge_fortify(h, b, is_static);
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
    if ((b->macho->flags & MH_PIE) || b->hard.pie == XV_YES)
        good(h, "PIE");
    else if (b->toolchain.lang == XV_LANG_GO && !is_go_cgo(b))
        good(h, "not PIE (MH_PIE unset): Go's default build mode for darwin/amd64");
    else if (b->toolchain.lang == XV_LANG_GO)
        note(h, XV_WARN, "not PIE (MH_PIE unset, Go cgo executable)", GO_PIE_HINT);
    else
        note(h, XV_FAIL, "not PIE (MH_PIE unset)", "link with -pie (the default since macOS 10.7)");
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
        const xv_binary *b0 = b;
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
            char tcs[256];
            if (*xv_toolchain_summary(b0, tcs, sizeof tcs))
                xv_result_add_fact(ctx, r, "toolchain", tcs);
            if (b0->format == XV_FMT_ELF && b0->hard.fortify_state != XV_FORTIFY_UNKNOWN &&
                is_c_like(b0))
                xv_result_add_fact(ctx, r, "fortify", xv_fortify_name(b0->hard.fortify_state));
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
    "(fail), stack protector and fortifiable-but-not-fortified calls (warn, C/C++ code only); "
    "Go executables: no PIE is Go's default when static, a warning with cgo, as is partial "
    "RELRO; ELF libraries: non-executable stack, no text relocations; PE: DYNAMICBASE, "
    "NX_COMPAT, HIGH_ENTROPY_VA on 64-bit; Mach-O executables: PIE.",
    "Build with the distribution's hardening flags: -fPIE -pie -fstack-protector-strong "
    "-D_FORTIFY_SOURCE=2 -Wl,-z,relro,-z,now,-z,noexecstack; for PE /DYNAMICBASE /NXCOMPAT "
    "/HIGHENTROPYVA.",
    run,
};
