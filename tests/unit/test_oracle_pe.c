/* Differential test of the PE reader against llvm-readobj (and LIEF 0.9 when
 * the build links it: XV_HAVE_LIEF) on every PE fixture of
 * $XV_FIXTURES/pe and on the hand-made valid image of the fuzz corpus.
 *
 * Compared: COFF machine and arch name, PE32/PE32+, subsystem,
 * DllCharacteristics, imported DLLs in order (delay-load ones flagged),
 * imported functions per DLL in order (by name or "#ordinal"), exports
 * (ordinal, name or "#ordinal", forwarder or not), the CodeView PDB path. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* popen, getline, open_memstream (CMake sets it too) */
#endif
#include "xvtest.h"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xverify/binary.h"

#define MAXN 4096

typedef struct oracle {
    unsigned machine, magic, subsystem, dllchar;
    char arch[32];
    unsigned long exp_rva, exp_size;
    size_t ndeps;
    char *deps[MAXN];
    int dep_delay[MAXN];
    size_t nimps;
    char *imp[MAXN];        /* "dll!name" */
    size_t nexps;
    char *exp[MAXN];        /* "ordinal name forwarder?" */
    char *pdb;
} oracle;

static void oracle_free(oracle *o)
{
    for (size_t i = 0; i < o->ndeps; i++)
        free(o->deps[i]);
    for (size_t i = 0; i < o->nimps; i++)
        free(o->imp[i]);
    for (size_t i = 0; i < o->nexps; i++)
        free(o->exp[i]);
    free(o->pdb);
    memset(o, 0, sizeof *o);
}

static int have_tool(const char *t)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", t);
    return system(cmd) == 0;
}

static const char *after(const char *line, const char *key)
{
    size_t n = strlen(key);
    return strncmp(line, key, n) == 0 ? line + n : NULL;
}

static unsigned paren_hex(const char *s)
{
    const char *p = strrchr(s, '(');
    return p ? (unsigned)strtoul(p + 1, NULL, 16) : 0;
}

static char *xstrdup_trim(const char *s)
{
    char *d = strdup(s);
    size_t n = strlen(d);
    while (n && (d[n - 1] == '\n' || d[n - 1] == ' '))
        d[--n] = '\0';
    return d;
}

/* Runs llvm-readobj on path and fills o. Returns 0 on success. */
static int run_readobj(const char *path, oracle *o)
{
    char cmd[4352];
    memset(o, 0, sizeof *o);
    snprintf(cmd, sizeof cmd, "llvm-readobj --file-headers --coff-imports --coff-exports "
             "--coff-debug-directory '%s' 2>/dev/null", path);
    FILE *f = popen(cmd, "r");
    if (!f)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    enum { NONE, IMPORT, DELAY, EXPORT } blk = NONE;
    int seen_subsystem = 0;
    unsigned long cur_ord = 0, cur_rva = 0;
    char *cur_name = NULL;
    char dll[512] = "";
    while (getline(&line, &cap, f) > 0) {
        const char *t = line;
        while (*t == ' ')
            t++;
        const char *v;
        if (line[0] != ' ') {
            if (strncmp(line, "Import {", 8) == 0)
                blk = IMPORT;
            else if (strncmp(line, "DelayImport {", 13) == 0)
                blk = DELAY;
            else if (strncmp(line, "Export {", 8) == 0) {
                blk = EXPORT;
                cur_ord = cur_rva = 0;
                free(cur_name);
                cur_name = NULL;
            } else if (line[0] == '}' && blk == EXPORT) {
                if (cur_rva != 0 && o->nexps < MAXN) {
                    char buf[1024];
                    int fwd = cur_rva >= o->exp_rva && cur_rva - o->exp_rva < o->exp_size;
                    if (cur_name && *cur_name)
                        snprintf(buf, sizeof buf, "%lu %s%s", cur_ord, cur_name, fwd ? " fwd" : "");
                    else
                        snprintf(buf, sizeof buf, "%lu #%lu%s", cur_ord, cur_ord, fwd ? " fwd" : "");
                    o->exp[o->nexps++] = strdup(buf);
                }
                blk = NONE;
            } else if (line[0] == '}') {
                blk = NONE;
            } else if ((v = after(line, "Arch: ")) != NULL) {
                snprintf(o->arch, sizeof o->arch, "%s", v);
                o->arch[strcspn(o->arch, "\n")] = '\0';
            }
            continue;
        }
        if ((v = after(t, "Machine: ")) != NULL)
            o->machine = paren_hex(v);
        else if ((v = after(t, "Magic: 0x")) != NULL)
            o->magic = (unsigned)strtoul(v, NULL, 16);
        else if ((v = after(t, "Subsystem: ")) != NULL) {
            o->subsystem = paren_hex(v);
            seen_subsystem = 1;
        } else if ((v = after(t, "Characteristics [ (0x")) != NULL && seen_subsystem == 1) {
            o->dllchar = (unsigned)strtoul(v, NULL, 16);
            seen_subsystem = 2;
        } else if ((v = after(t, "ExportTableRVA: 0x")) != NULL)
            o->exp_rva = strtoul(v, NULL, 16);
        else if ((v = after(t, "ExportTableSize: 0x")) != NULL)
            o->exp_size = strtoul(v, NULL, 16);
        else if ((v = after(t, "PDBFileName: ")) != NULL && !o->pdb)
            o->pdb = xstrdup_trim(v);
        else if ((blk == IMPORT || blk == DELAY) && (v = after(t, "Name: ")) != NULL &&
                 line[2] != ' ') {
            snprintf(dll, sizeof dll, "%s", v);
            dll[strcspn(dll, "\n")] = '\0';
            if (o->ndeps < MAXN) {
                o->dep_delay[o->ndeps] = blk == DELAY;
                o->deps[o->ndeps++] = strdup(dll);
            }
        } else if ((blk == IMPORT || blk == DELAY) && (v = after(t, "Symbol: ")) != NULL) {
            char buf[1024];
            char *nm = xstrdup_trim(v);
            char *sp = strrchr(nm, '(');
            unsigned long ord = sp ? strtoul(sp + 1, NULL, 10) : 0;
            if (sp && sp > nm)
                sp[-1] = '\0';
            else if (sp)
                *sp = '\0';
            if (*nm)
                snprintf(buf, sizeof buf, "%s!%s%s", dll, nm, blk == DELAY ? " delay" : "");
            else
                snprintf(buf, sizeof buf, "%s!#%lu%s", dll, ord, blk == DELAY ? " delay" : "");
            free(nm);
            if (o->nimps < MAXN)
                o->imp[o->nimps++] = strdup(buf);
        } else if (blk == EXPORT && (v = after(t, "Ordinal: ")) != NULL)
            cur_ord = strtoul(v, NULL, 10);
        else if (blk == EXPORT && (v = after(t, "Name: ")) != NULL) {
            free(cur_name);
            cur_name = xstrdup_trim(v);
        } else if (blk == EXPORT && (v = after(t, "RVA: 0x")) != NULL)
            cur_rva = strtoul(v, NULL, 16);
    }
    free(line);
    free(cur_name);
    int rc = pclose(f);
    return (WIFEXITED(rc) && WEXITSTATUS(rc) == 0) ? 0 : -1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int diffs;

#define CHECK(cond, ...)                                                  \
    do {                                                                  \
        if (!(cond)) {                                                    \
            fprintf(stderr, "DIFF %s: ", path);                           \
            fprintf(stderr, __VA_ARGS__);                                 \
            fprintf(stderr, "\n");                                        \
            diffs++;                                                      \
        }                                                                 \
    } while (0)

static void compare_file(const char *path)
{
    oracle o;
    if (run_readobj(path, &o) != 0) {
        fprintf(stderr, "DIFF %s: llvm-readobj failed on it\n", path);
        diffs++;
        oracle_free(&o);
        return;
    }
    xv_image *img = NULL;
    xv_status st = xv_image_read_file(path, NULL, &img);
    CHECK(st == XV_OK, "xverify status %d: %s", st, img && xv_image_error(img) ? xv_image_error(img) : "");
    const xv_binary *b = xv_image_binary(img, 0);
    if (!b || !b->pe) {
        CHECK(0, "no binary read");
        xv_image_free(img);
        oracle_free(&o);
        return;
    }
    CHECK(b->pe->machine == o.machine, "machine 0x%x vs llvm 0x%x", b->pe->machine, o.machine);
    CHECK(strcmp(b->arch, o.arch) == 0, "arch %s vs llvm %s", b->arch, o.arch);
    CHECK((b->pe->pe32plus ? 0x20bu : 0x10bu) == o.magic, "magic vs llvm 0x%x", o.magic);
    CHECK(b->pe->subsystem == o.subsystem, "subsystem %u vs llvm %u", b->pe->subsystem, o.subsystem);
    CHECK(b->pe->dll_characteristics == o.dllchar, "DllCharacteristics 0x%x vs llvm 0x%x",
          b->pe->dll_characteristics, o.dllchar);
    CHECK(b->ndeps == o.ndeps, "%zu DLLs vs llvm %zu", b->ndeps, o.ndeps);
    for (size_t i = 0; i < b->ndeps && i < o.ndeps; i++) {
        CHECK(strcmp(b->deps[i].name, o.deps[i]) == 0, "DLL %zu: %s vs llvm %s", i, b->deps[i].name, o.deps[i]);
        CHECK(!!(b->deps[i].flags & XV_DEP_DELAY) == o.dep_delay[i], "DLL %s delay flag", o.deps[i]);
    }
    CHECK(b->nimports == o.nimps, "%zu imports vs llvm %zu", b->nimports, o.nimps);
    for (size_t i = 0; i < b->nimports && i < o.nimps; i++) {
        char buf[1024];
        snprintf(buf, sizeof buf, "%s!%s%s", b->imports[i].library, b->imports[i].name,
                 (b->imports[i].flags & XV_SYM_DELAY) ? " delay" : "");
        CHECK(strcmp(buf, o.imp[i]) == 0, "import %zu: %s vs llvm %s", i, buf, o.imp[i]);
    }
    char **mine = calloc(b->nexports + 1, sizeof *mine);
    for (size_t i = 0; i < b->nexports; i++) {
        char buf[1024];
        snprintf(buf, sizeof buf, "%u %s%s", b->exports[i].ordinal, b->exports[i].name,
                 (b->exports[i].flags & XV_SYM_FORWARDER) ? " fwd" : "");
        mine[i] = strdup(buf);
    }
    qsort(mine, b->nexports, sizeof *mine, cmp_str);
    qsort(o.exp, o.nexps, sizeof *o.exp, cmp_str);
    CHECK(b->nexports == o.nexps, "%zu exports vs llvm %zu", b->nexports, o.nexps);
    for (size_t i = 0; i < b->nexports && i < o.nexps; i++)
        CHECK(strcmp(mine[i], o.exp[i]) == 0, "export %s vs llvm %s", mine[i], o.exp[i]);
    for (size_t i = 0; i < b->nexports; i++)
        free(mine[i]);
    free(mine);
    if (o.pdb || b->pdb_path)
        CHECK(o.pdb && b->pdb_path && strcmp(o.pdb, b->pdb_path) == 0, "pdb %s vs llvm %s",
              b->pdb_path ? b->pdb_path : "(none)", o.pdb ? o.pdb : "(none)");
    xv_image_free(img);
    oracle_free(&o);
}

static int is_pe_name(const char *n)
{
    size_t l = strlen(n);
    return l > 4 && (strcmp(n + l - 4, ".exe") == 0 || strcmp(n + l - 4, ".dll") == 0 ||
                     strcmp(n + l - 4, ".efi") == 0);
}

static void test_readobj(void **state)
{
    (void)state;
    if (!have_tool("llvm-readobj"))
        XV_SKIP_OR_FAIL("llvm-readobj not installed (package llvm)");
    const char *dir = xv_fixture("pe");
    DIR *d = opendir(dir);
    if (!d)
        XV_SKIP_OR_FAIL("fixtures not built: %s", dir);
    struct dirent *e;
    int n = 0;
    diffs = 0;
    while ((e = readdir(d)) != NULL) {
        if (!is_pe_name(e->d_name))
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        compare_file(path);
        n++;
    }
    closedir(d);
    /* the hand-made valid images of the fuzz corpus */
    const char *src = getenv("XV_SOURCE_DIR");
    static const char *const tiny[] = {"tiny_valid.exe", "tiny_arm64x.dll", "tiny_arm64ec.exe",
                                        "tiny_dotnet.exe"};
    for (size_t i = 0; i < sizeof tiny / sizeof tiny[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/tests/fuzz/corpus/pe/%s", src ? src : ".", tiny[i]);
        compare_file(path);
        n++;
    }
    fprintf(stderr, "compared %d files with llvm-readobj: %d differences\n", n, diffs);
    assert_true(n >= 12);
    assert_int_equal(diffs, 0);
}

#ifdef XV_HAVE_LIEF
#include <LIEF/PE.h>

/* LIEF 0.9 may abort() on odd input: each file is read in a forked child,
 * which writes the DLL names, export names and machine to a pipe. */
static char *lief_dump(const char *path)
{
    int fds[2];
    if (pipe(fds) != 0)
        return NULL;
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        FILE *w = fdopen(fds[1], "w");
        Pe_Binary_t *pb = pe_parse(path);
        if (!pb || !w)
            _exit(3);
        fprintf(w, "machine %u\n", (unsigned)pb->header.machine);
        for (Pe_Import_t **im = pb->imports; im && *im; im++) {
            fprintf(w, "dll %s\n", (*im)->name);
            for (Pe_ImportEntry_t **ie = (*im)->entries; ie && *ie; ie++)
                if ((*ie)->name && *(*ie)->name)
                    fprintf(w, "imp %s!%s\n", (*im)->name, (*ie)->name);
        }
        fclose(w);
        pe_binary_destroy(pb);
        _exit(0);
    }
    close(fds[1]);
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    FILE *r = fdopen(fds[0], "r");
    char buf[4096];
    size_t k;
    while (r && m && (k = fread(buf, 1, sizeof buf, r)) > 0)
        fwrite(buf, 1, k, m);
    if (r)
        fclose(r);
    if (m)
        fclose(m);
    int stw = 0;
    waitpid(pid, &stw, 0);
    if (!WIFEXITED(stw) || WEXITSTATUS(stw) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

static void test_lief(void **state)
{
    (void)state;
    const char *dir = xv_fixture("pe");
    DIR *d = opendir(dir);
    if (!d)
        XV_SKIP_OR_FAIL("fixtures not built: %s", dir);
    struct dirent *e;
    int n = 0, read = 0;
    diffs = 0;
    while ((e = readdir(d)) != NULL) {
        if (!is_pe_name(e->d_name))
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        n++;
        char *dump = lief_dump(path);
        if (!dump) {
            fprintf(stderr, "LIEF 0.9 could not read %s (child failed); skipped for LIEF\n", path);
            continue;
        }
        read++;
        xv_image *img = NULL;
        xv_image_read_file(path, NULL, &img);
        const xv_binary *b = xv_image_binary(img, 0);
        char *mine = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&mine, &len);
        if (b && m) {
            fprintf(m, "machine %u\n", b->pe->machine);
            for (size_t i = 0; i < b->ndeps; i++) {
                if (b->deps[i].flags & XV_DEP_DELAY)
                    continue;   /* LIEF 0.9's C API has no delay imports */
                fprintf(m, "dll %s\n", b->deps[i].name);
                for (size_t j = 0; j < b->nimports; j++)
                    if (!(b->imports[j].flags & (XV_SYM_DELAY | XV_SYM_BY_ORDINAL)) &&
                        b->imports[j].library == b->deps[i].name)
                        fprintf(m, "imp %s!%s\n", b->deps[i].name, b->imports[j].name);
            }
        }
        if (m)
            fclose(m);
        CHECK(mine && strcmp(mine, dump) == 0, "LIEF disagrees:\n--- xverify\n%s--- LIEF\n%s",
              mine ? mine : "", dump);
        free(mine);
        free(dump);
        xv_image_free(img);
    }
    closedir(d);
    fprintf(stderr, "LIEF read %d of %d fixtures: %d differences\n", read, n, diffs);
    assert_true(read >= 1);
    assert_int_equal(diffs, 0);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readobj),
#ifdef XV_HAVE_LIEF
        cmocka_unit_test(test_lief),
#endif
    };
    return cmocka_run_group_tests_name("oracle_pe", tests, NULL, NULL);
}
