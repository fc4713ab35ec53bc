/* A starter release matrix from a good release (include/xverify/init.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "xverify/init.h"
#include "xverify/diff.h"
#include "xverify/run.h"
#include "common/strbuf.h"

/* Caps: a matrix is read by people; past these it is cut and says so. */
#define XV_INIT_MAX_RULES 2000u
#define XV_INIT_MAX_REQUIRED 64u
#define XV_INIT_MAX_PLATFORMS 64u
#define XV_INIT_MAX_MANIFEST 256u

typedef struct strv {
    char **v;
    size_t n, cap;
} strv;

static int sv_add(strv *s, const char *x)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], x) == 0)
            return 0;
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 16;
        char **p = realloc(s->v, nc * sizeof *p);
        if (!p)
            return -1;
        s->v = p;
        s->cap = nc;
    }
    s->v[s->n] = strdup(x);
    if (!s->v[s->n])
        return -1;
    s->n++;
    return 0;
}

static void sv_free(strv *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct plat {
    char id[40];
    xv_libc libc;
    strv pkgs;               /* top-level package names */
    char glibc[32], glibcxx[32], cxxabi[32];
    xv_osver macos, windows;
    int has_macos, has_windows;
    strv manifest;
    strv exes;               /* member globs of executables, for smoke */
} plat;

typedef struct rule {
    char *match;
    strv exports;            /* today's exports (Mach-O without one leading _) */
    int has_exports;         /* a shared library: exports were collected */
    uint64_t size;           /* largest size matched */
} rule;

typedef struct ictx {
    plat plats[XV_INIT_MAX_PLATFORMS];
    size_t nplats;
    rule *rules;
    size_t nrules, caprules;
    int cut;
} ictx;

static plat *plat_get(ictx *c, const char *id)
{
    for (size_t i = 0; i < c->nplats; i++)
        if (strcmp(c->plats[i].id, id) == 0)
            return &c->plats[i];
    if (c->nplats >= XV_INIT_MAX_PLATFORMS) {
        c->cut = 1;
        return NULL;
    }
    plat *p = &c->plats[c->nplats++];
    memset(p, 0, sizeof *p);
    snprintf(p->id, sizeof p->id, "%s", id);
    return p;
}

static void keep_max(char *have, size_t n, const char *v)
{
    if (!v)
        return;
    if (!have[0] || xv_version_cmp(v, have) > 0)
        snprintf(have, n, "%s", v);
}

static int osv_gt(xv_osver a, xv_osver b)
{
    if (a.major != b.major)
        return a.major > b.major;
    if (a.minor != b.minor)
        return a.minor > b.minor;
    return a.patch > b.patch;
}

/* Linker-made symbols every ELF library defines: requiring them says nothing. */
static int boring_export(const xv_binary *b, const xv_sym *s)
{
    static const char *const elf[] = { "_init", "_fini", "_edata", "_end", "__bss_start", "_etext",
                                       "__data_start", "_DYNAMIC", "_GLOBAL_OFFSET_TABLE_", NULL };
    if (!s->name || !s->name[0])
        return 1;
    if (s->version && strcmp(s->name, s->version) == 0)
        return 1; /* the definition of a version node */
    if (b->format == XV_FMT_ELF)
        for (size_t i = 0; elf[i]; i++)
            if (strcmp(s->name, elf[i]) == 0)
                return 1;
    if (s->flags & XV_SYM_BY_ORDINAL)
        return 1;
    return 0;
}

static rule *rule_get(ictx *c, const char *match)
{
    for (size_t i = 0; i < c->nrules; i++)
        if (strcmp(c->rules[i].match, match) == 0)
            return &c->rules[i];
    if (c->nrules >= XV_INIT_MAX_RULES) {
        c->cut = 1;
        return NULL;
    }
    if (c->nrules == c->caprules) {
        size_t nc = c->caprules ? c->caprules * 2 : 32;
        rule *p = realloc(c->rules, nc * sizeof *p);
        if (!p)
            return NULL;
        c->rules = p;
        c->caprules = nc;
    }
    rule *r = &c->rules[c->nrules];
    memset(r, 0, sizeof *r);
    r->match = strdup(match);
    if (!r->match)
        return NULL;
    c->nrules++;
    return r;
}

/* Two files under one glob (a package without a platform folder, the same
 * path on two platforms): only the exports both have stay required. */
static void exports_into(rule *r, const xv_binary *b)
{
    strv now = { 0 };
    for (size_t i = 0; i < b->nexports; i++) {
        const xv_sym *s = &b->exports[i];
        if (boring_export(b, s))
            continue;
        const char *n = s->name;
        if (b->format == XV_FMT_MACHO && n[0] == '_')
            n++;
        if (sv_add(&now, n) != 0)
            break;
    }
    if (!r->has_exports) {
        r->exports = now;
        r->has_exports = 1;
        return;
    }
    strv keep = { 0 };
    for (size_t i = 0; i < r->exports.n; i++)
        for (size_t k = 0; k < now.n; k++)
            if (strcmp(r->exports.v[i], now.v[k]) == 0) {
                sv_add(&keep, r->exports.v[i]);
                break;
            }
    sv_free(&r->exports);
    sv_free(&now);
    r->exports = keep;
}

static void collect(ictx *c, const xv_dist *d)
{
    for (size_t i = 0; i < xv_dist_artifact_count(d); i++) {
        const xv_artifact *a = xv_dist_artifact(d, i);
        if (a->type != XV_ENTRY_FILE || !a->image || xv_image_format(a->image) == XV_FMT_NONE ||
            xv_image_count(a->image) == 0 || xv_image_error(a->image))
            continue;
        const xv_binary *b0 = xv_image_binary(a->image, 0);
        int lib = b0->kind == XV_KIND_SHARED || b0->kind == XV_KIND_BUNDLE;
        int exe = b0->kind == XV_KIND_EXE || b0->kind == XV_KIND_PIE;
        if (!lib && !exe)
            continue;
        char glob[4096];
        xv_diff_strip_versions(a->member ? a->member : a->path, "*", glob, sizeof glob);
        const xv_package *pkg = xv_dist_package(d, a->package);
        plat *p = a->platform.id[0] ? plat_get(c, a->platform.id) : NULL;
        if (p) {
            if (pkg && pkg->path && !strstr(pkg->path, "!/"))
                sv_add(&p->pkgs, pkg->name);
            if (!p->libc)
                p->libc = a->platform.libc;
            if (p->manifest.n < XV_INIT_MAX_MANIFEST)
                sv_add(&p->manifest, glob);
            else
                c->cut = 1;
            if (exe)
                sv_add(&p->exes, glob);
            for (size_t k = 0; k < xv_image_count(a->image); k++) {
                const xv_binary *b = xv_image_binary(a->image, k);
                if (!p->libc && (b->libc == XV_LIBC_GLIBC || b->libc == XV_LIBC_MUSL))
                    p->libc = b->libc;
                keep_max(p->glibc, sizeof p->glibc, b->max_glibc);
                keep_max(p->glibcxx, sizeof p->glibcxx, b->max_glibcxx);
                keep_max(p->cxxabi, sizeof p->cxxabi, b->max_cxxabi);
                if (b->format == XV_FMT_MACHO && (b->min_os.major || b->min_os.minor) &&
                    (!p->has_macos || osv_gt(b->min_os, p->macos))) {
                    p->macos = b->min_os;
                    p->has_macos = 1;
                }
                if (b->format == XV_FMT_PE && (b->min_os.major || b->min_os.minor) &&
                    (!p->has_windows || osv_gt(b->min_os, p->windows))) {
                    p->windows = b->min_os;
                    p->has_windows = 1;
                }
            }
        }
        rule *r = rule_get(c, glob);
        if (!r)
            continue;
        if (a->size > r->size)
            r->size = a->size;
        if (lib)
            exports_into(r, b0);
    }
}

/* ---- writing ---- */

static void jstr(xv_strbuf *sb, const char *s)
{
    xv_sb_putc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            xv_sb_printf(sb, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            xv_sb_printf(sb, "\\u%04x", *p);
        else
            xv_sb_putc(sb, (char)*p);
    }
    xv_sb_putc(sb, '"');
}

/* A comment line must not end early: no newline, no control bytes. */
static void comment_text(xv_strbuf *sb, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        xv_sb_putc(sb, *p < 0x20 ? ' ' : (char)*p);
}

static const char *num_of(const char *v)
{
    const char *u = strrchr(v, '_');
    return u ? u + 1 : v;
}

typedef struct distro {
    const char *family, *release, *glibc;
} distro;

/* The first release of each family whose glibc is at least the floor. */
static const distro distros[] = {
    { "Debian", "10", "2.28" }, { "Debian", "11", "2.31" }, { "Debian", "12", "2.36" },
    { "Debian", "13", "2.41" }, { "Ubuntu", "18.04", "2.27" }, { "Ubuntu", "20.04", "2.31" },
    { "Ubuntu", "22.04", "2.35" }, { "Ubuntu", "24.04", "2.39" }, { "RHEL", "7", "2.17" },
    { "RHEL", "8", "2.28" }, { "RHEL", "9", "2.34" }, { "RHEL", "10", "2.39" },
    { NULL, NULL, NULL },
};

static void glibc_comment(xv_strbuf *sb, const char *floor)
{
    xv_sb_printf(sb, "      // Highest GLIBC_ version any binary needs today: runs on");
    const char *fam = NULL;
    int any = 0;
    for (size_t i = 0; distros[i].family; i++) {
        if (fam && strcmp(fam, distros[i].family) == 0)
            continue;
        if (xv_version_cmp(distros[i].glibc, floor) >= 0) {
            xv_sb_printf(sb, "%s %s %s+", any ? "," : "", distros[i].family, distros[i].release);
            fam = distros[i].family;
            any = 1;
        }
    }
    xv_sb_puts(sb, any ? ".\n" : " no distro release xverify knows.\n");
}

static const char *macos_name(xv_osver v)
{
    static const struct { unsigned maj, min; const char *name; } t[] = {
        { 10, 13, "High Sierra" }, { 10, 14, "Mojave" }, { 10, 15, "Catalina" }, { 11, 0, "Big Sur" },
        { 12, 0, "Monterey" }, { 13, 0, "Ventura" }, { 14, 0, "Sonoma" }, { 15, 0, "Sequoia" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (t[i].maj == v.major && (v.major > 10 || t[i].min == v.minor))
            return t[i].name;
    return NULL;
}

static const char *windows_name(xv_osver v)
{
    if (v.major == 5 && v.minor == 1) return "Windows XP";
    if (v.major == 5 && v.minor == 2) return "Windows XP x64 / Server 2003";
    if (v.major == 6 && v.minor == 0) return "Windows Vista";
    if (v.major == 6 && v.minor == 1) return "Windows 7";
    if (v.major == 6 && v.minor == 2) return "Windows 8";
    if (v.major == 6 && v.minor == 3) return "Windows 8.1";
    if (v.major == 10) return "Windows 10";
    return NULL;
}

static void glob_list(xv_strbuf *sb, strv *s, const char *indent)
{
    qsort(s->v, s->n, sizeof *s->v, cmp_cstr);
    xv_sb_putc(sb, '[');
    for (size_t i = 0; i < s->n; i++) {
        xv_sb_printf(sb, "%s\n%s", i ? "," : "", indent);
        jstr(sb, s->v[i]);
    }
    xv_sb_printf(sb, "\n%.*s]", (int)(strlen(indent) >= 2 ? strlen(indent) - 2 : 0), indent);
}

/* Size +50 %, rounded up to two significant digits, in KB/MB/GB (1000^n). */
static void budget(uint64_t size, char *out, size_t n)
{
    double v = (double)size * 1.5;
    const char *unit = "B";
    double div = 1;
    if (v >= 1e9) { unit = "GB"; div = 1e9; }
    else if (v >= 1e6) { unit = "MB"; div = 1e6; }
    else if (v >= 1e3) { unit = "KB"; div = 1e3; }
    double x = v / div; /* 1 <= x < 1000 */
    double step = x >= 100 ? 10 : x >= 10 ? 1 : 0.1;
    double r = (double)(long long)(x / step) * step;
    if (r < x)
        r += step;
    if (step < 1)
        snprintf(out, n, "%.1f%s", r, unit);
    else
        snprintf(out, n, "%.0f%s", r, unit);
}

/* Required export globs: the names, or "prefix*" where at least four names
 * share the prefix up to their first '_' after a leading part. */
static void required(xv_strbuf *sb, strv *ex, int *cut)
{
    qsort(ex->v, ex->n, sizeof *ex->v, cmp_cstr);
    strv out = { 0 };
    int grouped = ex->n > 16;
    for (size_t i = 0; i < ex->n;) {
        const char *s = ex->v[i];
        size_t j = i + 1;
        if (grouped) {
            const char *u = s;
            while (*u == '_')
                u++;
            u = strchr(u, '_');
            if (u) {
                size_t pl = (size_t)(u - s) + 1;
                while (j < ex->n && strncmp(ex->v[j], s, pl) == 0)
                    j++;
                if (j - i >= 4) {
                    char g[512];
                    snprintf(g, sizeof g, "%.*s*", (int)(pl < 500 ? pl : 500), s);
                    sv_add(&out, g);
                    i = j;
                    continue;
                }
                j = i + 1;
            }
        }
        sv_add(&out, s);
        i = j;
    }
    size_t shown = out.n;
    if (shown > XV_INIT_MAX_REQUIRED) {
        *cut = 1;
        shown = XV_INIT_MAX_REQUIRED;
    }
    xv_sb_puts(sb, "\"required\": [");
    for (size_t i = 0; i < shown; i++) {
        xv_sb_puts(sb, i ? ", " : "");
        jstr(sb, out.v[i]);
    }
    xv_sb_puts(sb, "]");
    sv_free(&out);
}

/* Runners here, by platform id: the host's own arch natively, qemu for a
 * Linux arch with qemu-<arch> and a cross libc folder, wine for Windows x64. */
static int in_path(const char *prog)
{
    const char *path = getenv("PATH");
    char buf[4096];
    for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
        const char *e = strchr(p, ':');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        snprintf(buf, sizeof buf, "%.*s/%s", (int)(len < 4000 ? len : 4000), p, prog);
        if (access(buf, X_OK) == 0)
            return 1;
        p = e ? e + 1 : p + len;
    }
    return 0;
}

static const char *runner_for(const xv_init_opts *o, const char *id)
{
    if (o && o->runners) {
        size_t il = strlen(id);
        for (size_t i = 0; i < o->nrunners; i++)
            if (strncmp(o->runners[i], id, il) == 0 && o->runners[i][il] == '=')
                return o->runners[i] + il + 1;
        return NULL;
    }
    static const struct { const char *id, *machine, *qemu, *sysroot; } t[] = {
        { "linux_amd64", "x86_64", "qemu-x86_64", "/usr/x86_64-linux-gnu" },
        { "linux_arm64", "aarch64", "qemu-aarch64", "/usr/aarch64-linux-gnu" },
        { "linux_armv7", "armv7l", "qemu-arm", "/usr/arm-linux-gnueabihf" },
        { "linux_riscv64", "riscv64", "qemu-riscv64", "/usr/riscv64-linux-gnu" },
        { "linux_386", "i686", "qemu-i386", "/usr/i686-linux-gnu" },
    };
    struct utsname u;
    const char *machine = uname(&u) == 0 ? u.machine : "";
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (strcmp(id, t[i].id) != 0)
            continue;
        if (strcmp(machine, t[i].machine) == 0)
            return "native";
        struct stat st;
        if (in_path(t[i].qemu) && stat(t[i].sysroot, &st) == 0)
            return "qemu";
        return NULL;
    }
    if (strcmp(id, "windows_amd64") == 0 && strcmp(machine, "x86_64") == 0 &&
        (in_path("wine") || in_path("wine64")))
        return "wine";
    return NULL;
}

static void write_platform(xv_strbuf *sb, plat *p)
{
    jstr(sb, p->id);
    xv_sb_puts(sb, ": {\n");
    int first = 1;
#define SEP() do { if (!first) xv_sb_puts(sb, ",\n"); first = 0; } while (0)
    if (p->pkgs.n > 1)
        xv_sb_printf(sb, "      // %zu packages hold %s: each is found by the platform id in its name.\n",
                     p->pkgs.n, p->id);
    if (p->pkgs.n == 1) {
        char g[512];
        xv_diff_strip_versions(p->pkgs.v[0], "*", g, sizeof g);
        SEP();
        xv_sb_puts(sb, "      \"package\": ");
        jstr(sb, g);
    }
    if (p->libc == XV_LIBC_GLIBC || p->libc == XV_LIBC_MUSL) {
        SEP();
        xv_sb_printf(sb, "      \"libc\": \"%s\"", p->libc == XV_LIBC_MUSL ? "musl" : "glibc");
    }
    if (p->glibc[0]) {
        SEP();
        glibc_comment(sb, num_of(p->glibc));
        xv_sb_printf(sb, "      \"glibc\": \"%s\"", num_of(p->glibc));
    }
    if (p->glibcxx[0]) {
        SEP();
        xv_sb_printf(sb, "      // Highest GLIBCXX_ version needed today (libstdc++ of GCC that shipped it or later).\n"
                         "      \"glibcxx\": \"%s\"", num_of(p->glibcxx));
    }
    if (p->cxxabi[0]) {
        SEP();
        xv_sb_printf(sb, "      \"cxxabi\": \"%s\"", num_of(p->cxxabi));
    }
    if (p->has_macos) {
        SEP();
        const char *n = macos_name(p->macos);
        xv_sb_printf(sb, "      // Highest minimum macOS (minos) of any binary today%s%s%s.\n",
                     n ? ": macOS " : "", n ? n : "", n ? " and later" : "");
        xv_sb_printf(sb, "      \"macos_min\": \"%u.%u\"", p->macos.major, p->macos.minor);
    }
    if (p->has_windows) {
        SEP();
        const char *n = windows_name(p->windows);
        xv_sb_printf(sb, "      // Highest PE subsystem version today%s%s%s.\n", n ? ": " : "", n ? n : "",
                     n ? " and later" : "");
        xv_sb_printf(sb, "      \"windows_min\": \"%u.%u\"", p->windows.major, p->windows.minor);
    }
    if (p->manifest.n) {
        SEP();
        xv_sb_puts(sb, "      // Executables and libraries the package holds today (versions globbed).\n"
                       "      \"manifest\": ");
        glob_list(sb, &p->manifest, "        ");
    }
#undef SEP
    xv_sb_puts(sb, "\n    }");
}

char *xv_init_matrix(const xv_dist *d, const xv_init_opts *o)
{
    ictx *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    collect(c, d);
    xv_strbuf sb;
    xv_sb_init(&sb);
    xv_sb_puts(&sb, "// Starter release matrix written by `xverify init` from ");
    comment_text(&sb, o && o->label ? o->label : "the release");
    xv_sb_puts(&sb, ".\n"
                    "// Every promise below is what that release holds today: review it, tighten\n"
                    "// or relax it, and commit it. Schema: matrices/schema.json; docs/matrix.md.\n"
                    "{\n");
    /* platforms */
    xv_sb_puts(&sb, "  // The platforms the release must contain, with today's floors.\n  \"platforms\": {");
    for (size_t i = 0; i < c->nplats; i++) {
        xv_sb_puts(&sb, i ? ",\n    " : "\n    ");
        write_platform(&sb, &c->plats[i]);
    }
    xv_sb_puts(&sb, c->nplats ? "\n  },\n" : "},\n");
    /* files */
    xv_sb_puts(&sb, "  // Per file: the exports users link against today (symbols.exports) and a\n"
                    "  // size budget of today's size +50 % (size.budget).\n  \"files\": [");
    for (size_t i = 0; i < c->nrules; i++) {
        rule *r = &c->rules[i];
        char b[32];
        budget(r->size, b, sizeof b);
        xv_sb_puts(&sb, i ? ",\n    { \"match\": " : "\n    { \"match\": ");
        jstr(&sb, r->match);
        if (r->has_exports && r->exports.n) {
            xv_sb_puts(&sb, ",\n      \"exports\": { ");
            required(&sb, &r->exports, &c->cut);
            xv_sb_puts(&sb, " },\n     ");
        } else {
            xv_sb_puts(&sb, ",");
        }
        xv_sb_printf(&sb, " \"size\": { \"max\": \"%s\" } }", b);
    }
    xv_sb_puts(&sb, c->nrules ? "\n  ],\n" : "],\n");
    /* baseline */
    if (o && o->baseline_path) {
        xv_sb_puts(&sb, "  // The release this matrix was made from: the next release is compared with it\n"
                        "  // (size.baseline, abi.exports, deps.baseline, floors.baseline, hardening.baseline).\n"
                        "  // Point it at the previous release once this one is published.\n"
                        "  \"baseline\": { \"path\": ");
        jstr(&sb, o->baseline_path);
        xv_sb_puts(&sb, " },\n");
    }
    /* smoke */
    strv envs = { 0 };
    xv_sb_puts(&sb, "  // Smoke tests: each program answers --version (any exit code: that it loads\n"
                    "  // and runs is the test) on the platforms with a runner on the machine that\n"
                    "  // ran `xverify init`.\n  \"smoke\": {\n    \"environments\": {");
    size_t ne = 0;
    for (size_t i = 0; i < c->nplats; i++) {
        const char *rn = c->plats[i].exes.n ? runner_for(o, c->plats[i].id) : NULL;
        if (!rn)
            continue;
        xv_sb_printf(&sb, "%s\n      ", ne++ ? "," : "");
        jstr(&sb, c->plats[i].id);
        xv_sb_puts(&sb, ": [");
        jstr(&sb, rn);
        xv_sb_puts(&sb, "]");
        sv_add(&envs, c->plats[i].id);
    }
    xv_sb_puts(&sb, ne ? "\n    },\n    \"commands\": [" : "},\n    \"commands\": [");
    size_t nc = 0;
    for (size_t i = 0; i < c->nplats; i++) {
        plat *p = &c->plats[i];
        int has = 0;
        for (size_t k = 0; k < envs.n; k++)
            has |= strcmp(envs.v[k], p->id) == 0;
        if (!has)
            continue;
        qsort(p->exes.v, p->exes.n, sizeof *p->exes.v, cmp_cstr);
        for (size_t k = 0; k < p->exes.n; k++) {
            xv_sb_printf(&sb, "%s\n      { \"match\": ", nc++ ? "," : "");
            jstr(&sb, p->exes.v[k]);
            xv_sb_puts(&sb, ", \"argv\": [\"{file}\", \"--version\"], \"exit\": \"any\", \"platforms\": [");
            jstr(&sb, p->id);
            xv_sb_puts(&sb, "] }");
        }
    }
    xv_sb_puts(&sb, nc ? "\n    ]\n  }" : "]\n  }");
    if (o && o->nwaivers) {
        xv_sb_puts(&sb, ",\n  // Findings on this release that no promise above can express: accepted\n"
                        "  // when the matrix was written. Fix them, or keep each on purpose (an\n"
                        "  // \"expires\": \"YYYY-MM-DD\" makes it come back).\n  \"waivers\": [");
        for (size_t i = 0; i < o->nwaivers; i++) {
            xv_sb_puts(&sb, i ? ",\n    { \"check\": " : "\n    { \"check\": ");
            jstr(&sb, o->waivers[i][0]);
            xv_sb_puts(&sb, ", \"match\": ");
            jstr(&sb, o->waivers[i][1]);
            xv_sb_puts(&sb, ",\n      \"reason\": ");
            jstr(&sb, o->waivers[i][2]);
            xv_sb_puts(&sb, " }");
        }
        xv_sb_puts(&sb, "\n  ]");
    }
    xv_sb_puts(&sb, "\n}\n");
    if (c->cut)
        xv_sb_puts(&sb, "// Cut: the release has more platforms, files or exports than a starter matrix lists.\n");
    sv_free(&envs);
    for (size_t i = 0; i < c->nplats; i++) {
        sv_free(&c->plats[i].pkgs);
        sv_free(&c->plats[i].manifest);
        sv_free(&c->plats[i].exes);
    }
    for (size_t i = 0; i < c->nrules; i++) {
        free(c->rules[i].match);
        sv_free(&c->rules[i].exports);
    }
    free(c->rules);
    free(c);
    return xv_sb_take(&sb);
}

/* ---- init with waivers for today's findings ---- */

#define XV_INIT_MAX_WAIVERS 500u

typedef struct wlist {
    char *(*w)[3];
    size_t n;
} wlist;

static void wlist_free(wlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        for (int k = 0; k < 3; k++)
            free(l->w[i][k]);
    free(l->w);
}

/* One waiver per check and member glob: the same finding on two platforms'
 * copies of a file under one glob is one waiver. */
static void wlist_add(wlist *l, const char *check, const char *match, const char *reason)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->w[i][0], check) == 0 && strcmp(l->w[i][1], match) == 0)
            return;
    if (l->n >= XV_INIT_MAX_WAIVERS)
        return;
    char *(*nw)[3] = realloc(l->w, (l->n + 1) * sizeof *nw);
    if (!nw)
        return;
    l->w = nw;
    char *r = malloc(strlen(reason) + 64);
    if (r)
        sprintf(r, "found when the matrix was written: %s", reason);
    l->w[l->n][0] = strdup(check);
    l->w[l->n][1] = strdup(match);
    l->w[l->n][2] = r;
    if (!l->w[l->n][0] || !l->w[l->n][1] || !r) {
        for (int k = 0; k < 3; k++)
            free(l->w[l->n][k]);
        return;
    }
    l->n++;
}

xv_status xv_init_release(const char *path, const xv_init_opts *opts, char **text, size_t *nwaived,
                          char *err, size_t errlen)
{
    *text = NULL;
    *nwaived = 0;
    xv_dist_opts dopts;
    xv_dist_opts_init(&dopts);
    xv_dist *d = NULL;
    const char *paths[1] = { path };
    xv_status st = xv_dist_open(paths, 1, &dopts, &d);
    if (st != XV_OK) {
        snprintf(err, errlen, "cannot read the release %s: %s", path,
                 d && xv_dist_error(d) ? xv_dist_error(d) : xv_status_str(st));
        xv_dist_free(d);
        return st == XV_EIO ? XV_EUSAGE : st;
    }
    xv_init_opts o;
    if (opts)
        o = *opts;
    else
        memset(&o, 0, sizeof o);
    o.waivers = NULL;
    o.nwaivers = 0;
    char *first = xv_init_matrix(d, &o);
    if (!first) {
        xv_dist_free(d);
        snprintf(err, errlen, "out of memory");
        return XV_ENOMEM;
    }
    /* Judge the release against the matrix just written. */
    const char *tmpdir = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/xverify-init.XXXXXX.json", tmpdir && tmpdir[0] ? tmpdir : "/tmp");
    int fd = mkstemps(tmpl, 5);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    int wrote = f && fputs(first, f) >= 0;
    if (f)
        wrote = (fclose(f) == 0) && wrote;
    else if (fd >= 0)
        close(fd);
    wlist wl = { NULL, 0 };
    if (wrote) {
        xv_run_opts ro;
        xv_run_opts_init(&ro);
        ro.matrix_path = tmpl;
        ro.smoke = 0;
        ro.jobs = 1;
        xv_run *run = xv_run_new(&ro);
        if (run && xv_run_add_input(run, path) == XV_OK && xv_run_execute(run) == XV_OK) {
            for (size_t i = 0; i < xv_run_result_count(run); i++) {
                const xv_result *r = xv_run_result(run, i);
                if (r->verdict != XV_FAIL && r->verdict != XV_ERROR)
                    continue;
                /* the subject from its top-level package's name on, versions
                 * globbed: "**\/tool-linux-x64-*.tgz!/bin/tool" names one
                 * platform's file and any later release of it */
                const char *subj = r->subject ? r->subject : "";
                const char *pkg = r->package ? r->package : "";
                const char *bang = strstr(pkg, "!/");
                size_t pl = bang ? (size_t)(bang - pkg) : strlen(pkg), cut = 0;
                for (size_t k = 0; k < pl; k++)
                    if (pkg[k] == '/')
                        cut = k + 1;
                char tmp[4096], glob[4096];
                if (pl && strncmp(subj, pkg, cut) == 0) {
                    snprintf(tmp, sizeof tmp, "%s%s", cut ? "**/" : "", subj + cut);
                    xv_diff_strip_versions(tmp, "*", glob, sizeof glob);
                } else {
                    xv_diff_strip_versions(subj, "*", glob, sizeof glob);
                }
                wlist_add(&wl, r->check, glob, r->message ? r->message : r->check);
            }
        }
        xv_run_free(run);
    }
    unlink(tmpl);
    if (!wl.n) {
        *text = first;
        xv_dist_free(d);
        return XV_OK;
    }
    free(first);
    o.waivers = (const char *const (*)[3])wl.w;
    o.nwaivers = wl.n;
    *text = xv_init_matrix(d, &o);
    *nwaived = wl.n;
    wlist_free(&wl);
    xv_dist_free(d);
    if (!*text) {
        snprintf(err, errlen, "out of memory");
        return XV_ENOMEM;
    }
    return XV_OK;
}
