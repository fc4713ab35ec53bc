/* Private to src/dist: the walked release and the helpers its files share. */
#ifndef XV_DIST_INTERNAL_H
#define XV_DIST_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "xverify/dist.h"
#include "xverify/result.h"
#include "common/arena.h"

#define XV_DIST_MAX_PACKAGES (1u << 20)
#define XV_DIST_MAX_ARTIFACTS (1u << 23)
#define XV_DIST_MAX_FINDINGS 100000u
/* Findings listed for one top-level input; the rest are counted and the count
 * is itself a finding, so one hostile archive cannot crowd out the next. */
#define XV_DIST_MAX_INPUT_FINDINGS 10000u
/* Room kept beyond XV_DIST_MAX_FINDINGS for those counts. */
#define XV_DIST_FINDINGS_RESERVE 65536u
#define XV_DIST_MAX_LINKS 65536u  /* symlinks of one archive resolved as chains */
#define XV_DIST_MAX_SUMFILES 1024u
#define XV_DIST_MAX_SUMTEXT ((size_t)4 << 20)
#define XV_DIST_MAX_DIRDEPTH 64
#define XV_DIST_MAX_ENTRIES (1u << 20)   /* entries of one folder listing / name set */

/* Where a package's bytes come from, for extraction. */
typedef struct xv_pkg_src {
    const char *fspath;   /* on disk (top-level archive, file, folder), else NULL */
    size_t parent;        /* for a nested archive: the package holding it */
    const char *entry;    /* ...and its entry name as stored there */
    int depth;            /* nested_depth of its members */
    const char *payload;  /* a .deb: the data.tar.* entry its members come from */
} xv_pkg_src;

/* One step of the walk: one top-level package (or a note about an input). */
typedef enum xv_task_kind {
    XV_TASK_TOP_FILE = 0, /* an archive, loose file or list at the top */
    XV_TASK_DIR_PKG,      /* a folder package */
    XV_TASK_SPECIAL,      /* a link or special file at the top of an input folder */
    XV_TASK_STAT_FAIL,    /* lstat failed: a finding */
    XV_TASK_SKIP,         /* the input folder itself met again: nothing to read */
    XV_TASK_NOTE,         /* an input folder that cannot be listed: a finding */
    XV_TASK_BAD_INPUT     /* an input that is neither a file nor a folder */
} xv_task_kind;

typedef struct xv_walk_task {
    xv_task_kind kind;
    const char *path;     /* in the dist's arena */
    const char *name;     /* XV_TASK_SPECIAL: its name in the folder */
    const char *folder;   /* XV_TASK_SPECIAL: the input folder holding it */
    struct stat st;
    int follow;           /* the path was typed by the user */
    int err;              /* XV_TASK_STAT_FAIL: errno */
    const char *msg;      /* XV_TASK_NOTE */
    int progress;         /* one unit of the progress display */
    int barrier;          /* a checksum list: later packages wait for it, since
                             it decides which digests they get */
} xv_walk_task;

typedef struct xv_walk_tasks {
    xv_walk_task *v;
    size_t n, cap;
} xv_walk_tasks;

typedef struct xv_art_tmp {
    xv_artifact a;
    size_t seq;
} xv_art_tmp;

struct xv_dist {
    xv_arena arena;
    xv_dist_opts opts;
    xv_package *pkgs;
    xv_pkg_src *srcs;      /* parallel to pkgs (malloc'd) */
    size_t npkgs, pkgcap;
    xv_art_tmp *tmp;       /* artifacts while walking, sorted by package at the end */
    size_t ntmp, tmpcap;
    xv_artifact *arts;     /* final, grouped by package */
    size_t narts;
    xv_dist_finding *finds;
    size_t nfinds, findcap;
    int finds_capped;      /* the release-wide findings cap (or memory) dropped one */
    /* the top-level input being walked: its findings and those dropped */
    size_t root_finds, root_dropped;
    const char *root_path;
    size_t lost;           /* dropped with no room left even for the count */
    /* release-wide counters against opts (all nesting levels) */
    uint64_t total_expanded;
    uint64_t entries;
    /* set once a release-wide limit stopped the walk: what stopped it */
    const char *halted;
    xv_checksum_file *sums;
    size_t nsums, sumcap;
    int want_sha512;       /* a checksum list read so far has a SHA-512 line */
    xv_dist_progress prog; /* for opts.progress */
    uint64_t prog_cur;     /* size of the top-level entry being read */
    xv_image **imgs;
    size_t nimgs, imgcap;
    const char *error;
    struct xv_meta_state *meta; /* release metadata read while walking (meta.c) */
    xv_release_info release;
    /* Reading on threads (pool.c): set in a sub-walk run by a worker, for
     * progress and the bytes-in-flight cap; NULL otherwise. */
    struct xv_dist_pool *pool;
    int start_sha512;      /* a sub-walk: want_sha512 when it began */
    /* After a walk on threads: the most member bytes held at once, and the
     * most held by one thread (for the tests of the cap). */
    uint64_t inflight_peak, inflight_biggest;
    /* The arenas of merged sub-walks (their strings are the dist's now). */
    xv_arena *adopted;
    size_t nadopted, adoptcap;
};

/* Walks one archive held in memory as if it were an input named `name`
 * (fuzzing, tests). Its package cannot be extracted. */
xv_status xv_dist_open_buffer(const void *data, size_t len, const char *name,
                              const xv_dist_opts *opts, xv_dist **out);

/* Runs one task of the walk on d (walk.c). */
void xv_dist_run_task(xv_dist *d, const xv_walk_task *t);
/* A fresh dist with these options and no progress callback: a sub-walk. */
xv_dist *xv_dist_sub_new(const xv_dist_opts *opts);
/* Runs the tasks on `jobs` threads, each into a sub-walk, and merges the
 * sub-walks into d in task order (pool.c). A sub-walk whose result could
 * depend on what came before it (a release-wide limit, cap or digest choice
 * in play) is thrown away and its task run again on d, so d ends exactly as
 * if the tasks had run one after another on it. */
void xv_dist_pool_run(xv_dist *d, const xv_walk_task *tasks, size_t n, int jobs);
/* Progress of a sub-walk: `bytes` of its package read so far, or the whole
 * package done (done = 1). */
void xv_dist_pool_note(xv_dist *d, uint64_t bytes, int done);
/* The bytes-in-flight cap around a member buffer of n bytes: hold before
 * allocating (may wait for room), grow by more bytes (never waits), release
 * after freeing. No-ops outside a pool. */
void xv_dist_hold(xv_dist *d, uint64_t n);
void xv_dist_hold_more(xv_dist *d, uint64_t n);
void xv_dist_unhold(xv_dist *d, uint64_t n);

/* Progress inside the top-level archive being read: `pos` of its bytes
 * consumed. Calls opts.progress; does nothing without one. */
void xv_dist_progress_note(xv_dist *d, uint64_t pos);

/* Growth of a malloc'd array: ensures room for one more element. 0 on
 * success, -1 when out of memory or at `limit`. */
int xv_dist_grow(void **arr, size_t *cap, size_t n, size_t elsize, size_t limit);
/* Room for `need` elements in *arr (capacity doubled from 16); 0 or -1
 * (overflow, out of memory: *arr and *cap unchanged). */
int xv_dist_reserve(void **arr, size_t *cap, size_t need, size_t elsize);

/* Records a walker finding (strings copied). */
void xv_dist_add_finding(xv_dist *d, xv_verdict sev, const char *subject, const char *package,
                         const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Records that something was not inspected: an XV_ERROR finding naming the
 * limit (or reason) that stopped the reading. */
void xv_dist_add_uncovered(xv_dist *d, const char *subject, const char *package,
                           const char *limit, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Counts n more entries against the release-wide entry limit; 0 when over
 * (the walk is halted and a finding names the subject). */
int xv_dist_count_entry(xv_dist *d, const char *subject, const char *package);
/* The caller asked the walk to stop (a signal): nothing more is read. */
static inline int xv_dist_cancelled(const xv_dist *d)
{
    return d->opts.cancelled && d->opts.cancelled();
}
/* Counts n more expanded bytes against the release-wide total; 0 when over
 * (the walk is halted and a finding names the subject). */
int xv_dist_count_bytes(xv_dist *d, uint64_t n, const char *subject, const char *package);
/* Adds a package; returns its index or (size_t)-1 (finding recorded). */
size_t xv_dist_add_package(xv_dist *d, const char *path, xv_pkg_kind kind,
                           const xv_pkg_src *src);
/* Adds an artifact of package pkg; strings copied. NULL when capped. */
xv_artifact *xv_dist_add_artifact(xv_dist *d, size_t pkg, const char *member,
                                  const char *logical, xv_entry_type type, int depth);
/* Reads bytes that claim a binary format into an image kept by d. */
const xv_image *xv_dist_read_image(xv_dist *d, const void *data, size_t size,
                                   const char *logical);
/* Platform of an artifact: package platform, then folders of the member
 * path, then the file name. */
void xv_dist_art_platform(const xv_dist *d, xv_artifact *a);

/* Name tests. */
int xv_dist_is_archive_name(const char *name);
int xv_dist_is_checksum_name(const char *name);
const char *xv_dist_basename(const char *path);

/* Reads one archive held in memory (archive.c). pkg is its package, `depth`
 * the nested_depth of its members. Findings for unsafe entries, caps and
 * corruption go to d; nested archives become packages of their own. */
void xv_dist_read_archive(xv_dist *d, size_t pkg, const void *data, size_t len, int depth);

/* System packages (syspkg.c). */
int xv_syspkg_is_deb(const char *name);
int xv_syspkg_is_rpm(const char *name);
/* Is the member a loader configuration file (etc/ld.so.conf.d/NAME.conf)? */
int xv_syspkg_is_ldconf(const char *member);
/* Reads a .deb control file's text: Package, Version, Architecture, Depends
 * and Pre-Depends into package pkg's declared metadata and platform. */
void xv_syspkg_control(xv_dist *d, size_t pkg, const char *text, size_t len);
/* The same from the bytes of a control.tar.* (finds ./control). */
void xv_syspkg_control_tar(xv_dist *d, size_t pkg, const void *data, size_t len);
/* Reads an .rpm's lead and header: name, version-release, arch, Requires. */
void xv_syspkg_rpm_header(xv_dist *d, size_t pkg, const void *data, size_t len);
/* Adds the folders an ld.so.conf file lists to package pkg's ld_dirs. */
void xv_syspkg_ldconf(xv_dist *d, size_t pkg, const char *text, size_t len);

/* Lexical containment: does `target` (a link target, relative to the folder
 * of `member`, or to the package root when from_root) stay inside the
 * package? Absolute targets never do. */
int xv_dist_link_inside(const char *member, const char *target, int from_root);

/* Hex of n bytes into out (2n+1). */
void xv_dist_hex(const unsigned char *p, size_t n, char *out);

/* Digests of a buffer (one pass). 0 on success. */
int xv_dist_digest(const void *data, size_t len, unsigned char sha256[32],
                   unsigned char sha512[64]);
/* Digests of a file on disk, streamed. 0 on success. */
int xv_dist_digest_file(const char *path, unsigned char sha256[32], unsigned char sha512[64]);

/* Bytes of a package for extraction: a malloc'd or mapped copy. *unmap tells
 * how to release it (xv_dist_bytes_free). */
int xv_dist_package_bytes(const xv_dist *d, size_t pkg, void **data, size_t *len, int *mapped);
void xv_dist_bytes_free(void *data, size_t len, int mapped);

#endif
