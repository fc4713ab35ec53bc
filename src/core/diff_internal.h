/* Private to src/core/diff*.c: one member of a release as the comparison
 * sees it, read either from a walked release (an xv_image) or from a JSON
 * report of an earlier run (xv_binary structs built from it). */
#ifndef XV_CORE_DIFF_INTERNAL_H
#define XV_CORE_DIFF_INTERNAL_H

#include "xverify/diff.h"

typedef struct xv_diff_side {
    size_t index;            /* artifact index in its release */
    char key[4096];          /* pairing key (xv_diff_member_key) */
    char group[256];         /* platform id, else the package name with versions as "*" */
    const char *shown;       /* path inside the top-level package (owned by the release) */
    const char *path;        /* logical path */
    uint64_t size;
    xv_format fmt;           /* XV_FMT_NONE: not a binary */
    const char *err;         /* why the binary could not be read entirely, else NULL */
    const xv_image *img;     /* a walked release: its facts */
    const xv_binary *jb;     /* a JSON report: its facts */
    size_t njb;
} xv_diff_side;

/* Fills key, group and shown from the names of a member: its platform id
 * ("" when none), its package's path, its logical path and its member path. */
void xv_diff_key_parts(const char *platform_id, const char *pkg_path, const char *art_path,
                       const char *member, xv_diff_side *s);

/* Compares two lists of members (any order; sorted here). */
xv_status xv_diff_sides(xv_diff_side **so, size_t no, xv_diff_side **sn, size_t nn,
                        const xv_diff_opts *opts, xv_diff **out);

/* Adds an "unreadable" change for each package of d that could not be read
 * whole (truncated or corrupt archive), on the old or new side. */
void xv_diff_note_package_errors(xv_diff *df, const xv_dist *d, int is_new);

/* Reads an xverify JSON report (docs/report-json.md) into members. The
 * returned handle owns every string and binary the sides point at; free it
 * with xv_diff_report_free after the comparison. XV_EFORMAT with a message
 * in err when the file is not a readable report. */
typedef struct xv_diff_report xv_diff_report;
xv_status xv_diff_report_read(const char *path, xv_diff_report **out, xv_diff_side ***sides,
                              size_t *nsides, char *err, size_t errlen);
/* The same from memory (text need not be NUL-terminated). */
xv_status xv_diff_report_parse(const char *text, size_t len, xv_diff_report **out,
                               xv_diff_side ***sides, size_t *nsides, char *err, size_t errlen);
void xv_diff_report_free(xv_diff_report *r, xv_diff_side **sides, size_t nsides);
/* Whether the file at path looks like a JSON document (first byte '{'). */
int xv_diff_is_json_file(const char *path);

#endif
