/* xverify inspect [--json] FILE...: print the facts read from binaries.
 *
 * With several files and --jobs above 1, worker threads read the files and
 * render each one's text or JSON into a buffer of its own; the buffers, and
 * the error lines, are printed in input order, so the output is the same
 * bytes for any --jobs. The readers share no mutable state: each
 * image has its own arena, libelf is initialised once (pthread_once) and
 * keeps its error code per thread, the file reader's messages use
 * strerror_r, and nothing on the way reads the environment or keeps a static
 * buffer (checked: src/formats, src/common). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "xverify/xverify.h"
#include "cli.h"
#include "opts.h"

static void inspect_usage(FILE *f)
{
    fputs("Usage: xverify inspect [--json] [--no-symbols] [--jobs N] FILE...\n"
          "\n"
          "Shows what xverify reads from ELF, Mach-O (thin and universal) and PE\n"
          "files: format, kind, arch, OS and libc, interpreter, soname/install\n"
          "name, needed libraries, rpath/runpath, required symbol versions, minimum\n"
          "OS, hardening, build id, sizes, exported and imported symbols.\n"
          "\n"
          "  --json         one JSON object per file, one per line (docs/inspect-json.md)\n"
          "  --no-symbols   skip symbol tables and the Rust std-path scan of read-only\n"
          "                 data (faster on large libraries)\n"
          "  -j, --jobs N   read N files at a time (default 0: the number of online\n"
          "                 CPUs); the output is the same for any N\n"
          "  -q, --quiet    print nothing but errors: the exit code tells\n"
          "  --color WHEN   accepted like everywhere; the facts have no colours\n"
          "\n"
          "A file that cannot be read entirely gets one line on stderr naming it and\n"
          "the fault; the other files are still shown. Exit: 0 all read, 1 some\n"
          "file unreadable or malformed, 2 usage error.\n", f);
}

enum { INSPECT_JSON = 1, INSPECT_NO_SYMBOLS, INSPECT_JOBS };

static const xv_cli_opt inspect_opts[] = {
    { "json", 0, 0, INSPECT_JSON, NULL },
    { "no-symbols", 0, 0, INSPECT_NO_SYMBOLS, NULL },
    { "jobs", 'j', 1, INSPECT_JOBS, "N" },
    XV_CLI_COMMON_OPTS,
    { NULL, 0, 0, 0, NULL },
};

typedef struct inspect_args {
    int json;
    int jobs;                  /* 0: the number of online CPUs */
    xv_read_opts ro;
    xv_cli_common common;
} inspect_args;

static int inspect_option(void *ud, int id, const char *value, const char *as_typed)
{
    inspect_args *ia = ud;
    (void)as_typed;
    int rc = xv_cli_common_handle("xverify inspect", &ia->common, id, value);
    if (rc >= 0)
        return rc;
    if (id == INSPECT_JSON)
        ia->json = 1;
    else if (id == INSPECT_NO_SYMBOLS)
        ia->ro.no_symbols = 1;
    else if (id == INSPECT_JOBS) {
        char *end = NULL;
        errno = 0;
        long n = strtol(value, &end, 10);
        if (errno || end == value || *end || n < 0 || n > 1024) {
            fprintf(stderr, "xverify inspect: --jobs: expected a number 0..1024 (0: one per CPU), got '%s'\n",
                    value);
            return 2;
        }
        ia->jobs = (int)n;
    }
    return 0;
}

/* The stderr line for a file that could not be read whole, or NULL. */
static char *read_error(const char *path, xv_status st, const xv_image *img)
{
    const char *why = st == XV_ENOMEM || !img ? "out of memory"
                      : xv_image_error(img) ? xv_image_error(img) : xv_status_str(st);
    size_t n = strlen(path) + strlen(why) + 16;
    char *m = malloc(n);
    if (m)
        snprintf(m, n, "xverify: %s: %s\n", path, why);
    return m;
}

/* ---- the parallel path ---- */

typedef struct inspect_slot {
    char *out;            /* what goes to stdout (JSON with its newline), or NULL */
    size_t len;
    xv_image *img;        /* JSON that did not fit in memory: streamed in turn */
    char *err;            /* the stderr line, or NULL */
    int bad;
    int done;
} inspect_slot;

/* Files are claimed in input order. A worker whose file is due next (all
 * before it printed) and finds nobody printing streams it straight to
 * stdout, as --jobs 1 does; any other file is rendered into a buffer. The
 * worker that prints goes on with every finished file after its own: no
 * thread wakes up just to print. A worker waits before claiming a file while the rendered text not
 * yet printed is over INSPECT_MAX_PENDING bytes or INSPECT_AHEAD files per
 * job, so memory stays bounded whatever the order of completion. */
#define INSPECT_MAX_PENDING ((size_t)64 << 20)
#define INSPECT_AHEAD 16

typedef struct inspect_pool {
    pthread_mutex_t mu;
    pthread_cond_t room;       /* the printer moved on */
    size_t next;               /* the next file to claim */
    size_t printed;            /* files printed so far */
    int printing;              /* a worker is printing */
    size_t pending;            /* bytes rendered and not yet printed */
    size_t window;             /* files claimed ahead of the printer, at most */
    size_t nfiles;
    char **files;
    inspect_slot *slots;
    xv_read_opts ro;
    int json, quiet, bad;
} inspect_pool;

/* Reads file i into its slot: the error line, and the image when there is
 * something to print. */
static void inspect_read(inspect_pool *p, size_t i)
{
    inspect_slot *s = &p->slots[i];
    xv_image *img = NULL;
    xv_status st = xv_image_read_file(p->files[i], &p->ro, &img);
    if (st != XV_OK) {
        s->err = read_error(p->files[i], st, img);
        s->bad = 1;
    }
    if (st == XV_ENOMEM || !img || p->quiet || (!p->json && xv_image_count(img) == 0)) {
        xv_image_free(img);
        return;
    }
    s->img = img;
}

/* Renders slot i's image into its buffer and frees the image; a JSON text
 * over the in-memory cap keeps its image, for the printer to stream. */
static void inspect_render(inspect_pool *p, size_t i)
{
    inspect_slot *s = &p->slots[i];
    if (!s->img)
        return;
    if (p->json) {
        char *j = xv_image_to_json(s->img);
        size_t n = j ? strlen(j) : 0;
        char *o = j ? realloc(j, n + 2) : NULL;
        if (!o) {
            free(j);
            return;
        }
        o[n] = '\n';
        o[n + 1] = '\0';
        s->out = o;
        s->len = n + 1;
    } else {
        s->out = xv_image_to_text(s->img);
        s->len = s->out ? strlen(s->out) : 0;
    }
    xv_image_free(s->img);
    s->img = NULL;
}

/* Prints slot i (called without the lock, by the one printing worker): its
 * rendered text, or its image streamed straight to stdout. */
static int inspect_print(inspect_pool *p, size_t i)
{
    inspect_slot *s = &p->slots[i];
    int bad = s->bad;
    if (s->err)
        fputs(s->err, stderr);
    else if (s->bad)
        fprintf(stderr, "xverify: %s: out of memory\n", p->files[i]);
    int werr = 0;
    if (s->img && p->json) {
        werr = xv_image_write_json(s->img, stdout) != XV_OK || fputc('\n', stdout) == EOF;
    } else if (s->img) {
        char *t = xv_image_to_text(s->img);
        if (t)
            fputs(t, stdout);
        free(t);
    } else if (s->out) {
        werr = fwrite(s->out, 1, s->len, stdout) != s->len;
    }
    if (werr && p->json) {
        fprintf(stderr, "xverify: %s: cannot write the JSON to standard output\n", p->files[i]);
        bad = 1;
    }
    fflush(stdout);
    xv_image_free(s->img);
    free(s->out);
    free(s->err);
    s->out = s->err = NULL;
    s->img = NULL;
    return bad;
}

static void *inspect_worker(void *arg)
{
    inspect_pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        /* the file due next is always claimed: the printer needs it */
        while (p->next < p->nfiles && p->next > p->printed &&
               (p->next >= p->printed + p->window || p->pending > INSPECT_MAX_PENDING))
            pthread_cond_wait(&p->room, &p->mu);
        if (p->next >= p->nfiles)
            break;
        size_t i = p->next++;
        pthread_mutex_unlock(&p->mu);
        inspect_read(p, i);
        pthread_mutex_lock(&p->mu);
        if (p->printing || p->printed != i) {
            /* not its turn: render it into its buffer for later */
            pthread_mutex_unlock(&p->mu);
            inspect_render(p, i);
            pthread_mutex_lock(&p->mu);
            p->slots[i].done = 1;
            p->pending += p->slots[i].len;
            if (p->printing)
                continue;
        } else {
            /* its turn and nobody printing: streamed below, never buffered */
            p->slots[i].done = 1;
        }
        /* print what is due, as long as it is finished */
        p->printing = 1;
        while (p->printed < p->nfiles && p->slots[p->printed].done) {
            size_t k = p->printed;
            size_t len = p->slots[k].len;
            pthread_mutex_unlock(&p->mu);
            int bad = inspect_print(p, k);
            pthread_mutex_lock(&p->mu);
            p->bad |= bad;
            p->pending -= len;
            p->printed = k + 1;
            pthread_cond_broadcast(&p->room);
        }
        p->printing = 0;
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Returns 1 when some file was bad, 0 when all were read, -1 when no
 * thread could be started (the caller reads the files itself). */
static int inspect_parallel(char **files, size_t nfiles, const xv_read_opts *ro, int json,
                            int quiet, int jobs)
{
    inspect_pool p;
    memset(&p, 0, sizeof p);
    p.slots = calloc(nfiles, sizeof *p.slots);
    pthread_t *tid = calloc((size_t)jobs, sizeof *tid);
    if (!p.slots || !tid) {
        free(p.slots);
        free(tid);
        return -1;
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.room, NULL);
    p.files = files;
    p.nfiles = nfiles;
    p.window = (size_t)jobs * INSPECT_AHEAD;
    p.ro = *ro;
    p.json = json;
    p.quiet = quiet;
#ifdef __GLIBC__
    /* The rendered buffers are megabytes each and freed by another thread:
     * past glibc's default thresholds each one is a fresh mmap, faulted in
     * page by page and unmapped again (measured: twice the page faults of
     * --jobs 1). Keep them in the heap, where the next file reuses them. */
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
    int started = 0;
    for (int t = 0; t < jobs; t++) {
        if (pthread_create(&tid[started], NULL, inspect_worker, &p) != 0)
            break;
        started++;
    }
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    int bad = started == 0 ? -1 : p.bad;
    pthread_cond_destroy(&p.room);
    pthread_mutex_destroy(&p.mu);
    free(p.slots);
    free(tid);
    return bad;
}

int xv_cmd_inspect(int argc, char **argv)
{
    inspect_args ia;
    memset(&ia, 0, sizeof ia);
    ia.common.color = -1;
    int nfiles = 0, bad = 0;
    int rc = xv_cli_parse("xverify inspect", inspect_opts, argc, argv, inspect_option, &ia, &nfiles);
    if (rc != 0)
        return rc;
    if (ia.common.help) {
        inspect_usage(stdout);
        return 0;
    }
    int json = ia.json, quiet = ia.common.verbosity < 0;
    xv_read_opts ro = ia.ro;
    argv++; /* the files are argv[0 .. nfiles-1] */
    if (nfiles == 0) {
        fprintf(stderr, "xverify inspect: no FILE given\n");
        inspect_usage(stderr);
        return 2;
    }
    int jobs = ia.jobs;
    if (jobs == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = c > 0 ? (c > 1024 ? 1024 : (int)c) : 1;
    }
    if (jobs > nfiles)
        jobs = nfiles;
    if (jobs > 1) {
        int r = inspect_parallel(argv, (size_t)nfiles, &ro, json, quiet, jobs);
        if (r >= 0)
            return r ? 1 : 0;
    }
    /* One at a time: the JSON is streamed as it is written. */
    for (int i = 0; i < nfiles; i++) {
        xv_image *img = NULL;
        xv_status st = xv_image_read_file(argv[i], &ro, &img);
        if (st == XV_ENOMEM || !img) {
            fprintf(stderr, "xverify: %s: out of memory\n", argv[i]);
            bad = 1;
            continue;
        }
        if (st != XV_OK) {
            fprintf(stderr, "xverify: %s: %s\n", argv[i],
                    xv_image_error(img) ? xv_image_error(img) : xv_status_str(st));
            bad = 1;
        }
        if (quiet) {
            /* -q: only the errors above */
        } else if (json) {
            /* streamed: the JSON of a large library is never held whole */
            if (xv_image_write_json(img, stdout) != XV_OK || fputc('\n', stdout) == EOF) {
                fprintf(stderr, "xverify: %s: cannot write the JSON to standard output\n", argv[i]);
                bad = 1;
            }
        } else if (xv_image_count(img) > 0) {
            char *s = xv_image_to_text(img);
            if (s) {
                fputs(s, stdout);
                free(s);
            }
        }
        xv_image_free(img);
        fflush(stdout);
    }
    return bad ? 1 : 0;
}
