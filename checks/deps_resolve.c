/* deps.resolve: every needed library resolves the way the loader will find it
 * on the user's machine: in the package (through DT_RUNPATH/DT_RPATH with
 * $ORIGIN, @rpath/@loader_path/@executable_path, a DLL beside the exe), in a
 * package of the same platform in the dist, or in the platform's system list. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/util.h"
#include "common/strbuf.h"

#define MAX_DIRS 64
/* A hostile file can hold a million search-path entries or needs: judge the
 * first ones only (far beyond any real binary) so the check stays linear. */
#define MAX_ENTRIES 256
#define MAX_DEPS 4096

typedef struct rctx {
    xv_check_ctx *ctx;
    const xv_dist *d;
    const xv_package *pkg;
    const xv_artifact *art;
    const xv_binary *bin;
    xv_platform plat;
    const xv_mx_platform *mp;
    const xv_syslist *sys;
    int fold;                  /* compare names case-insensitively (PE) */
    const xv_artifact *soname_only; /* set by resolve: right soname, wrong file name */
    const xv_artifact *const *index; /* every artifact sorted by (package, member) */
    size_t nindex;
} rctx;

static int cmp_art(const void *pa, const void *pb)
{
    const xv_artifact *a = *(const xv_artifact *const *)pa, *b = *(const xv_artifact *const *)pb;
    if (a->package != b->package)
        return a->package < b->package ? -1 : 1;
    return strcmp(a->member ? a->member : "", b->member ? b->member : "");
}

static int name_eq(const rctx *r, const char *a, const char *b)
{
    return r->fold ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

/* A member of the package at dir/name. The loaders open files by name
 * (ld.so, dyld, the Windows loader alike), so a member whose DT_SONAME is the
 * name but whose file name is not does not count: a symlink does. */
static const xv_artifact *find_at(const rctx *r, const char *dir, const char *name)
{
    char want[4096];
    if (xv_cu_join_norm(dir, name, want, sizeof want) != 0)
        return NULL;
    if (!r->fold && r->index) {
        xv_artifact key;
        memset(&key, 0, sizeof key);
        key.package = r->art->package;
        key.member = want;
        const xv_artifact *kp = &key;
        const xv_artifact *const *hit = bsearch(&kp, r->index, r->nindex, sizeof *r->index, cmp_art);
        return hit && (*hit)->type != XV_ENTRY_DIR ? *hit : NULL;
    }
    for (size_t i = r->pkg->first; i < r->pkg->first + r->pkg->count; i++) {
        const xv_artifact *a = xv_dist_artifact(r->d, i);
        if (!a->member || a->type == XV_ENTRY_DIR)
            continue;
        if (name_eq(r, a->member, want))
            return a;
    }
    return NULL;
}

/* For the hint: a member in folder dir whose soname is name (ELF). */
static const xv_artifact *find_soname_in(const rctx *r, const char *dir, const char *name)
{
    for (size_t i = r->pkg->first; i < r->pkg->first + r->pkg->count; i++) {
        const xv_artifact *a = xv_dist_artifact(r->d, i);
        if (!a->member || !a->image || !xv_image_count(a->image))
            continue;
        const xv_binary *b = xv_image_binary(a->image, 0);
        char adir[4096];
        xv_cu_dirname(a->member, adir, sizeof adir);
        if (b->soname && strcmp(b->soname, name) == 0 && strcmp(adir, dir) == 0)
            return a;
    }
    return NULL;
}

/* Anywhere in the package by file name (for hints). */
static const xv_artifact *find_anywhere(const rctx *r, const char *name)
{
    for (size_t i = r->pkg->first; i < r->pkg->first + r->pkg->count; i++) {
        const xv_artifact *a = xv_dist_artifact(r->d, i);
        if (a->member && a->type != XV_ENTRY_DIR && name_eq(r, xv_cu_basename(a->member), name))
            return a;
    }
    return NULL;
}

/* A package of the same platform elsewhere in the dist that ships it. */
static const xv_artifact *find_sibling(const rctx *r, const char *name)
{
    if (!r->plat.id[0])
        return NULL;
    size_t n = xv_dist_artifact_count(r->d);
    for (size_t i = 0; i < n; i++) {
        const xv_artifact *a = xv_dist_artifact(r->d, i);
        if (a->package == r->art->package || a->type == XV_ENTRY_DIR || !a->member)
            continue;
        xv_platform ap;
        if (!xv_ctx_platform_of(r->ctx, a, &ap, NULL) || strcmp(ap.id, r->plat.id) != 0)
            continue;
        if (name_eq(r, xv_cu_basename(a->member), name))
            return a;
        if (a->image && xv_image_count(a->image)) {
            const xv_binary *b = xv_image_binary(a->image, 0);
            if (b->soname && strcmp(xv_cu_basename(b->soname), name) == 0)
                return a;
        }
    }
    return NULL;
}

static int is_system(const rctx *r, const char *name)
{
    if (r->sys && xv_syslist_has(r->sys, name))
        return 1;
    if (r->mp) {
        for (size_t i = 0; i < r->mp->nallowed_libs; i++)
            if (fnmatch(r->mp->allowed_libs[i], name, r->fold ? FNM_CASEFOLD : 0) == 0 ||
                fnmatch(r->mp->allowed_libs[i], xv_cu_basename(name), r->fold ? FNM_CASEFOLD : 0) == 0)
                return 1;
    }
    return 0;
}

static void add_dir(char dirs[][1024], size_t *nd, const char *dir)
{
    for (size_t i = 0; i < *nd; i++)
        if (strcmp(dirs[i], dir) == 0)
            return;
    if (*nd < MAX_DIRS)
        snprintf(dirs[(*nd)++], 1024, "%s", dir);
}

/* Replaces $LIB/${LIB} and $PLATFORM/${PLATFORM} (one variant chosen). */
static void expand_tokens(const char *in, const char *lib, const char *platform, char *out, size_t n)
{
    size_t o = 0;
    while (*in && o + 1 < n) {
        const char *rep = NULL;
        size_t skip = 0;
        if (strncmp(in, "${LIB}", 6) == 0) { rep = lib; skip = 6; }
        else if (strncmp(in, "$LIB", 4) == 0) { rep = lib; skip = 4; }
        else if (strncmp(in, "${PLATFORM}", 11) == 0) { rep = platform; skip = 11; }
        else if (strncmp(in, "$PLATFORM", 9) == 0) { rep = platform; skip = 9; }
        if (rep) {
            int w = snprintf(out + o, n - o, "%s", rep);
            if (w < 0)
                break;
            o += (size_t)w;
            if (o >= n)
                o = n - 1;
            in += skip;
        } else {
            out[o++] = *in++;
        }
    }
    out[o] = 0;
}

/* Package folders an ELF search-path entry stands for; describes it in sb. */
static void elf_entry_dirs(const rctx *r, const char *entry, const char *origin, char dirs[][1024],
                           size_t *nd, xv_strbuf *searched)
{
    const char *rest = NULL;
    if (strncmp(entry, "$ORIGIN", 7) == 0)
        rest = entry + 7;
    else if (strncmp(entry, "${ORIGIN}", 9) == 0)
        rest = entry + 9;
    if (searched->len)
        xv_sb_puts(searched, ", ");
    if (!rest) {
        xv_sb_printf(searched, "%s (%s)", entry[0] ? entry : "\"\"",
                     entry[0] == '/' ? "outside the package" : "relative to the working directory");
        return;
    }
    const char *libs[] = { "lib", "lib64" };
    int nlib = strstr(rest, "LIB") ? 2 : 1;
    int first = 1;
    for (int k = 0; k < nlib; k++) {
        char ex[2048], dir[1024];
        expand_tokens(rest, libs[k], r->bin->arch ? r->bin->arch : "", ex, sizeof ex);
        if (xv_cu_join_norm(origin, ex, dir, sizeof dir) != 0) {
            xv_sb_printf(searched, "%s%s → outside the package", first ? "" : " / ", entry);
            first = 0;
            continue;
        }
        add_dir(dirs, nd, dir);
        xv_sb_printf(searched, "%s%s → %s/", first ? "" : " / ", entry, dir);
        first = 0;
    }
}

/* Mach-O: folders of executables in the package (for @executable_path). */
static void exe_dirs(const rctx *r, char dirs[][1024], size_t *nd)
{
    for (size_t i = r->pkg->first; i < r->pkg->first + r->pkg->count; i++) {
        const xv_artifact *a = xv_dist_artifact(r->d, i);
        if (!xv_cu_is_binary(a))
            continue;
        const xv_binary *b = xv_image_binary(a->image, 0);
        if (b->format == r->bin->format && xv_cu_is_exe(b)) {
            char dir[1024];
            xv_cu_dirname(a->member, dir, sizeof dir);
            add_dir(dirs, nd, dir);
        }
    }
}

/* Expands an @-path (@loader_path/@executable_path prefix) into folders. */
static void macho_expand(const rctx *r, const char *path, const char *origin, char dirs[][1024],
                         size_t *nd)
{
    char base[MAX_DIRS][1024];
    size_t nb = 0;
    const char *rest;
    if (strncmp(path, "@loader_path", 12) == 0) {
        rest = path + 12;
        add_dir(base, &nb, origin);
    } else if (strncmp(path, "@executable_path", 16) == 0) {
        rest = path + 16;
        if (xv_cu_is_exe(r->bin))
            add_dir(base, &nb, origin);
        else
            exe_dirs(r, base, &nb);
        if (nb == 0)
            add_dir(base, &nb, origin);
    } else {
        return;
    }
    for (size_t i = 0; i < nb; i++) {
        char dir[1024];
        if (xv_cu_join_norm(base[i], rest, dir, sizeof dir) == 0)
            add_dir(dirs, nd, dir);
    }
}

/* Where a need resolves; *where gets a description. Returns 1 resolved in
 * the package or system, 2 via a sibling package, 0 unresolved. */
static int resolve(rctx *r, const xv_dep *dep, const char *origin, xv_strbuf *searched,
                   char *where, size_t wn)
{
    const xv_binary *b = r->bin;
    const char *name = dep->name;
    const char *base = xv_cu_basename(name);
    char dirs[MAX_DIRS][1024];
    size_t nd = 0;
    int sys_checked = 0;

    if (b->format == XV_FMT_ELF) {
        if (strchr(name, '/')) {
            /* A path in DT_NEEDED is used as is, relative to the cwd. */
            xv_sb_printf(searched, "%s (a path, used as is)", name);
            if (name[0] == '/' && is_system(r, base)) {
                snprintf(where, wn, "system (%s)", name);
                return 1;
            }
            return 0;
        }
        const char *const *ent = b->nrunpath ? b->runpath : b->rpath;
        size_t ne = b->nrunpath ? b->nrunpath : b->nrpath;
        for (size_t i = 0; i < ne && i < MAX_ENTRIES; i++)
            elf_entry_dirs(r, ent[i], origin, dirs, &nd, searched);
    } else if (b->format == XV_FMT_MACHO || b->format == XV_FMT_MACHO_FAT) {
        if (strncmp(name, "@rpath/", 7) == 0) {
            const char *rest = name + 7;
            /* LC_RPATH of the binary, then of the executables that load it. */
            for (size_t i = 0; i < b->nrpath && i < MAX_ENTRIES; i++) {
                char rd[MAX_DIRS][1024];
                size_t nr = 0;
                if (searched->len)
                    xv_sb_puts(searched, ", ");
                if (b->rpath[i][0] == '@') {
                    macho_expand(r, b->rpath[i], origin, rd, &nr);
                    for (size_t k = 0; k < nr; k++) {
                        char dir[1024];
                        if (xv_cu_join_norm(rd[k], rest, dir, sizeof dir) == 0) {
                            char dd[1024];
                            xv_cu_dirname(dir, dd, sizeof dd);
                            add_dir(dirs, &nd, dd);
                            xv_sb_printf(searched, "%s%s → %s/", k ? " / " : "", b->rpath[i], dd);
                        }
                    }
                } else {
                    char full[2048];
                    snprintf(full, sizeof full, "%s/%s", b->rpath[i], rest);
                    xv_sb_printf(searched, "%s (outside the package)", b->rpath[i]);
                    if (is_system(r, full)) {
                        if (snprintf(where, wn, "system (%s)", full) < 0)
                            where[0] = 0;
                        return 1;
                    }
                }
            }
            if (!xv_cu_is_exe(b)) {
                for (size_t i = r->pkg->first; i < r->pkg->first + r->pkg->count; i++) {
                    const xv_artifact *a = xv_dist_artifact(r->d, i);
                    if (!xv_cu_is_binary(a) || a == r->art)
                        continue;
                    const xv_binary *e = xv_image_binary(a->image, 0);
                    if (e->format != XV_FMT_MACHO || !xv_cu_is_exe(e))
                        continue;
                    char edir[1024];
                    xv_cu_dirname(a->member, edir, sizeof edir);
                    for (size_t k = 0; k < e->nrpath && k < MAX_ENTRIES; k++) {
                        char rd[MAX_DIRS][1024];
                        size_t nr = 0;
                        rctx er = *r;
                        er.bin = e;
                        macho_expand(&er, e->rpath[k], edir, rd, &nr);
                        for (size_t j = 0; j < nr; j++) {
                            char dir[1024], dd[1024];
                            if (xv_cu_join_norm(rd[j], rest, dir, sizeof dir) == 0) {
                                xv_cu_dirname(dir, dd, sizeof dd);
                                add_dir(dirs, &nd, dd);
                            }
                        }
                    }
                }
            }
            name = xv_cu_basename(rest);
            base = name;
            /* find_at joins dir + base below. */
        } else if (name[0] == '@') {
            char rd[MAX_DIRS][1024];
            size_t nr = 0;
            char prefix_dir[1024];
            xv_cu_dirname(name, prefix_dir, sizeof prefix_dir);
            macho_expand(r, prefix_dir, origin, rd, &nr);
            for (size_t k = 0; k < nr; k++)
                add_dir(dirs, &nd, rd[k]);
            xv_sb_printf(searched, "%s%s", searched->len ? ", " : "", prefix_dir);
            for (size_t k = 0; k < nr; k++)
                xv_sb_printf(searched, " → %s/", rd[k]);
        } else {
            sys_checked = 1;
            if (is_system(r, name)) {
                snprintf(where, wn, "system (%s)", name);
                return 1;
            }
            xv_sb_printf(searched, "%s%s (%s)", searched->len ? ", " : "", name,
                         name[0] == '/' ? "an absolute path outside the package" : "a bare name");
        }
    } else if (b->format == XV_FMT_PE) {
        /* A Node.js addon imports from the process that loads it. */
        size_t ml = strlen(r->art->member);
        if (ml > 5 && strcasecmp(r->art->member + ml - 5, ".node") == 0 &&
            (strcasecmp(name, "node.exe") == 0 || strcasecmp(name, "node.dll") == 0 ||
             strcasecmp(name, "iojs.exe") == 0)) {
            snprintf(where, wn, "host process (Node.js)");
            return 1;
        }
        char own[1024];
        xv_cu_dirname(r->art->member, own, sizeof own);
        add_dir(dirs, &nd, own);
        for (size_t i = r->pkg->first; i < r->pkg->first + r->pkg->count; i++) {
            const xv_artifact *a = xv_dist_artifact(r->d, i);
            if (!xv_cu_is_binary(a))
                continue;
            const xv_binary *e = xv_image_binary(a->image, 0);
            if (e->format == XV_FMT_PE && xv_cu_is_exe(e)) {
                char edir[1024];
                xv_cu_dirname(a->member, edir, sizeof edir);
                add_dir(dirs, &nd, edir);
            }
        }
        for (size_t k = 0; k < nd; k++)
            xv_sb_printf(searched, "%s%s/", k ? ", " : "", dirs[k][0] ? dirs[k] : ".");
    }

    for (size_t k = 0; k < nd; k++) {
        const xv_artifact *hit = find_at(r, dirs[k], base);
        if (hit) {
            snprintf(where, wn, "%s", hit->member);
            return 1;
        }
        if (b->format == XV_FMT_ELF && !r->soname_only)
            r->soname_only = find_soname_in(r, dirs[k], base);
    }
    const xv_artifact *sib = find_sibling(r, base);
    if (sib) {
        snprintf(where, wn, "%s", sib->path);
        return 2;
    }
    if (!sys_checked && is_system(r, name)) {
        snprintf(where, wn, "system");
        return 1;
    }
    return 0;
}

/* An ELF shared library's need is also met when an executable of the package
 * that needs the same soname resolves it first: the loader reuses the copy. */
static const xv_artifact *preloaded_by(const rctx *r, const char *name)
{
    if (r->bin->format != XV_FMT_ELF || xv_cu_is_exe(r->bin))
        return NULL;
    for (size_t i = r->pkg->first; i < r->pkg->first + r->pkg->count; i++) {
        const xv_artifact *a = xv_dist_artifact(r->d, i);
        if (!xv_cu_is_binary(a) || a == r->art)
            continue;
        const xv_binary *e = xv_image_binary(a->image, 0);
        if (e->format != XV_FMT_ELF || !xv_cu_is_exe(e))
            continue;
        for (size_t k = 0; k < e->ndeps && k < MAX_DEPS; k++) {
            if (strcmp(e->deps[k].name, name) != 0)
                continue;
            rctx er = *r;
            er.art = a;
            er.bin = e;
            char origin[1024], where[1024];
            xv_cu_dirname(a->member, origin, sizeof origin);
            xv_strbuf sb;
            xv_sb_init(&sb);
            int ok = resolve(&er, &e->deps[k], origin, &sb, where, sizeof where);
            xv_sb_free(&sb);
            if (ok == 1)
                return a;
        }
    }
    return NULL;
}

static const char *allowed_key(const rctx *r)
{
    return r->plat.id[0] ? r->plat.id : "<id>";
}

static void run(xv_check_ctx *ctx, const xv_check *self)
{
    const xv_dist *d = xv_ctx_dist(ctx);
    size_t n = xv_dist_artifact_count(d);
    /* Exact-name lookups by binary search (PE names fold case: linear). */
    const xv_artifact **index = calloc(n ? n : 1, sizeof *index);
    if (index) {
        for (size_t i = 0; i < n; i++)
            index[i] = xv_dist_artifact(d, i);
        qsort(index, n, sizeof *index, cmp_art);
    }
    for (size_t i = 0; i < n; i++) {
        const xv_artifact *a = xv_dist_artifact(d, i);
        if (!xv_cu_is_binary(a))
            continue;
        rctx r;
        memset(&r, 0, sizeof r);
        r.ctx = ctx;
        r.d = d;
        r.art = a;
        r.index = index;
        r.nindex = index ? n : 0;
        r.pkg = xv_dist_package(d, a->package);
        xv_ctx_platform_of(ctx, a, &r.plat, &r.mp);
        const xv_binary *b0 = xv_image_binary(a->image, 0);
        if (b0->format == XV_FMT_AR || b0->kind == XV_KIND_OBJECT || b0->kind == XV_KIND_STATIC_LIB)
            continue;
        xv_os os = r.plat.os != XV_OS_UNKNOWN ? r.plat.os : b0->os;
        xv_libc libc = r.plat.libc != XV_LIBC_UNKNOWN ? r.plat.libc : b0->libc;
        if (os == XV_OS_UNKNOWN)
            os = b0->format == XV_FMT_PE ? XV_OS_WINDOWS
               : b0->format == XV_FMT_ELF ? XV_OS_LINUX : XV_OS_MACOS;
        const char *why = NULL;
        const char *family = xv_syslist_family(os, libc);
        r.sys = xv_ctx_syslist(ctx, family, &why);
        r.fold = b0->format == XV_FMT_PE;
        if (!r.sys) {
            xv_emit(ctx, self, NULL, a, XV_ERROR,
                    "reinstall xverify or pass --data-dir pointing at its matrices/ folder",
                    "cannot judge: no system library list for %s (%s)",
                    family ? family : xv_os_name(os), why && *why ? why : "not available");
            continue;
        }
        char origin[1024];
        xv_cu_dirname(a->member, origin, sizeof origin);

        xv_strbuf detail, fails;
        xv_sb_init(&detail);
        xv_sb_init(&fails);
        size_t nres = 0, nfail = 0, nwarn = 0;
        const char *first_fail = NULL;
        int first_soft = 0;
        char first_msg[2048] = "", first_hint[1024] = "";
        xv_result *res = NULL;
        const char *facts[256][2];
        size_t nfacts = 0;
        for (size_t s = 0; s < xv_image_count(a->image); s++) {
            r.bin = xv_image_binary(a->image, s);
            for (size_t k = 0; k < r.bin->ndeps && k < MAX_DEPS; k++) {
                const xv_dep *dep = &r.bin->deps[k];
                if (!dep->name || !*dep->name)
                    continue;
                int dup = 0;
                for (size_t f = 0; f < nfacts; f++)
                    if (strcmp(facts[f][0], dep->name) == 0)
                        dup = 1;
                if (dup)
                    continue;
                char where[2048] = "";
                r.soname_only = NULL;
                xv_strbuf searched;
                xv_sb_init(&searched);
                int ok = resolve(&r, dep, origin, &searched, where, sizeof where);
                if (!ok) {
                    const xv_artifact *pre = preloaded_by(&r, dep->name);
                    if (pre) {
                        snprintf(where, sizeof where, "already loaded by %s", pre->member);
                        ok = 1;
                    }
                }
                if (ok) {
                    nres++;
                    if (nfacts < 256) {
                        facts[nfacts][0] = xv_ctx_strdup(ctx, dep->name);
                        facts[nfacts][1] = xv_ctx_printf(ctx, "%s%s", where,
                                                         ok == 2 ? " (another package)" : "");
                        nfacts++;
                    }
                    xv_sb_printf(&detail, "%s → %s\n", dep->name, where);
                    xv_sb_free(&searched);
                    continue;
                }
                int soft = (dep->flags & (XV_DEP_WEAK | XV_DEP_DELAY)) != 0;
                if (soft)
                    nwarn++;
                else
                    nfail++;
                const char *base = xv_cu_basename(dep->name);
                const xv_artifact *elsewhere = find_anywhere(&r, base);
                char msg[2048];
                snprintf(msg, sizeof msg,
                         "needs %s%s: not shipped in %s and not a system library of %s (searched: %s)",
                         dep->name,
                         dep->flags & XV_DEP_WEAK ? " (weak)" : dep->flags & XV_DEP_DELAY ? " (delay-load)" : "",
                         r.pkg->name ? r.pkg->name : r.pkg->path,
                         r.plat.id[0] ? r.plat.id : family,
                         searched.len ? xv_sb_str(&searched) : "no search path");
                char hint[1024];
                if (r.soname_only) {
                    snprintf(hint, sizeof hint,
                             "%s has SONAME %s but the loader opens files by name: ship a %s "
                             "symlink beside it (archive formats such as zip drop symlinks)",
                             r.soname_only->member, base, base);
                } else if (elsewhere) {
                    snprintf(hint, sizeof hint,
                             "%s is in the package at %s but not where the loader looks: %s",
                             base, elsewhere->member,
                             b0->format == XV_FMT_ELF ? "link with -Wl,-rpath,'$ORIGIN/<relative folder>' (DT_RUNPATH) so it is found"
                             : b0->format == XV_FMT_PE ? "move the DLL beside the .exe"
                             : "give it an @rpath install name and add an LC_RPATH such as @loader_path/../lib");
                } else {
                    snprintf(hint, sizeof hint,
                             "ship %s beside the %s, or add it to the platform's allowed libraries "
                             "(matrix platforms.%s.allowed_libs)",
                             base, xv_cu_is_exe(b0) ? "executable" : "library", allowed_key(&r));
                }
                /* The message names the first hard failure, else the first soft one. */
                if (!first_fail || (!soft && first_soft)) {
                    first_fail = dep->name;
                    first_soft = soft;
                    snprintf(first_msg, sizeof first_msg, "%s", msg);
                    snprintf(first_hint, sizeof first_hint, "%s", hint);
                }
                xv_sb_printf(&fails, "%s%s\n", soft ? "warn: " : "fail: ", msg);
                xv_sb_free(&searched);
            }
        }
        if (nfail || nwarn) {
            size_t more = nfail + nwarn - 1;
            if (more)
                res = xv_emit(ctx, self, NULL, a, nfail ? XV_FAIL : XV_WARN, first_hint,
                              "%s (and %zu more)", first_msg, more);
            else
                res = xv_emit(ctx, self, NULL, a, nfail ? XV_FAIL : XV_WARN, first_hint, "%s",
                              first_msg);
            xv_sb_puts(&fails, xv_sb_str(&detail));
            xv_result_set_detail(ctx, res, xv_sb_str(&fails));
        } else {
            res = xv_emit(ctx, self, NULL, a, XV_PASS, NULL, "%zu needed librar%s resolved", nres,
                          nres == 1 ? "y" : "ies");
            if (detail.len)
                xv_result_set_detail(ctx, res, xv_sb_str(&detail));
        }
        for (size_t f = 0; f < nfacts; f++)
            xv_result_add_fact(ctx, res, facts[f][0], facts[f][1]);
        xv_sb_free(&detail);
        xv_sb_free(&fails);
    }
    free(index);
}

const xv_check xv_check_deps_resolve = {
    "deps.resolve",
    "Needed libraries resolve",
    "Every needed library is found the way the loader will find it: shipped in the package "
    "(DT_RUNPATH/DT_RPATH with $ORIGIN, @rpath via LC_RPATH, @loader_path, @executable_path, a "
    "DLL beside the .exe), shipped in another package of the same platform, or provided by the "
    "platform's system library list (matrices/system-libs/).",
    "Ship the library beside the binary with a relative search path, or allow it for the "
    "platform in the matrix (platforms.<id>.allowed_libs).",
    run,
};
