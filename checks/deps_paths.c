/* deps.paths: no search path or load path that only works on the build
 * machine: absolute rpaths/runpaths/LC_RPATH/install names outside system
 * locations, build-machine folders, empty/relative/"." entries, DT_RPATH
 * where DT_RUNPATH is meant, PDB paths leaking a build folder. The install
 * name of a dylib or bundle that nothing in its package links to (a plugin
 * loaded by path) only leaks the build folder: a warning, not a failure. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/util.h"
#include "common/strbuf.h"

typedef struct finding {
    xv_verdict v;
    char msg[1024];
    const char *hint;
} finding;

#define MAX_FIND 32

typedef struct acc {
    finding f[MAX_FIND];
    size_t n;
    size_t total;
} acc;

static void add(acc *a, xv_verdict v, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add(acc *a, xv_verdict v, const char *hint, const char *fmt, ...)
{
    a->total++;
    if (a->n >= MAX_FIND)
        return;
    finding *f = &a->f[a->n++];
    f->v = v;
    f->hint = hint;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->msg, sizeof f->msg, fmt, ap);
    va_end(ap);
}

static int elf_system_dir(const char *p)
{
    static const char *const sys[] = { "/lib", "/lib64", "/lib32", "/usr/lib", "/usr/lib64",
        "/usr/lib32", NULL };
    for (const char *const *s = sys; *s; s++) {
        size_t n = strlen(*s);
        if (strncmp(p, *s, n) == 0 && (p[n] == 0 || p[n] == '/'))
            return 1;
    }
    return 0;
}

static int macho_system_path(const char *p)
{
    return strncmp(p, "/usr/lib/", 9) == 0 || strncmp(p, "/System/Library/", 16) == 0;
}

static const char *const HINT_ELF =
    "link with a path relative to the binary: -Wl,-rpath,'$ORIGIN/../lib' (and "
    "--enable-new-dtags for DT_RUNPATH); patchelf --set-rpath fixes a built file";
static const char *const HINT_MACHO =
    "use @rpath install names (-install_name @rpath/libfoo.dylib) and an LC_RPATH such as "
    "@loader_path/../lib; install_name_tool -id/-change/-rpath fixes a built file";

static void judge_elf_entry(acc *a, const char *kind, const char *e)
{
    const char *bp;
    if (!*e)
        add(a, XV_FAIL, HINT_ELF, "empty %s entry (the loader reads it as the current directory)", kind);
    else if (strcmp(e, ".") == 0 || (e[0] != '/' && e[0] != '$'))
        add(a, XV_FAIL, HINT_ELF, "relative %s entry \"%s\" (resolved against the user's working directory)", kind, e);
    else if (e[0] == '$' && strncmp(e, "$ORIGIN", 7) != 0 && strncmp(e, "${ORIGIN}", 9) != 0 &&
             strncmp(e, "$LIB", 4) != 0 && strncmp(e, "${LIB}", 6) != 0 &&
             strncmp(e, "$PLATFORM", 9) != 0 && strncmp(e, "${PLATFORM}", 11) != 0)
        add(a, XV_FAIL, HINT_ELF, "%s entry \"%s\" uses an unknown $ token", kind, e);
    else if (e[0] == '/' && (bp = xv_cu_build_path(e)))
        add(a, XV_FAIL, HINT_ELF, "%s entry \"%s\" is a build-machine path (%s)", kind, e, bp);
    else if (e[0] == '/' && !elf_system_dir(e))
        add(a, XV_FAIL, HINT_ELF, "absolute %s entry \"%s\" outside the system locations", kind, e);
}

static void judge_macho_path(acc *a, const char *what, const char *p)
{
    const char *bp;
    if (!*p)
        add(a, XV_FAIL, HINT_MACHO, "empty %s", what);
    else if (p[0] == '@')
        return;
    else if (p[0] != '/')
        add(a, XV_FAIL, HINT_MACHO, "relative %s \"%s\" (resolved against the working directory)", what, p);
    else if ((bp = xv_cu_build_path(p)))
        add(a, XV_FAIL, HINT_MACHO, "%s \"%s\" is a build-machine path (%s)", what, p, bp);
    else if (!macho_system_path(p))
        add(a, XV_FAIL, HINT_MACHO, "absolute %s \"%s\" outside /usr/lib and /System/Library", what, p);
}

/* Does a binary of the package load `install` (the install name of another
 * of its binaries)? A load command naming it exactly, or naming its file
 * through @rpath/@loader_path/@executable_path. */
static int linked_in_package(const xv_dist *d, const xv_artifact *self, const char *install)
{
    const xv_package *p = xv_dist_package(d, self->package);
    const char *base = xv_cu_basename(install);
    if (!p)
        return 1; /* cannot tell: judge as linked (the strict verdict) */
    for (size_t k = 0; k < p->count; k++) {
        const xv_artifact *o = xv_dist_artifact(d, p->first + k);
        if (!o || o == self || !xv_cu_is_binary(o))
            continue;
        for (size_t s = 0; s < xv_image_count(o->image); s++) {
            const xv_binary *b = xv_image_binary(o->image, s);
            for (size_t i = 0; b && i < b->ndeps; i++) {
                const char *n = b->deps[i].name;
                if (strcmp(n, install) == 0 ||
                    (n[0] == '@' && strcmp(xv_cu_basename(n), base) == 0))
                    return 1;
            }
        }
    }
    return 0;
}

static void judge(acc *a, const xv_binary *b, int unlinked)
{
    if (b->format == XV_FMT_ELF) {
        for (size_t i = 0; i < b->nrunpath; i++)
            judge_elf_entry(a, "DT_RUNPATH", b->runpath[i]);
        for (size_t i = 0; i < b->nrpath; i++)
            judge_elf_entry(a, "DT_RPATH", b->rpath[i]);
        if (b->nrpath && !b->nrunpath)
            add(a, XV_WARN, "link with -Wl,--enable-new-dtags so the search path is DT_RUNPATH",
                "uses DT_RPATH (searched before LD_LIBRARY_PATH and inherited by every library "
                "it loads) where DT_RUNPATH is meant");
        for (size_t i = 0; i < b->ndeps; i++)
            if (strchr(b->deps[i].name, '/'))
                add(a, XV_FAIL, "link against the library by soname (set DT_SONAME when building it) instead of by path",
                    "needs \"%s\" by path, not by soname", b->deps[i].name);
    } else if (b->format == XV_FMT_MACHO || b->format == XV_FMT_MACHO_FAT) {
        for (size_t i = 0; i < b->nrpath; i++)
            judge_macho_path(a, "LC_RPATH", b->rpath[i]);
        if (b->soname && (b->kind == XV_KIND_SHARED || b->kind == XV_KIND_BUNDLE)) {
            /* A plugin (a .node addon, a bundle) that nothing in its package
             * links to is loaded by path with dlopen: its install name is
             * never searched, so it only leaks the build folder. */
            xv_verdict v = unlinked ? XV_WARN : XV_FAIL;
            const char *why = unlinked ? "; nothing in its package links to it (a plugin loaded "
                                         "by path), so it only leaks the build folder"
                                       : "";
            const char *bp;
            if (b->soname[0] == '/' && (bp = xv_cu_build_path(b->soname)))
                add(a, v, HINT_MACHO, "install name \"%s\" is a build-machine path (%s)%s",
                    b->soname, bp, why);
            else if (b->soname[0] == '/' && !macho_system_path(b->soname))
                add(a, v, HINT_MACHO, "absolute install name \"%s\" (LC_ID_DYLIB)%s", b->soname,
                    unlinked ? why : ": programs linked against it will look there");
        }
        for (size_t i = 0; i < b->ndeps; i++)
            judge_macho_path(a, "load path", b->deps[i].name);
    } else if (b->format == XV_FMT_PE) {
        const char *bp;
        if (b->pdb_path && (bp = xv_cu_build_path(b->pdb_path)))
            add(a, XV_WARN, "link with /PDBALTPATH:%_PDB% (MSVC) or strip the CodeView record, so the build folder does not leak",
                "PDB path \"%s\" leaks a build folder (%s)", b->pdb_path, bp);
    }
}

static void run(xv_check_ctx *ctx, const xv_check *self)
{
    const xv_dist *d = xv_ctx_dist(ctx);
    size_t n = xv_dist_artifact_count(d);
    for (size_t i = 0; i < n; i++) {
        const xv_artifact *art = xv_dist_artifact(d, i);
        if (!xv_cu_is_binary(art))
            continue;
        const xv_binary *b0 = xv_image_binary(art->image, 0);
        if (b0->format == XV_FMT_AR || b0->kind == XV_KIND_OBJECT)
            continue;
        acc *a = calloc(1, sizeof *a);
        if (!a)
            return;
        const char *inst = b0->soname;
        int unlinked = (b0->format == XV_FMT_MACHO || b0->format == XV_FMT_MACHO_FAT) && inst &&
                       inst[0] == '/' && !linked_in_package(d, art, inst);
        for (size_t s = 0; s < xv_image_count(art->image); s++)
            judge(a, xv_image_binary(art->image, s), unlinked);
        /* Slices of a fat file repeat the same paths: drop duplicates. */
        xv_strbuf det;
        xv_sb_init(&det);
        xv_verdict worst = XV_PASS;
        size_t firstbad = 0, nuniq = 0;
        for (size_t k = 0; k < a->n; k++) {
            int dup = 0;
            for (size_t j = 0; j < k; j++)
                if (strcmp(a->f[j].msg, a->f[k].msg) == 0)
                    dup = 1;
            if (dup)
                continue;
            nuniq++;
            xv_sb_printf(&det, "%s: %s\n", xv_verdict_name(a->f[k].v), a->f[k].msg);
            if (a->f[k].v > worst) {
                worst = a->f[k].v;
                firstbad = k;
            }
        }
        xv_result *r;
        if (worst == XV_PASS) {
            r = xv_emit(ctx, self, NULL, art, XV_PASS, NULL,
                        "no absolute, relative or build-machine load paths");
        } else {
            if (nuniq > 1)
                r = xv_emit(ctx, self, NULL, art, worst, a->f[firstbad].hint, "%s (and %zu more)",
                            a->f[firstbad].msg, nuniq - 1);
            else
                r = xv_emit(ctx, self, NULL, art, worst, a->f[firstbad].hint, "%s", a->f[firstbad].msg);
            xv_result_set_detail(ctx, r, xv_sb_str(&det));
        }
        for (size_t s = 0; s < 1; s++) {
            const xv_binary *b = xv_image_binary(art->image, s);
            xv_strbuf sp;
            xv_sb_init(&sp);
            const char *const *e = b->nrunpath ? b->runpath : b->rpath;
            size_t ne = b->nrunpath ? b->nrunpath : b->nrpath;
            for (size_t k = 0; k < ne; k++)
                xv_sb_printf(&sp, "%s%s", k ? ":" : "", e[k]);
            if (ne)
                xv_result_add_fact(ctx, r, b->nrunpath ? "runpath" : "rpath", xv_sb_str(&sp));
            xv_sb_free(&sp);
        }
        xv_sb_free(&det);
        free(a);
    }
}

const xv_check xv_check_deps_paths = {
    "deps.paths",
    "No build-machine load paths",
    "No absolute rpath/runpath/LC_RPATH/install name/load path outside the system locations, "
    "no build-machine folders (/home/, /Users/, /tmp/, /build/, CI runner folders, C:\\Users\\), "
    "no empty, relative or '.' entries, DT_RUNPATH rather than DT_RPATH, no PDB path leaking "
    "a build folder. The install name of a plugin (a dylib or bundle nothing in its package "
    "links to) only warns.",
    "Use paths relative to the binary ($ORIGIN, @rpath/@loader_path) and strip build paths.",
    run,
};
