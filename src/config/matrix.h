/* Private: the release matrix (JSON with comments) as typed structs, the
 * system library lists (matrices/system-libs/<family>.json) and the glob
 * matcher the checks share. Parsed with cJSON_ParseWithLength, copied into
 * these structs, the tree deleted. Every field is optional: a zeroed field
 * states nothing. All strings are owned by the matrix (or list) and live until
 * xv_matrix_free() (xv_syslist_free()). */
#ifndef XV_CONFIG_MATRIX_H
#define XV_CONFIG_MATRIX_H

#include <stddef.h>
#include <stdint.h>
#include "xverify/xverify.h"
#include "smoke/smoke.h"

/* Severity override of a check: OFF turns its results into skips
 * ("disabled by matrix severity"); WARN/FAIL set the verdict of every non-pass
 * result of that check to that level. */
typedef enum xv_mx_level {
    XV_MX_DEFAULT = 0,
    XV_MX_OFF,
    XV_MX_WARN,
    XV_MX_FAIL
} xv_mx_level;

typedef struct xv_mx_platform {
    const char *id;            /* the key ("linux_amd64") */
    xv_platform plat;          /* xv_platform_parse(id); os UNKNOWN if not recognised */
    const char *package;       /* glob on the package name, or NULL */
    xv_libc libc;              /* GLIBC / MUSL when stated, else UNKNOWN */
    const char *glibc, *glibcxx, *cxxabi; /* floors ("2.34"), or NULL */
    const char *macos_min;     /* "11.0" or NULL */
    const char *windows_min;   /* "6.2" or NULL */
    const char *const *slices; /* universal Mach-O: required arch names */
    size_t nslices;
    const char *const *allowed_libs; /* extra system libs (globs) */
    size_t nallowed_libs;
    const char *const *manifest;     /* member globs the package must contain */
    size_t nmanifest;
    const char *const *distros;      /* promised releases ("ubuntu:20.04"); NULL = the
                                        matrix's top-level list */
    size_t ndistros;
} xv_mx_platform;

typedef struct xv_mx_file_rule {
    const char *match;         /* glob on the member / logical path */
    const char *const *required; /* export globs that must match >= 1 export */
    size_t nrequired;
    const char *const *forbidden; /* export globs no export may match */
    size_t nforbidden;
    int has_min, has_max;
    uint64_t size_min, size_max;  /* bytes */
} xv_mx_file_rule;

typedef struct xv_mx_severity {
    const char *check;         /* check id, or an id prefix ("size" = size.*) */
    xv_mx_level level;
} xv_mx_severity;

typedef struct xv_mx_waiver {
    const char *check;         /* check id or prefix */
    const char *match;         /* glob on subject / member */
    const char *reason;
    const char *expires;       /* "YYYY-MM-DD" or NULL (never) */
} xv_mx_waiver;

/* "limits": release-wide walk limits (see xv_dist_opts); has_* says which
 * were given. */
typedef struct xv_mx_limits {
    uint64_t total, member, entries, ratio_min;
    double ratio;
    double depth;
    int has_total, has_member, has_entries, has_ratio_min, has_ratio, has_depth;
} xv_mx_limits;

struct xv_matrix {
    const char *path;          /* file it was read from ("<memory>" for text) */
    const char *name;
    xv_mx_platform *platforms;
    size_t nplatforms;
    xv_mx_file_rule *files;
    size_t nfiles;
    double consistency_ratio;  /* size.consistency_ratio; 0 = default (4) */
    const char *baseline_path; /* resolved against the matrix file's folder */
    int has_growth_percent, has_growth_bytes;
    double max_growth_percent;
    uint64_t max_growth_bytes;
    xv_mx_severity *severities;
    size_t nseverities;
    xv_mx_waiver *waivers;
    size_t nwaivers;
    xv_smoke_config *smoke;    /* parsed by xv_smoke_config_parse, or NULL */
    xv_mx_limits limits;       /* "limits" */
    const char *const *distros; /* top-level promises ("debian:11"), catalogue ids */
    size_t ndistros;
    const char *const *require; /* check ids (or prefixes) that must have run and
                                   passed on every platform with a runner */
    size_t nrequire;
    int waiver_warn_days;      /* a waiver expiring within this many days warns;
                                  -1 = not set (the run's default, 14) */
    void *priv;                /* allocation bookkeeping */
};

/* Reads and parses a matrix file. On error returns -1 with a message naming
 * the file and the key's JSON path in err ("m.json: platforms.linux_arm64.glibc:
 * expected a string like \"2.31\""). */
int xv_matrix_load(const char *path, struct xv_matrix **out, char *err, size_t errlen);
/* Same from text; `name` is used in messages and as the base for relative
 * paths (its folder). */
int xv_matrix_parse(const char *text, size_t len, const char *name,
                    struct xv_matrix **out, char *err, size_t errlen);
void xv_matrix_free(struct xv_matrix *m); /* accepts NULL */

/* The parsed "smoke" section, or NULL when absent (or m is NULL). */
const xv_smoke_config *xv_matrix_smoke(const struct xv_matrix *m);
/* The promised distros of a platform (its own list, else the top-level
 * one); 0 when none. */
size_t xv_matrix_distros(const struct xv_matrix *m, const xv_mx_platform *mp,
                         const char *const **out);
/* The matrix platform with that id, or NULL (also when m is NULL). */
const xv_mx_platform *xv_matrix_platform(const struct xv_matrix *m, const char *id);
/* Severity level configured for a check id (exact id, else the longest
 * matching "prefix" / "prefix.*" key), XV_MX_DEFAULT when none. */
xv_mx_level xv_matrix_level(const struct xv_matrix *m, const char *check);
/* True when key names a registered check: "*", a check id, or a dotted
 * prefix of one ("size", "size.*"). */
int xv_check_key_known(const char *key);
/* True when a check id is matched by a key of severities/waivers: the key
 * equals the id, or the key is a dotted prefix of it ("size" ~ "size.budget"). */
int xv_check_id_match(const char *key, const char *id);

/* Glob match used by every rule: '*' and '?' do not cross '/', "**" matches
 * any run of characters including '/', and "**" + "/" also matches zero
 * folders; [...] classes as fnmatch. A pattern without '/' is matched against
 * the last path component only. 1 on match. */
int xv_glob_match(const char *pattern, const char *path);
/* The same, telling a pattern too costly to decide (a "**" inside a segment
 * on a hostile path): 1 match, 0 no match, -1 out of budget. Callers report
 * -1 as an error naming the pattern, never as a miss. "*" and whole-segment
 * "**" are matched by the two-pointer algorithm (per segment, then over
 * segments) and never run out on paths of ordinary length. */
int xv_glob_match_budget(const char *pattern, const char *path);
/* Plain symbol glob (fnmatch without FNM_PATHNAME). */
int xv_sym_match(const char *pattern, const char *name);
/* xv_size_parse: include/xverify/common.h */

/* A system library list: globs on library names (and paths for macOS). */
typedef struct xv_syslist {
    const char *family;        /* "glibc-linux", "musl-linux", "macos", "windows" */
    const char *const *patterns;
    size_t npatterns;
    void *priv;
} xv_syslist;

/* Loads <data_dir>/system-libs/<family>.json: {"family":..., "libraries":[globs]}.
 * Returns 0 or -1 with err set. */
int xv_syslist_load(const char *data_dir, const char *family, xv_syslist **out,
                    char *err, size_t errlen);
void xv_syslist_free(xv_syslist *l);
/* True when `name` (a soname, DLL name, or install path) is on the list.
 * Windows DLL names compare case-insensitively. */
int xv_syslist_has(const xv_syslist *l, const char *name);

#endif
