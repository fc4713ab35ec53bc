/* deps.resolve: every needed library resolves the way the loader will find it
 * on the user's machine: in the package (through DT_RUNPATH/DT_RPATH with
 * $ORIGIN, @rpath/@loader_path/@executable_path, a DLL beside the exe), in a
 * package of the same kind and platform in the dist, or in the platform's
 * system list. A system package (.deb, .rpm) is installed at '/': its needs
 * resolve through DT_RPATH/DT_RUNPATH, its own ld.so.conf.d folders and the
 * loader's default folders for its arch and distro family, then through the
 * packages it declares (Depends/Requires); never through a package of
 * another kind, which a system of that family never has. */
#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dist/sysdirs.h"
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
    xv_libc libc;              /* of the platform, else of the binary */
    const xv_mx_platform *mp;
    const xv_syslist *sys;
    int fold;                  /* compare names case-insensitively (PE) */
    const xv_artifact *soname_only; /* set by resolve: right soname, wrong file name */
    const xv_artifact *const *index; /* every artifact sorted by (package, member) */
    size_t nindex;
    size_t pkgi;               /* index of pkg: the package find_at searches */
    int family;                /* SYS_NONE for archives, folders, files */
    const char *const *prom;   /* promised distros of the platform (matrix "distros") */
    size_t nprom;
    const xv_catalog *cat;
} rctx;

/* Distro families of system packages: where their loaders look. */
enum { SYS_NONE = 0, SYS_DEB, SYS_RPM };

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
        key.package = r->pkgi;
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

/* Is package `other` one that r's package declares as a dependency (npm
 * dependencies/optionalDependencies by package name)? */
static const char *declared_dep(const rctx *r, const xv_package *other)
{
    if (!other || !other->project)
        return NULL;
    for (size_t i = 0; i < r->pkg->ndepends; i++)
        if (strcmp(r->pkg->depends[i], other->project) == 0)
            return other->project;
    return NULL;
}

/* A package elsewhere in the dist that ships it: one of the same platform,
 * or one the package declares as a dependency (whose platform is the same
 * or unknown). *declared names the dependency when it is declared. */
static const xv_artifact *find_sibling(const rctx *r, const char *name, const char **declared)
{
    *declared = NULL;
    if (!r->plat.id[0] && !r->pkg->ndepends)
        return NULL;
    size_t n = xv_dist_artifact_count(r->d);
    for (size_t i = 0; i < n; i++) {
        const xv_artifact *a = xv_dist_artifact(r->d, i);
        if (a->package == r->art->package || a->type == XV_ENTRY_DIR || !a->member)
            continue;
        /* a system package's files are never where an archive's loader looks */
        if (xv_dist_package(r->d, a->package)->kind == XV_PKG_SYSTEM)
            continue;
        xv_platform ap;
        int known = xv_ctx_platform_of(r->ctx, a, &ap, NULL);
        const char *dep = declared_dep(r, xv_dist_package(r->d, a->package));
        int same = known && r->plat.id[0] && strcmp(ap.id, r->plat.id) == 0;
        if (!same && !(dep && (!known || !r->plat.id[0])))
            continue;
        int hit = name_eq(r, xv_cu_basename(a->member), name);
        if (!hit && a->image && xv_image_count(a->image)) {
            const xv_binary *b = xv_image_binary(a->image, 0);
            hit = b->soname && strcmp(xv_cu_basename(b->soname), name) == 0;
        }
        if (hit) {
            *declared = dep;
            return a;
        }
    }
    return NULL;
}

/* With promised distros (matrix "distros"), a library the catalogue knows
 * (libssl.so.1.1, libffi.so.8...) is a system library only when every
 * promised release ships it; names the catalogue does not track (libX11,
 * libGL) keep the family list's answer. */
static int promised_system(const rctx *r, const char *name, int *decided)
{
    *decided = 0;
    if (r->nprom == 0 || !r->cat || !xv_catalog_knows(r->cat, name))
        return 0;
    *decided = 1;
    for (size_t i = 0; i < r->nprom; i++) {
        const xv_distro_rel *d = xv_catalog_find(r->cat, r->prom[i]);
        if (d && !xv_distro_has(d, name))
            return 0;
    }
    return 1;
}

/* An npm package whose declared dependency is not among the inputs (it is
 * published separately and npm installs it beside this one): the first such
 * name, else NULL. A need it does not meet here may be met there, so it is a
 * warning that says to verify them together, not a failure. */
static const char *absent_declared(const rctx *r)
{
    if (strncmp(r->art->member, "package/", 8) != 0 || !r->pkg->project)
        return NULL;
    size_t np = xv_dist_package_count(r->d);
    for (size_t i = 0; i < r->pkg->ndepends; i++) {
        int present = 0;
        for (size_t k = 0; k < np && !present; k++) {
            const xv_package *o = xv_dist_package(r->d, k);
            present = o->project && strcmp(o->project, r->pkg->depends[i]) == 0;
        }
        if (!present)
            return r->pkg->depends[i];
    }
    return NULL;
}

/* Native code of an npm package runs inside the node process: a Node.js
 * addon (.node) and the shared libraries it loads (sharp's libvips-cpp.so in
 * @img/sharp-libvips-*). The node binary on musl (Alpine's nodejs, the
 * unofficial musl builds) links libstdc++ and libgcc_s, so both are loaded
 * before the addon is opened and the loader reuses them by soname. This is
 * the ELF counterpart of an addon importing node.exe on Windows. Executables
 * shipped in npm packages run as processes of their own: not covered. */
static int node_host_provides(const rctx *r, const char *name)
{
    const char *m = r->art->member;
    size_t ml = strlen(m);
    int addon = ml > 5 && strcmp(m + ml - 5, ".node") == 0;
    int npm_lib = strncmp(m, "package/", 8) == 0 && r->pkg->project &&
                  r->bin->kind == XV_KIND_SHARED;
    return r->bin->format == XV_FMT_ELF && r->libc == XV_LIBC_MUSL && (addon || npm_lib) &&
           (strcmp(name, "libstdc++.so.6") == 0 || strcmp(name, "libgcc_s.so.1") == 0);
}

static int is_system(const rctx *r, const char *name)
{
    int decided = 0, promised = promised_system(r, name, &decided);
    if (decided && promised)
        return 1;
    if (!decided && r->sys && xv_syslist_has(r->sys, name))
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

/* ---- System packages: the loader's folders and declared dependencies ---- */

static int family_of(const xv_package *p)
{
    int f = xv_sys_family(p);
    return f == 2 ? SYS_RPM : f == 1 ? SYS_DEB : SYS_NONE;
}

/* The folders the loader of a distro family searches by default for a binary
 * of `arch`, package-relative ("usr/lib/x86_64-linux-gnu"). Debian: the
 * multiarch folders its ld.so.conf.d lists, then /lib and /usr/lib; rpm
 * distros: /lib64 and /usr/lib64 for 64-bit code, /lib and /usr/lib else. */
static void sys_default_dirs(int family, const char *arch, char dirs[][1024], size_t *nd)
{
    char d[XV_SYSDIR_MAX][1024];
    size_t n = xv_sys_default_dirs(family == SYS_RPM ? 2 : 1, arch, d);
    for (size_t i = 0; i < n; i++)
        add_dir(dirs, nd, d[i]);
}

/* The folder a system package should install a library into (for hints). */
static void sys_install_dir(int family, const char *arch, char *out, size_t n)
{
    const char *t[2];
    size_t nt;
    xv_sys_deb_triplets(arch, t, &nt);
    if (family == SYS_RPM)
        snprintf(out, n, "%s", xv_sys_is_64bit_arch(arch) ? "/usr/lib64" : "/usr/lib");
    else if (nt)
        snprintf(out, n, "/usr/lib/%s", t[0]);
    else
        snprintf(out, n, "/usr/lib");
}

/* The search of a system package's ELF binary: DT_RPATH (only without
 * DT_RUNPATH), DT_RUNPATH, the package's own ld.so.conf.d folders, then the
 * family's default folders. The package is installed at '/', so an absolute
 * entry names a folder of the package. */
static void sys_search_dirs(const rctx *r, const char *origin, char dirs[][1024], size_t *nd,
                            xv_strbuf *searched)
{
    const xv_binary *b = r->bin;
    const char *const *ent = b->nrunpath ? b->runpath : b->rpath;
    size_t ne = b->nrunpath ? b->nrunpath : b->nrpath;
    for (size_t i = 0; i < ne && i < MAX_ENTRIES; i++) {
        const char *e = ent[i];
        if (e[0] == '/') {
            char dir[1024];
            if (xv_cu_join_norm("", e, dir, sizeof dir) == 0)
                add_dir(dirs, nd, dir);
            xv_sb_printf(searched, "%s%s %s", searched->len ? ", " : "",
                         b->nrunpath ? "RUNPATH" : "RPATH", e);
        } else {
            elf_entry_dirs(r, e, origin, dirs, nd, searched);
        }
    }
    for (size_t i = 0; i < r->pkg->nld_dirs && i < MAX_ENTRIES; i++) {
        char dir[1024];
        if (xv_cu_join_norm("", r->pkg->ld_dirs[i], dir, sizeof dir) == 0)
            add_dir(dirs, nd, dir);
        xv_sb_printf(searched, "%s%s (etc/ld.so.conf.d)", searched->len ? ", " : "",
                     r->pkg->ld_dirs[i]);
    }
    size_t before = *nd;
    sys_default_dirs(r->family, b->arch, dirs, nd);
    xv_sb_printf(searched, "%sthe %s loader's folders", searched->len ? ", " : "",
                 r->family == SYS_RPM ? "rpm distro" : "Debian");
    for (size_t k = before; k < *nd; k++)
        xv_sb_printf(searched, "%s/%s", k == before ? " " : ", ", dirs[k]);
}

/* Debian policy names a runtime library package after its soname:
 * libfoo.so.1 -> libfoo1, libfoo-2.0.so.3 -> libfoo-2.0-3, libfoo2.so.1 ->
 * libfoo2-1 (lower case). Debian's 64-bit time_t transition appends "t64".
 * A few packages ship libraries named otherwise (the table below). */
static int deb_names_soname(const char *pkgname, const char *soname)
{
    const char *so = strstr(soname, ".so.");
    if (!so || so == soname || !so[4])
        return 0;
    char want[512];
    size_t n = (size_t)(so - soname);
    if (n + strlen(so + 4) + 2 >= sizeof want)
        return 0;
    for (size_t i = 0; i < n; i++)
        want[i] = (char)(soname[i] == '_' ? '-' : tolower((unsigned char)soname[i]));
    size_t o = n;
    if (isdigit((unsigned char)soname[n - 1]))
        want[o++] = '-';
    snprintf(want + o, sizeof want - o, "%s", so + 4);
    size_t wl = strlen(want);
    if (strcmp(pkgname, want) == 0)
        return 1;
    if (strncmp(pkgname, want, wl) == 0 && strcmp(pkgname + wl, "t64") == 0)
        return 1;
    /* Packages that ship a library not named after them (policy allows one
     * package for libraries built together): OpenSSL's libcrypto comes in
     * libssl*, zlib's libz in zlib1g, glibc's libraries in libc6. */
    static const struct { const char *pkg, *soname; } extra[] = {
        { "libssl3", "libcrypto.so.3" },     { "libssl1.1", "libcrypto.so.1.1" },
        { "zlib1g", "libz.so.1" },           { "libc6", "libm.so.6" },
        { "libc6", "libdl.so.2" },           { "libc6", "libpthread.so.0" },
        { "libc6", "librt.so.1" },           { "libc6", "libresolv.so.2" },
        { "libc6", "libutil.so.1" },         { "libc6", "libc.so.6" },
    };
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
        size_t pl = strlen(extra[i].pkg);
        if (strcmp(soname, extra[i].soname) == 0 && strncmp(pkgname, extra[i].pkg, pl) == 0 &&
            (!pkgname[pl] || strcmp(pkgname + pl, "t64") == 0))
            return 1;
    }
    return 0;
}

/* rpm's automatic soname requirement "libfoo.so.1()(64bit)" or
 * "libc.so.6(GLIBC_2.34)(64bit)": the soname part, else "". */
static void rpm_req_soname(const char *req, char *out, size_t n)
{
    out[0] = 0;
    const char *par = strchr(req, '(');
    size_t l = par ? (size_t)(par - req) : strlen(req);
    if (l >= n || !memmem(req, l, ".so", 3))
        return;
    memcpy(out, req, l);
    out[l] = 0;
}

/* A member of system package `p` where the loader finds `name`. */
static const xv_artifact *sys_find_in(const rctx *r, const xv_package *p, const char *name)
{
    char dirs[MAX_DIRS][1024];
    size_t nd = 0;
    for (size_t i = 0; i < r->pkg->nld_dirs; i++) {
        char dir[1024];
        if (xv_cu_join_norm("", r->pkg->ld_dirs[i], dir, sizeof dir) == 0)
            add_dir(dirs, &nd, dir);
    }
    for (size_t i = 0; i < p->nld_dirs; i++) {
        char dir[1024];
        if (xv_cu_join_norm("", p->ld_dirs[i], dir, sizeof dir) == 0)
            add_dir(dirs, &nd, dir);
    }
    sys_default_dirs(r->family, r->bin->arch, dirs, &nd);
    rctx er = *r;
    er.pkg = p;
    er.pkgi = (size_t)(p - xv_dist_package(r->d, 0));
    for (size_t k = 0; k < nd; k++) {
        const xv_artifact *hit = find_at(&er, dirs[k], name);
        if (hit)
            return hit;
    }
    return NULL;
}

/* A system package of the same family and platform in the release whose
 * declared name is `project` (or, with project NULL, any that ships name). */
static const xv_artifact *sys_release_pkg(const rctx *r, const char *project, const char *name,
                                          const xv_package **which)
{
    size_t np = xv_dist_package_count(r->d);
    for (size_t i = 0; i < np; i++) {
        const xv_package *p = xv_dist_package(r->d, i);
        if (p == r->pkg || family_of(p) != r->family)
            continue;
        if (p->platform.id[0] && r->plat.id[0] && strcmp(p->platform.id, r->plat.id) != 0)
            continue;
        if (project && (!p->project || strcmp(p->project, project) != 0))
            continue;
        *which = p;
        const xv_artifact *hit = sys_find_in(r, p, name);
        if (hit || project)
            return hit;
    }
    return NULL;
}

/* A need met by what the system package declares: a package of the release
 * it depends on that ships the library where the loader looks, or a distro
 * package (a Debian library package named after the soname, an rpm soname
 * requirement). Returns 2 (a package of the release) or 3 (the distro) with
 * `where` saying so, 0 when no declaration covers it. */
static int sys_declared(const rctx *r, const char *name, char *where, size_t wn)
{
    const xv_package *pk = r->pkg;
    for (size_t i = 0; i < pk->ndepends && i < MAX_DEPS; i++) {
        const char *dep = pk->depends[i];
        const xv_package *p = NULL;
        if (r->family == SYS_RPM) {
            char so[512];
            rpm_req_soname(dep, so, sizeof so);
            if (so[0]) {
                if (strcmp(so, name) != 0)
                    continue;
                const xv_artifact *hit = sys_release_pkg(r, NULL, name, &p);
                if (hit) {
                    snprintf(where, wn, "%s from %s, a declared dependency (Requires: %s)",
                             hit->member, p->name, dep);
                    return 2;
                }
                snprintf(where, wn, "a distro package, a declared dependency (Requires: %s)", dep);
                return 3;
            }
        }
        const xv_artifact *hit = sys_release_pkg(r, dep, name, &p);
        if (hit) {
            snprintf(where, wn, "%s from %s, a declared dependency (%s: %s)", hit->member,
                     p->name, r->family == SYS_RPM ? "Requires" : "Depends", dep);
            return 2;
        }
        if (!p && r->family == SYS_DEB && deb_names_soname(dep, name)) {
            snprintf(where, wn, "the distro package %s, a declared dependency (Depends: %s)",
                     dep, dep);
            return 3;
        }
    }
    return 0;
}

/* Where a need resolves; *where gets a description. Returns 1 resolved in
 * the package, the system or the host process, 2 via a sibling package, 3
 * via a package the package declares (a declared distro package for a system
 * package, a declared npm sibling for an archive: where says so), 0
 * unresolved. */
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
            /* A path in DT_NEEDED is used as is, relative to the cwd; a
             * system package installed at '/' may hold the absolute one. */
            xv_sb_printf(searched, "%s (a path, used as is)", name);
            const xv_artifact *own = r->family && name[0] == '/' ? find_at(r, "", name) : NULL;
            if (own) {
                snprintf(where, wn, "%s", own->member);
                return 1;
            }
            if (name[0] == '/' && is_system(r, base)) {
                snprintf(where, wn, "system (%s)", name);
                return 1;
            }
            return 0;
        }
        const char *const *ent = b->nrunpath ? b->runpath : b->rpath;
        size_t ne = b->nrunpath ? b->nrunpath : b->nrpath;
        if (r->family)
            sys_search_dirs(r, origin, dirs, &nd, searched);
        else
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
    if (r->family) {
        if (!sys_checked && is_system(r, name)) {
            snprintf(where, wn, "system");
            return 1;
        }
        return sys_declared(r, base, where, wn);
    }
    const char *declared = NULL;
    const xv_artifact *sib = find_sibling(r, base, &declared);
    if (sib) {
        if (declared)
            snprintf(where, wn, "%s (provided by %s, a declared dependency)", sib->path, declared);
        else
            snprintf(where, wn, "%s", sib->path);
        return declared ? 3 : 2;
    }
    if (!sys_checked && is_system(r, name)) {
        snprintf(where, wn, "system");
        return 1;
    }
    if (node_host_provides(r, base)) {
        snprintf(where, wn, "host process (Node.js)");
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

/* The failure message and the fix, by package kind: a system package's
 * library belongs in a folder its loader searches or in a declared
 * dependency; an archive's beside the binary through a relative search path. */
static void describe_failure(rctx *r, const xv_dep *dep, const xv_binary *b0, const char *family,
                             xv_strbuf *searched, char *msg, size_t mn, char *hint, size_t hn)
{
    const char *base = xv_cu_basename(dep->name);
    const xv_artifact *elsewhere = find_anywhere(r, base);
    const char *soft = dep->flags & XV_DEP_WEAK ? " (weak)"
                     : dep->flags & XV_DEP_DELAY ? " (delay-load)" : "";
    const char *pkgname = r->pkg->name ? r->pkg->name : r->pkg->path;
    const char *sp = searched->len ? xv_sb_str(searched) : "no search path";
    if (elsewhere && !r->soname_only) {
        snprintf(msg, mn, "needs %s%s: %s ships it at %s, where the loader does not look "
                 "(searched: %s)", dep->name, soft, pkgname, elsewhere->member, sp);
    } else if (r->family) {
        snprintf(msg, mn, "needs %s%s: not installed by %s where the loader looks, not provided "
                 "by a declared dependency, and not a system library of %s (searched: %s)",
                 dep->name, soft, pkgname, r->plat.id[0] ? r->plat.id : family, sp);
    } else {
        snprintf(msg, mn, "needs %s%s: not shipped in %s and not a system library of %s "
                 "(searched: %s)", dep->name, soft, pkgname, r->plat.id[0] ? r->plat.id : family,
                 sp);
    }
    /* Name the promised release that lacks it: that is the decision to revisit. */
    for (size_t i = 0; r->cat && i < r->nprom; i++) {
        const xv_distro_rel *d = xv_catalog_find(r->cat, r->prom[i]);
        if (d && xv_catalog_knows(r->cat, base) && !xv_distro_has(d, base)) {
            size_t l = strlen(msg);
            snprintf(msg + l, mn - l, "; the promised %s (%s %s) does not ship it", r->prom[i],
                     d->family_name, d->version);
            break;
        }
    }
    if (r->soname_only) {
        snprintf(hint, hn,
                 "%s has SONAME %s but the loader opens files by name: ship a %s "
                 "symlink beside it (archive formats such as zip drop symlinks)",
                 r->soname_only->member, base, base);
    } else if (r->family && b0->format == XV_FMT_ELF) {
        char inst[256], edir[1024];
        sys_install_dir(r->family, b0->arch, inst, sizeof inst);
        if (elsewhere) {
            xv_cu_dirname(elsewhere->member, edir, sizeof edir);
            snprintf(hint, hn,
                     "install %s into %s/ (the folder the %s loader searches), or list /%s in "
                     "an etc/ld.so.conf.d/<name>.conf file of the package; distro policy "
                     "forbids RPATH",
                     base, inst, r->family == SYS_RPM ? "rpm distro" : "Debian multiarch", edir);
        } else if (r->family == SYS_RPM) {
            snprintf(hint, hn,
                     "declare the package that provides it: Requires: %s%s in the spec "
                     "(rpmbuild adds it itself unless AutoReq is off), or install %s into %s/ "
                     "in this package",
                     base, xv_sys_is_64bit_arch(b0->arch) ? "()(64bit)" : "", base, inst);
        } else {
            char want[256];
            const char *so = strstr(base, ".so.");
            if (so && so > base)
                snprintf(want, sizeof want, "%.*s%s%s", (int)(so - base), base,
                         isdigit((unsigned char)so[-1]) ? "-" : "", so + 4);
            else
                snprintf(want, sizeof want, "<the package that ships %s>", base);
            snprintf(hint, hn,
                     "declare the package that ships it: Depends: %s in DEBIAN/control "
                     "(Debian names library packages after the soname; dpkg-shlibdeps finds "
                     "it), or install %s into %s/ in this package",
                     want, base, inst);
        }
    } else if (elsewhere) {
        snprintf(hint, hn,
                 "%s is in the package at %s but not where the loader looks: %s",
                 base, elsewhere->member,
                 b0->format == XV_FMT_ELF ? "link with -Wl,-rpath,'$ORIGIN/<relative folder>' (DT_RUNPATH) so it is found"
                 : b0->format == XV_FMT_PE ? "move the DLL beside the .exe"
                 : "give it an @rpath install name and add an LC_RPATH such as @loader_path/../lib");
    } else if (b0->format == XV_FMT_ELF) {
        /* where the binary's own $ORIGIN search path already points */
        char dirs[MAX_DIRS][1024], origin[1024];
        size_t nd = 0;
        xv_strbuf ignored;
        xv_sb_init(&ignored);
        xv_cu_dirname(r->art->member, origin, sizeof origin);
        const char *const *ent = r->bin->nrunpath ? r->bin->runpath : r->bin->rpath;
        size_t ne = r->bin->nrunpath ? r->bin->nrunpath : r->bin->nrpath;
        for (size_t i = 0; i < ne && i < MAX_ENTRIES; i++)
            elf_entry_dirs(r, ent[i], origin, dirs, &nd, &ignored);
        xv_sb_free(&ignored);
        if (nd)
            snprintf(hint, hn,
                     "ship %s in %s/ of the package (where its search path points), or add it "
                     "to the platform's allowed libraries (matrix platforms.%s.allowed_libs)",
                     base, dirs[0][0] ? dirs[0] : ".", allowed_key(r));
        else
            snprintf(hint, hn,
                     "ship %s in the package and link with -Wl,-rpath,'$ORIGIN/<relative "
                     "folder>' (DT_RUNPATH), or add it to the platform's allowed libraries "
                     "(matrix platforms.%s.allowed_libs)",
                     base, allowed_key(r));
    } else {
        snprintf(hint, hn,
                 "ship %s beside the %s, or add it to the platform's allowed libraries "
                 "(matrix platforms.%s.allowed_libs)",
                 base, xv_cu_is_exe(b0) ? "executable" : "library", allowed_key(r));
    }
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
        r.pkgi = a->package;
        r.family = family_of(r.pkg);
        xv_ctx_platform_of(ctx, a, &r.plat, &r.mp);
        const xv_binary *b0 = xv_image_binary(a->image, 0);
        if (b0->format == XV_FMT_AR || b0->kind == XV_KIND_OBJECT || b0->kind == XV_KIND_STATIC_LIB)
            continue;
        xv_os os = r.plat.os != XV_OS_UNKNOWN ? r.plat.os : b0->os;
        xv_libc libc = r.plat.libc != XV_LIBC_UNKNOWN ? r.plat.libc : b0->libc;
        r.libc = libc;
        if (os == XV_OS_UNKNOWN)
            os = b0->format == XV_FMT_PE ? XV_OS_WINDOWS
               : b0->format == XV_FMT_ELF ? XV_OS_LINUX : XV_OS_MACOS;
        const char *why = NULL;
        const char *family = xv_syslist_family(os, libc);
        r.sys = xv_ctx_syslist(ctx, family, &why);
        r.nprom = os == XV_OS_LINUX ? xv_matrix_distros(xv_ctx_matrix(ctx), r.mp, &r.prom) : 0;
        r.cat = r.nprom ? xv_ctx_catalog(ctx, NULL) : NULL;
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
        char first_msg[2048] = "", first_hint[3072] = "";
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
                                                         ok == 2 && !r.family ? " (another package)" : "");
                        nfacts++;
                    }
                    xv_sb_printf(&detail, "%s → %s\n", dep->name, where);
                    xv_sb_free(&searched);
                    continue;
                }
                int soft = (dep->flags & (XV_DEP_WEAK | XV_DEP_DELAY)) != 0;
                const char *awaited = soft ? NULL : absent_declared(&r);
                if (awaited)
                    soft = 1;
                if (soft)
                    nwarn++;
                else
                    nfail++;
                char msg[2048], hint[3072];
                describe_failure(&r, dep, b0, family, &searched, msg, sizeof msg, hint,
                                 sizeof hint);
                if (awaited) {
                    snprintf(msg, sizeof msg,
                             "needs %s: not in this release; %s declares %s, which is not among "
                             "the inputs and may provide it (searched: %s)",
                             dep->name, r.pkg->project, awaited,
                             searched.len ? xv_sb_str(&searched) : "no search path");
                    snprintf(hint, sizeof hint,
                             "verify %s together with %s (both tarballs as inputs) so the need "
                             "is checked", r.pkg->project, awaited);
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
    "DLL beside the .exe), shipped in another package of the same kind and platform, or "
    "provided by the platform's system library list (matrices/system-libs/). A .deb or .rpm "
    "is judged as installed at '/': its loader's default folders (Debian multiarch, rpm "
    "lib64), its own etc/ld.so.conf.d, and the packages its Depends/Requires declare.",
    "Ship the library beside the binary with a relative search path, or allow it for the "
    "platform in the matrix (platforms.<id>.allowed_libs).",
    run,
};
