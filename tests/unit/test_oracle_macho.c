/* Differential test of the Mach-O reader against independent readers, on
 * every file of the macho fixture set:
 *   llvm-lipo -archs            arch of each slice (Apple's names)
 *   llvm-objdump --macho [--arch=A] --private-headers (= otool -l)
 *                               dylibs (name, weak, versions), LC_ID_DYLIB, LC_RPATH
 *   llvm-nm [--arch=A] -j ...   exported (extern defined) and imported (undefined) names
 *   LIEF 0.9 C API              cputype/subtype, dylib and rpath commands, symbols
 * LIEF runs in a forked child: it aborts the process on input it dislikes,
 * and an abort must be a reported difference, not a crashed test. Every
 * difference is printed; any difference in a fact fails the test. LIEF 0.9
 * dying on a file xverify reads (it aborts on fat64, which it predates) is
 * printed and counted but does not fail: the oracle, not the reader, is
 * lacking there. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "xvtest.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xverify/binary.h"

#ifdef XV_HAVE_LIEF
#include <LIEF/MachO.h>
#endif

#define MAXN 4096

typedef struct strlist {
    char *v[MAXN];
    size_t n;
} strlist;

static void sl_add(strlist *l, const char *s)
{
    if (l->n < MAXN)
        l->v[l->n++] = strdup(s);
}

static void sl_free(strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    l->n = 0;
}

static int cmpstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int g_diffs;
static int g_lief_died; /* LIEF 0.9 gave up on a file xverify read: reported, not failed */

/* Compares two lists as sets (sorted copies); prints what differs. */
static void sl_compare(const char *what, const char *file, strlist *ours, strlist *theirs, const char *oracle)
{
    qsort(ours->v, ours->n, sizeof ours->v[0], cmpstr);
    qsort(theirs->v, theirs->n, sizeof theirs->v[0], cmpstr);
    size_t i = 0, j = 0;
    while (i < ours->n || j < theirs->n) {
        int c = i >= ours->n ? 1 : j >= theirs->n ? -1 : strcmp(ours->v[i], theirs->v[j]);
        if (c == 0) {
            i++;
            j++;
        } else if (c < 0) {
            fprintf(stderr, "DIFF %s: %s: xverify has \"%s\", %s does not\n", file, what, ours->v[i++], oracle);
            g_diffs++;
        } else {
            fprintf(stderr, "DIFF %s: %s: %s has \"%s\", xverify does not\n", file, what, oracle, theirs->v[j++]);
            g_diffs++;
        }
    }
}

/* The first of two names found in PATH, malloc'd (freed at exit), or NULL. */
static const char *find_tool(const char *a, const char *b)
{
    const char *names[2] = {a, b};
    const char *path = getenv("PATH");
    for (int n = 0; n < 2; n++) {
        const char *p = path ? path : "/usr/bin";
        while (*p) {
            const char *e = strchr(p, ':');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            char cand[512];
            snprintf(cand, sizeof cand, "%.*s/%s", (int)len, p, names[n]);
            if (access(cand, X_OK) == 0)
                return strdup(cand);
            p += len + (e ? 1 : 0);
        }
    }
    return NULL;
}

/* Runs a shell command, one list entry per output line (trailing space and
 * newline stripped, empty lines skipped). Returns the exit status. */
static int run_lines(const char *cmd, strlist *out)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    char line[8192];
    while (fgets(line, sizeof line, p)) {
        size_t l = strlen(line);
        while (l && (line[l - 1] == '\n' || line[l - 1] == ' ' || line[l - 1] == '\r'))
            line[--l] = '\0';
        if (l)
            sl_add(out, line);
    }
    return pclose(p);
}

/* Apple's name for a slice, as llvm-lipo and llvm-otool -arch spell it. */
static const char *apple_arch(const xv_binary *b)
{
    if (b->arch_variant && strcmp(b->arch_variant, "arm64_32") != 0)
        return b->arch_variant;
    if (strcmp(b->arch, "aarch64") == 0)
        return b->arch_variant ? b->arch_variant : "arm64";
    return b->arch;
}

static const char *g_lipo, *g_otool, *g_nm;

static void version_str(uint32_t v, char *buf, size_t n)
{
    snprintf(buf, n, "%u.%u.%u", v >> 16, (v >> 8) & 0xff, v & 0xff);
}

/* otool -l: "dep <name> weak=<0|1> cur=<v> compat=<v>", "id <name> ...",
 * "rpath <path>", in file order. */
static void otool_facts(const char *file, const char *arch, strlist *out)
{
    char cmd[4096];
    strlist lines = {0};
    /* llvm-objdump --macho --private-headers prints what otool -l does, and
     * honours --arch (llvm-otool 14 ignores -arch: it always shows the first
     * slice of a universal file). */
    snprintf(cmd, sizeof cmd, "'%s' --macho %s%s --private-headers '%s' 2>&1", g_otool, arch ? "--arch=" : "",
             arch ? arch : "", file);
    run_lines(cmd, &lines);
    char curcmd[64] = "", name[4096] = "", cur[64] = "", compat[64] = "";
    for (size_t i = 0; i <= lines.n; i++) {
        const char *l = i < lines.n ? lines.v[i] : "Load command end";
        while (*l == ' ' || *l == '\t')
            l++;
        if (strncmp(l, "Load command", 12) == 0 || strncmp(l, "Section", 7) == 0) {
            if (name[0] && (strstr(curcmd, "DYLIB") != NULL)) {
                char buf[4300];
                int id = strcmp(curcmd, "LC_ID_DYLIB") == 0;
                snprintf(buf, sizeof buf, "%s %s weak=%d cur=%s compat=%s", id ? "id" : "dep", name,
                         strcmp(curcmd, "LC_LOAD_WEAK_DYLIB") == 0, cur, compat);
                sl_add(out, buf);
            }
            name[0] = cur[0] = compat[0] = '\0';
            if (strncmp(l, "Section", 7) == 0)
                curcmd[0] = '\0';
            continue;
        }
        if (strncmp(l, "cmd ", 4) == 0) {
            snprintf(curcmd, sizeof curcmd, "%s", l + 4);
        } else if (strncmp(l, "name ", 5) == 0 || strncmp(l, "path ", 5) == 0) {
            const char *s = l + 5;
            const char *e = strstr(s, " (offset ");
            size_t len = e ? (size_t)(e - s) : strlen(s);
            if (strncmp(l, "path ", 5) == 0 && strcmp(curcmd, "LC_RPATH") == 0) {
                char buf[4300];
                snprintf(buf, sizeof buf, "rpath %.*s", (int)len, s);
                sl_add(out, buf);
            } else {
                snprintf(name, sizeof name, "%.*s", (int)len, s);
            }
        } else if (strncmp(l, "current version ", 16) == 0) {
            snprintf(cur, sizeof cur, "%s", l + 16);
        } else if (strncmp(l, "compatibility version ", 22) == 0) {
            snprintf(compat, sizeof compat, "%s", l + 22);
        }
    }
    sl_free(&lines);
}

static void our_facts(const xv_binary *b, strlist *out)
{
    char buf[4300], c1[32], c2[32];
    if (b->soname) {
        version_str(b->macho->id_current_version, c1, sizeof c1);
        version_str(b->macho->id_compat_version, c2, sizeof c2);
        snprintf(buf, sizeof buf, "id %s weak=0 cur=%s compat=%s", b->soname, c1, c2);
        sl_add(out, buf);
    }
    for (size_t i = 0; i < b->ndeps; i++) {
        version_str(b->deps[i].current_version, c1, sizeof c1);
        version_str(b->deps[i].compat_version, c2, sizeof c2);
        snprintf(buf, sizeof buf, "dep %s weak=%d cur=%s compat=%s", b->deps[i].name,
                 (b->deps[i].flags & XV_DEP_WEAK) != 0, c1, c2);
        sl_add(out, buf);
    }
    for (size_t i = 0; i < b->nrpath; i++) {
        snprintf(buf, sizeof buf, "rpath %s", b->rpath[i]);
        sl_add(out, buf);
    }
}

/* Names from llvm-nm -m (which says "private external" for N_PEXT symbols:
 * hidden in an object, never exported from an image, so left out). */
static void nm_names(const char *file, const char *arch, const char *opts, strlist *out)
{
    char cmd[4096];
    strlist lines = {0};
    snprintf(cmd, sizeof cmd, "'%s' %s%s %s -m '%s' 2>/dev/null", g_nm, arch ? "--arch=" : "", arch ? arch : "",
             opts, file);
    run_lines(cmd, &lines);
    for (size_t i = 0; i < lines.n; i++) {
        const char *l = lines.v[i];
        if (strstr(l, "private external"))
            continue;
        const char *k = strstr(l, "external ");
        if (!k)
            continue;
        k += 9;
        if (strncmp(k, "[Thumb] ", 8) == 0) /* nm's marker for Thumb functions */
            k += 8;
        const char *e = strstr(k, " (");
        char buf[4096];
        snprintf(buf, sizeof buf, "%.*s", e ? (int)(e - k) : (int)strlen(k), k);
        sl_add(out, buf);
    }
    sl_free(&lines);
}

#ifdef XV_HAVE_LIEF
/* In the child: LIEF's view, one line per fact, "slice" between binaries. */
static void lief_child(const char *file, int fd)
{
    FILE *o = fdopen(fd, "w");
    Macho_Binary_t **bins = macho_parse(file);
    if (!bins || !o)
        _exit(3);
    for (size_t i = 0; bins[i]; i++) {
        Macho_Binary_t *b = bins[i];
        fprintf(o, "slice %u %u\n", (unsigned)b->header.cpu_type, b->header.cpu_subtype);
        for (size_t j = 0; b->commands && b->commands[j]; j++) {
            const Macho_Command_t *c = b->commands[j];
            uint32_t cmd = (uint32_t)c->command;
            const uint8_t *d = c->data;
            if (!d || c->size < 12)
                continue;
            uint32_t off = (uint32_t)d[8] | ((uint32_t)d[9] << 8) | ((uint32_t)d[10] << 16) | ((uint32_t)d[11] << 24);
            if (off >= c->size || !memchr(d + off, '\0', c->size - off))
                continue;
            const char *s = (const char *)d + off;
            if (cmd == 0xc || cmd == 0x80000018u || cmd == 0x8000001fu || cmd == 0x20 || cmd == 0x80000023u)
                fprintf(o, "dep %s\n", s);
            else if (cmd == 0xd)
                fprintf(o, "id %s\n", s);
            else if (cmd == 0x8000001cu)
                fprintf(o, "rpath %s\n", s);
        }
        for (size_t j = 0; b->symbols && b->symbols[j]; j++) {
            const Macho_Symbol_t *s = b->symbols[j];
            if (!s->name || !*s->name || (s->type & 0xe0) || !(s->type & 1))
                continue;
            if ((s->type & 0x0e) == 0)
                fprintf(o, "imp %s\n", s->name);
            else if (!(s->type & 0x10))
                fprintf(o, "exp %s\n", s->name);
        }
    }
    fclose(o);
    macho_binaries_destroy(bins);
    _exit(0);
}

/* Runs LIEF in a child; fills per-slice lists. Returns 0, or -1 when LIEF
 * died (reported as a difference by the caller). */
static int lief_facts(const char *file, strlist *slices, size_t maxslices, size_t *nslices)
{
    int p[2];
    if (pipe(p) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) {
            dup2(devnull, 1);
            dup2(devnull, 2);
        }
        lief_child(file, p[1]);
    }
    close(p[1]);
    FILE *in = fdopen(p[0], "r");
    char line[8192];
    *nslices = 0;
    while (in && fgets(line, sizeof line, in)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "slice ", 6) == 0) {
            if (*nslices < maxslices)
                (*nslices)++;
        }
        if (*nslices > 0)
            sl_add(&slices[*nslices - 1], line);
    }
    if (in)
        fclose(in);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) {
        fprintf(stderr, "NOTE %s: LIEF 0.9 died with signal %d (xverify read it)\n", file, WTERMSIG(status));
        return -1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "NOTE %s: LIEF 0.9 could not parse it (exit %d)\n", file, WEXITSTATUS(status));
        return -1;
    }
    return 0;
}

static void compare_lief(const char *file, const xv_image *img)
{
    strlist slices[8];
    memset(slices, 0, sizeof slices);
    size_t n = 0;
    if (lief_facts(file, slices, 8, &n) != 0) {
        g_lief_died++;
        return;
    }
    if (n != xv_image_count(img)) {
        fprintf(stderr, "DIFF %s: LIEF sees %zu binaries, xverify %zu\n", file, n, xv_image_count(img));
        g_diffs++;
    }
    for (size_t i = 0; i < n && i < xv_image_count(img); i++) {
        const xv_binary *b = xv_image_binary(img, i);
        strlist ours = {0}, theirs = {0};
        char buf[4300];
        snprintf(buf, sizeof buf, "slice %u %u", b->macho->cputype, b->macho->cpusubtype);
        sl_add(&ours, buf);
        if (b->soname) {
            snprintf(buf, sizeof buf, "id %s", b->soname);
            sl_add(&ours, buf);
        }
        for (size_t k = 0; k < b->ndeps; k++) {
            snprintf(buf, sizeof buf, "dep %s", b->deps[k].name);
            sl_add(&ours, buf);
        }
        for (size_t k = 0; k < b->nrpath; k++) {
            snprintf(buf, sizeof buf, "rpath %s", b->rpath[k]);
            sl_add(&ours, buf);
        }
        for (size_t k = 0; k < b->nimports; k++) {
            snprintf(buf, sizeof buf, "imp %s", b->imports[k].name);
            sl_add(&ours, buf);
        }
        for (size_t k = 0; k < b->nexports; k++) {
            snprintf(buf, sizeof buf, "exp %s", b->exports[k].name);
            sl_add(&ours, buf);
        }
        for (size_t k = 0; k < slices[i].n; k++)
            sl_add(&theirs, slices[i].v[k]);
        sl_compare("LIEF facts", file, &ours, &theirs, "LIEF 0.9");
        sl_free(&ours);
        sl_free(&theirs);
    }
    for (size_t i = 0; i < 8; i++)
        sl_free(&slices[i]);
}
#endif

static int g_files;

static void compare_file(const char *file)
{
    xv_image *img = NULL;
    xv_status st = xv_image_read_file(file, NULL, &img);
    if (st != XV_OK) {
        fprintf(stderr, "DIFF %s: xverify could not read it: %s\n", file, img ? xv_image_error(img) : "?");
        g_diffs++;
        xv_image_free(img);
        return;
    }
    g_files++;
    int fat = xv_image_format(img) == XV_FMT_MACHO_FAT;

    /* arch of each slice */
    strlist ours = {0}, theirs = {0}, tok = {0};
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' -archs '%s' 2>&1", g_lipo, file);
    run_lines(cmd, &tok);
    for (size_t i = 0; i < tok.n; i++) {
        char *save = NULL;
        for (char *t = strtok_r(tok.v[i], " ", &save); t; t = strtok_r(NULL, " ", &save))
            sl_add(&theirs, t);
    }
    for (size_t i = 0; i < xv_image_count(img); i++)
        sl_add(&ours, apple_arch(xv_image_binary(img, i)));
    sl_compare("arch", file, &ours, &theirs, "llvm-lipo");
    sl_free(&ours);
    sl_free(&theirs);
    sl_free(&tok);

    for (size_t i = 0; i < xv_image_count(img); i++) {
        const xv_binary *b = xv_image_binary(img, i);
        const char *arch = fat ? apple_arch(b) : NULL;
        our_facts(b, &ours);
        otool_facts(file, arch, &theirs);
        sl_compare("dylibs/install name/rpaths", file, &ours, &theirs, "llvm-objdump --macho");
        sl_free(&ours);
        sl_free(&theirs);

        for (size_t k = 0; k < b->nexports; k++)
            sl_add(&ours, b->exports[k].name);
        nm_names(file, arch, "--extern-only --defined-only", &theirs);
        sl_compare("exports", file, &ours, &theirs, "llvm-nm");
        sl_free(&ours);
        sl_free(&theirs);

        for (size_t k = 0; k < b->nimports; k++)
            sl_add(&ours, b->imports[k].name);
        nm_names(file, arch, "--undefined-only", &theirs);
        sl_compare("imports", file, &ours, &theirs, "llvm-nm");
        sl_free(&ours);
        sl_free(&theirs);
    }
#ifdef XV_HAVE_LIEF
    compare_lief(file, img);
#endif
    xv_image_free(img);
}

static void walk(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            walk(path);
        else if (S_ISREG(st.st_mode))
            compare_file(path);
    }
    closedir(d);
}

static void test_oracles(void **state)
{
    (void)state;
    g_lipo = find_tool("llvm-lipo", "llvm-lipo-14");
    g_otool = find_tool("llvm-objdump", "llvm-objdump-14");
    g_nm = find_tool("llvm-nm", "llvm-nm-14");
    if (!g_lipo || !g_otool || !g_nm)
        XV_SKIP_OR_FAIL("llvm-lipo, llvm-objdump or llvm-nm not installed (package llvm-14)");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", xv_fixture("macho"));
    struct stat st;
    if (stat(dir, &st) != 0)
        XV_SKIP_OR_FAIL("fixture set macho not built (%s)", dir);
#ifndef XV_HAVE_LIEF
    if (getenv("CI") && strcmp(getenv("CI"), "true") == 0)
        fail_msg("LIEF 0.9 (liblief-dev) not found at configure time: the LIEF oracle cannot run");
    fprintf(stderr, "note: built without LIEF (liblief-dev); only the llvm oracles run\n");
#endif
    walk(dir);
    fprintf(stderr, "compared %d Mach-O files, %d differences; LIEF 0.9 gave up on %d of them\n",
            g_files, g_diffs, g_lief_died);
    assert_true(g_files >= 20);
    assert_int_equal(g_diffs, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oracles),
    };
    return cmocka_run_group_tests_name("oracle_macho", tests, NULL, NULL);
}
